/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Fixtures shared by the pppoe unit test files: the MACs of the test link,
 * an engine with ports 0 and 1 enabled, byte-by-byte builders of discovery
 * and session frames (up to two VLAN tags), a reader of the frames the
 * engine sends, and a simulated client that walks a session through
 * discovery, LCP, authentication and IPCP. Each test file gets its own
 * copy of the buffers.
 */
#ifndef TEST_PPPOE_FIXTURES_H
#define TEST_PPPOE_FIXTURES_H

#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_common.h>
#include <rte_lcore.h>

#include "bng_test.h"
#include "pppoe.h"

static const struct rte_ether_addr AC = { { 0x02, 0, 0, 0, 0xaa, 0x01 } };
static const struct rte_ether_addr BC = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

#define ETH_DISC 0x8863
#define ETH_SESS 0x8864
#define PADI 0x09
#define PADO 0x07
#define PADR 0x19
#define PADS 0x65
#define PADT 0xa7
#define TAG_SERVICE 0x0101
#define TAG_AC_NAME 0x0102
#define TAG_HOST_UNIQ 0x0103
#define TAG_COOKIE 0x0104
#define TAG_RELAY 0x0110
#define TAG_MAX_PAYLOAD 0x0120
#define TAG_SERVICE_ERR 0x0201
#define TAG_SYSTEM_ERR 0x0202
#define P_LCP 0xc021
#define P_PAP 0xc023
#define P_CHAP 0xc223
#define P_IPCP 0x8021
#define P_IPV6CP 0x8057
#define CONF_REQ 1
#define CONF_ACK 2
#define CONF_NAK 3
#define CONF_REJ 4
#define TERM_REQ 5
#define TERM_ACK 6
#define CODE_REJ 7
#define PROTO_REJ 8
#define ECHO_REQ 9
#define ECHO_REP 10

/* Engine names: each test file has its own counter (and says its prefix),
 * so that an engine leaked by a failed test never clashes with the next. */
#ifndef T_NAME_PREFIX
#define T_NAME_PREFIX "t"
#endif

static struct pppoe_out O __rte_unused;
static uint8_t F[2048] __rte_unused;

static inline uint16_t
t_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
t_get32(const uint8_t *p)
{
	return (uint32_t)t_get16(p) << 16 | t_get16(p + 2);
}

/** An IPv4 address in network order from its four octets. */
static inline uint32_t
t_addr(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	uint8_t x[4] = { a, b, c, d };
	uint32_t v;

	memcpy(&v, x, 4);
	return v;
}

static inline struct pppoe *
mk(const struct pppoe_config *cfg)
{
	static unsigned int seq;
	struct pppoe_config d;
	struct pppoe *e;
	char name[PPPOE_NAME_MAX];

	if (cfg == NULL) {
		pppoe_config_defaults(&d);
		cfg = &d;
	}
	snprintf(name, sizeof(name), T_NAME_PREFIX "%u", seq++);
	e = pppoe_create(name, (int)rte_socket_id(), cfg);
	if (e != NULL) {
		pppoe_port_enable(e, 0, &AC);
		pppoe_port_enable(e, 1, &AC);
	}
	return e;
}

/* --- The simulated client ---------------------------------------------------------- */

struct t_client {
	struct rte_ether_addr mac;
	uint16_t port;
	uint16_t svlan, cvlan;  /**< 0: none; two tags: outer TPID 0x88a8 */
	uint16_t sid;
	uint32_t handle;
	uint32_t magic;
	uint8_t cookie[64];
	uint16_t cookie_len;
};

static inline struct t_client
t_client(uint8_t n, uint16_t port, uint16_t svlan, uint16_t cvlan)
{
	struct t_client c;

	memset(&c, 0, sizeof(c));
	c.mac.addr_bytes[0] = 0x02;
	c.mac.addr_bytes[4] = 0x10;
	c.mac.addr_bytes[5] = n;
	c.port = port;
	c.svlan = svlan;
	c.cvlan = cvlan;
	c.magic = 0x11223300u + n;
	return c;
}

/** A TLV tag. */
static inline uint16_t
t_tag(uint8_t *p, uint16_t type, const void *v, uint16_t len)
{
	t_put16(p, type);
	t_put16(p + 2, len);
	if (len != 0)
		memcpy(p + 4, v, len);
	return (uint16_t)(4 + len);
}

/** Ethernet header from the client (to @p dst), its VLAN tags and the EtherType. */
static inline uint16_t
t_l2(uint8_t *f, const struct t_client *c, const struct rte_ether_addr *dst, uint16_t et)
{
	uint16_t o = 12;

	memcpy(f, dst, 6);
	memcpy(f + 6, &c->mac, 6);
	if (c->svlan != 0) {
		t_put16(f + o, c->cvlan != 0 ? 0x88a8 : 0x8100);
		t_put16(f + o + 2, (uint16_t)(0x2000 | c->svlan)); /* PCP 1 */
		o += 4;
	}
	if (c->cvlan != 0) {
		t_put16(f + o, 0x8100);
		t_put16(f + o + 2, c->cvlan);
		o += 4;
	}
	t_put16(f + o, et);
	return (uint16_t)(o + 2);
}

/** A PPPoE frame: header (version and type 1) with @p code, @p sid and the payload. */
static inline uint16_t
t_pppoe(uint8_t *f, const struct t_client *c, const struct rte_ether_addr *dst, uint16_t et,
	uint8_t code, uint16_t sid, const uint8_t *pl, uint16_t pl_len)
{
	uint16_t o = t_l2(f, c, dst, et);

	f[o] = 0x11;
	f[o + 1] = code;
	t_put16(f + o + 2, sid);
	t_put16(f + o + 4, pl_len);
	memcpy(f + o + 6, pl, pl_len);
	return (uint16_t)(o + 6 + pl_len);
}

/** A session frame with one control packet (@p proto, @p code, @p id, @p data). */
static inline uint16_t
t_cp(uint8_t *f, const struct t_client *c, uint16_t proto, uint8_t code, uint8_t id,
     const uint8_t *data, uint16_t dlen)
{
	uint8_t pl[1600];

	t_put16(pl, proto);
	pl[2] = code;
	pl[3] = id;
	t_put16(pl + 4, (uint16_t)(4 + dlen));
	if (dlen != 0)
		memcpy(pl + 6, data, dlen);
	return t_pppoe(f, c, &AC, ETH_SESS, 0, c->sid, pl, (uint16_t)(6 + dlen));
}

static inline enum pppoe_reason
in(struct pppoe *e, const struct t_client *c, const uint8_t *f, uint16_t len, uint32_t now)
{
	pppoe_out_reset(&O);
	return pppoe_input(e, c->port, f, len, now, &O);
}

static inline uint32_t
tick(struct pppoe *e, uint32_t now)
{
	pppoe_out_reset(&O);
	return pppoe_timer(e, now, &O);
}

/** Send a control packet from the client; the answer is in O. */
static inline enum pppoe_reason
cp_in(struct pppoe *e, const struct t_client *c, uint16_t proto, uint8_t code, uint8_t id,
      const uint8_t *data, uint16_t dlen, uint32_t now)
{
	return in(e, c, F, t_cp(F, c, proto, code, id, data, dlen), now);
}

/* --- Reading what the engine sent ----------------------------------------------------- */

struct t_pkt {
	const uint8_t *dst, *src;
	uint8_t ntags;
	uint16_t tpid[2], vid[2];
	uint16_t et;
	uint8_t code;
	uint16_t sid;
	uint16_t pl_len;
	const uint8_t *pl;
	uint16_t proto;          /**< session frames */
	uint8_t cp_code, cp_id;
	uint16_t cp_len;         /**< data length after the 4-byte header */
	const uint8_t *cp_data;
};

static inline void
t_parse(const struct pppoe_frame *fr, struct t_pkt *k)
{
	const uint8_t *d = fr->data;
	uint16_t o = 12;

	memset(k, 0, sizeof(*k));
	k->dst = d;
	k->src = d + 6;
	while ((t_get16(d + o) == 0x8100 || t_get16(d + o) == 0x88a8) && k->ntags < 2) {
		k->tpid[k->ntags] = t_get16(d + o);
		k->vid[k->ntags++] = t_get16(d + o + 2) & 0xfff;
		o += 4;
	}
	k->et = t_get16(d + o);
	o += 2;
	CU_ASSERT_EQUAL(d[o], 0x11);
	k->code = d[o + 1];
	k->sid = t_get16(d + o + 2);
	k->pl_len = t_get16(d + o + 4);
	k->pl = d + o + 6;
	CU_ASSERT(o + 6 + k->pl_len <= fr->len);
	if (k->et == ETH_SESS && k->pl_len >= 6) {
		k->proto = t_get16(k->pl);
		k->cp_code = k->pl[2];
		k->cp_id = k->pl[3];
		k->cp_len = (uint16_t)(t_get16(k->pl + 4) - 4);
		k->cp_data = k->pl + 6;
	}
}

/** The first frame sent with this EtherType, PPPoE code (discovery) or
 * protocol and control code (session); NULL when none. */
static inline const struct pppoe_frame *
t_find(uint16_t et, uint16_t proto_or_code, uint8_t cp_code, struct t_pkt *k)
{
	memset(k, 0, sizeof(*k));
	for (unsigned int i = 0; i < O.n_frames; i++) {
		t_parse(&O.frames[i], k);
		if (k->et != et)
			continue;
		if (et == ETH_DISC && k->code == proto_or_code)
			return &O.frames[i];
		if (et == ETH_SESS && k->proto == proto_or_code && k->cp_code == cp_code)
			return &O.frames[i];
	}
	return NULL;
}

static inline const struct pppoe_event *
t_event(uint8_t type)
{
	for (unsigned int i = 0; i < O.n_events; i++)
		if (O.events[i].type == type)
			return &O.events[i];
	return NULL;
}

/** The value of the first tag of @p type in a discovery payload, or NULL. */
static inline const uint8_t *
t_tag_find(const struct t_pkt *k, uint16_t type, uint16_t *len)
{
	for (uint16_t o = 0; o + 4 <= k->pl_len;) {
		uint16_t tl = t_get16(k->pl + o + 2);

		if (t_get16(k->pl + o) == type) {
			*len = tl;
			return k->pl + o + 4;
		}
		o = (uint16_t)(o + 4 + tl);
	}
	return NULL;
}

/** The value of option @p type in control packet data, or NULL. */
static inline const uint8_t *
t_opt_find(const uint8_t *d, uint16_t len, uint8_t type, uint8_t *olen)
{
	for (uint16_t o = 0; o + 2 <= len && d[o + 1] >= 2;) {
		if (d[o] == type) {
			*olen = d[o + 1];
			return d + o;
		}
		o = (uint16_t)(o + d[o + 1]);
	}
	return NULL;
}

/* --- Walking a session up ------------------------------------------------------------- */

/** PADI with Service-Name "" and optional extra tags; O holds the PADO. */
static inline enum pppoe_reason
t_padi(struct pppoe *e, struct t_client *c, const uint8_t *extra, uint16_t extra_len,
       uint32_t now)
{
	uint8_t tags[512];
	uint16_t n = t_tag(tags, TAG_SERVICE, NULL, 0);
	const struct pppoe_frame *fr;
	enum pppoe_reason r;
	struct t_pkt k;
	const uint8_t *v;
	uint16_t vl = 0;

	memcpy(tags + n, extra, extra_len);
	n = (uint16_t)(n + extra_len);
	r = in(e, c, F, t_pppoe(F, c, &BC, ETH_DISC, PADI, 0, tags, n), now);
	fr = t_find(ETH_DISC, PADO, 0, &k);
	if (fr != NULL && (v = t_tag_find(&k, TAG_COOKIE, &vl)) != NULL && vl <= 64) {
		memcpy(c->cookie, v, vl);
		c->cookie_len = vl;
	}
	return r;
}

/** PADR with the client's cookie; on a PADS with an id, c->sid and handle are set. */
static inline enum pppoe_reason
t_padr(struct pppoe *e, struct t_client *c, const uint8_t *extra, uint16_t extra_len,
       uint32_t now)
{
	uint8_t tags[512];
	uint16_t n = t_tag(tags, TAG_SERVICE, NULL, 0);
	const struct pppoe_frame *fr;
	enum pppoe_reason r;
	struct t_pkt k;

	n = (uint16_t)(n + t_tag(tags + n, TAG_COOKIE, c->cookie, c->cookie_len));
	memcpy(tags + n, extra, extra_len);
	n = (uint16_t)(n + extra_len);
	r = in(e, c, F, t_pppoe(F, c, &AC, ETH_DISC, PADR, 0, tags, n), now);
	fr = t_find(ETH_DISC, PADS, 0, &k);
	if (fr != NULL && k.sid != 0) {
		c->sid = k.sid;
		c->handle = pppoe_session_find(e, c->port, &c->mac, c->sid);
	}
	return r;
}

/** Discovery; O then holds the PADS and our first LCP Configure-Request. */
static inline void
t_discover(struct pppoe *e, struct t_client *c, uint32_t now)
{
	CU_ASSERT_EQUAL(t_padi(e, c, NULL, 0, now), PPPOE_R_OK);
	CU_ASSERT_EQUAL(t_padr(e, c, NULL, 0, now), PPPOE_R_OK);
	CU_ASSERT_NOT_EQUAL(c->sid, 0);
	CU_ASSERT_NOT_EQUAL(c->handle, 0);
}

/** Ack our last LCP Configure-Request (in O), then send the client's own
 * (MRU 1492, its magic) and expect it Acked: LCP opens. */
static inline void
t_lcp_open(struct pppoe *e, struct t_client *c, uint32_t now)
{
	uint8_t opts[10] = { 1, 4, 0x05, 0xd4, 5, 6 };
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_REQ, &k));
	CU_ASSERT_EQUAL(cp_in(e, c, P_LCP, CONF_ACK, k.cp_id, k.cp_data, k.cp_len, now),
			PPPOE_R_OK);
	t_put32(opts + 6, c->magic);
	CU_ASSERT_EQUAL(cp_in(e, c, P_LCP, CONF_REQ, 0x40, opts, sizeof(opts), now), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_LCP, CONF_ACK, &k));
}

/** The client's Terminate-Request on @p proto, checked: our Terminate-Ack in O. */
static inline void
t_term_req(struct pppoe *e, const struct t_client *c, uint16_t proto, uint8_t id, uint32_t now)
{
	struct t_pkt k;

	CU_ASSERT_EQUAL(cp_in(e, c, proto, TERM_REQ, id, NULL, 0, now), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, proto, TERM_ACK, &k));
	CU_ASSERT_EQUAL(k.cp_id, id);
}

/** The session's LCP state, or -1 when it is gone. */
static inline int
t_lcp_state(struct pppoe *e, const struct t_client *c)
{
	struct pppoe_session_info i;

	if (pppoe_session_get(e, c->handle, 0, &i) != 0)
		return -1;
	return i.lcp_state;
}

/** An engine offering PAP only, no echo unless asked. */
static inline struct pppoe *
mk_pap(uint32_t echo_ms)
{
	struct pppoe_config cfg;

	pppoe_config_defaults(&cfg);
	cfg.n_auth = 1;
	cfg.auth[0] = PPPOE_AUTH_PAP;
	cfg.echo_interval_ms = echo_ms;
	cfg.local_addr = t_addr(192, 0, 2, 1);
	return mk(&cfg);
}

/** PAP Authenticate-Request with @p user / @p pass; O holds the AUTH_REQUEST event. */
static inline enum pppoe_reason
t_pap(struct pppoe *e, const struct t_client *c, uint8_t id, const char *user, const char *pass,
      uint32_t now)
{
	uint8_t d[300];
	uint8_t ul = (uint8_t)strlen(user), pl = (uint8_t)strlen(pass);

	d[0] = ul;
	memcpy(d + 1, user, ul);
	d[1 + ul] = pl;
	memcpy(d + 2 + ul, pass, pl);
	return cp_in(e, c, P_PAP, 1, id, d, (uint16_t)(2 + ul + pl), now);
}

/** The whole way to the network phase with PAP accepted (engine from mk_pap()). */
static inline void
t_to_network(struct pppoe *e, struct t_client *c, uint32_t now)
{
	t_discover(e, c, now);
	t_lcp_open(e, c, now);
	CU_ASSERT_EQUAL(t_pap(e, c, 1, "alice", "secret", now), PPPOE_R_OK);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_auth_result(e, c->handle, 1, "welcome", now, &O), 0);
	CU_ASSERT_PTR_NOT_NULL(t_event(PPPOE_EV_NETWORK));
}

/** The SESSION_DOWN event in O, checked for @p reason. */
static inline const struct pppoe_event *
down_event(uint8_t reason)
{
	const struct pppoe_event *ev = t_event(PPPOE_EV_SESSION_DOWN);

	CU_ASSERT_PTR_NOT_NULL(ev);
	if (ev != NULL)
		CU_ASSERT_EQUAL(ev->reason, reason);
	return ev;
}

/* The client acks our Terminate-Request in O: PADT and SESSION_DOWN follow. */
static inline void
ack_term(struct pppoe *e, const struct t_client *c, uint8_t reason, uint32_t now)
{
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, TERM_REQ, &k));
	CU_ASSERT_EQUAL(cp_in(e, c, P_LCP, TERM_ACK, k.cp_id, NULL, 0, now), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_DISC, PADT, 0, &k));
	CU_ASSERT_EQUAL(k.sid, c->sid);
	down_event(reason);
	CU_ASSERT_EQUAL(t_lcp_state(e, c), -1);
}

/** The test lists of test_pppoe_ppp.c and test_pppoe_auth.c, registered by test_pppoe.c. */
extern const CU_TestInfo pppoe_ppp_tests[];
extern const CU_TestInfo pppoe_auth_tests[];
extern const CU_TestInfo pppoe_ipv6cp_tests[];

#endif /* TEST_PPPOE_FIXTURES_H */
