/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of the relay agent rewriting (RFC 1542, RFC 3046): giaddr,
 * hops and option 82 on the way to the server, option 82 gone on the way
 * back, a message another relay handled left alone, the hop limit.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "bng_test.h"
#include "dhcp.h"
#include "dhcp_test.h"

static void
test_to_server(void)
{
	struct rte_ether_addr mac = t_mac(0x77);
	uint8_t out[DHCP_REPLY_BUF];
	struct dhcp_msg m, r;
	struct tmsg t;
	int n;

	tm_begin(&t, DHCP_DISCOVER, &mac, 0x1234);
	tm_opt(&t, DHCP_OPT_HOSTNAME, "cpe", 3);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_NONE);
	n = dhcp_relay_to_server(t.b, t.len, &m, BE32(T_IP4(10, 0, 0, 1)),
				 (const uint8_t *)"access0:100", 11, (const uint8_t *)"bng1", 4, out,
				 sizeof(out));
	CU_ASSERT_FATAL(n >= DHCP_BOOTP_MIN);
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(out, (size_t)n, &r), DHCP_ERR_NONE);
	CU_ASSERT_EQUAL(r.giaddr, BE32(T_IP4(10, 0, 0, 1)));
	CU_ASSERT_EQUAL(r.hops, 1);
	CU_ASSERT_EQUAL(r.xid, m.xid);
	CU_ASSERT_EQUAL(r.type, DHCP_DISCOVER);
	CU_ASSERT_STRING_EQUAL(r.hostname, "cpe");
	CU_ASSERT(r.has_agent && r.has_circuit && r.has_remote);
	CU_ASSERT(r.circuit_len == 11 && memcmp(r.circuit_id, "access0:100", 11) == 0);
	CU_ASSERT(r.remote_len == 4 && memcmp(r.remote_id, "bng1", 4) == 0);
	/* a relay nearer the client did it: giaddr and its option 82 stay */
	tm_begin(&t, DHCP_DISCOVER, &mac, 0x1235);
	tm_giaddr(&t, T_IP4(172, 16, 0, 1));
	tm_opt(&t, DHCP_OPT_AGENT_INFO, "\x01\x02xy", 4);
	tm_end(&t);
	t.b[3] = 2;   /* hops */
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_NONE);
	n = dhcp_relay_to_server(t.b, t.len, &m, BE32(T_IP4(10, 0, 0, 1)),
				 (const uint8_t *)"access0", 7, NULL, 0, out, sizeof(out));
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(out, (size_t)n, &r), DHCP_ERR_NONE);
	CU_ASSERT_EQUAL(r.giaddr, BE32(T_IP4(172, 16, 0, 1)));
	CU_ASSERT_EQUAL(r.hops, 3);
	CU_ASSERT(r.circuit_len == 2 && memcmp(r.circuit_id, "xy", 2) == 0);
	/* the hop limit */
	t.b[3] = 16;
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_NONE);
	CU_ASSERT_EQUAL(dhcp_relay_to_server(t.b, t.len, &m, 1, NULL, 0, NULL, 0, out, sizeof(out)),
			-ELOOP);
}

static void
test_to_client(void)
{
	struct rte_ether_addr mac = t_mac(0x78);
	uint8_t out[DHCP_REPLY_BUF];
	struct dhcp_msg m, r;
	struct tmsg t;
	uint8_t type = DHCP_OFFER;
	int n;

	tm_begin(&t, 0, &mac, 0x4321);
	t.b[0] = 2;   /* BOOTREPLY */
	tm_opt(&t, DHCP_OPT_MSG_TYPE, &type, 1);
	tm_opt(&t, DHCP_OPT_AGENT_INFO, "\x01\x07" "access0", 9);
	tm_opt_addr(&t, DHCP_OPT_ROUTER, T_IP4(10, 0, 0, 1));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_NONE);
	CU_ASSERT(m.has_agent);
	n = dhcp_relay_to_client(t.b, t.len, &m, out, sizeof(out));
	CU_ASSERT_EQUAL_FATAL(n, DHCP_BOOTP_MIN);
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(out, (size_t)n, &r), DHCP_ERR_NONE);
	CU_ASSERT_FALSE(r.has_agent);
	CU_ASSERT_EQUAL(r.type, DHCP_OFFER);
	CU_ASSERT_EQUAL(r.xid, m.xid);
	CU_ASSERT_EQUAL(dhcp_relay_to_client(t.b, t.len, &m, out, 100), -EINVAL);
}

const CU_TestInfo dhcp_relay_tests[] = {
	{ "to the server: giaddr, hops, option 82", test_to_server },
	{ "to the client: option 82 removed", test_to_client },
	CU_TEST_INFO_NULL,
};
