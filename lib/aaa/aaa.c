/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * aaa lifecycle and plumbing: configuration checks, creation (slots, the
 * done ring, and per RADIUS thread its radcli handle, request ring and
 * eventfd), the caller's submissions and aaa_poll(), and the RADIUS
 * threads' loop. The
 * RADIUS exchanges themselves are in aaa_radius.c, the local users'
 * answers in aaa_local.c.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "aaa_priv.h"
#include "bng_stats.h"

BNG_STAT_STRINGS(AAA_FOREACH_STAT, aaa_stat_name, aaa_stat_help)

BNG_ENUM_STRINGS(AAA_FOREACH_RESULT, aaa_result_name, aaa_result_help)

void
aaa_config_defaults(struct aaa_config *c)
{
	memset(c, 0, sizeof(*c));
	c->timeout_ms = 3000;
	c->retries = 3;
	snprintf(c->nas_identifier, sizeof(c->nas_identifier), "bng");
	c->nas_port_type = AAA_PORT_TYPE_VIRTUAL;
	c->queue_size = 1024;
	c->threads = 4;
	snprintf(c->dictionary, sizeof(c->dictionary), "/etc/radcli/dictionary");
}

static int
terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

/* radcli parses its server list "host:port:secret,host:port:secret" with
 * strtok on ", \t": none of those may appear in a host or a secret, nor
 * brackets in a host (we add them around IPv6 literals). */
static int
server_string_ok(const char *s, size_t cap, const char *forbidden)
{
	return terminated(s, cap) && s[0] != '\0' && strpbrk(s, forbidden) == NULL;
}

static int
config_check(const struct aaa_config *c)
{
	if (c->n_servers > AAA_MAX_SERVERS)
		return -EINVAL;
	if (c->n_servers == 0)
		return aaa_local_check(c);
	for (unsigned int i = 0; i < c->n_servers; i++) {
		const struct aaa_server *s = &c->servers[i];

		if (!server_string_ok(s->host, sizeof(s->host), ", \t[]") ||
		    !server_string_ok(s->secret, sizeof(s->secret), ", \t") || s->auth_port == 0)
			return -EINVAL;
	}
	/* radcli looks a server's secret up by name, comparing only the
	 * length of the name looked for, and takes the first match: a host
	 * equal to or a prefix of another's would get that one's secret. */
	for (unsigned int i = 0; i < c->n_servers; i++)
		for (unsigned int j = 0; j < c->n_servers; j++) {
			const struct aaa_server *x = &c->servers[i], *y = &c->servers[j];

			if (i != j && strncmp(x->host, y->host, strlen(x->host)) == 0 &&
			    strcmp(x->secret, y->secret) != 0)
				return -EINVAL;
		}
	if (c->timeout_ms == 0 || c->timeout_ms > 60000 || c->retries == 0 || c->retries > 10)
		return -EINVAL;
	if (!terminated(c->nas_identifier, sizeof(c->nas_identifier)) ||
	    (c->nas_port_type != AAA_PORT_TYPE_VIRTUAL &&
	     c->nas_port_type != AAA_PORT_TYPE_ETHERNET))
		return -EINVAL;
	if (c->queue_size == 0 || c->queue_size > AAA_QUEUE_MAX ||
	    (c->queue_size & (c->queue_size - 1)) != 0)
		return -EINVAL;
	if (!terminated(c->dictionary, sizeof(c->dictionary)) || c->dictionary[0] == '\0')
		return -EINVAL;
	if (c->threads == 0 || c->threads > AAA_MAX_THREADS)
		return -EINVAL;
	return 0;
}

static uint64_t
now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* --- The RADIUS threads -------------------------------------------------------- */

/* Sleep until a submission writes the eventfd (or aaa_free() does).
 * Dekker-style with slot_submit(): we publish "sleeping" then look at the
 * ring, the caller publishes its request then looks at "sleeping", each
 * with a full fence between, so at least one of us sees the other: either
 * we find the request, or the caller writes the eventfd and poll() returns.
 * The caller thus pays for the write (a syscall) only when we sleep. */
static void
wait_work(struct aaa_thread *t)
{
	struct pollfd p = { .fd = t->efd, .events = POLLIN };
	uint64_t v;

	__atomic_store_n(&t->sleeping, 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (rte_ring_count(t->req_ring) == 0 && !__atomic_load_n(&t->a->stop, __ATOMIC_ACQUIRE) &&
	    poll(&p, 1, -1) > 0) {
		ssize_t n = read(t->efd, &v, sizeof(v));

		RTE_SET_USED(n);
	}
	__atomic_store_n(&t->sleeping, 0, __ATOMIC_RELAXED);
}

static void
thread_run(struct aaa_thread *t)
{
	struct aaa *a = t->a;
	void *burst[AAA_BURST];

	while (!__atomic_load_n(&a->stop, __ATOMIC_ACQUIRE)) {
		unsigned int n = rte_ring_sc_dequeue_burst(t->req_ring, burst, AAA_BURST, NULL);

		if (n == 0) {
			wait_work(t);
			continue;
		}
		for (unsigned int i = 0; i < n; i++) {
			struct aaa_req *r = burst[i];
			uint64_t us;

			/* Stopping: the rest are dropped with the slots. */
			if (__atomic_load_n(&a->stop, __ATOMIC_ACQUIRE))
				return;
			aaa_radius_exchange(t->rc, &a->cfg, r);
			us = (now_ns() - r->submit_ns) / 1000u;
			r->res.latency_us = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
			/* Cannot fail: the ring holds every slot. */
			rte_ring_mp_enqueue(a->done_ring, r);
		}
	}
}

#if RTE_VERSION >= RTE_VERSION_NUM(23, 11, 0, 0)
static uint32_t
thread_main(void *arg)
{
	thread_run(arg);
	return 0;
}
#else
static void *
thread_main(void *arg)
{
	thread_run(arg);
	return NULL;
}
#endif

/* A control thread: its affinity is the CPUs EAL leaves to the system, so
 * a RADIUS exchange never takes time from an lcore. */
static int
thread_start(struct aaa *a, unsigned int i)
{
	char tname[16];

	/* Thread names have 15 characters: the instance name may be cut. */
	snprintf(tname, sizeof(tname), "aaa%hhu-%.8s", (unsigned char)i, a->name);
#if RTE_VERSION >= RTE_VERSION_NUM(23, 11, 0, 0)
	return rte_thread_create_control(&a->th[i].thread, tname, thread_main, &a->th[i]);
#else
	return rte_ctrl_thread_create(&a->th[i].thread, tname, NULL, thread_main, &a->th[i]);
#endif
}

static void
thread_join(struct aaa_thread *t)
{
#if RTE_VERSION >= RTE_VERSION_NUM(23, 11, 0, 0)
	rte_thread_join(t->thread, NULL);
#else
	pthread_join(t->thread, NULL);
#endif
}

/* The ring, eventfd and radcli handle of RADIUS thread @p i. @return 0 or
 * a negative errno. */
static int
thread_setup(struct aaa *a, unsigned int i, int socket_id)
{
	struct aaa_thread *t = &a->th[i];
	char rname[RTE_RING_NAMESIZE];
	int err;

	t->a = a;
	t->rc = aaa_radius_open(&a->cfg, &err);
	if (t->rc == NULL)
		return err;
	snprintf(rname, sizeof(rname), "aaa_q%hhu_%s", (unsigned char)i, a->name);
	t->req_ring = rte_ring_create(rname, a->cfg.queue_size, socket_id,
				      RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
	if (t->req_ring == NULL)
		return -rte_errno;
	t->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (t->efd < 0)
		return -errno;
	return 0;
}

/* --- Lifecycle -------------------------------------------------------------------- */

struct aaa *
aaa_create(const char *name, int socket_id, const struct aaa_config *cfg)
{
	char rname[RTE_RING_NAMESIZE];
	struct aaa *a;
	int err;

	if (name == NULL || cfg == NULL || strlen(name) == 0 || strlen(name) >= AAA_NAME_MAX ||
	    config_check(cfg) != 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	snprintf(rname, sizeof(rname), "aaa_d_%s", name);
	if (rte_ring_lookup(rname) != NULL) {
		rte_errno = EEXIST;
		return NULL;
	}
	a = rte_zmalloc_socket("aaa", sizeof(*a), RTE_CACHE_LINE_SIZE, socket_id);
	if (a == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	for (unsigned int i = 0; i < AAA_MAX_THREADS; i++)
		a->th[i].efd = -1;
	a->cfg = *cfg;
	snprintf(a->name, sizeof(a->name), "%s", name);
	for (unsigned int i = 0; i < cfg->n_servers; i++)
		if (cfg->servers[i].acct_port != 0)
			a->has_acct = 1;
	a->slots = rte_zmalloc_socket("aaa_slots", sizeof(*a->slots) * cfg->queue_size,
				      RTE_CACHE_LINE_SIZE, socket_id);
	a->free_stack = rte_zmalloc_socket("aaa_free", sizeof(uint32_t) * cfg->queue_size, 0,
					   socket_id);
	if (a->slots == NULL || a->free_stack == NULL) {
		rte_errno = ENOMEM;
		goto fail;
	}
	for (uint32_t i = 0; i < cfg->queue_size; i++)
		a->free_stack[i] = cfg->queue_size - 1 - i;
	a->n_free = cfg->queue_size;
	/* It holds every slot, so no enqueue can fail; the RADIUS threads are
	 * its producers (with local users, the caller is). */
	a->done_ring = rte_ring_create(rname, cfg->queue_size, socket_id,
				       RING_F_SC_DEQ | RING_F_EXACT_SZ);
	if (a->done_ring == NULL)
		goto fail;

	if (cfg->n_servers == 0) {
		err = aaa_local_open(a, socket_id);
		if (err != 0) {
			rte_errno = -err;
			goto fail;
		}
		return a;   /* answered by the caller: no thread */
	}
	a->n_threads = cfg->threads;
	for (unsigned int i = 0; i < a->n_threads; i++) {
		err = thread_setup(a, i, socket_id);
		if (err != 0) {
			rte_errno = -err;
			goto fail;
		}
	}
	for (unsigned int i = 0; i < a->n_threads; i++) {
		err = thread_start(a, i);
		if (err != 0) {
			rte_errno = err < 0 ? -err : err;
			goto fail;
		}
		a->th[i].started = 1;
	}
	return a;
fail:
	err = rte_errno;
	aaa_free(a);
	rte_errno = err;
	return NULL;
}

void
aaa_free(struct aaa *a)
{
	if (a == NULL)
		return;
	__atomic_store_n(&a->stop, 1, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < AAA_MAX_THREADS; i++) {
		struct aaa_thread *t = &a->th[i];

		if (t->started) {
			uint64_t one = 1;
			ssize_t n = write(t->efd, &one, sizeof(one));

			RTE_SET_USED(n);
			thread_join(t);
		}
		if (t->efd >= 0)
			close(t->efd);
		rte_ring_free(t->req_ring);
		aaa_radius_close(t->rc);
	}
	rte_ring_free(a->done_ring);
	aaa_local_close(a);
	if (a->slots != NULL) {
		/* PAP passwords of requests never sent */
		for (uint32_t i = 0; i < a->cfg.queue_size; i++)
			explicit_bzero(&a->slots[i].u, sizeof(a->slots[i].u));
	}
	rte_free(a->slots);
	rte_free(a->free_stack);
	rte_free(a);
}

/* --- Submissions (the caller's thread) ----------------------------------------------- */

/* Length of a string of 1..max characters; 0 when NULL, empty or longer. */
static size_t
name_len(const char *s, size_t max)
{
	size_t n;

	if (s == NULL)
		return 0;
	n = strnlen(s, max + 1);
	return n > max ? 0 : n;
}

static void
copy_str(char *dst, const char *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The free slot on top of the stack, filled with what every request
 * carries; NULL when none is free (counted). */
static struct aaa_req *
slot_take(struct aaa *a, uint64_t tag, uint8_t request, const struct aaa_session *s)
{
	struct aaa_req *r;

	if (a->n_free == 0) {
		a->stats.queue_full++;
		return NULL;
	}
	r = &a->slots[a->free_stack[a->n_free - 1]];
	r->tag = tag;
	r->request = request;
	r->sess = *s;
	return r;
}

static void
slot_submit(struct aaa *a, struct aaa_req *r)
{
	struct aaa_thread *t;
	uint64_t one = 1;
	ssize_t n;

	a->n_free--;
	r->submit_ns = now_ns();
	a->stats.requests++;
	if (a->local != NULL) {
		/* Answered here and now; the caller is the done ring's producer
		 * too (there is no thread). */
		aaa_local_answer(a, r);
		rte_ring_mp_enqueue(a->done_ring, r);
		return;
	}
	/* A session's requests on one thread: they leave in the order given. */
	t = &a->th[r->sess.nas_port % a->n_threads];
	rte_ring_sp_enqueue(t->req_ring, r);
	/* See wait_work(). The write never blocks (EFD_NONBLOCK); it could
	 * only fail with 2^64 - 2 wake-ups unread. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&t->sleeping, __ATOMIC_RELAXED)) {
		n = write(t->efd, &one, sizeof(one));
		RTE_SET_USED(n);
	}
}

static int
invalid(struct aaa *a)
{
	if (a != NULL)
		a->stats.invalid++;
	return -EINVAL;
}

int
aaa_auth_pap(struct aaa *a, uint64_t tag, const char *user, const char *password,
	     const struct aaa_session *s)
{
	size_t ulen = name_len(user, AAA_USER_MAX), plen;
	struct aaa_req *r;

	if (a == NULL || s == NULL || password == NULL || ulen == 0)
		return invalid(a);
	plen = strnlen(password, AAA_PASS_MAX + 1);
	if (plen > AAA_PASS_MAX)
		return invalid(a);
	r = slot_take(a, tag, AAA_REQ_PAP, s);
	if (r == NULL)
		return -ENOBUFS;
	copy_str(r->user, user, ulen);
	copy_str(r->u.password, password, plen);
	slot_submit(a, r);
	a->stats.auth_requests++;
	return 0;
}

int
aaa_auth_chap(struct aaa *a, uint64_t tag, const char *user, uint8_t chap_id,
	      const uint8_t challenge[AAA_CHAP_LEN], const uint8_t response[AAA_CHAP_LEN],
	      const struct aaa_session *s)
{
	size_t ulen = name_len(user, AAA_USER_MAX);
	struct aaa_req *r;

	if (a == NULL || s == NULL || challenge == NULL || response == NULL || ulen == 0)
		return invalid(a);
	r = slot_take(a, tag, AAA_REQ_CHAP, s);
	if (r == NULL)
		return -ENOBUFS;
	copy_str(r->user, user, ulen);
	r->chap_id = chap_id;
	memcpy(r->u.chap.challenge, challenge, AAA_CHAP_LEN);
	memcpy(r->u.chap.response, response, AAA_CHAP_LEN);
	slot_submit(a, r);
	a->stats.auth_requests++;
	return 0;
}

int
aaa_acct(struct aaa *a, uint64_t tag, enum aaa_acct_type type, const char *user,
	 const struct aaa_acct_data *d, const struct aaa_session *s)
{
	size_t ulen = name_len(user, AAA_USER_MAX), slen;
	struct aaa_req *r;
	uint8_t req;

	if (a == NULL || s == NULL || d == NULL || ulen == 0)
		return invalid(a);
	slen = name_len(d->session_id, AAA_SESSION_ID_MAX);
	if (slen == 0)
		return invalid(a);
	switch (type) {
	case AAA_ACCT_START:
		req = AAA_REQ_ACCT_START;
		break;
	case AAA_ACCT_INTERIM:
		req = AAA_REQ_ACCT_INTERIM;
		break;
	case AAA_ACCT_STOP:
		req = AAA_REQ_ACCT_STOP;
		break;
	default:
		return invalid(a);
	}
	if (!a->has_acct)
		return -ENOTSUP;
	r = slot_take(a, tag, req, s);
	if (r == NULL)
		return -ENOBUFS;
	copy_str(r->user, user, ulen);
	copy_str(r->u.acct.session_id, d->session_id, slen);
	r->u.acct.framed_ip = d->framed_ip;
	r->u.acct.in_octets = d->in_octets;
	r->u.acct.out_octets = d->out_octets;
	r->u.acct.in_packets = d->in_packets;
	r->u.acct.out_packets = d->out_packets;
	r->u.acct.session_time = d->session_time;
	r->u.acct.terminate_cause = d->terminate_cause;
	slot_submit(a, r);
	a->stats.acct_requests++;
	return 0;
}

/* --- Completions (the caller's thread) ------------------------------------------------- */

static void
count_result(struct aaa_stats *st, uint8_t kind)
{
	switch (kind) {
	case AAA_RES_ACCEPT:
		st->accepts++;
		break;
	case AAA_RES_REJECT:
		st->rejects++;
		break;
	case AAA_RES_NO_SERVER:
		st->timeouts++;
		break;
	case AAA_RES_AUTH_ERROR:
		st->errors++;
		break;
	case AAA_RES_ACCT_OK:
		st->acct_ok++;
		break;
	case AAA_RES_ACCT_NO_SERVER:
		st->timeouts++;
		st->acct_failed++;
		break;
	default:
		st->errors++;
		st->acct_failed++;
		break;
	}
	st->completions++;
}

int
aaa_poll(struct aaa *a, struct aaa_result *out, unsigned int max)
{
	void *burst[AAA_BURST];
	unsigned int done = 0;

	if (a == NULL || out == NULL)
		return -EINVAL;
	while (done < max) {
		unsigned int n = rte_ring_sc_dequeue_burst(a->done_ring, burst,
							   RTE_MIN(max - done, (unsigned int)AAA_BURST), NULL);

		if (n == 0)
			break;
		for (unsigned int i = 0; i < n; i++) {
			struct aaa_req *r = burst[i];

			out[done++] = r->res;
			count_result(&a->stats, r->res.kind);
			a->free_stack[a->n_free++] = (uint32_t)(r - a->slots);
		}
	}
	return (int)done;
}

unsigned int
aaa_pending(const struct aaa *a)
{
	return a == NULL ? 0 : a->cfg.queue_size - a->n_free;
}

unsigned int
aaa_queue_size(const struct aaa *a)
{
	return a == NULL ? 0 : a->cfg.queue_size;
}

const struct aaa_stats *
aaa_stats_get(const struct aaa *a)
{
	return &a->stats;
}
