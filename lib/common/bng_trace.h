/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Per-packet trace. A worker asked to trace N packets marks the next N it
 * receives (BNG_DF_TRACE) and gives each a record in its own trace buffer;
 * every stage the packet passes (parse, classification, lookup, each
 * service, L3, the final TX/drop/punt) appends an event. A packet handed to
 * another worker carries its record with it: only the worker holding the
 * packet writes the record, and the handoff ring orders those writes. When
 * tracing is off the cost is one predictable branch per stage.
 */
#ifndef BNG_TRACE_H
#define BNG_TRACE_H

#include <stdint.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_mbuf.h>

#include "bng_desc.h"

#define BNG_TRACE_RECORDS 256 /**< per worker */
#define BNG_TRACE_EVENTS  16  /**< per packet */
#define BNG_TRACE_HEAD    96  /**< bytes of the frame kept for display */

enum bng_trace_stage {
	BNG_TR_RX,       /**< a: port, b: queue */
	BNG_TR_PARSE,    /**< a: kind, b: drop reason (0: ok) */
	BNG_TR_PUNT,     /**< a: punt kind */
	BNG_TR_HANDOFF,  /**< a: from worker, b: to worker */
	BNG_TR_LOOKUP,   /**< a: 0 hit, 1 created, 2 miss not created; b: session index */
	BNG_TR_SERVICE,  /**< a: service bit, b: verdict */
	BNG_TR_L3,       /**< a: egress port, b: next hop */
	BNG_TR_TX,       /**< a: port, b: queue */
	BNG_TR_DROP,     /**< a: drop reason */
	BNG_TR_ICMP,     /**< the packet became an ICMP error: a: type, b: code */
	BNG_TR_LOCAL,    /**< for the appliance: a: 1 echo answered */
	BNG_TR_REASS,    /**< a: 0 held, 1 datagram complete */
};

struct bng_trace_event {
	uint8_t stage;
	uint8_t worker;
	uint16_t a;
	uint32_t b;
	uint64_t tsc;
};

struct bng_trace_rec {
	uint32_t seq;         /**< 1, 2, ... per worker; 0: unused */
	uint16_t len;         /**< frame length */
	uint8_t n_ev;
	volatile uint8_t done; /**< set last, when the packet has left */
	uint8_t head[BNG_TRACE_HEAD];
	struct bng_trace_event ev[BNG_TRACE_EVENTS];
};

struct bng_trace_buf {
	uint32_t left;        /**< packets still to trace (set through the request ring) */
	uint32_t seq;
	uint32_t next;        /**< next record slot (wraps) */
	struct bng_trace_rec rec[BNG_TRACE_RECORDS];
};

/** Begin tracing a received packet if the budget allows. */
static inline void
bng_trace_start(struct bng_trace_buf *tb, uint16_t worker, struct rte_mbuf *m,
		struct bng_desc *d)
{
	struct bng_trace_rec *r = &tb->rec[tb->next];
	uint32_t len = rte_pktmbuf_data_len(m);

	tb->left--;
	r->done = 0;
	r->seq = ++tb->seq;
	r->n_ev = 0;
	r->len = (uint16_t)rte_pktmbuf_pkt_len(m);
	memset(r->head, 0, sizeof(r->head));
	memcpy(r->head, rte_pktmbuf_mtod(m, void *), len < BNG_TRACE_HEAD ? len : BNG_TRACE_HEAD);
	d->trace_id = (uint32_t)worker << 16 | tb->next;
	d->flags |= BNG_DF_TRACE;
	if (++tb->next == BNG_TRACE_RECORDS)
		tb->next = 0;
}

/** Append an event to the packet's record (the packet must be traced). */
static inline void
bng_trace_event(struct bng_trace_buf *const *bufs, const struct bng_desc *d, uint8_t worker,
		enum bng_trace_stage st, uint16_t a, uint32_t b)
{
	struct bng_trace_rec *r = &bufs[d->trace_id >> 16]->rec[d->trace_id & 0xffff];
	struct bng_trace_event *e;

	if (r->n_ev == BNG_TRACE_EVENTS)
		return;
	e = &r->ev[r->n_ev++];
	e->stage = (uint8_t)st;
	e->worker = worker;
	e->a = a;
	e->b = b;
	e->tsc = rte_rdtsc();
}

/** The packet has left: its record may be shown. */
static inline void
bng_trace_done(struct bng_trace_buf *const *bufs, const struct bng_desc *d)
{
	struct bng_trace_rec *r = &bufs[d->trace_id >> 16]->rec[d->trace_id & 0xffff];

	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
}

#endif /* BNG_TRACE_H */
