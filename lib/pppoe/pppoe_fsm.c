/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The option negotiation automaton of RFC 1661 4, shared by LCP, IPCP and
 * IPv6CP (RFC 5072 3: "exactly the same as the LCP" but for its options):
 * one function per event, each a switch over the ten states that follows
 * the state transition table (4.1) action by action. What differs between
 * the layers (options, This-Layer-Up/Down/Finished) is in pppoe_ppp.c;
 * those callbacks only send frames, emit events or set flags that
 * pppoe_sess_post() acts on afterwards, so the automaton is never entered
 * again from inside itself.
 */
#include <string.h>

#include "pppoe_priv.h"

static const uint16_t layer_proto[PPPOE_L_MAX] = {
	[PPPOE_L_LCP] = PPP_LCP,
	[PPPOE_L_IPCP] = PPP_IPCP,
	[PPPOE_L_IPV6CP] = PPP_IPV6CP,
};

static uint16_t
fsm_proto(const struct pppoe_fsm *f)
{
	return layer_proto[f->layer];
}

void
pppoe_cp_send2(struct pppoe *e, struct pppoe_sess *s, uint16_t proto, uint8_t code, uint8_t id,
	       const uint8_t *a, uint16_t alen, const uint8_t *b, uint16_t blen,
	       struct pppoe_out *out)
{
	uint16_t room = RTE_MIN(s->peer_mru, (uint16_t)PPPOE_PAYLOAD_MAX) - CP_HDR_LEN;
	struct pppoe_frame *f;
	uint16_t pl, o;

	/* Never more than the client takes (its MRU): rejected packets and
	 * echo data are cut, which RFC 1661 5.6 and 5.7 allow. */
	alen = RTE_MIN(alen, room);
	blen = RTE_MIN(blen, (uint16_t)(room - alen));
	f = pppoe_frame_start(e, out, s->port, &s->mac, &s->tags, PPPOE_ETH_SESS, PPPOE_CODE_SESS,
			      s->sid, &pl);
	if (f == NULL)
		return;
	bng_put16(f->data + pl, proto);
	f->data[pl + 2] = code;
	f->data[pl + 3] = id;
	bng_put16(f->data + pl + 4, (uint16_t)(CP_HDR_LEN + alen + blen));
	o = (uint16_t)(pl + 2 + CP_HDR_LEN);
	if (alen != 0)
		memcpy(f->data + o, a, alen);
	o = (uint16_t)(o + alen);
	if (blen != 0)
		memcpy(f->data + o, b, blen);
	o = (uint16_t)(o + blen);
	pppoe_frame_end(out, f, pl, o);
	switch (proto) {
	case PPP_LCP:
		e->st.lcp_out++;
		break;
	case PPP_IPCP:
		e->st.ipcp_out++;
		break;
	case PPP_IPV6CP:
		e->st.ipv6cp_out++;
		break;
	case PPP_PAP:
		e->st.pap_out++;
		break;
	default:
		e->st.chap_out++;
		break;
	}
}

void
pppoe_cp_send(struct pppoe *e, struct pppoe_sess *s, uint16_t proto, uint8_t code, uint8_t id,
	      const uint8_t *data, uint16_t len, struct pppoe_out *out)
{
	pppoe_cp_send2(e, s, proto, code, id, data, len, NULL, 0, out);
}

void
pppoe_fsm_init(struct pppoe_fsm *f, enum pppoe_layer layer)
{
	memset(f, 0, sizeof(*f));
	f->layer = (uint8_t)layer;
	f->state = PPPOE_CP_INITIAL;
}

/* The restart timer runs in Closing, Stopping, Req-Sent, Ack-Rcvd and Ack-Sent only (4.6). */
static void
set_state(struct pppoe_fsm *f, uint8_t st)
{
	f->state = st;
	if (st < PPPOE_CP_CLOSING || st == PPPOE_CP_OPENED)
		f->timer_on = 0;
}

static void
timer_set(struct pppoe *e, struct pppoe_fsm *f, uint32_t now)
{
	f->timer_on = 1;
	f->deadline = now + e->cfg.restart_ms;
}

static void
irc(struct pppoe *e, struct pppoe_fsm *f, int conf)
{
	f->restart = conf ? e->cfg.max_configure : e->cfg.max_terminate;
	if (conf)
		f->naks = 0;
}

static void
zrc(struct pppoe *e, struct pppoe_fsm *f, uint32_t now)
{
	f->restart = 0;
	timer_set(e, f, now);
}

/* Every Configure-Request gets a new identifier: its options may differ,
 * and answers to an older one must not match (5.1). */
static void
scr(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
    struct pppoe_out *out)
{
	f->req_len = (uint8_t)pppoe_cp_build_req(e, s, f->layer, f->req);
	f->id++;
	pppoe_cp_send(e, s, fsm_proto(f), CP_CONF_REQ, f->id, f->req, f->req_len, out);
	f->pending = 1;
	if (f->restart > 0)
		f->restart--;
	timer_set(e, f, now);
}

static void
str(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
    struct pppoe_out *out)
{
	f->id++;
	f->pending = 0;
	pppoe_cp_send(e, s, fsm_proto(f), CP_TERM_REQ, f->id, NULL, 0, out);
	if (f->restart > 0)
		f->restart--;
	timer_set(e, f, now);
}

static void
sta(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint8_t id, struct pppoe_out *out)
{
	pppoe_cp_send(e, s, fsm_proto(f), CP_TERM_ACK, id, NULL, 0, out);
}

static void
tlu(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
    struct pppoe_out *out)
{
	pppoe_cp_tlu(e, s, f->layer, now, out);
}

static void
tld(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f)
{
	pppoe_cp_tld(e, s, f->layer);
}

static void
tlf(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f)
{
	pppoe_cp_tlf(e, s, f->layer);
}

/* --- Administrative and lower-layer events ----------------------------------------------- */

void
pppoe_fsm_up(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
	     struct pppoe_out *out)
{
	if (f->state == PPPOE_CP_INITIAL) {
		set_state(f, PPPOE_CP_CLOSED);
	} else if (f->state == PPPOE_CP_STARTING) {
		irc(e, f, 1);
		scr(e, s, f, now, out);
		set_state(f, PPPOE_CP_REQ_SENT);
	}
}

void
pppoe_fsm_down(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f)
{
	switch (f->state) {
	case PPPOE_CP_CLOSED:
	case PPPOE_CP_CLOSING:
		set_state(f, PPPOE_CP_INITIAL);
		break;
	case PPPOE_CP_STOPPED: /* tls: nothing to start below us */
	case PPPOE_CP_STOPPING:
	case PPPOE_CP_REQ_SENT:
	case PPPOE_CP_ACK_RCVD:
	case PPPOE_CP_ACK_SENT:
		set_state(f, PPPOE_CP_STARTING);
		break;
	case PPPOE_CP_OPENED:
		set_state(f, PPPOE_CP_STARTING);
		tld(e, s, f);
		break;
	default:
		break;
	}
	f->pending = 0;
}

void
pppoe_fsm_open(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
	       struct pppoe_out *out)
{
	switch (f->state) {
	case PPPOE_CP_INITIAL:
		set_state(f, PPPOE_CP_STARTING);
		break;
	case PPPOE_CP_CLOSED:
		irc(e, f, 1);
		scr(e, s, f, now, out);
		set_state(f, PPPOE_CP_REQ_SENT);
		break;
	case PPPOE_CP_CLOSING:
		set_state(f, PPPOE_CP_STOPPING);
		break;
	default:
		break;
	}
}

void
pppoe_fsm_close(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
		struct pppoe_out *out)
{
	switch (f->state) {
	case PPPOE_CP_STARTING:
		set_state(f, PPPOE_CP_INITIAL);
		tlf(e, s, f);
		break;
	case PPPOE_CP_STOPPED:
		set_state(f, PPPOE_CP_CLOSED);
		break;
	case PPPOE_CP_STOPPING:
		set_state(f, PPPOE_CP_CLOSING);
		break;
	case PPPOE_CP_OPENED:
		tld(e, s, f);
		/* fall through */
	case PPPOE_CP_REQ_SENT:
	case PPPOE_CP_ACK_RCVD:
	case PPPOE_CP_ACK_SENT:
		irc(e, f, 0);
		str(e, s, f, now, out);
		set_state(f, PPPOE_CP_CLOSING);
		break;
	default:
		break;
	}
}

void
pppoe_fsm_timeout(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
		  struct pppoe_out *out)
{
	f->timer_on = 0;
	if (f->restart > 0) { /* TO+ */
		switch (f->state) {
		case PPPOE_CP_CLOSING:
		case PPPOE_CP_STOPPING:
			str(e, s, f, now, out);
			break;
		case PPPOE_CP_REQ_SENT:
		case PPPOE_CP_ACK_RCVD:
			scr(e, s, f, now, out);
			set_state(f, PPPOE_CP_REQ_SENT);
			break;
		case PPPOE_CP_ACK_SENT:
			scr(e, s, f, now, out);
			break;
		default:
			break;
		}
		return;
	}
	switch (f->state) { /* TO- */
	case PPPOE_CP_CLOSING:
		set_state(f, PPPOE_CP_CLOSED);
		tlf(e, s, f);
		break;
	case PPPOE_CP_STOPPING:
	case PPPOE_CP_REQ_SENT:
	case PPPOE_CP_ACK_RCVD:
	case PPPOE_CP_ACK_SENT:
		set_state(f, PPPOE_CP_STOPPED);
		tlf(e, s, f);
		break;
	default:
		break;
	}
}

/* --- Received packets ------------------------------------------------------------------- */

static enum pppoe_reason
rcr(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, const struct pppoe_cp_rx *cp,
    uint32_t now, struct pppoe_out *out)
{
	uint8_t resp[PPPOE_FRAME_MAX];
	uint16_t rl = 0;
	int code, good;

	if (f->state == PPPOE_CP_CLOSING || f->state == PPPOE_CP_STOPPING)
		return PPPOE_R_NOT_NOW;
	if (f->state == PPPOE_CP_CLOSED) {
		sta(e, s, f, cp->id, out);
		return PPPOE_R_OK;
	}
	code = pppoe_cp_check_req(e, s, f->layer, cp->data, cp->len, f->naks < e->cfg.max_failure,
				  resp, &rl);
	if (code < 0)
		return PPPOE_R_CP_BAD_OPTION;
	good = code == CP_CONF_ACK;
	if (good)
		f->naks = 0;
	else if (code == CP_CONF_NAK)
		f->naks++;
	switch (f->state) {
	case PPPOE_CP_STOPPED:
		irc(e, f, 1);
		scr(e, s, f, now, out);
		break;
	case PPPOE_CP_OPENED:
		tld(e, s, f);
		scr(e, s, f, now, out);
		break;
	default:
		break;
	}
	pppoe_cp_send(e, s, fsm_proto(f), (uint8_t)code, cp->id, resp, rl, out);
	if (f->state == PPPOE_CP_ACK_RCVD) {
		if (good) {
			set_state(f, PPPOE_CP_OPENED);
			tlu(e, s, f, now, out);
		}
	} else {
		set_state(f, good ? PPPOE_CP_ACK_SENT : PPPOE_CP_REQ_SENT);
	}
	return PPPOE_R_OK;
}

static void
rca(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint8_t id, uint32_t now,
    struct pppoe_out *out)
{
	f->pending = 0;
	switch (f->state) {
	case PPPOE_CP_CLOSED:
	case PPPOE_CP_STOPPED:
		sta(e, s, f, id, out);
		break;
	case PPPOE_CP_REQ_SENT:
		irc(e, f, 1);
		set_state(f, PPPOE_CP_ACK_RCVD);
		break;
	case PPPOE_CP_ACK_RCVD: /* crossed connection (4.1 note x) */
		scr(e, s, f, now, out);
		set_state(f, PPPOE_CP_REQ_SENT);
		break;
	case PPPOE_CP_ACK_SENT:
		irc(e, f, 1);
		set_state(f, PPPOE_CP_OPENED);
		tlu(e, s, f, now, out);
		break;
	case PPPOE_CP_OPENED:
		tld(e, s, f);
		scr(e, s, f, now, out);
		set_state(f, PPPOE_CP_REQ_SENT);
		break;
	default:
		break;
	}
}

/* A Configure-Nak or -Reject, already applied to what we will request next. */
static void
rcn(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint8_t id, uint32_t now,
    struct pppoe_out *out)
{
	f->pending = 0;
	switch (f->state) {
	case PPPOE_CP_CLOSED:
	case PPPOE_CP_STOPPED:
		sta(e, s, f, id, out);
		break;
	case PPPOE_CP_REQ_SENT:
	case PPPOE_CP_ACK_SENT:
		irc(e, f, 1);
		scr(e, s, f, now, out);
		break;
	case PPPOE_CP_ACK_RCVD:
		scr(e, s, f, now, out);
		set_state(f, PPPOE_CP_REQ_SENT);
		break;
	case PPPOE_CP_OPENED:
		tld(e, s, f);
		scr(e, s, f, now, out);
		set_state(f, PPPOE_CP_REQ_SENT);
		break;
	default:
		break;
	}
}

static void
rtr(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint8_t id, uint32_t now,
    struct pppoe_out *out)
{
	switch (f->state) {
	case PPPOE_CP_REQ_SENT:
	case PPPOE_CP_ACK_RCVD:
	case PPPOE_CP_ACK_SENT:
		sta(e, s, f, id, out);
		set_state(f, PPPOE_CP_REQ_SENT);
		break;
	case PPPOE_CP_OPENED:
		tld(e, s, f);
		zrc(e, f, now);
		sta(e, s, f, id, out);
		set_state(f, PPPOE_CP_STOPPING);
		break;
	default:
		sta(e, s, f, id, out);
		break;
	}
}

static void
rta(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
    struct pppoe_out *out)
{
	switch (f->state) {
	case PPPOE_CP_CLOSING:
		set_state(f, PPPOE_CP_CLOSED);
		tlf(e, s, f);
		break;
	case PPPOE_CP_STOPPING:
		set_state(f, PPPOE_CP_STOPPED);
		tlf(e, s, f);
		break;
	case PPPOE_CP_ACK_RCVD:
		set_state(f, PPPOE_CP_REQ_SENT);
		break;
	case PPPOE_CP_OPENED:
		tld(e, s, f);
		scr(e, s, f, now, out);
		set_state(f, PPPOE_CP_REQ_SENT);
		break;
	default:
		break;
	}
}

/* Code-Reject: of a code the automaton needs (1..7) it is catastrophic (RXJ-). */
static void
rxj(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, int fatal, uint32_t now,
    struct pppoe_out *out)
{
	if (!fatal) {
		if (f->state == PPPOE_CP_ACK_RCVD)
			set_state(f, PPPOE_CP_REQ_SENT);
		return;
	}
	switch (f->state) {
	case PPPOE_CP_CLOSED:
	case PPPOE_CP_CLOSING:
		set_state(f, PPPOE_CP_CLOSED);
		tlf(e, s, f);
		break;
	case PPPOE_CP_STOPPED:
	case PPPOE_CP_STOPPING:
	case PPPOE_CP_REQ_SENT:
	case PPPOE_CP_ACK_RCVD:
	case PPPOE_CP_ACK_SENT:
		set_state(f, PPPOE_CP_STOPPED);
		tlf(e, s, f);
		break;
	case PPPOE_CP_OPENED:
		tld(e, s, f);
		irc(e, f, 0);
		str(e, s, f, now, out);
		set_state(f, PPPOE_CP_STOPPING);
		break;
	default:
		break;
	}
}

void
pppoe_fsm_rxj(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
	      struct pppoe_out *out)
{
	rxj(e, s, f, 1, now, out);
}

enum pppoe_reason
pppoe_fsm_input(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f,
		const struct pppoe_cp_rx *cp, uint32_t now, struct pppoe_out *out)
{
	if (f->state == PPPOE_CP_INITIAL || f->state == PPPOE_CP_STARTING)
		return PPPOE_R_NOT_NOW; /* 4.1: illegal before Up, silently discarded */
	switch (cp->code) {
	case CP_CONF_REQ:
		return rcr(e, s, f, cp, now, out);
	case CP_CONF_ACK:
		if (!f->pending || cp->id != f->id)
			return PPPOE_R_CP_BAD_ID;
		/* 5.2: the options must be exactly those we sent */
		if (cp->len != f->req_len || memcmp(cp->data, f->req, cp->len) != 0)
			return PPPOE_R_CP_BAD_REPLY;
		rca(e, s, f, cp->id, now, out);
		return PPPOE_R_OK;
	case CP_CONF_NAK:
	case CP_CONF_REJ:
		if (!f->pending || cp->id != f->id)
			return PPPOE_R_CP_BAD_ID;
		if (pppoe_cp_rcv_nak(e, s, f->layer, cp->code == CP_CONF_REJ, cp->data,
				     cp->len) != 0)
			return PPPOE_R_CP_BAD_REPLY;
		rcn(e, s, f, cp->id, now, out);
		return PPPOE_R_OK;
	case CP_TERM_REQ:
		rtr(e, s, f, cp->id, now, out);
		return PPPOE_R_OK;
	case CP_TERM_ACK:
		rta(e, s, f, now, out);
		return PPPOE_R_OK;
	case CP_CODE_REJ:
		if (cp->len < CP_HDR_LEN)
			return PPPOE_R_CP_TRUNC;
		if (f->layer == PPPOE_L_LCP &&
		    (cp->data[0] == CP_ECHO_REQ || cp->data[0] == CP_ECHO_REP)) {
			s->echo_off = 1; /* no keepalive with this client */
			s->t_echo = 0;
		}
		rxj(e, s, f, cp->data[0] >= CP_CONF_REQ && cp->data[0] <= CP_CODE_REJ, now, out);
		return PPPOE_R_OK;
	default:
		/* RUC: scj in every state that receives */
		pppoe_cp_send(e, s, fsm_proto(f), CP_CODE_REJ, ++s->rej_id, cp->pkt, cp->pkt_len,
			      out);
		e->st.lcp_code_rej_out++;
		return PPPOE_R_OK;
	}
}
