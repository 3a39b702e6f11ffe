/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of deterministic NAT (RFC 7422): the mapping and its reverse
 * over a whole prefix (every host, every port), nat_create() refusing a
 * prefix too large for its ports, and the allocator keeping each host in
 * its own range (preservation, parity, a full range, release, sources
 * outside the prefix).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>
#include <rte_lcore.h>

#include "bng_test.h"
#include "nat.h"
#include "nat_priv.h"

const char bng_test_name[] = "nat_det";

#define BE16(x) rte_cpu_to_be_16((uint16_t)(x))
#define BE32(x) rte_cpu_to_be_32((uint32_t)(x))
#define PREFIX  T_IP4(100, 64, 0, 0)

static struct nat_config C;

/* A /len inside prefix onto @n_addr pool addresses (192.0.2.10 ...). */
static void
setup(uint8_t len, uint32_t n_addr, uint16_t port_min, uint16_t port_max)
{
	struct nat_instance_config *in = &C.inst[0];

	nat_config_defaults(&C);
	C.n_instances = 1;
	snprintf(in->name, sizeof(in->name), "det");
	in->n_addr = n_addr;
	for (uint32_t i = 0; i < n_addr; i++)
		in->addr[i] = BE32(T_IP4(192, 0, 2, 10 + i));
	in->port_min = port_min;
	in->port_max = port_max;
	in->block_size = 64;
	in->blocks_per_sub = 1;
	in->deterministic = 1;
	in->det_len = len;
	in->det_prefix = BE32(PREFIX);
	C.tenant_instance[0] = 0;
}

static void
test_reversible(void)
{
	const struct nat_instance *in;
	struct nat *n;
	uint32_t seen_last = 0, bad = 0;

	/* 1024 hosts on 3 addresses: 342 per address, 188 ports each */
	setup(22, 3, 1024, 65535);
	n = nat_create(&C, 1, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	in = &n->inst[0];
	CU_ASSERT_EQUAL(in->det_hosts, 1024);
	CU_ASSERT_EQUAL(in->det_per_addr, 342);
	CU_ASSERT_EQUAL(in->det_ports, 188);
	for (uint32_t h = 0; h < 1024; h++) {
		uint32_t ext = 99, p0 = 0;

		if (nat_det_forward(in, BE32(PREFIX + h), &ext, &p0) != 0 || ext != h / 342 ||
		    p0 != 1024 + (h % 342) * 188) {
			bad++;
			continue;
		}
		/* every port of the range names the host, and only those */
		for (uint32_t p = p0; p < p0 + 188; p++)
			bad += nat_det_reverse(in, ext, BE16(p)) != BE32(PREFIX + h);
		seen_last = p0 + 187;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(seen_last, 1024 + 339 * 188 + 187); /* host 1023: slot 339 of address 2 */
	/* below port_min, past the last range, past the last host */
	CU_ASSERT_EQUAL(nat_det_reverse(in, 0, BE16(1023)), 0);
	CU_ASSERT_EQUAL(nat_det_reverse(in, 0, BE16(1024 + 342 * 188)), 0);
	CU_ASSERT_EQUAL(nat_det_reverse(in, 2, BE16(1024 + 341 * 188)), 0); /* host 1025 */
	CU_ASSERT_NOT_EQUAL(nat_det_reverse(in, 2, BE16(1024 + 339 * 188)), 0); /* host 1023 */
	/* outside the prefix */
	{
		uint32_t ext, p0;

		CU_ASSERT_EQUAL(nat_det_forward(in, BE32(PREFIX + 1024), &ext, &p0), -1);
		CU_ASSERT_EQUAL(nat_det_forward(in, BE32(PREFIX - 1), &ext, &p0), -1);
	}
	nat_free(n);
}

static void
test_refused(void)
{
	struct nat *n;

	/* 65536 hosts on one address: 0 ports each */
	setup(16, 1, 1024, 65535);
	rte_errno = 0;
	n = nat_create(&C, 1, (int)rte_socket_id());
	CU_ASSERT_PTR_NULL(n);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	/* a /7 */
	setup(7, 1024, 1024, 65535);
	CU_ASSERT_PTR_NULL(nat_create(&C, 1, (int)rte_socket_id()));
}

static int64_t
get(struct nat_worker *w, uint8_t proto, uint32_t host, uint16_t port)
{
	return nat_map_get(w, 0, 0, proto, BE32(PREFIX + host), BE16(port));
}

static void
test_allocation(void)
{
	struct nat_worker *w;
	struct nat *n;
	int64_t mi, first = -1;
	uint32_t p0;

	/* 256 hosts on 2 addresses, ports 1024-2047: 128 per address, 8 ports each */
	setup(24, 2, 1024, 2047);
	n = nat_create(&C, 1, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	w = nat_worker_create(n, 0, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(n->inst[0].det_ports, 8);
	/* host 130: address 1, range 1040-1047 */
	p0 = 1024 + 2 * 8;
	mi = get(w, IPPROTO_UDP, 130, (uint16_t)(p0 + 3));
	CU_ASSERT_FATAL(mi >= 0);
	CU_ASSERT_EQUAL(w->maps[mi].ext, 1);
	CU_ASSERT_EQUAL(rte_be_to_cpu_16(w->maps[mi].eport), p0 + 3); /* preserved */
	/* inside ports outside the range: ports of the range, UDP parity kept */
	for (uint32_t k = 0; k < 7; k++) {
		int64_t m = get(w, IPPROTO_UDP, 130, (uint16_t)(40000 + k));
		uint32_t ep;

		CU_ASSERT_FATAL(m >= 0);
		ep = rte_be_to_cpu_16(w->maps[m].eport);
		CU_ASSERT(ep >= p0 && ep < p0 + 8);
		if (k < 3)
			CU_ASSERT_EQUAL(ep & 1, k & 1);
		if (k == 0)
			first = m;
	}
	/* the range is full: refused, logged nowhere (logging off), counted */
	CU_ASSERT_EQUAL(get(w, IPPROTO_UDP, 130, 50000), -BNG_DROP_NAT_EXHAUSTED);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->ports_exhausted, 1);
	/* other hosts are not affected; no port blocks anywhere */
	CU_ASSERT(get(w, IPPROTO_TCP, 131, 80) >= 0);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->blocks_allocated, 0);
	/* a release frees the port for the same host at once */
	nat_map_put(w, (uint32_t)first);
	CU_ASSERT(get(w, IPPROTO_UDP, 130, 50000) >= 0);
	/* a source outside the prefix */
	CU_ASSERT_EQUAL(nat_map_get(w, 0, 0, IPPROTO_UDP, BE32(T_IP4(10, 0, 0, 1)), BE16(1)),
			-BNG_DROP_NAT_NOT_INSIDE);
	CU_ASSERT_EQUAL(nat_worker_stats(w)->not_inside, 1);
	nat_worker_free(w);
	nat_free(n);
}

static const CU_TestInfo tests[] = {
	{ "forward and reverse over a /22, every port", test_reversible },
	{ "prefixes too large refused", test_refused },
	{ "allocation within the host's range", test_allocation },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	return bng_test_add_suite("deterministic NAT", tests);
}
