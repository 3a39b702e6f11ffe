/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Stateless screens: tests on one packet's headers, from its parsed
 * descriptor, that recognise the classic malformed-packet attacks (land,
 * ping of death, source routing, record route, teardrop, WinNuke, SYN with
 * FIN, TCP without flags, fragmented ICMP). Each zone (a set of ports)
 * enables a set of them; a packet that trips an enabled screen is dropped
 * with that screen's own drop reason (BNG_DROP_SCREEN_*) and counted per
 * worker and zone.
 *
 * The check is for the packet path: no state, no allocation, bounded work.
 * A packet without IP options, extension headers or fragmentation (nearly
 * all traffic) costs an address compare and a test of its TCP flags,
 * inline; the rest goes to screen_check_slow(), which walks the at most 40
 * bytes of IPv4 options or the IPv6 extension headers the parser already
 * validated (at most 8).
 */
#ifndef SCREEN_H
#define SCREEN_H

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#include "bng_desc.h"
#include "bng_drop.h"

/*
 * _(ENUM_SUFFIX, "name in the configuration and the console"). The order
 * is the precedence: a packet tripping several enabled screens is dropped
 * (and counted) under the first. The drop reasons BNG_DROP_SCREEN_<ENUM>
 * of lib/common/bng_drop.h follow the same order.
 */
#define SCREEN_FOREACH(_)                                                          \
	_(LAND, "land")                                                            \
	_(SOURCE_ROUTE, "source-route")                                            \
	_(RECORD_ROUTE, "record-route")                                            \
	_(PING_OF_DEATH, "ping-of-death")                                          \
	_(TEARDROP, "teardrop")                                                    \
	_(ICMP_FRAGMENT, "icmp-fragment")                                          \
	_(WINNUKE, "winnuke")                                                      \
	_(SYN_FIN, "syn-fin")                                                      \
	_(TCP_NO_FLAG, "tcp-no-flag")

/** The screens; SCREEN_MAX also means "none tripped". */
enum screen_kind {
#define SCREEN_ENUM(e, n) SCREEN_##e,
	SCREEN_FOREACH(SCREEN_ENUM)
#undef SCREEN_ENUM
	SCREEN_MAX
};

/* Every screen's drop reason sits at the same distance from the first. */
#define SCREEN_DROP_ORDER(e, n)                                                    \
	static_assert(BNG_DROP_SCREEN_##e == BNG_DROP_SCREEN_LAND + SCREEN_##e,    \
		      "bng_drop.h lists the screen reasons in SCREEN_FOREACH order");
SCREEN_FOREACH(SCREEN_DROP_ORDER)
#undef SCREEN_DROP_ORDER

/** Bit of screen @p s in a set of enabled screens. */
#define SCREEN_BIT(s) (1u << (s))
/** Every screen. */
#define SCREEN_ALL    (SCREEN_BIT(SCREEN_MAX) - 1)
/** The screens of the TCP header alone. */
#define SCREEN_TCP_SET                                                             \
	(SCREEN_BIT(SCREEN_WINNUKE) | SCREEN_BIT(SCREEN_SYN_FIN) | SCREEN_BIT(SCREEN_TCP_NO_FLAG))

/** Zones (sets of ports with their screens); at most one per port. */
#define SCREEN_MAX_ZONES 16

/** TCP control flags (RFC 9293): a segment with none of them is a null scan. */
#define SCREEN_TCP_CTL_FLAGS                                                       \
	(RTE_TCP_URG_FLAG | RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG | RTE_TCP_RST_FLAG |      \
	 RTE_TCP_SYN_FLAG | RTE_TCP_FIN_FLAG)

/** The NetBIOS session port WinNuke sends urgent data to. */
#define SCREEN_WINNUKE_PORT 139

/**
 * A worker's drops by zone and screen (the zone is an index the caller
 * gives, below SCREEN_MAX_ZONES). Written by its worker only; summed when
 * read (screen_counters_sum()).
 */
struct screen_counters {
	uint64_t drops[SCREEN_MAX_ZONES][SCREEN_MAX];
};

/** The drop reason of screen @p s (< SCREEN_MAX). */
static inline enum bng_drop
screen_drop_reason(enum screen_kind s)
{
	return (enum bng_drop)(BNG_DROP_SCREEN_LAND + s);
}

/** Configuration name of screen @p s ("ping-of-death"); "?" when out of range. */
const char *screen_name(unsigned int s);

/**
 * The screen called @p name.
 * @return its enum screen_kind, or -ENOENT when no screen has that name.
 */
int screen_from_name(const char *name);

/** The screen names, comma-separated, for error messages. */
const char *screen_names_list(void);

/**
 * Add up one zone's drops over several workers' counters.
 *
 * @param c     the workers' counters (@p n of them; NULL entries skipped)
 * @param zone  the zone index (< SCREEN_MAX_ZONES)
 * @param out   the sums, by screen
 * @return 0, or -EINVAL when @p zone is out of range (@p out zeroed).
 */
int screen_counters_sum(const struct screen_counters *const *c, unsigned int n,
			unsigned int zone, uint64_t out[SCREEN_MAX]);

/**
 * screen_check() for packets with IPv4 options, IPv6 extension headers or
 * fragmentation: every screen, including those of the options and of the
 * fragment's place in its datagram. Out of line: such packets are rare.
 */
enum screen_kind screen_check_slow(uint32_t enabled, const struct rte_mbuf *m,
				   const struct bng_desc *d);

/* Source and destination the same address (land): IPv4 or IPv6 at @p l3. */
static inline int
screen_is_land(const uint8_t *l3, uint8_t kind)
{
	if (kind == BNG_PKT_IPV4) {
		uint32_t s, t;

		memcpy(&s, l3 + 12, 4);
		memcpy(&t, l3 + 16, 4);
		return s == t;
	} else {
		uint64_t s[2], t[2];

		memcpy(s, l3 + 8, 16);
		memcpy(t, l3 + 24, 16);
		return ((s[0] ^ t[0]) | (s[1] ^ t[1])) == 0;
	}
}

/* The screens of a TCP header whose flags and ports the parser read. */
static inline enum screen_kind
screen_check_tcp(uint32_t enabled, const struct bng_desc *d)
{
	uint8_t f = d->tcp_flags;

	if ((enabled & SCREEN_BIT(SCREEN_WINNUKE)) && (f & RTE_TCP_URG_FLAG) &&
	    d->dport == RTE_BE16(SCREEN_WINNUKE_PORT))
		return SCREEN_WINNUKE;
	if ((enabled & SCREEN_BIT(SCREEN_SYN_FIN)) &&
	    (f & (RTE_TCP_SYN_FLAG | RTE_TCP_FIN_FLAG)) == (RTE_TCP_SYN_FLAG | RTE_TCP_FIN_FLAG))
		return SCREEN_SYN_FIN;
	if ((enabled & SCREEN_BIT(SCREEN_TCP_NO_FLAG)) && !(f & SCREEN_TCP_CTL_FLAGS))
		return SCREEN_TCP_NO_FLAG;
	return SCREEN_MAX;
}

/**
 * Which of the @p enabled screens (SCREEN_BIT()s) an IP packet trips.
 *
 * @param enabled  the screens to apply; non-zero (callers skip the call
 *                 for ports without screens)
 * @param m        the packet, its headers in the first segment
 * @param d        its descriptor, filled by bng_parse() without a drop;
 *                 d->kind BNG_PKT_IPV4 or BNG_PKT_IPV6
 * @return the first screen tripped, in SCREEN_FOREACH order, or
 *         SCREEN_MAX when the packet passes them all.
 */
static inline enum screen_kind
screen_check(uint32_t enabled, const struct rte_mbuf *m, const struct bng_desc *d)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);

	if (unlikely(d->flags & (BNG_DF_IP_OPTS | BNG_DF_FRAG)))
		return screen_check_slow(enabled, m, d);
	if ((enabled & SCREEN_BIT(SCREEN_LAND)) && unlikely(screen_is_land(l3, d->kind)))
		return SCREEN_LAND;
	if ((enabled & SCREEN_TCP_SET) && d->ip_proto == IPPROTO_TCP && (d->flags & BNG_DF_L4))
		return screen_check_tcp(enabled, d);
	return SCREEN_MAX;
}

#endif /* SCREEN_H */
