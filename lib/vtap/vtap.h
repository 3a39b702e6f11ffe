/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * vtap: the management lcore's neighbour protocols, ARP (RFC 826, RFC 5227)
 * and IPv6 neighbour discovery (RFC 4861: NS, NA, RS, RA), as a pure
 * protocol engine. It does no I/O: the caller hands it a received frame's
 * bytes (Ethernet onward, up to two VLAN tags) and gets back, in a caller
 * owned struct vtap_out, the frames to transmit, the events to apply to its
 * FIB next hops (neighbour resolved / failed, address conflict) and the
 * packets it had held for resolution, either to send or to drop with a
 * reason. A neighbour table (rte_hash) follows the RFC 4861 state machine
 * for both families; vtap_timer() retransmits, ages and probes it in
 * bounded steps and sends the periodic router advertisements.
 *
 * Single-threaded: one lcore (the management lcore) owns a struct vtap.
 * Nothing is allocated per packet. Times are 32-bit milliseconds (as
 * bng_clock_ms() gives them), compared with serial arithmetic.
 */
#ifndef VTAP_H
#define VTAP_H

#include <stdint.h>

#include <rte_ether.h>

/* --- Limits ----------------------------------------------------------------- */

#define VTAP_IF_MAX_ADDR   8   /**< IPv4 and IPv6 addresses per interface, each */
#define VTAP_IF_MAX_PREFIX 4   /**< prefixes advertised per interface */
#define VTAP_HOLD_MAX      8   /**< upper bound of vtap_config.hold_per_neigh */
#define VTAP_NAME_MAX      12

/* Frames vtap builds are at most an RA with four prefix options behind two
 * VLAN tags: 14 + 8 + 40 + 16 + 8 (SLLA) + 8 (MTU) + 4 * 32 = 222 bytes. */
#define VTAP_FRAME_MAX  256
#define VTAP_OUT_FRAMES 32  /**< vtap_if_announce() needs 1 + 2 * VTAP_IF_MAX_ADDR */
#define VTAP_OUT_EVENTS 16
#define VTAP_OUT_HELD   16  /**< at least twice VTAP_HOLD_MAX */

/* --- Reasons ----------------------------------------------------------------- */

/* _(ENUM_SUFFIX, "metric_name", "human explanation"). Every frame that
 * vtap_input() does not act on, and every held packet handed back to be
 * dropped, records one of these. */
#define VTAP_FOREACH_REASON(_)                                                      \
	_(OK, "none", "handled")                                                    \
	_(NO_INTERFACE, "no_interface", "no vtap interface on this port and VLAN") \
	_(ETH_TRUNC, "eth_truncated", "frame shorter than its Ethernet and VLAN headers") \
	_(VLAN_TOO_DEEP, "vlan_too_deep", "more than two VLAN tags")                \
	_(NOT_NEIGH, "not_arp_nd", "neither ARP nor neighbour discovery")           \
	_(ETH_DST_OTHER, "eth_dst_not_ours", "unicast to another host's MAC")      \
	_(ETH_BAD_SRC, "eth_bad_source", "Ethernet source is multicast or broadcast") \
	_(OWN_MAC, "own_mac", "sent from our own MAC: a looped-back frame")         \
	_(ADDR_CONFLICT, "address_conflict", "another host claims one of our addresses") \
	_(ARP_TRUNC, "arp_truncated", "ARP packet shorter than 28 bytes")           \
	_(ARP_BAD_HTYPE, "arp_bad_hardware_type", "ARP hardware type is not Ethernet") \
	_(ARP_BAD_PTYPE, "arp_bad_protocol_type", "ARP protocol type is not IPv4")  \
	_(ARP_BAD_LEN, "arp_bad_address_length", "ARP address lengths are not 6 and 4") \
	_(ARP_BAD_OP, "arp_bad_opcode", "ARP opcode is neither request nor reply")  \
	_(ARP_BAD_SENDER_MAC, "arp_bad_sender_mac", "ARP sender MAC is zero, multicast or broadcast") \
	_(ARP_BAD_SENDER_IP, "arp_bad_sender_ip", "ARP sender IP is multicast, broadcast or loopback") \
	_(ARP_NOT_FOR_US, "arp_target_not_ours", "ARP for another host's address")  \
	_(ARP_NOT_ON_LINK, "arp_sender_not_on_link", "ARP reply from outside the interface's subnets") \
	_(GARP_UNKNOWN, "garp_unknown_neighbor", "gratuitous ARP of a neighbour not in the table: not learned") \
	_(IP6_TRUNC, "ip6_truncated", "IPv6 header cut short")                      \
	_(IP6_BAD_VER, "ip6_bad_version", "IPv6 version field is not 6")            \
	_(IP6_BAD_LEN, "ip6_bad_payload_length", "IPv6 payload length beyond the frame") \
	_(ND_BAD_HOPLIMIT, "nd_bad_hop_limit", "ND message with hop limit other than 255") \
	_(ND_BAD_CODE, "nd_bad_code", "ND message with ICMPv6 code other than 0")   \
	_(ND_TRUNC, "nd_truncated", "ND message shorter than its fixed part")       \
	_(ND_BAD_CKSUM, "nd_bad_checksum", "ICMPv6 checksum wrong")                 \
	_(ND_BAD_OPTION, "nd_bad_option", "ND option of length 0 or past the message") \
	_(ND_BAD_SRC, "nd_bad_source", "ND source multicast, or unspecified with a link-layer option") \
	_(ND_BAD_DST, "nd_bad_destination", "DAD not sent to the solicited-node group, or a multicast solicited NA") \
	_(ND_BAD_TARGET, "nd_bad_target", "ND target is a multicast address")       \
	_(ND_TARGET_NOT_OURS, "nd_target_not_ours", "neighbour solicitation for another host's address") \
	_(NA_NO_ENTRY, "na_unknown_target", "neighbour advertisement for an address not in the table") \
	_(NA_NO_LLADDR, "na_no_target_lladdr", "advertisement for an incomplete entry without its link-layer address") \
	_(RS_RA_DISABLED, "rs_ra_disabled", "router solicitation on an interface that sends no RAs") \
	_(RA_IGNORED, "ra_from_other_router", "router advertisement from another router: counted, not used") \
	_(OUT_FULL, "out_full", "the caller's vtap_out has no room for the answer") \
	_(TABLE_FULL, "table_full", "neighbour table full: not learned, not resolved") \
	_(HOLD_OVERFLOW, "hold_overflow", "held packet pushed out by a newer one (per-neighbour limit)") \
	_(HOLD_TOTAL, "hold_total_full", "held packet refused or pushed out: total hold limit") \
	_(NEIGH_FAILED, "neighbor_failed", "held packet of a neighbour that did not answer") \
	_(NEIGH_DELETED, "neighbor_deleted", "held packet of a neighbour the caller deleted")

enum vtap_reason {
#define VTAP_REASON_ENUM(e, n, h) VTAP_R_##e,
	VTAP_FOREACH_REASON(VTAP_REASON_ENUM)
#undef VTAP_REASON_ENUM
	VTAP_R_MAX
};

/** Metric-style name of a reason ("nd_bad_checksum"); "?" out of range. */
const char *vtap_reason_name(unsigned int reason);
/** One-line explanation of a reason. */
const char *vtap_reason_help(unsigned int reason);

/* --- Counters ---------------------------------------------------------------- */

#define VTAP_FOREACH_STAT(_)                                                        \
	_(arp_requests_in, "ARP requests received (gratuitous ones included)")     \
	_(arp_replies_out, "ARP replies sent")                                      \
	_(arp_replies_in, "ARP replies received")                                   \
	_(arp_requests_out, "ARP requests sent: resolution, probes, announcements") \
	_(garp_in, "gratuitous ARP received")                                       \
	_(nd_ns_in, "neighbour solicitations received")                             \
	_(nd_na_out, "neighbour advertisements sent")                               \
	_(nd_na_in, "neighbour advertisements received")                            \
	_(nd_ns_out, "neighbour solicitations sent: resolution and probes")         \
	_(nd_rs_in, "router solicitations received")                                \
	_(nd_ra_out, "router advertisements sent")                                  \
	_(nd_ra_in, "router advertisements received from other routers")            \
	_(learned, "neighbours added from their own ARP or ND packets")             \
	_(resolved, "neighbours resolved: first MAC, or a new one")                 \
	_(failed, "neighbours that did not answer max_probes solicitations")        \
	_(conflicts_defended, "gratuitous ARPs sent to defend an address (RFC 5227)") \
	_(held, "packets held while their neighbour resolves")                      \
	_(held_sent, "held packets handed back to be sent")                         \
	_(held_dropped, "held packets handed back to be dropped")

struct vtap_stats {
#define VTAP_STAT_FIELD(n, h) uint64_t n;
	VTAP_FOREACH_STAT(VTAP_STAT_FIELD)
#undef VTAP_STAT_FIELD
	uint64_t reason[VTAP_R_MAX]; /**< by enum vtap_reason; [VTAP_R_OK] counts handled frames */
};

#define VTAP_STATS (sizeof(struct vtap_stats) / sizeof(uint64_t) - VTAP_R_MAX)

/** Name / explanation of the i-th named counter of struct vtap_stats (before reason[]). */
const char *vtap_stat_name(unsigned int i);
const char *vtap_stat_help(unsigned int i);

/* --- Addresses ---------------------------------------------------------------- */

/** An IPv4 or IPv6 address, network order; IPv4 in a[0..3]. */
struct vtap_ip {
	uint8_t v6;
	uint8_t a[16];
};

/** An interface address and its prefix length (the connected subnet). */
struct vtap_if_addr {
	uint8_t a[16]; /**< network order; IPv4 in the first four bytes */
	uint8_t plen;
};

/** IPv6 link-local address of a MAC: fe80::/64 with the modified EUI-64 (RFC 4291 2.5.1). */
void vtap_ip6_link_local(const struct rte_ether_addr *mac, uint8_t ll[16]);

/** Solicited-node multicast group of an address: ff02::1:ff00:0/104 + its low 24 bits. */
void vtap_ip6_solicited_node(const uint8_t ip[16], uint8_t group[16]);

/** Ethernet address of an IPv6 multicast group: 33:33 + its low 32 bits (RFC 2464 7). */
void vtap_ip6_mcast_mac(const uint8_t group[16], struct rte_ether_addr *mac);

/* --- Interfaces ---------------------------------------------------------------- */

/** Answer ARP and NS for every address of the interface's connected subnets
 * (local proxy, RFC 1027 / RFC 4389 style): subscribers kept apart at layer 2
 * reach one another through the router. */
#define VTAP_IF_PROXY 0x01
/** An untagged interface that also answers for frames of any VLAN of its
 * port that has no interface of its own (subscribers one VLAN each): the
 * answer goes back in the asker's tags. */
#define VTAP_IF_ANY_VLAN 0x02

/** A prefix advertised in RAs (prefix information option, RFC 4861 4.6.2). */
struct vtap_ra_prefix {
	uint8_t prefix[16];
	uint8_t len;
	uint8_t onlink;      /**< L flag: the prefix is on this link */
	uint8_t autonomous;  /**< A flag: hosts may form addresses in it (SLAAC) */
	uint8_t pad;
	uint32_t valid_s;    /**< valid lifetime; UINT32_MAX is infinity */
	uint32_t preferred_s; /**< preferred lifetime, at most valid_s */
};

struct vtap_if_config {
	uint16_t port;
	uint16_t vlan_outer;  /**< outer VLAN id; 0: untagged */
	uint16_t vlan_inner;  /**< inner VLAN id (QinQ); 0: at most one tag */
	uint16_t tpid_outer;  /**< outer tag of the frames vtap originates: 0x8100, 0x88a8 or 0x9100
			       *   (answers copy the asker's tags) */
	struct rte_ether_addr mac;
	uint32_t flags;       /**< VTAP_IF_* */
	uint8_t n_addr4, n_addr6;
	struct vtap_if_addr addr4[VTAP_IF_MAX_ADDR];
	struct vtap_if_addr addr6[VTAP_IF_MAX_ADDR]; /**< global ones; the link-local is derived */
	uint16_t mtu;         /**< advertised in RAs (MTU option); 0: none */
	/* Router advertisements (RFC 4861 6.2.1); IPv6 runs on the interface when
	 * it has an IPv6 address or sends RAs. */
	uint8_t ra_enabled;
	uint8_t ra_managed;    /**< M flag: addresses by DHCPv6 */
	uint8_t ra_other;      /**< O flag: other configuration by DHCPv6 */
	uint8_t ra_hop_limit;  /**< Cur Hop Limit advertised; 0: unspecified */
	uint16_t ra_lifetime_s; /**< router lifetime; 0: not a default router */
	uint32_t ra_interval_ms;     /**< MaxRtrAdvInterval, 4 s to 1800 s */
	uint32_t ra_min_interval_ms; /**< MinRtrAdvInterval, 3 s to 0.75 max; 0: max / 3 */
	uint32_t ra_reachable_ms;    /**< Reachable Time advertised; 0: unspecified */
	uint32_t ra_retrans_ms;      /**< Retrans Timer advertised; 0: unspecified */
	uint8_t n_prefix;
	struct vtap_ra_prefix prefix[VTAP_IF_MAX_PREFIX];
};

/** An interface with no address: untagged, outer TPID 0x8100, RAs off with
 * RFC 4861's defaults (600 s interval, 1800 s lifetime, hop limit 64). */
void vtap_if_config_defaults(struct vtap_if_config *c);

/* --- Engine ------------------------------------------------------------------ */

struct vtap_config {
	uint32_t max_neigh;      /**< neighbour table size (4096) */
	uint16_t max_if;         /**< interfaces (64) */
	uint8_t max_probes;      /**< solicitations before FAILED, multicast and unicast (3) */
	uint8_t hold_per_neigh;  /**< packets held per unresolved neighbour (3, <= VTAP_HOLD_MAX) */
	uint32_t hold_total;     /**< packets held in all (256) */
	uint32_t retrans_ms;     /**< between solicitations (1000, RetransTimer) */
	uint32_t reachable_ms;   /**< REACHABLE after a confirmation (30000, ReachableTime) */
	uint32_t probe_delay_ms; /**< STALE before the unicast probe (5000, DELAY_FIRST_PROBE_TIME) */
	uint32_t failed_keep_ms; /**< a FAILED entry stays this long, then is removed (10000) */
	uint32_t timer_budget;   /**< neighbours vtap_timer() visits per call (1024) */
};

void vtap_config_defaults(struct vtap_config *c);

struct vtap;

/**
 * Create an engine with no interface.
 * @return it, or NULL with rte_errno EINVAL (a zero or out-of-range setting,
 *         a name longer than VTAP_NAME_MAX - 1), EEXIST (name in use) or ENOMEM.
 */
struct vtap *vtap_create(const char *name, int socket, const struct vtap_config *cfg);

/**
 * Free; NULL is a no-op. Held packets are not handed back: drain them first
 * by deleting every entry (vtap_neigh_next() from cursor 0, vtap_neigh_del()).
 */
void vtap_free(struct vtap *v);

/**
 * Register an L3 interface: a port and VLAN pair with its MAC and addresses.
 * @return its index (>= 0), or -EINVAL (VLAN id over 4095, inner tag without
 *         outer, multicast or zero MAC, prefix length out of range, too many
 *         addresses or prefixes, RA intervals out of RFC 4861's range),
 *         -EEXIST (port and VLANs already registered), -ENOSPC (max_if).
 */
int vtap_if_add(struct vtap *v, const struct vtap_if_config *c);

/** The interface of @p port and VLANs. @return its index, or -ENOENT. */
int vtap_if_find(const struct vtap *v, uint16_t port, uint16_t vlan_outer, uint16_t vlan_inner);

/** The configuration of interface @p ifx, or NULL. */
const struct vtap_if_config *vtap_if_get(const struct vtap *v, uint16_t ifx);

/** The engine's counters. */
const struct vtap_stats *vtap_stats_get(const struct vtap *v);

/* --- Output ------------------------------------------------------------------ */

struct vtap_frame {
	uint16_t port;
	uint16_t len;
	uint8_t data[VTAP_FRAME_MAX]; /**< Ethernet onward, padded to 60 bytes */
};

enum vtap_event_type {
	VTAP_EV_RESOLVED = 1, /**< @c ip is at @c mac: first resolution or a new MAC */
	VTAP_EV_FAILED,       /**< @c ip did not answer: its MAC (if any) is no longer valid */
	VTAP_EV_CONFLICT,     /**< the host at @c mac claims our address @c ip */
};

struct vtap_event {
	uint8_t type;         /**< enum vtap_event_type */
	uint8_t pad;
	uint16_t port;
	uint16_t ifx;
	struct rte_ether_addr mac;
	struct vtap_ip ip;
};

/** A packet the caller had held, handed back. */
struct vtap_held {
	void *pkt;
	uint16_t port;
	uint8_t reason;            /**< VTAP_R_OK: send it to @c mac; otherwise drop it for this reason */
	uint8_t pad;
	struct rte_ether_addr mac; /**< the neighbour's MAC when reason is VTAP_R_OK */
};

/**
 * What one call produced. The caller owns it and empties it with
 * vtap_out_reset(); vtap appends. A call that lacks room for the worst case
 * of its work does nothing and says so (VTAP_R_OUT_FULL, -ENOBUFS, or
 * vtap_timer() stopping early).
 */
struct vtap_out {
	uint16_t n_frames, n_events, n_held;
	struct vtap_frame frames[VTAP_OUT_FRAMES];
	struct vtap_event events[VTAP_OUT_EVENTS];
	struct vtap_held held[VTAP_OUT_HELD];
};

static inline void
vtap_out_reset(struct vtap_out *o)
{
	o->n_frames = 0;
	o->n_events = 0;
	o->n_held = 0;
}

/* --- Protocol input and timers ----------------------------------------------- */

/**
 * Process a frame received on @p port: ARP requests and NS for our
 * addresses are answered, neighbours learned or resolved, RS answered.
 * Needs room in @p out for one frame, two events and hold_per_neigh held
 * packets.
 * @return VTAP_R_OK when the frame was acted on, otherwise why it was not
 *         (every return is also counted in vtap_stats.reason[]).
 */
enum vtap_reason vtap_input(struct vtap *v, uint16_t port, const uint8_t *frame, uint16_t len,
			    uint32_t now_ms, struct vtap_out *out);

/**
 * Periodic work, bounded: sends the RAs that are due, then visits at most
 * timer_budget neighbours, continuing where the last call stopped:
 * retransmits solicitations, ages REACHABLE to STALE, probes STALE entries,
 * fails entries out of probes, removes old FAILED ones. Stops early when
 * @p out has no room for the next entry's work; call again once drained.
 * A table of N neighbours is swept in ceil(N / timer_budget) calls: call it
 * often enough that a sweep takes well under retrans_ms.
 * @return the number of neighbours visited.
 */
uint32_t vtap_timer(struct vtap *v, uint32_t now_ms, struct vtap_out *out);

/* --- Neighbours --------------------------------------------------------------- */

enum vtap_neigh_state {
	VTAP_NS_NONE = 0,
	VTAP_NS_INCOMPLETE, /**< soliciting by broadcast / solicited-node multicast */
	VTAP_NS_REACHABLE,  /**< confirmed within reachable_ms (static entries stay here) */
	VTAP_NS_STALE,      /**< MAC usable, not confirmed lately: probed after probe_delay_ms */
	VTAP_NS_PROBE,      /**< MAC usable, unicast solicitations under way */
	VTAP_NS_FAILED,     /**< did not answer; removed after failed_keep_ms */
};

#define VTAP_NF_STATIC 0x01

struct vtap_neigh_info {
	struct vtap_ip ip;
	uint16_t port;
	uint16_t ifx;
	struct rte_ether_addr mac;
	uint8_t state;    /**< enum vtap_neigh_state */
	uint8_t flags;    /**< VTAP_NF_* */
	uint8_t probes;   /**< solicitations sent in the current state */
	uint8_t n_held;
	uint32_t deadline_ms; /**< next timer action (not for static entries) */
};

/** Name of a neighbour state ("REACHABLE"). */
const char *vtap_neigh_state_name(unsigned int state);

/**
 * Start resolving next hop @p ip on @p port: the interface of the port whose
 * connected subnet holds @p ip (for an IPv6 link-local address, the port's
 * first IPv6 interface). Sends an ARP request or an NS to the solicited-node
 * group unless the neighbour is known.
 * @param mac filled when the neighbour is already resolved (may be NULL)
 * @return 1 resolved (REACHABLE, STALE, PROBE or static), 0 resolution under
 *         way, -EINVAL (no such interface, or @p ip is ours, multicast or
 *         unspecified), -ENOSPC (table full), -EHOSTUNREACH (failed less than
 *         retrans_ms ago), -ENOBUFS (no room in @p out).
 */
int vtap_resolve(struct vtap *v, uint16_t port, const struct vtap_ip *ip, uint32_t now_ms,
		 struct rte_ether_addr *mac, struct vtap_out *out);

/**
 * Hold packet @p pkt for next hop @p ip until it resolves, starting the
 * resolution as vtap_resolve() does. Each neighbour holds at most
 * hold_per_neigh packets and all of them at most hold_total: beyond that the
 * oldest of the neighbour is handed back to be dropped (VTAP_R_HOLD_OVERFLOW,
 * VTAP_R_HOLD_TOTAL). Held packets come back in out->held: to be sent when the
 * neighbour resolves, dropped (VTAP_R_NEIGH_FAILED) when it fails.
 * @return 0 held; 1 handed back at once in out->held (neighbour already
 *         resolved: send; or dropped: table full, failed lately, total limit
 *         with nothing of this neighbour's to push out); -EINVAL (no
 *         interface, bad address) or -ENOBUFS (no room in @p out): not taken.
 */
int vtap_hold(struct vtap *v, uint16_t port, const struct vtap_ip *ip, void *pkt, uint32_t now_ms,
	      struct vtap_out *out);

/**
 * Add a static neighbour, or make a known one static: never aged, probed,
 * changed by received frames, or evicted. Emits VTAP_EV_RESOLVED and hands
 * back any held packets to be sent.
 * @return 0, -EINVAL (no interface, bad address or MAC), -ENOSPC, -ENOBUFS.
 */
int vtap_neigh_static_add(struct vtap *v, uint16_t port, const struct vtap_ip *ip,
			  const struct rte_ether_addr *mac, struct vtap_out *out);

/**
 * Remove a neighbour, static or not; its held packets come back to be
 * dropped (VTAP_R_NEIGH_DELETED). @return 0, -ENOENT, -EINVAL, -ENOBUFS.
 */
int vtap_neigh_del(struct vtap *v, uint16_t port, const struct vtap_ip *ip, struct vtap_out *out);

/** A neighbour's state. @return 0, -ENOENT, -EINVAL (no interface). */
int vtap_neigh_lookup(const struct vtap *v, uint16_t port, const struct vtap_ip *ip,
		      struct vtap_neigh_info *info);

/**
 * Walk the table for display: start with *cursor = 0.
 * @return 0 with @p info filled and *cursor advanced, -ENOENT at the end.
 */
int vtap_neigh_next(const struct vtap *v, uint32_t *cursor, struct vtap_neigh_info *info);

/** Number of neighbours in the table. */
uint32_t vtap_neigh_count(const struct vtap *v);

/* --- Announcements ------------------------------------------------------------ */

/**
 * Announce our address @p ip of interface @p ifx: a gratuitous ARP request
 * (RFC 5227 announcement: sender and target IP both the address, broadcast)
 * or an unsolicited NA to all-nodes (override set, RFC 4861 7.2.6). RFC 5227
 * sends two, two seconds apart: call again.
 * @return 0, -EINVAL (not an address of the interface), -ENOBUFS.
 */
int vtap_announce(struct vtap *v, uint16_t ifx, const struct vtap_ip *ip, struct vtap_out *out);

/** Announce every address of interface @p ifx, link-local included. @return 0, -EINVAL, -ENOBUFS. */
int vtap_if_announce(struct vtap *v, uint16_t ifx, struct vtap_out *out);

#endif /* VTAP_H */
