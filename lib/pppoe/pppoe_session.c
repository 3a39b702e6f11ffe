/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The session table and a session's life: session ids from a FIFO ring (an
 * id comes back as late as possible) with a generation per id for handles,
 * slots from a stack, a dense list of live slots for the timer sweep, the
 * per-(port, MAC) counts that enforce max_per_mac, the PADI token buckets,
 * and the end of a session (close, finish, deferred work after each event,
 * the per-session timers), plus the query API.
 */
#include <errno.h>
#include <string.h>

#include <rte_hash_crc.h>

#include "pppoe_priv.h"

#define TOKEN 1000u /* one PADI, in rate limiter units */

struct mac_key {
	uint16_t port;
	uint8_t mac[RTE_ETHER_ADDR_LEN];
};

static void
mac_key(struct mac_key *k, uint16_t port, const struct rte_ether_addr *mac)
{
	k->port = port;
	memcpy(k->mac, mac->addr_bytes, RTE_ETHER_ADDR_LEN);
}

struct pppoe_sess *
pppoe_sess_by_sid(const struct pppoe *e, uint16_t sid)
{
	uint32_t slot = e->sid_slot[sid];

	return slot == 0 ? NULL : &e->sess[slot - 1];
}

struct pppoe_sess *
pppoe_sess_by_handle(const struct pppoe *e, uint32_t handle)
{
	struct pppoe_sess *s = pppoe_sess_by_sid(e, PPPOE_HANDLE_SID(handle));

	return s != NULL && s->handle == handle ? s : NULL;
}

uint16_t
pppoe_mac_sessions(const struct pppoe *e, uint16_t port, const struct rte_ether_addr *mac,
		   uint16_t *last_sid)
{
	struct mac_key k;
	int32_t pos;

	mac_key(&k, port, mac);
	pos = rte_hash_lookup(e->mac_h, &k);
	if (pos < 0)
		return 0;
	*last_sid = e->mac_last[pos];
	return e->mac_cnt[pos];
}

struct pppoe_sess *
pppoe_sess_alloc(struct pppoe *e, const struct pppoe_rx *rx, int *err)
{
	struct pppoe_sess *s;
	struct mac_key k;
	uint32_t slot;
	uint16_t sid, gen;
	int32_t pos;

	if (e->n_slot_free == 0 || e->sid_count == 0) {
		*err = -ENOSPC;
		return NULL;
	}
	mac_key(&k, rx->port, &rx->src);
	pos = rte_hash_add_key(e->mac_h, &k);
	if (pos < 0) {
		*err = -ENOSPC;
		return NULL;
	}
	slot = e->slot_free[--e->n_slot_free];
	sid = e->sid_free[e->sid_head];
	e->sid_head = (e->sid_head + 1) % PPPOE_MAX_SESSIONS;
	e->sid_count--;
	gen = (uint16_t)(e->sid_gen[sid] + 1);
	if (gen == 0)
		gen = 1; /* a handle is never 0 */
	e->sid_gen[sid] = gen;

	s = &e->sess[slot];
	memset(s, 0, sizeof(*s));
	s->in_use = 1;
	s->sid = sid;
	s->handle = (uint32_t)gen << 16 | sid;
	s->port = rx->port;
	s->mac = rx->src;
	s->svlan = rx->svlan;
	s->cvlan = rx->cvlan;
	s->tags = rx->tags;
	s->created_ms = rx->now;
	s->mac_pos = pos;
	e->sid_slot[sid] = slot + 1;
	e->mac_cnt[pos]++;
	e->mac_last[pos] = sid;
	s->live_idx = e->n_live;
	e->live[e->n_live++] = slot;
	return s;
}

void
pppoe_sess_release(struct pppoe *e, struct pppoe_sess *s)
{
	uint32_t slot = (uint32_t)(s - e->sess), last;
	int32_t pos = s->mac_pos;

	e->sid_slot[s->sid] = 0;
	e->sid_free[(e->sid_head + e->sid_count) % PPPOE_MAX_SESSIONS] = s->sid;
	e->sid_count++;
	if (--e->mac_cnt[pos] == 0) {
		struct mac_key k;

		mac_key(&k, s->port, &s->mac);
		rte_hash_del_key(e->mac_h, &k);
	} else if (e->mac_last[pos] == s->sid) {
		e->mac_last[pos] = 0;
	}
	last = e->live[--e->n_live];
	e->live[s->live_idx] = last;
	e->sess[last].live_idx = s->live_idx;
	e->slot_free[e->n_slot_free++] = slot;
	s->in_use = 0;
}

/* --- PADI rate limits ------------------------------------------------------------------ */

static int
bucket_take(uint64_t *tokens, uint32_t *last, uint32_t now, uint32_t rate, uint32_t burst)
{
	uint64_t full = (uint64_t)burst * TOKEN, elapsed;
	int32_t d = (int32_t)(now - *last);

	/* rate per second is rate thousandths of a PADI per millisecond. */
	elapsed = d > 0 ? (uint64_t)d : 0;
	if (elapsed >= full / rate + 1)
		*tokens = full;
	else
		*tokens = RTE_MIN(full, *tokens + elapsed * rate);
	if (d > 0)
		*last = now;
	if (*tokens < TOKEN)
		return 0;
	*tokens -= TOKEN;
	return 1;
}

/*
 * A bucket per MAC in a set-associative table: constant work per PADI and
 * no allocation whatever a flood of invented MACs does; a MAC without a
 * slot takes its set's least recently used one. The port's bucket then
 * bounds the flood as a whole.
 */
enum pppoe_reason
pppoe_padi_allow(struct pppoe *e, uint16_t port, const struct rte_ether_addr *mac, uint32_t now)
{
	const struct pppoe_config *c = &e->cfg;
	struct pppoe_port *pt = &e->ports[port];

	if (c->padi_rate_mac != 0) {
		struct pppoe_rate_slot *set, *s = NULL, *victim = NULL;
		uint64_t full = (uint64_t)c->padi_burst_mac * TOKEN;

		set = &e->rate[(rte_hash_crc(mac->addr_bytes, RTE_ETHER_ADDR_LEN, port) &
				(e->rate_sets - 1)) * PPPOE_RATE_WAYS];
		for (uint32_t i = 0; i < PPPOE_RATE_WAYS && s == NULL; i++) {
			if (set[i].valid && rte_is_same_ether_addr(&set[i].mac, mac))
				s = &set[i];
			else if (victim == NULL ||
				 (victim->valid && (!set[i].valid ||
						    (int32_t)(set[i].last_ms - victim->last_ms) < 0)))
				victim = &set[i];
		}
		if (s == NULL) {
			s = victim;
			if (s->valid && (uint32_t)(now - s->last_ms) < full / c->padi_rate_mac)
				e->st.rate_evictions++; /* its bucket was not full yet */
			s->valid = 1;
			s->mac = *mac;
			s->tokens = full;
			s->last_ms = now;
		}
		if (!bucket_take(&s->tokens, &s->last_ms, now, c->padi_rate_mac, c->padi_burst_mac))
			return PPPOE_R_PADI_RATE_MAC;
	}
	if (c->padi_rate_port != 0) {
		if (!pt->rate_valid) {
			pt->rate_valid = 1;
			pt->tokens = (uint64_t)c->padi_burst_port * TOKEN;
			pt->last_ms = now;
		}
		if (!bucket_take(&pt->tokens, &pt->last_ms, now, c->padi_rate_port,
				 c->padi_burst_port))
			return PPPOE_R_PADI_RATE_PORT;
	}
	return PPPOE_R_OK;
}

int
pppoe_padt_unknown_allow(struct pppoe *e, uint16_t port, uint32_t now)
{
	struct pppoe_port *pt = &e->ports[port];
	uint32_t rate = e->cfg.padt_unknown_rate;

	if (rate == 0)
		return 0;
	if (!pt->padt_valid) {
		pt->padt_valid = 1;
		pt->padt_tokens = (uint64_t)rate * TOKEN;
		pt->padt_last_ms = now;
	}
	return bucket_take(&pt->padt_tokens, &pt->padt_last_ms, now, rate, rate);
}

/* --- End of a session ---------------------------------------------------------------- */

void
pppoe_sess_finish(struct pppoe *e, struct pppoe_sess *s, int padt, uint32_t now,
		  struct pppoe_out *out)
{
	struct pppoe_event *ev;

	if (s->finished)
		return;
	if (s->down_reason == PPPOE_DOWN_NONE)
		s->down_reason = PPPOE_DOWN_LCP_FAILED;
	if (padt)
		pppoe_padt_send(e, s, out);
	ev = pppoe_event_put(out, PPPOE_EV_SESSION_DOWN, s);
	if (ev != NULL) {
		ev->reason = s->down_reason;
		ev->addr = s->addr;
		ev->dns1 = s->dns1;
		ev->dns2 = s->dns2;
		ev->mru = s->peer_mru;
		ev->was_up = s->up;
		ev->duration_ms = now - s->created_ms;
		ev->uptime_ms = s->up ? now - s->up_ms : 0;
		ev->echo_sent = s->echo_sent;
		ev->echo_replies = s->echo_replies;
	}
	s->finished = 1;
	s->closing = 1;
	s->phase = PPPOE_PH_DEAD;
	s->t_auth = s->t_chap = s->t_net = s->t_echo = 0;
	s->lcp.timer_on = s->ipcp.timer_on = s->ipv6cp.timer_on = 0;
	e->st.sessions_down++;
	e->st.down[s->down_reason]++;
}

void
pppoe_sess_close(struct pppoe *e, struct pppoe_sess *s, uint8_t reason, uint32_t now,
		 struct pppoe_out *out)
{
	if (s->down_reason == PPPOE_DOWN_NONE)
		s->down_reason = reason;
	if (s->finished || s->closing)
		return;
	s->closing = 1;
	s->phase = PPPOE_PH_TERMINATE;
	s->t_auth = s->t_chap = s->t_net = s->t_echo = 0;
	pppoe_ppp_ncps_down(e, s);
	switch (s->lcp.state) {
	case PPPOE_CP_REQ_SENT:
	case PPPOE_CP_ACK_RCVD:
	case PPPOE_CP_ACK_SENT:
	case PPPOE_CP_OPENED:
		/* Terminate-Request now; PADT when LCP finishes (Terminate-Ack
		 * or Max-Terminate). */
		pppoe_fsm_close(e, s, &s->lcp, now, out);
		break;
	case PPPOE_CP_CLOSING:
	case PPPOE_CP_STOPPING:
		break; /* already terminating: its end finishes the session */
	default:
		pppoe_sess_finish(e, s, 1, now, out);
		break;
	}
}

void
pppoe_sess_post(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	if (!s->in_use)
		return;
	if (s->pending_close != PPPOE_DOWN_NONE && !s->finished) {
		uint8_t r = s->pending_close;

		s->pending_close = PPPOE_DOWN_NONE;
		pppoe_sess_close(e, s, r, now, out);
	}
	if (s->lcp_done && !s->finished)
		pppoe_sess_finish(e, s, 1, now, out);
	if (s->finished)
		pppoe_sess_release(e, s);
}

static int
sess_done(const struct pppoe_sess *s)
{
	return s->finished || s->lcp_done || s->pending_close != PPPOE_DOWN_NONE;
}

static void
echo_timer(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	uint8_t magic[4];

	if (s->echo_out >= e->cfg.echo_failures) {
		/* The client is gone: a Terminate-Request would go unanswered. */
		if (s->down_reason == PPPOE_DOWN_NONE)
			s->down_reason = PPPOE_DOWN_ECHO_TIMEOUT;
		s->closing = 1;
		pppoe_sess_finish(e, s, 1, now, out);
		return;
	}
	bng_put32(magic, s->send_magic ? s->magic : 0);
	pppoe_cp_send(e, s, PPP_LCP, CP_ECHO_REQ, ++s->echo_id, magic, 4, out);
	s->echo_out++;
	s->echo_sent++;
	e->st.lcp_echo_req_out++;
	s->echo_deadline = now + e->cfg.echo_interval_ms;
}

void
pppoe_sess_timer(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out)
{
	struct pppoe_fsm *const fsm[PPPOE_L_MAX] = { &s->lcp, &s->ipcp, &s->ipv6cp };

	/* LCP first: once it ends the session the NCPs' timers mean nothing. */
	for (unsigned int i = 0; i < PPPOE_L_MAX; i++) {
		if (fsm[i]->timer_on && bng_time_after(now, fsm[i]->deadline))
			pppoe_fsm_timeout(e, s, fsm[i], now, out);
		if (sess_done(s))
			return;
	}
	pppoe_auth_timer(e, s, now, out);
	if (sess_done(s))
		return;
	if (s->t_net && bng_time_after(now, s->net_deadline)) {
		s->t_net = 0;
		pppoe_sess_close(e, s, PPPOE_DOWN_ADDR_TIMEOUT, now, out);
		return;
	}
	if (s->t_echo && bng_time_after(now, s->echo_deadline))
		echo_timer(e, s, now, out);
}

int
pppoe_session_terminate(struct pppoe *e, uint32_t handle, enum pppoe_down_reason reason,
			uint32_t now_ms, struct pppoe_out *out)
{
	struct pppoe_sess *s;

	if (e == NULL || out == NULL)
		return -EINVAL;
	s = pppoe_sess_by_handle(e, handle);
	if (s == NULL)
		return -ENOENT;
	if (reason == PPPOE_DOWN_NONE || reason >= PPPOE_DOWN_MAX)
		return -EINVAL;
	if (s->closing)
		return -EALREADY;
	if (!pppoe_out_room(out))
		return -ENOBUFS;
	pppoe_sess_close(e, s, (uint8_t)reason, now_ms, out);
	pppoe_sess_post(e, s, now_ms, out);
	return 0;
}

/* --- Query --------------------------------------------------------------------------- */

void
pppoe_sess_info(const struct pppoe_sess *s, uint32_t now, struct pppoe_session_info *info)
{
	memset(info, 0, sizeof(*info));
	info->handle = s->handle;
	info->session_id = s->sid;
	info->port = s->port;
	info->svlan = s->svlan;
	info->cvlan = s->cvlan;
	info->mac = s->mac;
	info->phase = s->phase;
	info->lcp_state = s->lcp.state;
	info->ipcp_state = s->ipcp.state;
	info->ipv6cp_state = s->ipv6cp.state;
	info->ifid = s->ifid;
	info->peer_ifid = s->peer_ifid;
	info->auth_proto = s->auth_proto;
	info->up = s->up;
	info->mru = s->peer_mru;
	info->our_mru = s->our_mru;
	info->magic = s->magic;
	info->peer_magic = s->peer_magic;
	info->addr = s->addr;
	info->dns1 = s->dns1;
	info->dns2 = s->dns2;
	info->age_ms = now - s->created_ms;
	info->uptime_ms = s->up ? now - s->up_ms : 0;
	info->echo_sent = s->echo_sent;
	info->echo_replies = s->echo_replies;
	info->echo_outstanding = s->echo_out;
	memcpy(info->username, s->user, s->user_len);
}

uint32_t
pppoe_session_find(const struct pppoe *e, uint16_t port, const struct rte_ether_addr *mac,
		   uint16_t session_id)
{
	const struct pppoe_sess *s;

	if (e == NULL || mac == NULL)
		return 0;
	s = pppoe_sess_by_sid(e, session_id);
	if (s == NULL || s->port != port || !rte_is_same_ether_addr(&s->mac, mac))
		return 0;
	return s->handle;
}

int
pppoe_session_get(const struct pppoe *e, uint32_t handle, uint32_t now_ms,
		  struct pppoe_session_info *info)
{
	const struct pppoe_sess *s;

	if (e == NULL || info == NULL)
		return -EINVAL;
	s = pppoe_sess_by_handle(e, handle);
	if (s == NULL)
		return -ENOENT;
	pppoe_sess_info(s, now_ms, info);
	return 0;
}

int
pppoe_session_next(const struct pppoe *e, uint32_t *cursor, uint32_t now_ms,
		   struct pppoe_session_info *info)
{
	if (e == NULL || cursor == NULL || info == NULL)
		return -EINVAL;
	if (*cursor >= e->n_live)
		return -ENOENT;
	pppoe_sess_info(&e->sess[e->live[*cursor]], now_ms, info);
	(*cursor)++;
	return 0;
}

uint32_t
pppoe_session_count(const struct pppoe *e)
{
	return e->n_live;
}
