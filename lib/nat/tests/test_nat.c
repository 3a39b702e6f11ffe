/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of lib/nat: nat_create() argument checks, the sorted pool and
 * nat_ext_index(), nat_owner(); the allocator through the internal API of
 * nat_priv.h (endpoint-independent mappings, paired pooling, block
 * ownership per worker, port preservation, UDP parity, exhaustion of the
 * subscriber's blocks, of the pool and of the mapping table, quarantine,
 * blocks given back when empty, subscribers freed when they hold nothing);
 * and the service through a session table whose chain runs it (create and
 * destroy hooks, translation with checksums, filtering, reference counts,
 * the session limit).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_lcore.h>

#include "bng_parse.h"
#include "bng_test.h"
#include "nat.h"
#include "nat_priv.h"
#include "sess.h"
#include "sess_chain.h"
#include "sess_key.h"

const char bng_test_name[] = "nat";

#define SOCK ((int)rte_socket_id())

#define BE16(x) rte_cpu_to_be_16((uint16_t)(x))
#define BE32(x) rte_cpu_to_be_32((uint32_t)(x))

#define SUB(i)  T_IP4(10, 0, (i) >> 8, (i) & 0xff) /* subscriber i, host order */
#define POOL0   T_IP4(192, 0, 2, 64)
#define R1      T_IP4(203, 0, 113, 10)
#define R2      T_IP4(203, 0, 113, 20)
#define R3      T_IP4(203, 0, 113, 30)

#define UDP IPPROTO_UDP
#define TCP IPPROTO_TCP
#define ICMP IPPROTO_ICMP

/* The configuration under test (large: static). */
static struct nat_config C;

/* One instance: @n_addr addresses from @first (host order), consecutive. */
static void
inst_set(struct nat_instance_config *c, const char *name, uint32_t n_addr, uint32_t first,
	 uint16_t port_min, uint16_t port_max, uint16_t block_size, uint16_t bps)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->n_addr = n_addr;
	for (uint32_t i = 0; i < n_addr; i++)
		c->addr[i] = BE32(first + i);
	c->port_min = port_min;
	c->port_max = port_max;
	c->block_size = block_size;
	c->blocks_per_sub = bps;
	c->filtering = NAT_FILTER_EIF;
}

/* Defaults, small tables, one instance used by tenant 0. */
static void
cfg_reset(uint32_t n_addr, uint16_t port_min, uint16_t port_max, uint16_t block_size,
	  uint16_t bps, uint32_t quarantine_ms)
{
	nat_config_defaults(&C);
	C.max_subs = 512;
	C.max_mappings = 9000;
	C.n_instances = 1;
	inst_set(&C.inst[0], "cgn", n_addr, POOL0, port_min, port_max, block_size, bps);
	C.inst[0].quarantine_ms = quarantine_ms;
	C.tenant_instance[0] = 0;
}

static struct nat *
nat_of(uint16_t workers)
{
	struct nat *n = nat_create(&C, workers, SOCK);

	CU_ASSERT_PTR_NOT_NULL(n);
	return n;
}

/* A mapping of subscriber @sub (host order) for inside port @iport (host order). */
static int64_t
get(struct nat_worker *w, uint8_t proto, uint32_t sub, uint16_t iport)
{
	return nat_map_get(w, 0, 0, proto, BE32(sub), BE16(iport));
}

static uint16_t
eport(const struct nat_worker *w, int64_t mi)
{
	return rte_be_to_cpu_16(w->maps[mi].eport);
}

static uint32_t
n_subs(const struct nat_worker *w)
{
	uint32_t s, m, q;

	nat_worker_counts(w, &s, &m, &q);
	return s;
}

static uint32_t
n_maps(const struct nat_worker *w)
{
	uint32_t s, m, q;

	nat_worker_counts(w, &s, &m, &q);
	return m;
}

static uint32_t
n_quar(const struct nat_worker *w)
{
	uint32_t s, m, q;

	nat_worker_counts(w, &s, &m, &q);
	return q;
}

/* The subscriber record of @sub, or NULL. */
static const struct nat_sub *
sub_of(const struct nat_worker *w, uint32_t sub)
{
	for (uint32_t i = 0; i < w->nat->max_subs; i++)
		if (w->subs[i].inst != NAT_NONE && w->subs[i].addr == BE32(sub))
			return &w->subs[i];
	return NULL;
}

/* ---------------------------------------------------------------------------
 * Configuration
 */

#define EXPECT_EINVAL(stmt)                                                        \
	do {                                                                       \
		struct nat *n_;                                                    \
		cfg_reset(2, 1024, 65535, 512, 8, 0);                              \
		stmt;                                                              \
		rte_errno = 0;                                                     \
		n_ = nat_create(&C, 1, SOCK);                                      \
		CU_ASSERT_PTR_NULL(n_);                                            \
		CU_ASSERT_EQUAL(rte_errno, EINVAL);                                \
		nat_free(n_);                                                      \
	} while (0)

#define EXPECT_OK(stmt)                                                            \
	do {                                                                       \
		struct nat *n_;                                                    \
		cfg_reset(2, 1024, 65535, 512, 8, 0);                              \
		stmt;                                                              \
		n_ = nat_create(&C, 1, SOCK);                                      \
		CU_ASSERT_PTR_NOT_NULL(n_);                                        \
		nat_free(n_);                                                      \
	} while (0)

static void
test_create_einval(void)
{
	struct nat *n;

	cfg_reset(2, 1024, 65535, 512, 8, 0);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(nat_create(NULL, 1, SOCK));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(nat_create(&C, 0, SOCK));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	EXPECT_EINVAL(C.max_subs = 0);
	EXPECT_EINVAL(C.max_mappings = 0);
	EXPECT_EINVAL(C.n_instances = NAT_MAX_INSTANCES + 1);
	EXPECT_EINVAL(C.inst[0].n_addr = 0);
	EXPECT_EINVAL(C.inst[0].n_addr = NAT_MAX_ADDRS + 1);
	EXPECT_EINVAL(C.inst[0].block_size = 0);
	EXPECT_EINVAL(C.inst[0].block_size = 100);
	EXPECT_EINVAL(C.inst[0].block_size = 32);
	EXPECT_EINVAL(C.inst[0].port_min = 2000; C.inst[0].port_max = 1999);
	/* 64 ports cannot hold a block of 128 */
	EXPECT_EINVAL(C.inst[0].port_max = 1024 + 63; C.inst[0].block_size = 128);
	EXPECT_EINVAL(C.inst[0].blocks_per_sub = 0);
	EXPECT_EINVAL(C.inst[0].blocks_per_sub = NAT_MAX_SUB_BLOCKS + 1);
	/* a bad instance after a good one */
	EXPECT_EINVAL(C.n_instances = 2;
		      inst_set(&C.inst[1], "b", 1, T_IP4(192, 0, 2, 99), 1024, 65535, 96, 1));

	/* the limits themselves are fine */
	EXPECT_OK(C.inst[0].port_max = 1024 + 511);
	EXPECT_OK(C.inst[0].blocks_per_sub = NAT_MAX_SUB_BLOCKS);
	EXPECT_OK(inst_set(&C.inst[0], "max", NAT_MAX_ADDRS, T_IP4(100, 64, 0, 0), 1, 65535, 64,
			   1));
	/* No instance: no tenant may name one (nat_create checks that too). */
	EXPECT_OK(C.n_instances = 0;
		  for (int t = 0; t < NAT_MAX_TENANTS; t++) C.tenant_instance[t] = NAT_NONE);
	EXPECT_OK(C.n_instances = NAT_MAX_INSTANCES;
		  for (int i = 1; i < NAT_MAX_INSTANCES; i++)
			  inst_set(&C.inst[i], "i", 1, T_IP4(198, 18, 0, i), 1024, 65535, 512, 1));

	/* what nat_create() keeps */
	cfg_reset(3, 1000, 2999, 128, 4, 5000);
	n = nat_of(3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	CU_ASSERT_EQUAL(n->n_workers, 3);
	CU_ASSERT_EQUAL(n->n_instances, 1);
	CU_ASSERT_EQUAL(n->inst[0].blocks_per_addr, 2000 / 128);
	CU_ASSERT_EQUAL(n->inst[0].words_per_block, 2);
	CU_ASSERT_EQUAL(n->inst[0].cfg.quarantine_ms, 5000);
	CU_ASSERT_EQUAL(n->tenant_instance[0], 0);
	CU_ASSERT_EQUAL(n->tenant_instance[1], NAT_NONE);
	nat_free(n);
	nat_free(NULL);
}

/*
 * A tenant naming an instance that does not exist is a bad configuration:
 * the create hook would index an empty instance (n_addr 0: a division by
 * zero choosing the subscriber's address).
 */
static void
test_create_tenant_instance(void)
{
	EXPECT_EINVAL(C.tenant_instance[7] = 1);
	EXPECT_EINVAL(C.tenant_instance[7] = NAT_MAX_INSTANCES);
	EXPECT_OK(C.tenant_instance[7] = 0);
}

static void
test_worker_create_einval(void)
{
	struct nat *n;
	struct nat_worker *w;

	cfg_reset(1, 1024, 65535, 512, 8, 0);
	n = nat_of(2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(nat_worker_create(NULL, 0, SOCK));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(nat_worker_create(n, 2, SOCK));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	w = nat_worker_create(n, 1, SOCK);
	CU_ASSERT_PTR_NOT_NULL(w);
	nat_worker_free(w);
	nat_worker_free(NULL);
	nat_free(n);
}

/* The pool is sorted (as unsigned host-order addresses) and found by bisection. */
static void
test_ext_index(void)
{
	static const uint32_t addrs[] = {
		T_IP4(203, 0, 113, 9), T_IP4(10, 0, 0, 1),   T_IP4(192, 0, 2, 1),
		T_IP4(255, 255, 255, 254), T_IP4(1, 2, 3, 4), T_IP4(128, 0, 0, 0),
		T_IP4(127, 255, 255, 255),
	};
	static const uint32_t absent[] = { T_IP4(10, 0, 0, 2), 0, 0xffffffff, T_IP4(128, 0, 0, 1),
					   T_IP4(127, 255, 255, 254), T_IP4(1, 2, 3, 3) };
	const uint32_t na = RTE_DIM(addrs);
	struct nat *n;

	cfg_reset(1, 1024, 65535, 512, 8, 0);
	C.inst[0].n_addr = na;
	for (uint32_t i = 0; i < na; i++)
		C.inst[0].addr[i] = BE32(addrs[i]);
	/* a second instance: a big pool, given in a scrambled order, with gaps */
	C.n_instances = 2;
	inst_set(&C.inst[1], "big", NAT_MAX_ADDRS, 0, 1024, 65535, 512, 8);
	for (uint32_t i = 0; i < NAT_MAX_ADDRS; i++)
		C.inst[1].addr[i] = BE32(T_IP4(100, 64, 0, 0) + 3 * ((i * 389) % NAT_MAX_ADDRS));
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	for (uint32_t i = 1; i < na; i++)
		CU_ASSERT(rte_be_to_cpu_32(n->inst[0].cfg.addr[i - 1]) <
			  rte_be_to_cpu_32(n->inst[0].cfg.addr[i]));
	for (uint32_t i = 0; i < na; i++) {
		int x = nat_ext_index(n, 0, BE32(addrs[i]));

		CU_ASSERT_FATAL(x >= 0 && x < (int)na);
		CU_ASSERT_EQUAL(n->inst[0].cfg.addr[x], BE32(addrs[i]));
	}
	for (uint32_t i = 0; i < RTE_DIM(absent); i++)
		CU_ASSERT_EQUAL(nat_ext_index(n, 0, BE32(absent[i])), -1);
	for (uint32_t i = 0; i < NAT_MAX_ADDRS; i++) {
		uint32_t a = T_IP4(100, 64, 0, 0) + 3 * i;

		CU_ASSERT_EQUAL(nat_ext_index(n, 1, BE32(a)), (int)i);
		CU_ASSERT_EQUAL(nat_ext_index(n, 1, BE32(a + 1)), -1);
	}
	CU_ASSERT_EQUAL(nat_ext_index(n, 1, BE32(T_IP4(100, 63, 255, 255))), -1);
	/* the instances do not mix */
	CU_ASSERT_EQUAL(nat_ext_index(n, 1, BE32(addrs[0])), -1);
	CU_ASSERT_EQUAL(nat_ext_index(n, 0, BE32(T_IP4(100, 64, 0, 0))), -1);
	nat_free(n);

	/* one address */
	cfg_reset(1, 1024, 65535, 512, 8, 0);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	CU_ASSERT_EQUAL(nat_ext_index(n, 0, BE32(POOL0)), 0);
	CU_ASSERT_EQUAL(nat_ext_index(n, 0, BE32(POOL0 + 1)), -1);
	CU_ASSERT_EQUAL(nat_ext_index(n, 0, BE32(POOL0 - 1)), -1);
	nat_free(n);
}

/* nat_owner(): the block's worker, from the port alone; 0 outside the range. */
static void
test_owner(void)
{
	static const uint16_t workers[] = { 1, 2, 3, 4, 7 };

	for (unsigned int k = 0; k < RTE_DIM(workers); k++) {
		uint16_t nw = workers[k];
		struct nat *n;

		cfg_reset(1, 1024, 65535, 64, 8, 0);
		C.n_instances = 2;
		inst_set(&C.inst[1], "b", 1, T_IP4(192, 0, 2, 99), 5000, 60000, 1024, 1);
		n = nat_of(nw);
		CU_ASSERT_PTR_NOT_NULL_FATAL(n);
		for (uint32_t p = 0; p <= 65535; p++) {
			uint16_t o0 = nat_owner(n, 0, BE16(p)), o1 = nat_owner(n, 1, BE16(p));

			if (p < 1024) {
				CU_ASSERT_EQUAL(o0, 0);
			} else {
				CU_ASSERT_EQUAL(o0, ((p - 1024) / 64) % nw);
			}
			if (p < 5000 || p > 60000) {
				CU_ASSERT_EQUAL(o1, 0);
			} else if (p < 5000 + 53 * 1024) {
				CU_ASSERT_EQUAL(o1, ((p - 5000) / 1024) % nw);
			} else {
				CU_ASSERT(o1 < nw); /* no whole block: no port is handed out */
			}
		}
		nat_free(n);
	}
}

/* ---------------------------------------------------------------------------
 * Allocator
 */

static void
test_eim(void)
{
	struct nat *n;
	struct nat_worker *w;
	int64_t a, b, c, d, e;

	cfg_reset(2, 1024, 65535, 512, 8, 0);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	a = get(w, UDP, SUB(2), 40000);
	CU_ASSERT_FATAL(a >= 0);
	/* the same inside endpoint: the same mapping, whatever the remote */
	CU_ASSERT_EQUAL(get(w, UDP, SUB(2), 40000), a);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->mappings_created, 1);
	b = get(w, UDP, SUB(2), 40001);
	c = get(w, TCP, SUB(2), 40000);
	d = get(w, ICMP, SUB(2), 40000);
	e = get(w, UDP, SUB(3), 40000);
	CU_ASSERT_FATAL(b >= 0 && c >= 0 && d >= 0 && e >= 0);
	CU_ASSERT(a != b && a != c && a != d && a != e && c != d);
	CU_ASSERT_EQUAL(n_maps(w), 5);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->mappings_created, 5);
	/* the reverse lookup finds each, in its protocol */
	CU_ASSERT_EQUAL(nat_map_find_ext(w, 0, UDP, w->maps[a].ext, w->maps[a].eport), a);
	CU_ASSERT_EQUAL(nat_map_find_ext(w, 0, TCP, w->maps[c].ext, w->maps[c].eport), c);
	CU_ASSERT_EQUAL(nat_map_find_ext(w, 0, ICMP, w->maps[d].ext, w->maps[d].eport), d);
	CU_ASSERT_EQUAL(nat_map_find_ext(w, 0, UDP, w->maps[e].ext, w->maps[e].eport), e);
	CU_ASSERT(eport(w, a) != eport(w, b));
	CU_ASSERT_EQUAL(w->maps[a].inside, BE32(SUB(2)));
	CU_ASSERT_EQUAL(w->maps[a].iport, BE16(40000));
	CU_ASSERT_EQUAL(w->maps[a].proto, UDP);
	nat_worker_free(w);
	nat_free(n);
}

/* Paired pooling: every mapping of a subscriber on its one address, whatever its blocks. */
static void
test_paired_pooling(void)
{
	struct nat *n;
	struct nat_worker *w;
	uint32_t used[4] = { 0 };
	unsigned int spread = 0;

	cfg_reset(4, 1024, 65535, 64, 4, 0);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	for (uint32_t s = 0; s < 40; s++) {
		uint16_t ext = NAT_NONE;
		const struct nat_sub *sr;

		/* 200 ports: 4 blocks of 64; preserved, chosen, both protocols */
		for (uint32_t k = 0; k < 200; k++) {
			int64_t mi = get(w, k % 3 ? UDP : TCP, SUB(2 + s), (uint16_t)(1024 + k * 7));

			CU_ASSERT_FATAL(mi >= 0);
			if (ext == NAT_NONE)
				ext = w->maps[mi].ext;
			CU_ASSERT_EQUAL(w->maps[mi].ext, ext);
		}
		sr = sub_of(w, SUB(2 + s));
		CU_ASSERT_PTR_NOT_NULL_FATAL(sr);
		CU_ASSERT_EQUAL(sr->ext, ext);
		CU_ASSERT_EQUAL(sr->n_blocks, 4);
		CU_ASSERT_EQUAL(sr->mappings, 200);
		/* its blocks are blocks of its address */
		for (uint32_t b = 0; b < sr->n_blocks; b++)
			CU_ASSERT_EQUAL(sr->blocks[b] / w->inst[0].own_per_addr, ext);
		used[ext % 4]++;
	}
	for (int i = 0; i < 4; i++)
		spread += used[i] != 0;
	CU_ASSERT(spread >= 3); /* hashed over the pool, not all on one address */
	CU_ASSERT_EQUAL(nat_worker_stats(w)->blocks_allocated, 160);
	nat_worker_free(w);
	nat_free(n);
}

/* Block b of every address belongs to worker b % workers: so do all its ports. */
static void
test_block_ownership(void)
{
	for (uint16_t nw = 2; nw <= 4; nw++) {
		struct nat_worker *w[4];
		struct nat *n;

		cfg_reset(2, 1024, 20000, 64, 3, 0);
		n = nat_of(nw);
		CU_ASSERT_PTR_NOT_NULL_FATAL(n);
		for (uint16_t i = 0; i < nw; i++) {
			w[i] = nat_worker_create(n, i, SOCK);
			CU_ASSERT_PTR_NOT_NULL_FATAL(w[i]);
		}
		for (uint16_t i = 0; i < nw; i++)
			for (uint32_t s = 0; s < 24; s++)
				for (uint32_t k = 0; k < 150; k++) {
					int64_t mi = get(w[i], UDP, SUB(2 + s), (uint16_t)(1024 + 3 * k));
					uint16_t p;

					CU_ASSERT_FATAL(mi >= 0);
					p = eport(w[i], mi);
					CU_ASSERT(p >= 1024 && p <= 20000);
					CU_ASSERT_EQUAL(((p - 1024) / 64) % nw, i);
					CU_ASSERT_EQUAL(nat_owner(n, 0, BE16(p)), i);
				}
		for (uint16_t i = 0; i < nw; i++)
			nat_worker_free(w[i]);
		nat_free(n);
	}
}

static void
test_preservation(void)
{
	struct nat *n;
	struct nat_worker *w;
	int64_t a, b, c, x, e;
	uint16_t px;

	cfg_reset(1, 1024, 65535, 512, 2, 0);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	/* the first subscriber on the address gets its first block, 1024-1535 */
	a = get(w, UDP, SUB(2), 1100);
	b = get(w, TCP, SUB(2), 1101);
	c = get(w, ICMP, SUB(2), 1535);
	CU_ASSERT_FATAL(a >= 0 && b >= 0 && c >= 0);
	CU_ASSERT_EQUAL(eport(w, a), 1100);
	CU_ASSERT_EQUAL(eport(w, b), 1101);
	CU_ASSERT_EQUAL(eport(w, c), 1535);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->ports_preserved, 3);
	/* outside its blocks: a port of its blocks, not preserved */
	x = get(w, UDP, SUB(2), 5000);
	CU_ASSERT_FATAL(x >= 0);
	px = eport(w, x);
	CU_ASSERT(px >= 1024 && px <= 1535);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->ports_preserved, 3);
	/* an inside port whose external twin is taken: another port */
	e = get(w, UDP, SUB(2), px);
	CU_ASSERT_FATAL(e >= 0);
	CU_ASSERT(eport(w, e) != px);
	CU_ASSERT(eport(w, e) >= 1024 && eport(w, e) <= 1535);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->ports_preserved, 3);
	/* the next subscriber: the next block; 1100 is not its port */
	a = get(w, UDP, SUB(3), 1100);
	b = get(w, UDP, SUB(3), 1600);
	CU_ASSERT_FATAL(a >= 0 && b >= 0);
	CU_ASSERT(eport(w, a) >= 1536 && eport(w, a) <= 2047);
	CU_ASSERT_EQUAL(eport(w, b), 1600);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->ports_preserved, 4);
	nat_worker_free(w);
	nat_free(n);
}

/* UDP keeps the inside port's parity (RFC 4787 REQ-6) while it can. */
static void
check_parity(uint16_t port_min)
{
	struct nat *n;
	struct nat_worker *w;
	unsigned int odd = 0, even = 0;

	cfg_reset(1, port_min, (uint16_t)(port_min + 64 * 8 - 1), 64, 1, 0);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	/* 32 odd and 32 even inside ports (outside the block): one block of 64 */
	for (uint32_t k = 0; k < 32; k++) {
		int64_t o = get(w, UDP, SUB(2), (uint16_t)(40001 + 2 * k));
		int64_t e = get(w, UDP, SUB(2), (uint16_t)(50000 + 2 * k));

		CU_ASSERT_FATAL(o >= 0 && e >= 0);
		odd += eport(w, o) & 1;
		even += !(eport(w, e) & 1);
		CU_ASSERT(eport(w, o) >= port_min && eport(w, o) < port_min + 64);
	}
	CU_ASSERT_EQUAL(odd, 32);
	CU_ASSERT_EQUAL(even, 32);
	nat_worker_free(w);
	nat_free(n);
}

static void
test_parity(void)
{
	struct nat *n;
	struct nat_worker *w;
	int64_t mi;

	check_parity(1024);
	/* with the odd ports gone, an odd inside port still gets a port */
	cfg_reset(1, 1024, 1024 + 64 - 1, 64, 1, 0);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	for (uint32_t k = 0; k < 32; k++) {
		mi = get(w, UDP, SUB(2), (uint16_t)(40001 + 2 * k));
		CU_ASSERT_FATAL(mi >= 0);
		CU_ASSERT(eport(w, mi) & 1);
	}
	mi = get(w, UDP, SUB(2), 45001);
	CU_ASSERT_FATAL(mi >= 0);
	CU_ASSERT_FALSE(eport(w, mi) & 1);
	nat_worker_free(w);
	nat_free(n);
}

/* Parity is the port's, not its offset in the block: port_min may be odd. */
static void
test_parity_odd_port_min(void)
{
	check_parity(1025);
}

static void
test_exhaust_sub(void)
{
	struct nat *n;
	struct nat_worker *w;
	int64_t first = -1, mi;

	cfg_reset(1, 1024, 65535, 64, 2, 0);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	for (uint32_t k = 0; k < 128; k++) {
		mi = get(w, UDP, SUB(2), (uint16_t)(30000 + k));
		CU_ASSERT_FATAL(mi >= 0);
		if (k == 0)
			first = mi;
	}
	CU_ASSERT_EQUAL(nat_worker_stats(w)->blocks_allocated, 2);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->ports_exhausted, 0);
	/* two blocks full: the 129th is refused */
	CU_ASSERT_EQUAL(get(w, UDP, SUB(2), 30128), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_EQUAL(get(w, ICMP, SUB(2), 7), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->ports_exhausted, 2);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->blocks_allocated, 2);
	CU_ASSERT_EQUAL(n_maps(w), 128);
	/* existing mappings still answer; other subscribers still get ports */
	CU_ASSERT_EQUAL(get(w, UDP, SUB(2), 30000), first);
	CU_ASSERT(get(w, UDP, SUB(3), 30000) >= 0);
	CU_ASSERT_EQUAL(n_subs(w), 2);
	nat_worker_free(w);
	nat_free(n);
}

/* The subscriber whose address has no free block: another address, if it holds nothing. */
static void
test_exhaust_pool(void)
{
	uint32_t on[2][3], cnt[2] = { 0, 0 };
	struct nat *n;
	struct nat_worker *w;
	int64_t a, b, c;

	/* two addresses, one block each */
	cfg_reset(2, 1024, 1087, 64, 4, 0);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	for (uint32_t i = 2; i < 200 && (cnt[0] < 3 || cnt[1] < 3); i++) {
		uint32_t x = rte_hash_crc_4byte(BE32(SUB(i)), 0) % 2;

		if (cnt[x] < 3)
			on[x][cnt[x]++] = SUB(i);
	}
	CU_ASSERT_FATAL(cnt[0] == 3 && cnt[1] == 3);
	/* two subscribers hashed onto the same address: the second moves */
	a = get(w, UDP, on[0][0], 1030);
	b = get(w, UDP, on[0][1], 1030);
	CU_ASSERT_FATAL(a >= 0 && b >= 0);
	CU_ASSERT(w->maps[a].ext != w->maps[b].ext);
	CU_ASSERT_EQUAL(eport(w, a), 1030);
	CU_ASSERT_EQUAL(eport(w, b), 1030);
	/* no block anywhere: refused, and nothing kept for it */
	c = get(w, UDP, on[1][0], 1030);
	CU_ASSERT_EQUAL(c, -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_EQUAL(n_subs(w), 2);
	CU_ASSERT_PTR_NULL(sub_of(w, on[1][0]));
	/* the first one's block comes back (no quarantine): the refused one gets it */
	nat_map_put(w, (uint32_t)a);
	CU_ASSERT_EQUAL(n_subs(w), 1);
	c = get(w, UDP, on[1][0], 1030);
	CU_ASSERT(c >= 0);
	nat_worker_free(w);
	nat_free(n);
}

/* The mapping table full: refused until one goes. */
static void
test_exhaust_maps(void)
{
	struct nat *n;
	struct nat_worker *w;
	int64_t mi = -1;

	cfg_reset(1, 1024, 65535, 512, 16, 0);
	C.max_mappings = 100;
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	for (uint32_t k = 0; k < 100; k++) {
		mi = get(w, UDP, SUB(2 + k % 5), (uint16_t)(2000 + k));
		CU_ASSERT_FATAL(mi >= 0);
	}
	CU_ASSERT_EQUAL(get(w, UDP, SUB(9), 2000), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_EQUAL(n_subs(w), 5);
	CU_ASSERT_EQUAL(n_maps(w), 100);
	nat_map_put(w, (uint32_t)mi);
	CU_ASSERT(get(w, UDP, SUB(9), 2000) >= 0);
	nat_worker_free(w);
	nat_free(n);
}

/* A released port rests quarantine_ms before anyone gets it again (RFC 6888 REQ-8). */
static void
test_quarantine(void)
{
	struct nat *n;
	struct nat_worker *w;
	int64_t a, b, c;
	uint16_t pb;

	cfg_reset(1, 1024, 65535, 64, 1, 1000);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	nat_worker_poll(w, 10000);
	a = get(w, UDP, SUB(2), 1030);
	CU_ASSERT_FATAL(a >= 0);
	CU_ASSERT_EQUAL(eport(w, a), 1030);
	nat_map_put(w, (uint32_t)a);
	CU_ASSERT_EQUAL(n_maps(w), 0);
	CU_ASSERT_EQUAL(n_quar(w), 1);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->mappings_released, 1);
	CU_ASSERT_EQUAL(nat_map_find_ext(w, 0, UDP, 0, BE16(1030)), -1);
	/* resting: the same endpoint gets another port */
	nat_worker_poll(w, 10500);
	CU_ASSERT_EQUAL(n_quar(w), 1);
	b = get(w, UDP, SUB(2), 1030);
	CU_ASSERT_FATAL(b >= 0);
	pb = eport(w, b);
	CU_ASSERT(pb != 1030);
	nat_map_put(w, (uint32_t)b); /* rests until 11500 */
	nat_worker_poll(w, 10999);
	CU_ASSERT_EQUAL(n_quar(w), 2);
	c = get(w, UDP, SUB(2), 1030);
	CU_ASSERT_FATAL(c >= 0);
	CU_ASSERT(eport(w, c) != 1030 && eport(w, c) != pb);
	nat_map_put(w, (uint32_t)c); /* until 11999 */
	/* its time has come: preserved again */
	nat_worker_poll(w, 11000);
	CU_ASSERT_EQUAL(n_quar(w), 2);
	a = get(w, UDP, SUB(2), 1030);
	CU_ASSERT_FATAL(a >= 0);
	CU_ASSERT_EQUAL(eport(w, a), 1030);
	/* the rest in time; the subscriber keeps its block while it holds a mapping */
	nat_worker_poll(w, 12000);
	CU_ASSERT_EQUAL(n_quar(w), 0);
	CU_ASSERT_EQUAL(n_subs(w), 1);
	nat_map_put(w, (uint32_t)a);
	nat_worker_poll(w, 13000);
	CU_ASSERT_EQUAL(n_quar(w), 0);
	CU_ASSERT_EQUAL(n_subs(w), 0);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->blocks_released, 1);
	nat_worker_free(w);
	nat_free(n);
}

/* A block full of resting ports: nothing to give until they are released. */
static void
test_quarantine_full(void)
{
	struct nat *n;
	struct nat_worker *w;
	int64_t mi[100];
	struct nat_addr_usage u;

	cfg_reset(1, 1024, 65535, 128, 1, 1000);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	nat_worker_poll(w, 0);
	for (uint32_t k = 0; k < 128; k++) {
		int64_t x = get(w, UDP, SUB(2), (uint16_t)(1024 + k));

		CU_ASSERT_FATAL(x >= 0);
		if (k < 100)
			mi[k] = x;
	}
	for (uint32_t k = 0; k < 100; k++)
		nat_map_put(w, (uint32_t)mi[k]);
	CU_ASSERT_EQUAL(n_quar(w), 100);
	nat_worker_addr_usage(w, 0, 0, &u);
	CU_ASSERT_EQUAL(u.blocks_used, 1);
	CU_ASSERT_EQUAL(u.ports_used, 128);
	CU_ASSERT_EQUAL(get(w, UDP, SUB(2), 1024), -BNG_DROP_NAT_EXHAUSTED);
	nat_worker_poll(w, 999);
	CU_ASSERT_EQUAL(get(w, UDP, SUB(2), 1024), -BNG_DROP_NAT_EXHAUSTED);
	/* bounded work per poll: a few polls release them all */
	nat_worker_poll(w, 1000);
	CU_ASSERT(n_quar(w) < 100);
	for (int i = 0; i < 10; i++)
		nat_worker_poll(w, 1000);
	CU_ASSERT_EQUAL(n_quar(w), 0);
	nat_worker_addr_usage(w, 0, 0, &u);
	CU_ASSERT_EQUAL(u.ports_used, 28);
	CU_ASSERT_EQUAL(eport(w, get(w, UDP, SUB(2), 1024)), 1024);
	nat_worker_free(w);
	nat_free(n);
}

/* Each instance's ports rest for its own quarantine_ms. */
static void
test_quarantine_instances(void)
{
	struct nat *n;
	struct nat_worker *w;
	int64_t a, b;

	cfg_reset(1, 1024, 65535, 512, 8, 100000);
	C.n_instances = 2;
	inst_set(&C.inst[1], "short", 1, T_IP4(192, 0, 2, 99), 1024, 65535, 512, 8);
	C.inst[1].quarantine_ms = 10;
	C.tenant_instance[1] = 1;
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	nat_worker_poll(w, 0);
	a = nat_map_get(w, 0, 0, UDP, BE32(SUB(2)), BE16(1030));
	b = nat_map_get(w, 1, 1, UDP, BE32(SUB(2)), BE16(1030));
	CU_ASSERT_FATAL(a >= 0 && b >= 0);
	CU_ASSERT_EQUAL(eport(w, b), 1030);
	nat_map_put(w, (uint32_t)a);
	nat_map_put(w, (uint32_t)b);
	CU_ASSERT_EQUAL(n_quar(w), 2);
	/* one second later: the 10 ms port is back, the 100 s one still rests */
	nat_worker_poll(w, 1000);
	CU_ASSERT_EQUAL(n_quar(w), 1);
	b = nat_map_get(w, 1, 1, UDP, BE32(SUB(2)), BE16(1030));
	CU_ASSERT_FATAL(b >= 0);
	CU_ASSERT_EQUAL(eport(w, b), 1030);
	nat_worker_free(w);
	nat_free(n);
}

/* Blocks go back when their last port does; the subscriber when it holds nothing. */
static void
test_blocks_returned(void)
{
	struct nat *n;
	struct nat_worker *w;
	struct nat_addr_usage u;
	const struct nat_sub *s;
	int64_t mi[130];
	uint32_t first_block;

	cfg_reset(1, 1024, 65535, 64, 4, 0);
	n = nat_of(1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	for (uint32_t k = 0; k < 130; k++) {
		mi[k] = get(w, k & 1 ? TCP : UDP, SUB(2), (uint16_t)(30000 + k));
		CU_ASSERT_FATAL(mi[k] >= 0);
	}
	s = sub_of(w, SUB(2));
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->n_blocks, 3);
	nat_worker_addr_usage(w, 0, 0, &u);
	CU_ASSERT_EQUAL(u.blocks_total, w->inst[0].own_per_addr);
	CU_ASSERT_EQUAL(u.blocks_used, 3);
	CU_ASSERT_EQUAL(u.ports_used, 130);
	/* empty one block: it goes back, the others stay */
	first_block = w->maps[mi[0]].block;
	for (uint32_t k = 0; k < 130; k++)
		if (w->maps[mi[k]].block == first_block) {
			nat_map_put(w, (uint32_t)mi[k]);
			mi[k] = -1;
		}
	CU_ASSERT_EQUAL(nat_worker_stats(w)->blocks_released, 1);
	CU_ASSERT_EQUAL(s->n_blocks, 2);
	CU_ASSERT_EQUAL(n_subs(w), 1);
	for (uint32_t k = 0; k < 130; k++)
		if (mi[k] >= 0)
			nat_map_put(w, (uint32_t)mi[k]);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->blocks_released, 3);
	CU_ASSERT_EQUAL(n_subs(w), 0);
	CU_ASSERT_EQUAL(n_maps(w), 0);
	CU_ASSERT_PTR_NULL(sub_of(w, SUB(2)));
	nat_worker_addr_usage(w, 0, 0, &u);
	CU_ASSERT_EQUAL(u.blocks_used, 0);
	CU_ASSERT_EQUAL(u.ports_used, 0);
	CU_ASSERT_EQUAL(w->inst[0].n_free[0], w->inst[0].own_per_addr);
	/* and a block can be had again */
	CU_ASSERT(get(w, UDP, SUB(2), 1030) >= 0);
	nat_worker_addr_usage(w, 0, 0, &u);
	CU_ASSERT_EQUAL(u.blocks_used, 1);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->blocks_allocated, 4);
	nat_worker_free(w);
	nat_free(n);
}

/*
 * One external (address, port, protocol) belongs to one inside endpoint:
 * an address listed twice in a pool must be refused, or count once.
 */
static void
test_duplicate_addresses(void)
{
	uint32_t ext[40];
	uint16_t port[40];
	struct nat *n;
	struct nat_worker *w;
	unsigned int clash = 0;

	cfg_reset(3, 1024, 65535, 512, 8, 0);
	C.inst[0].addr[2] = C.inst[0].addr[1]; /* .64, .65, .65 */
	rte_errno = 0;
	n = nat_create(&C, 1, SOCK);
	if (n == NULL) {
		CU_ASSERT_EQUAL(rte_errno, EINVAL);
		return;
	}
	w = nat_worker_create(n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	for (uint32_t i = 0; i < 40; i++) {
		int64_t mi = get(w, UDP, SUB(2 + i), 1030);

		CU_ASSERT_FATAL(mi >= 0);
		ext[i] = n->inst[0].cfg.addr[w->maps[mi].ext];
		port[i] = w->maps[mi].eport;
		for (uint32_t j = 0; j < i; j++)
			clash += ext[j] == ext[i] && port[j] == port[i];
	}
	CU_ASSERT_EQUAL(clash, 0);
	nat_worker_free(w);
	nat_free(n);
}

/* ---------------------------------------------------------------------------
 * The service, through a session table running it
 */

static struct sess_chain chain;
static unsigned int nat_bit;

struct env {
	struct nat *n;
	struct nat_worker *w;
	struct sess_table *t;
	uint32_t now;
};

static int
env_up(struct env *e)
{
	struct sess_config sc;

	memset(e, 0, sizeof(*e));
	e->n = nat_create(&C, 1, SOCK);
	CU_ASSERT_PTR_NOT_NULL(e->n);
	if (e->n == NULL)
		return -1;
	e->w = nat_worker_create(e->n, 0, SOCK);
	CU_ASSERT_PTR_NOT_NULL(e->w);
	sess_config_defaults(&sc);
	sc.max_sessions = 256;
	sc.max_v6 = 0;
	sc.secondary = 256;
	e->t = sess_table_create("nat_t", SOCK, &sc, &chain);
	CU_ASSERT_PTR_NOT_NULL(e->t);
	if (e->w == NULL || e->t == NULL)
		return -1;
	sess_table_set_svc_arg(e->t, nat_bit, e->w);
	nat_worker_poll(e->w, 0);
	return 0;
}

static void
env_down(struct env *e)
{
	sess_table_free(e->t);
	nat_worker_free(e->w);
	nat_free(e->n);
}

static uint16_t
sum16(const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* The L4 checksum (TCP/UDP with the pseudo-header, ICMP without), as stored. */
static uint16_t
l4_cksum(const uint8_t *ip, uint8_t proto, const uint8_t *l4, uint16_t len)
{
	uint8_t ph[12];
	uint32_t s;

	if (proto == ICMP)
		return (uint16_t)~sum16(l4, len);
	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = proto;
	t_put16(ph + 10, len);
	s = (uint32_t)sum16(ph, 12) + sum16(l4, len);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	s = (uint16_t)~s;
	return (uint16_t)(proto == UDP && s == 0 ? 0xffff : s);
}

/*
 * A frame: IPv4 @proto from @src:@sport to @dst:@dport (ICMP: echo request
 * with identifier @sport, or echo reply when @dport is 0), 6 bytes of data,
 * every checksum right (UDP: none when @no_udp_cksum). Parsed and keyed as
 * the worker does, from the inside (tenant 0, access) or from the outside
 * (the instance's namespace, core).
 */
static struct rte_mbuf *
pkt(uint8_t proto, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, int outside,
    int no_udp_cksum, union sess_key *k)
{
	static const uint8_t data[6] = { 'a', 'b', 'c', 'd', 'e', 'f' };
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800), l4len = (uint16_t)((proto == TCP ? 20 : 8) + 6);
	uint8_t *ip = b + o, *l4;
	struct rte_mbuf *m;
	struct bng_desc *d;

	o += t_ipv4(ip, proto, src, dst, l4len);
	l4 = b + o;
	if (proto == TCP)
		o += t_tcp(l4, sport, dport, 0x02);
	else if (proto == UDP)
		o += t_udp(l4, sport, dport, 6);
	else
		o += t_icmp(l4, dport ? 8 : 0, 0, sport, 1);
	memcpy(b + o, data, 6);
	o += 6;
	if (proto == TCP)
		t_put16(l4 + 16, l4_cksum(ip, proto, l4, l4len));
	else if (proto == UDP && !no_udp_cksum)
		t_put16(l4 + 6, l4_cksum(ip, proto, l4, l4len));
	else if (proto == ICMP)
		t_put16(l4 + 2, l4_cksum(ip, proto, l4, l4len));
	m = bng_test_mbuf(b, o);
	d = bng_desc(m);
	CU_ASSERT_EQUAL(bng_parse(m, d), BNG_DROP_NONE);
	d->tenant = outside ? NAT_OUTSIDE_TENANT(0) : 0;
	d->role = outside ? BNG_ROLE_CORE : BNG_ROLE_ACCESS;
	memset(k, 0, sizeof(*k));
	CU_ASSERT_EQUAL(sess_key_build(m, d, k), BNG_DROP_NONE);
	return m;
}

/* Every checksum of the packet in @m right (UDP zero: none). */
static int
cksums_ok(struct rte_mbuf *m)
{
	const uint8_t *ip = rte_pktmbuf_mtod_offset(m, const uint8_t *, 14);
	uint16_t ihl = (uint16_t)((ip[0] & 0xf) * 4);
	uint16_t len = (uint16_t)(((ip[2] << 8) | ip[3]) - ihl);
	const uint8_t *l4 = ip + ihl;
	uint8_t proto = ip[9];
	uint16_t stored, want;
	uint8_t tmp[64];

	if (sum16(ip, ihl) != 0xffff || len > sizeof(tmp))
		return 0;
	memcpy(tmp, l4, len);
	if (proto == UDP) {
		stored = (uint16_t)(l4[6] << 8 | l4[7]);
		if (stored == 0)
			return 1;
		tmp[6] = tmp[7] = 0;
	} else if (proto == TCP) {
		stored = (uint16_t)(l4[16] << 8 | l4[17]);
		tmp[16] = tmp[17] = 0;
	} else {
		stored = (uint16_t)(l4[2] << 8 | l4[3]);
		tmp[2] = tmp[3] = 0;
	}
	want = l4_cksum(ip, proto, tmp, len);
	return stored == want || (proto == TCP && stored + want == 0xffff && (stored == 0 || want == 0));
}

static uint32_t
ip_src(struct rte_mbuf *m)
{
	const uint8_t *ip = rte_pktmbuf_mtod_offset(m, const uint8_t *, 14);

	return (uint32_t)ip[12] << 24 | (uint32_t)ip[13] << 16 | (uint32_t)ip[14] << 8 | ip[15];
}

static uint32_t
ip_dst(struct rte_mbuf *m)
{
	const uint8_t *ip = rte_pktmbuf_mtod_offset(m, const uint8_t *, 14);

	return (uint32_t)ip[16] << 24 | (uint32_t)ip[17] << 16 | (uint32_t)ip[18] << 8 | ip[19];
}

/* Source (0) or destination (1) port; ICMP: the identifier. */
static uint16_t
l4_port(struct rte_mbuf *m, int which)
{
	const uint8_t *ip = rte_pktmbuf_mtod_offset(m, const uint8_t *, 14);
	const uint8_t *l4 = ip + (ip[0] & 0xf) * 4;

	if (ip[9] == ICMP)
		return (uint16_t)(l4[4] << 8 | l4[5]);
	return (uint16_t)(l4[2 * which] << 8 | l4[2 * which + 1]);
}

/*
 * What the worker does with one packet: lookup, creation on a miss (the
 * NAT's create hook), then the NAT's translation. @return 0 (translated;
 * the session in *sp) or the drop reason of a refused flow.
 */
static int
run(struct env *e, struct rte_mbuf *m, const union sess_key *k, struct sess_entry **sp)
{
	const struct sess_key4 *keys[1] = { &k->v4 };
	struct bng_desc *d = bng_desc(m);
	uint32_t idx[1] = { 0 };
	struct sess_entry *s;
	int secondary = 0;

	if (sess_lookup4_burst(e->t, keys, 1, idx) == 1) {
		s = &e->t->entries[SESS_HIT_IDX(idx[0])];
		secondary = SESS_HIT_SECONDARY(idx[0]);
	} else {
		enum bng_drop why = BNG_DROP_NONE;

		s = sess_create(e->t, k, m, (uint16_t)(1u << nat_bit), e->now, &why);
		if (s == NULL)
			return why;
	}
	if (sp != NULL)
		*sp = s;
	CU_ASSERT_EQUAL(nat_service.fn(e->w, s, m, d, sess_dir(s, d, secondary)), SESS_CONTINUE);
	return 0;
}

/* One packet through run(); @return its verdict, the packet freed. */
static int
send1(struct env *e, uint8_t proto, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
      int outside, struct sess_entry **sp)
{
	union sess_key k;
	struct rte_mbuf *m = pkt(proto, src, sport, dst, dport, outside, 0, &k);
	int r = run(e, m, &k, sp);

	rte_pktmbuf_free(m);
	return r;
}

static const struct nat_sess *
nsess(const struct sess_entry *s)
{
	return (const struct nat_sess *)s->svc_data;
}

static void
test_svc_translate(void)
{
	static const uint8_t protos[] = { UDP, TCP, ICMP };
	struct env e;

	cfg_reset(1, 1024, 65535, 512, 8, 0);
	if (env_up(&e) != 0)
		goto out;
	for (unsigned int i = 0; i < RTE_DIM(protos); i++) {
		uint8_t p = protos[i];
		uint16_t ip_port = (uint16_t)(1100 + i), rport = p == ICMP ? 0 : 53;
		union sess_key k;
		struct rte_mbuf *m;
		struct sess_entry *s = NULL, *s2 = NULL;

		/* out: source = the subscriber's external address and (preserved) port */
		m = pkt(p, SUB(2), ip_port, R1, p == ICMP ? 1 : rport, 0, 0, &k);
		CU_ASSERT_EQUAL_FATAL(run(&e, m, &k, &s), 0);
		CU_ASSERT_EQUAL(ip_src(m), POOL0);
		CU_ASSERT_EQUAL(l4_port(m, 0), ip_port);
		CU_ASSERT_EQUAL(ip_dst(m), R1);
		if (p != ICMP)
			CU_ASSERT_EQUAL(l4_port(m, 1), rport);
		CU_ASSERT(cksums_ok(m));
		CU_ASSERT_EQUAL(nsess(s)->ext, BE32(POOL0));
		CU_ASSERT_EQUAL(nsess(s)->inside, BE32(SUB(2)));
		rte_pktmbuf_free(m);
		/* back: the reply to the external endpoint finds the session */
		m = pkt(p, R1, p == ICMP ? ip_port : rport, POOL0, p == ICMP ? 0 : ip_port, 1, 0, &k);
		CU_ASSERT_EQUAL_FATAL(run(&e, m, &k, &s2), 0);
		CU_ASSERT_PTR_EQUAL(s2, s);
		CU_ASSERT_EQUAL(ip_dst(m), SUB(2));
		CU_ASSERT_EQUAL(l4_port(m, 1), ip_port);
		CU_ASSERT_EQUAL(ip_src(m), R1);
		CU_ASSERT_EQUAL(bng_desc(m)->tenant, 0);
		CU_ASSERT(cksums_ok(m));
		rte_pktmbuf_free(m);
	}
	/* a port the NAT chooses; UDP without checksum stays without */
	{
		union sess_key k;
		struct rte_mbuf *m = pkt(UDP, SUB(2), 40001, R2, 53, 0, 1, &k);
		const uint8_t *l4;

		CU_ASSERT_EQUAL_FATAL(run(&e, m, &k, NULL), 0);
		CU_ASSERT(l4_port(m, 0) >= 1024 && l4_port(m, 0) <= 1535);
		CU_ASSERT(l4_port(m, 0) & 1);
		l4 = rte_pktmbuf_mtod_offset(m, const uint8_t *, 14 + 20);
		CU_ASSERT(l4[6] == 0 && l4[7] == 0);
		rte_pktmbuf_free(m);
		m = pkt(TCP, SUB(2), 40002, R2, 443, 0, 0, &k);
		CU_ASSERT_EQUAL_FATAL(run(&e, m, &k, NULL), 0);
		CU_ASSERT(l4_port(m, 0) >= 1024 && l4_port(m, 0) <= 1535);
		CU_ASSERT(cksums_ok(m));
		rte_pktmbuf_free(m);
	}
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->sessions_out, 5);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->translated_out, 5);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->translated_in, 3);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->ports_preserved, 3);
out:
	env_down(&e);
}

static void
test_svc_filtering(void)
{
	struct env e;
	struct sess_entry *s = NULL, *s2 = NULL;
	union sess_key k;
	struct rte_mbuf *m;

	/* endpoint-independent */
	cfg_reset(1, 1024, 65535, 512, 8, 0);
	if (env_up(&e) != 0)
		goto out;
	CU_ASSERT_EQUAL(send1(&e, UDP, SUB(2), 1100, R1, 53, 0, NULL), 0);
	m = pkt(UDP, R2, 7, POOL0, 1100, 1, 0, &k);
	CU_ASSERT_EQUAL_FATAL(run(&e, m, &k, &s), 0);
	CU_ASSERT_EQUAL(ip_dst(m), SUB(2));
	CU_ASSERT_EQUAL(l4_port(m, 1), 1100);
	CU_ASSERT(cksums_ok(m));
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->sessions_in, 1);
	/* the subscriber's answer takes that session, from the external endpoint */
	m = pkt(UDP, SUB(2), 1100, R2, 7, 0, 0, &k);
	CU_ASSERT_EQUAL_FATAL(run(&e, m, &k, &s2), 0);
	CU_ASSERT_PTR_EQUAL(s2, s);
	CU_ASSERT_EQUAL(ip_src(m), POOL0);
	CU_ASSERT_EQUAL(l4_port(m, 0), 1100);
	CU_ASSERT(cksums_ok(m));
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->sessions_out, 1);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->sessions_in, 1);
	/* no mapping: another port, another protocol, an address not of the pool */
	CU_ASSERT_EQUAL(send1(&e, UDP, R3, 7, POOL0, 1101, 1, NULL), BNG_DROP_NAT_NO_MAPPING);
	CU_ASSERT_EQUAL(send1(&e, TCP, R3, 7, POOL0, 1100, 1, NULL), BNG_DROP_NAT_NO_MAPPING);
	CU_ASSERT_EQUAL(send1(&e, UDP, R3, 7, POOL0 + 1, 1100, 1, NULL), BNG_DROP_NAT_NO_MAPPING);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->no_mapping, 3);
	CU_ASSERT_EQUAL(e.t->st.created, 2);
	env_down(&e);

	/* address and port dependent */
	cfg_reset(1, 1024, 65535, 512, 8, 0);
	C.inst[0].filtering = NAT_FILTER_APDF;
	if (env_up(&e) != 0)
		goto out;
	CU_ASSERT_EQUAL(send1(&e, UDP, SUB(2), 1100, R1, 53, 0, NULL), 0);
	CU_ASSERT_EQUAL(send1(&e, UDP, R1, 53, POOL0, 1100, 1, NULL), 0);
	CU_ASSERT_EQUAL(send1(&e, UDP, R2, 7, POOL0, 1100, 1, NULL), BNG_DROP_NAT_FILTERED);
	CU_ASSERT_EQUAL(send1(&e, UDP, R1, 54, POOL0, 1100, 1, NULL), BNG_DROP_NAT_FILTERED);
	CU_ASSERT_EQUAL(send1(&e, UDP, R2, 7, POOL0, 1101, 1, NULL), BNG_DROP_NAT_NO_MAPPING);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->filtered, 2);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->sessions_in, 0);
	env_down(&e);

	/* address dependent: the hosts sent to, from any of their ports, while
	 * a session to them lives */
	cfg_reset(1, 1024, 65535, 512, 8, 0);
	C.inst[0].filtering = NAT_FILTER_ADF;
	if (env_up(&e) != 0)
		goto out;
	{
		struct sess_entry *s1 = NULL, *s2 = NULL, *s3 = NULL;

		CU_ASSERT_EQUAL(send1(&e, UDP, SUB(2), 1100, R1, 53, 0, &s1), 0);
		CU_ASSERT_EQUAL(send1(&e, UDP, SUB(2), 1100, R1, 123, 0, &s3), 0);
		CU_ASSERT_EQUAL(send1(&e, UDP, R1, 54, POOL0, 1100, 1, &s2), 0);
		CU_ASSERT_EQUAL(nat_worker_stats(e.w)->sessions_in, 1);
		CU_ASSERT_EQUAL(send1(&e, UDP, R2, 53, POOL0, 1100, 1, NULL), BNG_DROP_NAT_FILTERED);
		/* another protocol's mapping is another endpoint */
		CU_ASSERT_EQUAL(send1(&e, TCP, R1, 53, POOL0, 1100, 1, NULL), BNG_DROP_NAT_NO_MAPPING);
		CU_ASSERT_FATAL(s1 != NULL && s2 != NULL && s3 != NULL);
		/* two sessions to R1 hold the permit: one gone, R1 still gets in */
		sess_delete(e.t, s1);
		CU_ASSERT_EQUAL(send1(&e, UDP, R1, 55, POOL0, 1100, 1, NULL), 0);
		/* the last one gone: R1 is a stranger again (the inbound
		 * sessions it started hold no permit) */
		sess_delete(e.t, s3);
		CU_ASSERT_EQUAL(send1(&e, UDP, R1, 56, POOL0, 1100, 1, NULL), BNG_DROP_NAT_FILTERED);
		CU_ASSERT_EQUAL(rte_hash_count(e.w->permit_h), 0);
		CU_ASSERT_EQUAL(nat_worker_stats(e.w)->filtered, 2);
	}
out:
	env_down(&e);
}

/* A mapping lives as long as any session uses it, inbound ones included. */
static void
test_svc_refs(void)
{
	struct env e;
	struct sess_entry *s1 = NULL, *s2 = NULL, *s3 = NULL;
	int64_t mi;

	cfg_reset(1, 1024, 65535, 512, 8, 0);
	if (env_up(&e) != 0)
		goto out;
	CU_ASSERT_EQUAL_FATAL(send1(&e, UDP, SUB(2), 1100, R1, 53, 0, &s1), 0);
	CU_ASSERT_EQUAL_FATAL(send1(&e, UDP, SUB(2), 1100, R2, 53, 0, &s2), 0);
	CU_ASSERT_EQUAL_FATAL(send1(&e, UDP, R3, 9, POOL0, 1100, 1, &s3), 0);
	CU_ASSERT(s1 != s2 && s2 != s3 && s1 != s3);
	mi = nat_map_find_ext(e.w, 0, UDP, 0, BE16(1100));
	CU_ASSERT_FATAL(mi >= 0);
	CU_ASSERT_EQUAL(e.w->maps[mi].refs, 3);
	CU_ASSERT_EQUAL(sub_of(e.w, SUB(2))->sessions, 3);
	sess_delete(e.t, s1);
	CU_ASSERT_EQUAL(nat_map_find_ext(e.w, 0, UDP, 0, BE16(1100)), mi);
	sess_delete(e.t, s3);
	CU_ASSERT_EQUAL(nat_map_find_ext(e.w, 0, UDP, 0, BE16(1100)), mi);
	CU_ASSERT_EQUAL(n_maps(e.w), 1);
	sess_delete(e.t, s2);
	CU_ASSERT_EQUAL(nat_map_find_ext(e.w, 0, UDP, 0, BE16(1100)), -1);
	CU_ASSERT_EQUAL(n_maps(e.w), 0);
	CU_ASSERT_EQUAL(n_subs(e.w), 0);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->mappings_released, 1);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->blocks_released, 1);
out:
	env_down(&e);
}

/*
 * max_sessions_per_subscriber: a refused flow (RFC 6888 REQ-4) changes
 * nothing: the mapping it would reuse stays with the sessions using it, and
 * no mapping is made (nor its port quarantined) for a flow that never runs.
 */
static void
test_svc_quota(void)
{
	struct env e;
	struct sess_entry *s1 = NULL, *s2 = NULL, *s3 = NULL;
	int64_t m1;

	cfg_reset(1, 1024, 65535, 512, 8, 60000);
	C.inst[0].max_sessions_per_sub = 2;
	C.max_mappings = 100;
	if (env_up(&e) != 0)
		goto out;
	CU_ASSERT_EQUAL_FATAL(send1(&e, UDP, SUB(2), 1100, R1, 53, 0, &s1), 0);
	CU_ASSERT_EQUAL_FATAL(send1(&e, UDP, SUB(2), 1101, R1, 53, 0, &s2), 0);
	m1 = nat_map_find_ext(e.w, 0, UDP, 0, BE16(1100));
	CU_ASSERT_FATAL(m1 >= 0);
	/* over the limit, through an existing mapping */
	CU_ASSERT_EQUAL(send1(&e, UDP, SUB(2), 1100, R2, 53, 0, NULL), BNG_DROP_NAT_QUOTA);
	CU_ASSERT_EQUAL(nat_map_find_ext(e.w, 0, UDP, 0, BE16(1100)), m1);
	CU_ASSERT_EQUAL(e.w->maps[m1].refs, 1);
	/* over the limit, with a new inside port */
	CU_ASSERT_EQUAL(send1(&e, UDP, SUB(2), 1102, R1, 53, 0, NULL), BNG_DROP_NAT_QUOTA);
	CU_ASSERT_EQUAL(nat_map_find_ext(e.w, 0, UDP, 0, BE16(1102)), -1);
	/* inbound, through an existing mapping */
	CU_ASSERT_EQUAL(send1(&e, UDP, R3, 7, POOL0, 1101, 1, NULL), BNG_DROP_NAT_QUOTA);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->quota_exceeded, 3);
	CU_ASSERT_EQUAL(n_maps(e.w), 2);
	CU_ASSERT_EQUAL(n_quar(e.w), 0);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->mappings_released, 0);
	CU_ASSERT_EQUAL(nat_worker_stats(e.w)->mappings_created, 2);
	CU_ASSERT_EQUAL(sub_of(e.w, SUB(2))->mappings, 2);
	CU_ASSERT_EQUAL(sub_of(e.w, SUB(2))->sessions, 2);
	/* the other subscribers are not concerned */
	CU_ASSERT_EQUAL(send1(&e, UDP, SUB(3), 1100, R2, 53, 0, NULL), 0);
	/* one session goes: room for one more */
	sess_delete(e.t, s2);
	CU_ASSERT_EQUAL(send1(&e, UDP, SUB(2), 1100, R2, 53, 0, &s3), 0);
	CU_ASSERT_EQUAL(e.w->maps[m1].refs, 2);
	/* all gone: everything released once */
	sess_delete(e.t, s1);
	sess_delete(e.t, s3);
	CU_ASSERT(e.w->n_maps_free <= e.n->max_mappings);
	CU_ASSERT_EQUAL(sub_of(e.w, SUB(2))->mappings, 0);
	CU_ASSERT_EQUAL(sub_of(e.w, SUB(2))->sessions, 0);
	CU_ASSERT_EQUAL(n_quar(e.w), 2); /* 1100 and 1101 rest */
out:
	env_down(&e);
}

/*
 * Only the inside creates mappings: a packet from the core (role core,
 * routed to a subscriber's inside address) must not make its remote source
 * a NAT subscriber with a port block, nor be sent on from the pool.
 */
static void
test_svc_core_side(void)
{
	struct env e;
	union sess_key k;
	struct rte_mbuf *m;
	struct bng_desc *d;
	int r;

	cfg_reset(1, 1024, 65535, 512, 8, 0);
	if (env_up(&e) != 0)
		goto out;
	m = pkt(UDP, R1, 53, SUB(2), 1100, 0, 0, &k);
	d = bng_desc(m);
	d->role = BNG_ROLE_CORE; /* tenant 0: routed straight to the inside address */
	r = run(&e, m, &k, NULL);
	CU_ASSERT_EQUAL(n_subs(e.w), 0);
	CU_ASSERT_EQUAL(n_maps(e.w), 0);
	CU_ASSERT_PTR_NULL(sub_of(e.w, R1));
	if (r == 0) {
		CU_ASSERT_EQUAL(ip_src(m), R1); /* not "from" the pool */
	}
	rte_pktmbuf_free(m);
out:
	env_down(&e);
}

static const CU_TestInfo config_tests[] = {
	{ "nat_create: bad arguments (EINVAL)", test_create_einval },
	{ "nat_create: tenant naming no instance (EINVAL)", test_create_tenant_instance },
	{ "nat_worker_create: bad arguments", test_worker_create_einval },
	{ "pool sorted, nat_ext_index bisection", test_ext_index },
	{ "nat_owner: ports in and out of range, 1-7 workers", test_owner },
	{ "an address twice in a pool", test_duplicate_addresses },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo alloc_tests[] = {
	{ "endpoint-independent mappings", test_eim },
	{ "paired pooling", test_paired_pooling },
	{ "block ownership (block % workers == worker)", test_block_ownership },
	{ "port preservation", test_preservation },
	{ "UDP parity", test_parity },
	{ "UDP parity, odd port_min", test_parity_odd_port_min },
	{ "exhaustion: the subscriber's blocks", test_exhaust_sub },
	{ "exhaustion: the pool (and moving address)", test_exhaust_pool },
	{ "exhaustion: the mapping table", test_exhaust_maps },
	{ "quarantine", test_quarantine },
	{ "quarantine: a block of resting ports", test_quarantine_full },
	{ "quarantine: per instance", test_quarantine_instances },
	{ "blocks returned, subscriber freed", test_blocks_returned },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo svc_tests[] = {
	{ "translation both ways, checksums", test_svc_translate },
	{ "filtering: endpoint-independent, address-port-, address-dependent", test_svc_filtering },
	{ "mapping references", test_svc_refs },
	{ "session limit", test_svc_quota },
	{ "from the core side: no NAT state", test_svc_core_side },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	int bit;

	sess_chain_init(&chain);
	if (sess_chain_register(&chain, &nat_service) != 0)
		return -1;
	sess_chain_seal(&chain);
	bit = sess_chain_find(&chain, "nat");
	if (bit < 0)
		return -1;
	nat_bit = (unsigned int)bit;
	if (bng_test_add_suite("nat configuration", config_tests) != 0 ||
	    bng_test_add_suite("nat allocator", alloc_tests) != 0 ||
	    bng_test_add_suite("nat service", svc_tests) != 0)
		return -1;
	return 0;
}
