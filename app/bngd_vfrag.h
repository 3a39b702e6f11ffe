/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Fragments of translated flows (RFC 6888, RFC 4787 REQ-14): a NAT must
 * translate every fragment of a datagram, but only the first one carries
 * the ports its session is keyed on.
 *
 * Each datagram (source, destination, IP id, protocol, tenant) meets at one
 * worker, its rendezvous: the subscriber's own worker upstream, a hash of
 * the datagram's identity downstream (where the owner comes from the
 * destination port, which later fragments lack). There the first fragment
 * records its session key and owner; later fragments take that key and
 * follow it to the owner, where they find the first fragment's session and
 * are translated at the IP layer. Later fragments that arrive first are
 * held (a few per datagram) until their first fragment comes, or dropped
 * after ip.reassembly_timeout_ms. Fragments are not reassembled: they
 * leave as they came, in order behind their first fragment: through the
 * owner's handoff ring, or, at the owner itself, in the burst being
 * processed, right after it.
 */
#ifndef BNGD_VFRAG_H
#define BNGD_VFRAG_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "bng_desc.h"

struct bngd;
struct bngd_worker;
struct bngd_vfrag;

/** Tracking for @p flows datagrams at once, held for @p timeout_ms. NULL: ENOMEM. */
struct bngd_vfrag *bngd_vfrag_create(uint16_t worker, uint32_t flows, uint32_t timeout_ms,
				     int socket);
void bngd_vfrag_free(struct bngd_vfrag *v);

/**
 * Is this parsed IPv4 fragment one of a translated flow (from a NAT tenant,
 * or to a NAT external address)?
 */
int bngd_vfrag_wanted(const struct bngd *a, const struct bng_desc *d);

/** The worker where fragments of this datagram meet. */
uint16_t bngd_vfrag_rendezvous(const struct bngd *a, const struct rte_mbuf *m,
			       const struct bng_desc *d);

/** Packets a step leaves for this worker to process now, in order. */
struct bngd_vfrag_out {
	struct rte_mbuf **pkts;
	uint32_t n, max;  /**< when full, the rest go through this worker's ring */
};

/**
 * At the rendezvous: record, hold or pass on fragment @p m (keyed and
 * routed; d->owner set for a first fragment). The packet is consumed: held,
 * dropped, handed to its owner, or added to @p here when that is this
 * worker.
 */
void bngd_vfrag_step(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d,
		     uint32_t now_ms, struct bngd_vfrag_out *here);

/** Drop the held fragments of datagrams not completed in time (bounded work). */
void bngd_vfrag_poll(struct bngd_worker *w, uint32_t now_ms);

#endif /* BNGD_VFRAG_H */
