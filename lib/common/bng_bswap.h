/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Byte swaps for the packet path. DPDK's rte_be_to_cpu_*() use volatile
 * inline assembly on x86, which the compiler may not move or merge; the
 * builtins compile to the same instruction without that barrier.
 */
#ifndef BNG_BSWAP_H
#define BNG_BSWAP_H

#include <stdint.h>

#include <rte_byteorder.h>

static inline uint16_t
bng_ntohs(uint16_t x)
{
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
	return __builtin_bswap16(x);
#else
	return x;
#endif
}

static inline uint32_t
bng_ntohl(uint32_t x)
{
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
	return __builtin_bswap32(x);
#else
	return x;
#endif
}

#endif /* BNG_BSWAP_H */
