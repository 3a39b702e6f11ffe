/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * TCP MSS clamping (bng_tcp.h): out of line, since only SYNs get here.
 */
#include <errno.h>

#include <rte_byteorder.h>

#include "bng_bytes.h"
#include "bng_cksum.h"
#include "bng_tcp.h"

int
bng_tcp_mss_clamp(struct rte_tcp_hdr *th, uint32_t len, uint16_t mss)
{
	uint8_t *t = (uint8_t *)th;
	uint32_t doff, at = 0, i = sizeof(*th);
	uint16_t old, o, n;

	if (t == NULL || mss == 0 || len < sizeof(*th))
		return -EINVAL;
	doff = (t[12] >> 4) * 4u;
	if (doff < sizeof(*th) || doff > len)
		return -EINVAL;
	if (!(t[13] & RTE_TCP_SYN_FLAG))
		return 0;
	/* Every step advances i by at least one byte: at most 40 steps. The
	 * whole list is checked before the MSS is rewritten, so a malformed
	 * one is never half edited. */
	while (i < doff) {
		uint8_t kind = t[i], olen;

		if (kind == BNG_TCPOPT_EOL)
			break;
		if (kind == BNG_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= doff)
			return -EINVAL;
		olen = t[i + 1];
		if (olen < 2 || i + olen > doff)
			return -EINVAL;
		if (kind == BNG_TCPOPT_MSS) {
			if (olen != 4)
				return -EINVAL;
			if (at == 0)
				at = i + 2;   /* the value; a repeated option is left alone */
		}
		i += olen;
	}
	if (at == 0)
		return 0;
	old = bng_get16(t + at);
	if (old <= mss)
		return 0;
	bng_put16(t + at, mss);
	/* The checksum sums 16-bit words from the header's start. A value at
	 * an odd offset (after a single NOP) straddles two of them: its bytes
	 * count swapped, so the update takes them swapped (RFC 1071 2(B)). */
	o = old;
	n = mss;
	if (at & 1) {
		o = rte_bswap16(o);
		n = rte_bswap16(n);
	}
	bng_put16(t + 16, bng_cksum_update16(bng_get16(t + 16), o, n));
	return 1;
}
