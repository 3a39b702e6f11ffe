/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * bngd's own console commands (version, ports, workers, counters, config,
 * memory, log levels, packet trace) and the registration of every
 * library's commands. Handlers read worker counters lock-free; anything
 * that must touch a worker's state goes to the worker as a request.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_version.h>

#include "bng_log.h"
#include "bng_parse.h"
#include "bngd_cli_edge.h"
#include "bngd_cli_acl.h"
#include "bngd_cli_screen.h"
#include "bngd_cli_qos.h"
#include "bngd_mgmt.h"

#define REQ_TIMEOUT_MS 5000

const char *
bngd_port_name(const struct bngd *app, uint16_t port_id)
{
	for (uint16_t i = 0; i < app->n_ports; i++)
		if (app->ports[i].id == port_id)
			return app->ports[i].cfg->name;
	return "?";
}

static const char *
port_name_cb(void *app, uint16_t port)
{
	return bngd_port_name(app, port);
}

void
bngd_sample_take(struct bngd *app)
{
	struct bngd_mgmt *m = app->mgmt;
	struct bngd_sample *s = &m->prev;

	m->prev = m->last;
	s = &m->last;
	s->tsc = rte_rdtsc();
	for (uint16_t w = 0; w < app->n_workers; w++) {
		const struct bngd_worker_stats *st = &app->workers[w]->st;

		s->rx[w] = st->rx;
		s->tx[w] = st->tx;
		s->pkts[w] = st->pkts;
		s->cycles[w] = st->cycles;
		s->busy[w] = st->busy_cycles;
	}
	for (uint16_t i = 0; i < app->n_ports; i++) {
		struct rte_eth_stats es;

		if (rte_eth_stats_get(app->ports[i].id, &es) == 0) {
			s->port_rx[i] = es.ipackets;
			s->port_tx[i] = es.opackets;
		}
	}
}

double
bngd_sample_rate(const struct bngd *app, uint64_t now_total, uint64_t prev_total)
{
	const struct bngd_mgmt *m = app->mgmt;

	if (m->prev.tsc == 0 || m->last.tsc <= m->prev.tsc)
		return 0;
	return (double)(now_total - prev_total) * (double)app->tsc_hz /
	       (double)(m->last.tsc - m->prev.tsc);
}

static int
no_args(struct cli_req *req, int argc, char **argv)
{
	return cli_args(req, argc, argv, NULL, NULL, NULL, NULL);
}

static int
show_version(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;

	if (no_args(req, argc, argv) != 0)
		return -1;
	*out = json_pack("{s:s, s:s, s:I, s:i, s:i, s:s}", "bngd", BNG_VERSION, "dpdk",
			 rte_version(),
			 "uptime_s", (json_int_t)((rte_rdtsc() - app->start_tsc) / app->tsc_hz),
			 "workers", app->n_workers, "ports", app->n_ports, "config", app->cfg->source);
	return 0;
}

static int
show_ports(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct bngd_mgmt *m = app->mgmt;
	json_t *a;

	if (no_args(req, argc, argv) != 0)
		return -1;
	a = json_array();
	for (uint16_t i = 0; i < app->n_ports; i++) {
		const struct bngd_port *p = &app->ports[i];
		struct rte_eth_stats es;
		struct rte_eth_link link;
		struct rte_eth_dev_info info;
		char mac[RTE_ETHER_ADDR_FMT_SIZE];
		uint16_t mtu = 0;

		memset(&es, 0, sizeof(es));
		memset(&link, 0, sizeof(link));
		rte_eth_stats_get(p->id, &es);
		rte_eth_link_get_nowait(p->id, &link);
		rte_eth_dev_get_mtu(p->id, &mtu);
		if (rte_eth_dev_info_get(p->id, &info) != 0)
			info.driver_name = "?";
		rte_ether_format_addr(mac, sizeof(mac), &p->mac);
		json_array_append_new(a, json_pack(
			"{s:s, s:i, s:s, s:s, s:s, s:s, s:I, s:i, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f}",
			"port", p->cfg->name, "id", p->id,
			"role", p->cfg->role == BNG_ROLE_ACCESS ? "access" : "core",
			"driver", info.driver_name, "mac", mac,
			"link", link.link_status ? "up" : "down", "speed_mbps",
			(json_int_t)link.link_speed, "mtu", mtu, "rx_queues", p->n_rxq,
			"tx_queues", p->n_txq,
			"rx_packets", (json_int_t)es.ipackets, "tx_packets", (json_int_t)es.opackets,
			"rx_bytes", (json_int_t)es.ibytes, "tx_bytes", (json_int_t)es.obytes,
			"rx_missed", (json_int_t)es.imissed, "rx_errors", (json_int_t)es.ierrors,
			"tx_errors", (json_int_t)es.oerrors, "rx_nombuf", (json_int_t)es.rx_nombuf,
			"rx_pps", bngd_sample_rate(app, m->last.port_rx[i], m->prev.port_rx[i]),
			"tx_pps", bngd_sample_rate(app, m->last.port_tx[i], m->prev.port_tx[i])));
	}
	*out = a;
	return 0;
}

static int
show_workers(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	const struct bngd_mgmt *m = app->mgmt;
	json_t *a;

	if (no_args(req, argc, argv) != 0)
		return -1;
	a = json_array();
	for (uint16_t w = 0; w < app->n_workers; w++) {
		const struct bngd_worker *wk = app->workers[w];
		uint64_t dp = m->last.pkts[w] - m->prev.pkts[w];
		uint64_t dt = m->last.tsc - m->prev.tsc;
		char queues[256] = "";
		size_t off = 0;

		for (uint16_t q = 0; q < wk->n_rxq && off < sizeof(queues); q++)
			off += (size_t)snprintf(queues + off, sizeof(queues) - off, "%s%s/%u",
						q ? " " : "", bngd_port_name(app, wk->rxq[q].port),
						wk->rxq[q].queue);
		json_array_append_new(a, json_pack(
			"{s:i, s:i, s:s, s:f, s:f, s:f, s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			"worker", w, "lcore", wk->lcore, "rx_queues", off ? queues : "-",
			"rx_pps", bngd_sample_rate(app, m->last.rx[w], m->prev.rx[w]),
			"tx_pps", bngd_sample_rate(app, m->last.tx[w], m->prev.tx[w]),
			"cycles_per_packet",
			dp ? (double)(m->last.cycles[w] - m->prev.cycles[w]) / (double)dp : 0.0,
			"busy_pct",
			m->prev.tsc && dt ? 100.0 * (double)(m->last.busy[w] - m->prev.busy[w]) / (double)dt : 0.0,
			"rx_packets", (json_int_t)wk->st.rx, "tx_packets", (json_int_t)wk->st.tx,
			"handoff_in", (json_int_t)wk->st.handoff_in,
			"handoff_out", (json_int_t)wk->st.handoff_out,
			"punted", (json_int_t)wk->st.punted,
			"express", (json_int_t)wk->st.express,
			"sessions", (json_int_t)sess_table_count(wk->sess)));
	}
	*out = a;
	return 0;
}

static int
show_counters(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const flags[] = { "all", NULL };
	const struct bngd *app = arg;
	struct bngd_totals t;
	unsigned int fset;
	json_t *d, *p, *ip;

	if (cli_args(req, argc, argv, NULL, NULL, flags, &fset) != 0)
		return -1;
	bngd_totals(app, &t);
	d = json_object();
	for (unsigned int r = 1; r < BNG_DROP_MAX; r++)
		if (t.drops[r] || (fset & 1))
			json_object_set_new(d, bng_drop_name(r), json_integer((json_int_t)t.drops[r]));
	ip = json_object();
	for (unsigned int i = 0; i < BNGD_IP_STATS; i++) {
		uint64_t v = ((const uint64_t *)&t.ip)[i];

		if (v || (fset & 1))
			json_object_set_new(ip, bngd_ip_stat_name(i), json_integer((json_int_t)v));
	}
	p = json_object();
	for (unsigned int k = 0; k < BNGD_PUNT_MAX; k++)
		if (app->punts[k] || (fset & 1))
			json_object_set_new(p, bngd_punt_name(k), json_integer((json_int_t)app->punts[k]));
	*out = json_pack("{s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}}", "drops", d,
			 "ip", ip, "punts", p,
			 "sessions", "active", (json_int_t)t.sessions, "created",
			 (json_int_t)t.sess.created, "deleted", (json_int_t)t.sess.deleted, "expired",
			 (json_int_t)t.sess.expired, "refused_full", (json_int_t)t.sess.full,
			 "lookups", (json_int_t)t.sess.lookups, "hits", (json_int_t)t.sess.hits);
	return 0;
}

/* Drops with their explanation: an operator reads "why", not just "what". */
static void
show_counters_text(const json_t *res, FILE *out)
{
	const json_t *d = json_object_get(res, "drops");
	const char *k;
	json_t *v;

	fprintf(out, "drops:%s\n", json_object_size(d) ? "" : " none");
	json_object_foreach((json_t *)d, k, v) {
		const char *help = "";

		for (unsigned int r = 1; r < BNG_DROP_MAX; r++)
			if (strcmp(bng_drop_name(r), k) == 0)
				help = bng_drop_help(r);
		fprintf(out, "  %-26s %14" JSON_INTEGER_FORMAT "  %s\n", k, json_integer_value(v), help);
	}
	fprintf(out, "ip:%s\n", json_object_size(json_object_get(res, "ip")) ? "" : " none");
	json_object_foreach(json_object_get(res, "ip"), k, v) {
		const char *help = "";

		for (unsigned int i = 0; i < BNGD_IP_STATS; i++)
			if (strcmp(bngd_ip_stat_name(i), k) == 0)
				help = bngd_ip_stat_help(i);
		fprintf(out, "  %-26s %14" JSON_INTEGER_FORMAT "  %s\n", k, json_integer_value(v), help);
	}
	fprintf(out, "punts:%s\n", json_object_size(json_object_get(res, "punts")) ? "" : " none");
	json_object_foreach(json_object_get(res, "punts"), k, v)
		fprintf(out, "  %-26s %14" JSON_INTEGER_FORMAT "\n", k, json_integer_value(v));
	fprintf(out, "sessions:\n");
	json_object_foreach(json_object_get(res, "sessions"), k, v)
		fprintf(out, "  %-26s %14" JSON_INTEGER_FORMAT "\n", k, json_integer_value(v));
}

static int
show_config(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;

	if (no_args(req, argc, argv) != 0)
		return -1;
	*out = json_pack("{s:s, s:s}", "source", app->cfg->source, "text",
			 app->cfg->text ? app->cfg->text : "");
	return 0;
}

static void
show_config_text(const json_t *res, FILE *out)
{
	fprintf(out, "# %s\n%s", json_string_value(json_object_get(res, "source")),
		json_string_value(json_object_get(res, "text")));
}

static int
show_memory(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	struct rte_malloc_socket_stats hs;
	json_t *sess = json_array(), *rings = json_array();

	if (no_args(req, argc, argv) != 0) {
		json_decref(sess);
		json_decref(rings);
		return -1;
	}
	for (uint16_t w = 0; w < app->n_workers; w++) {
		const struct bngd_worker *wk = app->workers[w];

		json_array_append_new(sess, json_pack("{s:i, s:I, s:I, s:I}", "worker", w,
						      "used", (json_int_t)sess_table_count(wk->sess),
						      "capacity", (json_int_t)wk->sess->max,
						      "bytes", (json_int_t)sess_table_memory(wk->sess)));
		json_array_append_new(rings, json_pack("{s:i, s:i, s:i, s:i, s:i}", "worker", w,
						       "handoff_used", rte_ring_count(wk->handoff),
						       "handoff_size", rte_ring_get_capacity(wk->handoff),
						       "punt_used", rte_ring_count(wk->punt),
						       "punt_size", rte_ring_get_capacity(wk->punt)));
	}
	memset(&hs, 0, sizeof(hs));
	rte_malloc_get_socket_stats((int)rte_socket_id(), &hs);
	*out = json_pack("{s:{s:s, s:i, s:i, s:i, s:i}, s:o, s:{s:i, s:i, s:i}, s:o, s:{s:I, s:I, s:I}}",
			 "mbufs", "pool", app->pool->name, "size", app->pool->size,
			 "in_use", rte_mempool_in_use_count(app->pool),
			 "available", rte_mempool_avail_count(app->pool),
			 "data_room", rte_pktmbuf_data_room_size(app->pool),
			 "sessions", sess,
			 "fib", "routes", app->fib->n_routes, "next_hops", app->fib->n_nh,
			 "next_hops_max", app->fib->max_nh,
			 "rings", rings,
			 "heap", "total", (json_int_t)hs.heap_totalsz_bytes,
			 "used", (json_int_t)hs.heap_allocsz_bytes,
			 "free", (json_int_t)hs.heap_freesz_bytes);
	return 0;
}

static int
set_log_level(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	static const char *const names[] = { "emergency", "alert", "critical", "error",
					      "warning", "notice", "info", "debug" };
	int level = -1;

	RTE_SET_USED(arg);
	if (argc != 2) {
		cli_error(req, "usage: set log level TYPE LEVEL (TYPE: a log type or pattern such "
			  "as bng.* or *; LEVEL: emergency .. debug or 1 .. 8)");
		return -1;
	}
	for (int i = 0; i < 8; i++)
		if (strcmp(argv[1], names[i]) == 0 || (argv[1][0] == '1' + i && argv[1][1] == '\0'))
			level = i + 1;
	if (level < 0) {
		cli_error(req, "unknown level \"%s\" (emergency, alert, critical, error, warning, "
			  "notice, info, debug)", argv[1]);
		return -1;
	}
	if (rte_log_set_level_pattern(argv[0], (uint32_t)level) != 0) {
		cli_error(req, "cannot set level of \"%s\"", argv[0]);
		return -1;
	}
	*out = json_pack("{s:s, s:s}", "type", argv[0], "level", names[level - 1]);
	return 0;
}

static int
show_log(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	RTE_SET_USED(arg);
	if (no_args(req, argc, argv) != 0)
		return -1;
	f = open_memstream(&buf, &len);
	if (f == NULL) {
		cli_error(req, "out of memory");
		return -1;
	}
	rte_log_dump(f);
	fclose(f);
	*out = json_pack("{s:s}", "log", buf);
	free(buf);
	return 0;
}

static void
show_log_text(const json_t *res, FILE *out)
{
	fputs(json_string_value(json_object_get(res, "log")), out);
}

/* ---- packet trace --------------------------------------------------------- */

/*
 * Send one request per worker and wait. After a timeout the workers still
 * hold the requests, so they are left allocated rather than freed under them.
 */
static int
workers_run(struct bngd *app, enum bngd_req_op op, uint32_t n, struct sess_query *q)
{
	struct bngd_req *r = calloc(app->n_workers, sizeof(*r));
	int rc;

	if (r == NULL)
		return -ENOMEM;
	for (uint16_t w = 0; w < app->n_workers; w++) {
		r[w].op = op;
		r[w].n = n;
		r[w].q = q ? &q[w] : NULL;
	}
	rc = bngd_worker_request(app, r, REQ_TIMEOUT_MS);
	if (rc != -ETIMEDOUT)
		free(r);
	return rc;
}

static int
trace_request(struct cli_req *req, struct bngd *app, enum bngd_req_op op, uint32_t n)
{
	int rc = workers_run(app, op, n, NULL);

	if (rc != 0) {
		cli_error(req, "workers did not take the request (%s)", rte_strerror(-rc));
		return -1;
	}
	return 0;
}

static int
trace_add(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	struct bngd *app = arg;
	unsigned long n;

	if (argc != 1) {
		cli_error(req, "usage: trace add N (packets to trace on each worker, 1 .. %d)",
			  BNG_TRACE_RECORDS);
		return -1;
	}
	if (cli_uint(req, "N", argv[0], BNG_TRACE_RECORDS, &n) != 0)
		return -1;
	if (trace_request(req, app, BNGD_REQ_TRACE_ADD, (uint32_t)n) != 0)
		return -1;
	*out = json_pack("{s:I, s:i}", "tracing", (json_int_t)n, "workers", app->n_workers);
	return 0;
}

static int
trace_clear(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	struct bngd *app = arg;

	if (no_args(req, argc, argv) != 0 || trace_request(req, app, BNGD_REQ_TRACE_CLEAR, 0) != 0)
		return -1;
	*out = json_pack("{s:b}", "cleared", 1);
	return 0;
}

/* A one-line summary of a traced frame, decoded from its first bytes. */
static void
frame_summary(const uint8_t *h, uint16_t len, char *buf, size_t blen)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	uint32_t off = 12;
	uint16_t et = (uint16_t)(h[off] << 8 | h[off + 1]);
	uint8_t proto = 0;
	const uint8_t *l4 = NULL;

	while ((et == 0x8100 || et == 0x88a8 || et == 0x9100) && off + 6 < BNG_TRACE_HEAD) {
		off += 4;
		et = (uint16_t)(h[off] << 8 | h[off + 1]);
	}
	off += 2;
	if (et == 0x8864 && off + 8 < BNG_TRACE_HEAD) {
		uint16_t ppp = (uint16_t)(h[off + 6] << 8 | h[off + 7]);

		off += 8;
		et = ppp == BNG_PPP_IPV4 ? 0x0800 : ppp == BNG_PPP_IPV6 ? 0x86dd : 0;
		if (et == 0) {
			snprintf(buf, blen, "PPPoE session, PPP protocol 0x%04x", ppp);
			return;
		}
	}
	if (et == 0x0800 && off + 20 <= BNG_TRACE_HEAD) {
		inet_ntop(AF_INET, h + off + 12, a, sizeof(a));
		inet_ntop(AF_INET, h + off + 16, b, sizeof(b));
		proto = h[off + 9];
		l4 = h + off + (h[off] & 0xf) * 4;
	} else if (et == 0x86dd && off + 40 <= BNG_TRACE_HEAD) {
		inet_ntop(AF_INET6, h + off + 8, a, sizeof(a));
		inet_ntop(AF_INET6, h + off + 24, b, sizeof(b));
		proto = h[off + 6];
		l4 = h + off + 40;
	} else {
		snprintf(buf, blen, "ethertype 0x%04x, %u bytes", et, len);
		return;
	}
	if ((proto == IPPROTO_TCP || proto == IPPROTO_UDP) && l4 + 4 <= h + BNG_TRACE_HEAD)
		snprintf(buf, blen, "%s %s:%u > %s:%u, %u bytes", proto == IPPROTO_TCP ? "tcp" : "udp",
			 a, l4[0] << 8 | l4[1], b, l4[2] << 8 | l4[3], len);
	else
		snprintf(buf, blen, "proto %u %s > %s, %u bytes", proto, a, b, len);
}

static const char *
kind_name(unsigned int k)
{
	static const char *const n[] = { "other", "arp", "ipv4", "ipv6", "pppoe-discovery",
					 "ppp-control" };

	return k < RTE_DIM(n) ? n[k] : "?";
}

static void
event_text(const struct bngd *app, const struct bng_trace_event *e, char *buf, size_t len)
{
	static const char *const verdict[] = { "continue", "drop", "punt", "handoff" };

	switch (e->stage) {
	case BNG_TR_RX:
		snprintf(buf, len, "rx: port %s queue %u", bngd_port_name(app, e->a), e->b);
		break;
	case BNG_TR_PARSE:
		if (e->b)
			snprintf(buf, len, "parse: %s, malformed: %s", kind_name(e->a), bng_drop_name(e->b));
		else
			snprintf(buf, len, "parse: %s", kind_name(e->a));
		break;
	case BNG_TR_PUNT:
		snprintf(buf, len, "punt: %s, to the management lcore", bngd_punt_name(e->a));
		break;
	case BNG_TR_HANDOFF:
		snprintf(buf, len, "handoff: worker %u to owner worker %u", e->a, e->b);
		break;
	case BNG_TR_LOOKUP:
		if (e->a == 2)
			snprintf(buf, len, "session lookup: miss, no session");
		else
			snprintf(buf, len, "session lookup: %s session %u", e->a ? "miss, created" : "hit",
				 e->b);
		break;
	case BNG_TR_SERVICE:
		snprintf(buf, len, "service %s: %s",
			 e->a < app->chain.n ? app->chain.svc[e->a].name : "?",
			 e->b < RTE_DIM(verdict) ? verdict[e->b] : "?");
		break;
	case BNG_TR_L3:
		snprintf(buf, len, "l3: next hop %u out of port %s", e->b, bngd_port_name(app, e->a));
		break;
	case BNG_TR_TX:
		snprintf(buf, len, "tx: port %s queue %u", bngd_port_name(app, e->a), e->b);
		break;
	case BNG_TR_DROP:
		snprintf(buf, len, "drop: %s (%s)", bng_drop_name(e->a), bng_drop_help(e->a));
		break;
	case BNG_TR_ICMP:
		snprintf(buf, len, "icmp: answered with type %u code %u", e->a, e->b);
		break;
	case BNG_TR_LOCAL:
		snprintf(buf, len, "local: echo request answered");
		break;
	case BNG_TR_REASS:
		snprintf(buf, len, "reassembly: %s", e->a ? "datagram complete" : "fragment held");
		break;
	default:
		snprintf(buf, len, "stage %u", e->stage);
	}
}

static int
show_trace(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct bngd *app = arg;
	json_t *a;

	if (no_args(req, argc, argv) != 0)
		return -1;
	a = json_array();
	for (uint16_t w = 0; w < app->n_workers; w++) {
		const struct bng_trace_buf *tb = app->trace[w];

		for (uint32_t i = 0; i < BNG_TRACE_RECORDS; i++) {
			const struct bng_trace_rec *r = &tb->rec[i];
			json_t *ev;
			char buf[256];

			if (r->seq == 0 || !__atomic_load_n(&r->done, __ATOMIC_ACQUIRE))
				continue;
			ev = json_array();
			for (uint8_t k = 0; k < r->n_ev && k < BNG_TRACE_EVENTS; k++) {
				const struct bng_trace_event *e = &r->ev[k];

				event_text(app, e, buf, sizeof(buf));
				json_array_append_new(ev, json_pack("{s:f, s:i, s:s}", "us",
					(double)(e->tsc - r->ev[0].tsc) * 1e6 / (double)app->tsc_hz,
					"worker", e->worker, "event", buf));
			}
			frame_summary(r->head, r->len, buf, sizeof(buf));
			json_array_append_new(a, json_pack("{s:i, s:i, s:s, s:o}", "worker", w,
							   "packet", r->seq, "frame", buf, "events", ev));
		}
	}
	*out = a;
	return 0;
}

static void
show_trace_text(const json_t *res, FILE *out)
{
	size_t i, k;
	json_t *p, *e;

	if (json_array_size(res) == 0)
		fprintf(out, "no traced packets (\"trace add N\" traces the next N on each worker)\n");
	json_array_foreach(res, i, p) {
		fprintf(out, "Packet %" JSON_INTEGER_FORMAT " (worker %" JSON_INTEGER_FORMAT "): %s\n",
			json_integer_value(json_object_get(p, "packet")),
			json_integer_value(json_object_get(p, "worker")),
			json_string_value(json_object_get(p, "frame")));
		json_array_foreach(json_object_get(p, "events"), k, e)
			fprintf(out, "  %9.3f us  w%" JSON_INTEGER_FORMAT "  %s\n",
				json_real_value(json_object_get(e, "us")),
				json_integer_value(json_object_get(e, "worker")),
				json_string_value(json_object_get(e, "event")));
	}
}

static const struct cli_cmd app_cmds[] = {
	{ "show version", "", "bngd and DPDK versions, uptime", show_version, NULL },
	{ "show ports", "", "ports: link, packets, bytes, missed, errors, rates", show_ports, NULL },
	{ "show workers", "", "workers: queues, rates, cycles per packet, busy %, handoffs",
	  show_workers, NULL },
	{ "show counters", "[all]", "drops by reason, punts by kind, session counters",
	  show_counters, show_counters_text },
	{ "show config", "", "the configuration bngd runs", show_config, show_config_text },
	{ "show memory", "", "mbuf pool, session tables, FIB, rings and heap fill", show_memory,
	  NULL },
	{ "show log", "", "log types and their levels", show_log, show_log_text },
	{ "set log level", "TYPE LEVEL", "set the level of log types matching TYPE (bng.*, *)",
	  set_log_level, NULL },
	{ "trace add", "N", "trace the next N packets on each worker", trace_add, NULL },
	{ "show trace", "", "the traced packets, stage by stage", show_trace, show_trace_text },
	{ "clear trace", "", "stop tracing and forget traced packets", trace_clear, NULL },
};

static int
run_sess_queries(void *arg, struct sess_query *q, unsigned int n)
{
	RTE_SET_USED(n);
	return workers_run(arg, BNGD_REQ_SESS_QUERY, 0, q);
}

int
bngd_cli_setup(struct bngd *app)
{
	struct bngd_mgmt *m = app->mgmt;

	cli_registry_init(&m->cli);
	m->sess_cli.run = run_sess_queries;
	m->sess_cli.app = app;
	m->sess_cli.n_workers = app->n_workers;
	m->sess_cli.chain = &app->chain;
	for (unsigned int i = 0; i < SESS_TC_MAX; i++)
		m->sess_cli.timeout_ms[i] = app->cfg->sess.timeout_s[i] * 1000u;
	m->fib_cli.fib = app->fib;
	m->fib_cli.port_name = port_name_cb;
	m->fib_cli.app = app;
	if (app->nat != NULL) {
		for (uint16_t w = 0; w < app->n_workers; w++)
			m->nat_workers[w] = app->workers[w]->nat;
		m->nat_cli.nat = app->nat;
		m->nat_cli.n_workers = app->n_workers;
		m->nat_cli.workers = m->nat_workers;
		if (nat_cli_register(&m->cli, &m->nat_cli) != 0)
			goto fail;
	}
	if (cli_register(&m->cli, app_cmds, RTE_DIM(app_cmds), app) != 0 ||
	    bngd_cli_edge_register(&m->cli, app) != 0 ||
	    bngd_cli_pppoe_register(&m->cli, app) != 0 ||
	    bngd_cli_screen_register(&m->cli, app) != 0 ||
	    bngd_cli_acl_register(&m->cli, app) != 0 ||
	    bngd_cli_qos_register(&m->cli, app) != 0 ||
	    sess_cli_register(&m->cli, &m->sess_cli) != 0 ||
	    fib_cli_register(&m->cli, &m->fib_cli) != 0) {
fail:
		fprintf(stderr, "bngd: console command registration failed\n");
		return -1;
	}
	return 0;
}
