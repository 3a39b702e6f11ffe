/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of lib/session: table creation (bad arguments first), key
 * normalisation and ICMP error keys, create/lookup/delete of IPv4 and IPv6
 * sessions, secondary keys, the full table (refuses, never evicts), the
 * bounded expiry sweep, TCP-lite state, session events and the service
 * chain registry.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "bng_parse.h"
#include "bng_test.h"
#include "sess.h"
#include "sess_chain.h"
#include "sess_key.h"

const char bng_test_name[] = "session";

/* The socket the tables live on (memory accounting needs a real one). */
#define SOCK ((int)rte_socket_id())

#define A4 T_IP4(10, 0, 0, 2)
#define B4 T_IP4(198, 51, 100, 7)
#define R4 T_IP4(192, 0, 2, 1)
#define X4 T_IP4(100, 64, 0, 1)

static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7 };

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10

/* An empty sealed chain for tables whose events nobody watches. */
static struct sess_chain empty_chain;

static struct sess_config
cfg_of(uint32_t max, uint32_t max_v6, uint32_t secondary, uint32_t batch)
{
	struct sess_config c;

	sess_config_defaults(&c);
	c.max_sessions = max;
	c.max_v6 = max_v6;
	c.secondary = secondary;
	c.expiry_batch = batch;
	return c;
}

static struct sess_table *
table(const char *name, uint32_t max, uint32_t max_v6, uint32_t secondary, uint32_t batch,
      const struct sess_chain *chain)
{
	struct sess_config c = cfg_of(max, max_v6, secondary, batch);

	return sess_table_create(name, SOCK, &c, chain ? chain : &empty_chain);
}

/* Parse a frame into an mbuf (tenant 0) and build its session key. */
static struct rte_mbuf *
keyed(const uint8_t *b, uint16_t len, union sess_key *k)
{
	struct rte_mbuf *m = bng_test_mbuf(b, len);
	struct bng_desc *d = bng_desc(m);

	CU_ASSERT_EQUAL(bng_parse(m, d), BNG_DROP_NONE);
	d->tenant = 0;
	memset(k, 0, sizeof(*k));
	CU_ASSERT_EQUAL(sess_key_build(m, d, k), BNG_DROP_NONE);
	return m;
}

static struct rte_mbuf *
udp4(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, union sess_key *k)
{
	uint8_t b[128];

	return keyed(b, t_udp4_frame(b, src, sport, dst, dport), k);
}

static struct rte_mbuf *
tcp4(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, uint8_t flags, union sess_key *k)
{
	uint8_t b[128];

	return keyed(b, t_tcp4_frame(b, src, sport, dst, dport, flags), k);
}

static struct rte_mbuf *
udp6(const uint8_t *src, uint16_t sport, const uint8_t *dst, uint16_t dport, union sess_key *k)
{
	uint8_t b[128];

	return keyed(b, t_udp6_frame(b, src, sport, dst, dport), k);
}

/* One IPv4 key lookup through the burst API. @return index or -1. */
static int64_t
find4(struct sess_table *t, const union sess_key *k)
{
	const struct sess_key4 *keys[1] = { &k->v4 };
	uint32_t idx[1] = { UINT32_MAX };

	return sess_lookup4_burst(t, keys, 1, idx) == 1 ? (int64_t)SESS_HIT_IDX(idx[0]) : -1;
}

static int64_t
find6(struct sess_table *t, const union sess_key *k)
{
	const struct sess_key6 *keys[1] = { &k->v6 };
	uint32_t idx[1] = { UINT32_MAX };

	return sess_lookup6_burst(t, keys, 1, idx) == 1 ? (int64_t)SESS_HIT_IDX(idx[0]) : -1;
}

/* Create the session of a keyed packet. */
static struct sess_entry *
create(struct sess_table *t, struct rte_mbuf *m, const union sess_key *k, uint16_t services,
       uint32_t now)
{
	enum bng_drop why = BNG_DROP_NONE;
	struct sess_entry *s = sess_create(t, k, m, services, now, &why);

	if (s != NULL)
		CU_ASSERT_EQUAL(why, BNG_DROP_NONE);
	return s;
}

/* ---------------------------------------------------------------------------
 * Table creation
 */

static void
test_create_bad_args(void)
{
	struct sess_config c = cfg_of(64, 16, 0, 8);
	struct sess_table *t;

	rte_errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create(NULL, SOCK, &c, &empty_chain));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create("bad", SOCK, NULL, &empty_chain));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create("bad", SOCK, &c, NULL));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	c.max_sessions = 0;
	c.max_v6 = 0;
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create("bad", SOCK, &c, &empty_chain));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	c = cfg_of(64, 65, 0, 8);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create("bad", SOCK, &c, &empty_chain));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	c = cfg_of(64, 16, 0, 0);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create("bad", SOCK, &c, &empty_chain));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	c = cfg_of(64, 16, 0, 8);
	c.sweep_ms = 0;
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create("bad", SOCK, &c, &empty_chain));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	/* A name too long for the hash tables. */
	c = cfg_of(64, 16, 0, 8);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create("a_session_table_name_far_too_long_for_rte_hash",
					     SOCK, &c, &empty_chain));
	CU_ASSERT_NOT_EQUAL(rte_errno, 0);

	/* A name in use. */
	t = sess_table_create("dup", SOCK, &c, &empty_chain);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	rte_errno = 0;
	rte_log_set_global_level(RTE_LOG_CRIT); /* rte_hash complains, expectedly */
	CU_ASSERT_PTR_NULL(sess_table_create("dup", SOCK, &c, &empty_chain));
	rte_log_set_global_level(RTE_LOG_ERR);
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	sess_table_free(t);

	/* NULL is a no-op. */
	sess_table_free(NULL);

	/* Freed names can be used again; a fresh table is empty. */
	t = sess_table_create("dup", SOCK, &c, &empty_chain);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(sess_table_count(t), 0);
	CU_ASSERT(sess_table_memory(t) > 0);
	/* Expiry of an empty table does nothing. */
	CU_ASSERT_EQUAL(sess_expire_step(t, 1000000), 0);
	sess_table_free(t);
}

static void
test_config_defaults(void)
{
	struct sess_config c;

	sess_config_defaults(&c);
	CU_ASSERT_EQUAL(c.max_sessions, 65536);
	CU_ASSERT(c.max_v6 <= c.max_sessions);
	CU_ASSERT(c.expiry_batch > 0);
	CU_ASSERT_EQUAL(c.sweep_ms, 1000);
	CU_ASSERT_EQUAL(c.timeout_s[SESS_TC_UDP], 300);
	CU_ASSERT_EQUAL(c.timeout_s[SESS_TC_TCP_EST], 7440);
	CU_ASSERT_STRING_EQUAL(sess_tclass_name(SESS_TC_TCP_EST), "tcp_established");
	CU_ASSERT_STRING_EQUAL(sess_tclass_name(SESS_TC_MAX), "?");
	CU_ASSERT_EQUAL(sess_tclass_default(SESS_TC_ICMP), 60);
	CU_ASSERT_EQUAL(sess_tclass_default(SESS_TC_MAX), 0);
}

/* ---------------------------------------------------------------------------
 * Keys
 */

static void
test_key4_normalise(void)
{
	struct sess_key4 k1, k2, k3;
	uint32_t a = rte_cpu_to_be_32(A4), b = rte_cpu_to_be_32(B4);
	uint16_t p1 = rte_cpu_to_be_16(40000), p2 = rte_cpu_to_be_16(80);
	int s1, s2;

	memset(&k1, 0xff, sizeof(k1));
	memset(&k2, 0x00, sizeof(k2));
	s1 = sess_key4_set(&k1, 3, IPPROTO_TCP, a, p1, b, p2);
	s2 = sess_key4_set(&k2, 3, IPPROTO_TCP, b, p2, a, p1);
	CU_ASSERT_EQUAL(memcmp(&k1, &k2, sizeof(k1)), 0);
	CU_ASSERT_NOT_EQUAL(s1, s2);
	/* Which endpoint goes first is the key's business; the swap flag
	 * says where the source went, and the pairs stay together. */
	CU_ASSERT_EQUAL(k1.addr[s1], a);
	CU_ASSERT_EQUAL(k1.port[s1], p1);
	CU_ASSERT_EQUAL(k1.addr[!s1], b);
	CU_ASSERT_EQUAL(k1.port[!s1], p2);
	CU_ASSERT_EQUAL(k1.pad, 0);
	CU_ASSERT_EQUAL(k1.tenant, 3);
	CU_ASSERT_EQUAL(k1.proto, IPPROTO_TCP);

	/* Same address both ends: the ports decide. */
	s1 = sess_key4_set(&k1, 0, IPPROTO_UDP, a, rte_cpu_to_be_16(256), a, rte_cpu_to_be_16(2));
	s2 = sess_key4_set(&k2, 0, IPPROTO_UDP, a, rte_cpu_to_be_16(2), a, rte_cpu_to_be_16(256));
	CU_ASSERT_EQUAL(memcmp(&k1, &k2, sizeof(k1)), 0);
	CU_ASSERT_NOT_EQUAL(s1, s2);
	CU_ASSERT_EQUAL(k1.port[s1], rte_cpu_to_be_16(256));
	/* Addresses that differ only where the ports would break a tie. */
	s1 = sess_key4_set(&k1, 0, IPPROTO_UDP, a, rte_cpu_to_be_16(9), a + 1, rte_cpu_to_be_16(1));
	s2 = sess_key4_set(&k2, 0, IPPROTO_UDP, a + 1, rte_cpu_to_be_16(1), a, rte_cpu_to_be_16(9));
	CU_ASSERT_EQUAL(memcmp(&k1, &k2, sizeof(k1)), 0);
	CU_ASSERT_NOT_EQUAL(s1, s2);
	/* A flow to itself (same endpoint twice) is not swapped. */
	CU_ASSERT_EQUAL(sess_key4_set(&k1, 0, IPPROTO_UDP, a, p1, a, p1), 0);

	/* Many random endpoint pairs: both directions, one key. */
	{
		uint32_t seed = 7, bad = 0;

		for (int i = 0; i < 10000; i++) {
			uint32_t x, y;
			uint16_t px, py;

			seed = seed * 1103515245u + 12345u;
			x = seed;
			px = (uint16_t)(seed >> 7);
			seed = seed * 1103515245u + 12345u;
			/* Often the same address, to exercise the port tie-break. */
			y = (i & 3) ? seed : x;
			py = (uint16_t)(seed >> 9);
			s1 = sess_key4_set(&k1, 0, IPPROTO_TCP, x, px, y, py);
			s2 = sess_key4_set(&k2, 0, IPPROTO_TCP, y, py, x, px);
			bad += memcmp(&k1, &k2, sizeof(k1)) != 0;
			bad += (x != y || px != py) && s1 == s2;
		}
		CU_ASSERT_EQUAL(bad, 0);
	}

	/* Tenant and protocol are part of the key. */
	sess_key4_set(&k1, 0, IPPROTO_TCP, a, p1, b, p2);
	sess_key4_set(&k2, 1, IPPROTO_TCP, a, p1, b, p2);
	sess_key4_set(&k3, 0, IPPROTO_UDP, a, p1, b, p2);
	CU_ASSERT_NOT_EQUAL(memcmp(&k1, &k2, sizeof(k1)), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(&k1, &k3, sizeof(k1)), 0);
}

static void
test_key6_normalise(void)
{
	struct sess_key6 k1, k2;
	uint16_t p1 = rte_cpu_to_be_16(40000), p2 = rte_cpu_to_be_16(443);
	int s1, s2;

	memset(&k1, 0xff, sizeof(k1));
	memset(&k2, 0x00, sizeof(k2));
	s1 = sess_key6_set(&k1, 0, IPPROTO_TCP, B6, p2, A6, p1);
	s2 = sess_key6_set(&k2, 0, IPPROTO_TCP, A6, p1, B6, p2);
	CU_ASSERT_EQUAL(memcmp(&k1, &k2, sizeof(k1)), 0);
	CU_ASSERT_NOT_EQUAL(s1, s2);
	CU_ASSERT_EQUAL(memcmp(k1.addr[s1], B6, 16), 0);
	CU_ASSERT_EQUAL(k1.port[s1], p2);
	CU_ASSERT_EQUAL(memcmp(k1.addr[!s1], A6, 16), 0);
	CU_ASSERT_EQUAL(k1.port[!s1], p1);
	CU_ASSERT_EQUAL(k1.pad, 0);

	s1 = sess_key6_set(&k1, 0, IPPROTO_UDP, A6, rte_cpu_to_be_16(256), A6, rte_cpu_to_be_16(2));
	s2 = sess_key6_set(&k2, 0, IPPROTO_UDP, A6, rte_cpu_to_be_16(2), A6, rte_cpu_to_be_16(256));
	CU_ASSERT_EQUAL(memcmp(&k1, &k2, sizeof(k1)), 0);
	CU_ASSERT_NOT_EQUAL(s1, s2);
}

static void
test_key_hash(void)
{
	/* The inline hashes must equal the tables' own hash function. */
	struct sess_key4 k4;
	struct sess_key6 k6;
	uint64_t w[5];
	uint32_t seed = 99;
	unsigned int bad = 0;

	for (int i = 0; i < 5000; i++) {
		uint8_t a[16], b[16];

		for (int j = 0; j < 16; j++) {
			seed = seed * 1103515245u + 12345u;
			a[j] = (uint8_t)(seed >> 16);
			b[j] = (uint8_t)(seed >> 8);
		}
		sess_key4_set(&k4, (uint16_t)seed, (uint8_t)(seed >> 3), seed, (uint16_t)(seed >> 7),
			      ~seed, (uint16_t)(seed >> 11));
		sess_key6_set(&k6, (uint16_t)seed, (uint8_t)(seed >> 3), a, (uint16_t)(seed >> 7), b,
			      (uint16_t)(seed >> 11));
		/* rte_hash_crc() reads the key as uint64_t words: give it real ones
		 * (reading the struct through a uint64_t pointer would break
		 * strict aliasing once inlined here). */
		memcpy(w, &k4, sizeof(k4));
		bad += sess_key4_hash(&k4) != rte_hash_crc(w, sizeof(k4), 0);
		memcpy(w, &k6, sizeof(k6));
		bad += sess_key6_hash(&k6) != rte_hash_crc(w, sizeof(k6), 0);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void
test_key4_raw(void)
{
	/* The express path's key from raw header words: the very key
	 * sess_key4_set() makes, its swap and its hash, whatever the
	 * addresses and ports (equal ones too). */
	uint32_t seed = 7;
	unsigned int bad = 0;

	for (int i = 0; i < 20000; i++) {
		struct sess_key4 k1, k2;
		uint32_t src, dst, h, pt;
		uint16_t sp, dp, tenant;
		uint8_t proto;
		uint64_t sd;
		int s1, s2;

		seed = seed * 1103515245u + 12345u;
		src = seed ^ (seed << 7);
		seed = seed * 1103515245u + 12345u;
		dst = (i & 3) == 0 ? src : seed ^ (seed >> 5);
		seed = seed * 1103515245u + 12345u;
		sp = (uint16_t)seed;
		dp = (i & 7) == 1 ? sp : (uint16_t)(seed >> 16);
		tenant = (uint16_t)(i & 0x8001);
		proto = (i & 1) ? IPPROTO_TCP : IPPROTO_UDP;
		/* As the header holds them: source then destination. */
		memcpy((uint8_t *)&sd, &src, 4);
		memcpy((uint8_t *)&sd + 4, &dst, 4);
		memcpy((uint8_t *)&pt, &sp, 2);
		memcpy((uint8_t *)&pt + 2, &dp, 2);
		s1 = sess_key4_set(&k1, tenant, proto, src, sp, dst, dp);
		s2 = sess_key4_set_raw(&k2, sd, pt, sess_key4_hi(tenant, proto), &h);
		bad += memcmp(&k1, &k2, sizeof(k1)) != 0 || s1 != s2 || h != sess_key4_hash(&k1);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void
test_key_build_directions(void)
{
	union sess_key kf, kr;
	struct rte_mbuf *f = udp4(A4, 40000, B4, 53, &kf);
	struct rte_mbuf *r = udp4(B4, 53, A4, 40000, &kr);

	CU_ASSERT_EQUAL(memcmp(&kf.v4, &kr.v4, sizeof(kf.v4)), 0);
	CU_ASSERT_NOT_EQUAL(!!(bng_desc(f)->flags & BNG_DF_SWAPPED),
			    !!(bng_desc(r)->flags & BNG_DF_SWAPPED));
	rte_pktmbuf_free(f);
	rte_pktmbuf_free(r);

	{
		union sess_key k6f, k6r;
		struct rte_mbuf *f6 = udp6(B6, 1000, A6, 2000, &k6f);
		struct rte_mbuf *r6 = udp6(A6, 2000, B6, 1000, &k6r);

		CU_ASSERT_EQUAL(memcmp(&k6f.v6, &k6r.v6, sizeof(k6f.v6)), 0);
		CU_ASSERT_NOT_EQUAL(!!(bng_desc(f6)->flags & BNG_DF_SWAPPED),
				    !!(bng_desc(r6)->flags & BNG_DF_SWAPPED));
		rte_pktmbuf_free(f6);
		rte_pktmbuf_free(r6);
	}
}

static void
test_key_icmp_error(void)
{
	uint8_t b[128];
	union sess_key kf, ke, kr;
	struct rte_mbuf *f = udp4(A4, 40000, B4, 53, &kf);
	struct rte_mbuf *r = udp4(B4, 53, A4, 40000, &kr);
	struct rte_mbuf *e;
	uint16_t o;

	/* A router R reports A:40000 -> B:53/udp unreachable, to A. */
	o = t_eth(b, 0x0800);
	o += t_ipv4(b + o, IPPROTO_ICMP, R4, A4, 8 + 20 + 8);
	o += t_icmp(b + o, 3, 1, 0, 0);
	o += t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);
	o += t_udp(b + o, 40000, 53, 0);
	e = keyed(b, o, &ke);
	CU_ASSERT_TRUE(bng_desc(e)->flags & BNG_DF_ICMP_ERR);
	CU_ASSERT_EQUAL(memcmp(&kf.v4, &ke.v4, sizeof(kf.v4)), 0);
	/* The error travels like a reply. */
	CU_ASSERT_EQUAL(!!(bng_desc(e)->flags & BNG_DF_SWAPPED),
			!!(bng_desc(r)->flags & BNG_DF_SWAPPED));
	rte_pktmbuf_free(e);

	/* A quoted header cut short (inner UDP missing) cannot be keyed. */
	o = t_eth(b, 0x0800);
	o += t_ipv4(b + o, IPPROTO_ICMP, R4, A4, 8 + 20 + 4);
	o += t_icmp(b + o, 11, 0, 0, 0);
	o += t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);
	o += t_udp(b + o, 40000, 53, 0);
	e = bng_test_mbuf(b, (uint16_t)(o - 4));
	CU_ASSERT_EQUAL(bng_parse(e, bng_desc(e)), BNG_DROP_NONE);
	CU_ASSERT_NOT_EQUAL(sess_key_build(e, bng_desc(e), &ke), BNG_DROP_NONE);
	rte_pktmbuf_free(e);
	rte_pktmbuf_free(f);
	rte_pktmbuf_free(r);

	/* A quoted ICMP echo: keyed by its identifier. */
	o = t_eth(b, 0x0800);
	o += t_ipv4(b + o, IPPROTO_ICMP, A4, B4, 8);
	o += t_icmp(b + o, 8, 0, 0x77, 1);
	f = keyed(b, o, &kf);
	o = t_eth(b, 0x0800);
	o += t_ipv4(b + o, IPPROTO_ICMP, R4, A4, 8 + 20 + 8);
	o += t_icmp(b + o, 11, 0, 0, 0);
	o += t_ipv4(b + o, IPPROTO_ICMP, A4, B4, 8);
	o += t_icmp(b + o, 8, 0, 0x77, 1);
	e = keyed(b, o, &ke);
	CU_ASSERT_EQUAL(memcmp(&kf.v4, &ke.v4, sizeof(kf.v4)), 0);
	rte_pktmbuf_free(f);
	rte_pktmbuf_free(e);

	/* ICMPv6 packet too big about B6:1000 -> A6:2000/udp. */
	f = udp6(B6, 1000, A6, 2000, &kf);
	o = t_eth(b, 0x86dd);
	o += t_ipv6(b + o, IPPROTO_ICMPV6, A6, B6, 8 + 40 + 8);
	o += t_icmp(b + o, 2, 0, 0, 1280);
	o += t_ipv6(b + o, IPPROTO_UDP, B6, A6, 8);
	o += t_udp(b + o, 1000, 2000, 0);
	e = keyed(b, o, &ke);
	CU_ASSERT_EQUAL(memcmp(&kf.v6, &ke.v6, sizeof(kf.v6)), 0);
	CU_ASSERT_NOT_EQUAL(!!(bng_desc(e)->flags & BNG_DF_SWAPPED),
			    !!(bng_desc(f)->flags & BNG_DF_SWAPPED));
	rte_pktmbuf_free(f);
	rte_pktmbuf_free(e);
}

/* ---------------------------------------------------------------------------
 * Create, lookup, delete
 */

static void
test_create_lookup(void)
{
	struct sess_table *t = table("cl", 64, 16, 0, 8, NULL);
	union sess_key kf, kr, ko;
	struct rte_mbuf *f, *r, *other;
	const struct sess_key4 *keys[3];
	uint32_t idx[3] = { UINT32_MAX, UINT32_MAX, UINT32_MAX };
	struct sess_entry *s, *s2;
	uint64_t hits;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	f = udp4(A4, 40000, B4, 53, &kf);
	r = udp4(B4, 53, A4, 40000, &kr);
	other = udp4(A4, 40001, B4, 53, &ko);

	/* Nothing is found in an empty table. */
	CU_ASSERT_EQUAL(find4(t, &kf), -1);
	CU_ASSERT_EQUAL(sess_lookup(t, &kf, 0), -ENOENT);
	CU_ASSERT_EQUAL(sess_lookup4_burst(t, keys, 0, idx), 0);

	s = create(t, f, &kf, 0x5, 1000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(sess_table_count(t), 1);
	CU_ASSERT_EQUAL(sess_index(t, s), 0);
	CU_ASSERT(s->flags & SESS_F_USED);
	CU_ASSERT_FALSE(s->flags & (SESS_F_V6 | SESS_F_REPLY));
	CU_ASSERT_EQUAL(!!(s->flags & SESS_F_SWAPPED), !!(bng_desc(f)->flags & BNG_DF_SWAPPED));
	CU_ASSERT_EQUAL(s->proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_UDP);
	CU_ASSERT_EQUAL(s->services, 0x5);
	CU_ASSERT_EQUAL(s->last_ms, 1000);
	CU_ASSERT_EQUAL(s->key_pos[1], SESS_NO_KEY);
	CU_ASSERT_EQUAL(t->st.created, 1);

	/* A burst: hit, miss, hit (the reverse direction). */
	keys[0] = &kf.v4;
	keys[1] = &ko.v4;
	keys[2] = &kr.v4;
	hits = sess_lookup4_burst(t, keys, 3, idx);
	CU_ASSERT_EQUAL(hits, 0x5);
	CU_ASSERT_EQUAL(SESS_HIT_IDX(idx[0]), sess_index(t, s));
	CU_ASSERT_EQUAL(SESS_HIT_IDX(idx[2]), sess_index(t, s));
	CU_ASSERT_EQUAL(sess_lookup(t, &kr, 0), (int32_t)sess_index(t, s));
	CU_ASSERT_EQUAL(sess_dir(s, bng_desc(f), 0), 0);
	CU_ASSERT_EQUAL(sess_dir(s, bng_desc(r), 0), 1);

	/* Creating an existing key returns the existing session. */
	s2 = create(t, r, &kr, 0, 2000);
	CU_ASSERT_PTR_EQUAL(s2, s);
	CU_ASSERT_EQUAL(sess_table_count(t), 1);
	CU_ASSERT_EQUAL(t->st.created, 1);
	CU_ASSERT_EQUAL(s->last_ms, 1000);

	/* A second flow gets its own entry. */
	s2 = create(t, other, &ko, 0, 1000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s2);
	CU_ASSERT_PTR_NOT_EQUAL(s2, s);
	CU_ASSERT_EQUAL(sess_table_count(t), 2);
	hits = sess_lookup4_burst(t, keys, 3, idx);
	CU_ASSERT_EQUAL(hits, 0x7);
	CU_ASSERT_EQUAL(SESS_HIT_IDX(idx[1]), sess_index(t, s2));

	/* Touching in the reply direction marks the session. */
	sess_touch(s, bng_desc(r), sess_dir(s, bng_desc(r), 0), 5000);
	CU_ASSERT_EQUAL(s->last_ms, 5000);
	CU_ASSERT(s->flags & SESS_F_REPLY);

	rte_pktmbuf_free(f);
	rte_pktmbuf_free(r);
	rte_pktmbuf_free(other);
	sess_table_free(t);
}

static void
test_lookup_full_burst(void)
{
	/* A burst of RTE_HASH_LOOKUP_BULK_MAX keys, every other one present. */
	struct sess_table *t = table("burst", 128, 64, 0, 8, NULL);
	union sess_key k[RTE_HASH_LOOKUP_BULK_MAX], k6[RTE_HASH_LOOKUP_BULK_MAX];
	const struct sess_key4 *keys[RTE_HASH_LOOKUP_BULK_MAX];
	const struct sess_key6 *keys6[RTE_HASH_LOOKUP_BULK_MAX];
	uint32_t idx[RTE_HASH_LOOKUP_BULK_MAX];
	uint32_t want[RTE_HASH_LOOKUP_BULK_MAX], want6[RTE_HASH_LOOKUP_BULK_MAX];
	uint64_t hits;
	unsigned int bad = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (uint32_t i = 0; i < RTE_HASH_LOOKUP_BULK_MAX; i++) {
		struct rte_mbuf *m = udp4(A4, (uint16_t)(5000 + i), B4, 53, &k[i]);
		struct rte_mbuf *m6 = udp6(A6, (uint16_t)(5000 + i), B6, 53, &k6[i]);

		keys[i] = &k[i].v4;
		keys6[i] = &k6[i].v6;
		if (i % 2 == 0) {
			struct sess_entry *s = create(t, m, &k[i], 0, 0);
			struct sess_entry *s6 = create(t, m6, &k6[i], 0, 0);

			CU_ASSERT_PTR_NOT_NULL_FATAL(s);
			CU_ASSERT_PTR_NOT_NULL_FATAL(s6);
			want[i] = sess_index(t, s);
			want6[i] = sess_index(t, s6);
		}
		rte_pktmbuf_free(m);
		rte_pktmbuf_free(m6);
	}
	hits = sess_lookup4_burst(t, keys, RTE_HASH_LOOKUP_BULK_MAX, idx);
	CU_ASSERT_EQUAL(hits, 0x5555555555555555ull);
	for (uint32_t i = 0; i < RTE_HASH_LOOKUP_BULK_MAX; i += 2)
		bad += SESS_HIT_IDX(idx[i]) != want[i];
	CU_ASSERT_EQUAL(bad, 0);
	hits = sess_lookup6_burst(t, keys6, RTE_HASH_LOOKUP_BULK_MAX, idx);
	CU_ASSERT_EQUAL(hits, 0x5555555555555555ull);
	bad = 0;
	for (uint32_t i = 0; i < RTE_HASH_LOOKUP_BULK_MAX; i += 2)
		bad += SESS_HIT_IDX(idx[i]) != want6[i];
	CU_ASSERT_EQUAL(bad, 0);
	/* Bursts of every length agree with single lookups. */
	bad = 0;
	for (uint32_t n = 1; n <= RTE_HASH_LOOKUP_BULK_MAX; n++) {
		uint64_t mask = n == 64 ? ~0ull : (1ull << n) - 1;

		bad += sess_lookup4_burst(t, keys, n, idx) != (0x5555555555555555ull & mask);
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(sess_table_count(t), 64);
	sess_table_free(t);
}

static void
test_originator_swapped(void)
{
	struct sess_table *t = table("sw", 64, 16, 0, 8, NULL);
	union sess_key kf, kr;
	struct rte_mbuf *f, *r;
	struct sess_entry *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	/* Let the originator be the side whose packets get swapped keys. */
	f = udp4(B4, 5000, A4, 6000, &kf);
	r = udp4(A4, 6000, B4, 5000, &kr);
	if (!(bng_desc(f)->flags & BNG_DF_SWAPPED)) {
		struct rte_mbuf *x = f;

		f = r;
		r = x;
	}
	CU_ASSERT_TRUE_FATAL(bng_desc(f)->flags & BNG_DF_SWAPPED);
	s = create(t, f, &kf, 0, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT(s->flags & SESS_F_SWAPPED);
	CU_ASSERT_EQUAL(sess_dir(s, bng_desc(f), 0), 0);
	CU_ASSERT_EQUAL(sess_dir(s, bng_desc(r), 0), 1);
	rte_pktmbuf_free(f);
	rte_pktmbuf_free(r);
	sess_table_free(t);
}

static void
test_secondary_and_delete(void)
{
	struct sess_table *t = table("sec", 64, 16, 64, 8, NULL);
	union sess_key kf, kx, kx2, ko;
	struct rte_mbuf *f, *x, *x2, *other;
	struct sess_entry *s, *s2;
	struct sess_handle h;
	uint32_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	f = udp4(A4, 40000, B4, 53, &kf);
	x = udp4(X4, 5000, B4, 53, &kx);    /* after source NAT */
	x2 = udp4(X4, 5001, B4, 53, &kx2);
	other = udp4(A4, 40001, B4, 53, &ko);
	s = create(t, f, &kf, 0, 0);
	s2 = create(t, other, &ko, 0, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s2);
	i = sess_index(t, s);

	CU_ASSERT_EQUAL(sess_add_secondary(t, s, &kx, 0), 0);
	CU_ASSERT_NOT_EQUAL(s->key_pos[1], SESS_NO_KEY);
	CU_ASSERT_EQUAL(find4(t, &kx), i);
	CU_ASSERT_EQUAL(find4(t, &kf), i);
	/* The same key again, a second secondary key, another session's key. */
	CU_ASSERT_EQUAL(sess_add_secondary(t, s, &kx, 0), -EEXIST);
	CU_ASSERT_EQUAL(sess_add_secondary(t, s, &kx2, 0), -EEXIST);
	CU_ASSERT_EQUAL(sess_add_secondary(t, s2, &kx, 0), -EEXIST);
	CU_ASSERT_EQUAL(sess_add_secondary(t, s2, &kf, 0), -EEXIST);
	CU_ASSERT_EQUAL(find4(t, &kx2), -1);
	/* A session created for the translated tuple is the same session. */
	CU_ASSERT_PTR_EQUAL(create(t, x, &kx, 0, 0), s);
	CU_ASSERT_EQUAL(sess_table_count(t), 2);

	/* Delete removes both keys and invalidates handles. */
	h = sess_handle_of(t, s);
	CU_ASSERT_PTR_EQUAL(sess_get(t, h), s);
	sess_delete(t, s);
	CU_ASSERT_EQUAL(find4(t, &kf), -1);
	CU_ASSERT_EQUAL(find4(t, &kx), -1);
	CU_ASSERT_EQUAL(sess_lookup(t, &kx, 0), -ENOENT);
	CU_ASSERT_PTR_NULL(sess_get(t, h));
	CU_ASSERT_NOT_EQUAL(s->version, h.version);
	CU_ASSERT_EQUAL(s->key_pos[0], SESS_NO_KEY);
	CU_ASSERT_EQUAL(s->key_pos[1], SESS_NO_KEY);
	CU_ASSERT_EQUAL(sess_table_count(t), 1);
	CU_ASSERT_EQUAL(t->st.deleted, 1);
	CU_ASSERT(t->st.stale >= 1);
	/* An out-of-range handle is no session either. */
	h.idx = 64;
	CU_ASSERT_PTR_NULL(sess_get(t, h));
	/* The other session is untouched. */
	CU_ASSERT_EQUAL(find4(t, &ko), sess_index(t, s2));

	/* Deleting twice is harmless: the entry is not freed twice. */
	sess_delete(t, s);
	CU_ASSERT_EQUAL(sess_table_count(t), 1);
	CU_ASSERT_EQUAL(t->st.deleted, 1);

	/* The entry is reused, with a new version; the old handle stays stale. */
	s = create(t, f, &kf, 0, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(sess_index(t, s), i);
	h.idx = i;
	CU_ASSERT_PTR_NULL(sess_get(t, h));
	CU_ASSERT_PTR_EQUAL(sess_get(t, sess_handle_of(t, s)), s);
	/* Its former secondary key is free for another session now. */
	CU_ASSERT_EQUAL(sess_add_secondary(t, s2, &kx, 0), 0);
	CU_ASSERT_EQUAL(find4(t, &kx), sess_index(t, s2));

	rte_pktmbuf_free(f);
	rte_pktmbuf_free(x);
	rte_pktmbuf_free(x2);
	rte_pktmbuf_free(other);
	sess_table_free(t);
}

/* Fill a table of @p max sessions, check the next is refused and nothing evicted. */
static void
check_full(struct sess_table *t, uint32_t max)
{
	union sess_key k[65];
	struct rte_mbuf *m;
	struct sess_entry *s;
	enum bng_drop why = BNG_DROP_NONE;
	uint32_t i;

	CU_ASSERT_FATAL(max < RTE_DIM(k));
	for (i = 0; i < max; i++) {
		m = udp4(A4, (uint16_t)(1000 + i), B4, 53, &k[i]);
		CU_ASSERT_PTR_NOT_NULL(create(t, m, &k[i], 0, i));
		rte_pktmbuf_free(m);
	}
	CU_ASSERT_EQUAL(sess_table_count(t), max);
	m = udp4(A4, (uint16_t)(1000 + max), B4, 53, &k[max]);
	s = sess_create(t, &k[max], m, 0, 100000, &why);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL(why, BNG_DROP_SESS_FULL);
	CU_ASSERT_EQUAL(t->st.full, 1);
	CU_ASSERT_EQUAL(sess_table_count(t), max);
	CU_ASSERT_EQUAL(find4(t, &k[max]), -1);
	/* Every live session is still there. */
	for (i = 0; i < max; i++)
		CU_ASSERT_EQUAL(find4(t, &k[i]), i);
	/* A packet of a live session still finds it (create returns it). */
	why = BNG_DROP_NONE;
	CU_ASSERT_PTR_EQUAL(sess_create(t, &k[0], m, 0, 100000, &why), &t->entries[0]);
	CU_ASSERT_EQUAL(why, BNG_DROP_NONE);
	/* Room again after one delete. */
	sess_delete(t, &t->entries[1]);
	s = sess_create(t, &k[max], m, 0, 100000, &why);
	CU_ASSERT_PTR_NOT_NULL(s);
	CU_ASSERT_EQUAL(sess_table_count(t), max);
	rte_pktmbuf_free(m);
}

/*
 * A table smaller than one rte_hash bucket (8 entries) still works: the
 * entry pool, not the hash, refuses the fifth flow.
 */
static void
test_full_table_4(void)
{
	struct sess_table *t = table("full4", 4, 0, 0, 8, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	check_full(t, 4);
	sess_table_free(t);
}

static void
test_full_table(void)
{
	struct sess_table *t = table("full8", 8, 8, 0, 8, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	check_full(t, 8);
	sess_table_free(t);

	t = table("full64", 64, 0, 0, 8, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	check_full(t, 64);
	sess_table_free(t);
}

static void
test_full_key_room(void)
{
	/* 16 entries but only 16 IPv4 keys: secondary keys use up key room. */
	struct sess_table *t = table("keyroom", 16, 0, 0, 8, NULL);
	union sess_key k[16], kx[8], kn;
	struct rte_mbuf *m;
	enum bng_drop why = BNG_DROP_NONE;
	int rc = 0;
	uint32_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (i = 0; i < 8; i++) {
		struct sess_entry *s;

		m = udp4(A4, (uint16_t)(1000 + i), B4, 53, &k[i]);
		s = create(t, m, &k[i], 0, 0);
		rte_pktmbuf_free(m);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		m = udp4(X4, (uint16_t)(1000 + i), B4, 53, &kx[i]);
		rte_pktmbuf_free(m);
		rc = sess_add_secondary(t, s, &kx[i], 0);
		CU_ASSERT_EQUAL(rc, 0);
	}
	/* 16 keys in use, 8 entries free: a new flow has no key room. */
	m = udp4(A4, 2000, B4, 53, &kn);
	CU_ASSERT_PTR_NULL(sess_create(t, &kn, m, 0, 0, &why));
	CU_ASSERT_EQUAL(why, BNG_DROP_SESS_FULL);
	CU_ASSERT_EQUAL(sess_table_count(t), 8);
	CU_ASSERT_EQUAL(t->st.full, 1);
	for (i = 0; i < 8; i++) {
		CU_ASSERT_EQUAL(find4(t, &k[i]), i);
		CU_ASSERT_EQUAL(find4(t, &kx[i]), i);
	}
	rte_pktmbuf_free(m);
	sess_table_free(t);
}

/* ---------------------------------------------------------------------------
 * Expiry
 */

static void
test_expiry_batches(void)
{
	struct sess_table *t = table("exp", 64, 0, 0, 8, NULL);
	union sess_key k[20];
	uint32_t udp_ms = 300 * 1000, now = 1000 + udp_ms, got[4], calls;
	uint32_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (i = 0; i < 20; i++) {
		struct rte_mbuf *m = udp4(A4, (uint16_t)(1000 + i), B4, 53, &k[i]);
		struct sess_entry *s = create(t, m, &k[i], 0, 1000);

		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_EQUAL(sess_index(t, s), i);
		/* Sessions 16..19 see traffic later. */
		if (i >= 16)
			sess_touch(s, bng_desc(m), 0, 200000);
		rte_pktmbuf_free(m);
	}
	/* Not yet: one millisecond before the deadline. */
	for (calls = 0; calls < 8; calls++)
		CU_ASSERT_EQUAL(sess_expire_step(t, now - 1), 0);
	CU_ASSERT_EQUAL(sess_table_count(t), 20);
	/* The cursor is back at 0 after a whole lap (8 x 8 = 64 entries). */
	CU_ASSERT_EQUAL(t->cursor, 0);

	/* Each step examines 8 entries: 0-7, 8-15, 16-23. */
	for (i = 0; i < 4; i++)
		got[i] = sess_expire_step(t, now);
	CU_ASSERT_EQUAL(got[0], 8);
	CU_ASSERT_EQUAL(got[1], 8);
	CU_ASSERT_EQUAL(got[2], 0);
	CU_ASSERT_EQUAL(got[3], 0);
	CU_ASSERT_EQUAL(t->cursor, 32);
	CU_ASSERT_EQUAL(sess_table_count(t), 4);
	CU_ASSERT_EQUAL(t->st.expired, 16);
	for (i = 0; i < 16; i++)
		CU_ASSERT_EQUAL(find4(t, &k[i]), -1);
	for (i = 16; i < 20; i++)
		CU_ASSERT_EQUAL(find4(t, &k[i]), i);

	/* The live ones go once their own timeout has passed. */
	calls = 0;
	while (sess_table_count(t) > 0 && calls < 100) {
		sess_expire_step(t, 200000 + udp_ms);
		calls++;
	}
	CU_ASSERT_EQUAL(sess_table_count(t), 0);
	/* From cursor 32: four steps to the end, three more to reach 16..19. */
	CU_ASSERT_EQUAL(calls, 7);
	sess_table_free(t);
}

static void
test_expiry_full_lap(void)
{
	/* 64 expired sessions, 8 per step: exactly 8 steps. */
	struct sess_table *t = table("lap", 64, 0, 0, 8, NULL);
	uint32_t calls = 0, freed, total = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (uint32_t i = 0; i < 64; i++) {
		union sess_key k;
		struct rte_mbuf *m = udp4(A4, (uint16_t)(1000 + i), B4, 53, &k);

		CU_ASSERT_PTR_NOT_NULL(create(t, m, &k, 0, 0));
		rte_pktmbuf_free(m);
	}
	while (sess_table_count(t) > 0 && calls < 100) {
		freed = sess_expire_step(t, 10 * 1000 * 1000);
		CU_ASSERT(freed <= 8);
		total += freed;
		calls++;
	}
	CU_ASSERT_EQUAL(calls, 8);
	CU_ASSERT_EQUAL(total, 64);
	sess_table_free(t);

	/* A batch larger than the table examines the table once. */
	t = table("lap2", 8, 0, 0, 1000, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (uint32_t i = 0; i < 8; i++) {
		union sess_key k;
		struct rte_mbuf *m = udp4(A4, (uint16_t)(1000 + i), B4, 53, &k);

		CU_ASSERT_PTR_NOT_NULL(create(t, m, &k, 0, 0));
		rte_pktmbuf_free(m);
	}
	CU_ASSERT_EQUAL(sess_expire_step(t, 10 * 1000 * 1000), 8);
	CU_ASSERT_EQUAL(sess_table_count(t), 0);
	CU_ASSERT_EQUAL(t->cursor, 0);
	sess_table_free(t);
}

static void
test_expiry_classes_and_wrap(void)
{
	struct sess_table *t = table("expcls", 64, 0, 0, 64, NULL);
	union sess_key ku, kt;
	struct rte_mbuf *mu, *mt;
	struct sess_entry *su, *st;
	uint32_t t0 = 0xfffff000u; /* the 32-bit clock wraps in 4 s */

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	mu = udp4(A4, 1000, B4, 53, &ku);
	mt = tcp4(A4, 1000, B4, 80, TH_SYN | TH_RST, &kt);
	su = create(t, mu, &ku, 0, t0);
	st = create(t, mt, &kt, 0, t0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(su);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	sess_touch(st, bng_desc(mt), 0, t0);
	CU_ASSERT_EQUAL(st->tclass, SESS_TC_TCP_CLOSED);
	/* 10 s later (after the wrap): the closed TCP session goes, UDP stays. */
	CU_ASSERT_EQUAL(sess_expire_step(t, t0 + 5000), 0);
	CU_ASSERT_EQUAL(sess_expire_step(t, t0 + 10000), 1);
	CU_ASSERT_EQUAL(find4(t, &kt), -1);
	CU_ASSERT_EQUAL(find4(t, &ku), sess_index(t, su));
	CU_ASSERT_EQUAL(sess_expire_step(t, t0 + 299999), 0);
	CU_ASSERT_EQUAL(sess_expire_step(t, t0 + 300000), 1);
	CU_ASSERT_EQUAL(sess_table_count(t), 0);
	rte_pktmbuf_free(mu);
	rte_pktmbuf_free(mt);
	sess_table_free(t);
}

static void
test_expiry_poll(void)
{
	/* 64 entries, 8 per step: 8 steps per sweep of 1000 ms. */
	struct sess_config c = cfg_of(64, 0, 0, 8);
	struct sess_table *t;
	uint64_t hz = rte_get_tsc_hz(), step;

	c.sweep_ms = 1000;
	t = sess_table_create("poll", SOCK, &c, &empty_chain);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	step = t->step_tsc;
	CU_ASSERT(step > 0);
	/* A whole sweep (8 steps) takes sweep_ms, give or take rounding. */
	CU_ASSERT(step * 8 <= hz);
	CU_ASSERT(step * 8 + 8 * 1000 >= hz);
	for (uint32_t i = 0; i < 64; i++) {
		union sess_key k;
		struct rte_mbuf *m = udp4(A4, (uint16_t)(1000 + i), B4, 53, &k);

		CU_ASSERT_PTR_NOT_NULL(create(t, m, &k, 0, 0));
		rte_pktmbuf_free(m);
	}
	/* The first poll is due at once; the next one step later. */
	CU_ASSERT_EQUAL(sess_expire_poll(t, 1000, 10000000), 8);
	CU_ASSERT_EQUAL(sess_expire_poll(t, 1000 + step - 1, 10000000), 0);
	CU_ASSERT_EQUAL(sess_expire_poll(t, 1000 + step / 2, 10000000), 0);
	CU_ASSERT_EQUAL(sess_table_count(t), 56);
	CU_ASSERT_EQUAL(sess_expire_poll(t, 1000 + step, 10000000), 8);
	CU_ASSERT_EQUAL(sess_table_count(t), 48);
	/* A late poll runs one step, not the missed ones. */
	CU_ASSERT_EQUAL(sess_expire_poll(t, 1000 + 100 * step, 10000000), 8);
	CU_ASSERT_EQUAL(sess_table_count(t), 40);
	CU_ASSERT_EQUAL(sess_expire_poll(t, 1000 + 100 * step, 10000000), 0);
	sess_table_free(t);

	/* A longer sweep spaces the steps further. */
	c.sweep_ms = 4000;
	t = sess_table_create("poll2", SOCK, &c, &empty_chain);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT(t->step_tsc >= 4 * step - 4 && t->step_tsc <= 4 * step + 4);
	sess_table_free(t);
}

/*
 * Session times are 32-bit milliseconds compared serially, good for 24.8
 * days: a table refuses longer timeouts, and the longest it accepts
 * (SESS_TIMEOUT_MAX_S) does not expire early.
 */
static void
test_expiry_max_config_timeout(void)
{
	struct sess_config c = cfg_of(64, 0, 0, 64);
	struct sess_table *t;
	union sess_key k;
	struct rte_mbuf *m;

	c.timeout_s[SESS_TC_UDP] = 30 * 86400;
	CU_ASSERT_PTR_NULL(sess_table_create("longto30", SOCK, &c, &empty_chain));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	c.timeout_s[SESS_TC_UDP] = SESS_TIMEOUT_MAX_S;
	t = sess_table_create("longto20", SOCK, &c, &empty_chain);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	m = udp4(A4, 1000, B4, 53, &k);
	CU_ASSERT_PTR_NOT_NULL(create(t, m, &k, 0, 1000));
	CU_ASSERT_EQUAL(sess_expire_step(t, 2000), 0);
	CU_ASSERT_EQUAL(sess_expire_step(t, 1000 + SESS_TIMEOUT_MAX_S * 1000u - 1), 0);
	CU_ASSERT_EQUAL(sess_table_count(t), 1);
	CU_ASSERT_EQUAL(sess_expire_step(t, 1000 + SESS_TIMEOUT_MAX_S * 1000u), 1);
	CU_ASSERT_EQUAL(sess_table_count(t), 0);
	rte_pktmbuf_free(m);
	sess_table_free(t);
}

/* ---------------------------------------------------------------------------
 * TCP-lite
 */

/* Feed one packet to a session the way the worker does. */
static void
tcp_pkt(struct sess_entry *s, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
	uint8_t flags)
{
	union sess_key k;
	struct rte_mbuf *m = tcp4(src, sport, dst, dport, flags, &k);

	sess_touch(s, bng_desc(m), sess_dir(s, bng_desc(m), 0), 1);
	rte_pktmbuf_free(m);
}

static struct sess_entry *
tcp_session(struct sess_table *t, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
	    uint8_t flags)
{
	union sess_key k;
	struct rte_mbuf *m = tcp4(src, sport, dst, dport, flags, &k);
	struct sess_entry *s = create(t, m, &k, 0, 0);

	if (s != NULL) {
		CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_SYN);
		CU_ASSERT_EQUAL(s->state, 0);
		sess_touch(s, bng_desc(m), sess_dir(s, bng_desc(m), 0), 0);
	}
	rte_pktmbuf_free(m);
	return s;
}

static void
test_tcp_lite(void)
{
	struct sess_table *t = table("tcp", 64, 0, 0, 8, NULL);
	struct sess_entry *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	/* Handshake, originator B. */
	s = tcp_session(t, B4, 40000, A4, 80, TH_SYN);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->state, SESS_TCP_SYN0);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_SYN);
	tcp_pkt(s, A4, 80, B4, 40000, TH_SYN | TH_ACK);
	CU_ASSERT_EQUAL(s->state, SESS_TCP_SYN0 | SESS_TCP_SYN1 | SESS_TCP_SEEN1);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_SYN);
	tcp_pkt(s, B4, 40000, A4, 80, TH_ACK);
	CU_ASSERT(s->state & SESS_TCP_EST);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_EST);
	/* FIN from one side, then the other. */
	tcp_pkt(s, B4, 40000, A4, 80, TH_FIN | TH_ACK);
	CU_ASSERT(s->state & SESS_TCP_FIN0);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_FIN);
	tcp_pkt(s, A4, 80, B4, 40000, TH_FIN | TH_ACK);
	CU_ASSERT(s->state & SESS_TCP_FIN1);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_CLOSED);

	/* RST closes at once. */
	s = tcp_session(t, A4, 40001, B4, 80, TH_SYN);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	tcp_pkt(s, B4, 80, A4, 40001, TH_SYN | TH_ACK);
	tcp_pkt(s, A4, 40001, B4, 80, TH_ACK);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_EST);
	tcp_pkt(s, B4, 80, A4, 40001, TH_RST);
	CU_ASSERT(s->state & SESS_TCP_RST);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_CLOSED);

	/* An ACK before the SYN-ACK does not establish. */
	s = tcp_session(t, A4, 40002, B4, 80, TH_SYN);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	tcp_pkt(s, A4, 40002, B4, 80, TH_ACK);
	CU_ASSERT_FALSE(s->state & SESS_TCP_EST);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_SYN);

	/* A flow picked up mid-stream: both directions seen, then established. */
	s = tcp_session(t, A4, 40003, B4, 80, TH_ACK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_FALSE(s->state & SESS_TCP_EST);
	tcp_pkt(s, B4, 80, A4, 40003, TH_ACK);
	tcp_pkt(s, A4, 40003, B4, 80, TH_ACK);
	CU_ASSERT(s->state & SESS_TCP_EST);
	CU_ASSERT_EQUAL(s->tclass, SESS_TC_TCP_EST);

	/* UDP sessions have no TCP state. */
	{
		union sess_key k;
		struct rte_mbuf *m = udp4(A4, 1, B4, 2, &k);
		struct sess_entry *u = create(t, m, &k, 0, 0);

		CU_ASSERT_PTR_NOT_NULL_FATAL(u);
		sess_touch(u, bng_desc(m), 0, 10);
		CU_ASSERT_EQUAL(u->state, 0);
		CU_ASSERT_EQUAL(u->tclass, SESS_TC_UDP);
		rte_pktmbuf_free(m);
	}
	sess_table_free(t);
}

/* ---------------------------------------------------------------------------
 * IPv6
 */

static void
test_ipv6_sessions(void)
{
	struct sess_table *t = table("v6", 64, 16, 0, 8, NULL);
	union sess_key kf, kr, ko, k4;
	struct rte_mbuf *f, *r, *o, *m4;
	const struct sess_key6 *keys[3];
	uint32_t idx[3];
	struct sess_entry *s, *s4;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	f = udp6(A6, 1000, B6, 2000, &kf);
	r = udp6(B6, 2000, A6, 1000, &kr);
	o = udp6(A6, 1001, B6, 2000, &ko);
	m4 = udp4(A4, 1000, B4, 2000, &k4);

	CU_ASSERT_EQUAL(find6(t, &kf), -1);
	s = create(t, f, &kf, 0, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT(s->flags & SESS_F_V6);
	CU_ASSERT_EQUAL(s->proto, IPPROTO_UDP);
	keys[0] = &kf.v6;
	keys[1] = &ko.v6;
	keys[2] = &kr.v6;
	CU_ASSERT_EQUAL(sess_lookup6_burst(t, keys, 3, idx), 0x5);
	CU_ASSERT_EQUAL(SESS_HIT_IDX(idx[0]), sess_index(t, s));
	CU_ASSERT_EQUAL(SESS_HIT_IDX(idx[2]), sess_index(t, s));
	CU_ASSERT_EQUAL(sess_lookup(t, &kf, 1), (int32_t)sess_index(t, s));
	CU_ASSERT_EQUAL(sess_dir(s, bng_desc(r), 0), 1);
	/* IPv4 and IPv6 sessions share the entries, not the keys. */
	s4 = create(t, m4, &k4, 0, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s4);
	CU_ASSERT_PTR_NOT_EQUAL(s4, s);
	CU_ASSERT_EQUAL(sess_table_count(t), 2);
	CU_ASSERT_EQUAL(find4(t, &k4), sess_index(t, s4));

	sess_delete(t, s);
	CU_ASSERT_EQUAL(find6(t, &kf), -1);
	CU_ASSERT_EQUAL(sess_lookup(t, &kr, 1), -ENOENT);
	CU_ASSERT_EQUAL(sess_table_count(t), 1);
	CU_ASSERT_EQUAL(find4(t, &k4), sess_index(t, s4));
	sess_table_free(t);

	/* A table without IPv6 room refuses IPv6 flows. */
	t = table("nov6", 64, 0, 0, 8, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	{
		enum bng_drop why = BNG_DROP_NONE;

		CU_ASSERT_PTR_NULL(sess_create(t, &kf, f, 0, 0, &why));
		CU_ASSERT_EQUAL(why, BNG_DROP_SESS_FULL);
		CU_ASSERT_EQUAL(find6(t, &kf), -1);
		CU_ASSERT_EQUAL(sess_lookup(t, &kf, 1), -ENOENT);
	}
	sess_table_free(t);

	/* IPv6 key room is max_v6, even with IPv4 entries free. */
	t = table("v6room", 64, 8, 0, 8, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (uint16_t i = 0; i < 9; i++) {
		union sess_key k;
		struct rte_mbuf *m = udp6(A6, (uint16_t)(3000 + i), B6, 53, &k);
		enum bng_drop why = BNG_DROP_NONE;
		struct sess_entry *x = sess_create(t, &k, m, 0, 0, &why);

		if (i < 8) {
			CU_ASSERT_PTR_NOT_NULL(x);
		} else {
			CU_ASSERT_PTR_NULL(x);
			CU_ASSERT_EQUAL(why, BNG_DROP_SESS_FULL);
		}
		rte_pktmbuf_free(m);
	}
	CU_ASSERT_EQUAL(sess_table_count(t), 8);
	sess_table_free(t);

	rte_pktmbuf_free(f);
	rte_pktmbuf_free(r);
	rte_pktmbuf_free(o);
	rte_pktmbuf_free(m4);
}

/* ---------------------------------------------------------------------------
 * Events
 */

struct ev_count {
	unsigned int created, deleted;
	unsigned int per_entry_c[64], per_entry_d[64];
	const struct sess_table *t;
	int bad;
};

static void
on_create(void *arg, struct sess_table *t, struct sess_entry *s)
{
	struct ev_count *e = arg;

	if (t != e->t || !(s->flags & SESS_F_USED))
		e->bad++;
	e->created++;
	e->per_entry_c[sess_index(t, s)]++;
}

static void
on_delete(void *arg, struct sess_table *t, struct sess_entry *s)
{
	struct ev_count *e = arg;

	/* Raised before the keys go: the session is still whole. */
	if (t != e->t || !(s->flags & SESS_F_USED) || s->key_pos[0] == SESS_NO_KEY)
		e->bad++;
	e->deleted++;
	e->per_entry_d[sess_index(t, s)]++;
}

static void
test_events(void)
{
	struct sess_chain c;
	struct ev_count ev;
	struct sess_table *t;
	union sess_key k[4];
	struct rte_mbuf *m[4];
	struct sess_entry *s[4];
	unsigned int i;

	memset(&ev, 0, sizeof(ev));
	sess_chain_init(&c);
	CU_ASSERT_EQUAL(sess_chain_on_create(&c, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(sess_chain_on_create(&c, on_create, &ev), 0);
	CU_ASSERT_EQUAL(sess_chain_on_delete(&c, on_delete, &ev), 0);
	sess_chain_seal(&c);
	CU_ASSERT_EQUAL(sess_chain_on_create(&c, on_create, &ev), -EBUSY);
	CU_ASSERT_EQUAL(sess_chain_on_delete(&c, on_delete, &ev), -EBUSY);
	t = table("ev", 64, 0, 0, 64, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	ev.t = t;

	for (i = 0; i < 4; i++) {
		m[i] = udp4(A4, (uint16_t)(1000 + i), B4, 53, &k[i]);
		s[i] = create(t, m[i], &k[i], 0, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s[i]);
	}
	CU_ASSERT_EQUAL(ev.created, 4);
	/* Creating an existing session raises nothing. */
	CU_ASSERT_PTR_EQUAL(create(t, m[0], &k[0], 0, 0), s[0]);
	CU_ASSERT_EQUAL(ev.created, 4);
	/* Delete once, twice: one event. */
	sess_delete(t, s[0]);
	sess_delete(t, s[0]);
	CU_ASSERT_EQUAL(ev.deleted, 1);
	/* Expiry raises the delete event of the rest. */
	CU_ASSERT_EQUAL(sess_expire_step(t, 1000000), 3);
	CU_ASSERT_EQUAL(ev.deleted, 4);
	for (i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(ev.per_entry_c[i], 1);
		CU_ASSERT_EQUAL(ev.per_entry_d[i], 1);
	}
	CU_ASSERT_EQUAL(ev.bad, 0);
	/* Freeing a table raises no events. */
	s[0] = create(t, m[0], &k[0], 0, 0);
	CU_ASSERT_PTR_NOT_NULL(s[0]);
	CU_ASSERT_EQUAL(ev.created, 5);
	sess_table_free(t);
	CU_ASSERT_EQUAL(ev.deleted, 4);
	for (i = 0; i < 4; i++)
		rte_pktmbuf_free(m[i]);
}

/* ---------------------------------------------------------------------------
 * Service chain
 */

static int calls[16];
static unsigned int n_calls;
static void *last_arg[64];

static enum sess_verdict
svc_record(int id, void *arg)
{
	if (n_calls < RTE_DIM(calls))
		calls[n_calls++] = id;
	last_arg[id] = arg;
	return SESS_CONTINUE;
}

#define SVC(n)                                                                     \
	static enum sess_verdict svc##n(void *arg, struct sess_entry *s,           \
					struct rte_mbuf *m, struct bng_desc *d,    \
					uint32_t dir)                              \
	{                                                                          \
		RTE_SET_USED(s);                                                   \
		RTE_SET_USED(m);                                                   \
		RTE_SET_USED(d);                                                   \
		RTE_SET_USED(dir);                                                 \
		return svc_record(n, arg);                                         \
	}
SVC(10)
SVC(20)
SVC(30)

static enum sess_verdict
svc_drop(void *arg, struct sess_entry *s, struct rte_mbuf *m, struct bng_desc *d, uint32_t dir)
{
	RTE_SET_USED(s);
	RTE_SET_USED(m);
	RTE_SET_USED(dir);
	svc_record(15, arg);
	d->drop = BNG_DROP_SERVICE;
	return SESS_DROP;
}

static struct sess_service
svc_def(const char *name, uint16_t order, sess_svc_fn fn)
{
	struct sess_service s;

	memset(&s, 0, sizeof(s));
	snprintf(s.name, sizeof(s.name), "%s", name);
	s.order = order;
	s.fn = fn;
	return s;
}

static void
test_chain_errors(void)
{
	struct sess_chain c;
	struct sess_service s = svc_def("svc10", 10, svc10);
	const char *const names[] = { "svc10", "nat", "svc20" };
	unsigned int bad = 99;
	uint16_t bits = 0xabcd;

	sess_chain_init(&c);
	CU_ASSERT_EQUAL(sess_chain_register(&c, NULL), -EINVAL);
	s.fn = NULL;
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), -EINVAL);
	s = svc_def("", 10, svc10);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), -EINVAL);
	/* A name filling the whole field (no terminator) is refused. */
	memset(s.name, 'x', sizeof(s.name));
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), -EINVAL);
	CU_ASSERT_EQUAL(c.n, 0);

	s = svc_def("svc10", 10, svc10);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), 0);
	s.order = 11;
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), -EEXIST);
	s = svc_def("svc20", 20, svc20);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), 0);
	/* Up to SESS_SVC_MAX services. */
	for (unsigned int i = 2; i < SESS_SVC_MAX; i++) {
		char n[16];

		snprintf(n, sizeof(n), "fill%u", i);
		s = svc_def(n, (uint16_t)(100 + i), svc30);
		CU_ASSERT_EQUAL(sess_chain_register(&c, &s), 0);
	}
	s = svc_def("onetoomany", 500, svc30);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), -ENOSPC);
	sess_chain_seal(&c);
	s = svc_def("late", 1, svc30);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), -EBUSY);
	CU_ASSERT_EQUAL(c.n, SESS_SVC_MAX);

	CU_ASSERT_EQUAL(sess_chain_find(&c, "nat"), -ENOENT);
	CU_ASSERT_EQUAL(sess_chain_bitmap(&c, names, 3, &bits, &bad), -ENOENT);
	CU_ASSERT_EQUAL(bad, 1);
	CU_ASSERT_EQUAL(bits, 0xabcd); /* untouched on error */
	/* bad_index may be NULL. */
	CU_ASSERT_EQUAL(sess_chain_bitmap(&c, names, 3, &bits, NULL), -ENOENT);
	/* No names: an empty bitmap. */
	CU_ASSERT_EQUAL(sess_chain_bitmap(&c, names, 0, &bits, &bad), 0);
	CU_ASSERT_EQUAL(bits, 0);
}

static void
test_chain_order(void)
{
	struct sess_chain c;
	struct sess_service s;
	const char *const all[] = { "svc30", "svc10", "svc20" };
	const char *const some[] = { "svc30", "svc10" };
	struct sess_table *t;
	struct sess_entry *e;
	struct rte_mbuf *m;
	union sess_key k;
	uint16_t bits = 0;
	unsigned int bad = 99;
	int marker[3];

	sess_chain_init(&c);
	s = svc_def("svc30", 30, svc30);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), 0);
	s = svc_def("svc10", 10, svc10);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), 0);
	s = svc_def("svc20", 20, svc20);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), 0);
	sess_chain_seal(&c);
	CU_ASSERT_EQUAL(sess_chain_find(&c, "svc10"), 0);
	CU_ASSERT_EQUAL(sess_chain_find(&c, "svc20"), 1);
	CU_ASSERT_EQUAL(sess_chain_find(&c, "svc30"), 2);
	CU_ASSERT_EQUAL(sess_chain_bitmap(&c, all, 3, &bits, &bad), 0);
	CU_ASSERT_EQUAL(bits, 0x7);

	t = table("chain", 64, 0, 0, 8, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (unsigned int i = 0; i < 3; i++)
		sess_table_set_svc_arg(t, i, &marker[i]);
	sess_table_set_svc_arg(t, SESS_SVC_MAX, &marker[0]); /* ignored */
	m = udp4(A4, 1000, B4, 53, &k);
	e = create(t, m, &k, bits, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	n_calls = 0;
	CU_ASSERT_EQUAL(sess_chain_run(&c, t, e, m, bng_desc(m), 0), SESS_CONTINUE);
	CU_ASSERT_EQUAL_FATAL(n_calls, 3);
	CU_ASSERT_EQUAL(calls[0], 10);
	CU_ASSERT_EQUAL(calls[1], 20);
	CU_ASSERT_EQUAL(calls[2], 30);
	CU_ASSERT_PTR_EQUAL(last_arg[10], &marker[0]);
	CU_ASSERT_PTR_EQUAL(last_arg[20], &marker[1]);
	CU_ASSERT_PTR_EQUAL(last_arg[30], &marker[2]);

	/* A subset runs in chain order too. */
	CU_ASSERT_EQUAL(sess_chain_bitmap(&c, some, 2, &bits, &bad), 0);
	e->services = bits;
	n_calls = 0;
	CU_ASSERT_EQUAL(sess_chain_run(&c, t, e, m, bng_desc(m), 0), SESS_CONTINUE);
	CU_ASSERT_EQUAL_FATAL(n_calls, 2);
	CU_ASSERT_EQUAL(calls[0], 10);
	CU_ASSERT_EQUAL(calls[1], 30);
	/* No services: nothing runs. */
	e->services = 0;
	n_calls = 0;
	CU_ASSERT_EQUAL(sess_chain_run(&c, t, e, m, bng_desc(m), 0), SESS_CONTINUE);
	CU_ASSERT_EQUAL(n_calls, 0);
	rte_pktmbuf_free(m);
	sess_table_free(t);
}

static void
test_chain_drop(void)
{
	struct sess_chain c;
	struct sess_service s;
	const char *const all[] = { "svc10", "drop15", "svc20" };
	struct sess_table *t;
	struct sess_entry *e;
	struct rte_mbuf *m;
	union sess_key k;
	uint16_t bits = 0;

	sess_chain_init(&c);
	s = svc_def("svc20", 20, svc20);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), 0);
	s = svc_def("drop15", 15, svc_drop);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), 0);
	s = svc_def("svc10", 10, svc10);
	CU_ASSERT_EQUAL(sess_chain_register(&c, &s), 0);
	sess_chain_seal(&c);
	CU_ASSERT_EQUAL(sess_chain_bitmap(&c, all, 3, &bits, NULL), 0);
	t = table("chaindrop", 64, 0, 0, 8, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	m = udp4(A4, 1000, B4, 53, &k);
	e = create(t, m, &k, bits, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	n_calls = 0;
	CU_ASSERT_EQUAL(sess_chain_run(&c, t, e, m, bng_desc(m), 0), SESS_DROP);
	CU_ASSERT_EQUAL_FATAL(n_calls, 2);
	CU_ASSERT_EQUAL(calls[0], 10);
	CU_ASSERT_EQUAL(calls[1], 15);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_SERVICE);
	rte_pktmbuf_free(m);
	sess_table_free(t);
}

static void
test_counters_service(void)
{
	struct sess_table *t = table("ctr", 64, 0, 0, 8, NULL);
	struct rte_mbuf *f, *r;
	union sess_key kf, kr;
	struct sess_entry *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(sess_counters_service.name, "counters");
	f = udp4(A4, 1000, B4, 53, &kf);
	r = udp4(B4, 53, A4, 1000, &kr);
	s = create(t, f, &kf, 0, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(sess_counters_service.fn(NULL, s, f, bng_desc(f),
							 sess_dir(s, bng_desc(f), 0)),
				SESS_CONTINUE);
	CU_ASSERT_EQUAL(sess_counters_service.fn(NULL, s, r, bng_desc(r), sess_dir(s, bng_desc(r), 0)),
			SESS_CONTINUE);
	CU_ASSERT_EQUAL(s->pkts[0], 3);
	CU_ASSERT_EQUAL(s->pkts[1], 1);
	CU_ASSERT_EQUAL(s->bytes[0], 3 * 42);
	CU_ASSERT_EQUAL(s->bytes[1], 42);
	rte_pktmbuf_free(f);
	rte_pktmbuf_free(r);
	sess_table_free(t);
}

static const CU_TestInfo table_tests[] = {
	{ "create: bad arguments", test_create_bad_args },
	{ "config defaults", test_config_defaults },
	{ "create and lookup", test_create_lookup },
	{ "lookup bursts of 64", test_lookup_full_burst },
	{ "originator with swapped keys", test_originator_swapped },
	{ "secondary key and delete", test_secondary_and_delete },
	{ "full table of 4 (smaller than a hash bucket)", test_full_table_4 },
	{ "full table refuses, never evicts", test_full_table },
	{ "full: no key room", test_full_key_room },
	{ "expiry: bounded batches", test_expiry_batches },
	{ "expiry: full lap", test_expiry_full_lap },
	{ "expiry: classes and clock wrap", test_expiry_classes_and_wrap },
	{ "expiry: polls spaced by time", test_expiry_poll },
	{ "expiry: timeout limits", test_expiry_max_config_timeout },
	{ "TCP-lite", test_tcp_lite },
	{ "IPv6 sessions", test_ipv6_sessions },
	{ "create/delete events", test_events },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo key_tests[] = {
	{ "IPv4 key normalisation", test_key4_normalise },
	{ "IPv6 key normalisation", test_key6_normalise },
	{ "inline key hashes", test_key_hash },
	{ "IPv4 key from raw header words", test_key4_raw },
	{ "key build, both directions", test_key_build_directions },
	{ "key of ICMP errors", test_key_icmp_error },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo chain_tests[] = {
	{ "registration errors", test_chain_errors },
	{ "run order", test_chain_order },
	{ "drop stops the chain", test_chain_drop },
	{ "counters service", test_counters_service },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	sess_chain_init(&empty_chain);
	sess_chain_seal(&empty_chain);
	if (bng_test_add_suite("session keys", key_tests) != 0 ||
	    bng_test_add_suite("session table", table_tests) != 0 ||
	    bng_test_add_suite("service chain", chain_tests) != 0)
		return -1;
	return 0;
}
