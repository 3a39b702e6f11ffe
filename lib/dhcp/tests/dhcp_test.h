/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Helpers of the DHCP unit tests: a builder that writes client messages
 * byte by byte (so the tests do not trust the codec they test), a reader
 * of reply options that is independent of the codec too, the reference
 * configuration (10.0.0.0/24, server and router 10.0.0.1) and a full
 * DISCOVER-OFFER-REQUEST-ACK exchange.
 */
#ifndef DHCP_TEST_H
#define DHCP_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_byteorder.h>
#include <rte_lcore.h>

#include "bng_test.h"
#include "dhcp.h"

#define BE32(x) rte_cpu_to_be_32((uint32_t)(x))
#define T0      UINT64_C(1700000000000) /* a wall-clock time in ms */
#define SEC     UINT64_C(1000)
#define SRV_IP  T_IP4(10, 0, 0, 1)
#define OTHER_SRV T_IP4(10, 9, 9, 9)

/** A client message under construction. */
struct tmsg {
	uint8_t b[DHCP_REPLY_BUF];
	size_t len;
};

static inline void
tm_opt(struct tmsg *t, uint8_t code, const void *v, uint8_t len)
{
	t->b[t->len] = code;
	t->b[t->len + 1] = len;
	memcpy(t->b + t->len + 2, v, len);
	t->len += 2u + len;
}

static inline void
tm_opt_addr(struct tmsg *t, uint8_t code, uint32_t host_addr)
{
	uint8_t v[4];

	t_put32(v, host_addr);
	tm_opt(t, code, v, 4);
}

static inline void
tm_end(struct tmsg *t)
{
	t->b[t->len++] = 255;
}

/** BOOTREQUEST header, magic cookie and (type != 0) option 53; no end yet. */
static inline void
tm_begin(struct tmsg *t, uint8_t type, const struct rte_ether_addr *mac, uint32_t xid)
{
	memset(t, 0, sizeof(*t));
	t->b[0] = 1;  /* BOOTREQUEST */
	t->b[1] = 1;  /* Ethernet */
	t->b[2] = 6;
	t_put32(t->b + 4, xid);
	memcpy(t->b + 28, mac->addr_bytes, 6);
	t_put32(t->b + 236, 0x63825363);
	t->len = 240;
	if (type != 0)
		tm_opt(t, 53, &type, 1);
}

static inline void
tm_ciaddr(struct tmsg *t, uint32_t host_addr)
{
	t_put32(t->b + 12, host_addr);
}

static inline void
tm_giaddr(struct tmsg *t, uint32_t host_addr)
{
	t_put32(t->b + 24, host_addr);
}

static inline void
tm_broadcast(struct tmsg *t)
{
	t_put16(t->b + 10, 0x8000);
}

static inline struct rte_ether_addr
t_mac(uint32_t n)
{
	struct rte_ether_addr m = { { 0x02, 0x00, (uint8_t)(n >> 24), (uint8_t)(n >> 16),
				      (uint8_t)(n >> 8), (uint8_t)n } };
	return m;
}

static inline uint32_t
t_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/** yiaddr of a reply, host order. */
static inline uint32_t
t_yiaddr(const struct dhcp_reply *r)
{
	return t_get32(r->buf + 16);
}

/**
 * Option @p code in a reply's options field (walked here, not by the
 * codec): its value and length, or NULL. @p last (may be NULL) gets the
 * code of the last option before the end option.
 */
static inline const uint8_t *
t_opt_last(const struct dhcp_reply *r, uint8_t code, uint8_t *len, uint8_t *last)
{
	const uint8_t *found = NULL;
	size_t i = 240;

	while (i < r->len && r->buf[i] != 255) {
		if (r->buf[i] == 0) {
			i++;
			continue;
		}
		if (i + 2 > r->len || i + 2 + r->buf[i + 1] > r->len)
			return NULL;
		if (r->buf[i] == code && found == NULL) {
			found = r->buf + i + 2;
			*len = r->buf[i + 1];
		}
		if (last != NULL)
			*last = r->buf[i];
		i += 2u + r->buf[i + 1];
	}
	return i < r->len ? found : NULL; /* no end option: nothing counts */
}

static inline const uint8_t *
t_opt(const struct dhcp_reply *r, uint8_t code, uint8_t *len)
{
	return t_opt_last(r, code, len, NULL);
}

/** A 4-octet option as a host-order number, or 0 when absent or not 4 long. */
static inline uint32_t
t_opt32(const struct dhcp_reply *r, uint8_t code)
{
	uint8_t len = 0;
	const uint8_t *v = t_opt(r, code, &len);

	return v != NULL && len == 4 ? t_get32(v) : 0;
}

/** Message type of a reply, 0 if none. */
static inline uint8_t
t_type(const struct dhcp_reply *r)
{
	uint8_t len = 0;
	const uint8_t *v = t_opt(r, 53, &len);

	return v != NULL && len == 1 ? v[0] : 0;
}

/** The reference config: pool "lan" 10.0.0.0/24, router and server 10.0.0.1. */
static inline void
t_config(struct dhcp_config *c)
{
	struct dhcp_pool_config *p = &c->pools[0];

	dhcp_config_defaults(c);
	c->server_id = BE32(SRV_IP);
	c->max_leases = 1024;
	c->discover_rate = 0;
	c->n_pools = 1;
	snprintf(p->name, sizeof(p->name), "lan");
	p->prefix = BE32(T_IP4(10, 0, 0, 0));
	p->prefix_len = 24;
	p->router = BE32(T_IP4(10, 0, 0, 1));
	p->n_dns = 2;
	p->dns[0] = BE32(T_IP4(192, 0, 2, 53));
	p->dns[1] = BE32(T_IP4(192, 0, 2, 54));
	snprintf(p->domain, sizeof(p->domain), "isp.example");
	p->lease_s = 3600;
}

static inline int
t_send(struct dhcp_server *srv, struct tmsg *t, const struct dhcp_rx_meta *meta, uint64_t now,
       struct dhcp_reply *r)
{
	static const struct dhcp_rx_meta none;

	return dhcp_server_input(srv, t->b, t->len, meta != NULL ? meta : &none, now, r);
}

/** DISCOVER then REQUEST for the offer: the bound address (host order), or 0. */
static inline uint32_t
t_dora(struct dhcp_server *srv, const struct rte_ether_addr *mac, const struct dhcp_rx_meta *meta,
       uint64_t now)
{
	static struct dhcp_reply r;
	struct tmsg t;
	uint32_t yi;

	tm_begin(&t, DHCP_DISCOVER, mac, 0x1000);
	tm_end(&t);
	if (t_send(srv, &t, meta, now, &r) != DHCP_RESULT_REPLY || t_type(&r) != DHCP_OFFER)
		return 0;
	yi = t_yiaddr(&r);
	tm_begin(&t, DHCP_REQUEST, mac, 0x1001);
	tm_opt_addr(&t, 54, t_opt32(&r, 54));
	tm_opt_addr(&t, 50, yi);
	tm_end(&t);
	if (t_send(srv, &t, meta, now, &r) != DHCP_RESULT_REPLY || t_type(&r) != DHCP_ACK ||
	    t_yiaddr(&r) != yi)
		return 0;
	return yi;
}

/** State of the lease of @p host_addr, -1 when there is none. */
static inline int
t_state(const struct dhcp_server *srv, uint32_t host_addr)
{
	const struct dhcp_lease *l = dhcp_lease_lookup(srv, BE32(host_addr));

	return l != NULL ? l->state : -1;
}

/* The suites of the other files of the binary, registered by test_dhcp.c. */
extern const CU_TestInfo dhcp_codec_tests[];
extern const CU_TestInfo dhcp_pool_tests[];
extern const CU_TestInfo dhcp_store_tests[];
extern const CU_TestInfo dhcp_relay_tests[];

#endif /* DHCP_TEST_H */
