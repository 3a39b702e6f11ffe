/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Service chain registry. Registration happens on the main lcore before
 * workers start; sealing assigns each service its bit so that bit order is
 * run order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sess_chain.h"

void
sess_chain_init(struct sess_chain *c)
{
	memset(c, 0, sizeof(*c));
}

int
sess_chain_register(struct sess_chain *c, const struct sess_service *svc)
{
	if (c->sealed)
		return -EBUSY;
	if (svc == NULL || svc->fn == NULL || svc->name[0] == '\0' ||
	    memchr(svc->name, '\0', SESS_SVC_NAMELEN) == NULL)
		return -EINVAL;
	for (uint32_t i = 0; i < c->n; i++)
		if (strcmp(c->svc[i].name, svc->name) == 0)
			return -EEXIST;
	if (c->n == SESS_SVC_MAX)
		return -ENOSPC;
	c->svc[c->n++] = *svc;
	return 0;
}

static int
add_hook(struct sess_event_hook *hooks, uint32_t *n, int sealed, sess_event_fn fn, void *arg)
{
	if (sealed)
		return -EBUSY;
	if (fn == NULL)
		return -EINVAL;
	if (*n == SESS_EVENT_MAX)
		return -ENOSPC;
	hooks[*n].fn = fn;
	hooks[*n].arg = arg;
	(*n)++;
	return 0;
}

int
sess_chain_on_create(struct sess_chain *c, sess_event_fn fn, void *arg)
{
	return add_hook(c->on_create, &c->n_create, c->sealed, fn, arg);
}

int
sess_chain_on_delete(struct sess_chain *c, sess_event_fn fn, void *arg)
{
	return add_hook(c->on_delete, &c->n_delete, c->sealed, fn, arg);
}

static int
svc_cmp(const void *a, const void *b)
{
	const struct sess_service *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->name, y->name);
}

void
sess_chain_seal(struct sess_chain *c)
{
	qsort(c->svc, c->n, sizeof(c->svc[0]), svc_cmp);
	c->sealed = 1;
}

int
sess_chain_find(const struct sess_chain *c, const char *name)
{
	for (uint32_t i = 0; i < c->n; i++)
		if (strcmp(c->svc[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

int
sess_chain_bitmap(const struct sess_chain *c, const char *const *names, unsigned int n,
		  uint16_t *bits, unsigned int *bad_index)
{
	uint16_t b = 0;

	for (unsigned int i = 0; i < n; i++) {
		int bit = sess_chain_find(c, names[i]);

		if (bit < 0) {
			if (bad_index)
				*bad_index = i;
			return -ENOENT;
		}
		b |= (uint16_t)(1u << bit);
	}
	*bits = b;
	return 0;
}
