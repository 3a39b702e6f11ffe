/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * LCP tests of pppoe (in binary unit-pppoe), against a simulated client:
 * our Configure-Request and its Ack (stale and altered Acks refused); the
 * client Naking our MRU, Magic-Number and Authentication-Protocol (down to
 * no common protocol); the client Rejecting our options, and our Rejects
 * and Naks of its options (ACCM, PFC, ACFC, zero magic, MRU too small);
 * Max-Failure turning Naks into Rejects; loopback detected through our own
 * Magic-Number; the restart timer's retransmissions and Max-Configure;
 * the echo keepalive answered, then failing; Code-Reject, Protocol-Reject
 * of IPv6CP, Discard-Request; termination by the client, by us (answered
 * or not), and renegotiation on an open link.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "bng_test.h"
#define T_NAME_PREFIX "p"
#include "test_pppoe_fixtures.h"

/* Our last LCP Configure-Request in O. */
static int
our_req(struct t_pkt *k)
{
	return t_find(ETH_SESS, P_LCP, CONF_REQ, k) != NULL;
}

static void
test_lcp_open(void)
{
	struct pppoe *e = mk(NULL);
	struct t_client c = t_client(1, 0, 0, 0);
	struct pppoe_session_info i;
	uint8_t bad[32], ol = 0;
	const uint8_t *opt;
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	CU_ASSERT_FATAL(our_req(&k));
	CU_ASSERT_EQUAL(t_lcp_state(e, &c), PPPOE_CP_REQ_SENT);
	memcpy(bad, k.cp_data, k.cp_len);
	bad[3] ^= 1;
	/* an Ack of another identifier, or of other options, is not one */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_ACK, (uint8_t)(k.cp_id + 1), k.cp_data, k.cp_len,
			      0),
			PPPOE_R_CP_BAD_ID);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_ACK, k.cp_id, bad, k.cp_len, 0),
			PPPOE_R_CP_BAD_REPLY);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(t_lcp_state(e, &c), PPPOE_CP_REQ_SENT);
	CU_ASSERT_EQUAL(tick(e, 6000), 1); /* the retransmission, Acked below */
	t_lcp_open(e, &c, 6000);
	CU_ASSERT_EQUAL(t_lcp_state(e, &c), PPPOE_CP_OPENED);
	/* CHAP first: the challenge goes right after our Ack */
	CU_ASSERT_EQUAL(O.n_frames, 2);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_CHAP, 1, &k));
	CU_ASSERT_EQUAL(pppoe_session_get(e, c.handle, 7000, &i), 0);
	CU_ASSERT_EQUAL(i.phase, PPPOE_PH_AUTHENTICATE);
	CU_ASSERT_EQUAL(i.auth_proto, PPPOE_AUTH_CHAP_MD5);
	CU_ASSERT_EQUAL(i.mru, 1492);
	CU_ASSERT_EQUAL(i.our_mru, 1492);
	CU_ASSERT_EQUAL(i.peer_magic, c.magic);
	CU_ASSERT_EQUAL(i.age_ms, 7000);
	CU_ASSERT_EQUAL(i.ipcp_state, PPPOE_CP_INITIAL);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_LCP, CONF_ACK, &k));
	opt = t_opt_find(k.cp_data, k.cp_len, 5, &ol);
	CU_ASSERT(opt != NULL && t_get32(opt + 2) == c.magic);
	pppoe_free(e);
}

static void
test_lcp_nak(void)
{
	struct pppoe *e = mk(NULL);
	struct t_client c = t_client(1, 0, 0, 0);
	uint8_t nak[12], ol = 0, id;
	const uint8_t *opt;
	uint32_t magic;
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	CU_ASSERT_FATAL(our_req(&k));
	id = k.cp_id;
	nak[0] = 1;
	nak[1] = 4;
	t_put16(nak + 2, 1400);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_NAK, id, nak, 4, 1), PPPOE_R_OK);
	CU_ASSERT_FATAL(our_req(&k));
	CU_ASSERT_NOT_EQUAL(k.cp_id, id);
	opt = t_opt_find(k.cp_data, k.cp_len, 1, &ol);
	CU_ASSERT(opt != NULL && t_get16(opt + 2) == 1400);
	/* the same Nak again, for the old identifier: stale */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_NAK, id, nak, 4, 1), PPPOE_R_CP_BAD_ID);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	/* more than PPPoE carries: held to 1492 */
	t_put16(nak + 2, 9000);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_NAK, k.cp_id, nak, 4, 1), PPPOE_R_OK);
	CU_ASSERT_FATAL(our_req(&k));
	opt = t_opt_find(k.cp_data, k.cp_len, 1, &ol);
	CU_ASSERT(opt != NULL && t_get16(opt + 2) == 1492);
	/* the client would rather PAP */
	opt = t_opt_find(k.cp_data, k.cp_len, 5, &ol);
	CU_ASSERT_FATAL(opt != NULL);
	magic = t_get32(opt + 2);
	nak[0] = 3;
	nak[1] = 4;
	t_put16(nak + 2, P_PAP);
	nak[4] = 5;
	nak[5] = 6;
	t_put32(nak + 6, magic);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_NAK, k.cp_id, nak, 10, 1), PPPOE_R_OK);
	CU_ASSERT_FATAL(our_req(&k));
	opt = t_opt_find(k.cp_data, k.cp_len, 3, &ol);
	CU_ASSERT(opt != NULL && ol == 4 && t_get16(opt + 2) == P_PAP);
	opt = t_opt_find(k.cp_data, k.cp_len, 5, &ol); /* a Nak'd magic is replaced */
	CU_ASSERT(opt != NULL && t_get32(opt + 2) != magic && t_get32(opt + 2) != 0);
	/* EAP suggested: nothing of ours left, the session ends */
	nak[0] = 3;
	nak[1] = 4;
	t_put16(nak + 2, 0xc227);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_NAK, k.cp_id, nak, 4, 2), PPPOE_R_OK);
	ack_term(e, &c, PPPOE_DOWN_AUTH_REFUSED, 3);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->down[PPPOE_DOWN_AUTH_REFUSED], 1);
	pppoe_free(e);
}

static void
test_lcp_reject(void)
{
	static const uint8_t junk[] = { 2, 6, 0, 0, 0, 0, 1, 4, 0x05, 0xd4, 7, 2, 8, 2,
					5, 6, 0, 0, 0, 0 };
	struct pppoe *e = mk(NULL);
	struct t_client c = t_client(1, 0, 0, 0);
	uint8_t rej[8], ol = 0;
	const uint8_t *opt;
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	CU_ASSERT_FATAL(our_req(&k));
	CU_ASSERT_EQUAL(k.cp_len, 4 + 5 + 6);
	opt = t_opt_find(k.cp_data, k.cp_len, 5, &ol);
	CU_ASSERT_FATAL(opt != NULL);
	memcpy(rej, opt, 6);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REJ, k.cp_id, rej, 6, 1), PPPOE_R_OK);
	CU_ASSERT_FATAL(our_req(&k));
	CU_ASSERT_EQUAL(k.cp_len, 4 + 5);
	CU_ASSERT_PTR_NULL(t_opt_find(k.cp_data, k.cp_len, 5, &ol));
	/* an option we never asked for cannot be rejected */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REJ, k.cp_id, rej, 6, 1), PPPOE_R_CP_BAD_REPLY);
	memcpy(rej, k.cp_data, 4);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REJ, k.cp_id, rej, 4, 1), PPPOE_R_OK);
	CU_ASSERT_FATAL(our_req(&k));
	CU_ASSERT(k.cp_len == 5 && k.cp_data[0] == 3);

	/* the client's options: ACCM, PFC, ACFC rejected (all at once, before
	 * any Nak), then a zero magic Nak'd, then an MRU too small Nak'd */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, 0x31, junk, sizeof(junk), 1), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_REJ, &k));
	CU_ASSERT_EQUAL(k.cp_id, 0x31);
	CU_ASSERT_EQUAL(k.cp_len, 10);
	CU_ASSERT(k.cp_data[0] == 2 && k.cp_data[6] == 7 && k.cp_data[8] == 8);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, 0x32, junk + 6, 4, 1), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_LCP, CONF_ACK, &k));
	CU_ASSERT_EQUAL(t_lcp_state(e, &c), PPPOE_CP_ACK_SENT);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, 0x33, junk + 14, 6, 1), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_NAK, &k));
	CU_ASSERT(k.cp_len == 6 && k.cp_data[0] == 5 && t_get32(k.cp_data + 2) != 0);
	CU_ASSERT_EQUAL(t_lcp_state(e, &c), PPPOE_CP_REQ_SENT);
	rej[0] = 1;
	rej[1] = 4;
	t_put16(rej + 2, 64);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, 0x34, rej, 4, 1), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_NAK, &k));
	CU_ASSERT_EQUAL(t_get16(k.cp_data + 2), PPPOE_MRU_MIN);

	/* authentication rejected: we require it, the session ends */
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(tick(e, 3001), 1);
	CU_ASSERT_FATAL(our_req(&k));
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REJ, k.cp_id, k.cp_data, k.cp_len, 3002),
			PPPOE_R_OK);
	ack_term(e, &c, PPPOE_DOWN_AUTH_REFUSED, 3003);
	pppoe_free(e);
}

static void
test_max_failure(void)
{
	static const uint8_t big[4] = { 1, 4, 0x0b, 0xb8 }; /* MRU 3000 */
	struct pppoe_config cfg;
	struct pppoe *e;
	struct t_client c = t_client(1, 0, 0, 0);
	struct t_pkt k;

	pppoe_config_defaults(&cfg);
	cfg.max_failure = 2;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, 1, big, 4, 1), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_LCP, CONF_NAK, &k));
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, 2, big, 4, 1), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_LCP, CONF_NAK, &k));
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, 3, big, 4, 1), PPPOE_R_OK);
	CU_ASSERT_PTR_NULL(t_find(ETH_SESS, P_LCP, CONF_NAK, &k));
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_REJ, &k));
	CU_ASSERT(k.cp_len == 4 && memcmp(k.cp_data, big, 4) == 0);
	pppoe_free(e);
}

static void
test_loopback(void)
{
	struct pppoe *e = mk(NULL);
	struct t_client c = t_client(1, 0, 0, 0);
	struct pppoe_session_info i;
	uint8_t opt[6] = { 5, 6 };
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	/* A looped link hands us our own Magic-Number back: each time it is
	 * Nak'd with another; the third time the session is ended. */
	for (unsigned int n = 0; n < 3; n++) {
		CU_ASSERT_EQUAL_FATAL(pppoe_session_get(e, c.handle, 0, &i), 0);
		CU_ASSERT_NOT_EQUAL(i.magic, 0);
		t_put32(opt + 2, i.magic);
		CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, (uint8_t)n, opt, 6, 1), PPPOE_R_OK);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_NAK, &k));
		CU_ASSERT_NOT_EQUAL(t_get32(k.cp_data + 2), i.magic);
		if (n < 2) {
			CU_ASSERT_PTR_NULL(t_find(ETH_SESS, P_LCP, TERM_REQ, &k));
		}
	}
	ack_term(e, &c, PPPOE_DOWN_LOOPBACK, 2);
	pppoe_free(e);
}

static void
test_restart_timer(void)
{
	struct pppoe_config cfg;
	struct pppoe *e;
	struct t_client c = t_client(1, 0, 0, 0);
	struct t_pkt k;
	uint8_t ids[3];

	pppoe_config_defaults(&cfg);
	cfg.max_configure = 3;
	cfg.restart_ms = 1000;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	CU_ASSERT_FATAL(our_req(&k));
	ids[0] = k.cp_id;
	CU_ASSERT_EQUAL(tick(e, 999), 1);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(tick(e, 1000), 1);
	CU_ASSERT_FATAL(our_req(&k));
	ids[1] = k.cp_id;
	CU_ASSERT_EQUAL(tick(e, 2000), 1);
	CU_ASSERT_FATAL(our_req(&k));
	ids[2] = k.cp_id;
	CU_ASSERT(ids[0] != ids[1] && ids[1] != ids[2]);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->lcp_out, 3);
	/* Max-Configure spent: LCP gives up, the session ends */
	CU_ASSERT_EQUAL(tick(e, 3000), 1);
	CU_ASSERT_FALSE(our_req(&k));
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_DISC, PADT, 0, &k));
	down_event(PPPOE_DOWN_LCP_FAILED);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 0);
	CU_ASSERT_EQUAL(tick(e, 4000), 0);
	pppoe_free(e);
}

static void
test_echo(void)
{
	struct pppoe *e = mk_pap(1000);
	struct t_client c = t_client(1, 0, 0, 0);
	struct pppoe_session_info i;
	const struct pppoe_event *ev;
	uint8_t d[8];
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	CU_ASSERT_EQUAL(pppoe_session_get(e, c.handle, 0, &i), 0);
	CU_ASSERT_EQUAL(tick(e, 999), 1);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(tick(e, 1000), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, ECHO_REQ, &k));
	CU_ASSERT(k.cp_len == 4 && t_get32(k.cp_data) == i.magic);
	t_put32(d, c.magic);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, ECHO_REP, k.cp_id, d, 4, 1001), PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	/* the client's own echo is answered with our magic and its data */
	memcpy(d + 4, "ping", 4);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, ECHO_REQ, 0x77, d, 8, 1002), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, ECHO_REP, &k));
	CU_ASSERT(k.cp_id == 0x77 && k.cp_len == 8 && t_get32(k.cp_data) == i.magic &&
		  memcmp(k.cp_data + 4, "ping", 4) == 0);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, ECHO_REQ, 0x78, d, 3, 1002), PPPOE_R_CP_TRUNC);
	/* then silence: three unanswered, and the session ends with a PADT */
	for (uint32_t t = 2000; t <= 4000; t += 1000) {
		CU_ASSERT_EQUAL(tick(e, t), 1);
		CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_LCP, ECHO_REQ, &k));
	}
	CU_ASSERT_EQUAL(pppoe_session_get(e, c.handle, 4000, &i), 0);
	CU_ASSERT_EQUAL(i.echo_outstanding, 3);
	CU_ASSERT_EQUAL(i.echo_sent, 4);
	CU_ASSERT_EQUAL(i.echo_replies, 1);
	CU_ASSERT_EQUAL(tick(e, 5000), 1);
	CU_ASSERT_PTR_NULL(t_find(ETH_SESS, P_LCP, TERM_REQ, &k)); /* nobody to ask */
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_DISC, PADT, 0, &k));
	ev = down_event(PPPOE_DOWN_ECHO_TIMEOUT);
	CU_ASSERT(ev != NULL && ev->echo_sent == 4 && ev->echo_replies == 1 &&
		  ev->duration_ms == 5000);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->lcp_echo_req_out, 4);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->lcp_echo_rep_in, 1);
	pppoe_free(e);
}

static void
test_rejects(void)
{
	static const uint8_t v6cp[] = { 1, 10, 0, 14, 1, 10, 2, 0, 0, 0, 0, 0, 0, 1 }; /* ConfReq, IID */
	struct pppoe *e = mk_pap(1000);
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 0, 0, 0);
	uint8_t pl[64], d[8];
	struct t_pkt k;
	uint16_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c2, 0);
	/* IPv6CP before LCP is open: dropped */
	t_put16(pl, P_IPV6CP);
	memcpy(pl + 2, v6cp, sizeof(v6cp));
	n = (uint16_t)(2 + sizeof(v6cp));
	CU_ASSERT_EQUAL(in(e, &c2, F, t_pppoe(F, &c2, &AC, ETH_SESS, 0, c2.sid, pl, n), 0),
			PPPOE_R_NOT_NOW);
	CU_ASSERT_EQUAL(O.n_frames, 0);

	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, n), 1),
			PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, PROTO_REJ, &k));
	CU_ASSERT_EQUAL(k.cp_len, n);
	CU_ASSERT_EQUAL(memcmp(k.cp_data, pl, n), 0); /* protocol, then its packet */
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->lcp_proto_rej_out, 1);
	/* an LCP code nobody knows: Code-Reject with the packet */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, 0x20, 0x66, (const uint8_t *)"xyz", 3, 2), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CODE_REJ, &k));
	CU_ASSERT(k.cp_len == 7 && k.cp_data[0] == 0x20 && k.cp_data[1] == 0x66 &&
		  t_get16(k.cp_data + 2) == 7 && memcmp(k.cp_data + 4, "xyz", 3) == 0);
	CU_ASSERT_EQUAL(t_lcp_state(e, &c), PPPOE_CP_OPENED);
	/* Discard-Request: nothing */
	t_put32(d, c.magic);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, 11, 1, d, 4, 3), PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	/* the client Code-Rejects our Echo-Request: no keepalive, no failure */
	CU_ASSERT_EQUAL(tick(e, 1000), 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, ECHO_REQ, &k));
	pl[0] = ECHO_REQ;
	pl[1] = k.cp_id;
	t_put16(pl + 2, 8);
	memcpy(pl + 4, k.cp_data, 4);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CODE_REJ, 9, pl, 8, 1001), PPPOE_R_OK);
	CU_ASSERT_EQUAL(t_lcp_state(e, &c), PPPOE_CP_OPENED);
	for (uint32_t t = 2000; t <= 6000; t += 1000) {
		tick(e, t);
		CU_ASSERT_PTR_NULL(t_find(ETH_SESS, P_LCP, ECHO_REQ, &k));
	}
	CU_ASSERT_NOT_EQUAL(t_lcp_state(e, &c), -1);
	/* a Code-Reject of Configure-Request is catastrophic (RXJ-) */
	pl[0] = CONF_REQ;
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CODE_REJ, 10, pl, 8, 6001), PPPOE_R_OK);
	ack_term(e, &c, PPPOE_DOWN_PROTO_REJECTED, 6002);
	pppoe_free(e);
}

static void
test_terminate_peer(void)
{
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 0, 0, 0);
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	t_term_req(e, &c, P_LCP, 0x55, 100);
	CU_ASSERT_EQUAL(O.n_events, 0);
	/* RFC 1661: a restart time's wait, then finished: PADT */
	CU_ASSERT_EQUAL(t_lcp_state(e, &c), PPPOE_CP_STOPPING);
	CU_ASSERT_EQUAL(tick(e, 3099), 1);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);
	CU_ASSERT_EQUAL(tick(e, 3100), 1);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_DISC, PADT, 0, &k));
	down_event(PPPOE_DOWN_PEER_TERMINATE);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 0);

	/* usually the client's PADT comes first: the reason stays */
	t_discover(e, &c2, 0);
	t_lcp_open(e, &c2, 0);
	t_term_req(e, &c2, P_LCP, 0x56, 100);
	CU_ASSERT_EQUAL(in(e, &c2, F, t_pppoe(F, &c2, &AC, ETH_DISC, PADT, c2.sid, NULL, 0), 110),
			PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	down_event(PPPOE_DOWN_PEER_TERMINATE);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->down[PPPOE_DOWN_PEER_TERMINATE], 2);
	pppoe_free(e);
}

static void
test_terminate_ours(void)
{
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 0, 0, 0);
	struct t_pkt k;
	uint8_t id;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, c.handle, PPPOE_DOWN_NONE, 10, &O), -EINVAL);
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, c.handle, PPPOE_DOWN_MAX, 10, &O), -EINVAL);
	O.n_frames = PPPOE_OUT_FRAMES;
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, c.handle, PPPOE_DOWN_ADMIN, 10, &O), -ENOBUFS);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, c.handle, PPPOE_DOWN_ADMIN, 10, &O), 0);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, c.handle, PPPOE_DOWN_AAA_DISCONNECT, 10, &O),
			-EALREADY);
	CU_ASSERT_EQUAL(t_lcp_state(e, &c), PPPOE_CP_CLOSING);
	ack_term(e, &c, PPPOE_DOWN_ADMIN, 20);

	/* unanswered: Max-Terminate (2) Terminate-Requests, then PADT */
	t_discover(e, &c2, 0);
	t_lcp_open(e, &c2, 0);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, c2.handle, PPPOE_DOWN_SESSION_TIMEOUT, 1000, &O),
			0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, TERM_REQ, &k));
	id = k.cp_id;
	CU_ASSERT_EQUAL(tick(e, 4000), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, TERM_REQ, &k));
	CU_ASSERT_NOT_EQUAL(k.cp_id, id);
	CU_ASSERT_PTR_NULL(t_find(ETH_DISC, PADT, 0, &k));
	CU_ASSERT_EQUAL(tick(e, 7000), 1);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_DISC, PADT, 0, &k));
	down_event(PPPOE_DOWN_SESSION_TIMEOUT);

	/* a session still in discovery's wake (LCP Req-Sent) is terminated the same way */
	c2 = t_client(3, 0, 0, 0);
	t_discover(e, &c2, 8000);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, c2.handle, PPPOE_DOWN_SHUTDOWN, 8000, &O), 0);
	ack_term(e, &c2, PPPOE_DOWN_SHUTDOWN, 8001);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->sessions_down, 3);
	pppoe_free(e);
}

static void
test_renegotiation(void)
{
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 0, 0);
	uint8_t opts[4] = { 1, 4, 0x05, 0xd4 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, 0x41, opts, 4, 10), PPPOE_R_OK);
	ack_term(e, &c, PPPOE_DOWN_RENEGOTIATION, 11);
	pppoe_free(e);
}

const CU_TestInfo pppoe_ppp_tests[] = {
	{ "LCP opens, bad Acks refused", test_lcp_open },
	{ "client Naks MRU, magic, auth", test_lcp_nak },
	{ "Rejects both ways", test_lcp_reject },
	{ "Max-Failure", test_max_failure },
	{ "loopback via Magic-Number", test_loopback },
	{ "restart timer, Max-Configure", test_restart_timer },
	{ "echo keepalive and its failure", test_echo },
	{ "Code-Reject, Protocol-Reject, Discard", test_rejects },
	{ "terminated by the client", test_terminate_peer },
	{ "terminated by us", test_terminate_ours },
	{ "renegotiation ends the session", test_renegotiation },
	CU_TEST_INFO_NULL,
};
