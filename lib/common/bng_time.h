/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * A coarse millisecond clock derived from the TSC, cheap enough to read once
 * per burst. Session timestamps are 32-bit milliseconds: they wrap after 49
 * days, and comparisons use serial arithmetic, which is safe because the
 * expiry sweep visits every session far more often than every 24 days.
 */
#ifndef BNG_TIME_H
#define BNG_TIME_H

#include <stdint.h>

#include <rte_cycles.h>

struct bng_clock {
	uint64_t tsc_per_ms;
	uint64_t tsc_base;
};

static inline void
bng_clock_init(struct bng_clock *c)
{
	c->tsc_per_ms = rte_get_tsc_hz() / 1000;
	if (c->tsc_per_ms == 0)
		c->tsc_per_ms = 1;
	c->tsc_base = rte_rdtsc();
}

/** Milliseconds since bng_clock_init(), truncated to 32 bits. */
static inline uint32_t
bng_clock_ms(const struct bng_clock *c, uint64_t tsc)
{
	return (uint32_t)((tsc - c->tsc_base) / c->tsc_per_ms);
}

/** Serial comparison: has @p deadline passed at @p now? */
static inline int
bng_time_after(uint32_t now, uint32_t deadline)
{
	return (int32_t)(now - deadline) >= 0;
}

#endif /* BNG_TIME_H */
