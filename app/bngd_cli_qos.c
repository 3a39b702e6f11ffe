/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * "show qos profiles" (the profiles, who gets them, how many subscribers
 * each has now) and "show qos subscriber A [vrf N]" (one subscriber's
 * profile and its packets and bytes by colour, both directions, summed
 * over the workers' counters: lock-free aligned 64-bit loads).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "bngd_cli_qos.h"
#include "bngd_qos.h"

static const char *const colours[3] = { "green", "yellow", "red" };
static const char *const dirs[SCREEN_QOS_DIRS] = { "up", "down" };

static json_t *
dscp_json(int16_t v)
{
	return v == SCREEN_QOS_DSCP_KEEP ? json_null() : json_integer(v);
}

/* One direction's settings, as configured. */
static json_t *
dir_json(const struct screen_qos_dir_cfg *c)
{
	json_t *o = json_pack("{s:b}", "metered", c->cir_kbps != 0);

	if (c->cir_kbps != 0) {
		json_object_set_new(o, "cir_kbps", json_integer((json_int_t)c->cir_kbps));
		json_object_set_new(o, "cbs_bytes", json_integer(c->cbs_bytes));
		json_object_set_new(o, "pir_kbps", json_integer((json_int_t)c->pir_kbps));
		json_object_set_new(o, "pbs_bytes", json_integer(c->pbs_bytes));
	}
	json_object_set_new(o, "dscp", dscp_json(c->dscp));
	json_object_set_new(o, "yellow_dscp", dscp_json(c->yellow_dscp != SCREEN_QOS_DSCP_KEEP ?
							 c->yellow_dscp : c->dscp));
	return o;
}

static const char *
profile_name(const struct bngd *app, uint16_t p)
{
	return p < app->qos->n_profiles ? app->qos->cfg[p].name : NULL;
}

static int
show_profiles(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct bngd_qos_cfg *qc = &app->cfg->qos;
	uint32_t *subs;
	json_t *a, *o;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	if (app->qos == NULL) {
		cli_error(req, "QoS is off (no qos section in the configuration)");
		return -1;
	}
	subs = calloc(app->qos->n_profiles, sizeof(*subs));
	if (subs == NULL) {
		cli_error(req, "out of memory");
		return -1;
	}
	for (uint32_t nh = 0; nh < app->qos->max_nh; nh++) {
		uint16_t p = screen_qos_bound(app->qos, nh);

		if (p < app->qos->n_profiles)
			subs[p]++;
	}
	a = json_array();
	for (uint16_t i = 0; i < app->qos->n_profiles; i++) {
		const struct screen_qos_profile_cfg *c = &app->qos->cfg[i];
		json_t *ports = json_array();

		for (uint32_t p = 0; p < app->cfg->n_ports; p++)
			if (qc->port_profile[p] == i)
				json_array_append_new(ports, json_string(app->cfg->ports[p].name));
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:b, s:o, s:i}", "name", c->name,
						   "up", dir_json(&c->dir[SCREEN_QOS_UP]),
						   "down", dir_json(&c->dir[SCREEN_QOS_DOWN]),
						   "default", qc->default_profile == i, "ports", ports,
						   "subscribers", (int)subs[i]));
	}
	free(subs);
	o = json_pack("{s:o, s:I}", "profiles", a, "unknown_filter_ids",
		      (json_int_t)bngd_qos_unknown_filter_ids(app));
	json_object_set_new(o, "default_profile",
			    qc->default_profile != SCREEN_QOS_NONE ?
			    json_string(profile_name(app, qc->default_profile)) : json_null());
	*out = o;
	return 0;
}

static void
rate_text(FILE *out, const char *dir, const json_t *d)
{
	const json_t *g = json_object_get(d, "dscp"), *y = json_object_get(d, "yellow_dscp");

	fprintf(out, "  %-4s ", dir);
	if (json_is_true(json_object_get(d, "metered")))
		fprintf(out, "cir %" JSON_INTEGER_FORMAT " kbit/s burst %" JSON_INTEGER_FORMAT
			" B, pir %" JSON_INTEGER_FORMAT " kbit/s burst %" JSON_INTEGER_FORMAT " B",
			json_integer_value(json_object_get(d, "cir_kbps")),
			json_integer_value(json_object_get(d, "cbs_bytes")),
			json_integer_value(json_object_get(d, "pir_kbps")),
			json_integer_value(json_object_get(d, "pbs_bytes")));
	else
		fprintf(out, "not metered");
	if (json_is_integer(g))
		fprintf(out, ", dscp %" JSON_INTEGER_FORMAT, json_integer_value(g));
	if (json_is_integer(y) && !json_equal(g, y))
		fprintf(out, ", yellow dscp %" JSON_INTEGER_FORMAT, json_integer_value(y));
	fprintf(out, "\n");
}

static void
show_profiles_text(const json_t *res, FILE *out)
{
	const json_t *d = json_object_get(res, "default_profile");
	size_t i, k;
	json_t *p, *v;

	fprintf(out, "default profile: %s; Filter-Ids naming no profile: %" JSON_INTEGER_FORMAT "\n",
		json_is_string(d) ? json_string_value(d) : "none (not policed)",
		json_integer_value(json_object_get(res, "unknown_filter_ids")));
	json_array_foreach(json_object_get(res, "profiles"), i, p) {
		fprintf(out, "profile %s: %" JSON_INTEGER_FORMAT " subscribers",
			json_string_value(json_object_get(p, "name")),
			json_integer_value(json_object_get(p, "subscribers")));
		if (json_is_true(json_object_get(p, "default")))
			fprintf(out, ", default");
		json_array_foreach(json_object_get(p, "ports"), k, v)
			fprintf(out, "%s%s", k ? ", " : ", ports ", json_string_value(v));
		fprintf(out, "\n");
		rate_text(out, "up", json_object_get(p, "up"));
		rate_text(out, "down", json_object_get(p, "down"));
	}
}

static int
show_subscriber(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const keys[] = { "vrf", NULL };
	const struct bngd *app = arg;
	const struct screen_qos_worker *w[BNGD_MAX_WORKERS];
	struct screen_qos_stats st;
	const struct fib_vrf *v;
	unsigned long vrf = 0;
	const char *val[1];
	json_t *o;
	uint32_t addr, nh;

	if (app->qos == NULL) {
		cli_error(req, "QoS is off (no qos section in the configuration)");
		return -1;
	}
	if (argc < 1 || inet_pton(AF_INET, argv[0], &addr) != 1) {
		cli_error(req, "usage: show qos subscriber A [vrf N] (A: an IPv4 address)");
		return -1;
	}
	if (cli_args(req, argc - 1, argv + 1, keys, val, NULL, NULL) != 0 ||
	    (val[0] != NULL && cli_uint(req, "vrf", val[0], FIB_MAX_VRF - 1, &vrf) != 0))
		return -1;
	v = &app->fib->vrf[vrf];
	if (v->lpm4 == NULL || rte_lpm_lookup(v->lpm4, rte_be_to_cpu_32(addr), &nh) != 0 ||
	    (!(app->fib->nh[nh].host & FIB_HOST_SUB) &&
	     screen_qos_bound(app->qos, nh) == SCREEN_QOS_NONE)) {
		cli_error(req, "no subscriber %s in vrf %lu", argv[0], vrf);
		return -1;
	}
	for (uint16_t i = 0; i < app->n_workers; i++)
		w[i] = app->workers[i]->qos;
	screen_qos_sub_stats(app->qos, w, app->n_workers, nh, &st);
	o = json_pack("{s:s, s:i, s:i}", "address", argv[0], "vrf", (int)vrf, "next_hop", (int)nh);
	json_object_set_new(o, "profile", st.profile != SCREEN_QOS_NONE ?
			    json_string(profile_name(app, st.profile)) : json_null());
	for (unsigned int d = 0; d < SCREEN_QOS_DIRS; d++) {
		json_t *dj = st.profile != SCREEN_QOS_NONE ?
			     dir_json(&app->qos->cfg[st.profile].dir[d]) : json_object();

		for (unsigned int c = 0; c < 3; c++)
			json_object_set_new(dj, colours[c],
					    json_pack("{s:I, s:I}", "packets", (json_int_t)st.pkts[d][c],
						      "bytes", (json_int_t)st.bytes[d][c]));
		json_object_set_new(o, dirs[d], dj);
	}
	*out = o;
	return 0;
}

static void
show_subscriber_text(const json_t *res, FILE *out)
{
	const json_t *p = json_object_get(res, "profile");

	fprintf(out, "subscriber %s (vrf %" JSON_INTEGER_FORMAT ", next hop %" JSON_INTEGER_FORMAT
		"): profile %s\n", json_string_value(json_object_get(res, "address")),
		json_integer_value(json_object_get(res, "vrf")),
		json_integer_value(json_object_get(res, "next_hop")),
		json_is_string(p) ? json_string_value(p) : "none (not policed)");
	for (unsigned int d = 0; d < SCREEN_QOS_DIRS; d++) {
		const json_t *dj = json_object_get(res, dirs[d]);

		if (json_is_string(p))
			rate_text(out, dirs[d], dj);
		for (unsigned int c = 0; c < 3; c++) {
			const json_t *cj = json_object_get(dj, colours[c]);

			fprintf(out, "    %-6s %14" JSON_INTEGER_FORMAT " packets %16" JSON_INTEGER_FORMAT
				" bytes%s\n", colours[c],
				json_integer_value(json_object_get(cj, "packets")),
				json_integer_value(json_object_get(cj, "bytes")),
				c == 2 ? " (dropped)" : "");
		}
	}
}

static const struct cli_cmd qos_cmds[] = {
	{ "show qos profiles", "", "QoS profiles: rates, bursts, DSCP marking, ports, subscribers",
	  show_profiles, show_profiles_text },
	{ "show qos subscriber", "A [vrf N]",
	  "a subscriber's QoS profile and its packets and bytes by colour, up and down",
	  show_subscriber, show_subscriber_text },
};

int
bngd_cli_qos_register(struct cli_registry *r, struct bngd *app)
{
	return cli_register(r, qos_cmds, RTE_DIM(qos_cmds), app);
}

void
bngd_qos_metrics(FILE *f, const json_t *res)
{
	size_t i;
	json_t *p;

	fprintf(f, "# HELP bng_qos_subscribers subscribers bound to a QoS profile, by profile\n"
		   "# TYPE bng_qos_subscribers gauge\n");
	json_array_foreach(json_object_get(res, "profiles"), i, p)
		fprintf(f, "bng_qos_subscribers{profile=\"%s\"} %" JSON_INTEGER_FORMAT "\n",
			json_string_value(json_object_get(p, "name")),
			json_integer_value(json_object_get(p, "subscribers")));
	fprintf(f, "# HELP bng_qos_unknown_filter_ids_total Filter-Ids that named no QoS profile\n"
		   "# TYPE bng_qos_unknown_filter_ids_total counter\n"
		   "bng_qos_unknown_filter_ids_total %" JSON_INTEGER_FORMAT "\n",
		json_integer_value(json_object_get(res, "unknown_filter_ids")));
}
