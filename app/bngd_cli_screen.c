/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * "show screen": every zone of the stateless screens, its ports, the
 * screens it enables and what each dropped, summed over the workers'
 * counters (read lock-free: aligned 64-bit loads). The metrics
 * (bng_screen_drops_total) are rendered from the same reply.
 */
#include <stdio.h>

#include <rte_common.h>

#include "bngd_cli_screen.h"
#include "bngd_mgmt.h"
#include "screen.h"

static json_t *
zone_json(const struct bngd *app, unsigned int z)
{
	const struct bngd_screen_zone *zc = &app->cfg->screen_zones[z];
	const struct screen_counters *c[BNGD_MAX_WORKERS];
	uint64_t drops[SCREEN_MAX], total = 0;
	json_t *ports = json_array(), *en = json_array(), *d = json_object(), *o;

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
	o = json_pack("{s:s, s:o, s:o, s:o, s:I}", "zone", zc->name, "ports", ports, "enabled", en,
		      "drops", d, "total", (json_int_t)total);
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
	}
}

static const struct cli_cmd screen_cmds[] = {
	{ "show screen", "", "zones of the stateless screens: ports, screens, drops per screen",
	  show_screen, show_screen_text },
};

int
bngd_cli_screen_register(struct cli_registry *r, struct bngd *app)
{
	return cli_register(r, screen_cmds, RTE_DIM(screen_cmds), app);
}
