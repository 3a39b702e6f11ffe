/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * TCP header edits the appliance makes in passing. MSS clamping: a SYN's
 * Maximum Segment Size option (RFC 9293 3.7.1) lowered so that the
 * segments the peer sends fit a path narrower than its own link (a PPPoE
 * session's MRU, a tunnel), the checksum patched incrementally (RFC 1624).
 */
#ifndef BNG_TCP_H
#define BNG_TCP_H

#include <stdint.h>

#include <rte_tcp.h>

/** Option kinds (RFC 9293 3.2). */
#define BNG_TCPOPT_EOL 0
#define BNG_TCPOPT_NOP 1
#define BNG_TCPOPT_MSS 2

/** IPv4 and TCP headers without options: an MSS is the MTU less this. */
#define BNG_TCP_MSS_OVERHEAD4 40
/** IPv6 and TCP headers without extension headers or options. */
#define BNG_TCP_MSS_OVERHEAD6 60

/**
 * Lower the MSS option of a TCP SYN (or SYN-ACK) to @p mss when it is
 * larger, and patch the TCP checksum incrementally. The options are walked
 * once, bounded by the data offset (at most 40 bytes, each step moving on),
 * and checked whole before anything is written: a packet whose options are
 * malformed is left as it is. A SYN without an MSS option gets none. Only
 * the TCP header is touched, so the same call serves IPv4 and IPv6.
 *
 * @param th   the TCP header, its options following it contiguously
 * @param len  bytes readable from @p th (at least its data offset)
 * @param mss  the largest MSS to let through, host order, > 0
 * @return 1 when the option was lowered; 0 when nothing had to change (not
 *         a SYN, no MSS option, or one no larger than @p mss); -EINVAL
 *         when the header or its options are malformed or truncated, or
 *         @p mss is 0 (nothing written).
 */
int bng_tcp_mss_clamp(struct rte_tcp_hdr *th, uint32_t len, uint16_t mss);

#endif /* BNG_TCP_H */
