/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Fixtures shared by the vtap unit test files: the MACs and addresses of
 * the test link, the standard engine (three interfaces: untagged, 802.1Q,
 * QinQ), wrappers that run vtap_input() and vtap_timer() into a fresh
 * struct vtap_out, and checkers of ARP packets and neighbour entries. Each
 * test file gets its own copy of the buffers.
 */
#ifndef TEST_VTAP_FIXTURES_H
#define TEST_VTAP_FIXTURES_H

#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_common.h>
#include <rte_lcore.h>

#include "test_vtap_frames.h"
#include "vtap.h"

static const struct rte_ether_addr US = { { 0x02, 0, 0, 0, 0xaa, 0x01 } };
static const struct rte_ether_addr H1 = { { 0x02, 0, 0, 0, 0x10, 0x01 } };
static const struct rte_ether_addr H2 = { { 0x02, 0, 0, 0, 0x10, 0x02 } };
static const struct rte_ether_addr BC = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
static const struct rte_ether_addr ZERO;
static const struct rte_ether_addr ALL_NODES_MAC = { { 0x33, 0x33, 0, 0, 0, 0x01 } };

#define A4_US T_IP4(192, 0, 2, 1)
#define A4_H1 T_IP4(192, 0, 2, 10)
#define A4_H2 T_IP4(192, 0, 2, 20)
#define DB8(x) { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, x }
#define FE80(x) { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, x }

static const uint8_t A6_US[16] = DB8(0x01);
static const uint8_t A6_H1[16] = DB8(0x10);
static const uint8_t A6_H2[16] = DB8(0x20);
static const uint8_t LL_H1[16] = FE80(0x10);
/* EUI-64 of 02:00:00:00:aa:01: the universal/local bit flipped back to 0 */
static const uint8_t LL_US[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0, 0xaa, 0x01 };
static const uint8_t UNSPEC[16];
static const uint8_t ALL_NODES[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t ALL_ROUTERS[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
static const uint8_t SN_US[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x01 };

static struct vtap_out O __rte_unused;
static uint8_t F[256] __rte_unused, B[128] __rte_unused;

#define P(x) ((void *)(uintptr_t)(x))

static inline struct vtap_ip
ip4(uint32_t a)
{
	struct vtap_ip x = { 0 };

	t_put32(x.a, a);
	return x;
}

static inline struct vtap_ip
ip6(const uint8_t *a)
{
	struct vtap_ip x = { .v6 = 1 };

	memcpy(x.a, a, 16);
	return x;
}

static inline struct vtap *
mk(const struct vtap_config *cfg)
{
	static unsigned int seq;
	struct vtap_config d;
	char name[VTAP_NAME_MAX];

	if (cfg == NULL) {
		vtap_config_defaults(&d);
		cfg = &d;
	}
	snprintf(name, sizeof(name), "t%u", seq++);
	return vtap_create(name, (int)rte_socket_id(), cfg);
}

static inline void
if_base(struct vtap_if_config *c, uint16_t port, uint16_t outer, uint16_t inner, uint32_t a4)
{
	vtap_if_config_defaults(c);
	c->port = port;
	c->vlan_outer = outer;
	c->vlan_inner = inner;
	c->mac = US;
	c->n_addr4 = 1;
	t_put32(c->addr4[0].a, a4);
	c->addr4[0].plen = 24;
}

static inline void
if_add6(struct vtap_if_config *c, const uint8_t *a6)
{
	memcpy(c->addr6[c->n_addr6].a, a6, 16);
	c->addr6[c->n_addr6++].plen = 64;
}

/* Port 0 untagged: 192.0.2.1/24, 2001:db8::1/64 (interface 0). Port 1 VLAN
 * 100: 198.51.100.1/24, 2001:db8:100::1/64 (1). Port 2 QinQ 200/300 with an
 * 802.1ad outer tag: 203.0.113.1/24 (2). */
static inline struct vtap *
std_vtap(const struct vtap_config *cfg, uint32_t flags)
{
	static const uint8_t a6_100[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0x01, 0, 0, 0, 0, 0,
					    0, 0, 0, 0x01 };
	struct vtap_if_config c;
	struct vtap *v = mk(cfg);

	if (v == NULL)
		return NULL;
	if_base(&c, 0, 0, 0, A4_US);
	if_add6(&c, A6_US);
	c.flags = flags;
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), 0);
	if_base(&c, 1, 100, 0, T_IP4(198, 51, 100, 1));
	if_add6(&c, a6_100);
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), 1);
	if_base(&c, 2, 200, 300, T_IP4(203, 0, 113, 1));
	c.tpid_outer = 0x88a8;
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), 2);
	return v;
}

static inline enum vtap_reason
in(struct vtap *v, uint16_t port, const uint8_t *f, uint16_t len, uint32_t now)
{
	vtap_out_reset(&O);
	return vtap_input(v, port, f, len, now, &O);
}

static inline uint32_t
tick(struct vtap *v, uint32_t now)
{
	vtap_out_reset(&O);
	return vtap_timer(v, now, &O);
}

static const struct t_l2 L_BC_H1 = { &BC, &H1, 0, { 0 }, { 0 } };
static const struct t_l2 L_US_H2 = { &US, &H2, 0, { 0 }, { 0 } };

/* An ARP request from H1 (broadcast, untagged) */
static inline uint16_t
req(uint8_t *f, const struct rte_ether_addr *sha, uint32_t spa, uint32_t tpa)
{
	return t_arp(f, &L_BC_H1, 1, sha, spa, NULL, tpa);
}

static inline void
check_arp(const uint8_t *a, uint16_t op, const struct rte_ether_addr *sha, uint32_t spa,
	  const struct rte_ether_addr *tha, uint32_t tpa)
{
	CU_ASSERT_EQUAL(t_get16(a), 1);
	CU_ASSERT_EQUAL(t_get16(a + 2), 0x0800);
	CU_ASSERT(a[4] == 6 && a[5] == 4);
	CU_ASSERT_EQUAL(t_get16(a + 6), op);
	CU_ASSERT_EQUAL(memcmp(a + 8, sha, 6), 0);
	CU_ASSERT_EQUAL(t_get32(a + 14), spa);
	CU_ASSERT_EQUAL(memcmp(a + 18, tha, 6), 0);
	CU_ASSERT_EQUAL(t_get32(a + 24), tpa);
}

static inline int
mac_at(const uint8_t *p, const struct rte_ether_addr *m)
{
	return memcmp(p, m, 6) == 0;
}

static inline struct vtap_neigh_info
look(struct vtap *v, uint16_t port, struct vtap_ip ip)
{
	struct vtap_neigh_info i;

	memset(&i, 0, sizeof(i));
	if (vtap_neigh_lookup(v, port, &ip, &i) != 0)
		i.state = VTAP_NS_NONE;
	return i;
}


/** The ND, RA and announcement tests (test_vtap_nd.c). */
extern const CU_TestInfo vtap_nd_tests[];

#endif /* TEST_VTAP_FIXTURES_H */
