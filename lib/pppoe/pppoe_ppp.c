/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * PPP on a session: the demultiplexing of a session frame by protocol, the
 * LCP options (RFC 1661 6: MRU, Authentication-Protocol, Magic-Number,
 * with RFC 2516 7's MRU ceiling raised by RFC 4638), the LCP-only codes
 * (Protocol-Reject, Echo, Discard), the IPCP options (RFC 1332 IP-Address,
 * RFC 1877 primary and secondary DNS), the IPv6CP option (RFC 5072
 * Interface-Identifier, when pppoe_config.ipv6 is on), and what happens
 * when a layer comes up, goes down or finishes. Any other protocol
 * (IPv6CP too when IPv6 is off) is Protocol-Rejected once LCP is open.
 *
 * Policy beyond the RFC: the client restarting LCP or IPCP negotiation on
 * an open link ends the session (RENEGOTIATION) rather than re-running
 * authentication and address assignment behind the data plane's back.
 * IPv6CP is not IPv4's business: it may close, fail, be Protocol-Rejected
 * or renegotiate while the session goes on (nothing forwards IPv6 by what
 * it agrees yet).
 */
#include <errno.h>
#include <string.h>

#include <rte_random.h>

#include "pppoe_priv.h"

/* "u" (universal/local) bit of an Interface-Identifier: bit 6 counted from
 * the most significant (RFC 5072 4.1). */
#define IFID_U_BIT (UINT64_C(1) << 57)

/* A random value of @p mask's bits, nonzero and other than @p avoid. */
static uint64_t
rand_other(uint64_t mask, uint64_t avoid)
{
	for (unsigned int i = 0; i < 8; i++) {
		uint64_t v = rte_rand() & mask;

		if (v != 0 && v != avoid)
			return v;
	}
	return ((avoid ^ UINT64_C(0x5a5a5a5a5a5a5a5a)) | 1u) & mask;
}

/* A random nonzero Magic-Number other than @p avoid (RFC 1661 6.4). */
static uint32_t
magic_new(uint32_t avoid)
{
	return (uint32_t)rand_other(UINT32_MAX, avoid);
}

/* A random nonzero Interface-Identifier other than @p avoid: no unique
 * source at hand, so the "u" bit is zero (RFC 5072 4.1, case 3). */
static uint64_t
ifid_new(uint64_t avoid)
{
	return rand_other(~IFID_U_BIT, avoid);
}

static uint16_t
put_opt16(uint8_t *p, uint8_t type, uint16_t v)
{
	p[0] = type;
	p[1] = 4;
	bng_put16(p + 2, v);
	return 4;
}

static uint16_t
put_opt32(uint8_t *p, uint8_t type, uint32_t v)
{
	p[0] = type;
	p[1] = 6;
	bng_put32(p + 2, v);
	return 6;
}

/* An IPCP address option; @p a in network order goes out as its bytes. */
static uint16_t
put_opt_addr(uint8_t *p, uint8_t type, uint32_t a)
{
	p[0] = type;
	p[1] = 6;
	memcpy(p + 2, &a, 4);
	return 6;
}

static uint16_t
put_opt_ifid(uint8_t *p, uint64_t id)
{
	p[0] = IPV6CP_OPT_IFID;
	p[1] = IPV6CP_IFID_LEN;
	bng_put32(p + 2, (uint32_t)(id >> 32));
	bng_put32(p + 6, (uint32_t)id);
	return IPV6CP_IFID_LEN;
}

static uint64_t
get_ifid(const uint8_t *o)
{
	return (uint64_t)bng_get32(o + 2) << 32 | bng_get32(o + 6);
}

static uint16_t
lcp_build_req(const struct pppoe *e, const struct pppoe_sess *s, uint8_t *buf)
{
	uint16_t o = 0;

	if (s->send_mru)
		o = (uint16_t)(o + put_opt16(buf + o, LCP_OPT_MRU, s->our_mru));
	if (s->send_auth) {
		if (e->cfg.auth[s->auth_idx] == PPPOE_AUTH_CHAP_MD5) {
			buf[o] = LCP_OPT_AUTH;
			buf[o + 1] = 5;
			bng_put16(buf + o + 2, PPP_CHAP);
			buf[o + 4] = CHAP_ALG_MD5;
			o = (uint16_t)(o + 5);
		} else {
			o = (uint16_t)(o + put_opt16(buf + o, LCP_OPT_AUTH, PPP_PAP));
		}
	}
	if (s->send_magic)
		o = (uint16_t)(o + put_opt32(buf + o, LCP_OPT_MAGIC, s->magic));
	return o;
}

uint16_t
pppoe_cp_build_req(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer, uint8_t *buf)
{
	switch (layer) {
	case PPPOE_L_LCP:
		return lcp_build_req(e, s, buf);
	case PPPOE_L_IPCP:
		return s->send_addr ? put_opt_addr(buf, IPCP_OPT_ADDR, e->cfg.local_addr) : 0;
	default:
		return s->send_ifid ? put_opt_ifid(buf, s->ifid) : 0;
	}
}

/* What to do with one option of the client's Configure-Request. */
enum verdict { V_ACK, V_NAK, V_REJ };

/* What the client's Configure-Request asks for, kept once it is Acked. */
struct req_seen {
	uint16_t mru;
	uint32_t magic;
	uint64_t ifid;
	uint8_t has_addr;
};

static enum verdict
lcp_opt(struct pppoe_sess *s, const uint8_t *o, uint8_t *nak, struct req_seen *r)
{
	uint32_t v;

	switch (o[0]) {
	case LCP_OPT_MRU:
		if (o[1] != 4)
			return V_REJ;
		v = bng_get16(o + 2);
		/* RFC 2516 7 / RFC 4638: no more than the PPPoE payload we agreed */
		if (v > s->max_mru || v < PPPOE_MRU_MIN) {
			put_opt16(nak, LCP_OPT_MRU, v > s->max_mru ? s->max_mru : PPPOE_MRU_MIN);
			return V_NAK;
		}
		r->mru = (uint16_t)v;
		return V_ACK;
	case LCP_OPT_MAGIC:
		if (o[1] != 6)
			return V_REJ;
		v = bng_get32(o + 2);
		if (v != 0 && !(s->send_magic && v == s->magic)) {
			r->magic = v;
			return V_ACK;
		}
		/* Our own number: a looped link, or bad luck (6.4). The Nak
		 * suggests another; on a loop it comes back to us as a Nak of
		 * our request, we take a new number, and it returns again. */
		if (v != 0)
			s->loops++;
		put_opt32(nak, LCP_OPT_MAGIC, magic_new(s->magic));
		return V_NAK;
	default:
		/* Authentication-Protocol: we do not authenticate ourselves to
		 * clients. ACCM, ACFC, FCS-Alternatives: RFC 2516 7 forbids
		 * them. PFC, Quality-Protocol and the rest: not supported. */
		return V_REJ;
	}
}

static enum verdict
ipcp_opt(const struct pppoe_sess *s, const uint8_t *o, uint8_t *nak, struct req_seen *r)
{
	uint32_t v, want;

	switch (o[0]) {
	case IPCP_OPT_ADDR:
		r->has_addr = 1;
		want = s->addr;
		break;
	case IPCP_OPT_DNS1:
		want = s->dns1;
		break;
	case IPCP_OPT_DNS2:
		want = s->dns2;
		break;
	default:
		return V_REJ; /* IP-Compression-Protocol, IP-Addresses, NBNS, ... */
	}
	if (o[1] != 6 || want == 0)
		return V_REJ;
	memcpy(&v, o + 2, 4);
	if (v == want)
		return V_ACK;
	put_opt_addr(nak, o[0], want);
	return V_NAK;
}

static enum verdict
ipv6cp_opt(const struct pppoe_sess *s, const uint8_t *o, uint8_t *nak, struct req_seen *r)
{
	uint64_t v;

	if (o[0] != IPV6CP_OPT_IFID || o[1] != IPV6CP_IFID_LEN)
		return V_REJ; /* IPv6-Compression-Protocol, ... */
	v = get_ifid(o);
	/* 4.1: zero, or ours, is Nak'd with another the client may take. */
	if (v == 0 || v == s->ifid) {
		put_opt_ifid(nak, ifid_new(s->ifid));
		return V_NAK;
	}
	r->ifid = v;
	return V_ACK;
}

static enum verdict
opt_verdict(struct pppoe_sess *s, enum pppoe_layer layer, const uint8_t *o, uint8_t *nak,
	    struct req_seen *r)
{
	switch (layer) {
	case PPPOE_L_LCP:
		return lcp_opt(s, o, nak, r);
	case PPPOE_L_IPCP:
		return ipcp_opt(s, o, nak, r);
	default:
		return ipv6cp_opt(s, o, nak, r);
	}
}

int
pppoe_cp_check_req(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer,
		   const uint8_t *opt, uint16_t len, int nak_ok, uint8_t *resp, uint16_t *resp_len)
{
	struct req_seen r = { .mru = s->max_mru };
	uint8_t nak[PPPOE_FRAME_MAX];
	uint16_t off = 0, nl = 0, rl = 0;

	RTE_SET_USED(e);
	if (len > PPPOE_FRAME_MAX - 8)
		return -1;
	while (off < len) {
		uint8_t l;
		enum verdict v;

		if (len - off < 2)
			return -1;
		l = opt[off + 1];
		if (l < 2 || l > len - off)
			return -1;
		v = opt_verdict(s, layer, opt + off, nak + nl, &r);
		if (v == V_NAK && !nak_ok)
			v = V_REJ; /* Max-Failure: not converging (4.6) */
		if (v == V_NAK)
			nl = (uint16_t)(nl + nak[nl + 1]);
		else if (v == V_REJ) {
			memcpy(resp + rl, opt + off, l);
			rl = (uint16_t)(rl + l);
		}
		off = (uint16_t)(off + l);
	}
	if (layer == PPPOE_L_LCP && s->loops >= PPPOE_LOOPBACK_MAX &&
	    s->pending_close == PPPOE_DOWN_NONE)
		s->pending_close = PPPOE_DOWN_LOOPBACK;
	if (rl != 0) {
		*resp_len = rl;
		return CP_CONF_REJ;
	}
	/* A client that does not ask for an address is told it (5.3: a Nak
	 * may carry options the peer should add). */
	if (layer == PPPOE_L_IPCP && !r.has_addr && nak_ok)
		nl = (uint16_t)(nl + put_opt_addr(nak + nl, IPCP_OPT_ADDR, s->addr));
	if (nl != 0) {
		memcpy(resp, nak, nl);
		*resp_len = nl;
		return CP_CONF_NAK;
	}
	memcpy(resp, opt, len);
	*resp_len = len;
	if (layer == PPPOE_L_LCP) {
		s->peer_mru = r.mru;
		s->peer_magic = r.magic;
	} else if (layer == PPPOE_L_IPV6CP) {
		s->peer_ifid = r.ifid;
	}
	return CP_CONF_ACK;
}

/* The client refused the protocol offered: the next of ours it suggests,
 * else the next one it has not refused. */
static void
auth_nak(const struct pppoe *e, struct pppoe_sess *s, const uint8_t *o)
{
	uint16_t p = o[1] >= 4 ? bng_get16(o + 2) : 0;
	int pick = -1;

	s->auth_tried |= (uint8_t)(1u << s->auth_idx);
	for (unsigned int i = 0; i < e->cfg.n_auth && pick < 0; i++) {
		uint8_t a = e->cfg.auth[i];

		if (s->auth_tried & (1u << i))
			continue;
		if ((a == PPPOE_AUTH_PAP && p == PPP_PAP) ||
		    (a == PPPOE_AUTH_CHAP_MD5 && p == PPP_CHAP && o[1] >= 5 && o[4] == CHAP_ALG_MD5))
			pick = (int)i;
	}
	for (unsigned int i = 0; i < e->cfg.n_auth && pick < 0; i++)
		if (!(s->auth_tried & (1u << i)))
			pick = (int)i;
	if (pick < 0) {
		if (s->pending_close == PPPOE_DOWN_NONE)
			s->pending_close = PPPOE_DOWN_AUTH_REFUSED;
		return;
	}
	s->auth_idx = (uint8_t)pick;
}

/* Did our last Configure-Request carry option @p t? */
static int
opt_sent(const struct pppoe_sess *s, enum pppoe_layer layer, uint8_t t)
{
	switch (layer) {
	case PPPOE_L_LCP:
		return (t == LCP_OPT_MRU && s->send_mru) || (t == LCP_OPT_AUTH && s->send_auth) ||
		       (t == LCP_OPT_MAGIC && s->send_magic);
	case PPPOE_L_IPCP:
		return t == IPCP_OPT_ADDR && s->send_addr;
	default:
		return t == IPV6CP_OPT_IFID && s->send_ifid;
	}
}

/* Options the client suggests for us to add, we add none: each of these
 * acts only on an option of ours. */
static void
lcp_nak(const struct pppoe *e, struct pppoe_sess *s, const uint8_t *o, int rej)
{
	switch (o[0]) {
	case LCP_OPT_MRU:
		if (rej)
			s->send_mru = 0;
		else if (o[1] == 4)
			s->our_mru = (uint16_t)RTE_MAX(RTE_MIN(bng_get16(o + 2), s->max_mru),
						       PPPOE_MRU_MIN);
		break;
	case LCP_OPT_AUTH:
		if (rej) {
			if (s->pending_close == PPPOE_DOWN_NONE)
				s->pending_close = PPPOE_DOWN_AUTH_REFUSED;
		} else {
			auth_nak(e, s, o);
		}
		break;
	case LCP_OPT_MAGIC:
		if (rej) {
			s->send_magic = 0;
			s->magic = 0;
		} else {
			s->magic = magic_new(o[1] == 6 ? bng_get32(o + 2) : s->magic);
		}
		break;
	default:
		break;
	}
}

static void
ipv6cp_nak(struct pppoe_sess *s, const uint8_t *o, int rej)
{
	uint64_t v;

	if (o[0] != IPV6CP_OPT_IFID || !s->send_ifid)
		return;
	if (rej) {
		s->send_ifid = 0; /* 4.1: never sent again */
		s->ifid = 0;
		return;
	}
	/* 4.1: the client's suggestion, unless it is zero or the client's own. */
	v = o[1] == IPV6CP_IFID_LEN ? get_ifid(o) : 0;
	s->ifid = v != 0 && v != s->peer_ifid ? v : ifid_new(s->peer_ifid);
}

int
pppoe_cp_rcv_nak(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer, int rej,
		 const uint8_t *opt, uint16_t len)
{
	uint16_t off = 0;

	/* Check the whole packet before changing anything. */
	while (off < len) {
		if (len - off < 2 || opt[off + 1] < 2 || opt[off + 1] > len - off)
			return -1;
		if (rej && !opt_sent(s, layer, opt[off]))
			return -1; /* 5.4: only options we asked for */
		off = (uint16_t)(off + opt[off + 1]);
	}
	for (off = 0; off < len; off = (uint16_t)(off + opt[off + 1])) {
		const uint8_t *o = opt + off;

		switch (layer) {
		case PPPOE_L_LCP:
			lcp_nak(e, s, o, rej);
			break;
		case PPPOE_L_IPCP:
			/* Our address is ours to choose: a Nak changes nothing. */
			if (rej && o[0] == IPCP_OPT_ADDR)
				s->send_addr = 0;
			break;
		default:
			ipv6cp_nak(s, o, rej);
			break;
		}
	}
	return 0;
}

/* --- Layer events -------------------------------------------------------------------- */

/* A layer's Open and Up: it sends its first Configure-Request. */
static void
cp_start(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
	  struct pppoe_out *out)
{
	pppoe_fsm_open(e, s, f, now, out);
	pppoe_fsm_up(e, s, f, now, out);
}

void
pppoe_ppp_network(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	s->phase = PPPOE_PH_NETWORK;
	s->t_net = 1;
	s->net_deadline = now + e->cfg.addr_timeout_ms;
	pppoe_event_put(out, PPPOE_EV_NETWORK, s);
	/* IPCP waits for pppoe_ipcp_assign(); IPv6CP has nothing to wait for. */
	if (e->cfg.ipv6) {
		s->ifid = ifid_new(0);
		s->send_ifid = 1;
		cp_start(e, s, &s->ipv6cp, now, out);
	}
}

void
pppoe_ppp_ncps_down(struct pppoe *e, struct pppoe_sess *s)
{
	pppoe_fsm_down(e, s, &s->ipcp);
	pppoe_fsm_down(e, s, &s->ipv6cp);
}

static void
lcp_up(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	if (e->cfg.echo_interval_ms != 0 && !s->echo_off) {
		s->t_echo = 1;
		s->echo_deadline = now + e->cfg.echo_interval_ms;
	}
	if (s->send_auth) {
		s->auth_proto = e->cfg.auth[s->auth_idx];
		pppoe_auth_start(e, s, now, out);
	} else {
		s->auth_proto = PPPOE_AUTH_NONE;
		pppoe_ppp_network(e, s, now, out);
	}
}

static void
ipcp_up(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	struct pppoe_event *ev;

	s->up = 1;
	s->up_ms = now;
	e->st.sessions_up++;
	ev = pppoe_event_put(out, PPPOE_EV_SESSION_UP, s);
	if (ev != NULL) {
		ev->addr = s->addr;
		ev->dns1 = s->dns1;
		ev->dns2 = s->dns2;
		ev->mru = s->peer_mru;
	}
}

/* IPv6CP's Up, Down and Finished change nothing else: the interface
 * identifiers are kept for show, and IPv4 goes on whatever IPv6CP does. */
void
pppoe_cp_tlu(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer, uint32_t now,
	     struct pppoe_out *out)
{
	if (layer == PPPOE_L_LCP)
		lcp_up(e, s, now, out);
	else if (layer == PPPOE_L_IPCP)
		ipcp_up(e, s, now, out);
}

void
pppoe_cp_tld(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer)
{
	RTE_SET_USED(e);
	if (layer == PPPOE_L_IPV6CP)
		return;
	if (layer == PPPOE_L_LCP)
		s->t_auth = s->t_chap = s->t_net = s->t_echo = 0;
	/* Leaving Opened unasked for (renegotiation, IPCP Terminate-Request):
	 * the session ends. Our own close is already under way. */
	if (!s->closing && s->pending_close == PPPOE_DOWN_NONE)
		s->pending_close = layer == PPPOE_L_LCP ? PPPOE_DOWN_RENEGOTIATION :
							  PPPOE_DOWN_NCP_DOWN;
}

void
pppoe_cp_tlf(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer)
{
	RTE_SET_USED(e);
	if (layer == PPPOE_L_LCP) {
		s->lcp_done = 1;
		if (s->down_reason == PPPOE_DOWN_NONE)
			s->down_reason = PPPOE_DOWN_LCP_FAILED;
	} else if (layer == PPPOE_L_IPCP && !s->closing &&
		   s->pending_close == PPPOE_DOWN_NONE) {
		s->pending_close = PPPOE_DOWN_IPCP_FAILED;
	}
}

void
pppoe_ppp_start(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	s->phase = PPPOE_PH_ESTABLISH;
	s->our_mru = s->max_mru;
	s->peer_mru = s->max_mru; /* until the client says: all PPPoE can carry */
	s->send_mru = 1;
	s->send_magic = 1;
	s->magic = magic_new(0);
	s->send_auth = e->cfg.n_auth != 0;
	s->send_addr = e->cfg.local_addr != 0;
	pppoe_fsm_init(&s->lcp, PPPOE_L_LCP);
	pppoe_fsm_init(&s->ipcp, PPPOE_L_IPCP);
	pppoe_fsm_init(&s->ipv6cp, PPPOE_L_IPV6CP);
	s->lcp.id = (uint8_t)rte_rand();
	s->ipcp.id = (uint8_t)rte_rand();
	s->ipv6cp.id = (uint8_t)rte_rand();
	cp_start(e, s, &s->lcp, now, out);
}

/* --- Received packets ------------------------------------------------------------------- */

/* Our Magic-Number in an echo: a looped link (6.4). */
static void
echo_magic(struct pppoe_sess *s, const uint8_t *data)
{
	if (s->send_magic && s->magic != 0 && bng_get32(data) == s->magic &&
	    ++s->loops >= PPPOE_LOOPBACK_MAX && s->pending_close == PPPOE_DOWN_NONE)
		s->pending_close = PPPOE_DOWN_LOOPBACK;
}

static enum pppoe_reason
lcp_input(struct pppoe *e, struct pppoe_sess *s, const uint8_t *p, uint16_t len, uint32_t now,
	  struct pppoe_out *out)
{
	struct pppoe_cp_rx cp;
	enum pppoe_reason r = pppoe_cp_parse(p, len, &cp);
	int opened = s->lcp.state == PPPOE_CP_OPENED;
	uint8_t magic[4];

	if (r != PPPOE_R_OK)
		return r;
	s->lcp_seen = 1;
	switch (cp.code) {
	case CP_CONF_REQ:
		if (opened) {
			pppoe_sess_close(e, s, PPPOE_DOWN_RENEGOTIATION, now, out);
			return PPPOE_R_OK;
		}
		break;
	case CP_TERM_REQ:
		if (opened && !s->closing) {
			/* The automaton acks and waits a restart time (Stopping),
			 * then finishes: PADT. */
			if (s->down_reason == PPPOE_DOWN_NONE)
				s->down_reason = PPPOE_DOWN_PEER_TERMINATE;
			s->closing = 1;
			s->phase = PPPOE_PH_TERMINATE;
			pppoe_ppp_ncps_down(e, s);
		}
		break;
	case CP_CODE_REJ:
		if (cp.len >= CP_HDR_LEN && cp.data[0] >= CP_CONF_REQ && cp.data[0] <= CP_CODE_REJ &&
		    s->down_reason == PPPOE_DOWN_NONE)
			s->down_reason = PPPOE_DOWN_PROTO_REJECTED;
		break;
	case CP_PROTO_REJ:
		if (!opened)
			return PPPOE_R_NOT_NOW;
		if (cp.len < 2)
			return PPPOE_R_CP_TRUNC;
		switch (bng_get16(cp.data)) {
		case PPP_IPCP:
			if (s->pending_close == PPPOE_DOWN_NONE)
				s->pending_close = PPPOE_DOWN_IPCP_FAILED;
			break;
		case PPP_IPV6CP:
			pppoe_fsm_rxj(e, s, &s->ipv6cp, now, out); /* IPv4 goes on */
			break;
		case PPP_PAP:
		case PPP_CHAP:
			if (s->pending_close == PPPOE_DOWN_NONE)
				s->pending_close = PPPOE_DOWN_AUTH_REFUSED;
			break;
		default:
			break;
		}
		return PPPOE_R_OK;
	case CP_ECHO_REQ:
		if (!opened || s->closing)
			return PPPOE_R_NOT_NOW;
		if (cp.len < 4)
			return PPPOE_R_CP_TRUNC;
		e->st.lcp_echo_req_in++;
		echo_magic(s, cp.data);
		bng_put32(magic, s->send_magic ? s->magic : 0);
		pppoe_cp_send2(e, s, PPP_LCP, CP_ECHO_REP, cp.id, magic, 4, cp.data + 4,
			       (uint16_t)(cp.len - 4), out);
		e->st.lcp_echo_rep_out++;
		return PPPOE_R_OK;
	case CP_ECHO_REP:
		if (!opened)
			return PPPOE_R_NOT_NOW;
		if (cp.len < 4)
			return PPPOE_R_CP_TRUNC;
		e->st.lcp_echo_rep_in++;
		echo_magic(s, cp.data);
		s->echo_out = 0;
		s->echo_replies++;
		return PPPOE_R_OK;
	case CP_DISC_REQ:
		return opened ? PPPOE_R_OK : PPPOE_R_NOT_NOW;
	default:
		break;
	}
	return pppoe_fsm_input(e, s, &s->lcp, &cp, now, out);
}

static enum pppoe_reason
ncp_input(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, const uint8_t *p,
	  uint16_t len, uint32_t now, struct pppoe_out *out)
{
	struct pppoe_cp_rx cp;
	enum pppoe_reason r = pppoe_cp_parse(p, len, &cp);

	if (r != PPPOE_R_OK)
		return r;
	if (s->closing)
		return PPPOE_R_NOT_NOW;
	if (f->layer == PPPOE_L_IPCP && cp.code == CP_CONF_REQ && f->state == PPPOE_CP_OPENED) {
		pppoe_sess_close(e, s, PPPOE_DOWN_RENEGOTIATION, now, out);
		return PPPOE_R_OK;
	}
	/* Until the network phase (IPv6CP) or an address (IPCP) the automaton
	 * is Initial: packets are dropped and the client retransmits (RFC 1661
	 * 3.6, RFC 5072 3). */
	return pppoe_fsm_input(e, s, f, &cp, now, out);
}

enum pppoe_reason
pppoe_ppp_input(struct pppoe *e, struct pppoe_sess *s, const uint8_t *p, uint16_t len,
		uint32_t now, struct pppoe_out *out)
{
	uint16_t proto;

	if (len < 2)
		return PPPOE_R_PPP_TRUNC;
	/* RFC 1661 2: the first octet even, the last odd; PFC is never
	 * negotiated, so a one-octet field is an error too. */
	if ((p[0] & 1) != 0 || (p[1] & 1) == 0)
		return PPPOE_R_PPP_BAD_PROTO;
	proto = bng_get16(p);
	switch (proto) {
	case PPP_IP:
	case PPP_IPV6:
		return PPPOE_R_DATA_FRAME;
	case PPP_LCP:
		e->st.lcp_in++;
		return lcp_input(e, s, p + 2, (uint16_t)(len - 2), now, out);
	case PPP_IPCP:
		e->st.ipcp_in++;
		return ncp_input(e, s, &s->ipcp, p + 2, (uint16_t)(len - 2), now, out);
	case PPP_PAP:
		e->st.pap_in++;
		return pppoe_pap_input(e, s, p + 2, (uint16_t)(len - 2), now, out);
	case PPP_CHAP:
		e->st.chap_in++;
		return pppoe_chap_input(e, s, p + 2, (uint16_t)(len - 2), now, out);
	case PPP_IPV6CP:
		e->st.ipv6cp_in++;
		if (e->cfg.ipv6)
			return ncp_input(e, s, &s->ipv6cp, p + 2, (uint16_t)(len - 2), now, out);
		/* IPv6 off: Protocol-Rejected like any other */
		/* fall through */
	default:
		/* CCP, ...: Protocol-Reject with the rejected protocol
		 * and its packet (5.7), only while LCP is open. */
		if (s->lcp.state != PPPOE_CP_OPENED || s->closing)
			return PPPOE_R_NOT_NOW;
		pppoe_cp_send(e, s, PPP_LCP, CP_PROTO_REJ, ++s->rej_id, p, len, out);
		e->st.lcp_proto_rej_out++;
		return PPPOE_R_OK;
	}
}

/* --- Address assignment ---------------------------------------------------------------- */

int
pppoe_ipcp_assign(struct pppoe *e, uint32_t handle, uint32_t addr, uint32_t dns1, uint32_t dns2,
		  uint32_t now_ms, struct pppoe_out *out)
{
	const uint8_t *a = (const uint8_t *)&addr;
	struct pppoe_sess *s;

	if (e == NULL || out == NULL)
		return -EINVAL;
	s = pppoe_sess_by_handle(e, handle);
	if (s == NULL)
		return -ENOENT;
	if (a[0] == 0 || a[0] == 127 || a[0] >= 224)
		return -EINVAL;
	if (s->closing || s->phase != PPPOE_PH_NETWORK || s->has_addr)
		return -EALREADY;
	if (!pppoe_out_room(out))
		return -ENOBUFS;
	s->addr = addr;
	s->dns1 = dns1;
	s->dns2 = dns2;
	s->has_addr = 1;
	s->t_net = 0;
	cp_start(e, s, &s->ipcp, now_ms, out);
	pppoe_sess_post(e, s, now_ms, out);
	return 0;
}
