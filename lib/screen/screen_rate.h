/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Rate-based screens: SYN flood (per destination and per source), ICMP and
 * UDP floods (per destination), IP sweep (distinct destinations per source
 * in a window) and port scan (distinct destination ports per source and
 * destination in a window). A zone of the stateless screens enables them
 * next to those, with thresholds from the configuration.
 *
 * State is per worker (struct screen_rate, one per worker, written by its
 * worker only): no sharing, no lock, no allocation after creation. A
 * packet is screened on the worker that received it, before any handoff,
 * so with N workers spreading a zone's traffic by RSS each threshold holds
 * per worker: a destination may receive up to N times the SYN rate when its
 * SYNs arrive on N workers.
 *
 * Memory is bounded whatever an attacker sends: every table is a
 * fixed-size, direct-mapped array chosen by a hash keyed with a random
 * per-worker seed, so an attacker can neither grow it nor aim at a slot.
 * A slot remembers which key it holds (a 32-bit tag). A key that finds its
 * slot held by another key takes it over only when the holder is idle (its
 * bucket refilled to its depth, its window over). Otherwise:
 *   - a flood bucket is shared: the keys split its threshold (stricter;
 *     to push an innocent key under its threshold this way a flood must
 *     exceed the threshold times the table size, per worker);
 *   - a sweep / scan set is not: the newcomer goes uncounted until the
 *     holder's window ends (looser, for at most one window), because a
 *     shared set would block an innocent source for another's values, or
 *     for a spoofed flood's.
 * With tables far larger than the keys a worker sees at once, either case
 * is rare, and it never costs memory.
 *
 * Sweeps and scans tell the operator who: the source is blocked in the
 * zone for block_s seconds (counted, listed by "show screen blocked") and
 * an event naming it goes through a ring to the management lcore, which
 * logs it at a bounded rate. The worker itself never logs.
 *
 * Work per packet is bounded: at most one block-table line, one sweep and
 * one scan set (a probe of at most the threshold's entries, typically one)
 * and two buckets, only for the packet kinds each screen counts.
 */
#ifndef SCREEN_RATE_H
#define SCREEN_RATE_H

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "bng_desc.h"
#include "bng_drop.h"
#include "screen.h"

/*
 * _(ENUM_SUFFIX, "name in enable = [...] and the console", "threshold
 * setting of the zone", default threshold). Floods: packets per second;
 * sweep and scan: distinct destinations / ports per window. The drop
 * reasons BNG_DROP_SCREEN_<ENUM> follow the same order, then
 * BNG_DROP_SCREEN_BLOCKED.
 */
#define SCREEN_RATE_FOREACH(_)                                                     \
	_(SYN_FLOOD, "syn-flood", "syn_flood", 1000)                               \
	_(SYN_FLOOD_SRC, "syn-flood-src", "syn_flood_src", 1000)                   \
	_(ICMP_FLOOD, "icmp-flood", "icmp_flood", 1000)                            \
	_(UDP_FLOOD, "udp-flood", "udp_flood", 100000)                             \
	_(IP_SWEEP, "ip-sweep", "ip_sweep", 64)                                    \
	_(PORT_SCAN, "port-scan", "port_scan", 64)

/** The rate screens; SCREEN_RATE_BLOCKED counts the drops of blocked sources. */
enum screen_rate_kind {
#define SCREEN_RATE_ENUM(e, n, s, d) SCREEN_RATE_##e,
	SCREEN_RATE_FOREACH(SCREEN_RATE_ENUM)
#undef SCREEN_RATE_ENUM
	SCREEN_RATE_BLOCKED,
	SCREEN_RATE_MAX = SCREEN_RATE_BLOCKED
};

#define SCREEN_RATE_DROP_ORDER(e, n, s, d)                                         \
	static_assert(BNG_DROP_SCREEN_##e == BNG_DROP_SCREEN_SYN_FLOOD + SCREEN_RATE_##e, \
		      "bng_drop.h lists the rate screen reasons in SCREEN_RATE_FOREACH order");
SCREEN_RATE_FOREACH(SCREEN_RATE_DROP_ORDER)
#undef SCREEN_RATE_DROP_ORDER
static_assert(BNG_DROP_SCREEN_BLOCKED == BNG_DROP_SCREEN_SYN_FLOOD + SCREEN_RATE_BLOCKED,
	      "screen_blocked follows the rate screens");

/** Bit of rate screen @p s in a set of enabled ones. */
#define SCREEN_RATE_BIT(s) (1u << (s))
/** The screens that block their sources. */
#define SCREEN_RATE_BLOCKING (SCREEN_RATE_BIT(SCREEN_RATE_IP_SWEEP) | SCREEN_RATE_BIT(SCREEN_RATE_PORT_SCAN))

/** Largest sweep / scan threshold: a set holds this many values at 3/4 load. */
#define SCREEN_RATE_SET_SIZE  128
#define SCREEN_RATE_COUNT_MAX (SCREEN_RATE_SET_SIZE * 3 / 4)
/** Largest flood threshold, packets per second. */
#define SCREEN_RATE_PPS_MAX   100000000u

/* Table sizes per worker (powers of two). Buckets: 16 bytes each, every
 * flood's keys together; sets: 16 + 512 bytes, sweeps and scans together;
 * blocks: one cache line each. About 1.6 MB per worker in all. */
#define SCREEN_RATE_BUCKETS 32768
#define SCREEN_RATE_SETS    2048
#define SCREEN_RATE_BLOCKS  1024
/** Events a worker may have queued for the management lcore. */
#define SCREEN_RATE_EVENTS  256

/** A zone's rate screens, from the configuration. */
struct screen_rate_zone {
	uint32_t enabled;                  /**< SCREEN_RATE_BIT()s; 0: none */
	uint32_t limit[SCREEN_RATE_MAX];   /**< thresholds, by screen */
	uint32_t burst_ms;                 /**< a flood bucket holds this long of its rate */
	uint32_t window_ms;                /**< sweep and scan window */
	uint32_t block_s;                  /**< a sweeping / scanning source's block; 0: none */
};

/** A worker's rate screen counters by zone; written by its worker only. */
struct screen_rate_counters {
	uint64_t drops[SCREEN_MAX_ZONES][SCREEN_RATE_MAX + 1]; /**< [SCREEN_RATE_BLOCKED]: blocked sources' */
	uint64_t blocks[SCREEN_MAX_ZONES];  /**< sources blocked */
	uint64_t events_lost[SCREEN_MAX_ZONES]; /**< sweep / scan events not queued: the ring was full */
};

/** What a worker tells the management lcore of a sweep or scan. */
struct screen_rate_event {
	uint8_t addr[16];  /**< the source; IPv4 in the first 4 bytes */
	uint8_t v6;
	uint8_t zone;
	uint8_t kind;      /**< SCREEN_RATE_IP_SWEEP or SCREEN_RATE_PORT_SCAN */
	uint8_t blocked;   /**< the source is blocked for the zone's block_s */
	uint32_t limit;    /**< the threshold it passed */
};
static_assert(sizeof(struct screen_rate_event) % 4 == 0, "ring elements are 4-byte multiples");

/** A blocked source as "show screen blocked" lists it. */
struct screen_rate_blocked {
	uint8_t addr[16];
	uint8_t v6;
	uint8_t zone;
	uint8_t kind;      /**< what it did: sweep or scan */
	uint64_t left_ms;  /**< until the block ends */
	uint64_t drops;    /**< its packets dropped so far */
	uint16_t worker;   /**< left to the caller (which worker's table it came from) */
};

struct screen_rate;

/** Rate screen @p s's name ("syn-flood"); "?" out of range. SCREEN_RATE_BLOCKED: "blocked". */
const char *screen_rate_name(unsigned int s);

/** Threshold setting of rate screen @p s ("syn_flood"); "?" out of range. */
const char *screen_rate_setting(unsigned int s);

/** The rate screen called @p name: its enum, or -ENOENT. */
int screen_rate_from_name(const char *name);

/** The rate screen names, comma-separated, for error messages. */
const char *screen_rate_names_list(void);

/** Zone settings with every default and nothing enabled. */
void screen_rate_zone_defaults(struct screen_rate_zone *z);

/**
 * Create a worker's rate screen state.
 *
 * @param name    unique among workers (names the memory and the event ring)
 * @param socket  NUMA socket of the worker
 * @param zones   the zones' settings, copied (@p n_zones of them)
 * @return the state, or NULL with rte_errno: EINVAL (bad argument or
 *         threshold out of range), ENOMEM, EEXIST (name in use).
 */
struct screen_rate *screen_rate_create(const char *name, int socket,
				       const struct screen_rate_zone *zones, unsigned int n_zones);

/** Free what screen_rate_create() made; NULL is a no-op. */
void screen_rate_free(struct screen_rate *r);

/**
 * Screen one IP packet with zone @p zone's rate screens (its worker only).
 *
 * @param r       the worker's state
 * @param zone    the ingress port's zone, which enables some rate screen
 * @param m, d    the packet and its descriptor (IPv4 or IPv6, parsed)
 * @param now_ms  the worker's millisecond clock
 * @return BNG_DROP_NONE, or the drop reason (BNG_DROP_SCREEN_SYN_FLOOD ..
 *         BNG_DROP_SCREEN_BLOCKED), counted in the worker's counters.
 */
enum bng_drop screen_rate_check(struct screen_rate *r, unsigned int zone,
				const struct rte_mbuf *m, const struct bng_desc *d,
				uint32_t now_ms);

/** The worker's counters, for reading by others (aligned 64-bit loads). */
const struct screen_rate_counters *screen_rate_counters(const struct screen_rate *r);

/**
 * Take up to @p n events from the worker's ring (the management lcore only).
 * @return how many were taken.
 */
unsigned int screen_rate_events_burst(struct screen_rate *r, struct screen_rate_event *ev,
				      unsigned int n);

/**
 * Sources the worker holds blocked now, read without stopping it (each
 * entry read under its sequence number; one being rewritten is skipped).
 *
 * @param zone  only this zone's; -1: every zone's
 * @return how many were written to @p out (at most @p n).
 */
unsigned int screen_rate_blocked_list(const struct screen_rate *r, int zone,
				      struct screen_rate_blocked *out, unsigned int n);

/** Format a source address of an event or a block ("192.0.2.1", "2001:db8::1"). */
void screen_rate_addr_str(const uint8_t addr[16], int v6, char *buf, size_t len);

#endif /* SCREEN_RATE_H */
