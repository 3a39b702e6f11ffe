/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The "qos" section: QoS profiles (per direction a two-rate three-colour
 * marker, RFC 2698, and DSCP remarking) and which subscribers get which.
 * Parsed after ports and neighbors, whose names and addresses it uses.
 *
 * qos = {
 *   profiles = (
 *     { name = "gold";
 *       up   = { cir_kbps = 20000; cbs_bytes = 250000; pir_kbps = 25000; pbs_bytes = 500000;
 *                dscp = 18; yellow_dscp = 20; };
 *       down = { cir_kbps = 100000; cbs_bytes = 1250000; }; },
 *     { name = "mark-only"; up = { dscp = 0; }; }
 *   );
 *   default_profile = "gold";     # subscribers nothing else names; absent: not policed
 *   ports = ( { port = "access1"; profile = "mark-only"; } );   # that port's subscribers
 *   subscribers = ( { address = "10.0.0.2"; profile = "gold"; } ); # a configured neighbour
 * };
 *
 * In a direction: cir_kbps (committed rate, kbit/s) and cbs_bytes
 * (committed burst); pir_kbps / pbs_bytes (peak rate and burst) default to
 * them; without cir_kbps the direction is not metered. dscp remarks what
 * passes, yellow_dscp what passes yellow (default: as green). A PPPoE
 * subscriber whose Filter-Id (RADIUS, or the local user's filter_id) names
 * a profile gets it; otherwise its port's, otherwise the default.
 */
#include <arpa/inet.h>
#include <string.h>

#include "bngd_config_priv.h"

static_assert(BNGD_QOS_MAX_PORTS == BNGD_MAX_PORTS, "qos.ports covers every port");

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."

/* Index of profile @p name, reported at @p s.member when there is none. */
static uint16_t
profile_ref(struct cctx *c, const config_setting_t *s, const char *member, const char *name,
	    const struct bngd_qos_cfg *q)
{
	for (uint32_t i = 0; i < q->n_profiles; i++)
		if (strcmp(q->profiles[i].name, name) == 0)
			return (uint16_t)i;
	cerr(c, s, member, "no profile named \"%s\"", name);
	return SCREEN_QOS_NONE;
}

/* A signed small integer member (DSCP), or keep. */
static void
get_dscp(struct cctx *c, const config_setting_t *g, const char *name, int16_t *out)
{
	uint32_t v = UINT32_MAX;

	get_u32(c, g, name, &v, 0, 63);
	if (v != UINT32_MAX)
		*out = (int16_t)v;
}

static void
parse_dir(struct cctx *c, const config_setting_t *p, const char *name,
	  struct screen_qos_dir_cfg *d)
{
	static const char *const allowed[] = { "cir_kbps", "cbs_bytes", "pir_kbps", "pbs_bytes",
					       "dscp", "yellow_dscp", NULL };
	const config_setting_t *g = want_group(c, p, name, CONFIG_TYPE_GROUP);
	uint32_t cir = 0, pir = 0, cbs = 0, pbs = 0;
	int has_pir, has_pbs;

	d->dscp = d->yellow_dscp = SCREEN_QOS_DSCP_KEEP;
	if (g == NULL)
		return;
	check_members(c, g, allowed);
	get_u32(c, g, "cir_kbps", &cir, 1, (uint32_t)SCREEN_QOS_MAX_KBPS);
	get_u32(c, g, "pir_kbps", &pir, 1, (uint32_t)SCREEN_QOS_MAX_KBPS);
	get_u32(c, g, "cbs_bytes", &cbs, 1, 1u << 30);
	get_u32(c, g, "pbs_bytes", &pbs, 1, 1u << 30);
	get_dscp(c, g, "dscp", &d->dscp);
	get_dscp(c, g, "yellow_dscp", &d->yellow_dscp);
	has_pir = config_setting_get_member(g, "pir_kbps") != NULL;
	has_pbs = config_setting_get_member(g, "pbs_bytes") != NULL;
	if (config_setting_get_member(g, "cir_kbps") == NULL) {
		if (has_pir || has_pbs || config_setting_get_member(g, "cbs_bytes") != NULL)
			cerr(c, g, "cir_kbps", "is required with a burst or a peak rate");
		if (config_setting_get_member(g, "yellow_dscp") != NULL)
			cerr(c, g, "yellow_dscp", "needs a meter (cir_kbps): nothing is yellow without one");
		return;
	}
	if (config_setting_get_member(g, "cbs_bytes") == NULL) {
		cerr(c, g, "cbs_bytes", "is required with cir_kbps");
		return;
	}
	if (!has_pir)
		pir = cir;
	if (!has_pbs)
		pbs = cbs;
	if (pir < cir)
		cerr(c, g, "pir_kbps", "%u is below cir_kbps %u: the peak rate is at least the committed one",
		     pir, cir);
	d->cir_kbps = cir;
	d->pir_kbps = pir;
	d->cbs_bytes = cbs;
	d->pbs_bytes = pbs;
}

static void
parse_profile(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "name", "up", "down", NULL };
	struct bngd_qos_cfg *q = &cfg->qos;
	struct screen_qos_profile_cfg *p = &q->profiles[q->n_profiles];
	struct screen_qos_profile compiled;
	const char *s, *why;

	memset(p, 0, sizeof(*p));
	q->profile_line[q->n_profiles] = (int)config_setting_source_line(e);
	check_members(c, e, allowed);
	if ((s = get_str(c, e, "name", 1)) != NULL) {
		/* Names come back as Filter-Ids and label console output. */
		if (s[0] == '\0' || s[strspn(s, NAME_CHARS)] != '\0')
			cerr(c, e, "name", "\"%s\" is not a name (letters, digits, '-', '_', '.')", s);
		copy_str(c, e, "name", s, p->name, sizeof(p->name));
		for (uint32_t j = 0; j < q->n_profiles; j++)
			if (strcmp(q->profiles[j].name, p->name) == 0)
				cerr(c, e, "name", "\"%s\" already used by the profile at line %d", p->name,
				     q->profile_line[j]);
	}
	if (config_setting_get_member(e, "up") == NULL && config_setting_get_member(e, "down") == NULL)
		cerr(c, e, NULL, "needs \"up = { ... }\" or \"down = { ... }\"");
	parse_dir(c, e, "up", &p->dir[SCREEN_QOS_UP]);
	parse_dir(c, e, "down", &p->dir[SCREEN_QOS_DOWN]);
	/* What the parser let through, rte_meter must take too. */
	if (screen_qos_profile_compile(p, &compiled, &why) != 0)
		cerr(c, e, NULL, "%s", why);
}

static void
parse_port_profile(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "port", "profile", NULL };
	struct bngd_qos_cfg *q = &cfg->qos;
	const char *pn = get_str(c, e, "port", 1), *prof = get_str(c, e, "profile", 1);
	int p;

	check_members(c, e, allowed);
	if (pn == NULL || prof == NULL)
		return;
	p = bngd_config_port_index(cfg, pn);
	if (p < 0) {
		cerr(c, e, "port", "no port named \"%s\"", pn);
		return;
	}
	if (cfg->ports[p].role != BNG_ROLE_ACCESS)
		cerr(c, e, "port", "\"%s\" is not an access port: no subscribers there", pn);
	if (q->port_profile[p] != SCREEN_QOS_NONE)
		cerr(c, e, "port", "\"%s\" is given a profile twice", pn);
	q->port_profile[p] = profile_ref(c, e, "profile", prof, q);
}

static void
parse_static(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "address", "profile", NULL };
	struct bngd_qos_cfg *q = &cfg->qos;
	struct bngd_qos_static *st = &q->statics[q->n_static];
	const char *a = get_str(c, e, "address", 1), *prof = get_str(c, e, "profile", 1);
	int found = -1;

	memset(st, 0, sizeof(*st));
	st->profile = SCREEN_QOS_NONE;
	st->line = (int)config_setting_source_line(e);
	check_members(c, e, allowed);
	if (a == NULL || prof == NULL)
		return;
	if (inet_pton(AF_INET, a, &st->addr) != 1) {
		cerr(c, e, "address", "\"%s\" is not an IPv4 address", a);
		return;
	}
	/* Its own next hop is what the workers meter by: a neighbour of ours. */
	for (uint32_t i = 0; i < cfg->n_neigh && found < 0; i++)
		if (!cfg->neigh[i].v6 && memcmp(cfg->neigh[i].addr, &st->addr, 4) == 0)
			found = (int)i;
	if (found < 0) {
		cerr(c, e, "address", "%s is not a configured neighbour (neighbors = ( ... ))", a);
		return;
	}
	st->port = (uint16_t)cfg->neigh[found].port;
	if (cfg->ports[st->port].role != BNG_ROLE_ACCESS)
		cerr(c, e, "address", "%s is a neighbour on \"%s\", not an access port", a,
		     cfg->ports[st->port].name);
	for (uint32_t j = 0; j < q->n_static; j++)
		if (q->statics[j].addr == st->addr)
			cerr(c, e, "address", "%s already has a profile (line %d)", a, q->statics[j].line);
	st->profile = profile_ref(c, e, "profile", prof, q);
}

void
bngd_config_parse_qos(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "profiles", "default_profile", "ports", "subscribers",
					       NULL };
	const config_setting_t *g = want_group(c, root, "qos", CONFIG_TYPE_GROUP);
	struct bngd_qos_cfg *q = &cfg->qos;
	uint32_t n = 0;
	const char *s;

	q->n_profiles = 0;
	q->n_static = 0;
	q->default_profile = SCREEN_QOS_NONE;
	for (unsigned int p = 0; p < BNGD_QOS_MAX_PORTS; p++)
		q->port_profile[p] = SCREEN_QOS_NONE;
	if (g == NULL)
		return;
	check_members(c, g, allowed);
	if (parse_list(c, g, "profiles", "{ name = ...; up = { ... }; down = { ... }; }",
		       &q->n_profiles, SCREEN_QOS_MAX_PROFILES, cfg, parse_profile) == NULL ||
	    q->n_profiles == 0) {
		cerr(c, g, "profiles", "at least one profile is required");
		return;
	}
	if ((s = get_str(c, g, "default_profile", 0)) != NULL)
		q->default_profile = profile_ref(c, config_setting_get_member(g, "default_profile"),
					       NULL, s, q);
	n = 0;
	parse_list(c, g, "ports", "{ port = ...; profile = ...; }", &n, BNGD_MAX_PORTS, cfg,
		   parse_port_profile);
	parse_list(c, g, "subscribers", "{ address = ...; profile = ...; }", &q->n_static,
		   BNGD_QOS_MAX_STATIC, cfg, parse_static);
}
