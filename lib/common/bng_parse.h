/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The one-pass packet parser: Ethernet, 802.1Q/QinQ, PPPoE discovery and
 * session, ARP, IPv4 (options, fragments), IPv6 (extension header chain),
 * TCP/UDP/ICMP/ICMPv6 ports and identifiers, and the header quoted inside
 * ICMP errors. It validates as it goes and names the first inconsistency.
 */
#ifndef BNG_PARSE_H
#define BNG_PARSE_H

#include <rte_mbuf.h>

#include "bng_desc.h"
#include "bng_drop.h"

/** PPP protocol numbers carried in PPPoE session frames. */
#define BNG_PPP_IPV4 0x0021
#define BNG_PPP_IPV6 0x0057

/**
 * Parse a frame into its descriptor.
 *
 * Fills every field of @p d except port, role, tenant, owner and the
 * session/next-hop fields, which belong to later stages.
 *
 * @param m  the frame (headers must be in the first segment)
 * @param d  the descriptor to fill
 * @return BNG_DROP_NONE when the packet may go on, otherwise the reason it
 *         must be dropped (also stored in d->drop).
 */
enum bng_drop bng_parse(struct rte_mbuf *m, struct bng_desc *d);

#endif /* BNG_PARSE_H */
