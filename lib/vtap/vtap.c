/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The vtap engine: creation, interfaces and their addresses, the one parse
 * of a received frame (Ethernet, VLAN tags, interface) that dispatches to
 * ARP or ND, the timer entry point, announcements, and the frame and event
 * helpers the protocol files share.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_random.h>

#include "bng_stats.h"
#include "vtap_priv.h"

BNG_STAT_STRINGS(VTAP_FOREACH_STAT, vtap_stat_name, vtap_stat_help)

BNG_ENUM_STRINGS(VTAP_FOREACH_REASON, vtap_reason_name, vtap_reason_help)

/* Interface hash key: a port and its VLAN ids. */
struct if_key {
	uint16_t port;
	uint16_t outer;
	uint16_t inner;
	uint16_t pad;
};

#define TPID_8021Q  0x8100
#define TPID_8021AD 0x88a8
#define TPID_9100   0x9100

void
vtap_config_defaults(struct vtap_config *c)
{
	memset(c, 0, sizeof(*c));
	c->max_neigh = 4096;
	c->max_if = 64;
	c->max_probes = 3;
	c->hold_per_neigh = 3;
	c->hold_total = 256;
	c->retrans_ms = 1000;
	c->reachable_ms = 30000;
	c->probe_delay_ms = 5000;
	c->failed_keep_ms = 10000;
	c->timer_budget = 1024;
}

void
vtap_if_config_defaults(struct vtap_if_config *c)
{
	memset(c, 0, sizeof(*c));
	c->tpid_outer = TPID_8021Q;
	c->ra_hop_limit = 64;
	c->ra_lifetime_s = 1800;
	c->ra_interval_ms = 600000;
}

struct vtap *
vtap_create(const char *name, int socket, const struct vtap_config *cfg)
{
	char hname[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters p = {
		.name = hname,
		.hash_func = rte_hash_crc,
		.socket_id = socket,
		/* The extendable table holds exactly .entries keys, whatever
		 * the bucket collisions: the caller's table size is honest. */
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};
	struct vtap *v;

	if (name == NULL || cfg == NULL || strlen(name) == 0 || strlen(name) >= VTAP_NAME_MAX ||
	    cfg->max_neigh == 0 || cfg->max_neigh > (1u << 24) || cfg->max_if == 0 ||
	    cfg->max_if > 4096 || cfg->max_probes == 0 || cfg->hold_per_neigh == 0 ||
	    cfg->hold_per_neigh > VTAP_HOLD_MAX || cfg->hold_total == 0 || cfg->retrans_ms == 0 ||
	    cfg->reachable_ms == 0 || cfg->timer_budget == 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	/* A second engine of the same name would only fail deep in rte_ring,
	 * with a misleading log: refuse it here. */
	snprintf(hname, sizeof(hname), "vtap_if_%s", name);
	if (rte_hash_find_existing(hname) != NULL) {
		rte_errno = EEXIST;
		return NULL;
	}
	v = rte_zmalloc_socket("vtap", sizeof(*v), RTE_CACHE_LINE_SIZE, socket);
	if (v == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	v->cfg = *cfg;
	snprintf(v->name, sizeof(v->name), "%s", name);
	for (unsigned int i = 0; i < RTE_MAX_ETHPORTS; i++)
		v->port_first[i] = VTAP_NO_IF;
	/* rte_hash wants at least one bucket's worth of entries. */
	v->n_slots = RTE_MAX(cfg->max_neigh, 8u);
	v->ifs = rte_zmalloc_socket("vtap_if", sizeof(*v->ifs) * cfg->max_if, 0, socket);
	v->ent = rte_zmalloc_socket("vtap_neigh", sizeof(*v->ent) * v->n_slots, 0, socket);
	v->live = rte_zmalloc_socket("vtap_live", sizeof(*v->live) * v->n_slots, 0, socket);
	if (v->ifs == NULL || v->ent == NULL || v->live == NULL) {
		rte_errno = ENOMEM;
		goto fail;
	}
	p.entries = RTE_MAX((uint32_t)cfg->max_if, 8u);
	p.key_len = sizeof(struct if_key);
	v->if_h = rte_hash_create(&p);
	if (v->if_h == NULL)
		goto fail;
	snprintf(hname, sizeof(hname), "vtap_nb_%s", name);
	p.entries = v->n_slots;
	p.key_len = sizeof(struct vtap_key);
	v->nh = rte_hash_create(&p);
	if (v->nh == NULL)
		goto fail;
	return v;
fail:
	{
		int err = rte_errno;

		vtap_free(v);
		rte_errno = err;
	}
	return NULL;
}

void
vtap_free(struct vtap *v)
{
	if (v == NULL)
		return;
	rte_hash_free(v->nh);
	rte_hash_free(v->if_h);
	rte_free(v->live);
	rte_free(v->ent);
	rte_free(v->ifs);
	rte_free(v);
}

const struct vtap_stats *
vtap_stats_get(const struct vtap *v)
{
	return &v->st;
}

/* --- Addresses --------------------------------------------------------------- */

void
vtap_ip6_link_local(const struct rte_ether_addr *mac, uint8_t ll[16])
{
	const uint8_t *m = mac->addr_bytes;

	memset(ll, 0, 16);
	ll[0] = 0xfe;
	ll[1] = 0x80;
	ll[8] = m[0] ^ 0x02; /* the universal/local bit, inverted (RFC 4291 2.5.1) */
	ll[9] = m[1];
	ll[10] = m[2];
	ll[11] = 0xff;
	ll[12] = 0xfe;
	ll[13] = m[3];
	ll[14] = m[4];
	ll[15] = m[5];
}

void
vtap_ip6_solicited_node(const uint8_t ip[16], uint8_t group[16])
{
	static const uint8_t base[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff };

	memcpy(group, base, sizeof(base));
	memcpy(group + 13, ip + 13, 3);
}

void
vtap_ip6_mcast_mac(const uint8_t group[16], struct rte_ether_addr *mac)
{
	mac->addr_bytes[0] = 0x33;
	mac->addr_bytes[1] = 0x33;
	memcpy(&mac->addr_bytes[2], group + 12, 4);
}

int
vtap_prefix_match(const uint8_t *a, const uint8_t *b, uint8_t plen)
{
	unsigned int full = plen / 8, rest = plen % 8;

	if (memcmp(a, b, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[full] ^ b[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

int
vtap_if_is_ours(const struct vtap_iface *ifp, int v6, const uint8_t *ip)
{
	const struct vtap_if_config *c = &ifp->cfg;

	if (!v6) {
		for (unsigned int i = 0; i < c->n_addr4; i++)
			if (memcmp(c->addr4[i].a, ip, 4) == 0)
				return 1;
		return 0;
	}
	if (!ifp->has_v6)
		return 0;
	if (memcmp(ifp->ll, ip, 16) == 0)
		return 1;
	for (unsigned int i = 0; i < c->n_addr6; i++)
		if (memcmp(c->addr6[i].a, ip, 16) == 0)
			return 1;
	return 0;
}

/* The connected subnet holding @p ip, or NULL. */
static const struct vtap_if_addr *
if_subnet(const struct vtap_iface *ifp, int v6, const uint8_t *ip)
{
	const struct vtap_if_config *c = &ifp->cfg;
	const struct vtap_if_addr *a = v6 ? c->addr6 : c->addr4;
	unsigned int n = v6 ? c->n_addr6 : c->n_addr4;

	for (unsigned int i = 0; i < n; i++)
		if (vtap_prefix_match(a[i].a, ip, a[i].plen))
			return &a[i];
	return NULL;
}

int
vtap_if_on_link(const struct vtap_iface *ifp, int v6, const uint8_t *ip)
{
	if (v6)
		return ifp->has_v6 && !vtap_ip6_is_mcast(ip) && !vtap_ip6_is_unspec(ip) &&
		       (vtap_ip6_is_ll(ip) || if_subnet(ifp, 1, ip) != NULL);
	return !vtap_ip4_bad_host(ip) && if_subnet(ifp, 0, ip) != NULL;
}

int
vtap_if_answers(const struct vtap_iface *ifp, int v6, const uint8_t *ip, int *proxy)
{
	const struct vtap_if_addr *s;

	*proxy = 0;
	if (vtap_if_is_ours(ifp, v6, ip))
		return 1;
	if (!(ifp->cfg.flags & VTAP_IF_PROXY))
		return 0;
	if (v6) {
		/* Other hosts' link-local addresses are theirs alone. */
		if (!ifp->has_v6 || vtap_ip6_is_mcast(ip) || vtap_ip6_is_ll(ip) ||
		    if_subnet(ifp, 1, ip) == NULL)
			return 0;
	} else {
		uint32_t a, mask;

		s = if_subnet(ifp, 0, ip);
		if (s == NULL || vtap_ip4_bad_host(ip))
			return 0;
		/* Never claim a subnet's network or broadcast address (/31 and
		 * /32 have neither). */
		if (s->plen <= 30) {
			a = bng_get32(ip);
			mask = ~0u >> s->plen;
			if ((a & mask) == 0 || (a & mask) == mask)
				return 0;
		}
	}
	*proxy = 1;
	return 1;
}

const uint8_t *
vtap_if_src(const struct vtap_iface *ifp, int v6, const uint8_t *target)
{
	const struct vtap_if_addr *s;

	if (v6 && vtap_ip6_is_ll(target))
		return ifp->ll;
	s = if_subnet(ifp, v6, target);
	if (s != NULL)
		return s->a;
	return v6 ? ifp->ll : ifp->cfg.addr4[0].a;
}

/* --- Interfaces -------------------------------------------------------------- */

static int
tpid_ok(uint16_t t)
{
	return t == TPID_8021Q || t == TPID_8021AD || t == TPID_9100;
}

static int
if_config_check(const struct vtap_if_config *c)
{
	const uint8_t *m = c->mac.addr_bytes;

	if (c->port >= RTE_MAX_ETHPORTS || c->vlan_outer > 4095 || c->vlan_inner > 4095 ||
	    (c->vlan_inner != 0 && c->vlan_outer == 0) || (c->vlan_outer && !tpid_ok(c->tpid_outer)))
		return -EINVAL;
	if ((m[0] & 0x01) || rte_is_zero_ether_addr(&c->mac))
		return -EINVAL;
	if (c->n_addr4 > VTAP_IF_MAX_ADDR || c->n_addr6 > VTAP_IF_MAX_ADDR ||
	    c->n_prefix > VTAP_IF_MAX_PREFIX)
		return -EINVAL;
	for (unsigned int i = 0; i < c->n_addr4; i++)
		if (c->addr4[i].plen == 0 || c->addr4[i].plen > 32 || vtap_ip4_bad_host(c->addr4[i].a))
			return -EINVAL;
	for (unsigned int i = 0; i < c->n_addr6; i++)
		if (c->addr6[i].plen == 0 || c->addr6[i].plen > 128 ||
		    vtap_ip6_is_mcast(c->addr6[i].a) || vtap_ip6_is_unspec(c->addr6[i].a) ||
		    vtap_ip6_is_ll(c->addr6[i].a))
			return -EINVAL;
	if (!c->ra_enabled)
		return 0;
	/* RFC 4861 6.2.1 ranges */
	if (c->ra_interval_ms < 4000 || c->ra_interval_ms > 1800000)
		return -EINVAL;
	if (c->ra_min_interval_ms != 0 &&
	    (c->ra_min_interval_ms < 3000 || c->ra_min_interval_ms > c->ra_interval_ms / 4 * 3))
		return -EINVAL;
	if (c->ra_lifetime_s != 0 &&
	    ((uint32_t)c->ra_lifetime_s * 1000 < c->ra_interval_ms || c->ra_lifetime_s > 9000))
		return -EINVAL;
	for (unsigned int i = 0; i < c->n_prefix; i++)
		if (c->prefix[i].len == 0 || c->prefix[i].len > 128 ||
		    c->prefix[i].preferred_s > c->prefix[i].valid_s)
			return -EINVAL;
	return 0;
}

int
vtap_if_add(struct vtap *v, const struct vtap_if_config *c)
{
	struct if_key k = { 0 };
	struct vtap_iface *ifp;
	uint16_t ifx;
	int rc;

	if (v == NULL || c == NULL || if_config_check(c) != 0)
		return -EINVAL;
	k.port = c->port;
	k.outer = c->vlan_outer;
	k.inner = c->vlan_inner;
	if (rte_hash_lookup(v->if_h, &k) >= 0)
		return -EEXIST;
	if (v->n_if >= v->cfg.max_if)
		return -ENOSPC;
	ifx = v->n_if;
	ifp = &v->ifs[ifx];
	memset(ifp, 0, sizeof(*ifp));
	ifp->cfg = *c;
	if (c->ra_enabled && c->ra_min_interval_ms == 0)
		/* RFC 4861 6.2.1's default, kept within its 0.75 * max bound */
		ifp->cfg.ra_min_interval_ms = c->ra_interval_ms >= 9000 ? c->ra_interval_ms / 3 :
									  c->ra_interval_ms / 4 * 3;
	vtap_ip6_link_local(&c->mac, ifp->ll);
	ifp->has_v6 = c->n_addr6 > 0 || c->ra_enabled;
	if (c->vlan_outer != 0) {
		uint16_t tpid = c->tpid_outer;

		bng_put16(ifp->tags.b, tpid);
		bng_put16(ifp->tags.b + 2, c->vlan_outer);
		ifp->tags.n = 1;
		if (c->vlan_inner != 0) {
			bng_put16(ifp->tags.b + 4, TPID_8021Q);
			bng_put16(ifp->tags.b + 6, c->vlan_inner);
			ifp->tags.n = 2;
		}
	}
	rc = rte_hash_add_key_data(v->if_h, &k, (void *)(uintptr_t)ifx);
	if (rc < 0)
		return rc;
	/* Append to the port's chain so that "first interface" means first added. */
	ifp->next_on_port = VTAP_NO_IF;
	if (v->port_first[c->port] == VTAP_NO_IF) {
		v->port_first[c->port] = ifx;
	} else {
		uint16_t i = v->port_first[c->port];

		while (v->ifs[i].next_on_port != VTAP_NO_IF)
			i = v->ifs[i].next_on_port;
		v->ifs[i].next_on_port = ifx;
	}
	v->n_if++;
	return ifx;
}

int
vtap_if_find(const struct vtap *v, uint16_t port, uint16_t vlan_outer, uint16_t vlan_inner)
{
	struct if_key k = { .port = port, .outer = vlan_outer, .inner = vlan_inner };
	void *data;

	if (rte_hash_lookup_data(v->if_h, &k, &data) < 0)
		return -ENOENT;
	return (int)(uintptr_t)data;
}

const struct vtap_if_config *
vtap_if_get(const struct vtap *v, uint16_t ifx)
{
	return ifx < v->n_if ? &v->ifs[ifx].cfg : NULL;
}

/* --- Frames and events ---------------------------------------------------------- */

struct vtap_frame *
vtap_frame_start(struct vtap_out *o, uint16_t port, const struct rte_ether_addr *dst,
		 const struct rte_ether_addr *src, const struct vtap_tags *tags, uint16_t ethertype,
		 uint16_t *off)
{
	struct vtap_frame *f;
	uint16_t n;

	if (o->n_frames >= VTAP_OUT_FRAMES)
		return NULL;
	f = &o->frames[o->n_frames];
	f->port = port;
	memcpy(f->data, dst, 6);
	memcpy(f->data + 6, src, 6);
	n = (uint16_t)(4 * tags->n);
	memcpy(f->data + 12, tags->b, n);
	bng_put16(f->data + 12 + n, ethertype);
	*off = (uint16_t)(14 + n);
	return f;
}

void
vtap_frame_end(struct vtap_out *o, struct vtap_frame *f, uint16_t len)
{
	if (len < VTAP_ETH_MIN) {
		memset(f->data + len, 0, VTAP_ETH_MIN - len);
		len = VTAP_ETH_MIN;
	}
	f->len = len;
	o->n_frames++;
}

void
vtap_event_put(struct vtap_out *o, uint8_t type, uint16_t port, uint16_t ifx,
	       const struct rte_ether_addr *mac, int v6, const uint8_t *ip)
{
	struct vtap_event *e = &o->events[o->n_events++];

	memset(e, 0, sizeof(*e));
	e->type = type;
	e->port = port;
	e->ifx = ifx;
	if (mac != NULL)
		e->mac = *mac;
	e->ip.v6 = (uint8_t)v6;
	memcpy(e->ip.a, ip, v6 ? 16 : 4);
}

uint32_t
vtap_rand_between(uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)rte_rand_max((uint64_t)hi - lo + 1);
}

/* --- Input -------------------------------------------------------------------- */

static enum vtap_reason
input(struct vtap *v, struct vtap_rx *rx, const uint8_t *frame, uint16_t len, struct vtap_out *out)
{
	uint16_t vid[VTAP_MAX_VLAN] = { 0, 0 };
	const struct vtap_iface *ifp;
	uint16_t off = 12, et;
	int ifx;

	if (len < 14)
		return VTAP_R_ETH_TRUNC;
	memcpy(&rx->dst, frame, 6);
	memcpy(&rx->src, frame + 6, 6);
	et = bng_get16(frame + off);
	while (tpid_ok(et)) {
		if (rx->tags.n == VTAP_MAX_VLAN)
			return VTAP_R_VLAN_TOO_DEEP;
		if (len < off + 6)
			return VTAP_R_ETH_TRUNC;
		memcpy(rx->tags.b + 4 * rx->tags.n, frame + off, 4);
		vid[rx->tags.n++] = bng_get16(frame + off + 2) & 0x0fff;
		off += 4;
		et = bng_get16(frame + off);
	}
	off += 2;
	ifx = vtap_if_find(v, rx->port, vid[0], vid[1]);
	if (ifx < 0 && vid[0] != 0 && (ifx = vtap_if_find(v, rx->port, 0, 0)) >= 0 &&
	    !(v->ifs[ifx].cfg.flags & VTAP_IF_ANY_VLAN))
		ifx = -1;
	if (ifx < 0)
		return VTAP_R_NO_INTERFACE;
	rx->ifx = (uint16_t)ifx;
	ifp = &v->ifs[ifx];
	if (rte_is_multicast_ether_addr(&rx->src))
		return VTAP_R_ETH_BAD_SRC;
	if (rte_is_same_ether_addr(&rx->src, &ifp->cfg.mac))
		return VTAP_R_OWN_MAC;
	if (!rte_is_multicast_ether_addr(&rx->dst) &&
	    !rte_is_same_ether_addr(&rx->dst, &ifp->cfg.mac))
		return VTAP_R_ETH_DST_OTHER;
	rx->l3 = frame + off;
	rx->l3_len = (uint16_t)(len - off);
	if (et == VTAP_ETH_ARP)
		return vtap_arp_input(v, rx, out);
	if (et == VTAP_ETH_IPV6)
		return vtap_nd_input(v, rx, out);
	return VTAP_R_NOT_NEIGH;
}

enum vtap_reason
vtap_input(struct vtap *v, uint16_t port, const uint8_t *frame, uint16_t len, uint32_t now_ms,
	   struct vtap_out *out)
{
	struct vtap_rx rx;
	enum vtap_reason r;

	memset(&rx, 0, sizeof(rx));
	rx.port = port;
	rx.now = now_ms;
	if (!vtap_out_room_neigh(v, out))
		r = VTAP_R_OUT_FULL;
	else
		r = input(v, &rx, frame, len, out);
	v->st.reason[r]++;
	return r;
}

uint32_t
vtap_timer(struct vtap *v, uint32_t now_ms, struct vtap_out *out)
{
	vtap_nd_ra_timer(v, now_ms, out);
	return vtap_neigh_timer(v, now_ms, out);
}

/* --- Announcements --------------------------------------------------------------- */

static int
announce(struct vtap *v, const struct vtap_iface *ifp, int v6, const uint8_t *ip,
	 struct vtap_out *out)
{
	if (v6)
		return vtap_nd_announce(v, ifp, ip, out);
	/* RFC 5227 2.3: an ARP request with our address as sender and target */
	return vtap_arp_request(v, ifp, ip, ip, NULL, out);
}

int
vtap_announce(struct vtap *v, uint16_t ifx, const struct vtap_ip *ip, struct vtap_out *out)
{
	const struct vtap_iface *ifp;

	if (v == NULL || ip == NULL || ifx >= v->n_if)
		return -EINVAL;
	ifp = &v->ifs[ifx];
	if (!vtap_if_is_ours(ifp, ip->v6, ip->a))
		return -EINVAL;
	return announce(v, ifp, ip->v6, ip->a, out);
}

int
vtap_if_announce(struct vtap *v, uint16_t ifx, struct vtap_out *out)
{
	const struct vtap_iface *ifp;
	const struct vtap_if_config *c;

	if (v == NULL || ifx >= v->n_if)
		return -EINVAL;
	ifp = &v->ifs[ifx];
	c = &ifp->cfg;
	if (!vtap_out_room(out, c->n_addr4 + (ifp->has_v6 ? 1u + c->n_addr6 : 0u), 0, 0))
		return -ENOBUFS;
	for (unsigned int i = 0; i < c->n_addr4; i++)
		announce(v, ifp, 0, c->addr4[i].a, out);
	if (!ifp->has_v6)
		return 0;
	announce(v, ifp, 1, ifp->ll, out);
	for (unsigned int i = 0; i < c->n_addr6; i++)
		announce(v, ifp, 1, c->addr6[i].a, out);
	return 0;
}
