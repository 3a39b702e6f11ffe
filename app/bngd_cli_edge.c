/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of the L2/L3 edge and the IPoE subscribers: the ARP/ND
 * neighbour table (lib/vtap), the DHCP server's leases, pools and counters
 * (lib/dhcp) and the subscribers the leases made.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "bngd_cli_edge.h"
#include "bngd_dhcp.h"
#include "bngd_host.h"
#include "bngd_mgmt.h"
#include "bngd_neigh.h"
#include "dhcp.h"
#include "vtap.h"

static json_t *
ip_json(int v6, const void *a)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(v6 ? AF_INET6 : AF_INET, a, s, sizeof(s));
	return json_string(s);
}

static json_t *
mac_json(const struct rte_ether_addr *m)
{
	char s[RTE_ETHER_ADDR_FMT_SIZE];

	rte_ether_format_addr(s, sizeof(s), m);
	return json_string(s);
}

static json_t *
hex_json(const uint8_t *b, unsigned int n)
{
	char s[2 * 255 + 1];

	for (unsigned int i = 0; i < n && i < 255; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	s[2 * RTE_MIN(n, 255u)] = '\0';
	return json_string(s);
}

/* ---- interfaces ------------------------------------------------------------ */

static int
show_interfaces(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	json_t *a;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	a = json_array();
	for (uint16_t i = 0; i < app->n_ports; i++) {
		const struct bngd_port_cfg *pc = app->ports[i].cfg;
		json_t *addrs = json_array(), *o;
		char buf[INET6_ADDRSTRLEN + 8], ip[INET6_ADDRSTRLEN];

		for (uint32_t k = 0; k < pc->n_addr; k++) {
			inet_ntop(pc->addr[k].v6 ? AF_INET6 : AF_INET, pc->addr[k].addr, ip, sizeof(ip));
			snprintf(buf, sizeof(buf), "%s/%u", ip, pc->addr[k].len);
			json_array_append_new(addrs, json_string(buf));
		}
		o = json_pack("{s:s, s:s, s:i, s:i, s:o, s:i, s:o, s:s, s:b, s:b}",
			      "interface", pc->name, "role", pc->role == BNG_ROLE_ACCESS ? "access" : "core",
			      "tenant", pc->tenant, "vrf", (int)bngd_port_vrf(app, app->ports[i].id),
			      "mac", mac_json(&app->ports[i].mac), "mtu", pc->mtu ? pc->mtu : 1500,
			      "addresses", addrs,
			      "vlans", pc->vlan_ranges ? "ranges (subscribers)" :
				       pc->subscriber_vlans ? "any (subscribers)" : "untagged",
			      "anti_spoofing", pc->anti_spoofing, "proxy_arp", pc->proxy_arp);
		json_array_append_new(a, o);
	}
	*out = a;
	return 0;
}

static int
show_host_path(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct bngd_host_stats *st;
	const char *name;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	st = bngd_host_stats(app, &name);
	if (st == NULL) {
		cli_error(req, "no exception path (exception_path.interface is not set)");
		return -1;
	}
	*out = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "interface", name,
			 "to_kernel", (json_int_t)st->to_kernel,
			 "to_kernel_failed", (json_int_t)st->to_kernel_failed,
			 "from_kernel", (json_int_t)st->from_kernel,
			 "from_kernel_bad", (json_int_t)st->from_kernel_bad,
			 "no_route", (json_int_t)st->no_route, "unresolved", (json_int_t)st->unresolved);
	return 0;
}

/* ---- neighbours ------------------------------------------------------------ */

static int
show_neighbors(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct vtap *v = bngd_neigh_vtap(app);
	struct vtap_neigh_info n;
	json_t *a;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	a = json_array();
	for (uint32_t cur = 0; v != NULL && vtap_neigh_next(v, &cur, &n) == 0;) {
		json_t *o = json_pack("{s:o, s:s, s:s, s:b, s:i}", "address", ip_json(n.ip.v6, n.ip.a),
				      "port", bngd_port_name(app, n.port),
				      "state", vtap_neigh_state_name(n.state),
				      "static", !!(n.flags & VTAP_NF_STATIC), "held", n.n_held);

		if (n.state != VTAP_NS_INCOMPLETE && n.state != VTAP_NS_FAILED)
			json_object_set_new(o, "mac", mac_json(&n.mac));
		json_array_append_new(a, o);
	}
	*out = a;
	return 0;
}

static int
clear_neighbors(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const keys[] = { "address", NULL };
	struct bngd *app = arg;
	const struct vtap *v = bngd_neigh_vtap(app);
	struct vtap_neigh_info n;
	struct vtap_ip want = { 0 };
	const char *val[1];
	unsigned int cleared = 0;

	if (cli_args(req, argc, argv, keys, val, NULL, NULL) != 0)
		return -1;
	if (val[0] != NULL) {
		want.v6 = strchr(val[0], ':') != NULL;
		if (inet_pton(want.v6 ? AF_INET6 : AF_INET, val[0], want.a) != 1) {
			cli_error(req, "address: \"%s\" is not an IP address", val[0]);
			return -1;
		}
	}
	/* Learned entries only: static ones are the configuration's. */
	for (uint32_t cur = 0; v != NULL && vtap_neigh_next(v, &cur, &n) == 0;) {
		if ((n.flags & VTAP_NF_STATIC) ||
		    (val[0] != NULL && (n.ip.v6 != want.v6 || memcmp(n.ip.a, want.a, 16) != 0)))
			continue;
		if (bngd_neigh_forget(app, n.port, &n.ip) == 0)
			cleared++;
	}
	*out = json_pack("{s:i}", "cleared", cleared);
	return 0;
}

static int
show_neighbor_stats(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct vtap *v = bngd_neigh_vtap(app);
	const struct vtap_stats *st;
	json_t *c, *r;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	if (v == NULL) {
		cli_error(req, "no neighbour table");
		return -1;
	}
	st = vtap_stats_get(v);
	c = json_object();
	for (unsigned int i = 0; i < VTAP_STATS; i++)
		json_object_set_new(c, vtap_stat_name(i),
				    json_integer((json_int_t)((const uint64_t *)st)[i]));
	r = json_object();
	for (unsigned int i = 1; i < VTAP_R_MAX; i++)
		if (st->reason[i])
			json_object_set_new(r, vtap_reason_name(i), json_integer((json_int_t)st->reason[i]));
	*out = json_pack("{s:i, s:o, s:o, s:I, s:I, s:I}", "neighbors", vtap_neigh_count(v),
			 "counters", c, "not_handled", r, "frames_sent", (json_int_t)app->mgmt->sent,
			 "inject_full", (json_int_t)app->mgmt->inject_full,
			 "inject_nombuf", (json_int_t)app->mgmt->inject_nombuf);
	return 0;
}

/* ---- DHCP -------------------------------------------------------------------- */

static const char *const lease_state[] = { "free", "offered", "bound", "declined" };

struct lease_walk {
	const struct bngd *app;
	json_t *a;
	uint32_t want;          /**< address filter, 0: all */
	int bound_only;
	unsigned long limit, total;
	uint64_t now_ms;
};

static json_t *
lease_json(const struct lease_walk *lw, const struct dhcp_lease *l)
{
	json_t *o = json_pack("{s:o, s:s, s:o, s:s, s:i, s:I}", "address", ip_json(0, &l->addr),
			      "state", l->state < RTE_DIM(lease_state) ? lease_state[l->state] : "?",
			      "mac", mac_json(&l->mac), "port", bngd_port_name(lw->app, l->port),
			      "tenant", l->tenant,
			      "expires_in_s", (json_int_t)(l->expiry_ms > lw->now_ms ?
							   (l->expiry_ms - lw->now_ms) / 1000 : 0));

	if (l->svlan)
		json_object_set_new(o, "svlan", json_integer(l->svlan));
	if (l->cvlan)
		json_object_set_new(o, "cvlan", json_integer(l->cvlan));
	if (l->client_id_len)
		json_object_set_new(o, "client_id", hex_json(l->client_id, l->client_id_len));
	if (l->circuit_len)
		json_object_set_new(o, "circuit_id", hex_json(l->circuit_id, l->circuit_len));
	if (l->remote_len)
		json_object_set_new(o, "remote_id", hex_json(l->remote_id, l->remote_len));
	return o;
}

static int
lease_visit(const struct dhcp_lease *l, void *arg)
{
	struct lease_walk *lw = arg;

	if ((lw->want && l->addr != lw->want) || (lw->bound_only && l->state != DHCP_LEASE_BOUND))
		return 0;
	if (lw->total++ < lw->limit)
		json_array_append_new(lw->a, lease_json(lw, l));
	return 0;
}

static int
walk_leases(struct cli_req *req, const struct bngd *app, int argc, char **argv, int bound_only,
	    const char *what, json_t **out)
{
	static const char *const keys[] = { "address", "limit", NULL };
	const struct dhcp_server *srv = bngd_dhcp_server(app);
	struct lease_walk lw = { .app = app, .bound_only = bound_only, .limit = 1000,
				 .now_ms = dhcp_clock_ms() };
	const char *val[2];

	if (cli_args(req, argc, argv, keys, val, NULL, NULL) != 0)
		return -1;
	if (val[0] != NULL && inet_pton(AF_INET, val[0], &lw.want) != 1) {
		cli_error(req, "address: \"%s\" is not an IPv4 address", val[0]);
		return -1;
	}
	if (val[1] != NULL && cli_uint(req, "limit", val[1], 1000000, &lw.limit) != 0)
		return -1;
	lw.a = json_array();
	if (srv != NULL)
		dhcp_lease_foreach(srv, lease_visit, &lw);
	*out = json_pack("{s:o, s:I}", what, lw.a, "total", (json_int_t)lw.total);
	return 0;
}

static int
show_leases(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	return walk_leases(req, arg, argc, argv, 0, "leases", out);
}

static int
show_subscribers(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct bngd_relay *r = bngd_dhcp_relay(app);
	json_t *j, *b;

	if (r == NULL)
		return walk_leases(req, app, argc, argv, 1, "subscribers", out);
	/* Relay mode: the subscribers the relayed ACKs made. */
	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	j = bngd_relay_json(app, r);
	b = json_incref(json_object_get(j, "bindings"));
	json_decref(j);
	*out = json_pack("{s:o, s:I}", "subscribers", b, "total", (json_int_t)json_array_size(b));
	return 0;
}

static int
show_relay(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct bngd_relay *r = bngd_dhcp_relay(app);

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	if (r == NULL) {
		cli_error(req, "DHCP is not in relay mode");
		return -1;
	}
	*out = bngd_relay_json(app, r);
	return 0;
}

static struct dhcp_server *
server_or_error(struct cli_req *req, const struct bngd *app)
{
	struct dhcp_server *srv = bngd_dhcp_server(app);

	if (srv == NULL)
		cli_error(req, bngd_dhcp_relay(app) != NULL ?
			  "DHCP is in relay mode: see show dhcp relay" :
			  "DHCP is off (no dhcp section in the configuration)");
	return srv;
}

static int
show_pools(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct dhcp_server *srv;
	json_t *a;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0 ||
	    (srv = server_or_error(req, arg)) == NULL)
		return -1;
	a = json_array();
	for (unsigned int i = 0; i < dhcp_pool_count(srv); i++) {
		struct dhcp_pool_usage u;

		if (dhcp_pool_usage(srv, i, &u) == 0)
			json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i}",
							   "name", u.name, "size", u.size,
							   "fixed", u.fixed, "offered", u.offered,
							   "bound", u.bound, "declined", u.declined,
							   "free", u.free));
	}
	*out = json_pack("{s:o}", "pools", a);
	return 0;
}

static json_t *
by_type(const uint64_t *v)
{
	json_t *o = json_object();

	for (unsigned int t = 1; t < DHCP_TYPE_MAX; t++)
		json_object_set_new(o, dhcp_msg_type_name(t), json_integer((json_int_t)v[t]));
	return o;
}

static int
show_dhcp_stats(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct dhcp_server *srv;
	const struct dhcp_counters *c;
	uint64_t no_route, bad, full;
	json_t *reasons, *errs, *st;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0 ||
	    (srv = server_or_error(req, app)) == NULL)
		return -1;
	c = dhcp_server_counters(srv);
	reasons = json_object();
	for (unsigned int i = 1; i < DHCP_REASON_MAX; i++)
		if (c->reason[i])
			json_object_set_new(reasons, dhcp_reason_name(i), json_integer((json_int_t)c->reason[i]));
	errs = json_object();
	for (unsigned int i = 1; i < DHCP_ERR_MAX; i++)
		if (c->parse_err[i])
			json_object_set_new(errs, dhcp_err_name(i), json_integer((json_int_t)c->parse_err[i]));
	st = json_object();
	for (unsigned int i = 0; i < DHCP_STAT_MAX; i++)
		json_object_set_new(st, dhcp_stat_name(i), json_integer((json_int_t)c->stat[i]));
	bngd_dhcp_counters(app, &no_route, &bad, &full);
	*out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:I}", "received", by_type(c->rx),
			 "sent", by_type(c->tx), "reasons", reasons, "malformed", errs, "stats", st,
			 "relay_no_route", (json_int_t)no_route, "not_dhcp", (json_int_t)bad,
			 "fib_full", (json_int_t)full);
	return 0;
}

static int
clear_lease(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const keys[] = { "address", NULL };
	struct dhcp_server *srv;
	const char *val[1];
	uint32_t a;

	if (cli_args(req, argc, argv, keys, val, NULL, NULL) != 0 ||
	    (srv = server_or_error(req, arg)) == NULL)
		return -1;
	if (val[0] == NULL || inet_pton(AF_INET, val[0], &a) != 1) {
		cli_error(req, "say \"clear dhcp lease address A\" (an IPv4 address)");
		return -1;
	}
	if (dhcp_lease_clear(srv, a) != 0) {
		cli_error(req, "no lease of %s", val[0]);
		return -1;
	}
	*out = json_pack("{s:i}", "cleared", 1);
	return 0;
}

static const struct cli_cmd edge_cmds[] = {
	{ "show interfaces", "", "L3 interfaces: role, tenant, VRF, MAC, MTU, addresses, VLANs, "
	  "anti-spoofing, proxy ARP", show_interfaces, NULL },
	{ "show exception-path", "", "the kernel exception path: its TUN interface, packets each way",
	  show_host_path, NULL },
	{ "show neighbors", "", "ARP and ND neighbours: address, MAC, port, state, held packets",
	  show_neighbors, NULL },
	{ "clear neighbors", "[address A]", "forget learned neighbours (static ones stay)",
	  clear_neighbors, NULL },
	{ "show neighbor statistics", "", "ARP/ND counters and frames not acted on, by reason",
	  show_neighbor_stats, NULL },
	{ "show dhcp leases", "[address A] [limit N]",
	  "DHCP leases: address, state, MAC, port, VLANs, option 82, time left", show_leases, NULL },
	{ "show dhcp pools", "", "DHCP pools: size, reserved, offered, bound, declined, free",
	  show_pools, NULL },
	{ "show dhcp statistics", "", "DHCP messages by type, refusals by reason, malformed ones, "
	  "lease file", show_dhcp_stats, NULL },
	{ "clear dhcp lease", "address A", "end a lease now (the subscriber goes with it)",
	  clear_lease, NULL },
	{ "show subscribers", "[address A] [limit N]",
	  "IPoE subscribers (bound DHCP leases, or relayed ones)", show_subscribers, NULL },
	{ "show dhcp relay", "", "relay mode: subscribers made by relayed ACKs, counters",
	  show_relay, NULL },
};

int
bngd_cli_edge_register(struct cli_registry *r, struct bngd *app)
{
	return cli_register(r, edge_cmds, RTE_DIM(edge_cmds), app);
}
