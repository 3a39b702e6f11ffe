/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * vtap internals shared by its files: the engine, interfaces, the neighbour
 * entry, the parsed received frame, and the helpers each protocol file uses
 * to build frames and to report into a struct vtap_out.
 */
#ifndef VTAP_PRIV_H
#define VTAP_PRIV_H

#include <stdint.h>

#include "bng_bytes.h"
#include <string.h>

#include <rte_config.h>
#include <rte_hash.h>

#include "vtap.h"

#define VTAP_ETH_ARP   0x0806
#define VTAP_ETH_IPV6  0x86dd
#define VTAP_ETH_MIN   60     /**< shortest Ethernet frame without FCS */
#define VTAP_MAX_VLAN  2
#define VTAP_ARP_LEN   28
#define VTAP_IP6_HLEN  40
#define VTAP_PROTO_ICMP6 58
#define VTAP_NO_IF     UINT16_MAX /**< end of a port's interface chain */

/* ICMPv6 neighbour discovery (RFC 4861 4) */
#define VTAP_ND_RS  133
#define VTAP_ND_RA  134
#define VTAP_ND_NS  135
#define VTAP_ND_NA  136
#define VTAP_OPT_SLLA   1
#define VTAP_OPT_TLLA   2
#define VTAP_OPT_PREFIX 3
#define VTAP_OPT_MTU    5
#define VTAP_NA_ROUTER    0x80
#define VTAP_NA_SOLICITED 0x40
#define VTAP_NA_OVERRIDE  0x20

/* RFC 4861 10, router constants */
#define VTAP_MAX_RA_DELAY_MS            500
#define VTAP_MIN_DELAY_BETWEEN_RAS_MS   3000
#define VTAP_MAX_INITIAL_RAS            3
#define VTAP_MAX_INITIAL_RA_INTERVAL_MS 16000
/* RFC 5227 1.1: at most one defence per this interval */
#define VTAP_DEFEND_INTERVAL_MS 10000

/** VLAN tags as they appear on the wire (TPID, TCI), outer first. */
struct vtap_tags {
	uint8_t n;
	uint8_t b[4 * VTAP_MAX_VLAN];
};

/** A received frame, parsed once by vtap_input(). */
struct vtap_rx {
	const uint8_t *l3;        /**< after the VLAN tags and EtherType */
	uint16_t l3_len;
	uint16_t port;
	uint16_t ifx;
	struct rte_ether_addr dst, src;
	struct vtap_tags tags;    /**< copied into answers */
	uint32_t now;
};

struct vtap_iface {
	struct vtap_if_config cfg;
	struct vtap_tags tags;    /**< for frames vtap originates */
	uint8_t ll[16];           /**< link-local address (EUI-64) */
	uint8_t has_v6;
	uint8_t ra_started;       /**< the first RA is sent at the first timer call */
	uint8_t ra_initial;       /**< RAs sent so far, up to VTAP_MAX_INITIAL_RAS */
	uint8_t ra_sent;          /**< ra_last is valid */
	uint8_t defended;         /**< defend_ms is valid */
	uint16_t next_on_port;    /**< chain of the port's interfaces; UINT16_MAX ends */
	uint32_t ra_next;         /**< the next multicast RA is due then */
	uint32_t ra_last;         /**< the last multicast RA went then */
	uint32_t defend_ms;       /**< the last RFC 5227 defence went then */
};

/** Hash key of a neighbour: interface and address. */
struct vtap_key {
	uint16_t ifx;
	uint8_t v6;
	uint8_t pad;
	uint8_t ip[16];
};

/** A neighbour; the slot index is its rte_hash position. */
struct vtap_nent {
	struct vtap_key key;
	struct rte_ether_addr mac;
	uint8_t state;            /**< enum vtap_neigh_state; VTAP_NS_NONE: free slot */
	uint8_t flags;            /**< VTAP_NF_* */
	uint8_t probes;
	uint8_t n_held;
	uint8_t held_head;        /**< oldest held packet */
	uint8_t pad;
	uint32_t deadline;        /**< next timer action */
	uint32_t since;           /**< entered the current state */
	uint32_t live_idx;        /**< its place in vtap.live */
	void *held[VTAP_HOLD_MAX];
};

struct vtap {
	struct vtap_config cfg;
	struct vtap_stats st;
	struct rte_hash *if_h;    /**< (port, outer, inner) -> interface index */
	struct vtap_iface *ifs;
	uint16_t n_if;
	uint16_t port_first[RTE_MAX_ETHPORTS];
	struct rte_hash *nh;      /**< struct vtap_key -> slot */
	struct vtap_nent *ent;
	uint32_t n_slots;
	/* The slots in use, dense, so that the timer's budget is spent on
	 * neighbours and not on empty slots; removal swaps the last in. */
	uint32_t *live;
	uint32_t n_neigh;
	uint32_t n_held;          /**< held packets, all neighbours */
	uint32_t cursor;          /**< vtap_timer()'s next place in live[] */
	char name[VTAP_NAME_MAX];
};

/* --- Small helpers ---------------------------------------------------------- */

static inline int
vtap_ip6_is_mcast(const uint8_t *a)
{
	return a[0] == 0xff;
}

static inline int
vtap_ip6_is_unspec(const uint8_t *a)
{
	static const uint8_t zero[16];

	return memcmp(a, zero, 16) == 0;
}

static inline int
vtap_ip6_is_ll(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/** 0/8, loopback, multicast and above: never a host's IPv4 address. */
static inline int
vtap_ip4_bad_host(const uint8_t *a)
{
	return a[0] == 0 || a[0] == 127 || a[0] >= 224;
}

/** Do @p a and @p b share their first @p plen bits? */
int vtap_prefix_match(const uint8_t *a, const uint8_t *b, uint8_t plen);

/** Is there room in @p o for this many frames, events and held packets? */
static inline int
vtap_out_room(const struct vtap_out *o, unsigned int frames, unsigned int events,
	      unsigned int held)
{
	return o->n_frames + frames <= VTAP_OUT_FRAMES && o->n_events + events <= VTAP_OUT_EVENTS &&
	       o->n_held + held <= VTAP_OUT_HELD;
}

/* --- vtap.c: interfaces, frames, events --------------------------------------- */

/** Is @p ip (4 or 16 bytes) one of the interface's own addresses, link-local included? */
int vtap_if_is_ours(const struct vtap_iface *ifp, int v6, const uint8_t *ip);

/** Is @p ip on one of the interface's connected subnets (for IPv6, or link-local)? */
int vtap_if_on_link(const struct vtap_iface *ifp, int v6, const uint8_t *ip);

/** Do we answer ARP / NS for @p ip: ours, or proxied on a proxy interface? Sets *proxy. */
int vtap_if_answers(const struct vtap_iface *ifp, int v6, const uint8_t *ip, int *proxy);

/** Our address to solicit @p target from: on its subnet, else the first (IPv6: link-local). */
const uint8_t *vtap_if_src(const struct vtap_iface *ifp, int v6, const uint8_t *target);

/**
 * Start a frame for @p port in @p o: Ethernet header, the VLAN tags, the
 * EtherType. @return the frame (its header written, *off past it) or NULL
 * when @p o is full.
 */
struct vtap_frame *vtap_frame_start(struct vtap_out *o, uint16_t port,
				    const struct rte_ether_addr *dst,
				    const struct rte_ether_addr *src, const struct vtap_tags *tags,
				    uint16_t ethertype, uint16_t *off);

/** Finish the frame vtap_frame_start() gave, @p len bytes, zero-padded to the Ethernet minimum. */
void vtap_frame_end(struct vtap_out *o, struct vtap_frame *f, uint16_t len);

/** Append an event. The caller checked for room. */
void vtap_event_put(struct vtap_out *o, uint8_t type, uint16_t port, uint16_t ifx,
		    const struct rte_ether_addr *mac, int v6, const uint8_t *ip);

/** A uniformly random value in [lo, hi]. */
uint32_t vtap_rand_between(uint32_t lo, uint32_t hi);

/* --- vtap_arp.c ----------------------------------------------------------------- */

enum vtap_reason vtap_arp_input(struct vtap *v, const struct vtap_rx *rx, struct vtap_out *out);

/**
 * Send an ARP request from @p spa for @p tpa: broadcast when @p dst is NULL,
 * else unicast (a probe). @return 0 or -ENOBUFS.
 */
int vtap_arp_request(struct vtap *v, const struct vtap_iface *ifp, const uint8_t *spa,
		     const uint8_t *tpa, const struct rte_ether_addr *dst, struct vtap_out *out);

/* --- vtap_nd.c ------------------------------------------------------------------- */

enum vtap_reason vtap_nd_input(struct vtap *v, const struct vtap_rx *rx, struct vtap_out *out);

/**
 * Send an NS for @p target: to its solicited-node group when @p dst is NULL,
 * else unicast to it at @p dst (a probe). @return 0 or -ENOBUFS.
 */
int vtap_nd_solicit(struct vtap *v, const struct vtap_iface *ifp, const uint8_t *target,
		    const struct rte_ether_addr *dst, struct vtap_out *out);

/** Send an unsolicited NA for our @p addr to all-nodes. @return 0 or -ENOBUFS. */
int vtap_nd_announce(struct vtap *v, const struct vtap_iface *ifp, const uint8_t *addr,
		     struct vtap_out *out);

/** Send the multicast RAs that are due. */
void vtap_nd_ra_timer(struct vtap *v, uint32_t now, struct vtap_out *out);

/**
 * ICMPv6 checksum of the @p len bytes at @p icmp under the IPv6 header @p ip6
 * (pseudo-header from its addresses). Summing a correct message with its
 * checksum field in place gives 0.
 */
uint16_t vtap_icmp6_cksum(const uint8_t *ip6, const uint8_t *icmp, uint16_t len);

/* --- vtap_neigh.c ----------------------------------------------------------------- */

/** The entry of @p ip on interface @p ifx, or NULL. */
struct vtap_nent *vtap_neigh_find(const struct vtap *v, uint16_t ifx, int v6, const uint8_t *ip);

/**
 * Apply what a received packet says of neighbour @p ip (RFC 4861 7.2.5,
 * applied to ARP too): its MAC (@p mac, NULL when the packet carried none),
 * whether it confirms reachability (@p solicited: an ARP reply, an NA with
 * S set) and whether it may replace a known MAC (@p override). A new entry
 * is made only when @p create. Static entries are left alone.
 * @return 0, -ENOENT (unknown and !create), -ENOSPC (table full),
 *         -ENODATA (an incomplete entry and no MAC).
 */
int vtap_neigh_update(struct vtap *v, uint16_t ifx, int v6, const uint8_t *ip,
		      const struct rte_ether_addr *mac, int create, int solicited, int override,
		      uint32_t now, struct vtap_out *out);

/** Worst-case room one neighbour update or timer step needs: 1 frame, 2 events, a hold queue. */
static inline int
vtap_out_room_neigh(const struct vtap *v, const struct vtap_out *o)
{
	return vtap_out_room(o, 1, 2, v->cfg.hold_per_neigh);
}

/** Visit up to timer_budget neighbours. @return the number visited. */
uint32_t vtap_neigh_timer(struct vtap *v, uint32_t now, struct vtap_out *out);

#endif /* VTAP_PRIV_H */
