/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The "screens" section: zones of the stateless screens (lib/screen). A
 * zone is the ports it lists, or the ports of a tenant; it enables some
 * screens, or all. A port is in one zone at most; ports in none are not
 * screened (the default).
 *
 * screens = (
 *   { zone = "subscribers"; ports = [ "access0" ];
 *     enable = [ "land", "ping-of-death", "source-route", "record-route", "teardrop",
 *                "winnuke", "syn-fin", "tcp-no-flag", "icmp-fragment" ]; },
 *   { zone = "internet"; tenant = 0; enable = "all"; }
 * );
 *
 * Rate screens are named in the same enable list ("all" means every
 * stateless screen, not these), with their thresholds next to it; each
 * setting has a default (lib/screen/screen_rate.h) and may only be given
 * for a screen the zone enables:
 *
 *   { zone = "internet"; ports = [ "core0" ];
 *     enable = [ "land", "syn-flood", "icmp-flood", "ip-sweep", "port-scan" ];
 *     syn_flood = 2000; icmp_flood = 500; burst_ms = 1000;
 *     ip_sweep = 32; port_scan = 24; window_ms = 1000; block_s = 120; }
 */
#include <errno.h>
#include <string.h>

#include "bngd_config_priv.h"

static_assert(BNGD_MAX_PORTS <= 32, "a zone's ports are a 32-bit set");
static_assert(BNGD_MAX_PORTS <= SCREEN_MAX_ZONES, "every port may have a zone of its own");
static_assert(SCREEN_MAX_ZONES < 256, "bngd_port_cfg.screen_zone is a byte");

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."

/* What each_name() does with one name of a list; @p e is the setting to blame. */
typedef void (*name_fn)(struct cctx *c, const config_setting_t *e, const char *name,
			struct bngd_config *cfg);

/* Every element of array @p l, a string, through @p fn (@p what: what one must be). */
static void
each_name(struct cctx *c, const config_setting_t *l, const char *what, struct bngd_config *cfg,
	  name_fn fn)
{
	for (int i = 0; i < config_setting_length(l); i++) {
		const config_setting_t *e = config_setting_get_elem(l, (unsigned int)i);
		const char *n = config_setting_get_string(e);

		if (n == NULL)
			cerr(c, e, NULL, "must be %s", what);
		else
			fn(c, e, n, cfg);
	}
}

/* One screen name (or "all") into the enabled set of the zone being parsed. */
static void
enable_one(struct cctx *c, const config_setting_t *e, const char *name, struct bngd_config *cfg)
{
	uint32_t *set = &cfg->screen_zones[cfg->n_screen_zones].enabled;
	int s;

	if (strcmp(name, "all") == 0) {
		*set |= SCREEN_ALL;
		return;
	}
	s = screen_from_name(name);
	if (s < 0 && (s = screen_rate_from_name(name)) >= 0) {
		uint32_t *rate = &cfg->screen_zones[cfg->n_screen_zones].rate.enabled;

		if (*rate & SCREEN_RATE_BIT(s))
			cerr(c, e, NULL, "screen \"%s\" is enabled twice", name);
		*rate |= SCREEN_RATE_BIT(s);
		return;
	}
	if (s < 0)
		cerr(c, e, NULL, "unknown screen \"%s\" (known: %s, %s)", name, screen_names_list(),
		     screen_rate_names_list());
	else if (*set & SCREEN_BIT(s))
		cerr(c, e, NULL, "screen \"%s\" is enabled twice", name);
	else
		*set |= SCREEN_BIT(s);
}

/* enable = [ "land", ... ] or enable = "all". */
static void
parse_enable(struct cctx *c, const config_setting_t *z, struct bngd_config *cfg)
{
	const config_setting_t *en = config_setting_get_member(z, "enable");

	if (en == NULL)
		cerr(c, z, "enable", "is required: the screens of the zone, or \"all\"");
	else if (config_setting_type(en) == CONFIG_TYPE_STRING)
		enable_one(c, en, config_setting_get_string(en), cfg);
	else if (!config_setting_is_aggregate(en))
		cerr(c, en, NULL, "must be an array of screen names, or \"all\"");
	else
		each_name(c, en, "a screen name", cfg, enable_one);
}

/* Put port @p p in the zone being parsed; @p e names it in the file. */
static void
zone_add_port(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg, int p)
{
	struct bngd_port_cfg *pc = &cfg->ports[p];
	uint8_t mine = (uint8_t)(cfg->n_screen_zones + 1);

	if (pc->screen_zone == mine) {
		cerr(c, e, NULL, "port \"%s\" is listed twice", pc->name);
		return;
	}
	if (pc->screen_zone != 0) {
		const struct bngd_screen_zone *o = &cfg->screen_zones[pc->screen_zone - 1];

		cerr(c, e, NULL, "port \"%s\" is already in zone \"%s\" (line %d)", pc->name, o->name,
		     o->line);
		return;
	}
	pc->screen_zone = mine;
	cfg->screen_zones[cfg->n_screen_zones].ports |= 1u << p;
}

/* One name of ports = [ ... ]. */
static void
zone_port(struct cctx *c, const config_setting_t *e, const char *name, struct bngd_config *cfg)
{
	int p = bngd_config_port_index(cfg, name);

	if (p < 0)
		cerr(c, e, NULL, "no port named \"%s\"", name);
	else
		zone_add_port(c, e, cfg, p);
}

/* ports = [ "access0", ... ]. */
static void
parse_zone_ports(struct cctx *c, const config_setting_t *pl, struct bngd_config *cfg)
{
	if (config_setting_type(pl) == CONFIG_TYPE_STRING || !config_setting_is_aggregate(pl) ||
	    config_setting_length(pl) == 0)
		cerr(c, pl, NULL, "must be an array of port names (at least one)");
	else
		each_name(c, pl, "a port name", cfg, zone_port);
}

/* tenant = N: every port of tenant N (there must be one). */
static void
parse_zone_tenant(struct cctx *c, const config_setting_t *z, struct bngd_config *cfg)
{
	struct bngd_screen_zone *zc = &cfg->screen_zones[cfg->n_screen_zones];
	const config_setting_t *t = config_setting_get_member(z, "tenant");
	uint16_t id = UINT16_MAX;
	int found = 0;

	get_u16(c, z, "tenant", &id, 0, FIB_MAX_TENANT - 1);
	if (id == UINT16_MAX)
		return;   /* reported */
	zc->tenant = id;
	for (uint32_t p = 0; p < cfg->n_ports; p++)
		if (cfg->ports[p].tenant == id) {
			zone_add_port(c, t, cfg, (int)p);
			found = 1;
		}
	if (!found)
		cerr(c, t, NULL, "no port belongs to tenant %u", id);
}

/*
 * The rate screens' thresholds (after enable = [...]). A threshold of a
 * screen the zone leaves off is refused: it would read as protection that
 * is not there.
 */
static void
parse_rate(struct cctx *c, const config_setting_t *z, struct screen_rate_zone *r)
{
	const uint32_t floods = SCREEN_RATE_BIT(SCREEN_RATE_MAX) - 1 - SCREEN_RATE_BLOCKING;

	for (unsigned int s = 0; s < SCREEN_RATE_MAX; s++) {
		const char *k = screen_rate_setting(s);

		if (config_setting_get_member(z, k) != NULL && !(r->enabled & SCREEN_RATE_BIT(s)))
			cerr(c, z, k, "is the threshold of screen \"%s\", which the zone does not "
			     "enable", screen_rate_name(s));
		else if (SCREEN_RATE_BIT(s) & SCREEN_RATE_BLOCKING)
			get_u32(c, z, k, &r->limit[s], 1, SCREEN_RATE_COUNT_MAX);
		else
			get_u32(c, z, k, &r->limit[s], 1, SCREEN_RATE_PPS_MAX);
	}
	if (config_setting_get_member(z, "burst_ms") != NULL && !(r->enabled & floods))
		cerr(c, z, "burst_ms", "needs a flood screen (syn-flood, syn-flood-src, "
		     "icmp-flood, udp-flood) in enable");
	get_u32(c, z, "burst_ms", &r->burst_ms, 1, 60000);
	if (config_setting_get_member(z, "window_ms") != NULL && !(r->enabled & SCREEN_RATE_BLOCKING))
		cerr(c, z, "window_ms", "needs \"ip-sweep\" or \"port-scan\" in enable");
	get_u32(c, z, "window_ms", &r->window_ms, 1, 3600000);
	if (config_setting_get_member(z, "block_s") != NULL && !(r->enabled & SCREEN_RATE_BLOCKING))
		cerr(c, z, "block_s", "needs \"ip-sweep\" or \"port-scan\" in enable");
	get_u32(c, z, "block_s", &r->block_s, 0, 86400);
}

static void
parse_zone(struct cctx *c, const config_setting_t *z, struct bngd_config *cfg)
{
	static const char *const allowed[] = {
		"zone", "ports", "tenant", "enable", "syn_flood", "syn_flood_src", "icmp_flood",
		"udp_flood", "ip_sweep", "port_scan", "burst_ms", "window_ms", "block_s", NULL
	};
	struct bngd_screen_zone *zc = &cfg->screen_zones[cfg->n_screen_zones];
	const config_setting_t *pl = config_setting_get_member(z, "ports");
	const char *s;

	memset(zc, 0, sizeof(*zc));
	screen_rate_zone_defaults(&zc->rate);
	zc->tenant = -1;
	zc->line = (int)config_setting_source_line(z);
	check_members(c, z, allowed);
	if ((s = get_str(c, z, "zone", 1)) != NULL) {
		/* The name labels metrics and console output: keep it plain. */
		if (s[0] == '\0' || s[strspn(s, NAME_CHARS)] != '\0')
			cerr(c, z, "zone", "\"%s\" is not a name (letters, digits, '-', '_', '.')", s);
		copy_str(c, z, "zone", s, zc->name, sizeof(zc->name));
		for (uint32_t j = 0; j < cfg->n_screen_zones; j++)
			if (strcmp(cfg->screen_zones[j].name, zc->name) == 0)
				cerr(c, z, "zone", "\"%s\" already used by the zone at line %d", zc->name,
				     cfg->screen_zones[j].line);
	}
	if (pl != NULL && config_setting_get_member(z, "tenant") != NULL)
		cerr(c, z, NULL, "a zone is its \"ports\" or a \"tenant\"'s ports, not both");
	else if (pl != NULL)
		parse_zone_ports(c, pl, cfg);
	else if (config_setting_get_member(z, "tenant") != NULL)
		parse_zone_tenant(c, z, cfg);
	else
		cerr(c, z, NULL, "needs \"ports = [ ... ]\" or \"tenant = N\"");
	parse_enable(c, z, cfg);
	parse_rate(c, z, &zc->rate);
}

void
bngd_config_parse_screens(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	parse_list(c, root, "screens", "{ zone = ...; ports = [ ... ]; enable = [ ... ]; }",
		   &cfg->n_screen_zones, SCREEN_MAX_ZONES, cfg, parse_zone);
}
