/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The pppoe engine: configuration and its checks, creation, ports, the one
 * parse of a received frame (Ethernet, VLAN tags, PPPoE header) that
 * dispatches to discovery or to a session's PPP, the timer sweep, and the
 * frame and event helpers the protocol files share.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_random.h>

#include "bng_stats.h"
#include "pppoe_priv.h"

BNG_STAT_STRINGS(PPPOE_FOREACH_STAT, pppoe_stat_name, pppoe_stat_help)

BNG_ENUM_STRINGS(PPPOE_FOREACH_REASON, pppoe_reason_name, pppoe_reason_help)

BNG_ENUM_STRINGS(PPPOE_FOREACH_DOWN, pppoe_down_name, pppoe_down_help)

#define TPID_8021Q  0x8100
#define TPID_8021AD 0x88a8
#define TPID_9100   0x9100

static const char *const phase_names[] = { "dead", "establish", "authenticate", "network",
					   "terminate" };
static const char *const cp_state_names[] = { "Initial", "Starting", "Closed", "Stopped",
					      "Closing", "Stopping", "Req-Sent", "Ack-Rcvd",
					      "Ack-Sent", "Opened" };
static const char *const auth_names[] = { "none", "pap", "chap-md5" };

const char *
pppoe_phase_name(unsigned int phase)
{
	return phase < RTE_DIM(phase_names) ? phase_names[phase] : "?";
}

const char *
pppoe_cp_state_name(unsigned int state)
{
	return state < RTE_DIM(cp_state_names) ? cp_state_names[state] : "?";
}

const char *
pppoe_auth_name(unsigned int proto)
{
	return proto < RTE_DIM(auth_names) ? auth_names[proto] : "?";
}

void
pppoe_config_defaults(struct pppoe_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->ac_name, sizeof(c->ac_name), "bng");
	c->max_sessions = 4096;
	c->max_per_mac = 2;
	c->max_payload = PPPOE_MRU_DEFAULT;
	c->padi_rate_mac = 2;
	c->padi_burst_mac = 5;
	c->padi_rate_port = 200;
	c->padi_burst_port = 400;
	c->padt_unknown_rate = 100;
	c->rate_slots = 4096;
	c->cookie_period_ms = 30000;
	c->n_auth = 2;
	c->auth[0] = PPPOE_AUTH_CHAP_MD5;
	c->auth[1] = PPPOE_AUTH_PAP;
	c->restart_ms = 3000;
	c->max_configure = 10;
	c->max_terminate = 2;
	c->max_failure = 5;
	c->echo_failures = 3;
	c->echo_interval_ms = 30000;
	c->auth_timeout_ms = 30000;
	c->addr_timeout_ms = 30000;
	c->timer_budget = 1024;
}

static int
terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static int
config_check(const struct pppoe_config *c)
{
	uint8_t seen = 0;

	if (!terminated(c->ac_name, sizeof(c->ac_name)) || c->ac_name[0] == '\0' ||
	    c->n_services > PPPOE_MAX_SERVICES)
		return -EINVAL;
	for (unsigned int i = 0; i < c->n_services; i++)
		if (!terminated(c->services[i], sizeof(c->services[i])))
			return -EINVAL;
	if (c->max_sessions == 0 || c->max_sessions > PPPOE_MAX_SESSIONS || c->max_per_mac == 0 ||
	    c->max_payload < PPPOE_MRU_DEFAULT || c->max_payload > PPPOE_PAYLOAD_MAX)
		return -EINVAL;
	if ((c->padi_rate_mac != 0 && c->padi_burst_mac == 0) ||
	    (c->padi_rate_port != 0 && c->padi_burst_port == 0) || c->rate_slots < PPPOE_RATE_WAYS ||
	    (c->rate_slots & (c->rate_slots - 1)) != 0 || c->rate_slots > (1u << 24))
		return -EINVAL;
	if (c->cookie_period_ms == 0 || c->n_auth > PPPOE_MAX_AUTH)
		return -EINVAL;
	for (unsigned int i = 0; i < c->n_auth; i++) {
		if (c->auth[i] != PPPOE_AUTH_PAP && c->auth[i] != PPPOE_AUTH_CHAP_MD5)
			return -EINVAL;
		if (seen & (1u << c->auth[i]))
			return -EINVAL;
		seen |= (uint8_t)(1u << c->auth[i]);
	}
	if (c->restart_ms == 0 || c->max_configure == 0 || c->max_terminate == 0 ||
	    c->max_failure == 0 || (c->echo_interval_ms != 0 && c->echo_failures == 0) ||
	    c->auth_timeout_ms == 0 || c->addr_timeout_ms == 0 || c->timer_budget == 0 ||
	    c->ipv6 > 1)
		return -EINVAL;
	return 0;
}

struct pppoe *
pppoe_create(const char *name, int socket, const struct pppoe_config *cfg)
{
	static const uint8_t zero[16];
	char hname[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters p = {
		.name = hname,
		.hash_func = rte_hash_crc,
		.socket_id = socket,
		.key_len = 8,
		/* Exactly max_sessions MACs fit whatever the bucket collisions. */
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};
	struct pppoe *e;
	uint32_t n, first;

	if (name == NULL || cfg == NULL || strlen(name) == 0 || strlen(name) >= PPPOE_NAME_MAX ||
	    config_check(cfg) != 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	snprintf(hname, sizeof(hname), "pppoe_mac_%s", name);
	if (rte_hash_find_existing(hname) != NULL) {
		rte_errno = EEXIST;
		return NULL;
	}
	e = rte_zmalloc_socket("pppoe", sizeof(*e), RTE_CACHE_LINE_SIZE, socket);
	if (e == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	e->cfg = *cfg;
	snprintf(e->name, sizeof(e->name), "%s", name);
	n = cfg->max_sessions;
	e->sess = rte_zmalloc_socket("pppoe_sess", sizeof(*e->sess) * n, RTE_CACHE_LINE_SIZE,
				     socket);
	e->sid_slot = rte_zmalloc_socket("pppoe_sid", sizeof(uint32_t) * PPPOE_SID_SPACE, 0, socket);
	e->sid_gen = rte_zmalloc_socket("pppoe_gen", sizeof(uint16_t) * PPPOE_SID_SPACE, 0, socket);
	e->sid_free = rte_zmalloc_socket("pppoe_sfree", sizeof(uint16_t) * PPPOE_SID_SPACE, 0,
					 socket);
	e->slot_free = rte_zmalloc_socket("pppoe_slots", sizeof(uint32_t) * n, 0, socket);
	e->live = rte_zmalloc_socket("pppoe_live", sizeof(uint32_t) * n, 0, socket);
	e->mac_cnt = rte_zmalloc_socket("pppoe_mcnt", sizeof(uint16_t) * RTE_MAX(n, 8u), 0, socket);
	e->mac_last = rte_zmalloc_socket("pppoe_mlast", sizeof(uint16_t) * RTE_MAX(n, 8u), 0,
					 socket);
	e->rate_sets = cfg->rate_slots / PPPOE_RATE_WAYS;
	e->rate = rte_zmalloc_socket("pppoe_rate", sizeof(*e->rate) * cfg->rate_slots, 0, socket);
	if (e->sess == NULL || e->sid_slot == NULL || e->sid_gen == NULL || e->sid_free == NULL ||
	    e->slot_free == NULL || e->live == NULL || e->mac_cnt == NULL || e->mac_last == NULL ||
	    e->rate == NULL) {
		rte_errno = ENOMEM;
		goto fail;
	}
	/* Ids leave the ring from a random place and come back at its tail:
	 * an id is reused as late as possible, so a late PADT or verdict for a
	 * dead session rarely meets a live one (the generation refuses it). */
	first = (uint32_t)rte_rand_max(PPPOE_MAX_SESSIONS);
	for (uint32_t i = 0; i < PPPOE_MAX_SESSIONS; i++)
		e->sid_free[i] = (uint16_t)(1 + (first + i) % PPPOE_MAX_SESSIONS);
	e->sid_count = PPPOE_MAX_SESSIONS;
	for (uint32_t i = 0; i < n; i++)
		e->slot_free[i] = n - 1 - i;
	e->n_slot_free = n;
	if (memcmp(cfg->cookie_secret, zero, sizeof(zero)) == 0) {
		for (unsigned int i = 0; i < 16; i += 8) {
			uint64_t r = rte_rand();

			memcpy(e->secret + i, &r, 8);
		}
	} else {
		memcpy(e->secret, cfg->cookie_secret, 16);
	}
	p.entries = RTE_MAX(n, 8u);
	e->mac_h = rte_hash_create(&p);
	if (e->mac_h == NULL)
		goto fail;
	return e;
fail:
	{
		int err = rte_errno;

		pppoe_free(e);
		rte_errno = err;
	}
	return NULL;
}

void
pppoe_free(struct pppoe *e)
{
	if (e == NULL)
		return;
	rte_hash_free(e->mac_h);
	rte_free(e->rate);
	rte_free(e->mac_last);
	rte_free(e->mac_cnt);
	rte_free(e->live);
	rte_free(e->slot_free);
	rte_free(e->sid_free);
	rte_free(e->sid_gen);
	rte_free(e->sid_slot);
	rte_free(e->sess);
	rte_free(e);
}

int
pppoe_port_enable(struct pppoe *e, uint16_t port, const struct rte_ether_addr *mac)
{
	if (e == NULL || mac == NULL || port >= RTE_MAX_ETHPORTS ||
	    rte_is_multicast_ether_addr(mac) || rte_is_zero_ether_addr(mac))
		return -EINVAL;
	e->ports[port].enabled = 1;
	e->ports[port].mac = *mac;
	return 0;
}

const struct pppoe_stats *
pppoe_stats_get(const struct pppoe *e)
{
	return &e->st;
}

/* --- Frames and events --------------------------------------------------------------- */

struct pppoe_frame *
pppoe_frame_start(struct pppoe *e, struct pppoe_out *o, uint16_t port,
		  const struct rte_ether_addr *dst, const struct pppoe_tags *tags,
		  uint16_t ethertype, uint8_t code, uint16_t sid, uint16_t *off)
{
	struct pppoe_frame *f;
	uint16_t n;

	if (o->n_frames >= PPPOE_OUT_FRAMES)
		return NULL;
	f = &o->frames[o->n_frames];
	f->port = port;
	memcpy(f->data, dst, 6);
	memcpy(f->data + 6, &e->ports[port].mac, 6);
	n = (uint16_t)(4 * tags->n);
	memcpy(f->data + 12, tags->b, n);
	bng_put16(f->data + 12 + n, ethertype);
	n = (uint16_t)(n + 14);
	f->data[n] = PPPOE_VER_TYPE;
	f->data[n + 1] = code;
	bng_put16(f->data + n + 2, sid);
	bng_put16(f->data + n + 4, 0);
	*off = (uint16_t)(n + PPPOE_HDR_LEN);
	return f;
}

void
pppoe_frame_end(struct pppoe_out *o, struct pppoe_frame *f, uint16_t pl_off, uint16_t end)
{
	bng_put16(f->data + pl_off - 2, (uint16_t)(end - pl_off));
	if (end < PPPOE_ETH_MIN) {
		memset(f->data + end, 0, PPPOE_ETH_MIN - end);
		end = PPPOE_ETH_MIN;
	}
	f->len = end;
	o->n_frames++;
}

struct pppoe_event *
pppoe_event_put(struct pppoe_out *o, uint8_t type, const struct pppoe_sess *s)
{
	struct pppoe_event *ev;

	if (o->n_events >= PPPOE_OUT_EVENTS)
		return NULL;
	ev = &o->events[o->n_events++];
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->handle = s->handle;
	ev->session_id = s->sid;
	ev->port = s->port;
	ev->svlan = s->svlan;
	ev->cvlan = s->cvlan;
	ev->mac = s->mac;
	ev->auth_proto = s->auth_proto;
	ev->username_len = s->user_len;
	memcpy(ev->username, s->user, s->user_len);
	return ev;
}

/* --- Input ------------------------------------------------------------------------- */

static int
tpid_ok(uint16_t t)
{
	return t == TPID_8021Q || t == TPID_8021AD || t == TPID_9100;
}

static enum pppoe_reason
input(struct pppoe *e, struct pppoe_rx *rx, const uint8_t *frame, uint16_t len,
      struct pppoe_out *out)
{
	uint16_t vid[PPPOE_MAX_VLAN] = { 0, 0 };
	const struct pppoe_port *pt;
	struct pppoe_sess *s;
	const uint8_t *h;
	uint16_t off = 12, et;
	enum pppoe_reason r;

	if (rx->port >= RTE_MAX_ETHPORTS || !e->ports[rx->port].enabled)
		return PPPOE_R_NO_PORT;
	pt = &e->ports[rx->port];
	if (len < 14)
		return PPPOE_R_ETH_TRUNC;
	memcpy(&rx->dst, frame, 6);
	memcpy(&rx->src, frame + 6, 6);
	et = bng_get16(frame + off);
	while (tpid_ok(et)) {
		if (rx->tags.n == PPPOE_MAX_VLAN)
			return PPPOE_R_VLAN_TOO_DEEP;
		if (len < off + 6)
			return PPPOE_R_ETH_TRUNC;
		memcpy(rx->tags.b + 4 * rx->tags.n, frame + off, 4);
		vid[rx->tags.n++] = bng_get16(frame + off + 2) & 0x0fff;
		off += 4;
		et = bng_get16(frame + off);
	}
	off += 2;
	if (et != PPPOE_ETH_DISC && et != PPPOE_ETH_SESS)
		return PPPOE_R_NOT_PPPOE;
	rx->svlan = vid[0];
	rx->cvlan = vid[1];
	if (rte_is_multicast_ether_addr(&rx->src) || rte_is_zero_ether_addr(&rx->src) ||
	    rte_is_same_ether_addr(&rx->src, &pt->mac))
		return PPPOE_R_ETH_BAD_SRC;
	/* Only a PADI may be broadcast; discovery checks the code. */
	if (!rte_is_same_ether_addr(&rx->dst, &pt->mac) &&
	    (et == PPPOE_ETH_SESS || !rte_is_broadcast_ether_addr(&rx->dst)))
		return PPPOE_R_ETH_DST_OTHER;
	if (len - off < PPPOE_HDR_LEN)
		return PPPOE_R_HDR_TRUNC;
	h = frame + off;
	if (h[0] != PPPOE_VER_TYPE)
		return PPPOE_R_BAD_VER_TYPE;
	rx->code = h[1];
	rx->sid = bng_get16(h + 2);
	rx->pl_len = bng_get16(h + 4);
	if (rx->pl_len > len - off - PPPOE_HDR_LEN)
		return PPPOE_R_LEN_BEYOND_FRAME;
	rx->pl = h + PPPOE_HDR_LEN;
	if (et == PPPOE_ETH_DISC)
		return pppoe_disc_input(e, rx, out);
	if (rx->code != PPPOE_CODE_SESS)
		return PPPOE_R_WRONG_CODE;
	s = pppoe_sess_by_sid(e, rx->sid);
	if (s == NULL || s->port != rx->port || !rte_is_same_ether_addr(&s->mac, &rx->src) ||
	    s->svlan != rx->svlan || s->cvlan != rx->cvlan) {
		/* The client believes in a session we do not have: tell it
		 * (RFC 2516 5.5), at a bounded rate. */
		if (rx->sid != 0)
			pppoe_padt_unknown(e, rx, out);
		return PPPOE_R_UNKNOWN_SESSION;
	}
	r = pppoe_ppp_input(e, s, rx->pl, rx->pl_len, rx->now, out);
	pppoe_sess_post(e, s, rx->now, out);
	return r;
}

enum pppoe_reason
pppoe_input(struct pppoe *e, uint16_t port, const uint8_t *frame, uint16_t len, uint32_t now_ms,
	    struct pppoe_out *out)
{
	struct pppoe_rx rx;
	enum pppoe_reason r;

	memset(&rx, 0, sizeof(rx));
	rx.port = port;
	rx.now = now_ms;
	if (!pppoe_out_room(out))
		r = PPPOE_R_OUT_FULL;
	else
		r = input(e, &rx, frame, len, out);
	e->st.reason[r]++;
	return r;
}

uint32_t
pppoe_timer(struct pppoe *e, uint32_t now_ms, struct pppoe_out *out)
{
	uint32_t visited = 0, todo = RTE_MIN(e->cfg.timer_budget, e->n_live);

	while (visited < todo && e->n_live > 0 && pppoe_out_room(out)) {
		struct pppoe_sess *s;

		if (e->cursor >= e->n_live)
			e->cursor = 0;
		s = &e->sess[e->live[e->cursor]];
		pppoe_sess_timer(e, s, now_ms, out);
		pppoe_sess_post(e, s, now_ms, out);
		/* A freed session's place took the last live one: visit that
		 * place next rather than skip it. */
		if (s->in_use)
			e->cursor++;
		visited++;
	}
	return visited;
}
