/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Configuration of the L2/L3 edge: the neighbour table (ARP and ND on the
 * management lcore) and the DHCPv4 server of IPoE subscribers.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "bngd_config_priv.h"

void
bngd_config_edge_defaults(struct bngd_config *cfg)
{
	vtap_config_defaults(&cfg->neigh_table);
	cfg->neigh_announce = 1;
	dhcp_config_defaults(&cfg->dhcp);
}

/*
 * neighbor_table = { max = 4096; retrans_ms = 1000; reachable_ms = 30000;
 *                    max_probes = 3; hold_per_neighbor = 3; hold_total = 256;
 *                    announce = true; };
 */
void
bngd_config_parse_edge(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "max", "retrans_ms", "reachable_ms", "max_probes",
					       "hold_per_neighbor", "hold_total", "announce", NULL };
	const config_setting_t *g = want_group(c, root, "neighbor_table", CONFIG_TYPE_GROUP);
	const config_setting_t *e = want_group(c, root, "exception_path", CONFIG_TYPE_GROUP);
	struct vtap_config *v = &cfg->neigh_table;
	const char *s;
	uint32_t x;
	int b;

	/* exception_path = { interface = "bngd0"; }: a TUN for the box's services */
	if (e != NULL) {
		static const char *const eallowed[] = { "interface", NULL };

		check_members(c, e, eallowed);
		if ((s = get_str(c, e, "interface", 1)) != NULL)
			copy_str(c, e, "interface", s, cfg->host_interface, sizeof(cfg->host_interface));
	}
	if (g == NULL)
		return;
	check_members(c, g, allowed);
	get_u32(c, g, "max", &v->max_neigh, 16, 1u << 22);
	get_u32(c, g, "retrans_ms", &v->retrans_ms, 100, 60000);
	get_u32(c, g, "reachable_ms", &v->reachable_ms, 1000, 3600000);
	x = v->max_probes;
	get_u32(c, g, "max_probes", &x, 1, 15);
	v->max_probes = (uint8_t)x;
	x = v->hold_per_neigh;
	get_u32(c, g, "hold_per_neighbor", &x, 1, VTAP_HOLD_MAX);
	v->hold_per_neigh = (uint8_t)x;
	get_u32(c, g, "hold_total", &v->hold_total, 1, 1u << 20);
	if (config_setting_lookup_bool(g, "announce", &b) == CONFIG_TRUE)
		cfg->neigh_announce = (uint8_t)b;
}

/* An IPv4 address member into *out (network order); 0 when absent. @return 0 or -1. */
static int
get_ip4(struct cctx *c, const config_setting_t *g, const char *name, int required, uint32_t *out)
{
	const char *s = get_str(c, g, name, required);

	if (s == NULL)
		return required ? -1 : 0;
	if (inet_pton(AF_INET, s, out) != 1) {
		cerr(c, config_setting_get_member(g, name), NULL, "\"%s\" is not an IPv4 address", s);
		return -1;
	}
	return 0;
}

/* A list of IPv4 addresses into @p out (at most @p max). */
static void
get_ip4_list(struct cctx *c, const config_setting_t *g, const char *name, uint32_t *out,
	     uint32_t *n, uint32_t max)
{
	const config_setting_t *l = config_setting_get_member(g, name);

	if (l == NULL)
		return;
	if (!config_setting_is_aggregate(l)) {
		cerr(c, l, NULL, "must be a list of IPv4 addresses");
		return;
	}
	for (int i = 0; i < config_setting_length(l); i++) {
		const config_setting_t *x = config_setting_get_elem(l, (unsigned int)i);
		const char *s = config_setting_get_string(x);

		if (*n == max) {
			cerr(c, x, NULL, "more than %u addresses", max);
			return;
		}
		if (s == NULL || inet_pton(AF_INET, s, &out[*n]) != 1) {
			cerr(c, x, NULL, "\"%s\" is not an IPv4 address", s ? s : "?");
			continue;
		}
		(*n)++;
	}
}

/*
 * { name = "subs"; tenant = 0; prefix = "10.0.0.0/24"; | range = [ "a", "b" ]; mask = "...";
 *   router = "10.0.0.1"; dns = [ ... ]; domain = "..."; lease_time = 3600;
 *   exclude = [ ... ]; }
 */
static void
parse_dhcp_pool(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "name", "tenant", "prefix", "range", "mask",
					       "router", "dns", "domain", "lease_time", "exclude",
					       NULL };
	struct dhcp_pool_config *p = &cfg->dhcp.pools[cfg->dhcp.n_pools];
	const config_setting_t *r = config_setting_get_member(e, "range");
	const char *s;

	memset(p, 0, sizeof(*p));
	check_members(c, e, allowed);
	if ((s = get_str(c, e, "name", 1)) != NULL) {
		if (strpbrk(s, " \t") != NULL || *s == '\0')
			cerr(c, config_setting_get_member(e, "name"), NULL,
			     "\"%s\": a pool name has no blanks (it names the pool in the lease file)", s);
		copy_str(c, e, "name", s, p->name, sizeof(p->name));
	}
	get_u16(c, e, "tenant", &p->tenant, 0, FIB_MAX_TENANT - 1);
	if ((s = get_str(c, e, "prefix", 0)) != NULL) {
		struct bngd_prefix pf;

		if (r != NULL)
			cerr(c, r, NULL, "a pool is a prefix or a range, not both");
		if (bngd_prefix_parse(s, &pf, 1) != 0 || pf.v6 || pf.len < 8 || pf.len > 30)
			cerr(c, config_setting_get_member(e, "prefix"), NULL,
			     "\"%s\" is not an IPv4 prefix from /8 to /30", s);
		else
			memcpy(&p->prefix, pf.addr, 4), p->prefix_len = pf.len;
	} else if (r != NULL) {
		const char *a = config_setting_get_string_elem(r, 0);
		const char *b = config_setting_get_string_elem(r, 1);

		if (!config_setting_is_aggregate(r) || config_setting_length(r) != 2 || a == NULL ||
		    b == NULL || inet_pton(AF_INET, a, &p->first) != 1 ||
		    inet_pton(AF_INET, b, &p->last) != 1 ||
		    rte_be_to_cpu_32(p->first) > rte_be_to_cpu_32(p->last))
			cerr(c, r, NULL, "must be [ \"first address\", \"last address\" ], in order");
		if (config_setting_get_member(e, "mask") == NULL)
			cerr(c, e, "mask", "is required with a range");
	} else {
		cerr(c, e, "prefix", "is required (or range = [ first, last ])");
	}
	get_ip4(c, e, "mask", 0, &p->mask);
	get_ip4(c, e, "router", 0, &p->router);
	get_ip4_list(c, e, "dns", p->dns, &p->n_dns, DHCP_MAX_DNS);
	get_ip4_list(c, e, "exclude", p->exclude, &p->n_exclude, DHCP_MAX_EXCLUDE);
	if ((s = get_str(c, e, "domain", 0)) != NULL)
		copy_str(c, e, "domain", s, p->domain, sizeof(p->domain));
	get_u32(c, e, "lease_time", &p->lease_s, DHCP_MIN_LEASE_S, 1u << 30);
}

/* { mac = "02:..."; address = "10.0.0.5"; } or { circuit_id = "..."; address = ...; } */
static void
parse_dhcp_reservation(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "mac", "circuit_id", "address", NULL };
	struct dhcp_reservation *r = &cfg->dhcp.reservations[cfg->dhcp.n_reservations];
	const char *mac = get_str(c, e, "mac", 0), *cid = get_str(c, e, "circuit_id", 0);

	memset(r, 0, sizeof(*r));
	check_members(c, e, allowed);
	get_ip4(c, e, "address", 1, &r->addr);
	if ((mac == NULL) == (cid == NULL)) {
		cerr(c, e, NULL, "a reservation names a mac or a circuit_id (one of them)");
		return;
	}
	if (mac != NULL && rte_ether_unformat_addr(mac, &r->mac) != 0)
		cerr(c, config_setting_get_member(e, "mac"), NULL, "\"%s\" is not a MAC address", mac);
	if (cid != NULL) {
		size_t n = strlen(cid);

		if (n == 0 || n > DHCP_AGENT_ID_MAX)
			cerr(c, config_setting_get_member(e, "circuit_id"), NULL,
			     "must be 1 to %d characters", DHCP_AGENT_ID_MAX);
		else
			memcpy(r->circuit_id, cid, n), r->circuit_len = (uint8_t)n, r->by_circuit = 1;
	}
}

/*
 * dhcp = { server_id = "10.0.0.1"; lease_file = "..."; lease_time = 3600;
 *          max_leases = 65536; discover_rate = 2; discover_burst = 8;
 *          offer_hold_s = 30; decline_hold_s = 600;
 *          pools = ( ... ); reservations = ( ... ); };
 */
void
bngd_config_parse_dhcp(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "mode", "server_id", "lease_file", "lease_time",
					       "max_leases", "discover_rate", "discover_burst",
					       "offer_hold_s", "decline_hold_s", "pools",
					       "reservations", "servers", "remote_id", NULL };
	const config_setting_t *g = want_group(c, root, "dhcp", CONFIG_TYPE_GROUP);
	struct dhcp_config *d = &cfg->dhcp;
	const char *s;

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	cfg->dhcp_enabled = 1;
	if ((s = get_str(c, g, "mode", 0)) != NULL) {
		if (strcmp(s, "relay") == 0)
			cfg->dhcp_relay = 1;
		else if (strcmp(s, "server") != 0)
			cerr(c, config_setting_get_member(g, "mode"), NULL,
			     "must be \"server\" or \"relay\", not \"%s\"", s);
	}
	if (cfg->dhcp_relay) {
		static const char *const server_only[] = { "server_id", "lease_file", "lease_time",
							   "discover_rate", "discover_burst",
							   "offer_hold_s", "decline_hold_s",
							   "pools", "reservations", NULL };

		for (const char *const *k = server_only; *k; k++)
			if (config_setting_get_member(g, *k) != NULL)
				cerr(c, config_setting_get_member(g, *k), NULL,
				     "is for mode = \"server\" (the relay's servers decide)");
		get_ip4_list(c, g, "servers", cfg->dhcp_servers, &cfg->dhcp_n_servers,
			     RTE_DIM(cfg->dhcp_servers));
		if (cfg->dhcp_n_servers == 0)
			cerr(c, g, "servers", "is required in relay mode: [ \"server address\", ... ]");
		if ((s = get_str(c, g, "remote_id", 0)) != NULL) {
			if (strlen(s) > DHCP_AGENT_ID_MAX)
				cerr(c, config_setting_get_member(g, "remote_id"), NULL,
				     "longer than %d characters", DHCP_AGENT_ID_MAX);
			else
				copy_str(c, g, "remote_id", s, cfg->dhcp_remote_id,
					 sizeof(cfg->dhcp_remote_id));
		}
		get_u32(c, g, "max_leases", &d->max_leases, 16, 1u << 24);
		return;
	}
	if (config_setting_get_member(g, "servers") != NULL)
		cerr(c, config_setting_get_member(g, "servers"), NULL, "is for mode = \"relay\"");
	get_ip4(c, g, "server_id", 0, &d->server_id);
	if ((s = get_str(c, g, "lease_file", 0)) != NULL)
		copy_str(c, g, "lease_file", s, cfg->dhcp_lease_file, sizeof(cfg->dhcp_lease_file));
	get_u32(c, g, "lease_time", &d->default_lease_s, DHCP_MIN_LEASE_S, 1u << 30);
	get_u32(c, g, "max_leases", &d->max_leases, 16, 1u << 24);
	get_u32(c, g, "discover_rate", &d->discover_rate, 0, 1000000);
	get_u32(c, g, "discover_burst", &d->discover_burst, 1, 1000000);
	get_u32(c, g, "offer_hold_s", &d->offer_hold_s, 1, 3600);
	get_u32(c, g, "decline_hold_s", &d->decline_hold_s, 1, 86400);
	if (parse_list(c, g, "pools", "{ name = ...; prefix = ...; }", &d->n_pools, DHCP_MAX_POOLS,
		       cfg, parse_dhcp_pool) == NULL)
		cerr(c, g, "pools", "is required: at least one pool");
	parse_list(c, g, "reservations", "{ mac = ...; address = ...; }", &d->n_reservations,
		   DHCP_MAX_RESERVATIONS, cfg, parse_dhcp_reservation);
}

/*
 * Once the ports are known: the server's address defaults to the first
 * IPv4 address of the first access port, and must be one of ours.
 */
void
bngd_config_check_dhcp(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	const config_setting_t *g = config_setting_get_member(root, "dhcp");
	int ours = 0;

	if (!cfg->dhcp_enabled || cfg->dhcp_relay)
		return;
	for (uint32_t i = 0; i < cfg->n_ports; i++)
		for (uint32_t a = 0; a < cfg->ports[i].n_addr; a++) {
			const struct bngd_prefix *p = &cfg->ports[i].addr[a];

			if (p->v6)
				continue;
			if (cfg->dhcp.server_id == 0 && cfg->ports[i].role == BNG_ROLE_ACCESS)
				memcpy(&cfg->dhcp.server_id, p->addr, 4);
			ours |= memcmp(&cfg->dhcp.server_id, p->addr, 4) == 0;
		}
	if (cfg->dhcp.server_id == 0)
		cerr(c, g, "server_id", "is required: no access port has an IPv4 address");
	else if (!ours)
		cerr(c, config_setting_get_member(g, "server_id"), NULL,
		     "is not an address of any port");
}

/*
 * ra = { interval_s = 200; lifetime_s = 1800; managed = false; other = false; };
 * The port's IPv6 subnets are advertised on-link and autonomous (SLAAC).
 */
void
bngd_config_parse_ra(struct cctx *c, const config_setting_t *port, struct bngd_port_cfg *pc)
{
	static const char *const allowed[] = { "interval_s", "lifetime_s", "managed", "other", NULL };
	const config_setting_t *g = want_group(c, port, "ra", CONFIG_TYPE_GROUP);
	int b;

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	pc->ra = 1;
	pc->ra_interval_s = 600;   /* RFC 4861 MaxRtrAdvInterval default */
	pc->ra_lifetime_s = 1800;
	get_u32(c, g, "interval_s", &pc->ra_interval_s, 4, 1800);
	get_u32(c, g, "lifetime_s", &pc->ra_lifetime_s, 0, 9000);
	if (config_setting_lookup_bool(g, "managed", &b) == CONFIG_TRUE)
		pc->ra_managed = (uint8_t)b;
	if (config_setting_lookup_bool(g, "other", &b) == CONFIG_TRUE)
		pc->ra_other = (uint8_t)b;
}

/* "100-199,300" into a bitmap of VLAN ids 1..4094. @return 0 or -1 (reported). */
static int
vlan_list(struct cctx *c, const config_setting_t *g, const char *name, uint64_t *bits)
{
	const char *s = get_str(c, g, name, 0);
	char *end;

	if (s == NULL)
		return 1;
	while (*s) {
		unsigned long a = strtoul(s, &end, 10), b = a;

		if (end == s)
			goto bad;
		if (*end == '-')
			b = strtoul(end + 1, &end, 10);
		if (a < 1 || b > 4094 || a > b || (*end != ',' && *end != '\0'))
			goto bad;
		for (unsigned long v = a; v <= b; v++)
			bits[v / 64] |= 1ull << (v % 64);
		s = *end ? end + 1 : end;
	}
	return 0;
bad:
	cerr(c, config_setting_get_member(g, name), NULL,
	     "\"%s\" is not a list of VLAN ids and ranges from 1 to 4094 (\"100-199,300\")",
	     get_str(c, g, name, 0));
	return -1;
}

void
bngd_config_parse_vlans(struct cctx *c, const config_setting_t *port, struct bngd_port_cfg *pc)
{
	static const char *const allowed[] = { "outer", "inner", NULL };
	const config_setting_t *g = want_group(c, port, "subscriber_vlans", CONFIG_TYPE_GROUP);
	int r;

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	if (vlan_list(c, g, "outer", pc->vlans.outer) == 1)
		cerr(c, g, "outer", "is required: the S-VLAN (or single VLAN) ids, \"100-199,300\"");
	r = vlan_list(c, g, "inner", pc->vlans.inner);
	pc->vlans.qinq = r == 0;
	pc->subscriber_vlans = 1;
	pc->vlan_ranges = 1;
}
