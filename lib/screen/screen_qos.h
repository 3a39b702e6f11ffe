/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Per-subscriber policers and DSCP marking: QoS profiles, each a two-rate
 * three-colour marker (RFC 2698, colour-blind; DPDK rte_meter) per
 * direction with optional DSCP remarking per colour, bound to subscribers
 * by their FIB next hop.
 *
 * Who writes what:
 *  - struct screen_qos (profiles and the binding of every next hop) is
 *    built at start-up; afterwards only the management lcore writes a
 *    binding (screen_qos_bind()), as one atomic 64-bit store that carries a
 *    generation number, so a next hop reused for a new subscriber is seen
 *    as a new binding.
 *  - struct screen_qos_worker holds one worker's meters and counters, by
 *    next hop; only that worker writes them. A worker meeting a binding it
 *    has not seen before starts that subscriber's meters full and its
 *    counters at zero (screen_qos_sub_reset()), so nothing of a previous
 *    holder of the next hop carries over.
 *
 * Each worker meters with its own state: a subscriber's packets meet on
 * its owner worker (the hash of its address), so its own worker's buckets
 * see all of them. Traffic of one subscriber seen by several workers (a
 * subscriber-to-subscriber flow owned by the sender, NAT protocols without
 * ports, which worker 0 owns) is metered per worker: never a data race,
 * at worst a bucket per worker.
 *
 * Metered length: the IP packet (IPv4 total length, IPv6 40 + payload),
 * as RFC 2698 and rte_meter count, whatever the subscriber's encapsulation
 * (VLAN tags, PPPoE) adds.
 */
#ifndef SCREEN_QOS_H
#define SCREEN_QOS_H

#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_meter.h>

#include "bng_cksum.h"
#include "bng_desc.h"

/** Profiles at most; an index below it names one. */
#define SCREEN_QOS_MAX_PROFILES 256
/** Profile index of a next hop that is not policed. */
#define SCREEN_QOS_NONE         0xffff
#define SCREEN_QOS_NAMELEN      32
/** DSCP value meaning "leave the packet's DSCP as it is". */
#define SCREEN_QOS_DSCP_KEEP    (-1)
/** Highest rate accepted, kbit/s (400 Gbit/s). */
#define SCREEN_QOS_MAX_KBPS     400000000ull

/** Directions: upstream (from the subscriber), downstream (to it). */
enum screen_qos_dir {
	SCREEN_QOS_UP = 0,
	SCREEN_QOS_DOWN = 1,
	SCREEN_QOS_DIRS
};

/** One direction of a profile, as configured. */
struct screen_qos_dir_cfg {
	uint64_t cir_kbps;       /**< committed rate, kbit/s; 0: not metered */
	uint64_t pir_kbps;       /**< peak rate, kbit/s, >= cir_kbps */
	uint32_t cbs_bytes;      /**< committed burst, bytes (> 0 when metered) */
	uint32_t pbs_bytes;      /**< peak burst, bytes (> 0 when metered) */
	int16_t dscp;            /**< green packets' DSCP (0..63); SCREEN_QOS_DSCP_KEEP */
	int16_t yellow_dscp;     /**< yellow packets' DSCP; SCREEN_QOS_DSCP_KEEP: as green */
};

/** A profile as configured. */
struct screen_qos_profile_cfg {
	char name[SCREEN_QOS_NAMELEN];
	struct screen_qos_dir_cfg dir[SCREEN_QOS_DIRS];
};

/** A profile as the workers use it: rte_meter's profiles and the DSCPs. */
struct screen_qos_profile {
	struct rte_meter_trtcm_profile tp[SCREEN_QOS_DIRS];
	uint8_t metered[SCREEN_QOS_DIRS];
	int8_t dscp[SCREEN_QOS_DIRS][2];   /**< [dir][green, yellow]; -1: keep */
};

/** Shared: profiles, and every next hop's binding (management lcore writes). */
struct screen_qos {
	uint32_t max_nh;
	uint16_t n_profiles;
	uint64_t gen;                    /**< last generation given (management lcore) */
	uint64_t unknown_names;          /**< screen_qos_profile_lookup() misses (management lcore) */
	struct screen_qos_profile *prof; /**< [n_profiles] */
	struct screen_qos_profile_cfg *cfg; /**< [n_profiles], for display */
	/** [max_nh]: generation << 16 | profile index (SCREEN_QOS_NONE: not policed). */
	uint64_t *bind;
};

/** A worker's meter and counters of one subscriber in one direction. */
struct screen_qos_meter {
	struct rte_meter_trtcm tr;
	uint64_t pkts[3];                /**< by enum rte_color */
	uint64_t bytes[3];
};

/** A worker's state of one next hop. */
struct screen_qos_sub {
	uint64_t bind;                   /**< the binding the meters were set for */
	struct screen_qos_meter dir[SCREEN_QOS_DIRS];
};

/** One worker's policers (written by that worker only). */
struct screen_qos_worker {
	const struct screen_qos *q;
	struct screen_qos_profile *prof; /**< q->prof: rte_meter takes it non-const */
	struct screen_qos_sub *sub;      /**< [q->max_nh] */
	uint64_t now;                    /**< TSC of the burst being processed */
};

/** Counters of one subscriber, summed over workers (screen_qos_sub_stats()). */
struct screen_qos_stats {
	uint16_t profile;                /**< SCREEN_QOS_NONE: not policed */
	uint64_t pkts[SCREEN_QOS_DIRS][3];
	uint64_t bytes[SCREEN_QOS_DIRS][3];
};

/**
 * Check one profile's settings and compile them for rte_meter.
 *
 * @param c    the profile as configured
 * @param p    out: what the workers use
 * @param why  out: on error, which setting is wrong (static string)
 * @return 0; -EINVAL with *why set: a rate above SCREEN_QOS_MAX_KBPS, a
 *         peak rate below the committed one, a metered direction without
 *         both bursts, a burst with no rate, a DSCP above 63.
 */
int screen_qos_profile_compile(const struct screen_qos_profile_cfg *c,
			       struct screen_qos_profile *p, const char **why);

/**
 * Create the shared part: @p n profiles (copied, compiled) and @p max_nh
 * bindings, all SCREEN_QOS_NONE.
 * @return it, or NULL with rte_errno EINVAL (n 0 or above
 *         SCREEN_QOS_MAX_PROFILES, max_nh 0, a profile that does not
 *         compile) or ENOMEM.
 */
struct screen_qos *screen_qos_create(const char *name, int socket,
				     const struct screen_qos_profile_cfg *profiles, uint16_t n,
				     uint32_t max_nh);

/** Free; NULL is a no-op. */
void screen_qos_free(struct screen_qos *q);

/**
 * Bind next hop @p nh to profile @p profile (SCREEN_QOS_NONE: unbind), as
 * a new generation: every worker starts its meters and counters afresh.
 * Management lcore only.
 * @return 0; -EINVAL: nh beyond max_nh, or no such profile.
 */
int screen_qos_bind(struct screen_qos *q, uint32_t nh, uint16_t profile);

/** Profile index of next hop @p nh now (SCREEN_QOS_NONE when unbound or out of range). */
uint16_t screen_qos_bound(const struct screen_qos *q, uint32_t nh);

/** Index of the profile called @p name. @return it, or -ENOENT. */
int screen_qos_profile_find(const struct screen_qos *q, const char *name);

/**
 * As screen_qos_profile_find(), for a name a subscriber brought (a
 * Filter-Id): a non-empty name that is no profile's is counted in
 * q->unknown_names. Management lcore.
 * @return the index, or -ENOENT.
 */
int screen_qos_profile_lookup(struct screen_qos *q, const char *name);

/**
 * A worker's state: meters and counters for every next hop.
 * @return it, or NULL with rte_errno EINVAL (q NULL) or ENOMEM.
 */
struct screen_qos_worker *screen_qos_worker_create(const struct screen_qos *q, int socket);

/** Free; NULL is a no-op. */
void screen_qos_worker_free(struct screen_qos_worker *w);

/**
 * Next hop @p nh's counters under its current binding, summed over @p n
 * workers (NULL entries skipped); a worker that has not met the current
 * binding yet counts nothing. Lock-free reads (aligned 64-bit loads).
 * @return 0; -EINVAL: nh out of range (@p out zeroed).
 */
int screen_qos_sub_stats(const struct screen_qos *q, const struct screen_qos_worker *const *w,
			 unsigned int n, uint32_t nh, struct screen_qos_stats *out);

/** Start a worker's state of a next hop for binding @p bind (out of line). */
void screen_qos_sub_reset(struct screen_qos_worker *w, struct screen_qos_sub *s, uint64_t bind);

/** The time rte_meter runs on for the burst about to be processed (TSC). */
static inline void
screen_qos_clock(struct screen_qos_worker *w, uint64_t tsc)
{
	w->now = tsc;
}

/**
 * Set the DSCP of an IPv4 (header checksum updated incrementally, RFC
 * 1624) or IPv6 (traffic class) packet; its ECN bits are left alone.
 */
static inline void
screen_dscp_set(struct rte_mbuf *m, const struct bng_desc *d, uint8_t dscp)
{
	uint8_t *l3 = rte_pktmbuf_mtod_offset(m, uint8_t *, d->l3_off);

	if (d->kind == BNG_PKT_IPV4) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)l3;
		uint8_t tos = (uint8_t)((dscp << 2) | (ip->type_of_service & 3));

		if (tos == ip->type_of_service)
			return;
		/* The checksum covers the 16-bit word version/IHL + TOS. */
		ip->hdr_checksum = bng_cksum_update16(ip->hdr_checksum,
						      rte_cpu_to_be_16((uint16_t)(l3[0] << 8 | l3[1])),
						      rte_cpu_to_be_16((uint16_t)(l3[0] << 8 | tos)));
		ip->type_of_service = tos;
	} else if (d->kind == BNG_PKT_IPV6) {
		struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)l3;
		uint32_t v = rte_be_to_cpu_32(ip->vtc_flow);

		/* version 4 bits, traffic class 8 (DSCP its upper 6), flow label 20 */
		v = (v & ~(0x3fu << 22)) | ((uint32_t)dscp << 22);
		ip->vtc_flow = rte_cpu_to_be_32(v);
	}
}

/**
 * Police one packet of the subscriber at next hop @p nh in direction
 * @p dir: meter it (its IP length, d->l3_len) with the subscriber's
 * profile, count it by colour, and remark the DSCP of what passes as the
 * profile says. A next hop without a profile passes, uncounted.
 *
 * @return RTE_COLOR_RED: over the peak rate, the caller drops it;
 *         otherwise it passes (green or yellow, possibly remarked).
 */
static inline enum rte_color
screen_qos_police(struct screen_qos_worker *w, uint32_t nh, enum screen_qos_dir dir,
		  struct rte_mbuf *m, const struct bng_desc *d)
{
	uint64_t b = __atomic_load_n(&w->q->bind[nh], __ATOMIC_ACQUIRE);
	uint16_t pi = (uint16_t)b;
	struct screen_qos_profile *p;
	struct screen_qos_sub *s;
	struct screen_qos_meter *mt;
	enum rte_color c = RTE_COLOR_GREEN;

	if (pi == SCREEN_QOS_NONE)
		return RTE_COLOR_GREEN;
	s = &w->sub[nh];
	if (unlikely(s->bind != b))
		screen_qos_sub_reset(w, s, b);
	p = &w->prof[pi];
	mt = &s->dir[dir];
	if (p->metered[dir])
		c = rte_meter_trtcm_color_blind_check(&mt->tr, &p->tp[dir], w->now, d->l3_len);
	mt->pkts[c]++;
	mt->bytes[c] += d->l3_len;
	if (c != RTE_COLOR_RED && p->dscp[dir][c] >= 0)
		screen_dscp_set(m, d, (uint8_t)p->dscp[dir][c]);
	return c;
}

#endif /* SCREEN_QOS_H */
