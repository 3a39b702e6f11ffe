/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * NAT console commands.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "nat_cli.h"
#include "nat_priv.h"

static json_t *
ip_json(uint32_t a)
{
	char s[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, s, sizeof(s));
	return json_string(s);
}

static int
show_statistics(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct nat_cli *c = arg;
	struct nat_stats sum = { 0 };
	uint32_t subs = 0, maps = 0, quar = 0;
	json_t *st, *workers;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	workers = json_array();
	for (unsigned int w = 0; w < c->n_workers; w++) {
		const uint64_t *v = (const uint64_t *)nat_worker_stats(c->workers[w]);
		uint32_t s, m, q;

		for (unsigned int i = 0; i < NAT_STATS; i++)
			((uint64_t *)&sum)[i] += v[i];
		nat_worker_counts(c->workers[w], &s, &m, &q);
		subs += s;
		maps += m;
		quar += q;
		json_array_append_new(workers, json_pack("{s:i, s:i, s:i, s:i}", "worker", w,
							 "subscribers", s, "mappings", m,
							 "quarantined_ports", q));
	}
	st = json_object();
	for (unsigned int i = 0; i < NAT_STATS; i++)
		json_object_set_new(st, nat_stat_name(i), json_integer((json_int_t)((uint64_t *)&sum)[i]));
	*out = json_pack("{s:i, s:i, s:i, s:o, s:o}", "subscribers", subs, "mappings", maps,
			 "quarantined_ports", quar, "counters", st, "workers", workers);
	return 0;
}

static int
show_pools(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct nat_cli *c = arg;
	json_t *a;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	a = json_array();
	for (uint32_t i = 0; i < c->nat->n_instances; i++) {
		const struct nat_instance *in = &c->nat->inst[i];

		/* A shared pool is listed once, under its owner. */
		if (in->pool != i)
			continue;
		for (uint32_t ad = 0; ad < in->cfg.n_addr; ad++) {
			uint32_t total = 0, used = 0, ports = 0;
			json_t *o, *by = json_array();

			for (unsigned int w = 0; w < c->n_workers; w++) {
				struct nat_addr_usage u;

				nat_worker_addr_usage(c->workers[w], (uint16_t)i, ad, &u);
				total += u.blocks_total;
				used += u.blocks_used;
				ports += u.ports_used;
			}
			o = json_pack("{s:s, s:o, s:i, s:i, s:i, s:i}", "instance", in->cfg.name,
				      "address", ip_json(in->cfg.addr[ad]), "blocks", total,
				      "blocks_used", used, "blocks_free", total - used,
				      "ports_used", ports);
			for (uint32_t j = i + 1; j < c->nat->n_instances; j++)
				if (c->nat->inst[j].pool == i)
					json_array_append_new(by, json_string(c->nat->inst[j].cfg.name));
			if (json_array_size(by))
				json_object_set_new(o, "shared_by", by);
			else
				json_decref(by);
			json_array_append_new(a, o);
		}
	}
	*out = a;
	return 0;
}

static int
show_subscribers(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const keys[] = { "address", "limit", NULL };
	const struct nat_cli *c = arg;
	const char *v[2];
	unsigned long limit = 100;
	uint32_t want = 0, shown = 0, total = 0;
	json_t *a;

	if (cli_args(req, argc, argv, keys, v, NULL, NULL) != 0)
		return -1;
	if (v[0] && inet_pton(AF_INET, v[0], &want) != 1) {
		cli_error(req, "address: \"%s\" is not an IPv4 address", v[0]);
		return -1;
	}
	if (v[1] && cli_uint(req, "limit", v[1], 100000, &limit) != 0)
		return -1;
	a = json_array();
	for (unsigned int w = 0; w < c->n_workers; w++) {
		const struct nat_worker *nw = c->workers[w];

		for (uint32_t i = 0; i < c->nat->max_subs; i++) {
			const struct nat_sub *s = &nw->subs[i];
			const struct nat_instance *in;
			json_t *blocks;

			if (s->inst == NAT_NONE || s->inst >= c->nat->n_instances ||
			    (want && s->addr != want))
				continue;
			total++;
			if (shown >= limit)
				continue;
			in = &c->nat->inst[s->inst];
			blocks = json_array();
			for (uint32_t b = 0; b < s->n_blocks && b < NAT_MAX_SUB_BLOCKS; b++) {
				uint32_t lb = s->blocks[b];
				uint32_t g = (lb % nw->inst[s->inst].own_per_addr) * c->nat->n_workers + w;
				uint32_t p0 = in->cfg.port_min + g * in->cfg.block_size;
				char r[16];

				snprintf(r, sizeof(r), "%u-%u", p0, p0 + in->cfg.block_size - 1);
				json_array_append_new(blocks, json_string(r));
			}
			json_array_append_new(a, json_pack("{s:i, s:o, s:i, s:s, s:o, s:o, s:i, s:i}",
							   "worker", w, "subscriber", ip_json(s->addr),
							   "tenant", s->tenant, "instance", in->cfg.name,
							   "external", ip_json(in->cfg.addr[s->ext]),
							   "blocks", blocks, "mappings", s->mappings,
							   "sessions", s->sessions));
			shown++;
		}
	}
	*out = json_pack("{s:i, s:i, s:o}", "matched", total, "shown", shown, "subscribers", a);
	return 0;
}

static int
show_logging(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct nat_cli *c = arg;
	const struct nat_log_config *lc;
	char host[INET6_ADDRSTRLEN], coll[INET6_ADDRSTRLEN + 8];
	uint64_t queued = 0, lost = 0, throttled = 0;
	const struct nat_log_stats *st;
	json_t *counters, *events;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	if (c->log == NULL) {
		*out = json_pack("{s:s}", "format", "off");
		return 0;
	}
	lc = nat_log_get_config(c->log);
	st = nat_log_get_stats(c->log);
	if (lc->collector.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&lc->collector;

		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		snprintf(coll, sizeof(coll), "[%s]:%u", host, ntohs(a->sin6_port));
	} else {
		const struct sockaddr_in *a = (const struct sockaddr_in *)&lc->collector;

		inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		snprintf(coll, sizeof(coll), "%s:%u", host, ntohs(a->sin_port));
	}
	for (unsigned int w = 0; w < c->n_workers; w++) {
		const struct nat_stats *ws = nat_worker_stats(c->workers[w]);

		queued += ws->log_queued;
		lost += ws->log_lost;
		throttled += ws->log_throttled;
	}
	counters = json_object();
	for (unsigned int i = 0; i < NAT_LOG_STATS; i++)
		json_object_set_new(counters, nat_log_stat_name(i),
				    json_integer((json_int_t)((const uint64_t *)st)[i]));
	events = json_array();
	if (lc->events & NAT_LOG_BLOCKS)
		json_array_append_new(events, json_string("blocks"));
	if (lc->events & NAT_LOG_MAPPINGS)
		json_array_append_new(events, json_string("mappings"));
	if (lc->events & NAT_LOG_SESSIONS)
		json_array_append_new(events, json_string("sessions"));
	json_array_append_new(events, json_string("limits"));
	*out = json_pack("{s:s, s:s, s:o, s:I, s:I, s:I, s:o}",
			 "format", lc->format == NAT_LOG_IPFIX ? "ipfix" : "syslog",
			 "collector", coll, "events", events,
			 "queued", (json_int_t)queued, "lost", (json_int_t)lost,
			 "throttled", (json_int_t)throttled, "counters", counters);
	return 0;
}

static json_t *
endpoint_json(uint32_t addr, uint16_t port)
{
	char a[INET_ADDRSTRLEN], buf[INET_ADDRSTRLEN + 8];

	inet_ntop(AF_INET, &addr, a, sizeof(a));
	if (port == 0)
		return json_string(a);
	snprintf(buf, sizeof(buf), "%s:%u", a, ntohs(port));
	return json_string(buf);
}

static int
show_static(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct nat_cli *c = arg;
	const struct nat *n = c->nat;
	json_t *rules = json_array();

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0) {
		json_decref(rules);
		return -1;
	}
	for (uint32_t i = 0; i < n->n_static; i++) {
		const struct nat_static *r = &n->statics[i];

		json_array_append_new(rules, json_pack("{s:s, s:i, s:o, s:o, s:s}",
			"instance", n->inst[r->inst].cfg.name, "tenant", r->tenant,
			"inside", endpoint_json(r->inside, r->iport),
			"outside", endpoint_json(r->outside, r->oport),
			"proto", r->proto == IPPROTO_TCP ? "tcp" : r->proto == IPPROTO_UDP ? "udp" : "any"));
	}
	*out = json_pack("{s:o}", "static", rules);
	return 0;
}

/*
 * Deterministic NAT both ways, from the configuration alone (RFC 7422):
 * "inside A" gives its address and port range, "outside A port P" the
 * inside host that held it.
 */
static int
show_deterministic(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const keys[] = { "inside", "outside", "port", NULL };
	const struct nat_cli *c = arg;
	const struct nat *n = c->nat;
	const char *v[3];
	unsigned long port = 0;
	uint32_t a;
	json_t *res = json_array();

	if (cli_args(req, argc, argv, keys, v, NULL, NULL) != 0)
		goto fail;
	if ((v[0] == NULL) == (v[1] == NULL) || (v[1] != NULL) != (v[2] != NULL)) {
		cli_error(req, "say \"inside ADDRESS\" or \"outside ADDRESS port PORT\"");
		goto fail;
	}
	if (inet_pton(AF_INET, v[0] ? v[0] : v[1], &a) != 1) {
		cli_error(req, "%s: \"%s\" is not an IPv4 address", v[0] ? "inside" : "outside",
			  v[0] ? v[0] : v[1]);
		goto fail;
	}
	if (v[2] && cli_uint(req, "port", v[2], 65535, &port) != 0)
		goto fail;
	for (uint32_t i = 0; i < n->n_instances; i++) {
		const struct nat_instance *in = &n->inst[i];
		uint32_t ext, p0, inside;
		char r[16];
		int x;

		if (!in->cfg.deterministic)
			continue;
		if (v[0] && nat_det_forward(in, a, &ext, &p0) == 0) {
			snprintf(r, sizeof(r), "%u-%u", p0, p0 + in->det_ports - 1);
			json_array_append_new(res, json_pack("{s:s, s:o, s:o, s:s}",
				"instance", in->cfg.name, "inside", ip_json(a),
				"outside", ip_json(in->cfg.addr[ext]), "ports", r));
		} else if (v[1] && (x = nat_ext_index(n, (uint16_t)i, a)) >= 0 &&
			   (inside = nat_det_reverse(in, (uint32_t)x,
						     rte_cpu_to_be_16((uint16_t)port))) != 0) {
			json_array_append_new(res, json_pack("{s:s, s:o, s:i, s:o}",
				"instance", in->cfg.name, "outside", ip_json(a), "port", (int)port,
				"inside", ip_json(inside)));
		}
	}
	*out = json_pack("{s:o}", "mappings", res);
	return 0;
fail:
	json_decref(res);
	return -1;
}

static const struct cli_cmd nat_cmds[] = {
	{ "show nat statistics", "", "NAT counters, subscribers, mappings and quarantined ports",
	  show_statistics, NULL },
	{ "show nat pools", "", "per external address: port blocks used and free, ports in use",
	  show_pools, NULL },
	{ "show nat subscribers", "[address A] [limit N]",
	  "subscribers with their external address, port blocks, mappings and sessions",
	  show_subscribers, NULL },
	{ "show nat logging", "", "the NAT event log: collector, events, what was sent and lost",
	  show_logging, NULL },
	{ "show nat static", "", "static rules: 1:1 mappings and port forwards",
	  show_static, NULL },
	{ "show nat deterministic", "inside A | outside A port P",
	  "deterministic NAT (RFC 7422) computed both ways: a host's address and ports, "
	  "or the host behind an address and port",
	  show_deterministic, NULL },
};

int
nat_cli_register(struct cli_registry *r, struct nat_cli *ctx)
{
	return cli_register(r, nat_cmds, RTE_DIM(nat_cmds), ctx);
}
