/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Incremental Internet checksum updates (RFC 1624, eqn. 3): a field change
 * costs a few adds instead of a pass over the header.
 */
#ifndef BNG_CKSUM_H
#define BNG_CKSUM_H

#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>

#include "bng_bswap.h"

/**
 * Checksum after a 16-bit field changed from @p old to @p new.
 * All values in network order.
 */
static inline uint16_t
bng_cksum_update16(uint16_t cksum, uint16_t old, uint16_t new)
{
	uint32_t s = (uint16_t)~cksum + (uint32_t)(uint16_t)~old + new;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/** Checksum after a 32-bit field (an address) changed. Network order. */
static inline uint16_t
bng_cksum_update32(uint16_t cksum, uint32_t old, uint32_t new)
{
	uint32_t s = (uint16_t)~cksum;

	s += (uint16_t)~(old >> 16) + (uint16_t)~(old & 0xffff);
	s += (new >> 16) + (new & 0xffff);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/**
 * Is an IPv4 header's checksum correct? Options fall back to rte_raw_cksum.
 *
 * The 20-byte header (the common case) is summed as five 32-bit words,
 * without folding: as 2^16 = 1 modulo 0xffff, that sum S is congruent to
 * the sum of the header's 16-bit words, and the one's complement sum is
 * all ones (RFC 1071) exactly when S is a non-zero multiple of 0xffff. A
 * remainder by a constant is a multiply and a shift, cheaper than the
 * four folds it replaces.
 */
static inline int
bng_ip4_cksum_ok(const void *hdr, uint32_t ihl)
{
	const uint8_t *p = hdr;
	uint64_t a, b, s;
	uint32_t c;

	if (ihl != 20)
		return rte_raw_cksum(hdr, ihl) == 0xffff;
	/* Loads straight from the packet: a copy to the stack first would make
	 * the narrower reloads wait for the wide store. */
	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 8);
	memcpy(&c, p + 16, 4);
	s = (a & 0xffffffff) + (a >> 32) + (b & 0xffffffff) + (b >> 32) + c;
	return s != 0 && s % 0xffff == 0;
}

/**
 * Decrement an IPv4 TTL and patch the checksum. RFC 1624 eqn. 3 with
 * m' = m - 0x0100 (TTL is the high byte of its word) reduces to
 * HC' = ~(~HC + 0xfeff); unlike RFC 1141's shortcut it never yields 0xffff
 * where a full recomputation gives 0x0000.
 */
static inline void
bng_ip4_ttl_dec(struct rte_ipv4_hdr *ip)
{
	uint32_t s = (uint16_t)~bng_ntohs(ip->hdr_checksum) + 0xfeffu;

	s = (s & 0xffff) + (s >> 16);
	ip->time_to_live--;
	ip->hdr_checksum = bng_ntohs((uint16_t)~s);
}

#endif /* BNG_CKSUM_H */
