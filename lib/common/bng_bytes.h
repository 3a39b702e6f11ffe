/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Big-endian fields of protocol messages, byte by byte: no alignment
 * assumed (options and tags sit at any offset).
 */
#ifndef BNG_BYTES_H
#define BNG_BYTES_H

#include <stdint.h>

static inline void
bng_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
bng_put32(uint8_t *p, uint32_t v)
{
	bng_put16(p, (uint16_t)(v >> 16));
	bng_put16(p + 2, (uint16_t)v);
}

static inline uint16_t
bng_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
bng_get32(const uint8_t *p)
{
	return (uint32_t)bng_get16(p) << 16 | bng_get16(p + 2);
}

#endif /* BNG_BYTES_H */
