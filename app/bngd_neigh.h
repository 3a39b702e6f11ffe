/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The L2/L3 edge on the management lcore: lib/vtap answers ARP and neighbour
 * solicitations for the appliance's addresses and resolves next hops; this
 * glue feeds it the punted frames, sends what it builds through a worker's
 * inject ring, writes what it learns into the FIB (gateways' MACs, /32s of
 * connected hosts) and gives back the packets it held, to be received again.
 */
#ifndef BNGD_NEIGH_H
#define BNGD_NEIGH_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "bngd.h"

struct bngd_neigh;

/** Create the engine and its interfaces (one per port), announce the addresses,
 * start resolving unresolved gateways. @return 0 or -1 (message printed). */
int bngd_neigh_setup(struct bngd *app);

void bngd_neigh_free(struct bngd *app);

/** A punted ARP or ND frame (consumed). */
void bngd_neigh_input(struct bngd *app, struct rte_mbuf *m, uint32_t now_ms);

/** A packet whose next hop has no MAC yet: held while it resolves (consumed). */
void bngd_neigh_hold(struct bngd *app, struct rte_mbuf *m, uint32_t now_ms);

/** Timers: retransmissions, ageing, router advertisements; FIB reclamation. */
void bngd_neigh_poll(struct bngd *app, uint32_t now_ms);

/**
 * Send frame @p data of @p len bytes out of DPDK port @p port through a
 * worker's inject ring. @return 0, or -1 (no mbuf, ring full: counted).
 */
int bngd_mgmt_send(struct bngd *app, uint16_t port, const void *data, uint16_t len);

/**
 * Send a UDP datagram out of @p port to @p dmac, behind @p tags_len bytes of
 * VLAN tags (copied as they are, EtherType of each included), checksummed.
 * @return 0, -EINVAL, or -1 when it could not be queued (counted).
 */
int bngd_mgmt_udp4(struct bngd *app, uint16_t port, const struct rte_ether_addr *dmac,
		   const uint8_t *tags, uint16_t tags_len, uint32_t src, uint32_t dst, uint16_t sport,
		   uint16_t dport, const uint8_t *payload, uint16_t len);

/**
 * The same, routed in @p vrf: -ENETUNREACH without a route, -EHOSTUNREACH
 * while the next hop resolves (resolution started).
 */
int bngd_mgmt_udp4_route(struct bngd *app, uint32_t vrf, uint32_t src, uint32_t dst,
			 uint16_t sport, uint16_t dport, const uint8_t *payload, uint16_t len);

/**
 * The next hop towards @p dst (IPv4) in @p vrf, resolution started when it
 * has no MAC yet. @return its index, -ENETUNREACH, -EHOSTUNREACH (resolving).
 */
int bngd_neigh_want4(struct bngd *app, uint32_t vrf, uint32_t dst);

/** Hand packet @p m to a worker to be received again on port m->port. */
void bngd_mgmt_rx_again(struct bngd *app, struct rte_mbuf *m);

struct vtap;
struct vtap_ip;

/** Forget learned neighbour @p ip of @p port (its /32 goes). @return 0 or -ENOENT. */
int bngd_neigh_forget(struct bngd *app, uint16_t port, const struct vtap_ip *ip);

/** The engine, for the console; NULL before setup. */
const struct vtap *bngd_neigh_vtap(const struct bngd *app);

/** The VRF of DPDK port @p port (its tenant's). */
uint32_t bngd_port_vrf(const struct bngd *app, uint16_t port);

#endif /* BNGD_NEIGH_H */
