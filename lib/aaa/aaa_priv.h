/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * aaa internals shared by aaa.c (slots, rings, the RADIUS thread, the
 * caller's API) and aaa_radius.c (radcli: the handle built in memory, the
 * Access-Request and Accounting-Request of one slot, the answer's reading).
 * Only aaa_radius.c includes radcli.h.
 */
#ifndef AAA_PRIV_H
#define AAA_PRIV_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_ring.h>
#include <rte_version.h>

#if RTE_VERSION >= RTE_VERSION_NUM(23, 11, 0, 0)
#include <rte_thread.h>
#define AAA_THREAD_T rte_thread_t
#else
#include <pthread.h>
#define AAA_THREAD_T pthread_t
#endif

#include "aaa.h"

/* Requests a RADIUS thread takes off its ring at once; it still answers
 * them one by one, each handed back as soon as it is done. */
#define AAA_BURST 32

struct aaa;

/**
 * One RADIUS thread: its radcli handle (radcli's handles are not shared
 * between threads), its request ring (SP/SC: the caller to it) and the
 * eventfd that wakes it. radcli's rc_auth()/rc_acct() block for the whole
 * exchange, retries and failover included, so the threads are what lets
 * several exchanges be under way at once.
 */
struct aaa_thread {
	struct aaa *a;
	void *rc;                        /**< radcli's rc_handle */
	struct rte_ring *req_ring;       /**< caller -> this thread, SP/SC */
	int efd;                         /**< eventfd: "req_ring may have work" */
	AAA_THREAD_T thread;
	int started;
	int sleeping;                    /**< __atomic; in wait_work(), read by the caller */
} __rte_cache_aligned;

/**
 * One request and, once answered, its result. Ownership moves with the
 * slot's pointer: the caller fills a free slot and enqueues it on req_ring;
 * the RADIUS thread reads the request, writes res and enqueues it on
 * done_ring; aaa_poll() copies res out and pushes the slot back on the free
 * stack. The rings' enqueue and dequeue order those writes and reads.
 */
struct aaa_req {
	uint64_t tag;
	uint64_t submit_ns;               /**< CLOCK_MONOTONIC */
	uint8_t request;                 /**< enum aaa_request */
	uint8_t chap_id;
	char user[AAA_USER_MAX + 1];
	struct aaa_session sess;
	union {
		char password[AAA_PASS_MAX + 1];   /**< PAP; wiped once sent */
		struct {
			uint8_t challenge[AAA_CHAP_LEN];
			uint8_t response[AAA_CHAP_LEN];
		} chap;
		struct {
			char session_id[AAA_SESSION_ID_MAX + 1];
			uint32_t framed_ip;
			uint64_t in_octets, out_octets;
			uint32_t in_packets, out_packets;
			uint32_t session_time;
			uint32_t terminate_cause;
		} acct;
	} u;
	struct aaa_result res;
};

struct aaa {
	/* The caller's side: only the caller's thread touches these. */
	struct aaa_stats stats;
	uint32_t n_free;
	uint32_t *free_stack;            /**< indexes of free slots, n_free of them */
	int has_acct;                    /**< some server has an acct_port */
	struct aaa_local *local;         /**< local users; NULL: RADIUS */

	/* Shared, read-only after creation, or synchronised by the rings. */
	char name[AAA_NAME_MAX];
	struct aaa_config cfg;
	struct rte_ring *done_ring;      /**< RADIUS threads -> caller, MP/SC */
	struct aaa_req *slots;           /**< queue_size of them */
	int stop;                        /**< __atomic; set by aaa_free() */
	unsigned int n_threads;          /**< RADIUS threads; 0 with local users */
	struct aaa_thread th[AAA_MAX_THREADS];
};

/* --- aaa_local.c -------------------------------------------------------------- */

struct aaa_local;

/** Check a configuration of local users only (no server). @return 0 or -EINVAL. */
int aaa_local_check(const struct aaa_config *c);

/** Copy the users of a->cfg and index them by name. @return 0, -EINVAL (a
 * name twice), -ENOMEM. */
int aaa_local_open(struct aaa *a, int socket_id);

/** Free what aaa_local_open() made (the passwords wiped); none is a no-op. */
void aaa_local_close(struct aaa *a);

/** Answer the authentication request in slot @p r from the user list. */
void aaa_local_answer(struct aaa *a, struct aaa_req *r);

/* --- aaa_radius.c ------------------------------------------------------------- */

/**
 * Build a radcli handle for @p c without a configuration file: servers,
 * timeout, retries, dictionary. @return it, or NULL with *err set to a
 * negative errno (-ENOENT: dictionary unreadable; -EINVAL: radcli refused a
 * setting; -ENOMEM).
 */
void *aaa_radius_open(const struct aaa_config *c, int *err);

/** Destroy a handle from aaa_radius_open(); NULL is a no-op. */
void aaa_radius_close(void *rc);

/**
 * Run @p r's exchange to its end (blocking: the RADIUS thread only) and
 * fill r->res: kind, and the Access-Accept's attributes. Wipes the PAP
 * password.
 */
void aaa_radius_exchange(void *rc, const struct aaa_config *c, struct aaa_req *r);

#endif /* AAA_PRIV_H */
