/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of lib/fib: creation with bad configurations, next-hop
 * de-duplication, IPv4 and IPv6 longest-prefix match including default
 * routes (kept beside rte_lpm) and VRF isolation, and the forward service
 * (TTL / hop limit, checksum, punt, drop reasons).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "bng_parse.h"
#include "bng_test.h"
#include "fib.h"

const char bng_test_name[] = "fib";

#define SOCK ((int)rte_socket_id())

static const struct rte_ether_addr MAC_P0 = { { 0x02, 0, 0, 0, 0x10, 0x01 } };
static const struct rte_ether_addr MAC_P1 = { { 0x02, 0, 0, 0, 0x20, 0x01 } };
static const struct rte_ether_addr MAC_GW = { { 0x02, 0, 0, 0, 0x20, 0x02 } };

static int
inet_pton_v6(const char *s, uint8_t *out)
{
	return inet_pton(AF_INET6, s, out) == 1;
}

/* Network-order IPv4 prefix bytes. */
static const uint8_t *
p4(uint32_t host, uint8_t out[4])
{
	t_put32(out, host);
	return out;
}

static struct fib *
make_fib(const char *name)
{
	struct fib_config c;

	fib_config_defaults(&c);
	c.max_routes = 64;
	c.max_nh = 32;
	c.tbl8s = 16;
	return fib_create(name, SOCK, &c);
}

static int
nh_add(struct fib *f, uint16_t port, uint8_t flags, const struct rte_ether_addr *dmac,
       uint32_t vrf)
{
	struct fib_nh n;

	memset(&n, 0, sizeof(n));
	n.port = port;
	n.flags = flags;
	n.vrf = vrf;
	if (dmac != NULL)
		n.dmac = *dmac;
	return fib_nh_add(f, &n);
}

static int
route4(struct fib *f, uint32_t vrf, uint32_t prefix, uint8_t depth, int nh)
{
	uint8_t b[4];

	return fib_route_add(f, vrf, 0, p4(prefix, b), depth, (uint32_t)nh);
}

static int
route6(struct fib *f, uint32_t vrf, const char *prefix, uint8_t depth, int nh)
{
	uint8_t b[16];

	CU_ASSERT_FATAL(inet_pton_v6(prefix, b));
	return fib_route_add(f, vrf, 1, b, depth, (uint32_t)nh);
}

/* IPv4 lookup of a host-order address; @return next hop or -1. */
static int64_t
look4(const struct fib *f, uint32_t vrf, uint32_t host)
{
	uint32_t nh = FIB_NH_NONE;

	if (fib_lookup4(f, vrf, rte_cpu_to_be_32(host), &nh) != 0)
		return -1;
	return nh;
}

static int64_t
look6(const struct fib *f, uint32_t vrf, const char *addr)
{
	uint8_t b[16];
	uint32_t nh = FIB_NH_NONE;

	CU_ASSERT_FATAL(inet_pton_v6(addr, b));
	if (fib_lookup6(f, vrf, b, &nh) != 0)
		return -1;
	return nh;
}

/* ---------------------------------------------------------------------------
 * Creation and next hops
 */

static void
test_create_bad_config(void)
{
	struct fib_config c;
	struct fib *f;

	fib_config_defaults(&c);
	CU_ASSERT_EQUAL(c.max_routes, 4096);
	CU_ASSERT_EQUAL(c.max_nh, 4096);
	CU_ASSERT_EQUAL(c.tbl8s, 256);

	rte_errno = 0;
	CU_ASSERT_PTR_NULL(fib_create(NULL, SOCK, &c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(fib_create("f", SOCK, NULL));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	c.max_routes = 0;
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(fib_create("f", SOCK, &c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	fib_config_defaults(&c);
	c.max_nh = 0;
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(fib_create("f", SOCK, &c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	fib_config_defaults(&c);
	c.tbl8s = 0;
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(fib_create("f", SOCK, &c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	fib_free(NULL);
	fib_config_defaults(&c);
	f = fib_create("f", SOCK, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->n_nh, 0);
	CU_ASSERT_EQUAL(f->n_routes, 0);
	/* An empty FIB routes nothing, in any VRF. */
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(8, 8, 8, 8)), -1);
	CU_ASSERT_EQUAL(look4(f, FIB_MAX_VRF - 1, T_IP4(8, 8, 8, 8)), -1);
	CU_ASSERT_EQUAL(look6(f, 0, "2001:db8::1"), -1);
	fib_free(f);
}

static void
test_nh_dedupe(void)
{
	struct fib *f = make_fib("nh");
	int a, b, c, d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fib_port_mac_set(f, 1, &MAC_P1);
	/* Bad arguments first. */
	CU_ASSERT_EQUAL(nh_add(f, FIB_MAX_PORTS, FIB_NH_RESOLVED, &MAC_GW, 0), -EINVAL);
	CU_ASSERT_EQUAL(nh_add(f, 1, FIB_NH_RESOLVED, &MAC_GW, FIB_MAX_VRF), -EINVAL);
	CU_ASSERT_EQUAL(f->n_nh, 0);

	a = nh_add(f, 1, FIB_NH_RESOLVED, &MAC_GW, 0);
	b = nh_add(f, 1, FIB_NH_RESOLVED, &MAC_GW, 0);
	c = nh_add(f, 1, FIB_NH_CONNECTED, NULL, 0);
	d = nh_add(f, 0, FIB_NH_RESOLVED, &MAC_GW, 0);
	CU_ASSERT_EQUAL(a, 0);
	CU_ASSERT_EQUAL(b, a);
	CU_ASSERT_EQUAL(c, 1);
	CU_ASSERT_EQUAL(d, 2);
	CU_ASSERT_EQUAL(f->n_nh, 3);
	/* The source MAC comes from the port. */
	CU_ASSERT(rte_is_same_ether_addr(&f->nh[a].smac, &MAC_P1));
	CU_ASSERT(rte_is_same_ether_addr(&f->nh[a].dmac, &MAC_GW));
	/* A "host" byte from the caller is ignored: still the same next hop. */
	{
		struct fib_nh n;

		memset(&n, 0, sizeof(n));
		n.port = 1;
		n.flags = FIB_NH_RESOLVED;
		n.dmac = MAC_GW;
		n.host = 0x55;   /* fib_nh_add() makes configured next hops */
		CU_ASSERT_EQUAL(fib_nh_add(f, &n), a);
	}
	/* Until the table is full. */
	for (uint16_t i = 0; i < 29; i++)
		CU_ASSERT(nh_add(f, (uint16_t)(2 + i), FIB_NH_CONNECTED, NULL, 0) >= 0);
	CU_ASSERT_EQUAL(f->n_nh, 32);
	CU_ASSERT_EQUAL(nh_add(f, 0, FIB_NH_CONNECTED, NULL, 5), -ENOSPC);
	CU_ASSERT_EQUAL(nh_add(f, 1, FIB_NH_RESOLVED, &MAC_GW, 0), a);
	fib_free(f);
}

/* ---------------------------------------------------------------------------
 * Routes
 */

static void
test_routes4(void)
{
	struct fib *f = make_fib("r4");
	int n16, n24, n32, ndef, nv1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	n16 = nh_add(f, 0, FIB_NH_RESOLVED, &MAC_GW, 0);
	n24 = nh_add(f, 1, FIB_NH_RESOLVED, &MAC_GW, 0);
	n32 = nh_add(f, 2, FIB_NH_RESOLVED, &MAC_GW, 0);
	ndef = nh_add(f, 3, FIB_NH_RESOLVED, &MAC_GW, 0);
	nv1 = nh_add(f, 4, FIB_NH_RESOLVED, &MAC_GW, 1);
	CU_ASSERT_FATAL(n16 >= 0 && n24 >= 0 && n32 >= 0 && ndef >= 0 && nv1 >= 0);

	/* Bad arguments first. */
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 0, 0, 0), 33, n24), -EINVAL);
	CU_ASSERT_EQUAL(route4(f, FIB_MAX_VRF, T_IP4(10, 0, 0, 0), 8, n24), -EINVAL);
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 0, 0, 0), 8, 5), -EINVAL); /* no such nh */
	CU_ASSERT_EQUAL(f->n_routes, 0);

	/* No route at all. */
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 1, 2, 3)), -1);

	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 1, 0, 0), 16, n16), 0);
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 1, 2, 0), 24, n24), 0);
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 1, 2, 3), 32, n32), 0);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 1, 2, 3)), n32);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 1, 2, 4)), n24);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 1, 2, 255)), n24);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 1, 3, 3)), n16);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 2, 0, 1)), -1);
	{
		uint32_t nh = 12345;

		CU_ASSERT_EQUAL(fib_lookup4(f, 0, rte_cpu_to_be_32(T_IP4(10, 2, 0, 1)), &nh),
				-ENOENT);
	}

	/* The same prefix again. */
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 1, 2, 0), 24, n16), -EEXIST);
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 1, 2, 3), 32, n24), -EEXIST);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 1, 2, 4)), n24);
	/* Same address, other length: a different prefix. */
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 1, 2, 0), 23, n16), 0);

	/* Default route: stored beside rte_lpm, used when nothing else matches. */
	CU_ASSERT_EQUAL(route4(f, 0, 0, 0, ndef), 0);
	CU_ASSERT_EQUAL(f->vrf[0].default4, (uint32_t)ndef);
	CU_ASSERT_EQUAL(route4(f, 0, 0, 0, n16), -EEXIST);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 2, 0, 1)), ndef);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(255, 255, 255, 255)), ndef);
	CU_ASSERT_EQUAL(look4(f, 0, 0), ndef);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 1, 2, 3)), n32);
	/* A /1 is not a default. */
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(128, 0, 0, 0), 1, n24), 0);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(200, 0, 0, 1)), n24);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(100, 0, 0, 1)), ndef);

	/* VRF isolation. */
	CU_ASSERT_EQUAL(route4(f, 1, T_IP4(100, 64, 0, 0), 10, nv1), 0);
	CU_ASSERT_EQUAL(look4(f, 1, T_IP4(100, 64, 5, 5)), nv1);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(100, 64, 5, 5)), ndef); /* VRF 0's default */
	CU_ASSERT_EQUAL(look4(f, 1, T_IP4(10, 1, 2, 3)), -1);     /* VRF 0's routes */
	CU_ASSERT_EQUAL(look4(f, 1, T_IP4(8, 8, 8, 8)), -1);      /* no default in VRF 1 */
	CU_ASSERT_EQUAL(look4(f, 2, T_IP4(100, 64, 5, 5)), -1);   /* a VRF never used */
	/* The same prefix in another VRF is not a duplicate. */
	CU_ASSERT_EQUAL(route4(f, 1, T_IP4(10, 1, 2, 0), 24, nv1), 0);
	CU_ASSERT_EQUAL(look4(f, 1, T_IP4(10, 1, 2, 3)), nv1);
	CU_ASSERT_EQUAL(route4(f, 1, 0, 0, nv1), 0);
	CU_ASSERT_EQUAL(look4(f, 1, T_IP4(8, 8, 8, 8)), nv1);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(8, 8, 8, 8)), ndef);

	/* Routes are kept for display. */
	CU_ASSERT_EQUAL(f->n_routes, 9);
	CU_ASSERT_EQUAL(f->routes[0].depth, 16);
	CU_ASSERT_EQUAL(f->routes[0].v6, 0);
	CU_ASSERT_EQUAL(f->routes[0].nh, (uint32_t)n16);
	CU_ASSERT_EQUAL(memcmp(f->routes[0].prefix, "\x0a\x01\x00\x00", 4), 0);
	fib_free(f);
}

static void
test_routes4_tbl8(void)
{
	/* Many routes longer than /24 use tbl8 groups; they all resolve. */
	struct fib *f = make_fib("r4t8");
	int nh[4];

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (int i = 0; i < 4; i++)
		nh[i] = nh_add(f, (uint16_t)i, FIB_NH_RESOLVED, &MAC_GW, 0);
	for (uint32_t i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(route4(f, 0, T_IP4(192, 168, i, 128), 25, nh[i % 4]), 0);
	for (uint32_t i = 0; i < 8; i++) {
		CU_ASSERT_EQUAL(look4(f, 0, T_IP4(192, 168, i, 200)), nh[i % 4]);
		CU_ASSERT_EQUAL(look4(f, 0, T_IP4(192, 168, i, 100)), -1);
	}
	fib_free(f);
}

static void
test_routes6(void)
{
	struct fib *f = make_fib("r6");
	int n32, n64, n128, ndef, nv1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	n32 = nh_add(f, 0, FIB_NH_RESOLVED | FIB_NH_V6, &MAC_GW, 0);
	n64 = nh_add(f, 1, FIB_NH_RESOLVED | FIB_NH_V6, &MAC_GW, 0);
	n128 = nh_add(f, 2, FIB_NH_RESOLVED | FIB_NH_V6, &MAC_GW, 0);
	ndef = nh_add(f, 3, FIB_NH_RESOLVED | FIB_NH_V6, &MAC_GW, 0);
	nv1 = nh_add(f, 4, FIB_NH_RESOLVED | FIB_NH_V6, &MAC_GW, 1);

	CU_ASSERT_EQUAL(route6(f, 0, "2001:db8::", 129, n32), -EINVAL);
	CU_ASSERT_EQUAL(look6(f, 0, "2001:db8::1"), -1);

	CU_ASSERT_EQUAL(route6(f, 0, "2001:db8::", 32, n32), 0);
	CU_ASSERT_EQUAL(route6(f, 0, "2001:db8:0:1::", 64, n64), 0);
	CU_ASSERT_EQUAL(route6(f, 0, "2001:db8:0:1::5", 128, n128), 0);
	CU_ASSERT_EQUAL(look6(f, 0, "2001:db8:0:1::5"), n128);
	CU_ASSERT_EQUAL(look6(f, 0, "2001:db8:0:1::6"), n64);
	CU_ASSERT_EQUAL(look6(f, 0, "2001:db8:0:1:ffff:ffff:ffff:ffff"), n64);
	CU_ASSERT_EQUAL(look6(f, 0, "2001:db8:0:2::5"), n32);
	CU_ASSERT_EQUAL(look6(f, 0, "2001:db9::1"), -1);
	CU_ASSERT_EQUAL(route6(f, 0, "2001:db8:0:1::", 64, n32), -EEXIST);
	CU_ASSERT_EQUAL(route6(f, 0, "2001:db8:0:1::5", 128, n32), -EEXIST);

	CU_ASSERT_EQUAL(route6(f, 0, "::", 0, ndef), 0);
	CU_ASSERT_EQUAL(route6(f, 0, "::", 0, n32), -EEXIST);
	CU_ASSERT_EQUAL(look6(f, 0, "2001:db9::1"), ndef);
	CU_ASSERT_EQUAL(look6(f, 0, "::"), ndef);
	CU_ASSERT_EQUAL(look6(f, 0, "2001:db8:0:1::5"), n128);
	/* The IPv4 default is separate from the IPv6 one. */
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(8, 8, 8, 8)), -1);

	CU_ASSERT_EQUAL(route6(f, 1, "fd00::", 8, nv1), 0);
	CU_ASSERT_EQUAL(look6(f, 1, "fd12::1"), nv1);
	CU_ASSERT_EQUAL(look6(f, 1, "2001:db8:0:1::5"), -1);
	CU_ASSERT_EQUAL(look6(f, 0, "fd12::1"), ndef);
	fib_free(f);
}

static void
test_routes_capacity_per_vrf(void)
{
	struct fib_config c;
	struct fib *f;
	int nh;

	fib_config_defaults(&c);
	c.max_routes = 16;
	c.max_nh = 16;
	c.tbl8s = 16;
	f = fib_create("cap", SOCK, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	nh = nh_add(f, 0, FIB_NH_RESOLVED, &MAC_GW, 0);
	/* 16 IPv4 routes fill VRF 0's rte_lpm; the 17th is refused. */
	for (uint32_t i = 0; i < 16; i++)
		CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 0, i, 0), 24, nh), 0);
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 0, 16, 0), 24, nh), -ENOSPC);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 0, 15, 1)), nh);
	CU_ASSERT_EQUAL(look4(f, 0, T_IP4(10, 0, 16, 1)), -1);
	fib_free(f);
}

/*
 * max_routes is per VRF and family: a full VRF 0 leaves VRF 1 its own room.
 */
static void
test_routes_capacity_other_vrf(void)
{
	struct fib_config c;
	struct fib *f;
	int nh, nh1;

	fib_config_defaults(&c);
	c.max_routes = 16;
	c.max_nh = 16;
	c.tbl8s = 16;
	f = fib_create("cap2", SOCK, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	nh = nh_add(f, 0, FIB_NH_RESOLVED, &MAC_GW, 0);
	nh1 = nh_add(f, 0, FIB_NH_RESOLVED, &MAC_GW, 1);
	for (uint32_t i = 0; i < 16; i++) {
		uint8_t p6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, (uint8_t)i };

		CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 0, i, 0), 24, nh), 0);
		CU_ASSERT_EQUAL(fib_route_add(f, 0, 1, p6, 48, (uint32_t)nh), 0);
	}
	CU_ASSERT_EQUAL(route4(f, 1, T_IP4(10, 0, 0, 0), 24, nh1), 0);
	CU_ASSERT_EQUAL(look4(f, 1, T_IP4(10, 0, 0, 1)), nh1);
	fib_free(f);
}

/* ---------------------------------------------------------------------------
 * Forward service
 */

struct fwd_env {
	struct fib *f;
	int resolved, local, unresolved, blackhole, resolved6, vrf1;
};

static void
fwd_setup(struct fwd_env *e)
{
	struct fib *f = make_fib("fwd");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	e->f = f;
	fib_port_mac_set(f, 0, &MAC_P0);
	fib_port_mac_set(f, 1, &MAC_P1);
	e->resolved = nh_add(f, 1, FIB_NH_RESOLVED, &MAC_GW, 0);
	e->local = nh_add(f, 0, FIB_NH_LOCAL, NULL, 0);
	e->unresolved = nh_add(f, 0, FIB_NH_CONNECTED, NULL, 0);
	e->blackhole = nh_add(f, 0, FIB_NH_DROP, NULL, 0);
	e->resolved6 = nh_add(f, 1, FIB_NH_RESOLVED | FIB_NH_V6, &MAC_GW, 0);
	e->vrf1 = nh_add(f, 0, FIB_NH_RESOLVED, &MAC_GW, 1);
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(198, 51, 100, 0), 24, e->resolved), 0);
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 0, 0, 1), 32, e->local), 0);
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(10, 0, 0, 0), 24, e->unresolved), 0);
	CU_ASSERT_EQUAL(route4(f, 0, T_IP4(192, 0, 2, 0), 24, e->blackhole), 0);
	CU_ASSERT_EQUAL(route4(f, 1, T_IP4(203, 0, 113, 0), 24, e->vrf1), 0);
	CU_ASSERT_EQUAL(route6(f, 0, "2001:db8:20::", 64, e->resolved6), 0);
	CU_ASSERT_EQUAL(route6(f, 0, "2001:db8:10::1", 128, e->local), 0);
	CU_ASSERT_EQUAL(fib_tenant_vrf_set(f, 3, 1), 0);
}

/* Run the forward service on an IPv4 UDP packet to @p dst with @p ttl. */
static enum sess_verdict
fwd4(struct fwd_env *e, uint32_t dst, uint8_t ttl, uint16_t tenant, struct rte_mbuf **out)
{
	uint8_t b[128];
	uint16_t len = t_udp4_frame(b, T_IP4(10, 0, 0, 2), 1000, dst, 53);
	struct rte_mbuf *m;
	struct bng_desc *d;

	b[14 + 8] = ttl;
	t_ipv4_fix(b + 14);
	m = bng_test_mbuf(b, len);
	d = bng_desc(m);
	CU_ASSERT_EQUAL(bng_parse(m, d), BNG_DROP_NONE);
	d->tenant = tenant;
	d->nh = FIB_NH_NONE;
	*out = m;
	return fib_forward_service.fn(e->f, NULL, m, d, 0);
}

static struct rte_ipv4_hdr *
ip4_of(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, 14);
}

static void
test_forward_errors(void)
{
	struct fwd_env e;
	struct rte_mbuf *m;

	fwd_setup(&e);
	CU_ASSERT_STRING_EQUAL(fib_forward_service.name, "forward");

	/* TTL 1 and 0: time exceeded, header untouched. */
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(198, 51, 100, 7), 1, 0, &m), SESS_DROP);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_TTL_EXCEEDED);
	CU_ASSERT_EQUAL(ip4_of(m)->time_to_live, 1);
	CU_ASSERT_EQUAL(rte_raw_cksum(ip4_of(m), 20), 0xffff);
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(198, 51, 100, 7), 0, 0, &m), SESS_DROP);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_TTL_EXCEEDED);
	rte_pktmbuf_free(m);

	/* No route. */
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(8, 8, 8, 8), 64, 0, &m), SESS_DROP);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_NO_ROUTE);
	rte_pktmbuf_free(m);

	/* Blackhole: dropped silently, under its own reason. */
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(192, 0, 2, 9), 64, 0, &m), SESS_DROP);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_BLACKHOLE);
	rte_pktmbuf_free(m);

	/* Connected but no neighbor entry. */
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(10, 0, 0, 99), 64, 0, &m), SESS_DROP);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_NEIGH_UNRESOLVED);
	rte_pktmbuf_free(m);

	/* Tenant 3 is in VRF 1, which has no route to VRF 0's prefixes. */
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(198, 51, 100, 7), 64, 3, &m), SESS_DROP);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_NO_ROUTE);
	rte_pktmbuf_free(m);

	fib_free(e.f);
}

static void
test_forward_ipv4(void)
{
	struct fwd_env e;
	struct rte_mbuf *m;
	struct rte_ipv4_hdr *ip;
	uint16_t ck;

	fwd_setup(&e);
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(198, 51, 100, 7), 64, 0, &m), SESS_CONTINUE);
	ip = ip4_of(m);
	CU_ASSERT_EQUAL(ip->time_to_live, 63);
	CU_ASSERT_EQUAL(bng_desc(m)->nh, (uint32_t)e.resolved);
	CU_ASSERT_EQUAL(rte_raw_cksum(ip, 20), 0xffff);
	ck = ip->hdr_checksum;
	ip->hdr_checksum = 0;
	CU_ASSERT_EQUAL(rte_ipv4_cksum(ip), ck);
	rte_pktmbuf_free(m);

	/* TTL 2 becomes 1 and still goes out; TTL 255 becomes 254. */
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(198, 51, 100, 7), 2, 0, &m), SESS_CONTINUE);
	CU_ASSERT_EQUAL(ip4_of(m)->time_to_live, 1);
	CU_ASSERT_EQUAL(rte_raw_cksum(ip4_of(m), 20), 0xffff);
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(198, 51, 100, 7), 255, 0, &m), SESS_CONTINUE);
	CU_ASSERT_EQUAL(ip4_of(m)->time_to_live, 254);
	CU_ASSERT_EQUAL(rte_raw_cksum(ip4_of(m), 20), 0xffff);
	rte_pktmbuf_free(m);

	/* Every TTL and the checksum it leaves. */
	{
		unsigned int bad = 0;

		for (unsigned int ttl = 2; ttl < 256; ttl++) {
			fwd4(&e, T_IP4(198, 51, 100, 7), (uint8_t)ttl, 0, &m);
			bad += rte_raw_cksum(ip4_of(m), 20) != 0xffff ||
			       (unsigned int)ip4_of(m)->time_to_live != ttl - 1;
			rte_pktmbuf_free(m);
		}
		CU_ASSERT_EQUAL(bad, 0);
	}

	/* The appliance's own address: punted, TTL untouched (even TTL 1). */
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(10, 0, 0, 1), 64, 0, &m), SESS_PUNT);
	CU_ASSERT_EQUAL(ip4_of(m)->time_to_live, 64);
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(10, 0, 0, 1), 1, 0, &m), SESS_PUNT);
	rte_pktmbuf_free(m);

	/* Tenant 3 routes in VRF 1. */
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(203, 0, 113, 5), 64, 3, &m), SESS_CONTINUE);
	CU_ASSERT_EQUAL(bng_desc(m)->nh, (uint32_t)e.vrf1);
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(fwd4(&e, T_IP4(203, 0, 113, 5), 64, 0, &m), SESS_DROP);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_NO_ROUTE);
	rte_pktmbuf_free(m);

	/* Tenant binding bounds. */
	CU_ASSERT_EQUAL(fib_tenant_vrf_set(e.f, FIB_MAX_TENANT, 0), -EINVAL);
	CU_ASSERT_EQUAL(fib_tenant_vrf_set(e.f, 0, FIB_MAX_VRF), -EINVAL);
	fib_free(e.f);
}

static enum sess_verdict
fwd6(struct fwd_env *e, const char *dst, uint8_t hops, struct rte_mbuf **out)
{
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, 0, 0,
					 0,    0,    0,    0,    0, 0,    0, 2 };
	uint8_t b[128], d6[16];
	uint16_t len;
	struct rte_mbuf *m;
	struct bng_desc *d;

	CU_ASSERT_FATAL(inet_pton_v6(dst, d6));
	len = t_udp6_frame(b, src, 1000, d6, 53);
	b[14 + 7] = hops;
	m = bng_test_mbuf(b, len);
	d = bng_desc(m);
	CU_ASSERT_EQUAL(bng_parse(m, d), BNG_DROP_NONE);
	d->nh = FIB_NH_NONE;
	*out = m;
	return fib_forward_service.fn(e->f, NULL, m, d, 0);
}

static void
test_forward_ipv6(void)
{
	struct fwd_env e;
	struct rte_mbuf *m;

	fwd_setup(&e);
	CU_ASSERT_EQUAL(fwd6(&e, "2001:db8:20::7", 1, &m), SESS_DROP);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_TTL_EXCEEDED);
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(fwd6(&e, "2001:db8:99::7", 64, &m), SESS_DROP);
	CU_ASSERT_EQUAL(bng_desc(m)->drop, BNG_DROP_NO_ROUTE);
	rte_pktmbuf_free(m);
	CU_ASSERT_EQUAL(fwd6(&e, "2001:db8:10::1", 64, &m), SESS_PUNT);
	rte_pktmbuf_free(m);

	CU_ASSERT_EQUAL(fwd6(&e, "2001:db8:20::7", 64, &m), SESS_CONTINUE);
	CU_ASSERT_EQUAL(rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, 14)->hop_limits, 63);
	CU_ASSERT_EQUAL(bng_desc(m)->nh, (uint32_t)e.resolved6);
	rte_pktmbuf_free(m);
	fib_free(e.f);
}

/* Learned hosts: /32s to next hops of their own, recycled after a grace period. */
static void
test_hosts(void)
{
	static const struct rte_ether_addr m1 = { { 0x02, 0, 0, 0, 0x10, 0x21 } };
	static const struct rte_ether_addr m2 = { { 0x02, 0, 0, 0, 0x10, 0x22 } };
	struct fib *f = make_fib("hosts");
	size_t sz = rte_rcu_qsbr_get_memsize(1);
	struct rte_rcu_qsbr *v = rte_zmalloc(NULL, sz, RTE_CACHE_LINE_SIZE);
	const struct fib_nh *n;
	uint32_t nh, a = rte_cpu_to_be_32(T_IP4(10, 0, 0, 7));
	uint8_t pfx[4];
	int idx, idx2, conn;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(rte_rcu_qsbr_init(v, 1), 0);
	rte_rcu_qsbr_thread_register(v, 0);
	rte_rcu_qsbr_thread_online(v, 0);
	/* not attached yet: refused */
	CU_ASSERT_EQUAL(fib_host_add(f, 0, a, 0, &m1, FIB_HOST_ARP), -EINVAL);
	CU_ASSERT_EQUAL(fib_rcu_attach(f, v), 0);
	conn = nh_add(f, 0, FIB_NH_CONNECTED, NULL, 0);
	CU_ASSERT_EQUAL(fib_route_add(f, 0, 0, p4(T_IP4(10, 0, 0, 0), pfx), 24, (uint32_t)conn), 0);
	idx = fib_host_add(f, 0, a, 0, &m1, FIB_HOST_ARP);
	CU_ASSERT_FATAL(idx >= 0);
	CU_ASSERT_EQUAL(fib_lookup4(f, 0, a, &nh), 0);
	CU_ASSERT_EQUAL(nh, (uint32_t)idx);
	CU_ASSERT(f->nh[idx].flags & FIB_NH_RESOLVED);
	CU_ASSERT(rte_is_same_ether_addr(&f->nh[idx].dmac, &m1));
	/* the neighbour answers from another MAC: updated in place */
	CU_ASSERT_EQUAL(fib_host_add(f, 0, a, 0, &m2, FIB_HOST_SUB), idx);
	CU_ASSERT(rte_is_same_ether_addr(&f->nh[idx].dmac, &m2));
	n = fib_host_get(f, 0, a);
	CU_ASSERT_PTR_EQUAL(n, &f->nh[idx]);
	CU_ASSERT_EQUAL(n->host, FIB_HOST_ARP | FIB_HOST_SUB);
	/* ARP forgets it; the lease still holds it */
	CU_ASSERT_EQUAL(fib_host_del(f, 0, a, FIB_HOST_ARP), 0);
	CU_ASSERT_PTR_NOT_NULL(fib_host_get(f, 0, a));
	CU_ASSERT_EQUAL(fib_host_del(f, 0, a, FIB_HOST_ARP), -ENOENT);
	CU_ASSERT_EQUAL(fib_host_del(f, 0, a, FIB_HOST_SUB), 0);
	CU_ASSERT_PTR_NULL(fib_host_get(f, 0, a));
	/* the connected route answers again */
	CU_ASSERT_EQUAL(fib_lookup4(f, 0, a, &nh), 0);
	CU_ASSERT_EQUAL(nh, (uint32_t)conn);
	/* the slot is not reused before the reader's quiescent state */
	idx2 = fib_host_add(f, 0, rte_cpu_to_be_32(T_IP4(10, 0, 0, 8)), 0, &m1, FIB_HOST_ARP);
	CU_ASSERT(idx2 >= 0 && idx2 != idx);
	rte_rcu_qsbr_quiescent(v, 0);
	fib_reclaim(f);
	CU_ASSERT_EQUAL(fib_host_add(f, 0, rte_cpu_to_be_32(T_IP4(10, 0, 0, 9)), 0, &m1,
				     FIB_HOST_ARP), idx);
	/* a configured /32 is never replaced */
	idx2 = nh_add(f, 0, FIB_NH_RESOLVED, &m1, 0);
	CU_ASSERT_EQUAL(fib_route_add(f, 0, 0, p4(T_IP4(10, 0, 0, 50), pfx), 32, (uint32_t)idx2), 0);
	CU_ASSERT_EQUAL(fib_host_add(f, 0, rte_cpu_to_be_32(T_IP4(10, 0, 0, 50)), 0, &m2,
				     FIB_HOST_ARP), -EEXIST);
	CU_ASSERT_EQUAL(fib_host_del(f, 0, rte_cpu_to_be_32(T_IP4(10, 0, 0, 50)), UINT32_MAX),
			-ENOENT);
	/* a gateway answering: its MAC set on the configured next hop */
	idx2 = nh_add(f, 0, 0, NULL, 0);
	CU_ASSERT_EQUAL(fib_nh_set_mac(f, (uint32_t)idx2, &m2), 0);
	CU_ASSERT(f->nh[idx2].flags & FIB_NH_RESOLVED);
	CU_ASSERT(rte_is_same_ether_addr(&f->nh[idx2].dmac, &m2));
	CU_ASSERT_EQUAL(fib_nh_set_mac(f, 9999, &m2), -EINVAL);
	/* IPv6 hosts: the lock-free table beside rte_lpm6 */
	{
		uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x11, [15] = 0x42 };
		struct fib_host6_key k = { .vrf = 0 };
		void *data;
		int i6 = fib_host6_add(f, 0, a6, 0, &m1);

		CU_ASSERT_FATAL(i6 >= 0);
		memcpy(k.addr, a6, 16);
		CU_ASSERT_EQUAL(rte_hash_lookup_data(f->host6, &k, &data), 0);
		CU_ASSERT_EQUAL((int)(uintptr_t)data, i6);
		CU_ASSERT(f->nh[i6].flags & FIB_NH_V6);
		CU_ASSERT_EQUAL(fib_host6_add(f, 0, a6, 0, &m2), i6);   /* new MAC, in place */
		CU_ASSERT(rte_is_same_ether_addr(&f->nh[i6].dmac, &m2));
		CU_ASSERT_EQUAL(fib_host6_del(f, 0, a6), 0);
		CU_ASSERT(rte_hash_lookup_data(f->host6, &k, &data) < 0);
		CU_ASSERT_EQUAL(fib_host6_del(f, 0, a6), -ENOENT);
	}
	fib_free(f);
	rte_free(v);
}

static const CU_TestInfo fib_tests[] = {
	{ "create: bad config", test_create_bad_config },
	{ "next hops: dedupe", test_nh_dedupe },
	{ "IPv4 routes", test_routes4 },
	{ "IPv4 routes longer than /24", test_routes4_tbl8 },
	{ "IPv6 routes", test_routes6 },
	{ "route capacity of a VRF", test_routes_capacity_per_vrf },
	{ "route capacity is per VRF", test_routes_capacity_other_vrf },
	{ "learned hosts (RCU)", test_hosts },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo fwd_tests[] = {
	{ "drops and errors", test_forward_errors },
	{ "IPv4", test_forward_ipv4 },
	{ "IPv6", test_forward_ipv6 },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	if (bng_test_add_suite("fib", fib_tests) != 0 ||
	    bng_test_add_suite("forward service", fwd_tests) != 0)
		return -1;
	return 0;
}
