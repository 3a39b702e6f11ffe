/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of the DHCP server's protocol on messages built byte by byte:
 * bad arguments and configurations, DORA with the reply's options checked
 * value by value, reply addressing (broadcast bit, unicast, relay, NAK),
 * option 82 echoed and kept with the lease, renew and rebind, INIT-REBOOT
 * ACK, NAKs and silence, another server selected, RELEASE, DECLINE and
 * INFORM. This file registers every suite of the unit-dhcp binary: the
 * codec (test_dhcp_msg.c), pools and policy (test_dhcp_pool.c), the lease
 * file and expiry (test_dhcp_store.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>

#include "dhcp_test.h"

const char bng_test_name[] = "dhcp";

static struct dhcp_config C;
static struct dhcp_reply R;

static unsigned int bound_calls, end_calls;
static uint32_t last_bound;
static enum dhcp_end_reason last_end;

static void
cb_bound(const struct dhcp_lease *l, void *arg)
{
	(void)arg;
	bound_calls++;
	last_bound = l->addr;
}

static void
cb_end(const struct dhcp_lease *l, enum dhcp_end_reason why, void *arg)
{
	(void)l;
	(void)arg;
	end_calls++;
	last_end = why;
}

static const struct dhcp_callbacks CB = { .on_bound = cb_bound, .on_end = cb_end };

static struct dhcp_server *
server(void)
{
	struct dhcp_server *srv = dhcp_server_create_at(&C, NULL, T0);

	CU_ASSERT_PTR_NOT_NULL(srv);
	return srv;
}

static void
test_bad_args(void)
{
	struct dhcp_rx_meta meta = { 0 };
	struct dhcp_server *srv;
	struct tmsg t;

	memset(&t, 0, sizeof(t));
	t_config(&C);
	CU_ASSERT_PTR_NULL(dhcp_server_create_at(NULL, NULL, T0));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	srv = server();
	CU_ASSERT_EQUAL(dhcp_server_input(NULL, t.b, 300, &meta, T0, &R), -EINVAL);
	CU_ASSERT_EQUAL(dhcp_server_input(srv, NULL, 300, &meta, T0, &R), -EINVAL);
	CU_ASSERT_EQUAL(dhcp_server_input(srv, t.b, 300, NULL, T0, &R), -EINVAL);
	CU_ASSERT_EQUAL(dhcp_server_input(srv, t.b, 300, &meta, T0, NULL), -EINVAL);
	CU_ASSERT_EQUAL(dhcp_lease_clear(NULL, 1), -EINVAL);
	CU_ASSERT_EQUAL(dhcp_lease_clear(srv, BE32(T_IP4(10, 0, 0, 9))), -ENOENT);
	CU_ASSERT_EQUAL(dhcp_pool_usage(srv, 1, &(struct dhcp_pool_usage){ 0 }), -EINVAL);
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(NULL, 1));
	CU_ASSERT_EQUAL(dhcp_server_expire(NULL, T0), 0);
	dhcp_server_free(srv);
	dhcp_server_free(NULL);
}

/* One invalid setting at a time on the reference config. */
static void
bad_config(const char *what, void (*spoil)(struct dhcp_config *c))
{
	struct dhcp_server *srv;

	t_config(&C);
	spoil(&C);
	rte_errno = 0;
	srv = dhcp_server_create_at(&C, NULL, T0);
	if (srv != NULL)
		printf("\n  accepted: %s", what);
	CU_ASSERT_PTR_NULL(srv);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	dhcp_server_free(srv);
}

static void sp_server(struct dhcp_config *c) { c->server_id = 0; }
static void sp_leases(struct dhcp_config *c) { c->max_leases = 0; }
static void sp_plen(struct dhcp_config *c) { c->pools[0].prefix_len = 31; }
static void sp_unaligned(struct dhcp_config *c) { c->pools[0].prefix = BE32(T_IP4(10, 0, 0, 8)); }
static void sp_nomask(struct dhcp_config *c)
{
	c->pools[0].first = BE32(T_IP4(10, 0, 0, 10));
	c->pools[0].last = BE32(T_IP4(10, 0, 0, 20));
}
static void sp_overlap(struct dhcp_config *c)
{
	c->pools[1] = c->pools[0];
	snprintf(c->pools[1].name, DHCP_NAME_MAX, "lan2");
	c->pools[1].prefix = 0;
	c->pools[1].first = BE32(T_IP4(10, 0, 0, 200));
	c->pools[1].last = BE32(T_IP4(10, 0, 1, 20));
	c->pools[1].mask = BE32(0xfffffe00);
	c->n_pools = 2;
}
static void sp_samename(struct dhcp_config *c)
{
	c->pools[1] = c->pools[0];
	c->pools[1].prefix = BE32(T_IP4(10, 0, 1, 0));
	c->n_pools = 2;
}
static void sp_blank(struct dhcp_config *c) { snprintf(c->pools[0].name, DHCP_NAME_MAX, "my lan"); }
static void sp_lease(struct dhcp_config *c) { c->pools[0].lease_s = 10; }
static void sp_res_out(struct dhcp_config *c)
{
	c->n_reservations = 1;
	c->reservations[0].addr = BE32(T_IP4(10, 0, 1, 5));
}
static void sp_res_excl(struct dhcp_config *c)
{
	c->pools[0].n_exclude = 1;
	c->pools[0].exclude[0] = BE32(T_IP4(10, 0, 0, 5));
	c->n_reservations = 1;
	c->reservations[0].addr = BE32(T_IP4(10, 0, 0, 5));
}
static void sp_res_dup(struct dhcp_config *c)
{
	c->n_reservations = 2;
	c->reservations[0].addr = BE32(T_IP4(10, 0, 0, 5));
	c->reservations[0].mac = t_mac(1);
	c->reservations[1].addr = BE32(T_IP4(10, 0, 0, 6));
	c->reservations[1].mac = t_mac(1);
}
static void sp_rate(struct dhcp_config *c) { c->discover_rate = 1; c->rate_slots = 1000; }

static void
test_bad_config(void)
{
	bad_config("server id 0", sp_server);
	bad_config("max_leases 0", sp_leases);
	bad_config("prefix /31", sp_plen);
	bad_config("prefix not aligned", sp_unaligned);
	bad_config("range without mask", sp_nomask);
	bad_config("overlapping pools", sp_overlap);
	bad_config("two pools one name", sp_samename);
	bad_config("blank in a pool name", sp_blank);
	bad_config("lease below 60 s", sp_lease);
	bad_config("reservation outside the pools", sp_res_out);
	bad_config("reservation of an excluded address", sp_res_excl);
	bad_config("one MAC reserved twice", sp_res_dup);
	bad_config("rate slots not a power of 2", sp_rate);
}

static void
test_dora(void)
{
	static const uint8_t prl[] = { 1, 3, 6, 15, 51 };
	struct rte_ether_addr mac = t_mac(20);
	struct dhcp_pool_usage u;
	const struct dhcp_lease *l;
	struct dhcp_server *srv;
	const uint8_t *v;
	struct tmsg t;
	uint32_t yi;
	uint8_t len = 0;

	t_config(&C);
	srv = server();
	bound_calls = 0;
	dhcp_server_callbacks_set(srv, &CB, NULL);
	tm_begin(&t, DHCP_DISCOVER, &mac, 0xabcd0001);
	tm_opt(&t, 55, prl, sizeof(prl));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_OFFER);
	CU_ASSERT(R.len >= DHCP_BOOTP_MIN);
	CU_ASSERT_EQUAL(R.buf[0], 2);
	CU_ASSERT(memcmp(R.buf + 4, t.b + 4, 4) == 0);     /* xid */
	CU_ASSERT(memcmp(R.buf + 28, mac.addr_bytes, 6) == 0);
	yi = t_yiaddr(&R);
	/* .1 is the router and the server: the first address handed out is .2 */
	CU_ASSERT_EQUAL(yi, T_IP4(10, 0, 0, 2));
	CU_ASSERT_EQUAL(t_opt32(&R, 54), SRV_IP);
	CU_ASSERT_EQUAL(t_opt32(&R, 51), 3600);
	CU_ASSERT_EQUAL(t_opt32(&R, 58), 1800);
	CU_ASSERT_EQUAL(t_opt32(&R, 59), 3150);
	CU_ASSERT_EQUAL(t_opt32(&R, 1), 0xffffff00);
	CU_ASSERT_EQUAL(t_opt32(&R, 3), SRV_IP);
	v = t_opt(&R, 6, &len);
	CU_ASSERT_FATAL(v != NULL && len == 8);
	CU_ASSERT_EQUAL(t_get32(v), T_IP4(192, 0, 2, 53));
	CU_ASSERT_EQUAL(t_get32(v + 4), T_IP4(192, 0, 2, 54));
	v = t_opt(&R, 15, &len);
	CU_ASSERT(v != NULL && len == 11 && memcmp(v, "isp.example", 11) == 0);
	CU_ASSERT_PTR_NULL(t_opt(&R, 82, &len));
	CU_ASSERT_EQUAL(t_state(srv, yi), DHCP_LEASE_OFFERED);
	CU_ASSERT_EQUAL(bound_calls, 0);

	tm_begin(&t, DHCP_REQUEST, &mac, 0xabcd0002);
	tm_opt_addr(&t, 54, SRV_IP);
	tm_opt_addr(&t, 50, yi);
	tm_opt(&t, 55, prl, sizeof(prl));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0 + 5, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_ACK);
	CU_ASSERT_EQUAL(t_yiaddr(&R), yi);
	CU_ASSERT_EQUAL(t_opt32(&R, 51), 3600);
	CU_ASSERT_EQUAL(t_opt32(&R, 58), 1800);
	CU_ASSERT_EQUAL(t_opt32(&R, 59), 3150);
	CU_ASSERT_EQUAL(t_opt32(&R, 1), 0xffffff00);
	l = dhcp_lease_lookup(srv, BE32(yi));
	CU_ASSERT_FATAL(l != NULL);
	CU_ASSERT_EQUAL(l->state, DHCP_LEASE_BOUND);
	CU_ASSERT(rte_is_same_ether_addr(&l->mac, &mac));
	CU_ASSERT_EQUAL(l->start_ms, T0 + 5);
	CU_ASSERT_EQUAL(l->expiry_ms, T0 + 5 + 3600 * SEC);
	CU_ASSERT_EQUAL(bound_calls, 1);
	CU_ASSERT_EQUAL(last_bound, BE32(yi));
	CU_ASSERT_EQUAL(dhcp_pool_usage(srv, 0, &u), 0);
	CU_ASSERT_STRING_EQUAL(u.name, "lan");
	CU_ASSERT_EQUAL(u.size, 254);
	CU_ASSERT_EQUAL(u.fixed, 1);
	CU_ASSERT_EQUAL(u.bound, 1);
	CU_ASSERT_EQUAL(u.offered, 0);
	CU_ASSERT_EQUAL(u.free, 252);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->rx[DHCP_DISCOVER], 1);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->rx[DHCP_REQUEST], 1);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->tx[DHCP_OFFER], 1);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->tx[DHCP_ACK], 1);
	/* A client asking for a shorter lease gets it, T1 and T2 follow. */
	tm_begin(&t, DHCP_REQUEST, &mac, 3);
	tm_ciaddr(&t, yi);
	tm_opt_addr(&t, 51, 600);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + 10, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_opt32(&R, 51), 600);
	CU_ASSERT_EQUAL(t_opt32(&R, 58), 300);
	CU_ASSERT_EQUAL(t_opt32(&R, 59), 525);
	dhcp_server_free(srv);
}

static void
test_addressing(void)
{
	struct rte_ether_addr mac = t_mac(30), bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	struct dhcp_server *srv;
	struct tmsg t;
	uint32_t yi;

	t_config(&C);
	srv = server();
	/* Broadcast bit: 255.255.255.255 at ff:ff:ff:ff:ff:ff, port 68. */
	tm_begin(&t, DHCP_DISCOVER, &mac, 1);
	tm_broadcast(&t);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(R.l2, DHCP_L2_BROADCAST);
	CU_ASSERT_EQUAL(R.dst_ip, UINT32_MAX);
	CU_ASSERT(rte_is_same_ether_addr(&R.dst_mac, &bcast));
	CU_ASSERT_EQUAL(R.dst_port, 68);
	CU_ASSERT_EQUAL(R.src_port, 67);
	CU_ASSERT_EQUAL(R.src_ip, BE32(SRV_IP));
	CU_ASSERT_EQUAL(t_get32(R.buf + 10) >> 16, 0x8000); /* flags echoed */
	/* No broadcast bit, ciaddr 0: unicast to yiaddr at chaddr. */
	tm_begin(&t, DHCP_DISCOVER, &mac, 2);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	yi = t_yiaddr(&R);
	CU_ASSERT_EQUAL(R.l2, DHCP_L2_CHADDR);
	CU_ASSERT_EQUAL(R.dst_ip, BE32(yi));
	CU_ASSERT(rte_is_same_ether_addr(&R.dst_mac, &mac));
	/* ciaddr set (renewing): unicast to ciaddr, ciaddr echoed in the ACK. */
	CU_ASSERT_EQUAL_FATAL(t_dora(srv, &mac, NULL, T0), yi);
	tm_begin(&t, DHCP_REQUEST, &mac, 3);
	tm_ciaddr(&t, yi);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(R.l2, DHCP_L2_CHADDR);
	CU_ASSERT_EQUAL(R.dst_ip, BE32(yi));
	CU_ASSERT_EQUAL(t_get32(R.buf + 12), yi);
	/* Relay: to giaddr, server port 67, next hop to be resolved. */
	tm_begin(&t, DHCP_DISCOVER, &mac, 4);
	tm_broadcast(&t);
	tm_giaddr(&t, T_IP4(10, 0, 0, 254));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(R.l2, DHCP_L2_ROUTED);
	CU_ASSERT_EQUAL(R.dst_ip, BE32(T_IP4(10, 0, 0, 254)));
	CU_ASSERT_EQUAL(R.dst_port, 67);
	CU_ASSERT_EQUAL(t_get32(R.buf + 24), T_IP4(10, 0, 0, 254));
	/* NAK, no relay: broadcast even without the bit. */
	tm_begin(&t, DHCP_REQUEST, &mac, 5);
	tm_opt_addr(&t, 50, T_IP4(10, 0, 0, 99));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_NAK);
	CU_ASSERT_EQUAL(R.l2, DHCP_L2_BROADCAST);
	CU_ASSERT_EQUAL(t_yiaddr(&R), 0);
	CU_ASSERT_EQUAL(t_opt32(&R, 54), SRV_IP);
	CU_ASSERT_EQUAL(t_opt32(&R, 51), 0); /* Table 3: MUST NOT */
	/* NAK through a relay: to the relay, broadcast bit set for it. */
	tm_giaddr(&t, T_IP4(10, 0, 0, 254));
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_NAK);
	CU_ASSERT_EQUAL(R.l2, DHCP_L2_ROUTED);
	CU_ASSERT_EQUAL(t_get32(R.buf + 10) >> 16, 0x8000);
	dhcp_server_free(srv);
}

static void
test_relay_option82(void)
{
	static const uint8_t agent[] = { 1, 5, 'p', 'o', 'n', '/', '3', 2, 4, 0xca, 0xfe, 0xba, 0xbe,
					 9, 3, 1, 2, 3 };
	struct dhcp_rx_meta meta = { .port = 2, .svlan = 100, .cvlan = 2001 };
	struct rte_ether_addr mac = t_mac(40);
	const struct dhcp_lease *l;
	struct dhcp_server *srv;
	const uint8_t *v;
	struct tmsg t;
	uint8_t len = 0, last = 0;

	t_config(&C);
	srv = server();
	tm_begin(&t, DHCP_DISCOVER, &mac, 1);
	tm_giaddr(&t, T_IP4(10, 0, 0, 254));
	tm_opt(&t, 82, agent, sizeof(agent));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, &meta, T0, &R), DHCP_RESULT_REPLY);
	v = t_opt_last(&R, 82, &len, &last);
	CU_ASSERT_FATAL(v != NULL);
	CU_ASSERT_EQUAL(len, sizeof(agent));
	CU_ASSERT(memcmp(v, agent, sizeof(agent)) == 0);
	CU_ASSERT_EQUAL(last, 82); /* RFC 3046: the last option */
	/* The ACK echoes it too, and the lease keeps the ids and VLANs. */
	tm_begin(&t, DHCP_REQUEST, &mac, 2);
	tm_giaddr(&t, T_IP4(10, 0, 0, 254));
	tm_opt_addr(&t, 54, SRV_IP);
	tm_opt_addr(&t, 50, t_yiaddr(&R));
	tm_opt(&t, 82, agent, sizeof(agent));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, &meta, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_ACK);
	v = t_opt(&R, 82, &len);
	CU_ASSERT(v != NULL && len == sizeof(agent) && memcmp(v, agent, len) == 0);
	l = dhcp_lease_lookup(srv, BE32(t_yiaddr(&R)));
	CU_ASSERT_FATAL(l != NULL);
	CU_ASSERT(l->circuit_len == 5 && memcmp(l->circuit_id, "pon/3", 5) == 0);
	CU_ASSERT(l->remote_len == 4 && l->remote_id[0] == 0xca && l->remote_id[3] == 0xbe);
	CU_ASSERT(l->port == 2 && l->svlan == 100 && l->cvlan == 2001);
	/* A unicast renewal, no option 82, seen on another VLAN: the VLAN is
	 * the latest, the line's ids stay, and nothing is echoed. */
	meta.cvlan = 2002;
	tm_begin(&t, DHCP_REQUEST, &mac, 3);
	tm_ciaddr(&t, t_yiaddr(&R));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, &meta, T0 + SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_ACK);
	CU_ASSERT_PTR_NULL(t_opt(&R, 82, &len));
	CU_ASSERT_EQUAL(l->cvlan, 2002);
	CU_ASSERT(l->circuit_len == 5 && memcmp(l->circuit_id, "pon/3", 5) == 0);
	CU_ASSERT_EQUAL(l->remote_len, 4);
	dhcp_server_free(srv);
}

static void
test_renew_rebind(void)
{
	struct rte_ether_addr a = t_mac(50), b = t_mac(51);
	const struct dhcp_lease *l;
	struct dhcp_server *srv;
	uint32_t ya, yb;
	struct tmsg t;

	t_config(&C);
	srv = server();
	ya = t_dora(srv, &a, NULL, T0);
	yb = t_dora(srv, &b, NULL, T0);
	CU_ASSERT_FATAL(ya != 0 && yb != 0 && ya != yb);
	/* RENEWING at T1: unicast, ciaddr set; the lease runs from now. */
	tm_begin(&t, DHCP_REQUEST, &a, 10);
	tm_ciaddr(&t, ya);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0 + 1800 * SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_ACK);
	CU_ASSERT_EQUAL(t_yiaddr(&R), ya);
	l = dhcp_lease_lookup(srv, BE32(ya));
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(l->expiry_ms, T0 + (1800 + 3600) * SEC);
	CU_ASSERT_EQUAL(l->start_ms, T0); /* the binding began at the first ACK */
	/* REBINDING at T2: the same message broadcast. */
	tm_broadcast(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0 + 5000 * SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_ACK);
	CU_ASSERT_EQUAL(R.l2, DHCP_L2_CHADDR); /* ciaddr wins over the broadcast bit */
	CU_ASSERT_EQUAL(l->expiry_ms, T0 + (5000 + 3600) * SEC);
	/* b renewing a's address: NAK. */
	tm_begin(&t, DHCP_REQUEST, &b, 11);
	tm_ciaddr(&t, ya);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + 5000 * SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_NAK);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_NAK_WRONG_ADDRESS);
	/* An address outside our pools belongs to another server: silence. */
	tm_begin(&t, DHCP_REQUEST, &b, 12);
	tm_ciaddr(&t, T_IP4(172, 16, 0, 5));
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_UNKNOWN_CLIENT);
	dhcp_server_free(srv);
}

static void
test_init_reboot(void)
{
	struct rte_ether_addr a = t_mac(60), stranger = t_mac(61);
	struct dhcp_server *srv;
	struct tmsg t;
	uint32_t ya;

	t_config(&C);
	srv = server();
	ya = t_dora(srv, &a, NULL, T0);
	CU_ASSERT_FATAL(ya != 0);
	/* Its own address: ACK. */
	tm_begin(&t, DHCP_REQUEST, &a, 1);
	tm_opt_addr(&t, 50, ya);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0 + SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_ACK);
	CU_ASSERT_EQUAL(t_yiaddr(&R), ya);
	/* Another address of the subnet: NAK, wrong address. */
	tm_begin(&t, DHCP_REQUEST, &a, 2);
	tm_opt_addr(&t, 50, ya + 7);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0 + SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_NAK);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_NAK_WRONG_ADDRESS);
	/* An address of another network (the client moved): NAK, wrong subnet. */
	tm_begin(&t, DHCP_REQUEST, &a, 3);
	tm_opt_addr(&t, 50, T_IP4(192, 168, 1, 20));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0 + SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_NAK);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_NAK_WRONG_SUBNET);
	/* A client we know nothing of: silence (4.3.2). */
	tm_begin(&t, DHCP_REQUEST, &stranger, 4);
	tm_opt_addr(&t, 50, T_IP4(10, 0, 0, 77));
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + SEC, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_UNKNOWN_CLIENT);
	/* ... unless it claims someone's address: NAK. */
	tm_begin(&t, DHCP_REQUEST, &stranger, 5);
	tm_opt_addr(&t, 50, ya);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_NAK);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->reason[DHCP_REASON_NAK_WRONG_ADDRESS], 2);
	dhcp_server_free(srv);
}

static void
test_other_server(void)
{
	struct rte_ether_addr a = t_mac(70);
	struct dhcp_pool_usage u;
	struct dhcp_server *srv;
	struct tmsg t;
	uint32_t yi;

	t_config(&C);
	srv = server();
	tm_begin(&t, DHCP_DISCOVER, &a, 1);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	yi = t_yiaddr(&R);
	CU_ASSERT_PTR_NOT_NULL(dhcp_lease_lookup(srv, BE32(yi)));
	tm_begin(&t, DHCP_REQUEST, &a, 2);
	tm_opt_addr(&t, 54, OTHER_SRV);
	tm_opt_addr(&t, 50, T_IP4(10, 9, 9, 50));
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_OTHER_SERVER);
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(yi)));
	dhcp_pool_usage(srv, 0, &u);
	CU_ASSERT_EQUAL(u.offered, 0);
	CU_ASSERT_EQUAL(u.free, 253);
	/* Our server id but an address we did not offer: NAK. */
	CU_ASSERT_FATAL(t_dora(srv, &a, NULL, T0) != 0);
	tm_begin(&t, DHCP_REQUEST, &a, 3);
	tm_opt_addr(&t, 54, SRV_IP);
	tm_opt_addr(&t, 50, T_IP4(10, 0, 0, 200));
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_NAK);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_NAK_NO_BINDING);
	dhcp_server_free(srv);
}

static void
test_release(void)
{
	struct rte_ether_addr a = t_mac(80), b = t_mac(81), c = t_mac(82);
	struct dhcp_pool_usage u;
	struct dhcp_server *srv;
	struct tmsg t;
	uint32_t ya;

	t_config(&C);
	srv = server();
	end_calls = 0;
	dhcp_server_callbacks_set(srv, &CB, NULL);
	ya = t_dora(srv, &a, NULL, T0);
	CU_ASSERT_FATAL(ya != 0);
	/* Someone else's RELEASE of it is ignored. */
	tm_begin(&t, DHCP_RELEASE, &b, 1);
	tm_ciaddr(&t, ya);
	tm_opt_addr(&t, 54, SRV_IP);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_RELEASE_UNKNOWN);
	CU_ASSERT_PTR_NOT_NULL(dhcp_lease_lookup(srv, BE32(ya)));
	/* So is the holder's RELEASE of an address that is not its own. */
	tm_begin(&t, DHCP_RELEASE, &a, 2);
	tm_ciaddr(&t, ya + 1);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_RELEASE_UNKNOWN);
	CU_ASSERT_EQUAL(t_state(srv, ya), DHCP_LEASE_BOUND);
	CU_ASSERT_EQUAL(end_calls, 0);
	tm_begin(&t, DHCP_RELEASE, &a, 2);
	tm_ciaddr(&t, ya);
	tm_opt_addr(&t, 54, SRV_IP);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_RELEASED);
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(ya)));
	CU_ASSERT_EQUAL(end_calls, 1);
	CU_ASSERT_EQUAL(last_end, DHCP_END_RELEASE);
	dhcp_pool_usage(srv, 0, &u);
	CU_ASSERT_EQUAL(u.bound, 0);
	CU_ASSERT_EQUAL(u.free, 253);
	/* A new client is not handed the address just released (its holder's
	 * ARP entries and sessions may linger): allocation goes round. */
	tm_begin(&t, DHCP_DISCOVER, &c, 4);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_yiaddr(&R), ya + 1);
	/* The address is free: another client asking for it gets it. */
	tm_begin(&t, DHCP_DISCOVER, &b, 3);
	tm_opt_addr(&t, 50, ya);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_yiaddr(&R), ya);
	dhcp_server_free(srv);
}

static void
test_decline(void)
{
	struct rte_ether_addr a = t_mac(90), b = t_mac(91);
	const struct dhcp_lease *l;
	struct dhcp_pool_usage u;
	struct dhcp_server *srv;
	struct tmsg t;
	uint32_t ya, yb;

	t_config(&C);
	srv = server();
	end_calls = 0;
	dhcp_server_callbacks_set(srv, &CB, NULL);
	ya = t_dora(srv, &a, NULL, T0);
	CU_ASSERT_FATAL(ya != 0);
	/* A DECLINE for an address the client was not given is ignored. */
	tm_begin(&t, DHCP_DECLINE, &b, 1);
	tm_opt_addr(&t, 50, ya);
	tm_opt_addr(&t, 54, SRV_IP);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_DECLINE_UNKNOWN);
	/* Nor one by the right client for an address that is not its own. */
	tm_begin(&t, DHCP_DECLINE, &a, 2);
	tm_opt_addr(&t, 50, ya + 1);
	tm_opt_addr(&t, 54, SRV_IP);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_DECLINE_UNKNOWN);
	CU_ASSERT_EQUAL(t_state(srv, ya), DHCP_LEASE_BOUND);
	CU_ASSERT_EQUAL(end_calls, 0);
	tm_begin(&t, DHCP_DECLINE, &a, 2);
	tm_opt_addr(&t, 50, ya);
	tm_opt_addr(&t, 54, SRV_IP);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_DECLINED);
	CU_ASSERT_EQUAL(end_calls, 1);
	CU_ASSERT_EQUAL(last_end, DHCP_END_DECLINE);
	l = dhcp_lease_lookup(srv, BE32(ya));
	CU_ASSERT_FATAL(l != NULL);
	CU_ASSERT_EQUAL(l->state, DHCP_LEASE_DECLINED);
	dhcp_pool_usage(srv, 0, &u);
	CU_ASSERT(u.declined == 1 && u.bound == 0);
	/* Nobody gets it while it rests, not even by asking. */
	tm_begin(&t, DHCP_DISCOVER, &b, 3);
	tm_opt_addr(&t, 50, ya);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	yb = t_yiaddr(&R);
	CU_ASSERT(yb != ya && yb != 0);
	/* The client starts over and gets another address. */
	CU_ASSERT_NOT_EQUAL(t_dora(srv, &a, NULL, T0), ya);
	/* After decline_hold_s the address returns to the pool. */
	for (unsigned int i = 0; i < 8; i++)
		dhcp_server_expire(srv, T0 + 601 * SEC);
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(ya)));
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->stat[DHCP_STAT_DECLINES_EXPIRED], 1);
	dhcp_server_free(srv);
}

static void
test_inform(void)
{
	struct rte_ether_addr a = t_mac(100);
	struct dhcp_pool_usage u;
	struct dhcp_server *srv;
	struct tmsg t;
	uint8_t len = 0;

	t_config(&C);
	srv = server();
	tm_begin(&t, DHCP_INFORM, &a, 1);
	tm_ciaddr(&t, T_IP4(10, 0, 0, 250)); /* configured by hand */
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_ACK);
	CU_ASSERT_EQUAL(t_yiaddr(&R), 0);
	CU_ASSERT_PTR_NULL(t_opt(&R, 51, &len));
	CU_ASSERT_PTR_NULL(t_opt(&R, 58, &len));
	CU_ASSERT_PTR_NULL(t_opt(&R, 59, &len));
	CU_ASSERT_EQUAL(t_opt32(&R, 1), 0xffffff00);
	CU_ASSERT_EQUAL(t_opt32(&R, 3), SRV_IP);
	CU_ASSERT_PTR_NOT_NULL(t_opt(&R, 6, &len));
	CU_ASSERT_EQUAL(R.dst_ip, BE32(T_IP4(10, 0, 0, 250)));
	CU_ASSERT_EQUAL(R.l2, DHCP_L2_CHADDR);
	dhcp_pool_usage(srv, 0, &u);
	CU_ASSERT(u.offered == 0 && u.bound == 0);
	tm_ciaddr(&t, 0);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_INFORM_NO_CIADDR);
	dhcp_server_free(srv);
}

static const CU_TestInfo server_tests[] = {
	{ "bad arguments", test_bad_args },
	{ "bad configurations refused", test_bad_config },
	{ "DORA and the reply's options", test_dora },
	{ "reply addressing (RFC 2131 4.1)", test_addressing },
	{ "relay: option 82 echoed, ids and VLANs kept", test_relay_option82 },
	{ "renew and rebind", test_renew_rebind },
	{ "INIT-REBOOT: ACK, NAKs, silence", test_init_reboot },
	{ "REQUEST for another server withdraws the offer", test_other_server },
	{ "RELEASE frees the address", test_release },
	{ "DECLINE sets the address aside", test_decline },
	{ "INFORM: options, no lease", test_inform },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	if (bng_test_add_suite("dhcp codec", dhcp_codec_tests) != 0 ||
	    bng_test_add_suite("dhcp server", server_tests) != 0 ||
	    bng_test_add_suite("dhcp pools and policy", dhcp_pool_tests) != 0 ||
	    bng_test_add_suite("dhcp relay agent", dhcp_relay_tests) != 0)
		return -1;
	return bng_test_add_suite("dhcp lease file and expiry", dhcp_store_tests);
}
