/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The DHCP server's protocol (RFC 2131 4.3): what each client message does
 * to the lease table and what it is answered with, the reply's addressing
 * (4.1) and the per-MAC DISCOVER rate limiter.
 *
 * The server is authoritative for its pools: a client asking for an
 * address of our pools that is not its own gets a NAK, one asking about an
 * address outside them is left to whichever server owns it (silence).
 * Leases expire lazily when touched as well as through dhcp_server_expire(),
 * so a client never sees a lease that has run out.
 */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_hash_crc.h>

#include "dhcp_priv.h"

#define IP_UDP_HDR_LEN    28  /* max message size (option 57) counts the IP and UDP headers */
#define DHCP_DEFAULT_MAX  (576 - IP_UDP_HDR_LEN) /* what every client must accept */
#define TOKEN             1000u /* one DISCOVER, in rate limiter units */

/* --- One message's context ------------------------------------------------------ */

/** The pools a client may be served from: its tenant's, narrowed by giaddr. */
struct cands {
	uint32_t n;
	uint16_t idx[DHCP_MAX_POOLS];
};

struct rx_ctx {
	struct dhcp_server *srv;
	const struct dhcp_msg *m;
	const struct dhcp_rx_meta *meta;
	uint64_t now;
	struct dhcp_reply *out;
	struct dhcp_client_key key;
	struct cands cands;
};

static int
cands_has(const struct cands *c, uint32_t pool)
{
	for (uint32_t i = 0; i < c->n; i++)
		if (c->idx[i] == pool)
			return 1;
	return 0;
}

static void
cands_find(const struct dhcp_server *srv, uint16_t tenant, uint32_t giaddr, struct cands *c)
{
	struct cands by_relay = { 0 };

	c->n = 0;
	for (uint32_t i = 0; i < srv->cfg.n_pools; i++)
		if (srv->pools[i].cfg->tenant == tenant)
			c->idx[c->n++] = (uint16_t)i;
	if (giaddr == 0)
		return;
	/* RFC 2131 4.3.1: the relay's address picks the subnet. With
	 * unnumbered access links it matches none: then the tenant decides. */
	for (uint32_t i = 0; i < c->n; i++)
		if (dhcp_pool_in_subnet(&srv->pools[c->idx[i]], rte_be_to_cpu_32(giaddr)))
			by_relay.idx[by_relay.n++] = c->idx[i];
	if (by_relay.n != 0)
		*c = by_relay;
}

static enum dhcp_reason
client_key(const struct dhcp_msg *m, uint16_t tenant, struct dhcp_client_key *k)
{
	memset(k, 0, sizeof(*k));
	k->tenant = tenant;
	if (m->client_id_len != 0) {
		if (m->client_id_len > DHCP_CLIENT_ID_MAX)
			return DHCP_REASON_CLIENT_ID_TOO_LONG;
		k->kind = 1;
		k->len = m->client_id_len;
		memcpy(k->id, m->client_id, m->client_id_len);
	} else {
		k->len = RTE_ETHER_ADDR_LEN;
		memcpy(k->id, m->chaddr.addr_bytes, RTE_ETHER_ADDR_LEN);
	}
	if (m->circuit_len > DHCP_AGENT_ID_MAX || m->remote_len > DHCP_AGENT_ID_MAX)
		return DHCP_REASON_AGENT_ID_TOO_LONG;
	return DHCP_REASON_NONE;
}

/* The client's lease, unless it has run out (then it is ended now). */
static struct dhcp_lease *
live_by_client(struct rx_ctx *c)
{
	struct dhcp_lease *l = dhcp_lease_by_client(c->srv, &c->key);

	if (l != NULL && dhcp_lease_expire_one(c->srv, l, c->now))
		return NULL;
	return l;
}

static struct dhcp_lease *
live_by_addr(struct rx_ctx *c, uint32_t addr)
{
	struct dhcp_lease *l = dhcp_lease_by_addr(c->srv, addr);

	if (l != NULL && dhcp_lease_expire_one(c->srv, l, c->now))
		return NULL;
	return l;
}

/*
 * Where the client was seen: kept with the lease for the subscriber table.
 * A unicast renewal does not pass the relay agent and carries no option
 * 82: the line's ids recorded from the relayed messages are kept then.
 */
static void
lease_note(struct dhcp_lease *l, const struct rx_ctx *c)
{
	const struct dhcp_msg *m = c->m;

	l->mac = m->chaddr;
	l->port = c->meta->port;
	l->svlan = c->meta->svlan;
	l->cvlan = c->meta->cvlan;
	if (!m->has_agent)
		return;
	l->circuit_len = m->circuit_len;
	memcpy(l->circuit_id, m->circuit_id, m->circuit_len);
	l->remote_len = m->remote_len;
	memcpy(l->remote_id, m->remote_id, m->remote_len);
}

static uint32_t
lease_time(const struct dhcp_pool *p, const struct dhcp_msg *m)
{
	/* RFC 2131 4.3.1: a requested lease may be granted; we grant shorter ones only. */
	if (m->has_lease_time && m->lease_time >= DHCP_MIN_LEASE_S && m->lease_time < p->lease_s)
		return m->lease_time;
	return p->lease_s;
}

static const struct dhcp_reservation *
reservation_for(const struct dhcp_server *srv, const struct dhcp_msg *m)
{
	struct dhcp_mac_key mk = { 0 };
	void *data;

	/* The line (circuit) is the more specific identity on an access network. */
	if (m->has_circuit && m->circuit_len != 0 && m->circuit_len <= DHCP_AGENT_ID_MAX) {
		struct dhcp_circuit_key ck = { .len = m->circuit_len };

		memcpy(ck.id, m->circuit_id, m->circuit_len);
		if (rte_hash_lookup_data(srv->res_by_circuit, &ck, &data) >= 0)
			return &srv->cfg.reservations[(uintptr_t)data];
	}
	memcpy(mk.mac, m->chaddr.addr_bytes, RTE_ETHER_ADDR_LEN);
	if (rte_hash_lookup_data(srv->res_by_mac, &mk, &data) >= 0)
		return &srv->cfg.reservations[(uintptr_t)data];
	return NULL;
}

/* --- Outcomes --------------------------------------------------------------------- */

static int
no_reply(struct rx_ctx *c, enum dhcp_reason why)
{
	c->out->result = DHCP_RESULT_NO_REPLY;
	c->out->reason = (uint8_t)why;
	c->srv->cnt.reason[why]++;
	return DHCP_RESULT_NO_REPLY;
}

static int
fail(struct rx_ctx *c, enum dhcp_reason why)
{
	c->out->result = DHCP_RESULT_ERROR;
	c->out->reason = (uint8_t)why;
	c->srv->cnt.reason[why]++;
	return DHCP_RESULT_ERROR;
}

static void
to_broadcast(struct dhcp_reply *out)
{
	out->l2 = DHCP_L2_BROADCAST;
	out->dst_ip = UINT32_MAX;
	out->dst_port = DHCP_CLIENT_PORT;
	memset(out->dst_mac.addr_bytes, 0xff, RTE_ETHER_ADDR_LEN);
}

static int
reply(struct rx_ctx *c, uint8_t type, uint32_t yiaddr, const struct dhcp_pool *pool,
      uint32_t lease_s, enum dhcp_reason why)
{
	const struct dhcp_msg *m = c->m;
	struct dhcp_reply *out = c->out;
	struct dhcp_reply_params p = {
		.type = type,
		.flags = m->flags,
		.yiaddr = yiaddr,
		/* Table 3: the request's ciaddr in ACKs, 0 in OFFERs and NAKs. */
		.ciaddr = type == DHCP_ACK ? m->ciaddr : 0,
		.server_id = c->srv->cfg.server_id,
		.lease_s = lease_s,
	};
	size_t limit = DHCP_DEFAULT_MAX;
	unsigned int omitted = 0;
	int n;

	if (pool != NULL) {
		p.mask = rte_cpu_to_be_32(pool->mask);
		p.router = pool->cfg->router;
		p.n_dns = pool->cfg->n_dns;
		memcpy(p.dns, pool->cfg->dns, sizeof(p.dns));
		p.domain = pool->cfg->domain;
	}
	if (type == DHCP_NAK) {
		p.message = dhcp_reason_help(why);
		/* 4.3.2: a relay must broadcast a NAK to the client. */
		if (m->giaddr != 0)
			p.flags |= DHCP_FLAG_BROADCAST;
	}
	if (m->max_msg_size > DHCP_DEFAULT_MAX + IP_UDP_HDR_LEN)
		limit = RTE_MIN((size_t)m->max_msg_size - IP_UDP_HDR_LEN, sizeof(out->buf));
	n = dhcp_msg_write_reply(out->buf, limit, m, &p, &omitted);
	if (n < 0)
		return fail(c, DHCP_REASON_REPLY_FAILED);
	c->srv->cnt.stat[DHCP_STAT_OPTIONS_OMITTED] += omitted;
	out->len = (uint16_t)n;
	out->type = type;
	out->src_ip = c->srv->cfg.server_id;
	out->src_port = DHCP_SERVER_PORT;
	/* RFC 2131 4.1, in its order: relay, NAK, ciaddr, broadcast bit, yiaddr. */
	if (m->giaddr != 0) {
		out->l2 = DHCP_L2_ROUTED;
		out->dst_ip = m->giaddr;
		out->dst_port = DHCP_SERVER_PORT;
	} else if (type == DHCP_NAK) {
		to_broadcast(out);
	} else if (m->ciaddr != 0) {
		out->l2 = DHCP_L2_CHADDR;
		out->dst_ip = m->ciaddr;
		out->dst_port = DHCP_CLIENT_PORT;
		out->dst_mac = m->chaddr;
	} else if (m->flags & DHCP_FLAG_BROADCAST) {
		to_broadcast(out);
	} else {
		out->l2 = DHCP_L2_CHADDR;
		out->dst_ip = yiaddr;
		out->dst_port = DHCP_CLIENT_PORT;
		out->dst_mac = m->chaddr;
	}
	out->result = DHCP_RESULT_REPLY;
	out->reason = (uint8_t)why;
	c->srv->cnt.tx[type]++;
	c->srv->cnt.reason[why]++;
	return DHCP_RESULT_REPLY;
}

static int
nak(struct rx_ctx *c, enum dhcp_reason why)
{
	return reply(c, DHCP_NAK, 0, NULL, 0, why);
}

/* --- Rate limiter ----------------------------------------------------------------- */

/*
 * A token bucket per MAC in a set-associative table: constant work per
 * DISCOVER and no allocation, whatever a flood of invented MACs does. A
 * MAC with no slot takes its set's least recently used one; a flooder can
 * thus only push out MACs that share its set.
 */
static int
rate_allow(struct dhcp_server *srv, const struct rte_ether_addr *mac, uint64_t now)
{
	uint64_t full = (uint64_t)srv->cfg.discover_burst * TOKEN, elapsed;
	uint32_t rate = srv->cfg.discover_rate;
	struct dhcp_rate_slot *set, *s = NULL, *victim = NULL;

	if (rate == 0)
		return 1;
	set = &srv->rate[(rte_hash_crc(mac->addr_bytes, RTE_ETHER_ADDR_LEN, 0) &
			  (srv->rate_sets - 1)) * DHCP_RATE_WAYS];
	for (uint32_t i = 0; i < DHCP_RATE_WAYS && s == NULL; i++) {
		if (set[i].valid && rte_is_same_ether_addr(&set[i].mac, mac))
			s = &set[i];
		else if (victim == NULL || (victim->valid && (!set[i].valid ||
							       set[i].last_ms < victim->last_ms)))
			victim = &set[i];
	}
	if (s == NULL) {
		s = victim;
		if (s->valid && now - s->last_ms < full / rate)
			dhcp_stat_inc(srv, DHCP_STAT_RATE_EVICTIONS); /* its bucket was not full yet */
		s->valid = 1;
		s->mac = *mac;
		s->tokens = full;
		s->last_ms = now;
	}
	/* rate per second is rate thousandths of a DISCOVER per millisecond. */
	elapsed = now > s->last_ms ? now - s->last_ms : 0;
	if (elapsed >= full / rate + 1)
		s->tokens = full;
	else
		s->tokens = RTE_MIN(full, s->tokens + elapsed * rate);
	s->last_ms = RTE_MAX(s->last_ms, now);
	if (s->tokens < TOKEN)
		return 0;
	s->tokens -= TOKEN;
	return 1;
}

/* --- Handlers ------------------------------------------------------------------------ */

/* Claim @p addr (network order) in one of the client's pools. @return the pool or -1. */
static int
claim(struct rx_ctx *c, uint32_t addr, int reserved_ok)
{
	int pool = dhcp_pool_of(c->srv, rte_be_to_cpu_32(addr));

	if (pool < 0 || !cands_has(&c->cands, (uint32_t)pool) || live_by_addr(c, addr) != NULL ||
	    dhcp_pool_take(&c->srv->pools[pool], rte_be_to_cpu_32(addr), reserved_ok) != 0)
		return -1;
	return pool;
}

/* A new offered lease for @p addr, claimed in @p pool. */
static struct dhcp_lease *
offer_insert(struct rx_ctx *c, uint32_t addr, int pool)
{
	struct dhcp_lease *l;

	l = dhcp_lease_insert(c->srv, addr, (uint16_t)pool, DHCP_LEASE_OFFERED, &c->key);
	if (l == NULL) {
		dhcp_pool_put(&c->srv->pools[pool], rte_be_to_cpu_32(addr));
		return NULL;
	}
	l->start_ms = c->now;
	l->expiry_ms = c->now + (uint64_t)c->srv->cfg.offer_hold_s * 1000;
	lease_note(l, c);
	return l;
}

/* 4.3.1: reservation, requested address, then the pools in order. */
static enum dhcp_reason
offer_new(struct rx_ctx *c, struct dhcp_lease **out)
{
	const struct dhcp_reservation *r = reservation_for(c->srv, c->m);
	uint32_t addr = 0;
	int pool = -1;

	if (c->srv->n_free_slots == 0)
		return DHCP_REASON_TABLE_FULL;
	if (r != NULL && (pool = claim(c, r->addr, 1)) >= 0)
		addr = r->addr;
	if (pool < 0 && c->m->requested_ip != 0 && (pool = claim(c, c->m->requested_ip, 0)) >= 0)
		addr = c->m->requested_ip;
	for (uint32_t i = 0; pool < 0 && i < c->cands.n; i++) {
		uint32_t host;

		if (dhcp_pool_alloc(&c->srv->pools[c->cands.idx[i]], &host) == 0) {
			pool = c->cands.idx[i];
			addr = rte_cpu_to_be_32(host);
		}
	}
	if (pool < 0)
		return DHCP_REASON_POOL_EXHAUSTED;
	*out = offer_insert(c, addr, pool);
	return *out == NULL ? DHCP_REASON_TABLE_FULL : DHCP_REASON_NONE;
}

static int
on_discover(struct rx_ctx *c)
{
	struct dhcp_lease *l;
	enum dhcp_reason why;

	if (!rate_allow(c->srv, &c->m->chaddr, c->now))
		return no_reply(c, DHCP_REASON_RATE_LIMITED);
	if (c->cands.n == 0)
		return no_reply(c, DHCP_REASON_NO_POOL);
	l = live_by_client(c);
	if (l != NULL && !cands_has(&c->cands, l->pool)) {
		/* The client turned up where its address is not valid. */
		dhcp_lease_end(c->srv, l, DHCP_END_MOVED);
		l = NULL;
	}
	if (l == NULL) {
		why = offer_new(c, &l);
		if (why != DHCP_REASON_NONE)
			return no_reply(c, why);
	} else if (l->state == DHCP_LEASE_OFFERED) {
		/* A retransmission: same address, the hold starts again. */
		l->expiry_ms = c->now + (uint64_t)c->srv->cfg.offer_hold_s * 1000;
		lease_note(l, c);
	}
	return reply(c, DHCP_OFFER, l->addr, &c->srv->pools[l->pool],
		     lease_time(&c->srv->pools[l->pool], c->m), DHCP_REASON_NONE);
}

/* Bind or extend @p l, durably, then ACK. */
static int
bind_ack(struct rx_ctx *c, struct dhcp_lease *l)
{
	const struct dhcp_pool *pool = &c->srv->pools[l->pool];
	uint32_t lease_s = lease_time(pool, c->m);
	struct dhcp_lease next = *l;

	if (next.state != DHCP_LEASE_BOUND)
		next.start_ms = c->now;
	next.state = DHCP_LEASE_BOUND;
	next.expiry_ms = c->now + (uint64_t)lease_s * 1000;
	lease_note(&next, c);
	/* The line is on disk before the table changes or the ACK leaves. */
	if (dhcp_store_bind(c->srv, &next) != 0)
		return fail(c, DHCP_REASON_STORE_FAILED);
	if (l->state != DHCP_LEASE_BOUND)
		dhcp_lease_set_state(c->srv, l, DHCP_LEASE_BOUND);
	*l = next;
	if (c->srv->cb.on_bound != NULL)
		c->srv->cb.on_bound(l, c->srv->cb_arg);
	return reply(c, DHCP_ACK, l->addr, pool, lease_s, DHCP_REASON_NONE);
}

/* A client asks for @p addr with no lease of ours: take it if it is free. */
static int
bind_free_address(struct rx_ctx *c, uint32_t addr, enum dhcp_reason nak_why)
{
	const struct dhcp_reservation *r = reservation_for(c->srv, c->m);
	struct dhcp_lease *l;
	int pool;

	if (c->srv->n_free_slots == 0)
		return no_reply(c, DHCP_REASON_TABLE_FULL);
	pool = claim(c, addr, r != NULL && r->addr == addr);
	if (pool < 0)
		return nak(c, nak_why);
	l = offer_insert(c, addr, pool);
	if (l == NULL)
		return no_reply(c, DHCP_REASON_TABLE_FULL);
	return bind_ack(c, l);
}

static int
on_request_selecting(struct rx_ctx *c)
{
	const struct dhcp_msg *m = c->m;
	struct dhcp_lease *l = live_by_client(c);
	uint32_t want = m->requested_ip != 0 ? m->requested_ip : m->ciaddr;

	if (m->server_id != c->srv->cfg.server_id) {
		/* 4.3.2: the client chose another server; our offer is void. */
		if (l != NULL && l->state == DHCP_LEASE_OFFERED)
			dhcp_lease_remove(c->srv, l);
		return no_reply(c, DHCP_REASON_OTHER_SERVER);
	}
	if (l != NULL && l->addr == want && cands_has(&c->cands, l->pool))
		return bind_ack(c, l);
	if (l != NULL || want == 0)
		return nak(c, DHCP_REASON_NAK_NO_BINDING);
	/* Our offer timed out but the address is still free: a slow client
	 * is served rather than sent round again. */
	return bind_free_address(c, want, DHCP_REASON_NAK_NO_BINDING);
}

static int
on_request_init_reboot(struct rx_ctx *c)
{
	uint32_t want = c->m->requested_ip, host = rte_be_to_cpu_32(want);
	struct dhcp_lease *l;
	int on_net = 0;

	if (c->cands.n == 0)
		return no_reply(c, DHCP_REASON_NO_POOL);
	for (uint32_t i = 0; i < c->cands.n && !on_net; i++)
		on_net = dhcp_pool_in_subnet(&c->srv->pools[c->cands.idx[i]], host);
	if (!on_net)
		return nak(c, DHCP_REASON_NAK_WRONG_SUBNET);
	l = live_by_client(c);
	if (l != NULL) {
		if (l->addr == want && cands_has(&c->cands, l->pool))
			return bind_ack(c, l);
		return nak(c, DHCP_REASON_NAK_WRONG_ADDRESS);
	}
	if (live_by_addr(c, want) != NULL)
		return nak(c, DHCP_REASON_NAK_WRONG_ADDRESS);
	/* 4.3.2: no record of this client: MUST remain silent. */
	return no_reply(c, DHCP_REASON_UNKNOWN_CLIENT);
}

static int
on_request_renew(struct rx_ctx *c)
{
	uint32_t addr = c->m->ciaddr;
	struct dhcp_lease *l = live_by_client(c);
	int pool = dhcp_pool_of(c->srv, rte_be_to_cpu_32(addr));

	if (pool < 0)
		return no_reply(c, DHCP_REASON_UNKNOWN_CLIENT); /* another server's address */
	if (!cands_has(&c->cands, (uint32_t)pool))
		return nak(c, DHCP_REASON_NAK_WRONG_SUBNET);
	if (l != NULL)
		return l->addr == addr ? bind_ack(c, l) : nak(c, DHCP_REASON_NAK_WRONG_ADDRESS);
	/* A client renewing a free address of ours is one whose lease we lost
	 * (or let run out while it was away): a NAK would cut its sessions. */
	return bind_free_address(c, addr, DHCP_REASON_NAK_WRONG_ADDRESS);
}

static int
on_request(struct rx_ctx *c)
{
	const struct dhcp_msg *m = c->m;

	/* 4.3.2, table 4: the server id marks SELECTING, ciaddr RENEWING or
	 * REBINDING, the requested address alone INIT-REBOOT. */
	if (m->server_id != 0)
		return on_request_selecting(c);
	if (m->ciaddr != 0)
		return on_request_renew(c);
	if (m->requested_ip != 0)
		return on_request_init_reboot(c);
	return no_reply(c, DHCP_REASON_NO_ADDRESS);
}

static int
on_decline(struct rx_ctx *c)
{
	struct dhcp_server *srv = c->srv;
	struct dhcp_lease *l;

	if (c->m->server_id != 0 && c->m->server_id != srv->cfg.server_id)
		return no_reply(c, DHCP_REASON_OTHER_SERVER);
	l = live_by_client(c);
	/* Only the address we gave this client: anyone else could poison the pool. */
	if (l == NULL || c->m->requested_ip == 0 || l->addr != c->m->requested_ip)
		return no_reply(c, DHCP_REASON_DECLINE_UNKNOWN);
	if (l->state == DHCP_LEASE_BOUND && srv->cb.on_end != NULL)
		srv->cb.on_end(l, DHCP_END_DECLINE, srv->cb_arg);
	dhcp_lease_set_state(srv, l, DHCP_LEASE_DECLINED);
	l->expiry_ms = c->now + (uint64_t)srv->cfg.decline_hold_s * 1000;
	dhcp_store_decline(srv, l);
	return no_reply(c, DHCP_REASON_DECLINED);
}

static int
on_release(struct rx_ctx *c)
{
	struct dhcp_lease *l;

	if (c->m->server_id != 0 && c->m->server_id != c->srv->cfg.server_id)
		return no_reply(c, DHCP_REASON_OTHER_SERVER);
	l = live_by_client(c);
	if (l == NULL || l->state != DHCP_LEASE_BOUND || l->addr != c->m->ciaddr)
		return no_reply(c, DHCP_REASON_RELEASE_UNKNOWN);
	dhcp_lease_end(c->srv, l, DHCP_END_RELEASE);
	return no_reply(c, DHCP_REASON_RELEASED);
}

static int
on_inform(struct rx_ctx *c)
{
	uint32_t host = rte_be_to_cpu_32(c->m->ciaddr);
	int pool = -1;

	if (c->m->ciaddr == 0)
		return no_reply(c, DHCP_REASON_INFORM_NO_CIADDR);
	if (c->cands.n == 0)
		return no_reply(c, DHCP_REASON_NO_POOL);
	/* The options of the client's own subnet, else of its first pool. */
	for (uint32_t i = 0; i < c->cands.n && pool < 0; i++)
		if (dhcp_pool_in_subnet(&c->srv->pools[c->cands.idx[i]], host))
			pool = c->cands.idx[i];
	if (pool < 0)
		pool = c->cands.idx[0];
	/* 4.3.5: no lease time, no yiaddr. */
	return reply(c, DHCP_ACK, 0, &c->srv->pools[pool], 0, DHCP_REASON_NONE);
}

int
dhcp_server_input(struct dhcp_server *srv, const uint8_t *msg, size_t len,
		  const struct dhcp_rx_meta *meta, uint64_t now_ms, struct dhcp_reply *out)
{
	struct dhcp_msg m;
	struct rx_ctx c = { .srv = srv, .m = &m, .meta = meta, .now = now_ms, .out = out };
	enum dhcp_reason why;
	enum dhcp_err err;

	if (srv == NULL || msg == NULL || meta == NULL || out == NULL)
		return -EINVAL;
	memset(out, 0, offsetof(struct dhcp_reply, buf));
	err = dhcp_msg_parse(msg, len, &m);
	if (err != DHCP_ERR_NONE) {
		srv->cnt.parse_err[err]++;
		out->parse_err = (uint8_t)err;
		return no_reply(&c, DHCP_REASON_MALFORMED);
	}
	srv->cnt.rx[m.type]++;
	if (m.op != DHCP_OP_REQUEST)
		return no_reply(&c, DHCP_REASON_NOT_REQUEST);
	why = client_key(&m, meta->tenant, &c.key);
	if (why != DHCP_REASON_NONE)
		return no_reply(&c, why);
	cands_find(srv, meta->tenant, m.giaddr, &c.cands);
	switch (m.type) {
	case DHCP_DISCOVER:
		return on_discover(&c);
	case DHCP_REQUEST:
		return on_request(&c);
	case DHCP_DECLINE:
		return on_decline(&c);
	case DHCP_RELEASE:
		return on_release(&c);
	case DHCP_INFORM:
		return on_inform(&c);
	default:
		return no_reply(&c, DHCP_REASON_UNEXPECTED_TYPE);
	}
}
