/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * DHCP relay agent rewriting (RFC 1542, RFC 2131 4.1, RFC 3046): a
 * client's message goes to the server with giaddr set, hops counted and
 * the relay agent information option (82) added; the server's reply comes
 * back to the client without it. Both copy the message, rebuilding the
 * options field; the input was parsed (dhcp_msg_parse()) before, so every
 * option length is known to be inside it.
 */
#include <errno.h>
#include <string.h>

#include <rte_common.h>

#include "dhcp.h"

#define OFF_HOPS   3
#define OFF_GIADDR 24
#define MAX_HOPS   16   /* RFC 1542 4.1.1: discard beyond a configurable limit */

/*
 * Copy @p in's options (from DHCP_MIN_LEN up to END, option 82 left out
 * when @p drop82) to @p out at @p o, the caller's cap @p cap. @return the
 * offset after them, or -ENOSPC.
 */
static int
copy_options(const uint8_t *in, size_t len, int drop82, uint8_t *out, size_t o, size_t cap)
{
	size_t i = DHCP_MIN_LEN;

	while (i < len && in[i] != DHCP_OPT_END) {
		size_t n;

		if (in[i] == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		n = 2u + in[i + 1];
		if (!(drop82 && in[i] == DHCP_OPT_AGENT_INFO)) {
			if (o + n > cap)
				return -ENOSPC;
			memcpy(out + o, in + i, n);
			o += n;
		}
		i += n;
	}
	return (int)o;
}

int
dhcp_relay_to_server(const uint8_t *in, size_t len, const struct dhcp_msg *m, uint32_t giaddr,
		     const uint8_t *circuit, uint8_t circuit_len, const uint8_t *remote,
		     uint8_t remote_len, uint8_t *out, size_t cap)
{
	size_t o;
	int r;

	if (len < DHCP_MIN_LEN || cap < DHCP_BOOTP_MIN || m->overload)
		return -EINVAL;
	if (m->hops >= MAX_HOPS)
		return -ELOOP;
	memcpy(out, in, DHCP_MIN_LEN);
	out[OFF_HOPS] = (uint8_t)(m->hops + 1);
	/* A relay closer to the client already set giaddr (and its option 82):
	 * both stay as they are (RFC 3046 2.1: no second option 82). */
	if (m->giaddr == 0)
		memcpy(out + OFF_GIADDR, &giaddr, 4);
	r = copy_options(in, len, 0, out, DHCP_MIN_LEN, cap);
	if (r < 0)
		return r;
	o = (size_t)r;
	if (m->giaddr == 0 && !m->has_agent && (circuit_len || remote_len)) {
		size_t n = (circuit_len ? 2u + circuit_len : 0) + (remote_len ? 2u + remote_len : 0);

		if (n > 255 || o + 2 + n + 1 > cap)
			return -ENOSPC;
		out[o++] = DHCP_OPT_AGENT_INFO;
		out[o++] = (uint8_t)n;
		if (circuit_len) {
			out[o++] = DHCP_AGENT_CIRCUIT_ID;
			out[o++] = circuit_len;
			memcpy(out + o, circuit, circuit_len);
			o += circuit_len;
		}
		if (remote_len) {
			out[o++] = DHCP_AGENT_REMOTE_ID;
			out[o++] = remote_len;
			memcpy(out + o, remote, remote_len);
			o += remote_len;
		}
	}
	if (o + 1 > cap)
		return -ENOSPC;
	out[o++] = DHCP_OPT_END;
	/* BOOTP's minimum size (RFC 1542 2.1): pad with zeros. */
	if (o < DHCP_BOOTP_MIN) {
		memset(out + o, 0, DHCP_BOOTP_MIN - o);
		o = DHCP_BOOTP_MIN;
	}
	return (int)o;
}

int
dhcp_relay_to_client(const uint8_t *in, size_t len, const struct dhcp_msg *m, uint8_t *out,
		     size_t cap)
{
	size_t o;
	int r;

	if (len < DHCP_MIN_LEN || cap < DHCP_BOOTP_MIN || m->overload)
		return -EINVAL;
	memcpy(out, in, DHCP_MIN_LEN);
	/* RFC 3046 2.2: the agent removes its option before the client sees it. */
	r = copy_options(in, len, 1, out, DHCP_MIN_LEN, cap);
	if (r < 0)
		return r;
	o = (size_t)r;
	if (o + 1 > cap)
		return -ENOSPC;
	out[o++] = DHCP_OPT_END;
	if (o < DHCP_BOOTP_MIN) {
		memset(out + o, 0, DHCP_BOOTP_MIN - o);
		o = DHCP_BOOTP_MIN;
	}
	return (int)o;
}
