/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The authentication phase, authenticator side: PAP (RFC 1334 2) waits for
 * the client's Authenticate-Request, CHAP-MD5 (RFC 1994 4) sends a 16-byte
 * random Challenge (retransmitted every restart_ms, max_configure times)
 * and takes the Response. Either way the credentials go to the caller as a
 * PPPOE_EV_AUTH_REQUEST and the engine waits, without a timer of its own
 * beyond auth_timeout_ms, for pppoe_auth_result(). A request repeated
 * while the verdict is pending is dropped; one repeated after it gets the
 * same answer again (the client's copy of it was lost).
 */
#include <errno.h>
#include <string.h>

#include <rte_random.h>

#include "pppoe_priv.h"

#define PAP_AUTH_REQ 1
#define PAP_AUTH_ACK 2
#define PAP_AUTH_NAK 3
#define CHAP_CHALLENGE 1
#define CHAP_RESPONSE  2
#define CHAP_SUCCESS   3
#define CHAP_FAILURE   4

static void
chap_challenge(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	uint8_t buf[1 + PPPOE_CHALLENGE_LEN + PPPOE_AC_NAME_MAX];
	uint16_t nl = (uint16_t)strlen(e->cfg.ac_name);

	buf[0] = PPPOE_CHALLENGE_LEN;
	memcpy(buf + 1, s->challenge, PPPOE_CHALLENGE_LEN);
	memcpy(buf + 1 + PPPOE_CHALLENGE_LEN, e->cfg.ac_name, nl);
	pppoe_cp_send(e, s, PPP_CHAP, CHAP_CHALLENGE, s->auth_id, buf,
		      (uint16_t)(1 + PPPOE_CHALLENGE_LEN + nl), out);
	if (s->auth_retx > 0)
		s->auth_retx--;
	s->t_chap = 1;
	s->chap_deadline = now + e->cfg.restart_ms;
}

void
pppoe_auth_start(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	s->phase = PPPOE_PH_AUTHENTICATE;
	s->auth_state = AUTH_ST_WAIT_PEER;
	s->t_auth = 1;
	s->auth_deadline = now + e->cfg.auth_timeout_ms;
	if (s->auth_proto != PPPOE_AUTH_CHAP_MD5)
		return;
	for (unsigned int i = 0; i < PPPOE_CHALLENGE_LEN; i += 8) {
		uint64_t r = rte_rand();

		memcpy(s->challenge + i, &r, 8);
	}
	s->auth_id = (uint8_t)rte_rand();
	s->auth_retx = e->cfg.max_configure;
	chap_challenge(e, s, now, out);
}

/* Authenticate-Ack/-Nak (a Msg-Length octet) or Success/Failure (the bare message). */
static void
verdict_send(struct pppoe *e, struct pppoe_sess *s, uint8_t id, struct pppoe_out *out)
{
	uint8_t ml = s->msg_len;

	if (s->auth_proto == PPPOE_AUTH_PAP)
		pppoe_cp_send2(e, s, PPP_PAP, s->auth_ok ? PAP_AUTH_ACK : PAP_AUTH_NAK, id, &ml, 1,
			       (const uint8_t *)s->msg, s->msg_len, out);
	else
		pppoe_cp_send(e, s, PPP_CHAP, s->auth_ok ? CHAP_SUCCESS : CHAP_FAILURE, id,
			      (const uint8_t *)s->msg, s->msg_len, out);
}

static void
user_set(struct pppoe_sess *s, const uint8_t *name, uint8_t len)
{
	memcpy(s->user, name, len);
	s->user[len] = '\0';
	s->user_len = len;
}

enum pppoe_reason
pppoe_pap_input(struct pppoe *e, struct pppoe_sess *s, const uint8_t *p, uint16_t len,
		uint32_t now, struct pppoe_out *out)
{
	struct pppoe_cp_rx cp;
	enum pppoe_reason r = pppoe_cp_parse(p, len, &cp);
	struct pppoe_event *ev;
	uint8_t ul, pl;

	RTE_SET_USED(now);
	if (r != PPPOE_R_OK)
		return r;
	if (s->auth_proto != PPPOE_AUTH_PAP || s->auth_state == AUTH_ST_IDLE || s->closing)
		return PPPOE_R_NOT_NOW;
	if (cp.code != PAP_AUTH_REQ)
		return PPPOE_R_AUTH_BAD; /* Ack and Nak go from us, not to us */
	if (s->auth_state == AUTH_ST_WAIT_VERDICT)
		return PPPOE_R_AUTH_PENDING;
	if (s->auth_state == AUTH_ST_DONE) {
		verdict_send(e, s, cp.id, out);
		return PPPOE_R_OK;
	}
	/* Peer-ID Length, Peer-ID, Passwd-Length, Password (RFC 1334 2.2.1) */
	if (cp.len < 2)
		return PPPOE_R_AUTH_BAD;
	ul = cp.data[0];
	if (ul > PPPOE_USER_MAX || 2u + ul > cp.len)
		return PPPOE_R_AUTH_BAD;
	pl = cp.data[1 + ul];
	if (pl > PPPOE_PASS_MAX || 2u + ul + pl > cp.len)
		return PPPOE_R_AUTH_BAD;
	user_set(s, cp.data + 1, ul);
	s->auth_id = cp.id;
	s->auth_state = AUTH_ST_WAIT_VERDICT;
	ev = pppoe_event_put(out, PPPOE_EV_AUTH_REQUEST, s);
	if (ev != NULL) {
		memcpy(ev->password, cp.data + 2 + ul, pl);
		ev->password_len = pl;
	}
	e->st.auth_requests++;
	return PPPOE_R_OK;
}

enum pppoe_reason
pppoe_chap_input(struct pppoe *e, struct pppoe_sess *s, const uint8_t *p, uint16_t len,
		 uint32_t now, struct pppoe_out *out)
{
	struct pppoe_cp_rx cp;
	enum pppoe_reason r = pppoe_cp_parse(p, len, &cp);
	struct pppoe_event *ev;
	uint16_t nl;

	RTE_SET_USED(now);
	if (r != PPPOE_R_OK)
		return r;
	if (s->auth_proto != PPPOE_AUTH_CHAP_MD5 || s->auth_state == AUTH_ST_IDLE || s->closing)
		return PPPOE_R_NOT_NOW;
	if (cp.code != CHAP_RESPONSE)
		return PPPOE_R_AUTH_BAD;
	/* 4.1: a Response answers the Challenge of the same Identifier */
	if (cp.id != s->auth_id)
		return PPPOE_R_CP_BAD_ID;
	if (s->auth_state == AUTH_ST_WAIT_VERDICT)
		return PPPOE_R_AUTH_PENDING;
	if (s->auth_state == AUTH_ST_DONE) {
		verdict_send(e, s, cp.id, out);
		return PPPOE_R_OK;
	}
	/* Value-Size, Value (MD5: 16 octets), Name (the rest) */
	if (cp.len < 1 || cp.data[0] != PPPOE_MD5_LEN || cp.len < 1 + PPPOE_MD5_LEN)
		return PPPOE_R_AUTH_BAD;
	nl = (uint16_t)(cp.len - 1 - PPPOE_MD5_LEN);
	if (nl > PPPOE_USER_MAX)
		return PPPOE_R_AUTH_BAD;
	user_set(s, cp.data + 1 + PPPOE_MD5_LEN, (uint8_t)nl);
	s->auth_state = AUTH_ST_WAIT_VERDICT;
	s->t_chap = 0;
	ev = pppoe_event_put(out, PPPOE_EV_AUTH_REQUEST, s);
	if (ev != NULL) {
		ev->chap_id = cp.id;
		memcpy(ev->challenge, s->challenge, PPPOE_CHALLENGE_LEN);
		memcpy(ev->response, cp.data + 1, PPPOE_MD5_LEN);
		ev->response_len = PPPOE_MD5_LEN;
	}
	e->st.auth_requests++;
	return PPPOE_R_OK;
}

void
pppoe_auth_timer(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	if (s->t_chap && bng_time_after(now, s->chap_deadline)) {
		s->t_chap = 0;
		if (s->auth_state == AUTH_ST_WAIT_PEER && s->auth_retx > 0)
			chap_challenge(e, s, now, out);
	}
	if (s->t_auth && bng_time_after(now, s->auth_deadline)) {
		s->t_auth = 0;
		pppoe_sess_close(e, s, PPPOE_DOWN_AUTH_TIMEOUT, now, out);
	}
}

int
pppoe_auth_result(struct pppoe *e, uint32_t handle, int ok, const char *message, uint32_t now_ms,
		  struct pppoe_out *out)
{
	struct pppoe_sess *s;
	size_t ml;

	if (e == NULL || out == NULL)
		return -EINVAL;
	s = pppoe_sess_by_handle(e, handle);
	if (s == NULL)
		return -ENOENT;
	if (s->closing || s->auth_state != AUTH_ST_WAIT_VERDICT)
		return -EALREADY;
	if (!pppoe_out_room(out))
		return -ENOBUFS;
	ml = message != NULL ? strnlen(message, PPPOE_MSG_MAX) : 0;
	memcpy(s->msg, message != NULL ? message : "", ml);
	s->msg_len = (uint8_t)ml;
	s->auth_ok = ok != 0;
	s->auth_state = AUTH_ST_DONE;
	s->t_auth = 0;
	verdict_send(e, s, s->auth_id, out);
	if (s->auth_ok) {
		e->st.auth_ok++;
		pppoe_ppp_network(e, s, now_ms, out);
	} else {
		/* RFC 1994 4.2: Failure, then the link SHOULD be terminated */
		e->st.auth_fail++;
		pppoe_sess_close(e, s, PPPOE_DOWN_AUTH_FAILED, now_ms, out);
	}
	pppoe_sess_post(e, s, now_ms, out);
	return 0;
}
