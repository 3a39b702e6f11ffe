/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of the NAT's static rules: nat_create() refusing conflicting
 * rules, and the two lookups (by outside endpoint for inbound packets, by
 * inside endpoint for outbound ones), port forwards before 1:1.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>
#include <rte_lcore.h>

#include "bng_test.h"
#include "nat.h"

const char bng_test_name[] = "nat_static";

#define BE16(x) rte_cpu_to_be_16((uint16_t)(x))
#define BE32(x) rte_cpu_to_be_32((uint32_t)(x))
#define TCP IPPROTO_TCP
#define UDP IPPROTO_UDP

static struct nat_config C;

static void
setup(void)
{
	nat_config_defaults(&C);
	C.n_instances = 2;
	for (int i = 0; i < 2; i++) {
		struct nat_instance_config *in = &C.inst[i];

		snprintf(in->name, sizeof(in->name), "i%d", i);
		in->n_addr = 1;
		in->addr[0] = BE32(T_IP4(192, 0, 2, 1 + i));
		in->port_min = 1024;
		in->port_max = 65535;
		in->block_size = 512;
		in->blocks_per_sub = 4;
	}
	C.tenant_instance[0] = 0;
	C.tenant_instance[1] = 1;
}

static void
rule(uint8_t inst, uint16_t tenant, uint32_t inside, uint16_t iport, uint32_t outside,
     uint16_t oport, uint8_t proto)
{
	C.statics[C.n_static++] = (struct nat_static){
		.inside = BE32(inside), .outside = BE32(outside), .iport = BE16(iport),
		.oport = BE16(oport), .tenant = tenant, .proto = proto, .inst = inst };
}

static void
expect_einval(void)
{
	struct nat *n;

	rte_errno = 0;
	n = nat_create(&C, 1, (int)rte_socket_id());
	CU_ASSERT_PTR_NULL(n);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	nat_free(n);
}

static void
test_refused(void)
{
	/* an outside address of the dynamic pool */
	setup();
	rule(0, 0, T_IP4(10, 0, 0, 5), 0, T_IP4(192, 0, 2, 1), 0, 0);
	expect_einval();
	/* one outside address, two 1:1 rules */
	setup();
	rule(0, 0, T_IP4(10, 0, 0, 5), 0, T_IP4(198, 18, 0, 1), 0, 0);
	rule(0, 0, T_IP4(10, 0, 0, 6), 0, T_IP4(198, 18, 0, 1), 0, 0);
	expect_einval();
	/* one inside endpoint forwarded twice */
	setup();
	rule(0, 0, T_IP4(10, 0, 0, 5), 80, T_IP4(198, 18, 0, 1), 80, TCP);
	rule(0, 0, T_IP4(10, 0, 0, 5), 80, T_IP4(198, 18, 0, 2), 80, TCP);
	expect_einval();
	/* an instance that does not exist */
	setup();
	rule(5, 0, T_IP4(10, 0, 0, 5), 0, T_IP4(198, 18, 0, 1), 0, 0);
	expect_einval();
}

static void
test_lookups(void)
{
	const struct nat_static *r;
	struct nat *n;

	setup();
	rule(0, 0, T_IP4(10, 0, 0, 5), 0, T_IP4(198, 18, 0, 1), 0, 0);
	rule(0, 0, T_IP4(10, 0, 0, 6), 80, T_IP4(198, 18, 0, 2), 8080, TCP);
	rule(0, 0, T_IP4(10, 0, 0, 6), 53, T_IP4(198, 18, 0, 2), 53, UDP);
	/* the same inside address in another tenant, another instance */
	rule(1, 1, T_IP4(10, 0, 0, 6), 80, T_IP4(198, 18, 0, 3), 80, TCP);
	n = nat_create(&C, 2, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	/* inbound: 1:1 takes every port and protocol */
	r = nat_static_inbound(n, 0, BE32(T_IP4(198, 18, 0, 1)), TCP, BE16(22));
	CU_ASSERT(r != NULL && r->inside == BE32(T_IP4(10, 0, 0, 5)));
	r = nat_static_inbound(n, 0, BE32(T_IP4(198, 18, 0, 1)), IPPROTO_ICMP, BE16(7));
	CU_ASSERT(r != NULL && r->proto == 0);
	/* port forwards: exactly their protocol and port */
	r = nat_static_inbound(n, 0, BE32(T_IP4(198, 18, 0, 2)), TCP, BE16(8080));
	CU_ASSERT(r != NULL && r->iport == BE16(80));
	r = nat_static_inbound(n, 0, BE32(T_IP4(198, 18, 0, 2)), UDP, BE16(53));
	CU_ASSERT(r != NULL && r->proto == UDP);
	CU_ASSERT_PTR_NULL(nat_static_inbound(n, 0, BE32(T_IP4(198, 18, 0, 2)), UDP, BE16(8080)));
	CU_ASSERT_PTR_NULL(nat_static_inbound(n, 0, BE32(T_IP4(198, 18, 0, 2)), TCP, BE16(22)));
	/* another instance's address */
	CU_ASSERT_PTR_NULL(nat_static_inbound(n, 1, BE32(T_IP4(198, 18, 0, 2)), TCP, BE16(8080)));
	CU_ASSERT_PTR_NOT_NULL(nat_static_inbound(n, 1, BE32(T_IP4(198, 18, 0, 3)), TCP, BE16(80)));
	/* outbound, by tenant */
	r = nat_static_outbound(n, 0, BE32(T_IP4(10, 0, 0, 5)), UDP, BE16(40000));
	CU_ASSERT(r != NULL && r->outside == BE32(T_IP4(198, 18, 0, 1)));
	r = nat_static_outbound(n, 0, BE32(T_IP4(10, 0, 0, 6)), TCP, BE16(80));
	CU_ASSERT(r != NULL && r->oport == BE16(8080));
	CU_ASSERT_PTR_NULL(nat_static_outbound(n, 0, BE32(T_IP4(10, 0, 0, 6)), TCP, BE16(81)));
	r = nat_static_outbound(n, 1, BE32(T_IP4(10, 0, 0, 6)), TCP, BE16(80));
	CU_ASSERT(r != NULL && r->outside == BE32(T_IP4(198, 18, 0, 3)));
	CU_ASSERT_PTR_NULL(nat_static_outbound(n, 2, BE32(T_IP4(10, 0, 0, 5)), UDP, BE16(1)));
	nat_free(n);
	/* no rules: no tables, nothing found */
	setup();
	n = nat_create(&C, 1, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	CU_ASSERT_PTR_NULL(nat_static_inbound(n, 0, BE32(T_IP4(198, 18, 0, 1)), TCP, BE16(22)));
	nat_free(n);
}

static const CU_TestInfo tests[] = {
	{ "conflicting rules refused", test_refused },
	{ "lookups: inbound, outbound, port forward before 1:1", test_lookups },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	return bng_test_add_suite("nat static rules", tests);
}
