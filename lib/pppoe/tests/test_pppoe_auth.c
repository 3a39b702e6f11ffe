/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Authentication, IPCP and IPv6CP tests of pppoe (in binary unit-pppoe): PAP with
 * an accepting and a refusing asynchronous verdict (requests repeated while
 * pending and after the verdict, names too long); no request or no verdict
 * in time; CHAP-MD5: the challenge, its retransmission, the response
 * checked with pppoe_chap_md5_check(), Success and Failure; IPCP: nothing
 * before an address is assigned, the client's 0.0.0.0 and zero DNS Nak'd
 * with the assigned values, then Acked, our request Acked, SESSION_UP;
 * unknown options (compression, NBNS) and unassigned DNS rejected, the
 * address hinted to a client that does not ask, our IP-Address rejected;
 * the address deadline; IPCP closed, failing or renegotiated ending the
 * session; the query API. IPv6CP: Protocol-Rejected when off; when on,
 * opened with the network phase, Interface-Identifiers exchanged both ways;
 * the client's zero or colliding identifier Nak'd with a fresh one, other
 * options rejected; our identifier Nak'd (taken, or replaced when unusable)
 * and rejected; its Terminate-Request, renegotiation, Protocol-Reject and
 * Max-Configure leaving the IPv4 session up; an LCP Terminate-Request
 * taking it down with the session.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "bng_test.h"
#define T_NAME_PREFIX "a"
#include "test_pppoe_fixtures.h"

/* --- PAP -------------------------------------------------------------------------- */

static void
test_pap(void)
{
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 0, 0);
	const struct pppoe_event *ev;
	struct pppoe_session_info i;
	uint8_t ipcp[6] = { 3, 6, 0, 0, 0, 0 };
	char longname[PPPOE_USER_MAX + 2];
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	CU_ASSERT_EQUAL(O.n_frames, 1); /* our Ack; PAP: we wait */
	CU_ASSERT_EQUAL(pppoe_session_get(e, c.handle, 0, &i), 0);
	CU_ASSERT_EQUAL(i.phase, PPPOE_PH_AUTHENTICATE);
	CU_ASSERT_EQUAL(i.auth_proto, PPPOE_AUTH_PAP);
	/* no IPCP before authentication, no CHAP on a PAP session */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPCP, CONF_REQ, 1, ipcp, 6, 1), PPPOE_R_NOT_NOW);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_CHAP, 2, 1, ipcp, 6, 1), PPPOE_R_NOT_NOW);
	memset(longname, 'u', sizeof(longname));
	longname[PPPOE_USER_MAX + 1] = '\0';
	CU_ASSERT_EQUAL(t_pap(e, &c, 1, longname, "x", 1), PPPOE_R_AUTH_BAD);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_PAP, 1, 1, (const uint8_t *)"\x05" "al", 3, 1),
			PPPOE_R_AUTH_BAD);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_PAP, 2, 1, (const uint8_t *)"\0", 1, 1), PPPOE_R_AUTH_BAD);

	CU_ASSERT_EQUAL(t_pap(e, &c, 7, "alice", "secret", 2), PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	ev = t_event(PPPOE_EV_AUTH_REQUEST);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_EQUAL(ev->handle, c.handle);
	CU_ASSERT_EQUAL(ev->session_id, c.sid);
	CU_ASSERT_EQUAL(ev->auth_proto, PPPOE_AUTH_PAP);
	CU_ASSERT(ev->username_len == 5 && strcmp(ev->username, "alice") == 0);
	CU_ASSERT(ev->password_len == 6 && strcmp(ev->password, "secret") == 0);
	CU_ASSERT_EQUAL(memcmp(&ev->mac, &c.mac, 6), 0);
	/* repeated while the verdict is pending: dropped */
	CU_ASSERT_EQUAL(t_pap(e, &c, 7, "alice", "secret", 3), PPPOE_R_AUTH_PENDING);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);

	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_auth_result(e, c.handle, 1, "welcome", 4, &O), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_PAP, 2, &k));
	CU_ASSERT(k.cp_id == 7 && k.cp_len == 8 && k.cp_data[0] == 7 &&
		  memcmp(k.cp_data + 1, "welcome", 7) == 0);
	ev = t_event(PPPOE_EV_NETWORK);
	CU_ASSERT(ev != NULL && ev->handle == c.handle && strcmp(ev->username, "alice") == 0);
	CU_ASSERT_EQUAL(pppoe_auth_result(e, c.handle, 1, NULL, 4, &O), -EALREADY);
	/* repeated after the verdict (our Ack was lost): the Ack again */
	CU_ASSERT_EQUAL(t_pap(e, &c, 8, "alice", "secret", 5), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_PAP, 2, &k));
	CU_ASSERT_EQUAL(k.cp_id, 8);
	CU_ASSERT_EQUAL(O.n_events, 0);
	CU_ASSERT_EQUAL(pppoe_session_get(e, c.handle, 5, &i), 0);
	CU_ASSERT_EQUAL(i.phase, PPPOE_PH_NETWORK);
	CU_ASSERT_STRING_EQUAL(i.username, "alice");
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->auth_requests, 1);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->auth_ok, 1);
	pppoe_free(e);
}

static void
test_pap_refused(void)
{
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 0, 0);
	const struct pppoe_event *ev;
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	CU_ASSERT_EQUAL(t_pap(e, &c, 1, "mallory", "guess", 1), PPPOE_R_OK);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_auth_result(e, c.handle, 0, "bad password", 2, &O), 0);
	CU_ASSERT_EQUAL(O.n_frames, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_PAP, 3, &k)); /* Authenticate-Nak */
	CU_ASSERT(k.cp_id == 1 && k.cp_data[0] == 12 && memcmp(k.cp_data + 1, "bad password", 12) == 0);
	CU_ASSERT_PTR_NULL(t_event(PPPOE_EV_NETWORK));
	ack_term(e, &c, PPPOE_DOWN_AUTH_FAILED, 3);
	ev = t_event(PPPOE_EV_SESSION_DOWN);
	CU_ASSERT(ev != NULL && strcmp(ev->username, "mallory") == 0 && ev->was_up == 0);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->auth_fail, 1);
	pppoe_free(e);
}

static void
test_auth_timeout(void)
{
	struct pppoe_config cfg;
	struct pppoe *e;
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 0, 0, 0);

	pppoe_config_defaults(&cfg);
	cfg.n_auth = 1;
	cfg.auth[0] = PPPOE_AUTH_PAP;
	cfg.echo_interval_ms = 0;
	cfg.auth_timeout_ms = 5000;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	/* c never authenticates; c2 does, but the verdict never comes */
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	t_discover(e, &c2, 0);
	t_lcp_open(e, &c2, 0);
	CU_ASSERT_EQUAL(t_pap(e, &c2, 1, "bob", "pw", 100), PPPOE_R_OK);
	CU_ASSERT_EQUAL(tick(e, 4999), 2);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(tick(e, 5000), 2);
	CU_ASSERT_EQUAL(O.n_frames, 2); /* two Terminate-Requests */
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_auth_result(e, c2.handle, 1, NULL, 5001, &O), -EALREADY);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, TERM_ACK, 0, NULL, 0, 5002), PPPOE_R_OK);
	down_event(PPPOE_DOWN_AUTH_TIMEOUT);
	CU_ASSERT_EQUAL(cp_in(e, &c2, P_LCP, TERM_ACK, 0, NULL, 0, 5002), PPPOE_R_OK);
	down_event(PPPOE_DOWN_AUTH_TIMEOUT);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->down[PPPOE_DOWN_AUTH_TIMEOUT], 2);
	pppoe_free(e);
}

/* --- CHAP-MD5 ---------------------------------------------------------------------- */

/* The CHAP Response of a client knowing @p secret to challenge frame @p k. */
static enum pppoe_reason
chap_respond(struct pppoe *e, const struct t_client *c, const struct t_pkt *k, const char *secret,
	     const char *name, uint32_t now)
{
	uint8_t d[64];
	uint8_t nl = (uint8_t)strlen(name);

	d[0] = 16;
	pppoe_chap_md5(k->cp_id, secret, strlen(secret), k->cp_data + 1, k->cp_data[0], d + 1);
	memcpy(d + 17, name, nl);
	return cp_in(e, c, P_CHAP, 2, k->cp_id, d, (uint16_t)(17 + nl), now);
}

static void
test_chap(void)
{
	struct pppoe *e = mk(NULL);
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 0, 0, 0);
	const struct pppoe_event *ev;
	struct t_pkt k, ch;
	uint8_t d[32], chal[16];

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_CHAP, 1, &ch));
	CU_ASSERT_EQUAL(ch.cp_len, 1 + 16 + 3);
	CU_ASSERT_EQUAL(ch.cp_data[0], 16);
	CU_ASSERT_EQUAL(memcmp(ch.cp_data + 17, "bng", 3), 0);
	memcpy(chal, ch.cp_data + 1, 16);
	/* a response to another identifier, or of the wrong size */
	memset(d, 0, sizeof(d));
	d[0] = 16;
	CU_ASSERT_EQUAL(cp_in(e, &c, P_CHAP, 2, (uint8_t)(ch.cp_id + 1), d, 20, 1),
			PPPOE_R_CP_BAD_ID);
	d[0] = 8;
	CU_ASSERT_EQUAL(cp_in(e, &c, P_CHAP, 2, ch.cp_id, d, 12, 1), PPPOE_R_AUTH_BAD);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_PAP, 1, 1, d, 3, 1), PPPOE_R_NOT_NOW);

	/* O was reset: ch's bytes must come from our copy */
	ch.cp_data = d;
	d[0] = 16;
	memcpy(d + 1, chal, 16);
	CU_ASSERT_EQUAL(chap_respond(e, &c, &ch, "pass", "bob", 2), PPPOE_R_OK);
	ev = t_event(PPPOE_EV_AUTH_REQUEST);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_EQUAL(ev->auth_proto, PPPOE_AUTH_CHAP_MD5);
	CU_ASSERT_EQUAL(ev->chap_id, ch.cp_id);
	CU_ASSERT_STRING_EQUAL(ev->username, "bob");
	CU_ASSERT_EQUAL(memcmp(ev->challenge, chal, 16), 0);
	CU_ASSERT_EQUAL(ev->response_len, 16);
	CU_ASSERT_EQUAL(ev->password_len, 0);
	CU_ASSERT_EQUAL(pppoe_chap_md5_check(ev->chap_id, "pass", 4, ev->challenge, 16,
					     ev->response),
			1);
	CU_ASSERT_EQUAL(pppoe_chap_md5_check(ev->chap_id, "wrong", 5, ev->challenge, 16,
					     ev->response),
			0);
	CU_ASSERT_EQUAL(chap_respond(e, &c, &ch, "pass", "bob", 3), PPPOE_R_AUTH_PENDING);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_auth_result(e, c.handle, 1, "hi", 4, &O), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_CHAP, 3, &k)); /* Success */
	CU_ASSERT(k.cp_id == ch.cp_id && k.cp_len == 2 && memcmp(k.cp_data, "hi", 2) == 0);
	CU_ASSERT_PTR_NOT_NULL(t_event(PPPOE_EV_NETWORK));
	CU_ASSERT_EQUAL(chap_respond(e, &c, &ch, "pass", "bob", 5), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_CHAP, 3, &k)); /* again: our Success was lost */

	/* c2: the challenge repeated (same identifier and value), then Failure */
	t_discover(e, &c2, 10000);
	t_lcp_open(e, &c2, 10000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_CHAP, 1, &ch));
	memcpy(d, ch.cp_data, 17);
	CU_ASSERT_EQUAL(tick(e, 12999), 2);
	CU_ASSERT_PTR_NULL(t_find(ETH_SESS, P_CHAP, 1, &k));
	CU_ASSERT_EQUAL(tick(e, 13000), 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_CHAP, 1, &k));
	CU_ASSERT(k.cp_id == ch.cp_id && memcmp(k.cp_data, d, 17) == 0);
	CU_ASSERT_EQUAL(chap_respond(e, &c2, &k, "guess", "eve", 13001), PPPOE_R_OK);
	ev = t_event(PPPOE_EV_AUTH_REQUEST);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_EQUAL(pppoe_chap_md5_check(ev->chap_id, "pass", 4, ev->challenge, 16,
					     ev->response),
			0);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_auth_result(e, c2.handle, 0, NULL, 13002, &O), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_CHAP, 4, &k)); /* Failure */
	CU_ASSERT_EQUAL(k.cp_len, 0);
	ack_term(e, &c2, PPPOE_DOWN_AUTH_FAILED, 13003);
	pppoe_free(e);
}

/* --- IPCP -------------------------------------------------------------------------- */

#define A_SUB  t_addr(100, 64, 0, 10)
#define A_DNS1 t_addr(8, 8, 8, 8)
#define A_DNS2 t_addr(8, 8, 4, 4)

static uint16_t
opt_addr(uint8_t *p, uint8_t type, uint32_t a)
{
	p[0] = type;
	p[1] = 6;
	memcpy(p + 2, &a, 4);
	return 6;
}

/* IPCP to Opened with the addresses assigned; O holds SESSION_UP. */
static void
ipcp_up(struct pppoe *e, const struct t_client *c, uint32_t now)
{
	uint8_t o[18];
	struct t_pkt k;
	uint8_t id;

	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_ipcp_assign(e, c->handle, A_SUB, A_DNS1, A_DNS2, now, &O), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPCP, CONF_REQ, &k));
	id = k.cp_id;
	CU_ASSERT(k.cp_len == 6 && k.cp_data[0] == 3 && memcmp(k.cp_data + 2, "\xc0\x00\x02\x01", 4) == 0);
	/* the client knows nothing yet: Nak'd with what it gets */
	opt_addr(o, 3, 0);
	opt_addr(o + 6, 129, 0);
	opt_addr(o + 12, 131, 0);
	CU_ASSERT_EQUAL(cp_in(e, c, P_IPCP, CONF_REQ, 1, o, 18, now), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPCP, CONF_NAK, &k));
	CU_ASSERT_EQUAL(k.cp_len, 18);
	opt_addr(o, 3, A_SUB);
	opt_addr(o + 6, 129, A_DNS1);
	opt_addr(o + 12, 131, A_DNS2);
	CU_ASSERT_EQUAL(memcmp(k.cp_data, o, 18), 0);
	CU_ASSERT_EQUAL(cp_in(e, c, P_IPCP, CONF_REQ, 2, o, 18, now), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPCP, CONF_ACK, &k));
	CU_ASSERT(k.cp_id == 2 && k.cp_len == 18 && memcmp(k.cp_data, o, 18) == 0);
	CU_ASSERT_PTR_NULL(t_event(PPPOE_EV_SESSION_UP));
	opt_addr(o, 3, t_addr(192, 0, 2, 1));
	CU_ASSERT_EQUAL(cp_in(e, c, P_IPCP, CONF_ACK, id, o, 6, now), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_event(PPPOE_EV_SESSION_UP));
}

static void
test_ipcp_up(void)
{
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 100, 0);
	const struct pppoe_event *ev;
	struct pppoe_session_info i;
	uint8_t o[6];

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_to_network(e, &c, 0);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPCP, CONF_REQ, 1, o, opt_addr(o, 3, 0), 1),
			PPPOE_R_NOT_NOW); /* no address yet */
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_ipcp_assign(e, c.handle, 0, 0, 0, 1, &O), -EINVAL);
	CU_ASSERT_EQUAL(pppoe_ipcp_assign(e, c.handle, t_addr(127, 0, 0, 1), 0, 0, 1, &O), -EINVAL);
	CU_ASSERT_EQUAL(pppoe_ipcp_assign(e, c.handle, t_addr(224, 0, 0, 1), 0, 0, 1, &O), -EINVAL);
	ipcp_up(e, &c, 1000);
	ev = t_event(PPPOE_EV_SESSION_UP);
	CU_ASSERT_FATAL(ev != NULL);
	CU_ASSERT_EQUAL(ev->handle, c.handle);
	CU_ASSERT_EQUAL(ev->session_id, c.sid);
	CU_ASSERT_EQUAL(ev->port, 0);
	CU_ASSERT_EQUAL(ev->svlan, 100);
	CU_ASSERT_EQUAL(ev->cvlan, 0);
	CU_ASSERT_EQUAL(memcmp(&ev->mac, &c.mac, 6), 0);
	CU_ASSERT_EQUAL(ev->addr, A_SUB);
	CU_ASSERT_EQUAL(ev->dns1, A_DNS1);
	CU_ASSERT_EQUAL(ev->dns2, A_DNS2);
	CU_ASSERT_EQUAL(ev->mru, 1492);
	CU_ASSERT_STRING_EQUAL(ev->username, "alice");
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_ipcp_assign(e, c.handle, A_SUB, 0, 0, 1000, &O), -EALREADY);
	CU_ASSERT_EQUAL(pppoe_session_get(e, c.handle, 4000, &i), 0);
	CU_ASSERT(i.up == 1 && i.ipcp_state == PPPOE_CP_OPENED && i.lcp_state == PPPOE_CP_OPENED);
	CU_ASSERT_EQUAL(i.uptime_ms, 3000);
	CU_ASSERT_EQUAL(i.addr, A_SUB);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->sessions_up, 1);

	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_DISC, PADT, c.sid, NULL, 0), 5000),
			PPPOE_R_OK);
	ev = down_event(PPPOE_DOWN_PADT);
	CU_ASSERT(ev != NULL && ev->was_up == 1 && ev->uptime_ms == 4000 &&
		  ev->duration_ms == 5000 && ev->addr == A_SUB);
	pppoe_free(e);
}

static void
test_ipcp_options(void)
{
	static const uint8_t comp[6] = { 2, 6, 0x00, 0x2d, 0x0f, 0x01 }; /* VJ */
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 0, 0);
	uint8_t o[32];
	struct t_pkt k;
	uint16_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_to_network(e, &c, 0);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_ipcp_assign(e, c.handle, A_SUB, 0, 0, 1, &O), 0); /* no DNS */
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPCP, CONF_REQ, &k));
	memcpy(o, comp, 6);
	n = 6;
	n = (uint16_t)(n + opt_addr(o + n, 3, 0));
	n = (uint16_t)(n + opt_addr(o + n, 130, 0)); /* NBNS */
	n = (uint16_t)(n + opt_addr(o + n, 129, 0)); /* DNS, none assigned */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPCP, CONF_REQ, 1, o, n, 2), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPCP, CONF_REJ, &k));
	CU_ASSERT_EQUAL(k.cp_len, 18);
	CU_ASSERT(memcmp(k.cp_data, comp, 6) == 0 && k.cp_data[6] == 130 && k.cp_data[12] == 129);
	/* a client asking no address is told it */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPCP, CONF_REQ, 2, NULL, 0, 3), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPCP, CONF_NAK, &k));
	CU_ASSERT(k.cp_len == 6 && k.cp_data[0] == 3);
	opt_addr(o, 3, A_SUB);
	CU_ASSERT_EQUAL(memcmp(k.cp_data, o, 6), 0);
	/* our IP-Address Nak'd: kept; rejected: left out */
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(tick(e, 3001), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPCP, CONF_REQ, &k));
	opt_addr(o, 3, t_addr(10, 0, 0, 1));
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPCP, CONF_NAK, k.cp_id, o, 6, 3002), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPCP, CONF_REQ, &k));
	CU_ASSERT(k.cp_len == 6 && memcmp(k.cp_data + 2, "\xc0\x00\x02\x01", 4) == 0);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPCP, CONF_REJ, k.cp_id, k.cp_data, 6, 3003), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPCP, CONF_REQ, &k));
	CU_ASSERT_EQUAL(k.cp_len, 0);
	/* then it all comes together: Ack both ways, SESSION_UP */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPCP, CONF_ACK, k.cp_id, NULL, 0, 3004), PPPOE_R_OK);
	opt_addr(o, 3, A_SUB);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPCP, CONF_REQ, 3, o, 6, 3005), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_IPCP, CONF_ACK, &k));
	CU_ASSERT_PTR_NOT_NULL(t_event(PPPOE_EV_SESSION_UP));
	/* IPCP codes beyond 7 are Code-Rejected by IPCP */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPCP, ECHO_REQ, 4, o, 4, 3006), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_IPCP, CODE_REJ, &k));
	pppoe_free(e);
}

static void
test_addr_timeout(void)
{
	struct pppoe_config cfg;
	struct pppoe *e;
	struct t_client c = t_client(1, 0, 0, 0);

	pppoe_config_defaults(&cfg);
	cfg.n_auth = 0; /* no authentication: LCP up, straight to the network phase */
	cfg.echo_interval_ms = 0;
	cfg.addr_timeout_ms = 2000;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	CU_ASSERT_PTR_NOT_NULL(t_event(PPPOE_EV_NETWORK));
	CU_ASSERT_EQUAL(tick(e, 1999), 1);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(tick(e, 2000), 1);
	ack_term(e, &c, PPPOE_DOWN_ADDR_TIMEOUT, 2001);
	pppoe_free(e);
}

static void
test_ipcp_down(void)
{
	struct pppoe_config cfg;
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 0, 0, 0);
	uint8_t o[6];
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	/* the client closes IPCP: Terminate-Ack, then the session ends */
	t_to_network(e, &c, 0);
	ipcp_up(e, &c, 0);
	t_term_req(e, &c, P_IPCP, 9, 10);
	ack_term(e, &c, PPPOE_DOWN_NCP_DOWN, 11);
	/* IPCP renegotiated on an open link */
	t_to_network(e, &c2, 0);
	ipcp_up(e, &c2, 0);
	CU_ASSERT_EQUAL(cp_in(e, &c2, P_IPCP, CONF_REQ, 9, o, opt_addr(o, 3, A_SUB), 10),
			PPPOE_R_OK);
	ack_term(e, &c2, PPPOE_DOWN_RENEGOTIATION, 11);
	pppoe_free(e);

	/* IPCP never answered: Max-Configure, then the session ends */
	pppoe_config_defaults(&cfg);
	cfg.n_auth = 0;
	cfg.echo_interval_ms = 0;
	cfg.max_configure = 2;
	cfg.restart_ms = 1000;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	c = t_client(3, 0, 0, 0);
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_ipcp_assign(e, c.handle, A_SUB, 0, 0, 0, &O), 0);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_IPCP, CONF_REQ, &k));
	CU_ASSERT_EQUAL(tick(e, 1000), 1);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_IPCP, CONF_REQ, &k));
	CU_ASSERT_EQUAL(tick(e, 2000), 1);
	CU_ASSERT_PTR_NULL(t_find(ETH_SESS, P_IPCP, CONF_REQ, &k));
	ack_term(e, &c, PPPOE_DOWN_IPCP_FAILED, 2001);
	pppoe_free(e);
}

static void
test_query(void)
{
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 1, 7, 8);
	struct pppoe_session_info i;
	uint32_t cursor = 0, seen = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_to_network(e, &c, 0);
	ipcp_up(e, &c, 0);
	t_discover(e, &c2, 0);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 2);
	CU_ASSERT_EQUAL(pppoe_session_next(e, NULL, 0, &i), -EINVAL);
	while (pppoe_session_next(e, &cursor, 100, &i) == 0 && seen < 10) {
		seen++;
		if (i.handle == c.handle) {
			CU_ASSERT_STRING_EQUAL(i.username, "alice");
			CU_ASSERT(i.up && i.addr == A_SUB && i.phase == PPPOE_PH_NETWORK);
			CU_ASSERT_EQUAL(i.auth_proto, PPPOE_AUTH_PAP);
		} else {
			CU_ASSERT_EQUAL(i.handle, c2.handle);
			CU_ASSERT(i.port == 1 && i.svlan == 7 && i.cvlan == 8);
			CU_ASSERT_EQUAL(i.lcp_state, PPPOE_CP_REQ_SENT);
			CU_ASSERT_EQUAL(i.phase, PPPOE_PH_ESTABLISH);
			CU_ASSERT_EQUAL(i.username[0], '\0');
		}
		CU_ASSERT_EQUAL(i.age_ms, 100);
	}
	CU_ASSERT_EQUAL(seen, 2);
	CU_ASSERT_EQUAL(pppoe_session_get(e, c.handle ^ 0x10000, 0, &i), -ENOENT);
	pppoe_free(e);
}

/* --- IPv6CP -------------------------------------------------------------------------- */

#define IFID_PEER  UINT64_C(0x0211223344556677)
#define IFID_U_BIT (UINT64_C(1) << 57)

/** An engine offering PAP, IPv6CP on; restart timer 1 s, @p max_configure tries. */
static struct pppoe *
mk_v6(uint8_t max_configure)
{
	struct pppoe_config cfg;

	pppoe_config_defaults(&cfg);
	cfg.n_auth = 1;
	cfg.auth[0] = PPPOE_AUTH_PAP;
	cfg.echo_interval_ms = 0;
	cfg.local_addr = t_addr(192, 0, 2, 1);
	cfg.restart_ms = 1000;
	cfg.max_configure = max_configure;
	cfg.ipv6 = 1;
	return mk(&cfg);
}

static uint16_t
opt_ifid(uint8_t *p, uint64_t id)
{
	p[0] = 1;
	p[1] = 10;
	t_put32(p + 2, (uint32_t)(id >> 32));
	t_put32(p + 6, (uint32_t)id);
	return 10;
}

/* The Interface-Identifier of control packet @p k: 0 when it has none. */
static uint64_t
ifid_of(const struct t_pkt *k)
{
	uint8_t ol = 0;
	const uint8_t *o = t_opt_find(k->cp_data, k->cp_len, 1, &ol);

	CU_ASSERT(o == NULL || ol == 10);
	return o == NULL || ol != 10 ? 0 : (uint64_t)t_get32(o + 2) << 32 | t_get32(o + 6);
}

/* Our IPv6CP Configure-Request in O, checked: one option, an Interface-Identifier
 * that is nonzero and says it is not a global one. @return it, 0 when none. */
static uint64_t
v6_req(struct t_pkt *k)
{
	uint64_t id;

	if (t_find(ETH_SESS, P_IPV6CP, CONF_REQ, k) == NULL)
		return 0;
	id = ifid_of(k);
	CU_ASSERT_EQUAL(k->cp_len, 10);
	CU_ASSERT_EQUAL(id & IFID_U_BIT, 0);
	return id;
}

static struct pppoe_session_info
info(struct pppoe *e, const struct t_client *c, uint32_t now)
{
	struct pppoe_session_info i;

	memset(&i, 0, sizeof(i));
	CU_ASSERT_EQUAL(pppoe_session_get(e, c->handle, now, &i), 0);
	return i;
}

/* Network phase, then IPv6CP to Opened: the client's IFID_PEER Acked, ours
 * Acked by the client. @return our identifier. */
static uint64_t
v6_up(struct pppoe *e, struct t_client *c, uint32_t now)
{
	uint8_t o[10];
	struct t_pkt k;
	uint64_t ours;
	uint8_t id;

	t_to_network(e, c, now);
	ours = v6_req(&k);
	CU_ASSERT_NOT_EQUAL_FATAL(ours, 0);
	id = k.cp_id;
	CU_ASSERT_EQUAL(cp_in(e, c, P_IPV6CP, CONF_REQ, 0x60, o, opt_ifid(o, IFID_PEER), now),
			PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPV6CP, CONF_ACK, &k));
	CU_ASSERT(k.cp_id == 0x60 && ifid_of(&k) == IFID_PEER);
	CU_ASSERT_EQUAL(info(e, c, now).ipv6cp_state, PPPOE_CP_ACK_SENT);
	CU_ASSERT_EQUAL(cp_in(e, c, P_IPV6CP, CONF_ACK, id, o, opt_ifid(o, ours), now), PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0); /* nothing for the caller to do */
	CU_ASSERT_EQUAL(info(e, c, now).ipv6cp_state, PPPOE_CP_OPENED);
	return ours;
}

/* The session goes on: LCP and IPCP opened, up, nothing ended. */
static void
v4_still_up(struct pppoe *e, const struct t_client *c, uint32_t now)
{
	struct pppoe_session_info i = info(e, c, now);

	CU_ASSERT(i.up && i.lcp_state == PPPOE_CP_OPENED && i.ipcp_state == PPPOE_CP_OPENED);
	CU_ASSERT_PTR_NULL(t_event(PPPOE_EV_SESSION_DOWN));
}

static void
test_ipv6cp_off(void)
{
	struct pppoe *e = mk_pap(0);
	struct t_client c = t_client(1, 0, 0, 0);
	uint8_t o[10];
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_to_network(e, &c, 0);
	CU_ASSERT_PTR_NULL(t_find(ETH_SESS, P_IPV6CP, CONF_REQ, &k));
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 1, o, opt_ifid(o, IFID_PEER), 1),
			PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, PROTO_REJ, &k));
	CU_ASSERT(k.cp_len == 16 && t_get16(k.cp_data) == P_IPV6CP && k.cp_data[2] == CONF_REQ);
	CU_ASSERT_EQUAL(info(e, &c, 1).ipv6cp_state, PPPOE_CP_INITIAL);
	CU_ASSERT_EQUAL(info(e, &c, 1).ifid, 0);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->ipv6cp_out, 0);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->lcp_proto_rej_out, 1);
	ipcp_up(e, &c, 2);
	pppoe_free(e);
}

static void
test_ipv6cp_up(void)
{
	struct pppoe *e = mk_v6(10);
	struct t_client c = t_client(1, 0, 0, 0);
	struct pppoe_session_info i;
	uint8_t o[10];
	uint64_t ours;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	/* before the network phase: silently discarded (RFC 5072 3) */
	t_discover(e, &c, 0);
	t_lcp_open(e, &c, 0);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 1, o, opt_ifid(o, IFID_PEER), 1),
			PPPOE_R_NOT_NOW);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, c.handle, PPPOE_DOWN_ADMIN, 2, &O), 0);
	ack_term(e, &c, PPPOE_DOWN_ADMIN, 3);

	/* it opens with the network phase, before any address */
	c = t_client(2, 0, 0, 0);
	ours = v6_up(e, &c, 10);
	i = info(e, &c, 10);
	CU_ASSERT(i.ifid == ours && i.peer_ifid == IFID_PEER);
	CU_ASSERT(i.up == 0 && i.ipcp_state == PPPOE_CP_INITIAL && i.phase == PPPOE_PH_NETWORK);
	/* IPCP and SESSION_UP as ever; IPv6CP stays open */
	ipcp_up(e, &c, 20);
	i = info(e, &c, 20);
	CU_ASSERT(i.up == 1 && i.ipv6cp_state == PPPOE_CP_OPENED && i.ifid == ours);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->ipv6cp_in, 3);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->ipv6cp_out, 2);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->lcp_proto_rej_out, 0);
	/* IPv6 data is the data plane's, like IPv4 */
	t_put16(o, 0x0057);
	memset(o + 2, 0x60, 8);
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, o, 10), 21),
			PPPOE_R_DATA_FRAME);
	pppoe_free(e);
}

static void
test_ipv6cp_client_id(void)
{
	static const uint8_t comp[4] = { 2, 4, 0x00, 0x4f }; /* IPv6-Compression-Protocol */
	struct pppoe *e = mk_v6(10);
	struct t_client c = t_client(1, 0, 0, 0);
	uint8_t o[32];
	struct t_pkt k;
	uint64_t ours, sugg;
	uint16_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_to_network(e, &c, 0);
	ours = v6_req(&k);
	CU_ASSERT_NOT_EQUAL_FATAL(ours, 0);
	/* zero: Nak'd with a suggestion, nonzero and not ours */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 1, o, opt_ifid(o, 0), 1), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPV6CP, CONF_NAK, &k));
	sugg = ifid_of(&k);
	CU_ASSERT(k.cp_id == 1 && k.cp_len == 10);
	CU_ASSERT(sugg != 0 && sugg != ours && (sugg & IFID_U_BIT) == 0);
	/* ours: the same */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 2, o, opt_ifid(o, ours), 2), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPV6CP, CONF_NAK, &k));
	CU_ASSERT(ifid_of(&k) != 0 && ifid_of(&k) != ours);
	CU_ASSERT_EQUAL(info(e, &c, 2).ipv6cp_state, PPPOE_CP_REQ_SENT);
	/* anything else is rejected, alone */
	n = opt_ifid(o, sugg);
	memcpy(o + n, comp, sizeof(comp));
	n = (uint16_t)(n + sizeof(comp));
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 3, o, n, 3), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPV6CP, CONF_REJ, &k));
	CU_ASSERT(k.cp_len == 4 && memcmp(k.cp_data, comp, 4) == 0);
	/* an Interface-Identifier of the wrong length too */
	o[1] = 6;
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 4, o, 6, 4), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_IPV6CP, CONF_REJ, &k));
	/* the suggestion taken: Acked */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 5, o, opt_ifid(o, sugg), 5), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPV6CP, CONF_ACK, &k));
	CU_ASSERT_EQUAL(ifid_of(&k), sugg);
	CU_ASSERT_EQUAL(info(e, &c, 5).peer_ifid, sugg);
	CU_ASSERT_EQUAL(info(e, &c, 5).ipv6cp_state, PPPOE_CP_ACK_SENT);
	pppoe_free(e);
}

static void
test_ipv6cp_our_id(void)
{
	struct pppoe *e = mk_v6(10);
	struct t_client c = t_client(1, 0, 0, 0);
	uint8_t o[10];
	struct t_pkt k;
	uint64_t ours, next;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_to_network(e, &c, 0);
	ours = v6_req(&k);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 0x60, o, opt_ifid(o, IFID_PEER), 1),
			PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_IPV6CP, CONF_ACK, &k));
	/* Nak'd with a usable suggestion: taken */
	CU_ASSERT_EQUAL(v6_req(&k), 0); /* O held the Ack only */
	CU_ASSERT_EQUAL(tick(e, 1000), 1); /* our retransmission, Nak'd below */
	CU_ASSERT_EQUAL(v6_req(&k), ours);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_NAK, k.cp_id, o, opt_ifid(o, 0x1234), 1001),
			PPPOE_R_OK);
	CU_ASSERT_EQUAL(v6_req(&k), 0x1234);
	CU_ASSERT_EQUAL(info(e, &c, 1001).ifid, 0x1234);
	/* Nak'd with zero, or with the client's own: a fresh one of ours */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_NAK, k.cp_id, o, opt_ifid(o, 0), 1002),
			PPPOE_R_OK);
	next = v6_req(&k);
	CU_ASSERT(next != 0 && next != IFID_PEER && next != 0x1234);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_NAK, k.cp_id, o, opt_ifid(o, IFID_PEER), 1003),
			PPPOE_R_OK);
	ours = v6_req(&k);
	CU_ASSERT(ours != 0 && ours != IFID_PEER);
	/* a stale Nak, and a Reject of what we did not send, are refused */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_NAK, (uint8_t)(k.cp_id - 1), o, 10, 1004),
			PPPOE_R_CP_BAD_ID);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REJ, k.cp_id, (const uint8_t *)"\2\4\0\x4f", 4,
			      1004),
			PPPOE_R_CP_BAD_REPLY);
	/* rejected: never sent again; an empty request Acked opens it */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REJ, k.cp_id, k.cp_data, k.cp_len, 1005),
			PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_IPV6CP, CONF_REQ, &k));
	CU_ASSERT_EQUAL(k.cp_len, 0);
	CU_ASSERT_EQUAL(info(e, &c, 1005).ifid, 0);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_ACK, k.cp_id, NULL, 0, 1006), PPPOE_R_OK);
	CU_ASSERT_EQUAL(info(e, &c, 1006).ipv6cp_state, PPPOE_CP_OPENED);
	CU_ASSERT_EQUAL(info(e, &c, 1006).peer_ifid, IFID_PEER);
	pppoe_free(e);
}

static void
test_ipv6cp_down(void)
{
	struct pppoe *e = mk_v6(10);
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 0, 0, 0);
	uint8_t o[32];
	struct t_pkt k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	v6_up(e, &c, 0);
	ipcp_up(e, &c, 0);
	/* the client closes IPv6CP: Terminate-Ack, a restart time, Stopped;
	 * IPv4 goes on */
	t_term_req(e, &c, P_IPV6CP, 9, 10);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	v4_still_up(e, &c, 10);
	CU_ASSERT_EQUAL(info(e, &c, 10).ipv6cp_state, PPPOE_CP_STOPPING);
	CU_ASSERT_EQUAL(tick(e, 1010), 1);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);
	CU_ASSERT_EQUAL(info(e, &c, 1010).ipv6cp_state, PPPOE_CP_STOPPED);
	v4_still_up(e, &c, 1010);
	/* and opens it again later: a new negotiation */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 10, o, opt_ifid(o, IFID_PEER), 1100),
			PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_IPV6CP, CONF_ACK, &k));
	CU_ASSERT_NOT_EQUAL(v6_req(&k), 0);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_ACK, k.cp_id, k.cp_data, k.cp_len, 1101),
			PPPOE_R_OK);
	CU_ASSERT_EQUAL(info(e, &c, 1101).ipv6cp_state, PPPOE_CP_OPENED);
	/* renegotiated on an open link: allowed, unlike IPCP */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 11, o, opt_ifid(o, IFID_PEER + 1), 1200),
			PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_IPV6CP, CONF_ACK, &k));
	CU_ASSERT_NOT_EQUAL(v6_req(&k), 0);
	CU_ASSERT_EQUAL(info(e, &c, 1200).ipv6cp_state, PPPOE_CP_ACK_SENT);
	CU_ASSERT_EQUAL(info(e, &c, 1200).peer_ifid, IFID_PEER + 1);
	v4_still_up(e, &c, 1200);
	/* the client's LCP Terminate-Request takes IPv6CP down with the session */
	t_term_req(e, &c, P_LCP, 0x70, 1300);
	CU_ASSERT_EQUAL(info(e, &c, 1300).ipv6cp_state, PPPOE_CP_STARTING);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_IPV6CP, CONF_REQ, 12, NULL, 0, 1301), PPPOE_R_NOT_NOW);
	CU_ASSERT_EQUAL(tick(e, 2300), 1);
	CU_ASSERT_PTR_NULL(t_find(ETH_SESS, P_IPV6CP, CONF_REQ, &k));
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_DISC, PADT, 0, &k));
	down_event(PPPOE_DOWN_PEER_TERMINATE);

	/* the client Protocol-Rejects IPv6CP: it stops; IPv4 goes on */
	t_to_network(e, &c2, 5000);
	CU_ASSERT_NOT_EQUAL_FATAL(v6_req(&k), 0);
	t_put16(o, P_IPV6CP);
	memcpy(o + 2, k.pl + 2, 14);
	CU_ASSERT_EQUAL(cp_in(e, &c2, P_LCP, PROTO_REJ, 3, o, 16, 5001), PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(info(e, &c2, 5001).ipv6cp_state, PPPOE_CP_STOPPED);
	ipcp_up(e, &c2, 5002);
	for (uint32_t t = 6000; t <= 20000; t += 1000) {
		tick(e, t);
		CU_ASSERT_PTR_NULL(t_find(ETH_SESS, P_IPV6CP, CONF_REQ, &k));
	}
	v4_still_up(e, &c2, 20000);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->sessions_down, 1);
	pppoe_free(e);
}

static void
test_ipv6cp_restart(void)
{
	struct pppoe *e = mk_v6(3);
	struct t_client c = t_client(1, 0, 0, 0);
	struct t_pkt k;
	uint64_t ours;
	uint8_t ids[3];

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_to_network(e, &c, 0);
	ours = v6_req(&k);
	ids[0] = k.cp_id;
	ipcp_up(e, &c, 10);
	/* unanswered: the same request under a new identifier, each restart time */
	CU_ASSERT_EQUAL(tick(e, 999), 1);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(tick(e, 1000), 1);
	CU_ASSERT_EQUAL(v6_req(&k), ours);
	ids[1] = k.cp_id;
	CU_ASSERT_EQUAL(tick(e, 2000), 1);
	CU_ASSERT_EQUAL(v6_req(&k), ours);
	ids[2] = k.cp_id;
	CU_ASSERT(ids[0] != ids[1] && ids[1] != ids[2]);
	/* Max-Configure spent: IPv6CP gives up, the session does not */
	CU_ASSERT_EQUAL(tick(e, 3000), 1);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);
	CU_ASSERT_EQUAL(info(e, &c, 3000).ipv6cp_state, PPPOE_CP_STOPPED);
	CU_ASSERT_EQUAL(tick(e, 4000), 1);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	v4_still_up(e, &c, 4000);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->ipv6cp_out, 3);
	pppoe_free(e);
}

const CU_TestInfo pppoe_ipv6cp_tests[] = {
	{ "IPv6CP off: Protocol-Rejected", test_ipv6cp_off },
	{ "IPv6CP opens, identifiers exchanged", test_ipv6cp_up },
	{ "client's identifier: zero, ours Nak'd; options rejected", test_ipv6cp_client_id },
	{ "our identifier Nak'd and rejected", test_ipv6cp_our_id },
	{ "IPv6CP closed, renegotiated, rejected: IPv4 goes on", test_ipv6cp_down },
	{ "IPv6CP restart timer, Max-Configure", test_ipv6cp_restart },
	CU_TEST_INFO_NULL,
};

const CU_TestInfo pppoe_auth_tests[] = {
	{ "PAP accepted, asynchronously", test_pap },
	{ "PAP refused", test_pap_refused },
	{ "no credentials, no verdict", test_auth_timeout },
	{ "CHAP-MD5", test_chap },
	{ "IPCP: 0.0.0.0 Nak'd, SESSION_UP", test_ipcp_up },
	{ "IPCP options rejected and hinted", test_ipcp_options },
	{ "no address in time", test_addr_timeout },
	{ "IPCP closed, renegotiated, failing", test_ipcp_down },
	{ "session query", test_query },
	CU_TEST_INFO_NULL,
};
