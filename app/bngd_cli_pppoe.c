/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of the PPPoE access concentrator: its sessions, its
 * counters, ending a session; and of its RADIUS client.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "bngd_cli_edge.h"
#include "bngd_mgmt.h"
#include "aaa.h"
#include "bngd_pppoe.h"
#include "pppoe.h"

static json_t *
addr_json(uint32_t a)
{
	char s[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, s, sizeof(s));
	return json_string(s);
}

/* An IPv6CP Interface-Identifier as the low half of an IPv6 address writes it. */
static json_t *
ifid_json(uint64_t id)
{
	char s[20];

	snprintf(s, sizeof(s), "%04x:%04x:%04x:%04x", (unsigned int)(id >> 48),
		 (unsigned int)(id >> 32) & 0xffff, (unsigned int)(id >> 16) & 0xffff,
		 (unsigned int)id & 0xffff);
	return json_string(s);
}

static const struct pppoe *
engine_or_error(struct cli_req *req, const struct bngd *app)
{
	const struct pppoe *e = bngd_pppoe_engine(app);

	if (e == NULL)
		cli_error(req, "PPPoE is off (no pppoe section in the configuration)");
	return e;
}

static int
show_sessions(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const flags[] = { "detail", NULL };
	const struct bngd *app = arg;
	const struct pppoe *e;
	struct pppoe_session_info si;
	unsigned int fset;
	uint32_t now = bngd_mgmt_ms();
	json_t *a;

	if (cli_args(req, argc, argv, NULL, NULL, flags, &fset) != 0 ||
	    (e = engine_or_error(req, app)) == NULL)
		return -1;
	a = json_array();
	for (uint32_t cur = 0; pppoe_session_next(e, &cur, now, &si) == 0;) {
		char mac[RTE_ETHER_ADDR_FMT_SIZE];
		uint64_t t[4];
		json_t *o;

		rte_ether_format_addr(mac, sizeof(mac), &si.mac);
		o = json_pack("{s:i, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:I}", "session",
			      si.session_id, "mac", mac, "port", bngd_port_name(app, si.port),
			      "user", si.username, "address", addr_json(si.addr),
			      "phase", pppoe_phase_name(si.phase),
			      "lcp", pppoe_cp_state_name(si.lcp_state),
			      "ipcp", pppoe_cp_state_name(si.ipcp_state),
			      "ipv6cp", pppoe_cp_state_name(si.ipv6cp_state),
			      "uptime_s", (json_int_t)(si.uptime_ms / 1000));
		if (fset & 1) {
			json_object_set_new(o, "svlan", json_integer(si.svlan));
			json_object_set_new(o, "cvlan", json_integer(si.cvlan));
			json_object_set_new(o, "auth", json_string(pppoe_auth_name(si.auth_proto)));
			json_object_set_new(o, "mru", json_integer(si.mru));
			json_object_set_new(o, "dns", json_pack("[o, o]", addr_json(si.dns1),
								addr_json(si.dns2)));
			json_object_set_new(o, "ifid_local", ifid_json(si.ifid));
			json_object_set_new(o, "ifid_peer", ifid_json(si.peer_ifid));
			json_object_set_new(o, "echo_sent", json_integer(si.echo_sent));
			json_object_set_new(o, "echo_replies", json_integer(si.echo_replies));
			json_object_set_new(o, "age_s", json_integer(si.age_ms / 1000));
			json_object_set_new(o, "filter_id",
					    json_string(bngd_pppoe_filter_id(app, si.session_id)));
			json_object_set_new(o, "idle_timeout_s",
					    json_integer(bngd_pppoe_idle_timeout(app, si.session_id)));
			if (bngd_pppoe_traffic(app, si.session_id, t) == 0)
				json_object_set_new(o, "traffic", json_pack("{s:I, s:I, s:I, s:I}",
					"packets_up", (json_int_t)t[0], "bytes_up", (json_int_t)t[1],
					"packets_down", (json_int_t)t[2], "bytes_down", (json_int_t)t[3]));
		}
		json_array_append_new(a, o);
	}
	*out = json_pack("{s:o, s:i}", "sessions", a, "total", pppoe_session_count(e));
	return 0;
}

static int
show_statistics(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct pppoe *e;
	const struct pppoe_stats *st;
	uint64_t pool, unknown, full;
	json_t *c, *r, *d;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0 ||
	    (e = engine_or_error(req, app)) == NULL)
		return -1;
	st = pppoe_stats_get(e);
	c = json_object();
	for (unsigned int i = 0; i < PPPOE_STATS; i++)
		json_object_set_new(c, pppoe_stat_name(i),
				    json_integer((json_int_t)((const uint64_t *)st)[i]));
	r = json_object();
	for (unsigned int i = 1; i < PPPOE_R_MAX; i++)
		if (st->reason[i])
			json_object_set_new(r, pppoe_reason_name(i), json_integer((json_int_t)st->reason[i]));
	d = json_object();
	for (unsigned int i = 1; i < PPPOE_DOWN_MAX; i++)
		if (st->down[i])
			json_object_set_new(d, pppoe_down_name(i), json_integer((json_int_t)st->down[i]));
	bngd_pppoe_counters(app, &pool, &unknown, &full);
	*out = json_pack("{s:i, s:o, s:o, s:o, s:I, s:I, s:I}", "sessions", pppoe_session_count(e),
			 "counters", c, "refused", r, "down", d, "pool_exhausted", (json_int_t)pool,
			 "unknown_users", (json_int_t)unknown, "fib_full", (json_int_t)full);
	return 0;
}

static int
clear_session(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const keys[] = { "id", NULL };
	struct bngd *app = arg;
	const char *v[1];
	unsigned long id;

	if (cli_args(req, argc, argv, keys, v, NULL, NULL) != 0 ||
	    engine_or_error(req, app) == NULL)
		return -1;
	if (v[0] == NULL) {
		cli_error(req, "say \"clear pppoe session id N\"");
		return -1;
	}
	if (cli_uint(req, "id", v[0], 65535, &id) != 0)
		return -1;
	if (bngd_pppoe_terminate(app, (uint16_t)id, bngd_mgmt_ms()) != 0) {
		cli_error(req, "no session %lu (or it is ending already)", id);
		return -1;
	}
	*out = json_pack("{s:i}", "terminating", (int)id);
	return 0;
}

static int
show_aaa(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct aaa_config *ac = &app->cfg->aaa;
	const struct aaa_stats *st;
	const struct aaa *a;
	json_t *c, *srv;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	if ((a = bngd_pppoe_aaa(app)) == NULL) {
		cli_error(req, "no AAA: no pppoe section, or neither RADIUS servers (aaa) nor "
			  "pppoe users in the configuration");
		return -1;
	}
	st = aaa_stats_get(a);
	c = json_object();
	for (unsigned int i = 0; i < AAA_STATS; i++)
		json_object_set_new(c, aaa_stat_name(i),
				    json_integer((json_int_t)((const uint64_t *)st)[i]));
	srv = json_array();
	for (unsigned int i = 0; i < ac->n_servers; i++)
		json_array_append_new(srv, json_pack("{s:s, s:i, s:i}", "address", ac->servers[i].host,
						     "auth_port", ac->servers[i].auth_port,
						     "acct_port", ac->servers[i].acct_port));
	*out = json_pack("{s:s, s:i, s:o, s:i, s:i, s:i, s:I, s:o}", "mode",
			 app->cfg->aaa_enabled ? "radius" : "local", "users",
			 app->cfg->aaa_enabled ? 0 : (int)app->cfg->pppoe_n_users, "servers", srv,
			 "threads", app->cfg->aaa_enabled ? (int)ac->threads : 0, "queue_size",
			 (int)aaa_queue_size(a), "pending", (int)aaa_pending(a), "refused",
			 (json_int_t)bngd_pppoe_radius_refused(app), "counters", c);
	return 0;
}

static const struct cli_cmd pppoe_cmds[] = {
	{ "show pppoe sessions", "[detail]", "PPPoE sessions: id, MAC, port, user, address, "
	  "LCP/IPCP/IPv6CP state, uptime; detail adds VLANs, MRU, DNS, IPv6CP interface "
	  "identifiers, keepalive", show_sessions, NULL },
	{ "show pppoe statistics", "", "discovery and PPP counters, refusals and session ends by "
	  "reason", show_statistics, NULL },
	{ "clear pppoe session", "id N", "end a session: LCP Terminate, then PADT", clear_session,
	  NULL },
	{ "show aaa statistics", "", "who authenticates (RADIUS servers or local users), requests "
	  "queued and outstanding, answers, timeouts, refusals", show_aaa, NULL },
};

int
bngd_cli_pppoe_register(struct cli_registry *r, struct bngd *app)
{
	return cli_register(r, pppoe_cmds, RTE_DIM(pppoe_cmds), app);
}
