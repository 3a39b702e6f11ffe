/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Session queries, run by the owning worker in bounded steps: the table is
 * only ever read and written by its worker.
 */
#include <string.h>

#include "sess_query.h"

int
sess_filter_match(const struct sess_table *t, const struct sess_entry *s, const union sess_key *k,
		  const struct sess_filter *f)
{
	int v6 = !!(s->flags & SESS_F_V6);

	RTE_SET_USED(t);
	if ((f->mask & SESS_FILTER_TENANT) && s->tenant != f->tenant)
		return 0;
	if ((f->mask & SESS_FILTER_PROTO) && s->proto != f->proto)
		return 0;
	if ((f->mask & SESS_FILTER_SERVICES) && !(s->services & f->services))
		return 0;
	if (f->mask & SESS_FILTER_ADDR) {
		if (f->v6 != v6)
			return 0;
		if (v6 ? memcmp(k->v6.addr[0], f->addr, 16) && memcmp(k->v6.addr[1], f->addr, 16) :
			 memcmp(&k->v4.addr[0], f->addr, 4) && memcmp(&k->v4.addr[1], f->addr, 4))
			return 0;
	}
	if (f->mask & SESS_FILTER_PORT) {
		const uint16_t *p = v6 ? k->v6.port : k->v4.port;

		if (p[0] != f->port && p[1] != f->port)
			return 0;
	}
	return 1;
}

static unsigned int
proto_slot(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return 0;
	case IPPROTO_UDP:
		return 1;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return 2;
	default:
		return 3;
	}
}

int
sess_query_step(struct sess_table *t, struct sess_query *q, uint32_t budget, uint32_t now_ms)
{
	while (budget-- && q->cursor < t->max) {
		struct sess_entry *s = &t->entries[q->cursor++];
		union sess_key k;

		if (!(s->flags & SESS_F_USED))
			continue;
		if (q->f.mask & (SESS_FILTER_ADDR | SESS_FILTER_PORT)) {
			if (sess_key_of(t, s, &k) != 0)
				continue;
		} else if (q->op == SESS_Q_LIST && sess_key_of(t, s, &k) != 0) {
			continue;
		}
		if (!sess_filter_match(t, s, &k, &q->f))
			continue;
		q->matched++;
		switch (q->op) {
		case SESS_Q_LIST:
			if (q->n_out < q->max_out) {
				struct sess_snap *o = &q->out[q->n_out++];

				o->key = k;
				o->e = *s;
				o->idx = sess_index(t, s);
				o->idle_ms = now_ms - s->last_ms;
				o->v6 = !!(s->flags & SESS_F_V6);
			}
			break;
		case SESS_Q_CLEAR:
			sess_delete(t, s);
			q->cleared++;
			break;
		case SESS_Q_SUMMARY:
			if (s->flags & SESS_F_V6)
				q->v6++;
			else
				q->v4++;
			q->by_proto[proto_slot(s->proto)]++;
			q->by_tclass[s->tclass < SESS_TC_MAX ? s->tclass : SESS_TC_OTHER]++;
			break;
		}
	}
	if (q->cursor < t->max)
		return 0;
	q->count = sess_table_count(t);
	q->max = t->max;
	return 1;
}
