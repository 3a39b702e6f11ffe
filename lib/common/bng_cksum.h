/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Incremental Internet checksum updates (RFC 1624, eqn. 3): a field change
 * costs a few adds instead of a pass over the header.
 */
#ifndef BNG_CKSUM_H
#define BNG_CKSUM_H

#include <stdint.h>

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

#endif /* BNG_CKSUM_H */
