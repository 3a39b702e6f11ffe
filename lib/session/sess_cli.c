/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of lib/session. Results are JSON; the console prints
 * them as tables.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sess_cli.h"

#define SHOW_LIMIT_DEFAULT 100
#define SHOW_LIMIT_MAX     100000

const char *
sess_state_name(const struct sess_entry *s)
{
	if (s->proto != IPPROTO_TCP)
		return (s->flags & SESS_F_REPLY) ? "active" : "new";
	switch (sess_tcp_tclass(s->state)) {
	case SESS_TC_TCP_EST:
		return "established";
	case SESS_TC_TCP_FIN:
		return "closing";
	case SESS_TC_TCP_CLOSED:
		return (s->state & SESS_TCP_RST) ? "reset" : "closed";
	default:
		return (s->state & SESS_TCP_SYN1) ? "syn-received" : "syn-sent";
	}
}

static const char *const filter_keys[] = { "tenant", "address", "port", "protocol", "limit",
					    "service", NULL };
enum { K_TENANT, K_ADDRESS, K_PORT, K_PROTO, K_LIMIT, K_SERVICE };

static int
parse_proto(struct cli_req *req, const char *s, uint8_t *proto)
{
	static const struct { const char *name; uint8_t p; } names[] = {
		{ "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP }, { "icmp", IPPROTO_ICMP },
		{ "icmpv6", IPPROTO_ICMPV6 }, { "gre", IPPROTO_GRE }, { "esp", IPPROTO_ESP },
	};
	unsigned long v;

	for (unsigned int i = 0; i < RTE_DIM(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*proto = names[i].p;
			return 0;
		}
	if (cli_uint(req, "protocol (tcp, udp, icmp, icmpv6 or a number)", s, 255, &v) != 0)
		return -1;
	*proto = (uint8_t)v;
	return 0;
}

/* Filter words shared by show and clear. */
static int
parse_filter(const struct sess_cli *c, struct cli_req *req, int argc, char **argv,
	     const char *const *flags, struct sess_filter *f, unsigned int *fset,
	     unsigned long *limit)
{
	const char *v[RTE_DIM(filter_keys)];
	unsigned long n;
	int svc;

	memset(f, 0, sizeof(*f));
	if (cli_args(req, argc, argv, filter_keys, v, flags, fset) != 0)
		return -1;
	if (c->only_service != NULL && v[K_SERVICE] == NULL)
		v[K_SERVICE] = c->only_service;
	if (v[K_SERVICE]) {
		svc = sess_chain_find(c->chain, v[K_SERVICE]);
		if (svc < 0) {
			cli_error(req, "service: no service \"%s\" runs here", v[K_SERVICE]);
			return -1;
		}
		f->services = (uint16_t)(1u << svc);
		f->mask |= SESS_FILTER_SERVICES;
	}
	if (v[K_TENANT]) {
		if (cli_uint(req, "tenant", v[K_TENANT], UINT16_MAX, &n) != 0)
			return -1;
		f->tenant = (uint16_t)n;
		f->mask |= SESS_FILTER_TENANT;
	}
	if (v[K_ADDRESS]) {
		if (inet_pton(AF_INET, v[K_ADDRESS], f->addr) == 1) {
			f->v6 = 0;
		} else if (inet_pton(AF_INET6, v[K_ADDRESS], f->addr) == 1) {
			f->v6 = 1;
		} else {
			cli_error(req, "address: \"%s\" is not an IPv4 or IPv6 address", v[K_ADDRESS]);
			return -1;
		}
		f->mask |= SESS_FILTER_ADDR;
	}
	if (v[K_PORT]) {
		if (cli_uint(req, "port", v[K_PORT], UINT16_MAX, &n) != 0)
			return -1;
		f->port = htons((uint16_t)n);
		f->mask |= SESS_FILTER_PORT;
	}
	if (v[K_PROTO]) {
		if (parse_proto(req, v[K_PROTO], &f->proto) != 0)
			return -1;
		f->mask |= SESS_FILTER_PROTO;
	}
	if (limit != NULL) {
		*limit = SHOW_LIMIT_DEFAULT;
		if (v[K_LIMIT] && cli_uint(req, "limit", v[K_LIMIT], SHOW_LIMIT_MAX, limit) != 0)
			return -1;
	} else if (v[K_LIMIT]) {
		cli_error(req, "\"limit\" applies to show sessions only");
		return -1;
	}
	return 0;
}

static struct sess_query *
queries(struct sess_cli *c, enum sess_query_op op, const struct sess_filter *f, uint32_t max_out)
{
	struct sess_query *q = calloc(c->n_workers, sizeof(*q));

	if (q == NULL)
		return NULL;
	for (unsigned int i = 0; i < c->n_workers; i++) {
		q[i].op = op;
		q[i].f = *f;
		q[i].max_out = max_out;
		if (max_out && (q[i].out = calloc(max_out, sizeof(*q[i].out))) == NULL) {
			for (unsigned int j = 0; j < i; j++)
				free(q[j].out);
			free(q);
			return NULL;
		}
	}
	return q;
}

static void
queries_free(struct sess_cli *c, struct sess_query *q)
{
	for (unsigned int i = 0; q != NULL && i < c->n_workers; i++)
		free(q[i].out);
	free(q);
}

static int
run(struct cli_req *req, struct sess_cli *c, struct sess_query *q)
{
	if (q == NULL) {
		cli_error(req, "out of memory");
		return -1;
	}
	switch (c->run(c->app, q, c->n_workers)) {
	case 0:
		return 0;
	case -ETIMEDOUT:
		/* The workers still hold the queries: they must stay allocated. */
		cli_error(req, "a worker did not answer in time (is it stuck?)");
		return -2;
	default:
		cli_error(req, "a worker's request ring is full; try again");
		return -1;
	}
}

static json_t *
endpoint(const struct sess_snap *o, int i)
{
	char a[INET6_ADDRSTRLEN], buf[INET6_ADDRSTRLEN + 8];
	uint16_t port = o->v6 ? o->key.v6.port[i] : o->key.v4.port[i];

	inet_ntop(o->v6 ? AF_INET6 : AF_INET, o->v6 ? (const void *)o->key.v6.addr[i] :
						      (const void *)&o->key.v4.addr[i], a, sizeof(a));
	if (o->e.proto == IPPROTO_TCP || o->e.proto == IPPROTO_UDP)
		snprintf(buf, sizeof(buf), o->v6 ? "[%s]:%u" : "%s:%u", a, ntohs(port));
	else
		snprintf(buf, sizeof(buf), "%s", a);
	return json_string(buf);
}

static json_t *
snap_json(const struct sess_cli *c, const struct sess_snap *o, unsigned int worker, int detail)
{
	/* The originator is the endpoint that sent the first packet. */
	int orig = !!(o->e.flags & SESS_F_SWAPPED);
	uint32_t to = c->timeout_ms[o->e.tclass < SESS_TC_MAX ? o->e.tclass : SESS_TC_OTHER];
	json_t *j = json_pack("{s:i, s:i, s:i, s:o, s:o, s:s, s:s, s:I, s:I}",
			      "worker", worker, "id", o->idx, "tenant", o->e.tenant,
			      "from", endpoint(o, orig), "to", endpoint(o, !orig),
			      "protocol", o->e.proto == IPPROTO_TCP ? "tcp" :
					  o->e.proto == IPPROTO_UDP ? "udp" :
					  o->e.proto == IPPROTO_ICMP ? "icmp" :
					  o->e.proto == IPPROTO_ICMPV6 ? "icmpv6" : "other",
			      "state", sess_state_name(&o->e),
			      "packets", (json_int_t)(o->e.pkts[0] + o->e.pkts[1]),
			      "idle_s", (json_int_t)(o->idle_ms / 1000));

	if (detail) {
		json_t *svc = json_array();

		for (unsigned int b = 0; b < c->chain->n; b++)
			if (o->e.services & (1u << b))
				json_array_append_new(svc, json_string(c->chain->svc[b].name));
		json_object_set_new(j, "ip_protocol", json_integer(o->e.proto));
		json_object_set_new(j, "version", json_integer(o->e.version));
		json_object_set_new(j, "timeout_class", json_string(sess_tclass_name(o->e.tclass)));
		json_object_set_new(j, "expires_in_s",
				    json_integer(to > o->idle_ms ? (to - o->idle_ms) / 1000 : 0));
		json_object_set_new(j, "packets_out", json_integer((json_int_t)o->e.pkts[0]));
		json_object_set_new(j, "packets_in", json_integer((json_int_t)o->e.pkts[1]));
		json_object_set_new(j, "bytes_out", json_integer((json_int_t)o->e.bytes[0]));
		json_object_set_new(j, "bytes_in", json_integer((json_int_t)o->e.bytes[1]));
		json_object_set_new(j, "tcp_flags_seen", json_integer(o->e.state));
		json_object_set_new(j, "secondary_key", json_boolean(o->e.key_pos[1] != SESS_NO_KEY));
		json_object_set_new(j, "services", svc);
		for (unsigned int b = 0; b < c->chain->n; b++)
			if ((o->e.services & (1u << b)) && c->chain->svc[b].describe != NULL)
				c->chain->svc[b].describe(&o->e, j);
	}
	return j;
}

static int
show_sessions(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const flags[] = { "detail", NULL };
	struct sess_cli *c = arg;
	struct sess_filter f;
	unsigned int fset;
	unsigned long limit;
	struct sess_query *q;
	json_t *list;
	uint64_t matched = 0, shown = 0;
	int rc;

	if (parse_filter(c, req, argc, argv, flags, &f, &fset, &limit) != 0)
		return -1;
	q = queries(c, SESS_Q_LIST, &f, (uint32_t)limit);
	if ((rc = run(req, c, q)) != 0) {
		if (rc == -1)
			queries_free(c, q);
		return -1;
	}
	list = json_array();
	for (unsigned int w = 0; w < c->n_workers; w++) {
		matched += q[w].matched;
		for (uint32_t i = 0; i < q[w].n_out && shown < limit; i++, shown++)
			json_array_append_new(list, snap_json(c, &q[w].out[i], w, fset & 1));
	}
	queries_free(c, q);
	*out = json_pack("{s:I, s:I, s:o}", "matched", (json_int_t)matched, "shown",
			 (json_int_t)shown, "sessions", list);
	return 0;
}

static void
show_sessions_text(const json_t *res, FILE *out)
{
	const json_t *list = json_object_get(res, "sessions");
	size_t i;
	json_t *o;

	/* Detail has too many columns for a table: one block per session. */
	if (json_array_size(list) && json_object_get(json_array_get(list, 0), "services")) {
		json_array_foreach(list, i, o) {
			cli_render(o, out);
			fputc('\n', out);
		}
	} else if (json_array_size(list)) {
		cli_render(list, out);
	}
	fprintf(out, "%" JSON_INTEGER_FORMAT " session(s) matched, %" JSON_INTEGER_FORMAT " shown\n",
		json_integer_value(json_object_get(res, "matched")),
		json_integer_value(json_object_get(res, "shown")));
}

static int
show_summary(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	struct sess_cli *c = arg;
	struct sess_filter f;
	struct sess_query *q;
	uint64_t v4 = 0, v6 = 0, cnt = 0, max = 0, pr[4] = { 0 }, tc[SESS_TC_MAX] = { 0 };
	int rc;
	json_t *workers = json_array(), *classes = json_object();

	if (parse_filter(c, req, argc, argv, NULL, &f, NULL, NULL) != 0) {
		json_decref(workers);
		json_decref(classes);
		return -1;
	}
	q = queries(c, SESS_Q_SUMMARY, &f, 0);
	if ((rc = run(req, c, q)) != 0) {
		if (rc == -1)
			queries_free(c, q);
		json_decref(workers);
		json_decref(classes);
		return -1;
	}
	for (unsigned int w = 0; w < c->n_workers; w++) {
		v4 += q[w].v4;
		v6 += q[w].v6;
		cnt += q[w].count;
		max += q[w].max;
		for (int i = 0; i < 4; i++)
			pr[i] += q[w].by_proto[i];
		for (int i = 0; i < SESS_TC_MAX; i++)
			tc[i] += q[w].by_tclass[i];
		json_array_append_new(workers, json_pack("{s:i, s:I, s:I, s:I}", "worker", w,
							 "sessions", (json_int_t)q[w].count,
							 "matched", (json_int_t)q[w].matched,
							 "capacity", (json_int_t)q[w].max));
	}
	queries_free(c, q);
	for (int i = 0; i < SESS_TC_MAX; i++)
		json_object_set_new(classes, sess_tclass_name((unsigned int)i), json_integer((json_int_t)tc[i]));
	*out = json_pack("{s:I, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I}, s:o, s:o}",
			 "sessions", (json_int_t)cnt, "capacity", (json_int_t)max,
			 "ipv4", (json_int_t)v4, "ipv6", (json_int_t)v6,
			 "protocols", "tcp", (json_int_t)pr[0], "udp", (json_int_t)pr[1],
			 "icmp", (json_int_t)pr[2], "other", (json_int_t)pr[3],
			 "timeout_classes", classes, "workers", workers);
	return 0;
}

static int
clear_sessions(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const flags[] = { "all", NULL };
	struct sess_cli *c = arg;
	struct sess_filter f;
	unsigned int fset;
	struct sess_query *q;
	uint64_t cleared = 0;
	int rc;

	if (parse_filter(c, req, argc, argv, flags, &f, &fset, NULL) != 0)
		return -1;
	/* Clearing everything must be asked for by name. */
	if (f.mask == 0 && !(fset & 1)) {
		cli_error(req, "clear sessions needs a filter (tenant, address, port, protocol) or \"all\"");
		return -1;
	}
	q = queries(c, SESS_Q_CLEAR, &f, 0);
	if ((rc = run(req, c, q)) != 0) {
		if (rc == -1)
			queries_free(c, q);
		return -1;
	}
	for (unsigned int w = 0; w < c->n_workers; w++)
		cleared += q[w].cleared;
	queries_free(c, q);
	*out = json_pack("{s:I}", "cleared", (json_int_t)cleared);
	return 0;
}

static const struct cli_cmd sess_cmds[] = {
	{ "show sessions", "[tenant N] [address A] [port P] [protocol P] [service S] [detail] [limit N]",
	  "sessions of every worker, filtered; detail adds counters per direction and services",
	  show_sessions, show_sessions_text },
	{ "show sessions summary", "[tenant N] [address A] [port P] [protocol P] [service S]",
	  "session counts by family, protocol, state class and worker", show_summary, NULL },
	{ "clear sessions", "[tenant N] [address A] [port P] [protocol P] [service S] [all]",
	  "delete the matching sessions (their flows start over)", clear_sessions, NULL },
};

/* The same, for one service's sessions ("show nat sessions"). */
static const struct cli_cmd nat_sess_cmds[] = {
	{ "show nat sessions", "[tenant N] [address A] [port P] [protocol P] [detail] [limit N]",
	  "translated sessions; detail adds the inside and outside endpoints", show_sessions,
	  show_sessions_text },
	{ "clear nat sessions", "[tenant N] [address A] [port P] [protocol P] [all]",
	  "delete translated sessions (their mappings go when unused)", clear_sessions, NULL },
};

int
sess_cli_register(struct cli_registry *r, struct sess_cli *ctx)
{
	if (cli_register(r, sess_cmds, RTE_DIM(sess_cmds), ctx) != 0)
		return -1;
	/* A second context (kept for the process's life), the same handlers,
	 * every filter limited to NAT. */
	if (sess_chain_find(ctx->chain, "nat") >= 0) {
		struct sess_cli *nat = malloc(sizeof(*nat));

		if (nat == NULL)
			return -1;
		*nat = *ctx;
		nat->only_service = "nat";
		return cli_register(r, nat_sess_cmds, RTE_DIM(nat_sess_cmds), nat);
	}
	return 0;
}
