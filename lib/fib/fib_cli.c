/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of lib/fib. The management lcore is the FIB's only
 * writer, so it reads it directly.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "fib_cli.h"

static json_t *
addr_json(const uint8_t *a, int v6, int len)
{
	char s[INET6_ADDRSTRLEN + 5];

	inet_ntop(v6 ? AF_INET6 : AF_INET, a, s, INET6_ADDRSTRLEN);
	if (len >= 0)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "/%d", len);
	return json_string(s);
}

static const char *
nh_kind(const struct fib_nh *nh)
{
	if (nh->flags & FIB_NH_DROP)
		return "blackhole";
	if (nh->flags & FIB_NH_LOCAL)
		return "local";
	if (nh->flags & FIB_NH_CONNECTED)
		return "connected";
	return (nh->flags & FIB_NH_RESOLVED) ? "resolved" : "unresolved";
}

static int
show_routes(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const keys[] = { "vrf", NULL };
	struct fib_cli *c = arg;
	const struct fib *f = c->fib;
	const char *v[1];
	unsigned long vrf = 0;
	json_t *a = json_array();

	if (cli_args(req, argc, argv, keys, v, NULL, NULL) != 0 ||
	    (v[0] && cli_uint(req, "vrf", v[0], FIB_MAX_VRF - 1, &vrf) != 0)) {
		json_decref(a);
		return -1;
	}
	for (uint32_t i = 0; i < f->n_routes; i++) {
		const struct fib_route *r = &f->routes[i];
		const struct fib_nh *nh = &f->nh[r->nh];
		int gw = !(nh->flags & (FIB_NH_CONNECTED | FIB_NH_DROP | FIB_NH_LOCAL)) &&
			 r->depth != (r->v6 ? 128 : 32);

		if (v[0] && r->vrf != vrf)
			continue;
		json_array_append_new(a, json_pack("{s:i, s:o, s:s, s:o, s:s}", "vrf", r->vrf,
						   "prefix", addr_json(r->prefix, r->v6, r->depth),
						   "type", nh_kind(nh),
						   "via", gw ? addr_json(nh->gw, r->v6, -1) : json_null(),
						   "port", (nh->flags & FIB_NH_DROP) ? "-" :
							   c->port_name(c->app, nh->port)));
	}
	*out = a;
	return 0;
}

/* Who put a next hop's MAC there. */
static const char *
nh_state(const struct fib_nh *nh)
{
	if (!(nh->flags & FIB_NH_RESOLVED))
		return "unresolved";
	if (nh->host & FIB_HOST_SUB)
		return "subscriber";
	if (nh->host & FIB_HOST_ARP)
		return "learned";
	return "configured";
}

static int
show_adjacencies(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	struct fib_cli *c = arg;
	const struct fib *f = c->fib;
	json_t *a = json_array();

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0) {
		json_decref(a);
		return -1;
	}
	for (uint32_t i = 0; i < f->n_nh; i++) {
		const struct fib_nh *nh = &f->nh[i];
		char mac[RTE_ETHER_ADDR_FMT_SIZE];

		if (nh->flags & (FIB_NH_CONNECTED | FIB_NH_LOCAL | FIB_NH_DROP | FIB_NH_NAT) ||
		    (nh->host & FIB_HOST_FREE))
			continue;
		rte_ether_format_addr(mac, sizeof(mac), &nh->dmac);
		json_array_append_new(a, json_pack("{s:i, s:o, s:s, s:s, s:s}", "vrf", nh->vrf,
						   "address", addr_json(nh->gw, !!(nh->flags & FIB_NH_V6), -1),
						   "mac", (nh->flags & FIB_NH_RESOLVED) ? mac : "-",
						   "state", nh_state(nh),
						   "port", c->port_name(c->app, nh->port)));
	}
	*out = a;
	return 0;
}

static const struct cli_cmd fib_cmds[] = {
	{ "show routes", "[vrf N]", "routes of every VRF (or one): prefix, type, gateway, port",
	  show_routes, NULL },
	{ "show adjacencies", "", "next hops with their link-layer addresses (learned hosts "
	  "included)", show_adjacencies, NULL },
};

int
fib_cli_register(struct cli_registry *r, struct fib_cli *ctx)
{
	return cli_register(r, fib_cmds, RTE_DIM(fib_cmds), ctx);
}
