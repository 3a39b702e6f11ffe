/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Session queries: how the management lcore lists, counts and clears the
 * sessions of a worker without touching its table. The management lcore
 * fills a struct sess_query and hands it to the owning worker (the
 * application's request ring); the worker advances it with
 * sess_query_step() a bounded number of entries per loop iteration, copying
 * matches into the query's own buffer or deleting them, and flags it done.
 */
#ifndef SESS_QUERY_H
#define SESS_QUERY_H

#include <stdint.h>

#include "sess.h"

#define SESS_FILTER_TENANT 0x01
#define SESS_FILTER_ADDR   0x02
#define SESS_FILTER_PORT   0x04
#define SESS_FILTER_PROTO  0x08
#define SESS_FILTER_SERVICES 0x10

/** Which sessions a query covers; an empty mask matches all. */
struct sess_filter {
	uint32_t mask;
	uint16_t tenant;
	uint16_t port;      /**< network order; either endpoint */
	uint8_t proto;
	uint8_t v6;         /**< family of addr */
	uint8_t addr[16];   /**< either endpoint; IPv4 in the first 4 bytes */
	uint16_t services;  /**< sessions running any of these services (chain bits) */
};

enum sess_query_op {
	SESS_Q_LIST,    /**< copy matches into out[] (up to max_out), count all */
	SESS_Q_CLEAR,   /**< delete matches */
	SESS_Q_SUMMARY, /**< count by family, protocol and timeout class */
};

/** One session as copied out of a worker's table. */
struct sess_snap {
	union sess_key key;
	struct sess_entry e;
	uint32_t idx;
	uint32_t idle_ms;
	uint8_t v6;
};

struct sess_query {
	enum sess_query_op op;
	struct sess_filter f;
	uint32_t cursor;             /**< next entry to examine */
	uint32_t max_out;
	uint32_t n_out;
	struct sess_snap *out;       /**< max_out entries, owned by the caller */
	uint64_t matched;
	uint64_t cleared;
	uint64_t v4, v6;
	uint64_t by_proto[4];        /**< tcp, udp, icmp, other */
	uint64_t by_tclass[SESS_TC_MAX];
	uint32_t count, max;         /**< table fill when the query finished */
};

/**
 * Advance a query by at most @p budget entries.
 * @return 1 when the whole table has been examined, 0 when more remains.
 */
int sess_query_step(struct sess_table *t, struct sess_query *q, uint32_t budget, uint32_t now_ms);

/** Does a session match a filter? */
int sess_filter_match(const struct sess_table *t, const struct sess_entry *s,
		      const union sess_key *k, const struct sess_filter *f);

#endif /* SESS_QUERY_H */
