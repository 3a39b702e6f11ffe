/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * PPPoE discovery, server side (RFC 2516 5, RFC 4638): PADI -> PADO, PADR
 * -> PADS (a session, or an error), PADT both ways. The AC-Cookie is an
 * HMAC-MD5 of the client's MAC, port, VLAN ids and the current cookie
 * period under the engine's secret: nothing is kept between PADI and PADR,
 * and a PADR is accepted only from the client, port and VLANs the PADO
 * went to, within one to two periods. Host-Uniq and Relay-Session-Id come
 * back unchanged in every answer.
 */
#include <errno.h>
#include <string.h>

#include <rte_hash_crc.h>

#include "pppoe_priv.h"

/* The tags discovery reads; pointers into the received frame. */
struct disc_tags {
	const uint8_t *service, *host_uniq, *cookie, *relay;
	uint16_t service_len, hu_len, cookie_len, relay_len;
	uint8_t has_service, has_hu, has_cookie, has_relay, has_mp;
	uint16_t max_payload;
};

/* Tags after the first of a type are ignored: the first one counts. */
static enum pppoe_reason
parse_tags(const uint8_t *p, uint16_t len, struct disc_tags *t)
{
	uint16_t off = 0;

	memset(t, 0, sizeof(*t));
	while (off < len) {
		uint16_t type, tl;
		const uint8_t *v;

		if (len - off < 4)
			return PPPOE_R_TAG_TRUNC;
		type = bng_get16(p + off);
		tl = bng_get16(p + off + 2);
		if (tl > len - off - 4)
			return PPPOE_R_TAG_TRUNC;
		v = p + off + 4;
		switch (type) {
		case PPPOE_TAG_EOL:
			return PPPOE_R_OK; /* what follows is not tags (RFC 2516 A) */
		case PPPOE_TAG_SERVICE:
			if (!t->has_service) {
				t->has_service = 1;
				t->service = v;
				t->service_len = tl;
			}
			break;
		case PPPOE_TAG_HOST_UNIQ:
			if (tl > PPPOE_TAG_ECHO_MAX)
				return PPPOE_R_TAG_TOO_LONG;
			if (!t->has_hu) {
				t->has_hu = 1;
				t->host_uniq = v;
				t->hu_len = tl;
			}
			break;
		case PPPOE_TAG_COOKIE:
			if (!t->has_cookie) {
				t->has_cookie = 1;
				t->cookie = v;
				t->cookie_len = tl;
			}
			break;
		case PPPOE_TAG_RELAY_ID:
			if (tl > PPPOE_TAG_ECHO_MAX)
				return PPPOE_R_TAG_TOO_LONG;
			if (!t->has_relay) {
				t->has_relay = 1;
				t->relay = v;
				t->relay_len = tl;
			}
			break;
		case PPPOE_TAG_MAX_PAYLOAD:
			if (tl != 2)
				return PPPOE_R_BAD_MAX_PAYLOAD;
			/* RFC 4638: below 1492 means nothing more than no tag. */
			if (!t->has_mp && bng_get16(v) >= PPPOE_MRU_DEFAULT) {
				t->has_mp = 1;
				t->max_payload = bng_get16(v);
			}
			break;
		default:
			break; /* vendor-specific and the rest: not ours to read */
		}
		off = (uint16_t)(off + 4 + tl);
	}
	return PPPOE_R_OK;
}

static int
service_offered(const struct pppoe_config *c, const uint8_t *name, uint16_t len)
{
	if (len == 0 || c->n_services == 0)
		return 1;
	for (unsigned int i = 0; i < c->n_services; i++) {
		size_t sl = strlen(c->services[i]);

		if (sl == 0 || (sl == len && memcmp(c->services[i], name, len) == 0))
			return 1;
	}
	return 0;
}

/* The payload both sides agreed on (RFC 4638), 0: none (1492). */
static uint16_t
payload_agreed(const struct pppoe *e, const struct disc_tags *t)
{
	if (!t->has_mp || e->cfg.max_payload <= PPPOE_MRU_DEFAULT)
		return 0;
	return RTE_MIN(t->max_payload, e->cfg.max_payload);
}

static void
cookie_make(const struct pppoe *e, const struct pppoe_rx *rx, uint32_t period,
	    uint8_t cookie[PPPOE_COOKIE_LEN])
{
	uint8_t m[16];

	memcpy(m, rx->src.addr_bytes, 6);
	bng_put16(m + 6, rx->port);
	bng_put16(m + 8, rx->svlan);
	bng_put16(m + 10, rx->cvlan);
	bng_put32(m + 12, period);
	pppoe_hmac_md5(e->secret, m, sizeof(m), cookie);
}

static int
cookie_ok(const struct pppoe *e, const struct pppoe_rx *rx, const struct disc_tags *t)
{
	uint32_t period = rx->now / e->cfg.cookie_period_ms;
	uint8_t want[PPPOE_COOKIE_LEN];
	int ok = 0;

	if (t->cookie_len != PPPOE_COOKIE_LEN)
		return 0;
	/* This period's cookie or the last one's: a cookie lives one to two periods. */
	for (uint32_t i = 0; i < 2; i++) {
		uint8_t diff = 0;

		cookie_make(e, rx, period - i, want);
		for (unsigned int j = 0; j < PPPOE_COOKIE_LEN; j++)
			diff |= (uint8_t)(want[j] ^ t->cookie[j]);
		ok |= diff == 0;
	}
	return ok;
}

static uint16_t
put_tag(uint8_t *p, uint16_t type, const void *v, uint16_t len)
{
	bng_put16(p, type);
	bng_put16(p + 2, len);
	if (len != 0)
		memcpy(p + 4, v, len);
	return (uint16_t)(4 + len);
}

/* Host-Uniq, Relay-Session-Id (RFC 2516 A: echoed unmodified) and the
 * agreed PPP-Max-Payload. */
static uint16_t
put_echo(uint8_t *p, const struct disc_tags *t, uint16_t mp)
{
	uint16_t o = 0;

	if (t->has_hu)
		o = (uint16_t)(o + put_tag(p + o, PPPOE_TAG_HOST_UNIQ, t->host_uniq, t->hu_len));
	if (t->has_relay)
		o = (uint16_t)(o + put_tag(p + o, PPPOE_TAG_RELAY_ID, t->relay, t->relay_len));
	if (mp != 0) {
		uint8_t v[2];

		bng_put16(v, mp);
		o = (uint16_t)(o + put_tag(p + o, PPPOE_TAG_MAX_PAYLOAD, v, 2));
	}
	return o;
}

static enum pppoe_reason
padi(struct pppoe *e, const struct pppoe_rx *rx, const struct disc_tags *t, struct pppoe_out *out)
{
	const struct pppoe_config *c = &e->cfg;
	uint8_t cookie[PPPOE_COOKIE_LEN];
	struct pppoe_frame *f;
	enum pppoe_reason r;
	uint16_t pl, o;

	if (!t->has_service)
		return PPPOE_R_NO_SERVICE_NAME;
	r = pppoe_padi_allow(e, rx->port, &rx->src, rx->now);
	if (r != PPPOE_R_OK)
		return r;
	if (!service_offered(c, t->service, t->service_len))
		return PPPOE_R_SERVICE_NOT_OFFERED;
	f = pppoe_frame_start(e, out, rx->port, &rx->src, &rx->tags, PPPOE_ETH_DISC,
			      PPPOE_CODE_PADO, 0, &pl);
	if (f == NULL)
		return PPPOE_R_OUT_FULL;
	/* The Service-Name asked for first (RFC 2516 5.2), then the others we offer. */
	o = (uint16_t)(pl + put_tag(f->data + pl, PPPOE_TAG_SERVICE, t->service, t->service_len));
	o = (uint16_t)(o + put_tag(f->data + o, PPPOE_TAG_AC_NAME, c->ac_name,
				   (uint16_t)strlen(c->ac_name)));
	for (unsigned int i = 0; i < c->n_services; i++) {
		uint16_t sl = (uint16_t)strlen(c->services[i]);

		if (sl != 0 && (sl != t->service_len || memcmp(c->services[i], t->service, sl) != 0))
			o = (uint16_t)(o + put_tag(f->data + o, PPPOE_TAG_SERVICE, c->services[i],
						   sl));
	}
	cookie_make(e, rx, rx->now / c->cookie_period_ms, cookie);
	o = (uint16_t)(o + put_tag(f->data + o, PPPOE_TAG_COOKIE, cookie, sizeof(cookie)));
	o = (uint16_t)(o + put_echo(f->data + o, t, payload_agreed(e, t)));
	pppoe_frame_end(out, f, pl, o);
	e->st.pado_out++;
	return PPPOE_R_OK;
}

static void
pads_error(struct pppoe *e, const struct pppoe_rx *rx, const struct disc_tags *t, uint16_t tag,
	   const char *text, struct pppoe_out *out)
{
	struct pppoe_frame *f;
	uint16_t pl, o;

	f = pppoe_frame_start(e, out, rx->port, &rx->src, &rx->tags, PPPOE_ETH_DISC,
			      PPPOE_CODE_PADS, 0, &pl);
	if (f == NULL)
		return;
	o = (uint16_t)(pl + put_tag(f->data + pl, PPPOE_TAG_SERVICE, t->service, t->service_len));
	o = (uint16_t)(o + put_tag(f->data + o, tag, text, (uint16_t)strlen(text)));
	o = (uint16_t)(o + put_echo(f->data + o, t, 0));
	pppoe_frame_end(out, f, pl, o);
	e->st.pads_err_out++;
}

static void
pads_send(struct pppoe *e, const struct pppoe_rx *rx, const struct disc_tags *t,
	  const struct pppoe_sess *s, struct pppoe_out *out)
{
	struct pppoe_frame *f;
	uint16_t pl, o;

	f = pppoe_frame_start(e, out, rx->port, &rx->src, &rx->tags, PPPOE_ETH_DISC,
			      PPPOE_CODE_PADS, s->sid, &pl);
	if (f == NULL)
		return;
	o = (uint16_t)(pl + put_tag(f->data + pl, PPPOE_TAG_SERVICE, t->service, t->service_len));
	o = (uint16_t)(o + put_echo(f->data + o, t, payload_agreed(e, t)));
	pppoe_frame_end(out, f, pl, o);
	e->st.pads_out++;
}

static enum pppoe_reason
padr(struct pppoe *e, const struct pppoe_rx *rx, const struct disc_tags *t, struct pppoe_out *out)
{
	struct pppoe_sess *s;
	uint16_t n, last = 0, mp;
	uint32_t hu_crc;
	int err;

	if (!t->has_service)
		return PPPOE_R_NO_SERVICE_NAME;
	if (!t->has_cookie)
		return PPPOE_R_NO_COOKIE;
	if (!cookie_ok(e, rx, t))
		return PPPOE_R_BAD_COOKIE;
	if (!service_offered(&e->cfg, t->service, t->service_len)) {
		pads_error(e, rx, t, PPPOE_TAG_SERVICE_ERR, "service not offered", out);
		return PPPOE_R_SERVICE_NOT_OFFERED;
	}
	hu_crc = t->has_hu ? rte_hash_crc(t->host_uniq, t->hu_len, 0) : 0;
	n = pppoe_mac_sessions(e, rx->port, &rx->src, &last);
	/* A PADR again from a client whose PADS was lost: the session it made
	 * has heard nothing from the client yet; answer with the same id. */
	if (n != 0 && last != 0) {
		s = pppoe_sess_by_sid(e, last);
		if (s != NULL && !s->lcp_seen && !s->closing && s->hu_len == t->hu_len &&
		    s->hu_crc == hu_crc && s->svlan == rx->svlan && s->cvlan == rx->cvlan) {
			pads_send(e, rx, t, s, out);
			e->st.padr_retransmits++;
			return PPPOE_R_OK;
		}
	}
	if (n >= e->cfg.max_per_mac) {
		pads_error(e, rx, t, PPPOE_TAG_SYSTEM_ERR, "too many sessions for this MAC", out);
		return PPPOE_R_MAC_LIMIT;
	}
	s = pppoe_sess_alloc(e, rx, &err);
	if (s == NULL) {
		pads_error(e, rx, t, PPPOE_TAG_SYSTEM_ERR, "session limit reached", out);
		return PPPOE_R_SESSION_LIMIT;
	}
	mp = payload_agreed(e, t);
	s->max_mru = mp != 0 ? mp : PPPOE_MRU_DEFAULT;
	s->hu_len = t->has_hu ? t->hu_len : 0;
	s->hu_crc = hu_crc;
	pads_send(e, rx, t, s, out);
	e->st.sessions_created++;
	pppoe_ppp_start(e, s, rx->now, out);
	pppoe_sess_post(e, s, rx->now, out);
	return PPPOE_R_OK;
}

static enum pppoe_reason
padt(struct pppoe *e, const struct pppoe_rx *rx, struct pppoe_out *out)
{
	struct pppoe_sess *s = pppoe_sess_by_sid(e, rx->sid);

	if (s == NULL || s->port != rx->port || !rte_is_same_ether_addr(&s->mac, &rx->src) ||
	    s->svlan != rx->svlan || s->cvlan != rx->cvlan)
		return PPPOE_R_UNKNOWN_SESSION;
	/* A PADT answering our Terminate-Request keeps our reason. */
	if (s->down_reason == PPPOE_DOWN_NONE)
		s->down_reason = PPPOE_DOWN_PADT;
	s->closing = 1;
	pppoe_sess_finish(e, s, 0, rx->now, out);
	pppoe_sess_post(e, s, rx->now, out);
	return PPPOE_R_OK;
}

enum pppoe_reason
pppoe_disc_input(struct pppoe *e, const struct pppoe_rx *rx, struct pppoe_out *out)
{
	struct disc_tags t;
	enum pppoe_reason r;

	switch (rx->code) {
	case PPPOE_CODE_PADI:
		e->st.padi_in++;
		break;
	case PPPOE_CODE_PADR:
		e->st.padr_in++;
		break;
	case PPPOE_CODE_PADT:
		e->st.padt_in++;
		break;
	case PPPOE_CODE_PADO:
	case PPPOE_CODE_PADS:
		return PPPOE_R_WRONG_CODE;
	default:
		return PPPOE_R_BAD_CODE;
	}
	if (rx->code != PPPOE_CODE_PADI && rte_is_broadcast_ether_addr(&rx->dst))
		return PPPOE_R_ETH_DST_OTHER;
	if (rx->code == PPPOE_CODE_PADT)
		return padt(e, rx, out);
	if (rx->sid != 0)
		return PPPOE_R_BAD_SESSION_ID;
	r = parse_tags(rx->pl, rx->pl_len, &t);
	if (r != PPPOE_R_OK)
		return r;
	return rx->code == PPPOE_CODE_PADI ? padi(e, rx, &t, out) : padr(e, rx, &t, out);
}

void
pppoe_padt_unknown(struct pppoe *e, const struct pppoe_rx *rx, struct pppoe_out *out)
{
	struct pppoe_frame *f;
	uint16_t pl;

	if (!pppoe_padt_unknown_allow(e, rx->port, rx->now))
		return;
	f = pppoe_frame_start(e, out, rx->port, &rx->src, &rx->tags, PPPOE_ETH_DISC,
			      PPPOE_CODE_PADT, rx->sid, &pl);
	if (f == NULL)
		return;
	pppoe_frame_end(out, f, pl, pl);
	e->st.padt_out++;
	e->st.padt_unknown_out++;
}

void
pppoe_padt_send(struct pppoe *e, struct pppoe_sess *s, struct pppoe_out *out)
{
	struct pppoe_frame *f;
	uint16_t pl;

	f = pppoe_frame_start(e, out, s->port, &s->mac, &s->tags, PPPOE_ETH_DISC, PPPOE_CODE_PADT,
			      s->sid, &pl);
	if (f == NULL)
		return;
	pppoe_frame_end(out, f, pl, pl);
	e->st.padt_out++;
}
