/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * ARP for IPv4 over Ethernet (RFC 826) with RFC 5227's conflict rules:
 * requests for our addresses (or, on a proxy interface, for any host of the
 * connected subnets) are answered unicast to the asker with its VLAN tags;
 * senders on a connected subnet are merged into the neighbour table (updated
 * when known, added when they asked for us); replies resolve; gratuitous
 * ARP updates known neighbours only; a sender claiming our address is a
 * conflict, defended at most once per DEFEND_INTERVAL.
 */
#include <errno.h>
#include <string.h>

#include "vtap_priv.h"

#define ARP_HTYPE_ETHER 1
#define ARP_PTYPE_IPV4  0x0800
#define ARP_OP_REQUEST  1
#define ARP_OP_REPLY    2

/* Offsets in the 28-byte ARP packet */
#define ARP_SHA 8
#define ARP_SPA 14
#define ARP_THA 18
#define ARP_TPA 24

static const struct rte_ether_addr eth_bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };

static void
arp_put(uint8_t *p, uint16_t op, const struct rte_ether_addr *sha, const uint8_t *spa,
	const struct rte_ether_addr *tha, const uint8_t *tpa)
{
	bng_put16(p, ARP_HTYPE_ETHER);
	bng_put16(p + 2, ARP_PTYPE_IPV4);
	p[4] = 6;
	p[5] = 4;
	bng_put16(p + 6, op);
	memcpy(p + ARP_SHA, sha, 6);
	memcpy(p + ARP_SPA, spa, 4);
	if (tha != NULL)
		memcpy(p + ARP_THA, tha, 6);
	else
		memset(p + ARP_THA, 0, 6);
	memcpy(p + ARP_TPA, tpa, 4);
}

int
vtap_arp_request(struct vtap *v, const struct vtap_iface *ifp, const uint8_t *spa,
		 const uint8_t *tpa, const struct rte_ether_addr *dst, struct vtap_out *out)
{
	struct vtap_frame *f;
	uint16_t off;

	f = vtap_frame_start(out, ifp->cfg.port, dst != NULL ? dst : &eth_bcast, &ifp->cfg.mac,
			     &ifp->tags, VTAP_ETH_ARP, &off);
	if (f == NULL)
		return -ENOBUFS;
	/* RFC 5227 2.3 wants the target hardware address zero; so do unicast
	 * probes (RFC 1122 2.3.2.1), whose destination is in the Ethernet header. */
	arp_put(f->data + off, ARP_OP_REQUEST, &ifp->cfg.mac, spa, NULL, tpa);
	vtap_frame_end(out, f, (uint16_t)(off + VTAP_ARP_LEN));
	v->st.arp_requests_out++;
	return 0;
}

/* The answer goes to the asker's hardware address in the tags it came with,
 * so that QinQ subscribers get it on their own S-tag and C-tag. */
static void
arp_reply(struct vtap *v, const struct vtap_iface *ifp, const struct vtap_rx *rx,
	  const struct rte_ether_addr *sha, const uint8_t *spa, const uint8_t *tpa,
	  struct vtap_out *out)
{
	struct vtap_frame *f;
	uint16_t off;

	f = vtap_frame_start(out, rx->port, sha, &ifp->cfg.mac, &rx->tags, VTAP_ETH_ARP, &off);
	if (f == NULL) /* vtap_input() checked for room: cannot happen */
		return;
	arp_put(f->data + off, ARP_OP_REPLY, &ifp->cfg.mac, tpa, sha, spa);
	vtap_frame_end(out, f, (uint16_t)(off + VTAP_ARP_LEN));
	v->st.arp_replies_out++;
}

/* RFC 5227 2.4: report the conflict; defend with one announcement unless one
 * went out within DEFEND_INTERVAL (two hosts must not defend in a loop). */
static enum vtap_reason
arp_conflict(struct vtap *v, struct vtap_iface *ifp, const struct vtap_rx *rx,
	     const struct rte_ether_addr *sha, const uint8_t *spa, struct vtap_out *out)
{
	vtap_event_put(out, VTAP_EV_CONFLICT, rx->port, rx->ifx, sha, 0, spa);
	if (!ifp->defended || rx->now - ifp->defend_ms >= VTAP_DEFEND_INTERVAL_MS) {
		if (vtap_arp_request(v, ifp, spa, spa, NULL, out) == 0) {
			ifp->defended = 1;
			ifp->defend_ms = rx->now;
			v->st.conflicts_defended++;
		}
	}
	return VTAP_R_ADDR_CONFLICT;
}

static int
ip4_is_zero(const uint8_t *a)
{
	return (a[0] | a[1] | a[2] | a[3]) == 0;
}

enum vtap_reason
vtap_arp_input(struct vtap *v, const struct vtap_rx *rx, struct vtap_out *out)
{
	struct vtap_iface *ifp = &v->ifs[rx->ifx];
	const uint8_t *a = rx->l3;
	const uint8_t *spa = a + ARP_SPA, *tpa = a + ARP_TPA;
	struct rte_ether_addr sha;
	int probe, for_us, proxy = 0, rc;
	uint16_t op;

	if (rx->l3_len < VTAP_ARP_LEN)
		return VTAP_R_ARP_TRUNC;
	if (bng_get16(a) != ARP_HTYPE_ETHER)
		return VTAP_R_ARP_BAD_HTYPE;
	if (bng_get16(a + 2) != ARP_PTYPE_IPV4)
		return VTAP_R_ARP_BAD_PTYPE;
	if (a[4] != 6 || a[5] != 4)
		return VTAP_R_ARP_BAD_LEN;
	op = bng_get16(a + 6);
	if (op != ARP_OP_REQUEST && op != ARP_OP_REPLY)
		return VTAP_R_ARP_BAD_OP;
	if (op == ARP_OP_REQUEST)
		v->st.arp_requests_in++;
	else
		v->st.arp_replies_in++;
	memcpy(&sha, a + ARP_SHA, 6);
	if (rte_is_multicast_ether_addr(&sha) || rte_is_zero_ether_addr(&sha))
		return VTAP_R_ARP_BAD_SENDER_MAC;
	if (rte_is_same_ether_addr(&sha, &ifp->cfg.mac))
		return VTAP_R_OWN_MAC;
	if (vtap_if_is_ours(ifp, 0, spa))
		return arp_conflict(v, ifp, rx, &sha, spa, out);
	/* An RFC 5227 probe (sender 0.0.0.0) asks whether an address is free:
	 * answer it if the address is ours, never learn from it. */
	probe = op == ARP_OP_REQUEST && ip4_is_zero(spa);
	if (!probe && vtap_ip4_bad_host(spa))
		return VTAP_R_ARP_BAD_SENDER_IP;

	if (!probe && memcmp(spa, tpa, 4) == 0) {
		/* Gratuitous: a host announcing itself. Creating entries from
		 * it would let anyone fill the table, so update known ones only. */
		v->st.garp_in++;
		rc = vtap_neigh_update(v, rx->ifx, 0, spa, &sha, 0, 0, 1, rx->now, out);
		return rc == -ENOENT ? VTAP_R_GARP_UNKNOWN : VTAP_R_OK;
	}

	if (op == ARP_OP_REQUEST)
		for_us = vtap_if_answers(ifp, 0, tpa, &proxy);
	else
		for_us = vtap_if_is_ours(ifp, 0, tpa);

	/* RFC 826's merge: update the sender if known, whatever it asked;
	 * add it when it talks to us. A reply confirms reachability. */
	rc = -ENOENT;
	if (!probe && vtap_if_on_link(ifp, 0, spa))
		rc = vtap_neigh_update(v, rx->ifx, 0, spa, &sha, for_us, op == ARP_OP_REPLY, 1,
				       rx->now, out);
	else if (op == ARP_OP_REPLY)
		return VTAP_R_ARP_NOT_ON_LINK;

	if (op == ARP_OP_REPLY)
		return (rc == -ENOENT && !for_us) ? VTAP_R_ARP_NOT_FOR_US : VTAP_R_OK;
	if (!for_us)
		return VTAP_R_ARP_NOT_FOR_US;
	arp_reply(v, ifp, rx, &sha, spa, tpa, out);
	return VTAP_R_OK;
}
