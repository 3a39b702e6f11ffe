/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The per-packet descriptor. The parser fills it once, in the mbuf private
 * area (every pool the appliance creates reserves room for it), and every
 * later stage reads it instead of re-parsing headers. It is one cache line
 * so the parse stage touches at most two lines per packet (mbuf + desc).
 */
#ifndef BNG_DESC_H
#define BNG_DESC_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

/** What the parser found at L2.5/L3. */
enum bng_pkt_kind {
	BNG_PKT_OTHER = 0,
	BNG_PKT_ARP,
	BNG_PKT_IPV4,
	BNG_PKT_IPV6,
	BNG_PKT_PPPOE_DISC, /**< PPPoE discovery (PADI/PADO/PADR/PADS/PADT) */
	BNG_PKT_PPP_CTRL,   /**< PPPoE session frame carrying non-IP PPP (LCP, auth, NCP) */
};

/** Port roles: which side of the appliance a port faces. */
enum bng_port_role {
	BNG_ROLE_ACCESS = 0, /**< subscribers */
	BNG_ROLE_CORE = 1,   /**< the internet / upstream routers */
};

#define BNG_DF_FRAG       0x01 /**< IP fragment (any) */
#define BNG_DF_FRAG_LATER 0x02 /**< non-first fragment: no L4 header */
#define BNG_DF_IP_OPTS    0x04 /**< IPv4 options / IPv6 extension headers present */
#define BNG_DF_L4         0x08 /**< sport/dport (or ICMP id) are valid */
#define BNG_DF_ICMP_ERR   0x10 /**< ICMP/ICMPv6 error: inner_off points at the quoted IP header */
#define BNG_DF_PPPOE      0x20 /**< arrived in a PPPoE session */
#define BNG_DF_SWAPPED    0x40 /**< session key was normalised by swapping src and dst */
#define BNG_DF_TRACE      0x80 /**< per-packet trace requested */

/* L3 input results, reused by the forward step. */
#define BNG_L3F_NH        0x01 /**< d->nh holds the route to the destination */
#define BNG_L3F_FRAG      0x02 /**< larger than the egress MTU, DF clear: fragment on output */
#define BNG_L3F_OUT       0x04 /**< the forward step ran: rewrite L2 and send to d->nh */
#define BNG_L3F_NAT       0x08 /**< destination is a NAT external address (d->nh: its entry) */
#define BNG_L3F_HAIRPIN   0x10 /**< turned around by the NAT once already */
#define BNG_L3F_VFRAG     0x20 /**< fragment of a translated flow, for its rendezvous worker */
#define BNG_L3F_FRAGKEY   0x40 /**< later fragment keyed as its first: never creates a session */

struct bng_desc {
	uint16_t l3_off;    /**< frame offset of the IP or ARP header */
	uint16_t l4_off;    /**< frame offset of the L4 header, 0 if none */
	uint16_t l3_len;    /**< IPv4 total length, or 40 + IPv6 payload length */
	uint16_t port;      /**< ingress port id */
	uint16_t vlan[2];   /**< outer and inner VLAN id, 0 when absent */
	uint16_t pppoe_sid; /**< PPPoE session id (network order) when BNG_DF_PPPOE */
	uint16_t tenant;    /**< tenant the packet belongs to */
	uint8_t kind;       /**< enum bng_pkt_kind */
	uint8_t ip_proto;   /**< L4 protocol after IPv6 extension headers */
	uint8_t flags;      /**< BNG_DF_* */
	uint8_t tcp_flags;  /**< TCP flags byte when ip_proto is TCP */
	uint16_t sport;     /**< network order; ICMP query: identifier */
	uint16_t dport;     /**< network order; ICMP query: identifier */
	uint16_t inner_off; /**< ICMP error: frame offset of the quoted IP header */
	uint8_t role;       /**< enum bng_port_role of the ingress port */
	uint8_t n_vlan;     /**< VLAN tags present: 0, 1 or 2 */
	uint16_t drop;      /**< enum bng_drop once a stage decided to drop */
	uint16_t owner;     /**< worker index that owns this packet's session */
	uint32_t sess;      /**< session index after lookup */
	uint32_t nh;        /**< next hop index chosen by the forward service */
	uint32_t trace_id;  /**< trace record index when BNG_DF_TRACE */
	uint8_t punt;       /**< why the packet was punted (the application's enum) */
	uint8_t l3flags;    /**< BNG_L3F_* */
	uint8_t pad[2];
	/**
	 * The IPv4 session key (lib/session's struct sess_key4), built while
	 * the headers are hot and carried with the packet, through a handoff
	 * too, to the lookup.
	 */
	uint8_t key4[16] __rte_aligned(16);
};

static_assert(sizeof(struct bng_desc) == 64, "bng_desc must stay one cache line");
static_assert(offsetof(struct bng_desc, dport) == offsetof(struct bng_desc, sport) + 2,
	      "the parser copies both ports in one go");
static_assert(offsetof(struct bng_desc, key4) == 48, "bng_desc layout");

/** Private-area size every mbuf pool of the appliance must reserve. */
#define BNG_MBUF_PRIV_SIZE RTE_ALIGN(sizeof(struct bng_desc), RTE_MBUF_PRIV_ALIGN)

/** The descriptor of a packet. */
static inline struct bng_desc *
bng_desc(struct rte_mbuf *m)
{
	return (struct bng_desc *)rte_mbuf_to_priv(m);
}

#endif /* BNG_DESC_H */
