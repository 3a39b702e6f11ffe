/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * "show screen": every zone of the screens, its ports, the screens it
 * enables (stateless and rate-based), the rate screens' thresholds, and
 * what each dropped, summed over the workers' counters (read lock-free:
 * aligned 64-bit loads). The metrics (bng_screen_drops_total) are
 * rendered from the same reply. "show screen blocked": the sources the
 * workers hold blocked after a sweep or scan.
 */
#include <stdio.h>

#include <rte_common.h>

#include "bngd_cli_screen.h"
#include "bngd_mgmt.h"
#include "bngd_screen_rate.h"
#include "screen.h"
#include "screen_rate.h"

/* The rate screens of zone @p z: thresholds, drops into @p d (and @p total), blocks. */
static json_t *
zone_rate_json(const struct bngd *app, unsigned int z, json_t *d, uint64_t *total)
{
	const struct screen_rate_zone *rz = &app->cfg->screen_zones[z].rate;
	uint64_t drops[SCREEN_RATE_MAX + 1] = { 0 }, blocks = 0, lost = 0;
	json_t *lim = json_object(), *o;

	for (uint16_t w = 0; w < app->n_workers; w++) {
		const struct screen_rate_counters *c;

		if (app->workers[w]->rate == NULL)
			continue;
		c = screen_rate_counters(app->workers[w]->rate);
		for (unsigned int s = 0; s <= SCREEN_RATE_MAX; s++)
			drops[s] += c->drops[z][s];
		blocks += c->blocks[z];
		lost += c->events_lost[z];
	}
	for (unsigned int s = 0; s < SCREEN_RATE_MAX; s++) {
		if (!(rz->enabled & SCREEN_RATE_BIT(s)))
			continue;
		json_object_set_new(lim, screen_rate_name(s), json_integer(rz->limit[s]));
		json_object_set_new(d, screen_rate_name(s), json_integer((json_int_t)drops[s]));
		*total += drops[s];
	}
	o = json_pack("{s:o, s:I}", "thresholds", lim, "burst_ms", (json_int_t)rz->burst_ms);
	if (rz->enabled & SCREEN_RATE_BLOCKING) {
		json_object_set_new(o, "window_ms", json_integer(rz->window_ms));
		json_object_set_new(o, "block_s", json_integer(rz->block_s));
		json_object_set_new(o, "sources_blocked", json_integer((json_int_t)blocks));
		/* Sweeps and scans the log does not name: the workers' rings
		 * were full, or the log was over its rate. */
		json_object_set_new(o, "events_lost", json_integer((json_int_t)lost));
		json_object_set_new(o, "events_unlogged",
				    json_integer((json_int_t)bngd_screen_rate_unlogged(z)));
		if (rz->block_s) {
			json_object_set_new(d, screen_rate_name(SCREEN_RATE_BLOCKED),
					    json_integer((json_int_t)drops[SCREEN_RATE_BLOCKED]));
			*total += drops[SCREEN_RATE_BLOCKED];
		}
	}
	return o;
}

/* The thresholds of a zone's rate screens, under its drops. */
static void
rate_text(const json_t *r, FILE *out)
{
	const char *name;
	json_t *v;

	if (r == NULL)
		return;
	fprintf(out, "  thresholds:");
	json_object_foreach(json_object_get(r, "thresholds"), name, v) {
		int count = strcmp(name, "ip-sweep") == 0 || strcmp(name, "port-scan") == 0;

		fprintf(out, " %s %" JSON_INTEGER_FORMAT "%s", name, json_integer_value(v),
			count ? "," : "/s,");
	}
	fprintf(out, " burst %" JSON_INTEGER_FORMAT " ms",
		json_integer_value(json_object_get(r, "burst_ms")));
	if (json_object_get(r, "window_ms") != NULL)
		fprintf(out, ", window %" JSON_INTEGER_FORMAT " ms, block %" JSON_INTEGER_FORMAT
			" s; %" JSON_INTEGER_FORMAT " sources blocked so far",
			json_integer_value(json_object_get(r, "window_ms")),
			json_integer_value(json_object_get(r, "block_s")),
			json_integer_value(json_object_get(r, "sources_blocked")));
	if (json_integer_value(json_object_get(r, "events_lost")) +
	    json_integer_value(json_object_get(r, "events_unlogged")) > 0)
		fprintf(out, " (%" JSON_INTEGER_FORMAT " not named in the log: %" JSON_INTEGER_FORMAT
			" lost, %" JSON_INTEGER_FORMAT " over its rate)",
			json_integer_value(json_object_get(r, "events_lost")) +
				json_integer_value(json_object_get(r, "events_unlogged")),
			json_integer_value(json_object_get(r, "events_lost")),
			json_integer_value(json_object_get(r, "events_unlogged")));
	fprintf(out, "\n");
}

static json_t *
zone_json(const struct bngd *app, unsigned int z)
{
	const struct bngd_screen_zone *zc = &app->cfg->screen_zones[z];
	const struct screen_counters *c[BNGD_MAX_WORKERS];
	uint64_t drops[SCREEN_MAX], total = 0;
	json_t *ports = json_array(), *en = json_array(), *d = json_object(), *o, *rate;

	for (uint16_t w = 0; w < app->n_workers; w++)
		c[w] = &app->workers[w]->screen;
	screen_counters_sum(c, app->n_workers, z, drops);
	for (uint32_t p = 0; p < app->cfg->n_ports; p++)
		if (zc->ports & (1u << p))
			json_array_append_new(ports, json_string(app->cfg->ports[p].name));
	for (unsigned int s = 0; s < SCREEN_MAX; s++) {
		if (!(zc->enabled & SCREEN_BIT(s)))
			continue;
		json_array_append_new(en, json_string(screen_name(s)));
		json_object_set_new(d, screen_name(s), json_integer((json_int_t)drops[s]));
		total += drops[s];
	}
	for (unsigned int s = 0; s < SCREEN_RATE_MAX; s++)
		if (zc->rate.enabled & SCREEN_RATE_BIT(s))
			json_array_append_new(en, json_string(screen_rate_name(s)));
	rate = zc->rate.enabled ? zone_rate_json(app, z, d, &total) : NULL;
	o = json_pack("{s:s, s:o, s:o, s:o, s:I}", "zone", zc->name, "ports", ports, "enabled", en,
		      "drops", d, "total", (json_int_t)total);
	if (rate != NULL)
		json_object_set_new(o, "rate", rate);
	if (zc->tenant >= 0)
		json_object_set_new(o, "tenant", json_integer(zc->tenant));
	return o;
}

static int
show_screen(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	json_t *a;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	a = json_array();
	for (unsigned int z = 0; z < app->cfg->n_screen_zones; z++)
		json_array_append_new(a, zone_json(app, z));
	*out = a;
	return 0;
}

static void
show_screen_text(const json_t *res, FILE *out)
{
	size_t i, k;
	json_t *z, *p;

	if (json_array_size(res) == 0)
		fprintf(out, "no screens (the configuration has no screens section)\n");
	json_array_foreach(res, i, z) {
		const json_t *t = json_object_get(z, "tenant");
		const char *name;
		json_t *v;

		fprintf(out, "zone %s:", json_string_value(json_object_get(z, "zone")));
		if (t != NULL)
			fprintf(out, " tenant %" JSON_INTEGER_FORMAT ",", json_integer_value(t));
		fprintf(out, " ports");
		json_array_foreach(json_object_get(z, "ports"), k, p)
			fprintf(out, "%s%s", k ? ", " : " ", json_string_value(p));
		fprintf(out, "\n");
		if (json_object_size(json_object_get(z, "drops")) == 0)
			fprintf(out, "  no screen enabled\n");
		json_object_foreach(json_object_get(z, "drops"), name, v)
			fprintf(out, "  %-16s %14" JSON_INTEGER_FORMAT " dropped\n", name,
				json_integer_value(v));
		rate_text(json_object_get(z, "rate"), out);
	}
}

static int
blocked_cmp(const void *x, const void *y)
{
	const struct screen_rate_blocked *a = x, *b = y;

	if (a->zone != b->zone)
		return a->zone < b->zone ? -1 : 1;
	if (a->v6 != b->v6)
		return a->v6 < b->v6 ? -1 : 1;
	return memcmp(a->addr, b->addr, sizeof(a->addr));
}

/* show screen blocked [zone NAME] */
static int
show_blocked(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const keys[] = { "zone", NULL };
	const struct bngd *app = arg;
	struct screen_rate_blocked *b;
	const char *vals[1];
	unsigned int n = 0;
	int zone = -1;
	json_t *a;

	if (cli_args(req, argc, argv, keys, vals, NULL, NULL) != 0)
		return -1;
	if (vals[0] != NULL) {
		for (unsigned int z = 0; z < app->cfg->n_screen_zones; z++)
			if (strcmp(app->cfg->screen_zones[z].name, vals[0]) == 0)
				zone = (int)z;
		if (zone < 0) {
			cli_error(req, "no screen zone named \"%s\"", vals[0]);
			return -1;
		}
	}
	b = malloc((size_t)app->n_workers * SCREEN_RATE_BLOCKS * sizeof(*b));
	if (b == NULL) {
		cli_error(req, "out of memory");
		return -1;
	}
	for (uint16_t w = 0; w < app->n_workers; w++) {
		unsigned int k = screen_rate_blocked_list(app->workers[w]->rate, zone, b + n,
							  SCREEN_RATE_BLOCKS);

		for (unsigned int i = n; i < n + k; i++)
			b[i].worker = w;
		n += k;
	}
	/* The tables' order is their hash's: list by zone and address instead. */
	qsort(b, n, sizeof(*b), blocked_cmp);
	a = json_array();
	for (unsigned int i = 0; i < n; i++) {
		char s[64];

		screen_rate_addr_str(b[i].addr, b[i].v6, s, sizeof(s));
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I, s:I, s:i}", "source", s,
			"zone", app->cfg->screen_zones[b[i].zone].name,
			"screen", screen_rate_name(b[i].kind), "left_ms", (json_int_t)b[i].left_ms,
			"dropped", (json_int_t)b[i].drops, "worker", (int)b[i].worker));
	}
	free(b);
	*out = a;
	return 0;
}

static void
show_blocked_text(const json_t *res, FILE *out)
{
	size_t i;
	json_t *e;

	if (json_array_size(res) == 0) {
		fprintf(out, "no source blocked\n");
		return;
	}
	fprintf(out, "%-40s %-16s %-10s %8s %12s %6s\n", "source", "zone", "screen", "left_s",
		"dropped", "worker");
	json_array_foreach(res, i, e)
		fprintf(out, "%-40s %-16s %-10s %8.1f %12" JSON_INTEGER_FORMAT " %6" JSON_INTEGER_FORMAT
			"\n", json_string_value(json_object_get(e, "source")),
			json_string_value(json_object_get(e, "zone")),
			json_string_value(json_object_get(e, "screen")),
			(double)json_integer_value(json_object_get(e, "left_ms")) / 1000.0,
			json_integer_value(json_object_get(e, "dropped")),
			json_integer_value(json_object_get(e, "worker")));
}

static const struct cli_cmd screen_cmds[] = {
	{ "show screen", "", "zones of the screens: ports, screens, thresholds, drops per screen",
	  show_screen, show_screen_text },
	{ "show screen blocked", "[zone Z]",
	  "sources blocked after an IP sweep or port scan: zone, screen, time left, drops",
	  show_blocked, show_blocked_text },
};

int
bngd_cli_screen_register(struct cli_registry *r, struct bngd *app)
{
	return cli_register(r, screen_cmds, RTE_DIM(screen_cmds), app);
}
