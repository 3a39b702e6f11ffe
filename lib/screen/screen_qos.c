/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * QoS profiles compiled for rte_meter, next-hop bindings, the workers'
 * meter state and the summed counters the console shows.
 */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "screen_qos.h"

static int
dscp_ok(int16_t v)
{
	return v == SCREEN_QOS_DSCP_KEEP || (v >= 0 && v <= 63);
}

/* One direction: a meter when it has a rate, its DSCPs either way. */
static int
dir_compile(const struct screen_qos_dir_cfg *c, struct screen_qos_profile *p, unsigned int dir,
	    const char **why)
{
	struct rte_meter_trtcm_params tp;

	if (!dscp_ok(c->dscp) || !dscp_ok(c->yellow_dscp)) {
		*why = "a DSCP is 0..63";
		return -EINVAL;
	}
	p->dscp[dir][RTE_COLOR_GREEN] = (int8_t)c->dscp;
	/* Yellow is remarked as green unless it has its own value. */
	p->dscp[dir][RTE_COLOR_YELLOW] =
		(int8_t)(c->yellow_dscp != SCREEN_QOS_DSCP_KEEP ? c->yellow_dscp : c->dscp);
	if (c->cir_kbps == 0) {
		if (c->pir_kbps != 0 || c->cbs_bytes != 0 || c->pbs_bytes != 0) {
			*why = "a peak rate or a burst needs a committed rate (cir_kbps)";
			return -EINVAL;
		}
		p->metered[dir] = 0;
		return 0;
	}
	if (c->cir_kbps > SCREEN_QOS_MAX_KBPS || c->pir_kbps > SCREEN_QOS_MAX_KBPS) {
		*why = "a rate is at most 400000000 kbit/s";
		return -EINVAL;
	}
	if (c->pir_kbps < c->cir_kbps) {
		*why = "the peak rate (pir_kbps) must be at least the committed rate (cir_kbps)";
		return -EINVAL;
	}
	if (c->cbs_bytes == 0 || c->pbs_bytes == 0) {
		*why = "a metered direction needs both bursts (cbs_bytes, pbs_bytes) above 0";
		return -EINVAL;
	}
	/* rte_meter counts bytes per second. */
	tp.cir = c->cir_kbps * 1000 / 8;
	tp.pir = c->pir_kbps * 1000 / 8;
	tp.cbs = c->cbs_bytes;
	tp.pbs = c->pbs_bytes;
	if (tp.cir == 0 || rte_meter_trtcm_profile_config(&p->tp[dir], &tp) != 0) {
		*why = "rte_meter refuses these rates and bursts";
		return -EINVAL;
	}
	p->metered[dir] = 1;
	return 0;
}

int
screen_qos_profile_compile(const struct screen_qos_profile_cfg *c, struct screen_qos_profile *p,
			   const char **why)
{
	static const char *dummy;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (c == NULL || p == NULL) {
		*why = "no profile";
		return -EINVAL;
	}
	memset(p, 0, sizeof(*p));
	for (unsigned int d = 0; d < SCREEN_QOS_DIRS; d++) {
		int rc = dir_compile(&c->dir[d], p, d, why);

		if (rc != 0)
			return rc;
	}
	return 0;
}

struct screen_qos *
screen_qos_create(const char *name, int socket, const struct screen_qos_profile_cfg *profiles,
		  uint16_t n, uint32_t max_nh)
{
	struct screen_qos *q;

	RTE_SET_USED(name);
	if (profiles == NULL || n == 0 || n > SCREEN_QOS_MAX_PROFILES || max_nh == 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	q = rte_zmalloc_socket("screen_qos", sizeof(*q), RTE_CACHE_LINE_SIZE, socket);
	if (q == NULL)
		goto nomem;
	q->max_nh = max_nh;
	q->n_profiles = n;
	q->prof = rte_zmalloc_socket("screen_qos_prof", n * sizeof(*q->prof), RTE_CACHE_LINE_SIZE,
				     socket);
	q->cfg = rte_zmalloc_socket("screen_qos_cfg", n * sizeof(*q->cfg), 0, socket);
	q->bind = rte_malloc_socket("screen_qos_bind", (size_t)max_nh * sizeof(*q->bind),
				    RTE_CACHE_LINE_SIZE, socket);
	if (q->prof == NULL || q->cfg == NULL || q->bind == NULL)
		goto nomem;
	for (uint32_t i = 0; i < max_nh; i++)
		q->bind[i] = SCREEN_QOS_NONE;
	for (uint16_t i = 0; i < n; i++) {
		if (screen_qos_profile_compile(&profiles[i], &q->prof[i], NULL) != 0) {
			screen_qos_free(q);
			rte_errno = EINVAL;
			return NULL;
		}
		q->cfg[i] = profiles[i];
	}
	return q;
nomem:
	screen_qos_free(q);
	rte_errno = ENOMEM;
	return NULL;
}

void
screen_qos_free(struct screen_qos *q)
{
	if (q == NULL)
		return;
	rte_free(q->prof);
	rte_free(q->cfg);
	rte_free(q->bind);
	rte_free(q);
}

int
screen_qos_bind(struct screen_qos *q, uint32_t nh, uint16_t profile)
{
	if (q == NULL || nh >= q->max_nh ||
	    (profile != SCREEN_QOS_NONE && profile >= q->n_profiles))
		return -EINVAL;
	/* A new generation even for the same profile: a new subscriber. The
	 * release pairs with the workers' acquire in screen_qos_police(). */
	q->gen++;
	__atomic_store_n(&q->bind[nh], q->gen << 16 | profile, __ATOMIC_RELEASE);
	return 0;
}

uint16_t
screen_qos_bound(const struct screen_qos *q, uint32_t nh)
{
	if (q == NULL || nh >= q->max_nh)
		return SCREEN_QOS_NONE;
	return (uint16_t)__atomic_load_n(&q->bind[nh], __ATOMIC_ACQUIRE);
}

int
screen_qos_profile_find(const struct screen_qos *q, const char *name)
{
	if (q == NULL || name == NULL)
		return -ENOENT;
	for (uint16_t i = 0; i < q->n_profiles; i++)
		if (strcmp(q->cfg[i].name, name) == 0)
			return i;
	return -ENOENT;
}

struct screen_qos_worker *
screen_qos_worker_create(const struct screen_qos *q, int socket)
{
	struct screen_qos_worker *w;

	if (q == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	w = rte_zmalloc_socket("screen_qos_worker", sizeof(*w), RTE_CACHE_LINE_SIZE, socket);
	if (w == NULL)
		goto nomem;
	w->q = q;
	w->prof = q->prof;
	/* Preallocated for every next hop: nothing is allocated on the packet
	 * path. Zeroed: binding 0 is never given (generations start at 1), so
	 * every first packet under a binding resets its state. */
	w->sub = rte_zmalloc_socket("screen_qos_sub", (size_t)q->max_nh * sizeof(*w->sub),
				    RTE_CACHE_LINE_SIZE, socket);
	if (w->sub == NULL)
		goto nomem;
	w->now = rte_rdtsc();
	return w;
nomem:
	screen_qos_worker_free(w);
	rte_errno = ENOMEM;
	return NULL;
}

void
screen_qos_worker_free(struct screen_qos_worker *w)
{
	if (w == NULL)
		return;
	rte_free(w->sub);
	rte_free(w);
}

void
screen_qos_sub_reset(struct screen_qos_worker *w, struct screen_qos_sub *s, uint64_t bind)
{
	uint16_t pi = (uint16_t)bind;

	memset(s->dir, 0, sizeof(s->dir));
	if (pi < w->q->n_profiles)
		for (unsigned int d = 0; d < SCREEN_QOS_DIRS; d++)
			if (w->prof[pi].metered[d]) {
				/* Full buckets, from the burst's time (rte_meter's
				 * own reading could be later than it: the first
				 * refill would underflow). */
				rte_meter_trtcm_config(&s->dir[d].tr, &w->prof[pi].tp[d]);
				s->dir[d].tr.time_tc = s->dir[d].tr.time_tp = w->now;
			}
	__atomic_store_n(&s->bind, bind, __ATOMIC_RELEASE);
}

int
screen_qos_sub_stats(const struct screen_qos *q, const struct screen_qos_worker *const *w,
		     unsigned int n, uint32_t nh, struct screen_qos_stats *out)
{
	uint64_t b;

	if (out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->profile = SCREEN_QOS_NONE;
	if (q == NULL || nh >= q->max_nh)
		return -EINVAL;
	b = __atomic_load_n(&q->bind[nh], __ATOMIC_ACQUIRE);
	out->profile = (uint16_t)b;
	for (unsigned int i = 0; i < n; i++) {
		const struct screen_qos_sub *s;

		if (w[i] == NULL)
			continue;
		s = &w[i]->sub[nh];
		if (__atomic_load_n(&s->bind, __ATOMIC_ACQUIRE) != b)
			continue;   /* not met yet: its counters are a former holder's */
		for (unsigned int d = 0; d < SCREEN_QOS_DIRS; d++)
			for (unsigned int c = 0; c < 3; c++) {
				out->pkts[d][c] += s->dir[d].pkts[c];
				out->bytes[d][c] += s->dir[d].bytes[c];
			}
	}
	return 0;
}

int
screen_qos_profile_lookup(struct screen_qos *q, const char *name)
{
	int i = screen_qos_profile_find(q, name);

	if (i < 0 && q != NULL && name != NULL && name[0] != '\0')
		q->unknown_names++;
	return i;
}
