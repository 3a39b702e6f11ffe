/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of the NAT event log: what the allocator queues (port blocks,
 * mappings, limits, throttling, a full queue), the collector address
 * parser, and the exporter end to end: events in, IPFIX messages received
 * on a UDP socket and decoded here with their own templates (RFC 7011),
 * or RFC 5424 syslog lines.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_ring_elem.h>

#include "bng_test.h"
#include "nat.h"
#include "nat_priv.h"

const char bng_test_name[] = "nat_log";

#define SOCK ((int)rte_socket_id())
#define BE16(x) rte_cpu_to_be_16((uint16_t)(x))
#define BE32(x) rte_cpu_to_be_32((uint32_t)(x))
#define SUB(i)  T_IP4(10, 0, 0, (i))
#define POOL0   T_IP4(192, 0, 2, 64)

static struct nat_config C;
static struct nat *N;
static struct nat_worker *W;

/* One instance of @n_addr addresses, logging on (IPFIX to 127.0.0.1:9). */
static void
setup(uint32_t n_addr, uint16_t port_max, uint16_t block, uint16_t bps, uint32_t events)
{
	char err[128];

	nat_config_defaults(&C);
	C.max_subs = 64;
	C.max_mappings = 1024;
	C.n_instances = 1;
	snprintf(C.inst[0].name, sizeof(C.inst[0].name), "cgn");
	C.inst[0].n_addr = n_addr;
	for (uint32_t i = 0; i < n_addr; i++)
		C.inst[0].addr[i] = BE32(POOL0 + i);
	C.inst[0].port_min = 1024;
	C.inst[0].port_max = port_max;
	C.inst[0].block_size = block;
	C.inst[0].blocks_per_sub = bps;
	C.tenant_instance[0] = 0;
	C.log.format = NAT_LOG_IPFIX;
	C.log.events = events;
	CU_ASSERT_EQUAL(nat_log_parse_collector("127.0.0.1:9", &C.log, err, sizeof(err)), 0);
}

static int
start(void)
{
	N = nat_create(&C, 1, SOCK);
	CU_ASSERT_PTR_NOT_NULL(N);
	W = N ? nat_worker_create(N, 0, SOCK) : NULL;
	CU_ASSERT_PTR_NOT_NULL(W);
	return W != NULL ? 0 : -1;
}

static void
stop(void)
{
	nat_worker_free(W);
	nat_free(N);
	W = NULL;
	N = NULL;
}

static int64_t
get(uint32_t sub, uint16_t iport)
{
	return nat_map_get(W, 0, 0, IPPROTO_UDP, BE32(sub), BE16(iport));
}

/* The next queued event; 0 when the queue is empty. */
static int
next(struct nat_event *e)
{
	return rte_ring_sc_dequeue_elem(W->events, e, sizeof(*e)) == 0;
}

static unsigned int
drain(void)
{
	struct nat_event e;
	unsigned int n = 0;

	while (next(&e))
		n++;
	return n;
}

/* ---------------------------------------------------------------------------
 * What the allocator queues
 */

static void
test_block_and_mapping_events(void)
{
	struct nat_event e;
	int64_t mi;
	uint16_t ep;

	setup(1, 65535, 512, 4, NAT_LOG_BLOCKS | NAT_LOG_MAPPINGS);
	if (start() != 0)
		return;
	mi = get(SUB(2), 40000);
	CU_ASSERT_FATAL(mi >= 0);
	ep = W->maps[mi].eport;
	CU_ASSERT_FATAL(next(&e));
	CU_ASSERT_EQUAL(e.type, NAT_EV_BLOCK_ALLOC);
	CU_ASSERT_EQUAL(e.inside, BE32(SUB(2)));
	CU_ASSERT_EQUAL(e.ext, BE32(POOL0));
	CU_ASSERT_EQUAL(e.tenant, 0);
	CU_ASSERT_EQUAL(e.inst, 0);
	CU_ASSERT(e.tsc != 0);
	/* the block holds the port, and is block_size long */
	CU_ASSERT(rte_be_to_cpu_16(e.eport) <= rte_be_to_cpu_16(ep));
	CU_ASSERT(rte_be_to_cpu_16(e.eport_last) >= rte_be_to_cpu_16(ep));
	CU_ASSERT_EQUAL(rte_be_to_cpu_16(e.eport_last) - rte_be_to_cpu_16(e.eport) + 1, 512);
	CU_ASSERT_EQUAL((rte_be_to_cpu_16(e.eport) - 1024) % 512, 0);
	CU_ASSERT_FATAL(next(&e));
	CU_ASSERT_EQUAL(e.type, NAT_EV_MAPPING_CREATE);
	CU_ASSERT_EQUAL(e.inside, BE32(SUB(2)));
	CU_ASSERT_EQUAL(e.iport, BE16(40000));
	CU_ASSERT_EQUAL(e.ext, BE32(POOL0));
	CU_ASSERT_EQUAL(e.eport, ep);
	CU_ASSERT_EQUAL(e.proto, IPPROTO_UDP);
	CU_ASSERT_FALSE(next(&e));
	/* an existing mapping found again: nothing new */
	CU_ASSERT_EQUAL(get(SUB(2), 40000), mi);
	CU_ASSERT_FALSE(next(&e));
	/* released (no quarantine): mapping, then its block */
	nat_map_put(W, (uint32_t)mi);
	CU_ASSERT_FATAL(next(&e));
	CU_ASSERT_EQUAL(e.type, NAT_EV_MAPPING_DELETE);
	CU_ASSERT_EQUAL(e.eport, ep);
	CU_ASSERT_FATAL(next(&e));
	CU_ASSERT_EQUAL(e.type, NAT_EV_BLOCK_RELEASE);
	CU_ASSERT_EQUAL(e.inside, BE32(SUB(2)));
	CU_ASSERT_FALSE(next(&e));
	CU_ASSERT_EQUAL(nat_worker_stats(W)->log_queued, 4);
	CU_ASSERT_EQUAL(nat_worker_stats(W)->log_lost, 0);
	stop();
}

/* Only the kinds asked for (limits always). */
static void
test_event_mask(void)
{
	struct nat_event e;
	int64_t mi;

	setup(1, 65535, 512, 4, NAT_LOG_BLOCKS);
	if (start() != 0)
		return;
	mi = get(SUB(2), 40000);
	CU_ASSERT(next(&e) && e.type == NAT_EV_BLOCK_ALLOC);
	CU_ASSERT_FALSE(next(&e));
	nat_map_put(W, (uint32_t)mi);
	CU_ASSERT(next(&e) && e.type == NAT_EV_BLOCK_RELEASE);
	CU_ASSERT_FALSE(next(&e));
	stop();

	/* logging off: no queue at all */
	setup(1, 65535, 512, 4, NAT_LOG_BLOCKS);
	C.log.format = NAT_LOG_OFF;
	if (start() != 0)
		return;
	CU_ASSERT_PTR_NULL(W->events);
	CU_ASSERT(get(SUB(2), 40000) >= 0);
	CU_ASSERT_EQUAL(nat_worker_stats(W)->log_queued, 0);
	stop();
}

/* A subscriber over its ports: quota exceeded (entries per user), once a second. */
static void
test_quota_user(void)
{
	struct nat_event e;

	setup(1, 65535, 64, 2, 0);
	if (start() != 0)
		return;
	for (uint32_t k = 0; k < 128; k++)
		CU_ASSERT_FATAL(get(SUB(2), (uint16_t)(30000 + k)) >= 0);
	CU_ASSERT_EQUAL(drain(), 0);
	CU_ASSERT_EQUAL(get(SUB(2), 31000), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_FATAL(next(&e));
	CU_ASSERT_EQUAL(e.type, NAT_EV_QUOTA_EXCEEDED);
	CU_ASSERT_EQUAL(e.quota, NAT_QUOTA_USER);
	CU_ASSERT_EQUAL(e.limit, 128);
	CU_ASSERT_EQUAL(e.inside, BE32(SUB(2)));
	/* again at once: throttled */
	CU_ASSERT_EQUAL(get(SUB(2), 31001), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_FALSE(next(&e));
	CU_ASSERT_EQUAL(nat_worker_stats(W)->log_throttled, 1);
	/* a second later: logged again */
	nat_worker_poll(W, W->now_ms + 1500);
	CU_ASSERT_EQUAL(get(SUB(2), 31002), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT(next(&e) && e.type == NAT_EV_QUOTA_EXCEEDED);
	stop();
}

/* One address, one block: the second subscriber finds no address
 * (addresses exhausted), the first one no second block (ports exhausted). */
static void
test_pool_limits(void)
{
	struct nat_event e;

	setup(1, 1087, 64, 4, 0);
	if (start() != 0)
		return;
	CU_ASSERT_FATAL(get(SUB(2), 2000) >= 0);
	CU_ASSERT_EQUAL(get(SUB(3), 2000), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_FATAL(next(&e));
	CU_ASSERT_EQUAL(e.type, NAT_EV_ADDRS_EXHAUSTED);
	CU_ASSERT_EQUAL(e.inst, 0);
	for (uint32_t k = 1; k < 64; k++)
		CU_ASSERT_FATAL(get(SUB(2), (uint16_t)(2000 + k)) >= 0);
	CU_ASSERT_EQUAL(get(SUB(2), 3000), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_FATAL(next(&e));
	CU_ASSERT_EQUAL(e.type, NAT_EV_PORTS_EXHAUSTED);
	CU_ASSERT_EQUAL(e.ext, BE32(POOL0));
	CU_ASSERT_FALSE(next(&e));
	stop();
}

/* The worker's tables full: maxBIBEntries, maxSubscribers. */
static void
test_table_limits(void)
{
	struct nat_event e;
	int seen_bib = 0, seen_subs = 0;

	setup(1, 65535, 512, 16, 0);
	C.max_mappings = 10;
	C.max_subs = 1;
	if (start() != 0)
		return;
	for (uint32_t k = 0; k < 10; k++)
		CU_ASSERT_FATAL(get(SUB(2), (uint16_t)(2000 + k)) >= 0);
	CU_ASSERT_EQUAL(get(SUB(2), 3000), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_EQUAL(get(SUB(3), 3000), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_EQUAL(get(SUB(4), 3000), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_EQUAL(get(SUB(5), 3000), -BNG_DROP_NAT_EXHAUSTED);
	while (next(&e)) {
		CU_ASSERT_EQUAL(e.type, NAT_EV_QUOTA_EXCEEDED);
		if (e.quota == NAT_QUOTA_BIB) {
			CU_ASSERT_EQUAL(e.limit, 10);
			seen_bib++;
		} else if (e.quota == NAT_QUOTA_SUBS) {
			CU_ASSERT_EQUAL(e.limit, 1);
			seen_subs++;
		}
	}
	/* one each: the repeats are throttled */
	CU_ASSERT_EQUAL(seen_bib, 1);
	CU_ASSERT_EQUAL(seen_subs, 1);
	stop();
}

/* A full queue loses events, counted; the allocator goes on. */
static void
test_queue_full(void)
{
	setup(1, 65535, 64, 16, NAT_LOG_BLOCKS | NAT_LOG_MAPPINGS);
	C.log.queue = 64;
	if (start() != 0)
		return;
	for (uint32_t k = 0; k < 100; k++)
		CU_ASSERT_FATAL(get(SUB(2), (uint16_t)(2000 + k)) >= 0);
	CU_ASSERT_EQUAL(nat_worker_stats(W)->log_queued, 64);
	CU_ASSERT_EQUAL(nat_worker_stats(W)->log_lost, 100 + 2 - 64);
	CU_ASSERT_EQUAL(drain(), 64);
	stop();
}

/* ---------------------------------------------------------------------------
 * Collector addresses
 */

static void
test_parse_collector(void)
{
	struct nat_log_config c;
	char err[160];

	CU_ASSERT_EQUAL(nat_log_parse_collector("192.0.2.1:4739", &c, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(c.collector.ss_family, AF_INET);
	CU_ASSERT_EQUAL(((struct sockaddr_in *)&c.collector)->sin_port, htons(4739));
	CU_ASSERT_EQUAL(c.collector_len, sizeof(struct sockaddr_in));
	CU_ASSERT_EQUAL(nat_log_parse_collector("[2001:db8::1]:514", &c, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(c.collector.ss_family, AF_INET6);
	CU_ASSERT_EQUAL(((struct sockaddr_in6 *)&c.collector)->sin6_port, htons(514));
	CU_ASSERT_EQUAL(nat_log_parse_collector("192.0.2.1", &c, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no port"));
	CU_ASSERT_EQUAL(nat_log_parse_collector("192.0.2.1:0", &c, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(nat_log_parse_collector("192.0.2.1:70000", &c, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(nat_log_parse_collector("192.0.2.1:", &c, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(nat_log_parse_collector("collector:4739", &c, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not an IPv4"));
	CU_ASSERT_EQUAL(nat_log_parse_collector("2001:db8::1:4739", &c, err, sizeof(err)), -1);
}

/* ---------------------------------------------------------------------------
 * The exporter, received on a UDP socket
 */

static int rx_fd = -1;

/* A UDP socket on 127.0.0.1 and C.log's collector pointing at it. */
static int
collector_open(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);

	rx_fd = socket(AF_INET, SOCK_DGRAM, 0);
	CU_ASSERT_FATAL(rx_fd >= 0);
	CU_ASSERT_FATAL(bind(rx_fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CU_ASSERT_FATAL(getsockname(rx_fd, (struct sockaddr *)&a, &len) == 0);
	memcpy(&C.log.collector, &a, sizeof(a));
	C.log.collector_len = sizeof(a);
	return 0;
}

static void
collector_close(void)
{
	close(rx_fd);
	rx_fd = -1;
}

/* One datagram, waiting up to 1 s; its length or -1. */
static int
recv_msg(uint8_t *buf, size_t len)
{
	struct pollfd p = { .fd = rx_fd, .events = POLLIN };

	if (poll(&p, 1, 1000) != 1)
		return -1;
	return (int)recv(rx_fd, buf, len, 0);
}

static uint32_t
g16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
g32(const uint8_t *p)
{
	return g16(p) << 16 | g16(p + 2);
}

/* Templates as announced: id -> (element, length) list. */
#define MAX_T 16
#define MAX_F 16
static struct {
	uint16_t id, n;
	uint16_t ie[MAX_F], len[MAX_F];
} tmpl[MAX_T];
static unsigned int n_tmpl;

/* A decoded data record: value of each element (numbers up to 8 bytes). */
struct rec {
	uint16_t tid;
	unsigned int n;
	uint16_t ie[MAX_F];
	uint64_t v[MAX_F];
};

static int
rec_has(const struct rec *r, uint16_t ie, uint64_t *v)
{
	for (unsigned int i = 0; i < r->n; i++)
		if (r->ie[i] == ie) {
			*v = r->v[i];
			return 1;
		}
	return 0;
}

static uint64_t
rec_get(const struct rec *r, uint16_t ie)
{
	uint64_t v = UINT64_MAX;

	CU_ASSERT(rec_has(r, ie, &v));
	return v;
}

/*
 * Decode one IPFIX message: check the header, learn templates, decode data
 * records into @recs. @return the number of records, -1 if malformed.
 */
static int
ipfix_decode(const uint8_t *m, int len, uint32_t *seq, struct rec *recs, int max)
{
	int off = 16, nrec = 0;

	if (len < 16 || g16(m) != 10 || (int)g16(m + 2) != len || g32(m + 12) != 7)
		return -1;
	*seq = g32(m + 8);
	while (off + 4 <= len) {
		uint32_t sid = g16(m + off), slen = g16(m + off + 2);
		int end = off + (int)slen, p = off + 4;

		if (slen < 4 || end > len)
			return -1;
		if (sid == 2) {
			while (p + 4 <= end && n_tmpl < MAX_T) {
				uint16_t id = (uint16_t)g16(m + p), n = (uint16_t)g16(m + p + 2);
				unsigned int t;

				p += 4;
				for (t = 0; t < n_tmpl && tmpl[t].id != id; t++)
					;
				if (t == n_tmpl)
					n_tmpl++;
				tmpl[t].id = id;
				tmpl[t].n = n;
				for (unsigned int i = 0; i < n && i < MAX_F; i++, p += 4) {
					tmpl[t].ie[i] = (uint16_t)g16(m + p);
					tmpl[t].len[i] = (uint16_t)g16(m + p + 2);
				}
			}
		} else if (sid >= 256) {
			unsigned int t, rl = 0;

			for (t = 0; t < n_tmpl && tmpl[t].id != sid; t++)
				;
			if (t == n_tmpl)
				return -1; /* data before its template */
			for (unsigned int i = 0; i < tmpl[t].n; i++)
				rl += tmpl[t].len[i];
			while (p + (int)rl <= end && nrec < max) {
				struct rec *r = &recs[nrec++];

				r->tid = (uint16_t)sid;
				r->n = tmpl[t].n;
				for (unsigned int i = 0; i < tmpl[t].n; i++) {
					uint64_t v = 0;

					for (unsigned int b = 0; b < tmpl[t].len[i]; b++)
						v = v << 8 | m[p + (int)b];
					r->ie[i] = tmpl[t].ie[i];
					r->v[i] = v;
					p += tmpl[t].len[i];
				}
			}
		}
		off = end;
	}
	return off == len ? nrec : -1;
}

static void
test_ipfix_export(void)
{
	uint8_t buf[2048];
	struct rec recs[64];
	struct nat_log *l;
	struct nat_worker *ws[1];
	uint64_t ms_before, v;
	uint32_t seq = 99;
	int len, n, blocks = 0, maps = 0, quotas = 0;
	uint16_t ep;
	int64_t mi;

	setup(1, 65535, 512, 1, NAT_LOG_BLOCKS | NAT_LOG_MAPPINGS);
	C.log.domain_id = 7;
	collector_open();
	if (start() != 0)
		goto out;
	ws[0] = W;
	l = nat_log_create(N, ws, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	ms_before = (uint64_t)time(NULL) * 1000;
	mi = get(SUB(2), 40000);
	CU_ASSERT_FATAL(mi >= 0);
	ep = rte_be_to_cpu_16(W->maps[mi].eport);
	/* a quota event too: the one block is the subscriber's limit */
	for (uint32_t k = 1; k <= 512; k++)
		get(SUB(2), (uint16_t)(40000 + k));
	{
		unsigned int got = 0, k;

		/* a poll takes a bounded number of events */
		while ((k = nat_log_poll(l)) != 0) {
			CU_ASSERT(k <= 512);
			got += k;
		}
		CU_ASSERT_EQUAL(got, 1 + 512 + 1);
	}
	/* the templates first */
	len = recv_msg(buf, sizeof(buf));
	CU_ASSERT_FATAL(len > 0);
	n_tmpl = 0;
	CU_ASSERT_EQUAL(ipfix_decode(buf, len, &seq, recs, 64), 0);
	CU_ASSERT_EQUAL(seq, 0);
	CU_ASSERT_EQUAL(n_tmpl, 7);
	/* then data, in datagrams of at most 1400 bytes, sequence numbers counting records */
	{
		uint32_t expect_seq = 0, total = 0;

		while ((len = recv_msg(buf, sizeof(buf))) > 0) {
			CU_ASSERT(len <= 1400);
			n = ipfix_decode(buf, len, &seq, recs, 64);
			CU_ASSERT_FATAL(n > 0);
			CU_ASSERT_EQUAL(seq, expect_seq);
			expect_seq += (uint32_t)n;
			total += (uint32_t)n;
			for (int i = 0; i < n; i++) {
				struct rec *r = &recs[i];
				uint64_t ev = rec_get(r, 230);

				CU_ASSERT(rec_get(r, 323) >= ms_before - 1000);
				CU_ASSERT(rec_get(r, 323) <= ms_before + 60000);
				/* never a destination (RFC 6888 REQ-12) */
				CU_ASSERT_FALSE(rec_has(r, 12, &v));
				CU_ASSERT_FALSE(rec_has(r, 11, &v));
				if (ev == NAT_EV_BLOCK_ALLOC) {
					blocks++;
					CU_ASSERT_EQUAL(rec_get(r, 8), SUB(2));
					CU_ASSERT_EQUAL(rec_get(r, 225), POOL0);
					CU_ASSERT(rec_get(r, 361) <= ep && rec_get(r, 362) >= ep);
					CU_ASSERT_EQUAL(rec_get(r, 364), 512);
					CU_ASSERT_EQUAL(rec_get(r, 363), 1);
					CU_ASSERT_EQUAL(rec_get(r, 234), 0);
				} else if (ev == NAT_EV_MAPPING_CREATE) {
					if (rec_get(r, 7) == 40000) {
						CU_ASSERT_EQUAL(rec_get(r, 227), ep);
						CU_ASSERT_EQUAL(rec_get(r, 4), IPPROTO_UDP);
						CU_ASSERT_EQUAL(rec_get(r, 225), POOL0);
					}
					maps++;
				} else if (ev == NAT_EV_QUOTA_EXCEEDED) {
					quotas++;
					CU_ASSERT_EQUAL(rec_get(r, 466), NAT_QUOTA_USER);
					CU_ASSERT_EQUAL(rec_get(r, 473), 512);
					CU_ASSERT_EQUAL(rec_get(r, 8), SUB(2));
				} else {
					CU_FAIL("unexpected natEvent");
				}
			}
		}
		CU_ASSERT_EQUAL(total, 514);
		CU_ASSERT_EQUAL(nat_log_get_stats(l)->records, 514);
		CU_ASSERT_EQUAL(nat_log_get_stats(l)->templates, 1);
		CU_ASSERT_EQUAL(nat_log_get_stats(l)->send_errors, 0);
	}
	CU_ASSERT_EQUAL(blocks, 1);
	CU_ASSERT_EQUAL(maps, 512);
	CU_ASSERT_EQUAL(quotas, 1);
	nat_log_free(l);
	stop();
out:
	collector_close();
}

static void
test_syslog_export(void)
{
	char buf[1024];
	struct nat_log *l;
	struct nat_worker *ws[1];
	int64_t mi;
	int len;

	setup(1, 65535, 512, 4, NAT_LOG_BLOCKS | NAT_LOG_SESSIONS);
	C.log.format = NAT_LOG_SYSLOG;
	C.log.facility = 20; /* local4: PRI 166 */
	collector_open();
	if (start() != 0)
		goto out;
	ws[0] = W;
	l = nat_log_create(N, ws, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	mi = get(SUB(9), 5353);
	CU_ASSERT_FATAL(mi >= 0);
	nat_map_put(W, (uint32_t)mi);
	CU_ASSERT_EQUAL(nat_log_poll(l), 2);
	len = recv_msg((uint8_t *)buf, sizeof(buf) - 1);
	CU_ASSERT_FATAL(len > 0);
	buf[len] = '\0';
	CU_ASSERT(strncmp(buf, "<166>1 20", 9) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "Z "));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " bngd "));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " block-alloc - instance=cgn vrf=0 inside=10.0.0.9 "
					   "outside=192.0.2.64 ports=1024-1535"));
	len = recv_msg((uint8_t *)buf, sizeof(buf) - 1);
	CU_ASSERT_FATAL(len > 0);
	buf[len] = '\0';
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " block-release - instance=cgn vrf=0 inside=10.0.0.9 "));
	CU_ASSERT_EQUAL(recv_msg((uint8_t *)buf, sizeof(buf)), -1);
	nat_log_free(l);
	stop();
out:
	collector_close();
}

static const CU_TestInfo queue_tests[] = {
	{ "block and mapping events", test_block_and_mapping_events },
	{ "only the kinds asked for", test_event_mask },
	{ "quota: a subscriber's ports, throttled", test_quota_user },
	{ "addresses and ports exhausted", test_pool_limits },
	{ "tables full: mappings, subscribers", test_table_limits },
	{ "a full queue loses events, counted", test_queue_full },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo export_tests[] = {
	{ "collector addresses", test_parse_collector },
	{ "IPFIX: templates, records, sequence numbers", test_ipfix_export },
	{ "syslog: RFC 5424 lines", test_syslog_export },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	if (bng_test_add_suite("nat log: events queued", queue_tests) != 0 ||
	    bng_test_add_suite("nat log: export", export_tests) != 0)
		return -1;
	return 0;
}
