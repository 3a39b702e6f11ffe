/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The "nat" section: instances (pools, blocks, limits, filtering, bypass,
 * static rules) and the event log.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>

#include "bngd_config_priv.h"

/*
 * "a.b.c.d[/len][:port]" into @p addr (without the port) and *port (0
 * when absent). @return 0, or -1 when the port is not 1 to 65535.
 */
static int
split_port(const char *str, char *addr, size_t len, long *port)
{
	const char *colon = strrchr(str, ':');
	char *end;

	snprintf(addr, len, "%s", str);
	*port = 0;
	if (colon == NULL)
		return 0;
	addr[RTE_MIN((size_t)(colon - str), len - 1)] = '\0';
	*port = strtol(colon + 1, &end, 10);
	return *end != '\0' || *port <= 0 || *port > 65535 ? -1 : 0;
}

/* bypass = [ "prefix", "prefix:port", ... ]: never translated (REQ-6). */
static void
parse_bypass(struct cctx *c, const config_setting_t *e, struct nat_instance_config *in)
{
	const config_setting_t *a = config_setting_get_member(e, "bypass");

	for (int i = 0; a != NULL && i < config_setting_length(a); i++) {
		const config_setting_t *x = config_setting_get_elem(a, (unsigned int)i);
		const char *str = config_setting_get_string(x);
		struct bngd_prefix p;
		char buf[64];
		uint32_t addr, mask;
		long port;

		if (str == NULL || strlen(str) >= sizeof(buf)) {
			cerr(c, x, NULL, "must be \"prefix\" or \"prefix:port\"");
			continue;
		}
		if (split_port(str, buf, sizeof(buf), &port) != 0) {
			cerr(c, x, NULL, "\"%s\": port must be 1 to 65535", str);
			continue;
		}
		if (bngd_prefix_parse(buf, &p, 0) != 0 || p.v6) {
			cerr(c, x, NULL, "\"%s\" is not an IPv4 prefix[:port]", str);
			continue;
		}
		if (in->n_bypass == NAT_MAX_BYPASS) {
			cerr(c, x, NULL, "more than %d bypass entries", NAT_MAX_BYPASS);
			break;
		}
		memcpy(&addr, p.addr, 4);
		mask = p.len ? rte_cpu_to_be_32(~0u << (32 - p.len)) : 0;
		in->bypass[in->n_bypass].addr = addr & mask;
		in->bypass[in->n_bypass].mask = mask;
		in->bypass[in->n_bypass].port = rte_cpu_to_be_16((uint16_t)port);
		in->n_bypass++;
	}
}

/* addresses = [ "prefix", "address", ... ]: the dynamic pool. */
static void
parse_addresses(struct cctx *c, const config_setting_t *e, struct nat_instance_config *in)
{
	const config_setting_t *a = config_setting_get_member(e, "addresses");

	if (a == NULL || !config_setting_is_aggregate(a) || config_setting_length(a) == 0) {
		cerr(c, e, "addresses", "is required: a list of IPv4 addresses or prefixes");
		return;
	}
	for (int i = 0; i < config_setting_length(a); i++) {
		const config_setting_t *x = config_setting_get_elem(a, (unsigned int)i);
		const char *str = config_setting_get_string(x);
		struct bngd_prefix p;
		uint32_t base, count;

		if (str == NULL || bngd_prefix_parse(str, &p, 0) != 0 || p.v6 || p.len < 16) {
			cerr(c, x, NULL, "\"%s\" is not an IPv4 address or prefix of /16 or longer",
			     str ? str : "?");
			continue;
		}
		memcpy(&base, p.addr, 4);
		count = 1u << (32 - p.len);
		base = rte_be_to_cpu_32(base) & ~(count - 1);
		for (uint32_t k = 0; k < count; k++) {
			uint32_t v = rte_cpu_to_be_32(base + k);
			int dup = 0;

			for (uint32_t j = 0; j < in->n_addr && !dup; j++)
				dup = in->addr[j] == v;
			if (dup) {
				cerr(c, x, NULL, "\"%s\" repeats an address already in the list", str);
				break;
			}
			if (in->n_addr == NAT_MAX_ADDRS) {
				cerr(c, x, NULL, "more than %d addresses in one instance", NAT_MAX_ADDRS);
				return;
			}
			in->addr[in->n_addr++] = v;
		}
	}
}

/* One side of a static rule: "address" or "address:port". @return 0 or -1. */
static int
static_side(struct cctx *c, const config_setting_t *r, const char *name, uint32_t *addr,
	    uint16_t *port)
{
	const char *str = get_str(c, r, name, 1);
	char buf[64];
	long p;

	if (str == NULL)
		return -1;
	if (strlen(str) >= sizeof(buf) || split_port(str, buf, sizeof(buf), &p) != 0 ||
	    inet_pton(AF_INET, buf, addr) != 1) {
		cerr(c, config_setting_get_member(r, name), NULL,
		     "\"%s\" is not an IPv4 address or address:port", str);
		return -1;
	}
	*port = rte_cpu_to_be_16((uint16_t)p);
	return 0;
}

/* Does static rule @p b take an endpoint that @p a takes too? */
static const char *
static_clash(const struct nat_static *a, const struct nat_static *b)
{
	if (a->inst == b->inst && a->outside == b->outside &&
	    (!a->proto || !b->proto || (a->proto == b->proto && a->oport == b->oport)))
		return "outside";
	if (a->tenant == b->tenant && a->tenant != NAT_NONE && a->inside == b->inside &&
	    (!a->proto || !b->proto ? !a->proto && !b->proto :
				      a->proto == b->proto && a->iport == b->iport))
		return "inside";
	return NULL;
}

/*
 * static = ( { inside = "A"; outside = "X"; },                    1:1
 *            { inside = "A:p"; outside = "X:q"; proto = "tcp"; } ) port forward
 * Outside addresses are not of the dynamic pool; no endpoint twice. The
 * tenant defaults to the one naming the instance (resolved by the cross
 * check, which needs the tenants).
 */
static void
parse_statics(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg, uint8_t inst)
{
	static const char *const allowed[] = { "inside", "outside", "proto", "tenant", NULL };
	const struct nat_instance_config *in = &cfg->nat.inst[inst];
	const config_setting_t *l = want_group(c, e, "static", CONFIG_TYPE_LIST);

	for (int i = 0; l != NULL && i < config_setting_length(l); i++) {
		const config_setting_t *r = config_setting_get_elem(l, (unsigned int)i);
		struct nat_static *st = &cfg->nat.statics[cfg->nat.n_static];
		const char *proto;
		uint32_t tenant = NAT_NONE;

		if (config_setting_type(r) != CONFIG_TYPE_GROUP) {
			cerr(c, r, NULL, "must be a group { inside = ...; outside = ...; }");
			continue;
		}
		if (cfg->nat.n_static == NAT_MAX_STATIC) {
			cerr(c, r, NULL, "more than %d static rules", NAT_MAX_STATIC);
			return;
		}
		check_members(c, r, allowed);
		memset(st, 0, sizeof(*st));
		st->inst = inst;
		if (static_side(c, r, "inside", &st->inside, &st->iport) != 0 ||
		    static_side(c, r, "outside", &st->outside, &st->oport) != 0)
			continue;
		proto = get_str(c, r, "proto", 0);
		if (proto != NULL && strcmp(proto, "tcp") && strcmp(proto, "udp")) {
			cerr(c, config_setting_get_member(r, "proto"), NULL,
			     "must be \"tcp\" or \"udp\", not \"%s\"", proto);
			continue;
		}
		if (!st->iport != !st->oport || !st->iport != (proto == NULL)) {
			cerr(c, r, NULL, "a port forward names both ports and its proto; "
				 "a 1:1 mapping names neither");
			continue;
		}
		st->proto = proto == NULL ? 0 : strcmp(proto, "tcp") ? IPPROTO_UDP : IPPROTO_TCP;
		get_u32(c, r, "tenant", &tenant, 0, NAT_MAX_TENANTS - 1);
		st->tenant = (uint16_t)tenant;
		for (uint32_t a = 0; a < in->n_addr; a++)
			if (in->addr[a] == st->outside) {
				cerr(c, config_setting_get_member(r, "outside"), NULL,
				     "is an address of the dynamic pool (addresses)");
				goto next;
			}
		c->nat_static[cfg->nat.n_static++] = r;
next:;
	}
}

/*
 * mode = "dynamic" (port blocks, the default) or "deterministic" (RFC
 * 7422) with inside = "prefix": every host of the prefix gets a fixed
 * share of one address's ports.
 */
static void
parse_mode(struct cctx *c, const config_setting_t *e, struct nat_instance_config *in)
{
	const char *mode = get_str(c, e, "mode", 0), *inside;
	struct bngd_prefix p;
	uint32_t hosts, per, ports;

	if (mode == NULL || strcmp(mode, "dynamic") == 0) {
		if (config_setting_get_member(e, "inside") != NULL)
			cerr(c, config_setting_get_member(e, "inside"), NULL,
			     "is for mode = \"deterministic\"");
		return;
	}
	if (strcmp(mode, "deterministic") != 0) {
		cerr(c, config_setting_get_member(e, "mode"), NULL,
		     "must be \"dynamic\" or \"deterministic\", not \"%s\"", mode);
		return;
	}
	/* Each host's range is computed: no blocks, no quarantine (a port is only
	 * ever its own host's, so reuse cannot confuse the logs). */
	for (const char *const *k = (const char *const[]){ "block_size", "blocks_per_subscriber",
							  "quarantine_s", NULL }; *k; k++)
		if (config_setting_get_member(e, *k) != NULL)
			cerr(c, config_setting_get_member(e, *k), NULL,
			     "is for mode = \"dynamic\" (deterministic ranges are computed)");
	in->block_size = 64;
	in->blocks_per_sub = 1;
	in->quarantine_ms = 0;
	inside = get_str(c, e, "inside", 1);
	if (inside == NULL)
		return;
	if (bngd_prefix_parse(inside, &p, 1) != 0 || p.v6 || p.len < 8) {
		cerr(c, config_setting_get_member(e, "inside"), NULL,
		     "\"%s\" is not an IPv4 prefix of /8 or longer", inside);
		return;
	}
	in->deterministic = 1;
	in->det_len = p.len;
	memcpy(&in->det_prefix, p.addr, 4);
	in->det_prefix &= p.len < 32 ? rte_cpu_to_be_32(~0u << (32 - p.len)) : ~0u;
	if (in->n_addr == 0)
		return;
	hosts = 1u << (32 - p.len);
	per = (hosts + in->n_addr - 1) / in->n_addr;
	ports = in->port_max >= in->port_min ? (uint32_t)in->port_max - in->port_min + 1 : 0;
	if (ports / per == 0)
		cerr(c, config_setting_get_member(e, "inside"), NULL,
		     "%u hosts on %u addresses is %u hosts per address: more than the %u ports",
		     hosts, in->n_addr, per, ports);
}

/*
 * pool = "other": this instance allocates from an earlier instance's pool
 * (RFC 6888's pools shared by several CGN instances): its addresses, port
 * range, blocks and quarantine are that instance's, so they are not set
 * here; tenants, filtering and limits stay this instance's own.
 */
static void
parse_shared(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg,
	     struct nat_instance_config *in)
{
	static const char *const pool_keys[] = { "addresses", "port_min", "port_max", "block_size",
						 "quarantine_s", "mode", "inside", NULL };
	const config_setting_t *ps = config_setting_get_member(e, "pool");
	const char *name = get_str(c, e, "pool", 1);
	const struct nat_instance_config *o = NULL;
	uint32_t i;

	for (const char *const *k = pool_keys; *k; k++)
		if (config_setting_get_member(e, *k) != NULL)
			cerr(c, config_setting_get_member(e, *k), NULL,
			     "comes with the pool: set it on the instance that owns it");
	if (name == NULL)
		return;
	for (i = 0; i < cfg->nat.n_instances && o == NULL; i++)
		if (strcmp(cfg->nat.inst[i].name, name) == 0)
			o = &cfg->nat.inst[i];
	if (o == NULL) {
		cerr(c, ps, NULL, "no instance \"%s\" before this one", name);
		return;
	}
	if (o->shares) {
		cerr(c, ps, NULL, "instance \"%s\" uses the pool of \"%s\": name that one",
		     name, cfg->nat.inst[o->shares - 1].name);
		return;
	}
	if (o->deterministic) {
		cerr(c, ps, NULL, "instance \"%s\" is deterministic: its ranges are its hosts' alone",
		     name);
		return;
	}
	in->shares = (uint8_t)i;   /* index + 1 */
	in->n_addr = o->n_addr;
	memcpy(in->addr, o->addr, o->n_addr * sizeof(o->addr[0]));
	in->port_min = o->port_min;
	in->port_max = o->port_max;
	in->block_size = o->block_size;
	in->quarantine_ms = o->quarantine_ms;
}

/* An address in two instances' pools would be allocated twice. */
static void
check_pools_disjoint(struct cctx *c, const config_setting_t *e, const struct bngd_config *cfg)
{
	const struct nat_instance_config *in = &cfg->nat.inst[cfg->nat.n_instances];

	if (in->shares)
		return;
	for (uint32_t i = 0; i < cfg->nat.n_instances; i++) {
		const struct nat_instance_config *o = &cfg->nat.inst[i];

		for (uint32_t a = 0; a < in->n_addr && !o->shares; a++)
			for (uint32_t b = 0; b < o->n_addr; b++)
				if (in->addr[a] == o->addr[b]) {
					char buf[INET_ADDRSTRLEN];

					inet_ntop(AF_INET, &in->addr[a], buf, sizeof(buf));
					cerr(c, config_setting_get_member(e, "addresses"), NULL,
					     "%s is in instance \"%s\"'s pool too (to share a pool, "
					     "say pool = \"%s\")", buf, o->name, o->name);
					return;
				}
	}
}

static void
parse_nat_instance(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "name", "addresses", "port_min", "port_max",
					       "block_size", "blocks_per_subscriber",
					       "max_sessions_per_subscriber", "quarantine_s",
					       "filtering", "bypass", "static", "mode", "inside", "pool",
					       NULL };
	struct nat_instance_config *in = &cfg->nat.inst[cfg->nat.n_instances];
	const char *s;
	uint32_t v;

	memset(in, 0, sizeof(*in));
	check_members(c, e, allowed);
	cfg->nat_line[cfg->nat.n_instances] = (int)config_setting_source_line(e);
	in->port_min = 1024;
	in->port_max = 65535;
	in->block_size = 512;
	in->blocks_per_sub = 8;
	in->max_sessions_per_sub = 2000;
	in->quarantine_ms = 120000;
	if ((s = get_str(c, e, "name", 1)) != NULL)
		copy_str(c, e, "name", s, in->name, sizeof(in->name));
	v = in->port_min;
	get_u32(c, e, "port_min", &v, 1, 65535);
	in->port_min = (uint16_t)v;
	v = in->port_max;
	get_u32(c, e, "port_max", &v, 1, 65535);
	in->port_max = (uint16_t)v;
	v = in->block_size;
	get_u32(c, e, "block_size", &v, 64, 32768);
	if (v % 64)
		cerr(c, config_setting_get_member(e, "block_size"), NULL,
		     "%u is not a multiple of 64", v);
	in->block_size = (uint16_t)v;
	v = in->blocks_per_sub;
	get_u32(c, e, "blocks_per_subscriber", &v, 1, NAT_MAX_SUB_BLOCKS);
	in->blocks_per_sub = (uint16_t)v;
	get_u32(c, e, "max_sessions_per_subscriber", &in->max_sessions_per_sub, 0, 1u << 24);
	v = in->quarantine_ms / 1000;
	get_u32(c, e, "quarantine_s", &v, 0, 3600);
	in->quarantine_ms = v * 1000;
	if ((s = get_str(c, e, "filtering", 0)) != NULL) {
		if (strcmp(s, "endpoint-independent") == 0)
			in->filtering = NAT_FILTER_EIF;
		else if (strcmp(s, "address-dependent") == 0)
			in->filtering = NAT_FILTER_ADF;
		else if (strcmp(s, "address-port-dependent") == 0)
			in->filtering = NAT_FILTER_APDF;
		else
			cerr(c, config_setting_get_member(e, "filtering"), NULL,
			     "must be \"endpoint-independent\", \"address-dependent\" or "
			     "\"address-port-dependent\", not \"%s\"",
			     s);
	}
	parse_bypass(c, e, in);
	if (config_setting_get_member(e, "pool") != NULL) {
		parse_shared(c, e, cfg, in);
		parse_statics(c, e, cfg, (uint8_t)cfg->nat.n_instances);
		return;
	}
	parse_addresses(c, e, in);
	parse_mode(c, e, in);
	if (in->port_max < in->port_min ||
	    (uint32_t)in->port_max - in->port_min + 1 < in->block_size)
		cerr(c, e, NULL, "port_min..port_max holds no whole block of %u ports", in->block_size);
	check_pools_disjoint(c, e, cfg);
	parse_statics(c, e, cfg, (uint8_t)cfg->nat.n_instances);
}

/*
 * Static rules against the tenants: a rule's tenant must use its instance;
 * without one, it is the first tenant that does. Then no endpoint twice.
 */
void
bngd_config_check_nat(struct cctx *c, struct bngd_config *cfg)
{
	for (uint32_t i = 0; i < cfg->nat.n_static; i++) {
		struct nat_static *st = &cfg->nat.statics[i];
		const char *what;

		if (st->tenant == NAT_NONE) {
			for (uint32_t t = 0; t < cfg->n_tenants && st->tenant == NAT_NONE; t++)
				if (cfg->nat.tenant_instance[cfg->tenants[t].id] == st->inst)
					st->tenant = cfg->tenants[t].id;
			if (st->tenant == NAT_NONE)
				cerr(c, c->nat_static[i], NULL,
				     "no tenant uses NAT instance \"%s\"", cfg->nat.inst[st->inst].name);
		} else if (cfg->nat.tenant_instance[st->tenant] != st->inst) {
			cerr(c, c->nat_static[i], "tenant", "tenant %u does not use NAT instance \"%s\"",
			     st->tenant, cfg->nat.inst[st->inst].name);
		}
		for (uint32_t j = 0; j < i; j++)
			if ((what = static_clash(&cfg->nat.statics[j], st)) != NULL) {
				cerr(c, c->nat_static[i], NULL,
				     "its %s endpoint is taken by the static rule at line %d", what,
				     (int)config_setting_source_line(c->nat_static[j]));
				break;
			}
	}
}

/*
 * nat.logging: where the events go (IPFIX or syslog collector), which ones,
 * and the workers' queue for them.
 */
static void
parse_nat_logging(struct cctx *c, const config_setting_t *nat, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "format", "collector", "events", "domain_id",
					       "template_refresh_s", "queue", "facility", NULL };
	const config_setting_t *g = want_group(c, nat, "logging", CONFIG_TYPE_GROUP);
	struct nat_log_config *l = &cfg->nat.log;
	const config_setting_t *ev;
	const char *s;
	char err[160];
	uint32_t v;

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	l->format = NAT_LOG_IPFIX;
	if ((s = get_str(c, g, "format", 0)) != NULL) {
		if (strcmp(s, "ipfix") == 0)
			l->format = NAT_LOG_IPFIX;
		else if (strcmp(s, "syslog") == 0)
			l->format = NAT_LOG_SYSLOG;
		else
			cerr(c, config_setting_get_member(g, "format"), NULL,
			     "must be \"ipfix\" or \"syslog\", not \"%s\"", s);
	}
	if ((s = get_str(c, g, "collector", 1)) != NULL &&
	    nat_log_parse_collector(s, l, err, sizeof(err)) != 0)
		cerr(c, config_setting_get_member(g, "collector"), NULL, "%s", err);
	ev = want_group(c, g, "events", CONFIG_TYPE_ARRAY);
	if (ev != NULL) {
		l->events = 0;
		for (int i = 0; i < config_setting_length(ev); i++) {
			const config_setting_t *x = config_setting_get_elem(ev, (unsigned int)i);
			const char *e = config_setting_get_string(x);

			if (e != NULL && strcmp(e, "blocks") == 0)
				l->events |= NAT_LOG_BLOCKS;
			else if (e != NULL && strcmp(e, "mappings") == 0)
				l->events |= NAT_LOG_MAPPINGS;
			else if (e != NULL && strcmp(e, "sessions") == 0)
				l->events |= NAT_LOG_SESSIONS;
			else
				cerr(c, x, NULL, "must be \"blocks\", \"mappings\" or \"sessions\"");
		}
	}
	get_u32(c, g, "domain_id", &l->domain_id, 0, UINT32_MAX);
	get_u32(c, g, "template_refresh_s", &l->template_refresh_s, 1, 86400);
	get_u32(c, g, "queue", &l->queue, 64, 1u << 24);
	v = l->facility;
	get_u32(c, g, "facility", &v, 0, 23);
	l->facility = (uint8_t)v;
}

void
bngd_config_parse_nat(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "max_subscribers", "max_mappings", "instances",
					       "logging", NULL };
	const config_setting_t *g = want_group(c, root, "nat", CONFIG_TYPE_GROUP);

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	get_u32(c, g, "max_subscribers", &cfg->nat.max_subs, 1, 1u << 24);
	get_u32(c, g, "max_mappings", &cfg->nat.max_mappings, 1, 1u << 26);
	parse_list(c, g, "instances", "{ name = ...; addresses = [...]; }", &cfg->nat.n_instances,
		   NAT_MAX_INSTANCES, cfg, parse_nat_instance);
	parse_nat_logging(c, g, cfg);
}
