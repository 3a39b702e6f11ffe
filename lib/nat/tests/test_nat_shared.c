/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of pools shared by several NAT instances: nat_create()
 * refusing a sharer whose pool settings differ from its owner's, and two
 * instances (two tenants, their own limits and filtering) drawing blocks
 * and ports from one allocator without ever handing out the same external
 * port twice, found again from the outside through the pool's owner.
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

const char bng_test_name[] = "nat_shared";

#define BE16(x) rte_cpu_to_be_16((uint16_t)(x))
#define BE32(x) rte_cpu_to_be_32((uint32_t)(x))

static struct nat_config C;

/* Instance 0 "a" owns 192.0.2.10 (ports 1024-2047, blocks of 64); instance 1 "b" shares it. */
static void
setup(void)
{
	nat_config_defaults(&C);
	C.n_instances = 2;
	for (uint32_t i = 0; i < 2; i++) {
		struct nat_instance_config *in = &C.inst[i];

		snprintf(in->name, sizeof(in->name), "%c", 'a' + i);
		in->n_addr = 1;
		in->addr[0] = BE32(T_IP4(192, 0, 2, 10));
		in->port_min = 1024;
		in->port_max = 2047;
		in->block_size = 64;
		in->blocks_per_sub = 16;
		in->quarantine_ms = 0;
		C.tenant_instance[i] = (uint16_t)i;
	}
	C.inst[1].shares = 1;   /* instance 0's pool */
	C.inst[1].blocks_per_sub = 2;
	C.inst[1].filtering = NAT_FILTER_APDF;
}

static void
test_refused(void)
{
	setup();
	C.inst[1].block_size = 128;  /* not the owner's */
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(nat_create(&C, 1, (int)rte_socket_id()));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	setup();
	C.inst[1].addr[0] = BE32(T_IP4(192, 0, 2, 11));
	CU_ASSERT_PTR_NULL(nat_create(&C, 1, (int)rte_socket_id()));
	setup();
	C.inst[0].shares = 2;        /* a later instance's pool */
	C.inst[1].shares = 0;
	CU_ASSERT_PTR_NULL(nat_create(&C, 1, (int)rte_socket_id()));
	setup();
	C.inst[1].shares = 2;        /* itself */
	CU_ASSERT_PTR_NULL(nat_create(&C, 1, (int)rte_socket_id()));
}

static void
test_one_allocator(void)
{
	static uint8_t taken[2048];
	struct nat_worker *w;
	struct nat *n;
	uint32_t dup = 0, made[2] = { 0, 0 }, back = 0;

	setup();
	n = nat_create(&C, 2, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	CU_ASSERT_EQUAL(n->inst[0].pool, 0);
	CU_ASSERT_EQUAL(n->inst[1].pool, 0);
	w = nat_worker_create(n, 1, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	/* Worker 1 of 2 owns the odd blocks: 8 of 16. Subscribers of both
	 * tenants (the same inside addresses, even: tenants are apart) take
	 * ports until the pool is dry. */
	memset(taken, 0, sizeof(taken));
	for (uint32_t k = 0; k < 4000; k++) {
		uint16_t inst = k & 1;
		uint32_t host = T_IP4(10, 0, 0, 1 + (k / 2) % 4);
		int64_t mi = nat_map_get(w, inst, inst, IPPROTO_UDP, BE32(host), BE16(3000 + k));
		uint32_t p;

		if (mi < 0)
			continue;
		p = rte_be_to_cpu_16(w->maps[mi].eport);
		CU_ASSERT_EQUAL(w->maps[mi].inst, inst);
		CU_ASSERT(p >= 1024 && p <= 2047);
		CU_ASSERT_EQUAL(nat_owner(n, inst, BE16(p)), 1);
		dup += taken[p - 1024]++ != 0;
		made[inst]++;
		/* from the outside, the pool's owner finds it, whoever made it */
		back += nat_map_find_ext(w, 0, IPPROTO_UDP, 0, BE16(p)) == mi;
	}
	CU_ASSERT_EQUAL(dup, 0);
	/* 8 blocks x 64 ports, every one handed out once */
	CU_ASSERT_EQUAL(made[0] + made[1], 8 * 64);
	CU_ASSERT(made[0] > 0 && made[1] > 0);
	CU_ASSERT_EQUAL(back, made[0] + made[1]);
	/* each instance's own limit: b's subscribers hold at most 2 blocks */
	for (uint32_t i = 0; i < n->max_subs; i++)
		if (w->subs[i].inst == 1)
			CU_ASSERT(w->subs[i].n_blocks <= 2);
	nat_worker_free(w);
	nat_free(n);
}

static const CU_TestInfo tests[] = {
	{ "sharer with other pool settings refused", test_refused },
	{ "two instances, one allocator", test_one_allocator },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	return bng_test_add_suite("nat: shared pools", tests);
}
