/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The router's own ICMP: errors about packets it refuses (time exceeded,
 * destination unreachable, fragmentation needed, packet too big) and echo
 * replies for its own addresses. Both are built in place in the refused or
 * requesting packet's mbuf, so answering costs no allocation; the caller
 * routes and sends the result like any other packet.
 */
#ifndef FIB_ICMP_H
#define FIB_ICMP_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "bng_desc.h"

/* ICMP (RFC 792) and ICMPv6 (RFC 4443) types and codes the router sends. */
#define FIB_ICMP4_UNREACH        3
#define FIB_ICMP4_UNREACH_NET    0
#define FIB_ICMP4_UNREACH_HOST   1
#define FIB_ICMP4_UNREACH_FRAG   4  /**< fragmentation needed and DF set (RFC 1191) */
#define FIB_ICMP4_UNREACH_ADMIN  13 /**< communication administratively prohibited (RFC 1812) */
#define FIB_ICMP4_TIME_EXCEEDED  11
#define FIB_ICMP6_UNREACH        1
#define FIB_ICMP6_UNREACH_NOROUTE 0
#define FIB_ICMP6_UNREACH_ADMIN  1
#define FIB_ICMP6_UNREACH_ADDR   3
#define FIB_ICMP6_TOO_BIG        2
#define FIB_ICMP6_TIME_EXCEEDED  3

/** Largest ICMP error the router sends: RFC 1812 4.3.2.3 and RFC 4443 2.4(c). */
#define FIB_ICMP4_ERR_MAX 576
#define FIB_ICMP6_ERR_MAX 1280

/**
 * May the router send an ICMP error about this packet? Not about an ICMP
 * error, a non-first fragment, a frame sent to a link-layer broadcast or
 * multicast address, or a packet whose source is not a unicast host (RFC
 * 1812 4.3.2.7, RFC 4443 2.4(e)). Sources that are only known to be
 * broadcasts or the appliance's own through the FIB are the caller's to
 * check.
 */
int fib_icmp_error_allowed(const struct rte_mbuf *m, const struct bng_desc *d);

/**
 * Turn a refused packet into an ICMP or ICMPv6 error to its sender.
 *
 * The original IP datagram (as received) is quoted, as much as fits in
 * FIB_ICMP4_ERR_MAX / FIB_ICMP6_ERR_MAX. On return the frame holds room
 * for an Ethernet header followed by the new IP packet; the descriptor is
 * updated (l3_off 14, l4_off, l3_len, ip_proto, flags).
 *
 * @param src    the error's source address (4 or 16 bytes, network order)
 * @param info   next-hop MTU for fragmentation needed / packet too big, else 0
 * @param ip_id  IPv4 identification of the error
 * @return 0, or -EINVAL (not allowed, see fib_icmp_error_allowed()), -ENOSPC
 *         (no headroom).
 */
int fib_icmp_error(struct rte_mbuf *m, struct bng_desc *d, const uint8_t *src, uint8_t type,
		   uint8_t code, uint32_t info, uint16_t ip_id);

/**
 * Turn an ICMP/ICMPv6 echo request for one of the router's addresses into
 * its reply: addresses swapped, TTL / hop limit 64, checksums updated.
 * @return 0, or -EINVAL when the packet is not an unfragmented echo request.
 */
int fib_icmp_echo_reply(struct rte_mbuf *m, struct bng_desc *d);

#endif /* FIB_ICMP_H */
