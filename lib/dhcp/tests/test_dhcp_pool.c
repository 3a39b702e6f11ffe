/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of the DHCP server's address policy: reservations by MAC and
 * by circuit id, the client identifier as identity, pool exhaustion and
 * tenants without pools, offers held so two clients never share one,
 * 10k clients getting 10k distinct addresses of a /18, a client moving to
 * another relay's subnet, the per-MAC DISCOVER rate limit, and messages
 * refused with their reasons.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>

#include "dhcp_test.h"

static struct dhcp_config C;
static struct dhcp_reply R;

static unsigned int end_calls;
static enum dhcp_end_reason last_end;

static void
cb_end(const struct dhcp_lease *l, enum dhcp_end_reason why, void *arg)
{
	(void)l;
	(void)arg;
	end_calls++;
	last_end = why;
}

static const struct dhcp_callbacks CB = { .on_end = cb_end };

static struct dhcp_server *
server(void)
{
	struct dhcp_server *srv = dhcp_server_create_at(&C, NULL, T0);

	CU_ASSERT_PTR_NOT_NULL(srv);
	return srv;
}

static void
test_reservation(void)
{
	struct rte_ether_addr a = t_mac(110), b = t_mac(111), c = t_mac(112);
	struct dhcp_rx_meta meta = { 0 };
	struct dhcp_server *srv;
	struct tmsg t;

	t_config(&C);
	C.n_reservations = 2;
	C.reservations[0].addr = BE32(T_IP4(10, 0, 0, 200));
	C.reservations[0].mac = a;
	C.reservations[1].addr = BE32(T_IP4(10, 0, 0, 201));
	C.reservations[1].by_circuit = 1;
	C.reservations[1].circuit_len = 4;
	memcpy(C.reservations[1].circuit_id, "ge-1", 4);
	srv = server();
	/* The reservation wins over the requested address. */
	tm_begin(&t, DHCP_DISCOVER, &a, 1);
	tm_opt_addr(&t, 50, T_IP4(10, 0, 0, 50));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, &meta, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_yiaddr(&R), T_IP4(10, 0, 0, 200));
	CU_ASSERT_EQUAL(t_dora(srv, &a, &meta, T0), T_IP4(10, 0, 0, 200));
	/* Others never get a reserved address, asked for or not. */
	tm_begin(&t, DHCP_DISCOVER, &b, 2);
	tm_opt_addr(&t, 50, T_IP4(10, 0, 0, 201));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, &meta, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT(t_yiaddr(&R) != T_IP4(10, 0, 0, 201) && t_yiaddr(&R) != T_IP4(10, 0, 0, 200));
	/* By circuit id: whatever the MAC on that line. */
	tm_begin(&t, DHCP_DISCOVER, &c, 3);
	tm_giaddr(&t, T_IP4(10, 0, 0, 254));
	tm_opt(&t, 82, "\1\4ge-1", 6);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, &meta, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_yiaddr(&R), T_IP4(10, 0, 0, 201));
	dhcp_server_free(srv);
}

static void
test_client_id(void)
{
	static const uint8_t id1[] = { 0xff, 0, 0, 0, 1, 0, 4, 9, 9 };
	static const uint8_t id2[] = { 0xff, 0, 0, 0, 2, 0, 4, 9, 9 };
	struct rte_ether_addr m1 = t_mac(120), m2 = t_mac(121);
	struct dhcp_server *srv;
	struct tmsg t;
	uint32_t y1;

	t_config(&C);
	srv = server();
	tm_begin(&t, DHCP_DISCOVER, &m1, 1);
	tm_opt(&t, 61, id1, sizeof(id1));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	y1 = t_yiaddr(&R);
	/* Same client id, another NIC: the same client (RFC 2131 4.2). */
	tm_begin(&t, DHCP_DISCOVER, &m2, 2);
	tm_opt(&t, 61, id1, sizeof(id1));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_yiaddr(&R), y1);
	/* Same NIC, another client id: another client. */
	tm_begin(&t, DHCP_DISCOVER, &m1, 3);
	tm_opt(&t, 61, id2, sizeof(id2));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_NOT_EQUAL(t_yiaddr(&R), y1);
	dhcp_server_free(srv);
}

static void
test_exhaustion(void)
{
	struct dhcp_pool_config *p = &C.pools[0];
	struct dhcp_server *srv;
	struct rte_ether_addr m;
	struct tmsg t;

	t_config(&C);
	p->prefix = 0;
	p->prefix_len = 0;
	p->first = BE32(T_IP4(10, 0, 0, 10));
	p->last = BE32(T_IP4(10, 0, 0, 14));
	p->mask = BE32(0xffffff00);
	p->n_exclude = 1;
	p->exclude[0] = BE32(T_IP4(10, 0, 0, 12));
	srv = server();
	for (uint32_t i = 0; i < 4; i++) {
		uint32_t yi;

		m = t_mac(200 + i);
		yi = t_dora(srv, &m, NULL, T0);
		CU_ASSERT(yi >= T_IP4(10, 0, 0, 10) && yi <= T_IP4(10, 0, 0, 14) &&
			  yi != T_IP4(10, 0, 0, 12));
	}
	m = t_mac(300);
	tm_begin(&t, DHCP_DISCOVER, &m, 1);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_POOL_EXHAUSTED);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->reason[DHCP_REASON_POOL_EXHAUSTED], 1);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->tx[DHCP_OFFER], 4);
	/* Another tenant has no pool at all. */
	CU_ASSERT_EQUAL(t_send(srv, &t, &(struct dhcp_rx_meta){ .tenant = 5 }, T0, &R),
			DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_NO_POOL);
	dhcp_server_free(srv);
}

static void
test_distinct_offers(void)
{
	struct rte_ether_addr a = t_mac(130), b = t_mac(131);
	struct dhcp_server *srv;
	struct tmsg t;
	uint32_t ya, yb;

	t_config(&C);
	srv = server();
	/* Two DISCOVERs, no REQUEST yet: the first offer is held. */
	tm_begin(&t, DHCP_DISCOVER, &a, 1);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	ya = t_yiaddr(&R);
	tm_begin(&t, DHCP_DISCOVER, &b, 2);
	tm_opt_addr(&t, 50, ya); /* even when asked for */
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	yb = t_yiaddr(&R);
	CU_ASSERT_NOT_EQUAL(ya, yb);
	/* A retransmitted DISCOVER gets the same offer. */
	tm_begin(&t, DHCP_DISCOVER, &a, 3);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0 + 4 * SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_yiaddr(&R), ya);
	dhcp_server_free(srv);
}

static void
test_10k_clients(void)
{
	static uint8_t seen[1 << 14];
	struct dhcp_pool_usage u;
	struct dhcp_server *srv;
	unsigned int bad = 0, dup = 0;

	t_config(&C);
	C.max_leases = 16384;
	C.pools[0].prefix = BE32(T_IP4(10, 64, 0, 0));
	C.pools[0].prefix_len = 18;
	C.pools[0].router = BE32(T_IP4(10, 64, 0, 1));
	srv = server();
	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	memset(seen, 0, sizeof(seen));
	for (uint32_t i = 0; i < 10000; i++) {
		struct rte_ether_addr m = t_mac(0x10000 + i);
		uint32_t yi = t_dora(srv, &m, NULL, T0);
		uint32_t off = yi - T_IP4(10, 64, 0, 0);

		if (yi == 0 || off == 0 || off == 1 || off >= (1u << 14) - 1) {
			bad++;
			continue;
		}
		dup += seen[off];
		seen[off] = 1;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(dup, 0);
	dhcp_pool_usage(srv, 0, &u);
	CU_ASSERT_EQUAL(u.size, 16382);
	CU_ASSERT_EQUAL(u.bound, 10000);
	CU_ASSERT_EQUAL(u.free, 16382 - 1 - 10000);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->tx[DHCP_ACK], 10000);
	dhcp_server_free(srv);
}

static void
test_moved(void)
{
	struct dhcp_pool_config *p2 = &C.pools[1];
	struct rte_ether_addr a = t_mac(140);
	struct dhcp_server *srv;
	struct tmsg t;
	uint32_t ya;

	t_config(&C);
	*p2 = C.pools[0];
	snprintf(p2->name, sizeof(p2->name), "lan2");
	p2->prefix = BE32(T_IP4(10, 0, 1, 0));
	p2->router = BE32(T_IP4(10, 0, 1, 1));
	C.n_pools = 2;
	srv = server();
	end_calls = 0;
	dhcp_server_callbacks_set(srv, &CB, NULL);
	/* Bound directly: the first pool. */
	ya = t_dora(srv, &a, NULL, T0);
	CU_ASSERT_EQUAL(ya & 0xffffff00, T_IP4(10, 0, 0, 0));
	/* Then seen behind a relay of the second subnet: its lease ends there. */
	tm_begin(&t, DHCP_DISCOVER, &a, 1);
	tm_giaddr(&t, T_IP4(10, 0, 1, 254));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_yiaddr(&R) & 0xffffff00, T_IP4(10, 0, 1, 0));
	CU_ASSERT_EQUAL(t_opt32(&R, 3), T_IP4(10, 0, 1, 1));
	CU_ASSERT_EQUAL(end_calls, 1);
	CU_ASSERT_EQUAL(last_end, DHCP_END_MOVED);
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(ya)));
	dhcp_server_free(srv);
}

static void
test_rate_limit(void)
{
	struct rte_ether_addr a = t_mac(150), b = t_mac(151);
	struct dhcp_server *srv;
	unsigned int served = 0, limited = 0;
	struct tmsg t;

	t_config(&C);
	C.discover_rate = 2;
	C.discover_burst = 4;
	srv = server();
	tm_begin(&t, DHCP_DISCOVER, &a, 1);
	tm_end(&t);
	for (unsigned int i = 0; i < 50; i++) {
		int rc = t_send(srv, &t, NULL, T0 + i, &R);

		served += rc == DHCP_RESULT_REPLY;
		limited += rc == DHCP_RESULT_NO_REPLY && R.reason == DHCP_REASON_RATE_LIMITED;
	}
	CU_ASSERT_EQUAL(served, 4);
	CU_ASSERT_EQUAL(limited, 46);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->reason[DHCP_REASON_RATE_LIMITED], 46);
	/* Another MAC is still served during the flood. */
	tm_begin(&t, DHCP_DISCOVER, &b, 2);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + 50, &R), DHCP_RESULT_REPLY);
	/* One second later the flooder has two DISCOVERs again. */
	tm_begin(&t, DHCP_DISCOVER, &a, 3);
	tm_end(&t);
	served = 0;
	for (unsigned int i = 0; i < 5; i++)
		served += t_send(srv, &t, NULL, T0 + 1049, &R) == DHCP_RESULT_REPLY;
	CU_ASSERT_EQUAL(served, 2);
	dhcp_server_free(srv);
}

static void
test_refused(void)
{
	struct rte_ether_addr a = t_mac(160);
	const struct dhcp_counters *cnt;
	struct dhcp_server *srv;
	uint8_t long_id[80];
	struct tmsg t;

	t_config(&C);
	srv = server();
	cnt = dhcp_server_counters(srv);
	tm_begin(&t, DHCP_DISCOVER, &a, 1);
	tm_end(&t);
	t.b[237] = 0;
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_MALFORMED);
	CU_ASSERT_EQUAL(R.parse_err, DHCP_ERR_BAD_COOKIE);
	CU_ASSERT_EQUAL(cnt->parse_err[DHCP_ERR_BAD_COOKIE], 1);
	t.len = 100;
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.parse_err, DHCP_ERR_SHORT);
	CU_ASSERT_EQUAL(cnt->reason[DHCP_REASON_MALFORMED], 2);
	/* A BOOTREPLY, and an OFFER sent to the server. */
	tm_begin(&t, DHCP_DISCOVER, &a, 2);
	tm_end(&t);
	t.b[0] = 2;
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_NOT_REQUEST);
	tm_begin(&t, DHCP_OFFER, &a, 3);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_UNEXPECTED_TYPE);
	CU_ASSERT_EQUAL(cnt->rx[DHCP_OFFER], 1);
	/* Identities longer than a lease keeps. */
	memset(long_id, 7, sizeof(long_id));
	tm_begin(&t, DHCP_DISCOVER, &a, 4);
	tm_opt(&t, 61, long_id, sizeof(long_id));
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_CLIENT_ID_TOO_LONG);
	/* A REQUEST naming no address at all. */
	tm_begin(&t, DHCP_REQUEST, &a, 5);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_NO_ADDRESS);
	for (unsigned int i = 0; i < DHCP_REASON_MAX; i++)
		CU_ASSERT_STRING_NOT_EQUAL(dhcp_reason_name(i), "?");
	for (unsigned int i = 0; i < DHCP_STAT_MAX; i++)
		CU_ASSERT_STRING_NOT_EQUAL(dhcp_stat_name(i), "?");
	CU_ASSERT_STRING_EQUAL(dhcp_msg_type_name(DHCP_INFORM), "inform");
	CU_ASSERT_STRING_EQUAL(dhcp_msg_type_name(0), "?");
	CU_ASSERT_STRING_EQUAL(dhcp_end_name(DHCP_END_EXPIRY), "expiry");
	dhcp_server_free(srv);
}

const CU_TestInfo dhcp_pool_tests[] = {
	{ "reservations by MAC and circuit id", test_reservation },
	{ "client id is the identity", test_client_id },
	{ "pool exhaustion, no pool", test_exhaustion },
	{ "offers are held", test_distinct_offers },
	{ "10k clients, 10k addresses of a /18", test_10k_clients },
	{ "client moved to another relay", test_moved },
	{ "DISCOVER rate limit per MAC", test_rate_limit },
	{ "refused messages and their reasons", test_refused },
	CU_TEST_INFO_NULL,
};
