/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The neighbour table: one rte_hash keyed by (interface, address) whose
 * positions index a preallocated entry array, the RFC 4861 7.3 state
 * machine (INCOMPLETE, REACHABLE, STALE, PROBE, FAILED) applied to ARP and
 * ND alike, the per-neighbour hold queues, and the bounded timer sweep.
 * Every change a FIB must know of is reported as an event: RESOLVED when an
 * entry gets its first or a new MAC, FAILED when it stops answering.
 */
#include <errno.h>
#include <string.h>

#include <rte_hash.h>

#include "bng_time.h"
#include "vtap_priv.h"

static const char *const state_names[] = {
	[VTAP_NS_NONE] = "NONE",	   [VTAP_NS_INCOMPLETE] = "INCOMPLETE",
	[VTAP_NS_REACHABLE] = "REACHABLE", [VTAP_NS_STALE] = "STALE",
	[VTAP_NS_PROBE] = "PROBE",	   [VTAP_NS_FAILED] = "FAILED",
};

const char *
vtap_neigh_state_name(unsigned int state)
{
	return state < RTE_DIM(state_names) ? state_names[state] : "?";
}

static void
key_make(struct vtap_key *k, uint16_t ifx, int v6, const uint8_t *ip)
{
	memset(k, 0, sizeof(*k));
	k->ifx = ifx;
	k->v6 = (uint8_t)!!v6;
	memcpy(k->ip, ip, v6 ? 16 : 4);
}

struct vtap_nent *
vtap_neigh_find(const struct vtap *v, uint16_t ifx, int v6, const uint8_t *ip)
{
	struct vtap_key k;
	int32_t pos;

	key_make(&k, ifx, v6, ip);
	pos = rte_hash_lookup(v->nh, &k);
	return pos < 0 ? NULL : &v->ent[pos];
}

/* A new entry, state NONE: the caller sets it. NULL when the table is full;
 * nothing is ever evicted to make room, static entries least of all. */
static struct vtap_nent *
neigh_add(struct vtap *v, uint16_t ifx, int v6, const uint8_t *ip)
{
	struct vtap_nent *e;
	struct vtap_key k;
	int32_t pos;

	if (v->n_neigh >= v->cfg.max_neigh)
		return NULL;
	key_make(&k, ifx, v6, ip);
	pos = rte_hash_add_key(v->nh, &k);
	if (pos < 0)
		return NULL;
	e = &v->ent[pos];
	memset(e, 0, sizeof(*e));
	e->key = k;
	e->live_idx = v->n_neigh;
	v->live[v->n_neigh++] = (uint32_t)pos;
	return e;
}

static void
neigh_remove(struct vtap *v, struct vtap_nent *e)
{
	uint32_t i = e->live_idx, last = v->live[--v->n_neigh];

	v->live[i] = last;
	v->ent[last].live_idx = i;
	rte_hash_del_key(v->nh, &e->key);
	memset(e, 0, sizeof(*e));
}

static uint16_t
ent_port(const struct vtap *v, const struct vtap_nent *e)
{
	return v->ifs[e->key.ifx].cfg.port;
}

/* --- Hold queues: a ring of VTAP_HOLD_MAX per entry, oldest at held_head ---- */

static void
held_out(struct vtap *v, struct vtap_out *out, void *pkt, uint16_t port, uint8_t reason,
	 const struct rte_ether_addr *mac)
{
	struct vtap_held *h = &out->held[out->n_held++];

	memset(h, 0, sizeof(*h));
	h->pkt = pkt;
	h->port = port;
	h->reason = reason;
	if (reason == VTAP_R_OK) {
		h->mac = *mac;
		v->st.held_sent++;
	} else {
		v->st.held_dropped++;
		v->st.reason[reason]++;
	}
}

static void *
held_pop(struct vtap *v, struct vtap_nent *e)
{
	void *pkt = e->held[e->held_head];

	e->held_head = (uint8_t)((e->held_head + 1) % VTAP_HOLD_MAX);
	e->n_held--;
	v->n_held--;
	return pkt;
}

static void
held_push(struct vtap *v, struct vtap_nent *e, void *pkt)
{
	e->held[(e->held_head + e->n_held) % VTAP_HOLD_MAX] = pkt;
	e->n_held++;
	v->n_held++;
	v->st.held++;
}

/* Hand every held packet back, oldest first: to be sent (VTAP_R_OK) or dropped. */
static void
held_release(struct vtap *v, struct vtap_nent *e, uint8_t reason, struct vtap_out *out)
{
	uint16_t port = ent_port(v, e);

	while (e->n_held > 0)
		held_out(v, out, held_pop(v, e), port, reason, &e->mac);
	e->held_head = 0;
}

/* --- State machine ------------------------------------------------------------- */

static void
set_state(struct vtap *v, struct vtap_nent *e, uint8_t state, uint32_t now)
{
	e->state = state;
	e->since = now;
	e->probes = 0;
	switch (state) {
	case VTAP_NS_REACHABLE:
		e->deadline = now + v->cfg.reachable_ms;
		break;
	case VTAP_NS_STALE:
		e->deadline = now + v->cfg.probe_delay_ms;
		break;
	case VTAP_NS_FAILED:
		e->deadline = now + v->cfg.failed_keep_ms;
		break;
	default: /* INCOMPLETE, PROBE: solicit() sets it */
		e->deadline = now;
		break;
	}
}

/* One solicitation: broadcast ARP / solicited-node NS while INCOMPLETE,
 * unicast to the cached MAC while PROBE (RFC 4861 7.3.3). */
static void
solicit(struct vtap *v, struct vtap_nent *e, uint32_t now, struct vtap_out *out)
{
	const struct vtap_iface *ifp = &v->ifs[e->key.ifx];
	const struct rte_ether_addr *dst = e->state == VTAP_NS_PROBE ? &e->mac : NULL;
	int rc;

	if (e->key.v6)
		rc = vtap_nd_solicit(v, ifp, e->key.ip, dst, out);
	else
		rc = vtap_arp_request(v, ifp, vtap_if_src(ifp, 0, e->key.ip), e->key.ip, dst, out);
	if (rc == 0)
		e->probes++;
	/* Even when out was full: retry a retransmission interval later
	 * rather than spin on this entry. */
	e->deadline = now + v->cfg.retrans_ms;
}

static void
resolved(struct vtap *v, struct vtap_nent *e, const struct rte_ether_addr *mac,
	 struct vtap_out *out)
{
	e->mac = *mac;
	vtap_event_put(out, VTAP_EV_RESOLVED, ent_port(v, e), e->key.ifx, mac, e->key.v6,
		       e->key.ip);
	v->st.resolved++;
	held_release(v, e, VTAP_R_OK, out);
}

static void
fail(struct vtap *v, struct vtap_nent *e, uint32_t now, struct vtap_out *out)
{
	set_state(v, e, VTAP_NS_FAILED, now);
	vtap_event_put(out, VTAP_EV_FAILED, ent_port(v, e), e->key.ifx, &e->mac, e->key.v6,
		       e->key.ip);
	v->st.failed++;
	held_release(v, e, VTAP_R_NEIGH_FAILED, out);
	memset(&e->mac, 0, sizeof(e->mac));
}

int
vtap_neigh_update(struct vtap *v, uint16_t ifx, int v6, const uint8_t *ip,
		  const struct rte_ether_addr *mac, int create, int solicited, int override,
		  uint32_t now, struct vtap_out *out)
{
	struct vtap_nent *e = vtap_neigh_find(v, ifx, v6, ip);
	int changed;

	if (e == NULL) {
		if (!create || mac == NULL)
			return -ENOENT;
		e = neigh_add(v, ifx, v6, ip);
		if (e == NULL) {
			v->st.reason[VTAP_R_TABLE_FULL]++;
			return -ENOSPC;
		}
		v->st.learned++;
		set_state(v, e, solicited ? VTAP_NS_REACHABLE : VTAP_NS_STALE, now);
		resolved(v, e, mac, out);
		return 0;
	}
	if (e->flags & VTAP_NF_STATIC)
		return 0;
	if (e->state == VTAP_NS_INCOMPLETE || e->state == VTAP_NS_FAILED) {
		if (mac == NULL)
			return -ENODATA;
		set_state(v, e, solicited ? VTAP_NS_REACHABLE : VTAP_NS_STALE, now);
		resolved(v, e, mac, out);
		return 0;
	}
	changed = mac != NULL && !rte_is_same_ether_addr(mac, &e->mac);
	if (changed && !override) {
		/* 7.2.5: keep the known MAC, but stop trusting it blindly */
		if (e->state == VTAP_NS_REACHABLE)
			set_state(v, e, VTAP_NS_STALE, now);
		return 0;
	}
	if (changed)
		resolved(v, e, mac, out);
	if (solicited)
		set_state(v, e, VTAP_NS_REACHABLE, now);
	else if (changed)
		set_state(v, e, VTAP_NS_STALE, now);
	return 0;
}

/* Due work of one entry. @return 1 when it was removed from the table. */
static int
expire(struct vtap *v, struct vtap_nent *e, uint32_t now, struct vtap_out *out)
{
	switch (e->state) {
	case VTAP_NS_INCOMPLETE:
	case VTAP_NS_PROBE:
		if (e->probes < v->cfg.max_probes)
			solicit(v, e, now, out);
		else
			fail(v, e, now, out);
		break;
	case VTAP_NS_REACHABLE:
		set_state(v, e, VTAP_NS_STALE, now);
		break;
	case VTAP_NS_STALE:
		/* refresh before it ages out: the FIB keeps using the MAC meanwhile */
		set_state(v, e, VTAP_NS_PROBE, now);
		solicit(v, e, now, out);
		break;
	case VTAP_NS_FAILED:
		neigh_remove(v, e);
		return 1;
	default:
		break;
	}
	return 0;
}

uint32_t
vtap_neigh_timer(struct vtap *v, uint32_t now, struct vtap_out *out)
{
	uint32_t visited = 0, limit = RTE_MIN(v->cfg.timer_budget, v->n_neigh);

	while (visited < limit && v->n_neigh > 0) {
		struct vtap_nent *e;

		if (v->cursor >= v->n_neigh)
			v->cursor = 0;
		e = &v->ent[v->live[v->cursor]];
		visited++;
		if (!(e->flags & VTAP_NF_STATIC) && bng_time_after(now, e->deadline)) {
			if (!vtap_out_room_neigh(v, out))
				return visited - 1; /* resume at this entry once out is drained */
			/* a removal moved the last entry here: visit it next */
			if (expire(v, e, now, out))
				continue;
		}
		v->cursor++;
	}
	return visited;
}

/* --- API ----------------------------------------------------------------------- */

/* The interface of @p port that @p ip is a neighbour on. */
static int
if_for(const struct vtap *v, uint16_t port, const struct vtap_ip *ip)
{
	if (ip == NULL || port >= RTE_MAX_ETHPORTS)
		return -EINVAL;
	for (uint16_t i = v->port_first[port]; i != VTAP_NO_IF; i = v->ifs[i].next_on_port) {
		const struct vtap_iface *ifp = &v->ifs[i];

		if (vtap_if_is_ours(ifp, ip->v6, ip->a))
			return -EINVAL;
		if (vtap_if_on_link(ifp, ip->v6, ip->a))
			return i;
	}
	return -EINVAL;
}

/* Find or create the entry and get a resolution going.
 * @return 1 it has a MAC, 0 resolving, -ENOSPC, -EHOSTUNREACH. */
static int
neigh_start(struct vtap *v, uint16_t ifx, const struct vtap_ip *ip, uint32_t now,
	    struct vtap_out *out, struct vtap_nent **ep)
{
	struct vtap_nent *e = vtap_neigh_find(v, ifx, ip->v6, ip->a);

	*ep = e;
	if (e == NULL) {
		e = neigh_add(v, ifx, ip->v6, ip->a);
		if (e == NULL)
			return -ENOSPC;
		*ep = e;
	} else if (e->state == VTAP_NS_FAILED) {
		/* a neighbour that just failed is not asked again at once:
		 * traffic towards it must not turn into a solicitation storm */
		if (!bng_time_after(now, e->since + v->cfg.retrans_ms))
			return -EHOSTUNREACH;
	} else {
		return e->state == VTAP_NS_INCOMPLETE ? 0 : 1;
	}
	set_state(v, e, VTAP_NS_INCOMPLETE, now);
	solicit(v, e, now, out);
	return 0;
}

int
vtap_resolve(struct vtap *v, uint16_t port, const struct vtap_ip *ip, uint32_t now_ms,
	     struct rte_ether_addr *mac, struct vtap_out *out)
{
	struct vtap_nent *e;
	int ifx, rc;

	if (v == NULL || out == NULL)
		return -EINVAL;
	ifx = if_for(v, port, ip);
	if (ifx < 0)
		return ifx;
	if (!vtap_out_room(out, 1, 0, 0))
		return -ENOBUFS;
	rc = neigh_start(v, (uint16_t)ifx, ip, now_ms, out, &e);
	if (rc == -ENOSPC)
		v->st.reason[VTAP_R_TABLE_FULL]++;
	if (rc == 1 && mac != NULL)
		*mac = e->mac;
	return rc;
}

int
vtap_hold(struct vtap *v, uint16_t port, const struct vtap_ip *ip, void *pkt, uint32_t now_ms,
	  struct vtap_out *out)
{
	struct vtap_nent *e;
	int ifx, rc;

	if (v == NULL || out == NULL)
		return -EINVAL;
	ifx = if_for(v, port, ip);
	if (ifx < 0)
		return ifx;
	if (!vtap_out_room(out, 1, 0, 1))
		return -ENOBUFS;
	rc = neigh_start(v, (uint16_t)ifx, ip, now_ms, out, &e);
	if (rc == 1) {
		held_out(v, out, pkt, port, VTAP_R_OK, &e->mac);
		return 1;
	}
	if (rc < 0) {
		held_out(v, out, pkt, port,
			 rc == -ENOSPC ? VTAP_R_TABLE_FULL : VTAP_R_NEIGH_FAILED, NULL);
		return 1;
	}
	if (v->n_held >= v->cfg.hold_total) {
		/* The total is spent: this neighbour may only trade its own
		 * oldest packet for the new one. */
		if (e->n_held == 0) {
			held_out(v, out, pkt, port, VTAP_R_HOLD_TOTAL, NULL);
			return 1;
		}
		held_out(v, out, held_pop(v, e), port, VTAP_R_HOLD_TOTAL, NULL);
	} else if (e->n_held >= v->cfg.hold_per_neigh) {
		held_out(v, out, held_pop(v, e), port, VTAP_R_HOLD_OVERFLOW, NULL);
	}
	held_push(v, e, pkt);
	return 0;
}

int
vtap_neigh_static_add(struct vtap *v, uint16_t port, const struct vtap_ip *ip,
		      const struct rte_ether_addr *mac, struct vtap_out *out)
{
	struct vtap_nent *e;
	int ifx;

	if (v == NULL || out == NULL || mac == NULL || rte_is_multicast_ether_addr(mac) ||
	    rte_is_zero_ether_addr(mac))
		return -EINVAL;
	ifx = if_for(v, port, ip);
	if (ifx < 0)
		return ifx;
	if (!vtap_out_room(out, 0, 1, v->cfg.hold_per_neigh))
		return -ENOBUFS;
	e = vtap_neigh_find(v, (uint16_t)ifx, ip->v6, ip->a);
	if (e == NULL) {
		e = neigh_add(v, (uint16_t)ifx, ip->v6, ip->a);
		if (e == NULL) {
			v->st.reason[VTAP_R_TABLE_FULL]++;
			return -ENOSPC;
		}
	}
	if ((e->flags & VTAP_NF_STATIC) && rte_is_same_ether_addr(&e->mac, mac))
		return 0;
	e->flags |= VTAP_NF_STATIC;
	e->state = VTAP_NS_REACHABLE;
	e->probes = 0;
	resolved(v, e, mac, out);
	return 0;
}

int
vtap_neigh_del(struct vtap *v, uint16_t port, const struct vtap_ip *ip, struct vtap_out *out)
{
	struct vtap_nent *e;
	int ifx;

	if (v == NULL || out == NULL)
		return -EINVAL;
	ifx = if_for(v, port, ip);
	if (ifx < 0)
		return ifx;
	e = vtap_neigh_find(v, (uint16_t)ifx, ip->v6, ip->a);
	if (e == NULL)
		return -ENOENT;
	if (!vtap_out_room(out, 0, 0, e->n_held))
		return -ENOBUFS;
	held_release(v, e, VTAP_R_NEIGH_DELETED, out);
	neigh_remove(v, e);
	return 0;
}

static void
info_fill(const struct vtap *v, const struct vtap_nent *e, struct vtap_neigh_info *info)
{
	memset(info, 0, sizeof(*info));
	info->ip.v6 = e->key.v6;
	memcpy(info->ip.a, e->key.ip, 16);
	info->ifx = e->key.ifx;
	info->port = ent_port(v, e);
	info->mac = e->mac;
	info->state = e->state;
	info->flags = e->flags;
	info->probes = e->probes;
	info->n_held = e->n_held;
	info->deadline_ms = e->deadline;
}

int
vtap_neigh_lookup(const struct vtap *v, uint16_t port, const struct vtap_ip *ip,
		  struct vtap_neigh_info *info)
{
	const struct vtap_nent *e;
	int ifx;

	if (v == NULL || info == NULL)
		return -EINVAL;
	ifx = if_for(v, port, ip);
	if (ifx < 0)
		return ifx;
	e = vtap_neigh_find(v, (uint16_t)ifx, ip->v6, ip->a);
	if (e == NULL)
		return -ENOENT;
	info_fill(v, e, info);
	return 0;
}

int
vtap_neigh_next(const struct vtap *v, uint32_t *cursor, struct vtap_neigh_info *info)
{
	if (*cursor >= v->n_neigh)
		return -ENOENT;
	info_fill(v, &v->ent[v->live[*cursor]], info);
	(*cursor)++;
	return 0;
}

uint32_t
vtap_neigh_count(const struct vtap *v)
{
	return v->n_neigh;
}
