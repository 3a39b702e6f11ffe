/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Rate-based screens: token buckets for the floods, small exact sets for
 * sweeps and scans, a block table of sweeping and scanning sources, all in
 * fixed-size per-worker tables (see screen_rate.h for the collision rule).
 *
 * What each screen counts (only what can open something, so that replies
 * to a busy subscriber never look like an attack):
 *   - syn-flood / syn-flood-src: TCP SYN without ACK, by destination / by
 *     source address;
 *   - icmp-flood: ICMP and ICMPv6 by destination, except neighbour and
 *     router discovery (their own punt policer limits them);
 *   - udp-flood: UDP by destination, fragments included;
 *   - ip-sweep: distinct destinations of a source's SYNs and echo requests;
 *   - port-scan: distinct destination ports of a source's SYNs to one
 *     destination. UDP is left out of both: a reply to a subscriber's
 *     queries (DNS to many ephemeral ports) cannot be told from a probe
 *     before the session lookup.
 *
 * Buckets count in thousandths of a packet so that a rate in packets per
 * second refills by rate * elapsed milliseconds, with no division per
 * packet. The millisecond clock wraps after 49 days; an idle bucket seen
 * again after that may refill less than it should, once (stricter).
 */
#include <errno.h>
#include <stdio.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>
#include <rte_random.h>
#include <rte_ring_elem.h>

#include "screen_rate.h"

#define MILLI 1000u   /* bucket units per packet */

/* A token bucket: tag of the key holding it (0: never used). */
struct bucket {
	uint32_t tag;
	uint32_t last_ms;
	uint64_t tokens;   /* thousandths of a packet */
};
static_assert(sizeof(struct bucket) == 16, "four buckets per cache line");

/* A sweep or scan set's header; its values are in sets_val[]. */
struct set_hdr {
	uint32_t tag;
	uint32_t start_ms; /* the window began */
	uint16_t n;        /* distinct values in the window */
	uint8_t tripped;   /* the threshold was passed in this window (one event) */
	uint8_t pad[5];
};
static_assert(sizeof(struct set_hdr) == 16, "set header layout");

/*
 * A blocked source. seq is odd while the worker rewrites the entry, so
 * the management lcore reading it lock-free can tell a torn copy.
 */
struct block {
	uint32_t seq;
	uint32_t tag;      /* 0: free */
	uint64_t until_tsc;
	uint64_t drops;
	uint8_t addr[16];
	uint8_t zone;
	uint8_t v6;
	uint8_t kind;
	uint8_t pad[21];
} __rte_cache_aligned;
static_assert(sizeof(struct block) == RTE_CACHE_LINE_SIZE, "one block per cache line");

/* A zone's settings as the packet path uses them. */
struct zone_rt {
	uint32_t enabled;
	uint32_t limit[SCREEN_RATE_MAX];
	uint64_t cap[SCREEN_RATE_MAX]; /* bucket depth, thousandths of a packet */
	uint32_t window_ms;
	uint64_t block_tsc;            /* 0: nothing blocks (no sweep / scan, or block_s 0) */
};

struct screen_rate {
	uint32_t seed;
	unsigned int n_zones;
	struct zone_rt zone[SCREEN_MAX_ZONES];
	struct screen_rate_counters ctr __rte_cache_aligned;
	struct rte_ring *events;       /* SP/SC: worker -> management lcore */
	uint64_t tsc_hz;
	struct bucket *buckets;        /* [SCREEN_RATE_BUCKETS] */
	struct set_hdr *sets;          /* [SCREEN_RATE_SETS] */
	uint32_t (*sets_val)[SCREEN_RATE_SET_SIZE]; /* 0: empty */
	struct block *blocks;          /* [SCREEN_RATE_BLOCKS] */
};

static const char *const names[SCREEN_RATE_MAX + 1] = {
#define SCREEN_RATE_NAME(e, n, s, d) [SCREEN_RATE_##e] = n,
	SCREEN_RATE_FOREACH(SCREEN_RATE_NAME)
#undef SCREEN_RATE_NAME
	[SCREEN_RATE_BLOCKED] = "blocked",
};

static const char *const settings[SCREEN_RATE_MAX] = {
#define SCREEN_RATE_SETTING(e, n, s, d) [SCREEN_RATE_##e] = s,
	SCREEN_RATE_FOREACH(SCREEN_RATE_SETTING)
#undef SCREEN_RATE_SETTING
};

static const uint32_t defaults[SCREEN_RATE_MAX] = {
#define SCREEN_RATE_DEFAULT(e, n, s, d) [SCREEN_RATE_##e] = d,
	SCREEN_RATE_FOREACH(SCREEN_RATE_DEFAULT)
#undef SCREEN_RATE_DEFAULT
};

#define SCREEN_RATE_LIST(e, n, s, d) n ", "
static const char names_list[] = SCREEN_RATE_FOREACH(SCREEN_RATE_LIST);
#undef SCREEN_RATE_LIST

static_assert(SCREEN_RATE_COUNT_MAX < UINT16_MAX, "set_hdr.n");
static_assert(SCREEN_MAX_ZONES <= 256, "zone in a byte");
static_assert(SCREEN_RATE_SYN_FLOOD < SCREEN_RATE_IP_SWEEP && SCREEN_RATE_SYN_FLOOD_SRC < SCREEN_RATE_IP_SWEEP &&
	      SCREEN_RATE_ICMP_FLOOD < SCREEN_RATE_IP_SWEEP && SCREEN_RATE_UDP_FLOOD < SCREEN_RATE_IP_SWEEP &&
	      SCREEN_RATE_PORT_SCAN > SCREEN_RATE_IP_SWEEP, "the floods come first, then sweep and scan");

/* Neighbour and router discovery (RFC 4861): never an ICMPv6 flood. */
#define ICMP6_RS       133
#define ICMP6_REDIRECT 137
#define ICMP_ECHO      8
#define ICMP6_ECHO     128

/* Salts of the keys: what a hash stands for, so that kinds never meet. */
enum { K_BUCKET, K_SWEEP, K_SCAN, K_BLOCK };

const char *
screen_rate_name(unsigned int s)
{
	return s <= SCREEN_RATE_MAX ? names[s] : "?";
}

const char *
screen_rate_setting(unsigned int s)
{
	return s < SCREEN_RATE_MAX ? settings[s] : "?";
}

int
screen_rate_from_name(const char *name)
{
	for (unsigned int s = 0; s < SCREEN_RATE_MAX; s++)
		if (strcmp(names[s], name) == 0)
			return (int)s;
	return -ENOENT;
}

const char *
screen_rate_names_list(void)
{
	/* without the trailing ", " */
	static char list[sizeof(names_list)];

	if (list[0] == '\0') {
		memcpy(list, names_list, sizeof(names_list) - 3);
		list[sizeof(names_list) - 3] = '\0';
	}
	return list;
}

void
screen_rate_zone_defaults(struct screen_rate_zone *z)
{
	memset(z, 0, sizeof(*z));
	memcpy(z->limit, defaults, sizeof(z->limit));
	z->burst_ms = 1000;
	z->window_ms = 1000;
	z->block_s = 60;
}

static int
zone_valid(const struct screen_rate_zone *z)
{
	if (z->enabled & ~(SCREEN_RATE_BIT(SCREEN_RATE_MAX) - 1))
		return 0;
	for (unsigned int s = 0; s < SCREEN_RATE_MAX; s++) {
		int count = SCREEN_RATE_BIT(s) & SCREEN_RATE_BLOCKING;

		if (z->limit[s] < 1 ||
		    z->limit[s] > (count ? SCREEN_RATE_COUNT_MAX : SCREEN_RATE_PPS_MAX))
			return 0;
	}
	return z->burst_ms >= 1 && z->burst_ms <= 60000 && z->window_ms >= 1 &&
	       z->window_ms <= 3600000 && z->block_s <= 86400;
}

void
screen_rate_free(struct screen_rate *r)
{
	if (r == NULL)
		return;
	rte_ring_free(r->events);
	rte_free(r->buckets);
	rte_free(r->sets);
	rte_free(r->sets_val);
	rte_free(r->blocks);
	rte_free(r);
}

struct screen_rate *
screen_rate_create(const char *name, int socket, const struct screen_rate_zone *zones,
		   unsigned int n_zones)
{
	char rn[RTE_RING_NAMESIZE];
	struct screen_rate *r;

	if (name == NULL || (zones == NULL && n_zones) || n_zones > SCREEN_MAX_ZONES) {
		rte_errno = EINVAL;
		return NULL;
	}
	for (unsigned int z = 0; z < n_zones; z++)
		if (!zone_valid(&zones[z])) {
			rte_errno = EINVAL;
			return NULL;
		}
	if (snprintf(rn, sizeof(rn), "screv_%s", name) >= (int)sizeof(rn)) {
		rte_errno = EINVAL;
		return NULL;
	}
	r = rte_zmalloc_socket("screen_rate", sizeof(*r), RTE_CACHE_LINE_SIZE, socket);
	if (r == NULL)
		goto nomem;
	r->seed = (uint32_t)rte_rand();
	r->n_zones = n_zones;
	r->tsc_hz = rte_get_tsc_hz();
	for (unsigned int z = 0; z < n_zones; z++) {
		const struct screen_rate_zone *c = &zones[z];
		struct zone_rt *rt = &r->zone[z];

		rt->enabled = c->enabled;
		memcpy(rt->limit, c->limit, sizeof(rt->limit));
		/* A bucket holds burst_ms of its rate, and at least one packet. */
		for (unsigned int s = 0; s < SCREEN_RATE_MAX; s++)
			rt->cap[s] = RTE_MAX((uint64_t)c->limit[s] * c->burst_ms, (uint64_t)MILLI);
		rt->window_ms = c->window_ms;
		/* Only sweeps and scans block: without them no packet
		 * needs the block table. */
		rt->block_tsc = (c->enabled & SCREEN_RATE_BLOCKING) ?
				(uint64_t)c->block_s * r->tsc_hz : 0;
	}
	r->buckets = rte_zmalloc_socket("screen_rate_b", SCREEN_RATE_BUCKETS * sizeof(*r->buckets),
					RTE_CACHE_LINE_SIZE, socket);
	r->sets = rte_zmalloc_socket("screen_rate_s", SCREEN_RATE_SETS * sizeof(*r->sets),
				     RTE_CACHE_LINE_SIZE, socket);
	r->sets_val = rte_zmalloc_socket("screen_rate_v", SCREEN_RATE_SETS * sizeof(*r->sets_val),
					 RTE_CACHE_LINE_SIZE, socket);
	r->blocks = rte_zmalloc_socket("screen_rate_k", SCREEN_RATE_BLOCKS * sizeof(*r->blocks),
				       RTE_CACHE_LINE_SIZE, socket);
	if (r->buckets == NULL || r->sets == NULL || r->sets_val == NULL || r->blocks == NULL)
		goto nomem;
	r->events = rte_ring_create_elem(rn, sizeof(struct screen_rate_event), SCREEN_RATE_EVENTS,
					 socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (r->events == NULL) {
		int e = rte_errno;

		screen_rate_free(r);
		rte_errno = e;
		return NULL;
	}
	return r;
nomem:
	screen_rate_free(r);
	rte_errno = ENOMEM;
	return NULL;
}

const struct screen_rate_counters *
screen_rate_counters(const struct screen_rate *r)
{
	return &r->ctr;
}

/* ---- packet path ---- */

/* The packet's addresses and their hashes under the worker's seed. */
struct addrs {
	const uint8_t *src, *dst;
	uint8_t v6;
	uint32_t hs, hd;
};

static inline uint32_t
hash_addr(const struct screen_rate *r, const uint8_t *a, int v6)
{
	uint32_t w;

	if (v6)
		return rte_hash_crc(a, 16, r->seed);
	memcpy(&w, a, 4);
	return rte_hash_crc_4byte(w, r->seed);
}

/* What a key is (kind, zone, screen, family) ... */
#define SALT(kind, zone, sub, v6) ((uint32_t)(kind) << 24 | (uint32_t)(zone) << 16 | (uint32_t)(sub) << 8 | (v6))

/* ... mixed into an address hash: one more CRC round per key, not one
 * hash of the address per key. */
static inline uint32_t
key_of(uint32_t salt, uint32_t h)
{
	return rte_hash_crc_4byte(salt, h);
}

/* A tag is never 0 (0 marks a free slot); keys of one slot differ above the index bits. */
static inline uint32_t
tag_of(uint32_t h)
{
	return h | 1u;
}

/*
 * Take one packet from the bucket of key hash @p h. A free slot, or one
 * whose holder is idle (refilled to its depth), goes to this key with a
 * full bucket; a busy holder's is shared (stricter, see screen_rate.h).
 * @return 1: the packet passes.
 */
static inline int
bucket_take(struct screen_rate *r, uint32_t h, uint32_t rate, uint64_t cap, uint32_t now_ms)
{
	struct bucket *b = &r->buckets[h & (SCREEN_RATE_BUCKETS - 1)];
	uint32_t t = tag_of(h);
	uint64_t tok;

	if (b->tag == t) {
		tok = b->tokens + (uint64_t)(uint32_t)(now_ms - b->last_ms) * rate;
	} else {
		tok = b->tag == 0 ? cap : b->tokens + (uint64_t)(uint32_t)(now_ms - b->last_ms) * rate;
		if (tok >= cap) {
			b->tag = t;
			tok = cap;
		}
	}
	if (tok > cap)
		tok = cap;
	b->last_ms = now_ms;
	if (tok < MILLI) {
		b->tokens = tok;
		return 0;
	}
	b->tokens = tok - MILLI;
	return 1;
}

/*
 * Add value @p v (non-zero; @p vh its hash) to the set of key hash @p h in
 * this window. @return 1 when it is a new value past @p limit.
 */
static inline int
set_add(struct screen_rate *r, uint32_t h, uint32_t v, uint32_t vh, uint32_t limit,
	uint32_t window_ms, uint32_t now_ms, struct set_hdr **hdr)
{
	uint32_t i = h & (SCREEN_RATE_SETS - 1);
	struct set_hdr *s = &r->sets[i];
	uint32_t *val = r->sets_val[i];
	uint32_t t = tag_of(h), p;

	*hdr = s;
	if (s->tag == 0 || (uint32_t)(now_ms - s->start_ms) >= window_ms) {
		/* A new window, for this key whoever held the slot. */
		memset(val, 0, sizeof(r->sets_val[0]));
		s->tag = t;
		s->start_ms = now_ms;
		s->n = 0;
		s->tripped = 0;
	} else if (s->tag != t) {
		/* Held by another key for the rest of its window: this key
		 * goes uncounted meanwhile (looser). Sharing would be
		 * stricter but would block an innocent source for a
		 * scanner's values, or for a spoofed flood's. */
		return 0;
	}
	p = vh & (SCREEN_RATE_SET_SIZE - 1);
	/* At most limit < SET_SIZE * 3/4 values are ever stored: the probe
	 * meets an empty entry or the value within n + 1 steps. */
	for (uint32_t k = 0; k <= s->n; k++) {
		if (val[p] == v)
			return 0;
		if (val[p] == 0)
			break;
		p = (p + 1) & (SCREEN_RATE_SET_SIZE - 1);
	}
	if (s->n >= limit)
		return 1;   /* not stored: the set stays bounded */
	val[p] = v;
	s->n++;
	return 0;
}

/* Is @p a blocked in @p zone? Counts the drop on its entry. */
static inline int
blocked(struct screen_rate *r, unsigned int zone, const struct addrs *a, uint32_t h)
{
	struct block *b = &r->blocks[h & (SCREEN_RATE_BLOCKS - 1)];

	if (b->tag != tag_of(h) || b->zone != zone || b->v6 != a->v6 ||
	    memcmp(b->addr, a->src, a->v6 ? 16 : 4) != 0)
		return 0;
	/* Only a blocked source's packets reach the clock read. */
	if (rte_rdtsc() >= b->until_tsc) {
		__atomic_store_n(&b->seq, b->seq + 1, __ATOMIC_RELAXED);
		rte_smp_wmb();
		b->tag = 0;
		__atomic_store_n(&b->seq, b->seq + 1, __ATOMIC_RELEASE);
		return 0;
	}
	b->drops++;
	return 1;
}

/*
 * Source @p a passed a sweep or scan threshold (@p kind): block it if the
 * zone blocks, and tell the management lcore once per window.
 */
static void
tripped(struct screen_rate *r, unsigned int zone, const struct addrs *a, unsigned int kind,
	struct set_hdr *s)
{
	const struct zone_rt *z = &r->zone[zone];
	struct screen_rate_event ev;

	if (z->block_tsc) {
		uint32_t h = key_of(SALT(K_BLOCK, zone, 0, a->v6), a->hs);
		struct block *b = &r->blocks[h & (SCREEN_RATE_BLOCKS - 1)];

		/* The newest offender takes the entry: an older one that
		 * keeps going is caught again by its own sets. */
		__atomic_store_n(&b->seq, b->seq + 1, __ATOMIC_RELAXED);
		rte_smp_wmb();
		b->tag = tag_of(h);
		b->until_tsc = rte_rdtsc() + z->block_tsc;
		b->drops = 0;
		memset(b->addr, 0, sizeof(b->addr));
		memcpy(b->addr, a->src, a->v6 ? 16 : 4);
		b->zone = (uint8_t)zone;
		b->v6 = a->v6;
		b->kind = (uint8_t)kind;
		__atomic_store_n(&b->seq, b->seq + 1, __ATOMIC_RELEASE);
		r->ctr.blocks[zone]++;
	}
	if (s->tripped)
		return;
	s->tripped = 1;
	memset(&ev, 0, sizeof(ev));
	memcpy(ev.addr, a->src, a->v6 ? 16 : 4);
	ev.v6 = a->v6;
	ev.zone = (uint8_t)zone;
	ev.kind = (uint8_t)kind;
	ev.blocked = z->block_tsc != 0;
	ev.limit = z->limit[kind];
	if (rte_ring_sp_enqueue_elem(r->events, &ev, sizeof(ev)) != 0)
		r->ctr.events_lost[zone]++;
}

static inline enum bng_drop
drop(struct screen_rate *r, unsigned int zone, unsigned int s)
{
	r->ctr.drops[zone][s]++;
	return (enum bng_drop)(BNG_DROP_SCREEN_SYN_FLOOD + s);
}

/* The ICMP type, when the first fragment carries it; -1 otherwise. */
static inline int
icmp_type(const struct rte_mbuf *m, const struct bng_desc *d)
{
	if (d->l4_off == 0 || (d->flags & BNG_DF_FRAG_LATER) ||
	    d->l4_off >= rte_pktmbuf_data_len(m))
		return -1;
	return *rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l4_off);
}

/*
 * A SYN: the block table, the sweep and scan sets, both SYN buckets (each
 * as the zone enables them). Every line it needs is asked for first, so
 * that their cache misses overlap instead of following one another.
 */
static enum bng_drop
check_syn(struct screen_rate *r, unsigned int zone, const struct zone_rt *z,
	  struct addrs *a, uint16_t dport, uint32_t now_ms)
{
	uint32_t en = z->enabled, hb = 0, hw = 0, hc = 0, pc = 0, h1 = 0, h2 = 0;
	struct set_hdr *s;

	a->hs = hash_addr(r, a->src, a->v6);
	a->hd = hash_addr(r, a->dst, a->v6);
	if (z->block_tsc) {
		hb = key_of(SALT(K_BLOCK, zone, 0, a->v6), a->hs);
		rte_prefetch0(&r->blocks[hb & (SCREEN_RATE_BLOCKS - 1)]);
	}
	if (en & SCREEN_RATE_BIT(SCREEN_RATE_IP_SWEEP)) {
		hw = key_of(SALT(K_SWEEP, zone, 0, a->v6), a->hs);
		rte_prefetch0(&r->sets[hw & (SCREEN_RATE_SETS - 1)]);
		rte_prefetch0(&r->sets_val[hw & (SCREEN_RATE_SETS - 1)]
					  [(a->hd >> 7) & (SCREEN_RATE_SET_SIZE - 1)]);
	}
	if (en & SCREEN_RATE_BIT(SCREEN_RATE_PORT_SCAN)) {
		hc = key_of(a->hd, key_of(SALT(K_SCAN, zone, 0, a->v6), a->hs));
		pc = rte_hash_crc_4byte(dport, r->seed);
		rte_prefetch0(&r->sets[hc & (SCREEN_RATE_SETS - 1)]);
		rte_prefetch0(&r->sets_val[hc & (SCREEN_RATE_SETS - 1)][pc & (SCREEN_RATE_SET_SIZE - 1)]);
	}
	if (en & SCREEN_RATE_BIT(SCREEN_RATE_SYN_FLOOD)) {
		h1 = key_of(SALT(K_BUCKET, zone, SCREEN_RATE_SYN_FLOOD, a->v6), a->hd);
		rte_prefetch0(&r->buckets[h1 & (SCREEN_RATE_BUCKETS - 1)]);
	}
	if (en & SCREEN_RATE_BIT(SCREEN_RATE_SYN_FLOOD_SRC)) {
		h2 = key_of(SALT(K_BUCKET, zone, SCREEN_RATE_SYN_FLOOD_SRC, a->v6), a->hs);
		rte_prefetch0(&r->buckets[h2 & (SCREEN_RATE_BUCKETS - 1)]);
	}

	if (z->block_tsc && blocked(r, zone, a, hb))
		return drop(r, zone, SCREEN_RATE_BLOCKED);
	/* The value is the destination's hash: 32 bits under a secret seed,
	 * so a collision (a destination not counted) is as rare as it is
	 * unpredictable. */
	if ((en & SCREEN_RATE_BIT(SCREEN_RATE_IP_SWEEP)) &&
	    set_add(r, hw, tag_of(a->hd), a->hd >> 7, z->limit[SCREEN_RATE_IP_SWEEP], z->window_ms,
		    now_ms, &s)) {
		tripped(r, zone, a, SCREEN_RATE_IP_SWEEP, s);
		return drop(r, zone, SCREEN_RATE_IP_SWEEP);
	}
	/* Ports are exact values: port + 1, never 0. */
	if ((en & SCREEN_RATE_BIT(SCREEN_RATE_PORT_SCAN)) &&
	    set_add(r, hc, (uint32_t)rte_be_to_cpu_16(dport) + 1u, pc,
		    z->limit[SCREEN_RATE_PORT_SCAN], z->window_ms, now_ms, &s)) {
		tripped(r, zone, a, SCREEN_RATE_PORT_SCAN, s);
		return drop(r, zone, SCREEN_RATE_PORT_SCAN);
	}
	if ((en & SCREEN_RATE_BIT(SCREEN_RATE_SYN_FLOOD)) &&
	    !bucket_take(r, h1, z->limit[SCREEN_RATE_SYN_FLOOD], z->cap[SCREEN_RATE_SYN_FLOOD], now_ms))
		return drop(r, zone, SCREEN_RATE_SYN_FLOOD);
	if ((en & SCREEN_RATE_BIT(SCREEN_RATE_SYN_FLOOD_SRC)) &&
	    !bucket_take(r, h2, z->limit[SCREEN_RATE_SYN_FLOOD_SRC],
			 z->cap[SCREEN_RATE_SYN_FLOOD_SRC], now_ms))
		return drop(r, zone, SCREEN_RATE_SYN_FLOOD_SRC);
	return BNG_DROP_NONE;
}

/*
 * Anything but a SYN: the block table, the sweep set for an echo request,
 * and at most one bucket (@p flood: SCREEN_RATE_ICMP_FLOOD or
 * SCREEN_RATE_UDP_FLOOD when the zone enables it, else SCREEN_RATE_MAX).
 */
static enum bng_drop
check_other(struct screen_rate *r, unsigned int zone, const struct zone_rt *z,
	    struct addrs *a, unsigned int flood, int sweep, uint32_t now_ms)
{
	uint32_t hb = 0, hw = 0, hf = 0;
	struct set_hdr *s;

	a->hs = hash_addr(r, a->src, a->v6);
	if (flood != SCREEN_RATE_MAX || sweep)
		a->hd = hash_addr(r, a->dst, a->v6);
	if (z->block_tsc) {
		hb = key_of(SALT(K_BLOCK, zone, 0, a->v6), a->hs);
		rte_prefetch0(&r->blocks[hb & (SCREEN_RATE_BLOCKS - 1)]);
	}
	if (sweep) {
		hw = key_of(SALT(K_SWEEP, zone, 0, a->v6), a->hs);
		rte_prefetch0(&r->sets[hw & (SCREEN_RATE_SETS - 1)]);
		rte_prefetch0(&r->sets_val[hw & (SCREEN_RATE_SETS - 1)]
					  [(a->hd >> 7) & (SCREEN_RATE_SET_SIZE - 1)]);
	}
	if (flood != SCREEN_RATE_MAX) {
		hf = key_of(SALT(K_BUCKET, zone, flood, a->v6), a->hd);
		rte_prefetch0(&r->buckets[hf & (SCREEN_RATE_BUCKETS - 1)]);
	}
	if (z->block_tsc && blocked(r, zone, a, hb))
		return drop(r, zone, SCREEN_RATE_BLOCKED);
	if (sweep && set_add(r, hw, tag_of(a->hd), a->hd >> 7, z->limit[SCREEN_RATE_IP_SWEEP],
			     z->window_ms, now_ms, &s)) {
		tripped(r, zone, a, SCREEN_RATE_IP_SWEEP, s);
		return drop(r, zone, SCREEN_RATE_IP_SWEEP);
	}
	if (flood != SCREEN_RATE_MAX && !bucket_take(r, hf, z->limit[flood], z->cap[flood], now_ms))
		return drop(r, zone, flood);
	return BNG_DROP_NONE;
}

enum bng_drop
screen_rate_check(struct screen_rate *r, unsigned int zone, const struct rte_mbuf *m,
		  const struct bng_desc *d, uint32_t now_ms)
{
	const struct zone_rt *z = &r->zone[zone];
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);
	uint32_t en = z->enabled;
	unsigned int flood = SCREEN_RATE_MAX;
	int sweep = 0, t;
	struct addrs a;

	a.v6 = d->kind == BNG_PKT_IPV6;
	a.src = l3 + (a.v6 ? 8 : 12);
	a.dst = l3 + (a.v6 ? 24 : 16);
	if (d->ip_proto == IPPROTO_TCP && (d->flags & BNG_DF_L4) &&
	    (d->tcp_flags & (RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG)) == RTE_TCP_SYN_FLAG)
		return check_syn(r, zone, z, &a, d->dport, now_ms);
	if (d->ip_proto == IPPROTO_UDP) {
		flood = SCREEN_RATE_UDP_FLOOD;
	} else if (d->ip_proto == (a.v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP)) {
		t = icmp_type(m, d);
		if (!a.v6 || t < ICMP6_RS || t > ICMP6_REDIRECT)
			flood = SCREEN_RATE_ICMP_FLOOD;
		sweep = t == (a.v6 ? ICMP6_ECHO : ICMP_ECHO) &&
			(en & SCREEN_RATE_BIT(SCREEN_RATE_IP_SWEEP));
	}
	if (flood != SCREEN_RATE_MAX && !(en & SCREEN_RATE_BIT(flood)))
		flood = SCREEN_RATE_MAX;
	/* Nothing to count and nobody blocked here: the common case of a
	 * zone with floods only, for the other protocols. */
	if (flood == SCREEN_RATE_MAX && !sweep && !z->block_tsc)
		return BNG_DROP_NONE;
	return check_other(r, zone, z, &a, flood, sweep, now_ms);
}

/* ---- management lcore ---- */

unsigned int
screen_rate_events_burst(struct screen_rate *r, struct screen_rate_event *ev, unsigned int n)
{
	if (r == NULL || ev == NULL)
		return 0;
	return rte_ring_sc_dequeue_burst_elem(r->events, ev, sizeof(*ev), n, NULL);
}

unsigned int
screen_rate_blocked_list(const struct screen_rate *r, int zone, struct screen_rate_blocked *out,
			 unsigned int n)
{
	uint64_t now = rte_rdtsc();
	unsigned int k = 0;

	if (r == NULL || out == NULL)
		return 0;
	for (unsigned int i = 0; i < SCREEN_RATE_BLOCKS && k < n; i++) {
		const struct block *b = &r->blocks[i];
		struct block c;
		uint32_t s1, s2;

		s1 = __atomic_load_n(&b->seq, __ATOMIC_ACQUIRE);
		if (s1 & 1)
			continue;
		memcpy(&c, b, sizeof(c));
		rte_smp_rmb();
		s2 = __atomic_load_n(&b->seq, __ATOMIC_RELAXED);
		if (s1 != s2 || c.tag == 0 || now >= c.until_tsc || (zone >= 0 && c.zone != zone))
			continue;
		memcpy(out[k].addr, c.addr, sizeof(c.addr));
		out[k].v6 = c.v6;
		out[k].zone = c.zone;
		out[k].kind = c.kind;
		out[k].left_ms = (c.until_tsc - now) * 1000 / r->tsc_hz;
		out[k].drops = c.drops;
		k++;
	}
	return k;
}

void
screen_rate_addr_str(const uint8_t addr[16], int v6, char *buf, size_t len)
{
	if (inet_ntop(v6 ? AF_INET6 : AF_INET, addr, buf, (socklen_t)len) == NULL && len)
		buf[0] = '\0';
}
