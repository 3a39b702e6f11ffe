/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The NAT event exporter of the management lcore: the workers' event
 * queues in, IPFIX (RFC 7011, RFC 8158 templates) or syslog (RFC 5424 over
 * UDP, RFC 5426) out. Records are encoded from a table of templates, one
 * per event shape, so what is announced and what is sent cannot disagree.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_ring_elem.h>

#include "bng_stats.h"
#include "nat_priv.h"

/* IPFIX over UDP must not be fragmented (RFC 7011 10.3.3): stay well
 * under a 1500-byte path MTU. */
#define MSG_MAX   1400
#define HDR_LEN   16
#define SET_HDR   4
#define BURST     64
#define BUDGET    512   /* events per poll: the management loop has other work */

/* IPFIX information elements (IANA registry). */
enum {
	IE_PROTO = 4,
	IE_SRC_PORT = 7,
	IE_SRC_ADDR = 8,
	IE_POST_NAT_SRC_ADDR = 225,
	IE_POST_NAPT_SRC_PORT = 227,
	IE_NAT_EVENT = 230,
	IE_INGRESS_VRF = 234,
	IE_NAT_POOL_ID = 283,
	IE_TIME_MS = 323,
	IE_PORT_RANGE_START = 361,
	IE_PORT_RANGE_END = 362,
	IE_PORT_RANGE_STEP = 363,
	IE_PORT_RANGE_PORTS = 364,
	IE_QUOTA_EVENT = 466,
	IE_MAX_BIB = 472,
	IE_MAX_PER_USER = 473,
	IE_MAX_SUBSCRIBERS = 474,
};

struct ie {
	uint16_t id, len;
};

struct tmpl {
	uint16_t id;
	uint16_t n;
	const struct ie *ie;
};

/* The RFC 8158 templates, without the destination fields (REQ-12). */
static const struct ie ie_block[] = {
	{ IE_TIME_MS, 8 }, { IE_NAT_EVENT, 1 }, { IE_INGRESS_VRF, 4 }, { IE_SRC_ADDR, 4 },
	{ IE_POST_NAT_SRC_ADDR, 4 }, { IE_PORT_RANGE_START, 2 }, { IE_PORT_RANGE_END, 2 },
	{ IE_PORT_RANGE_STEP, 2 }, { IE_PORT_RANGE_PORTS, 2 },
};
static const struct ie ie_map[] = {
	{ IE_TIME_MS, 8 }, { IE_NAT_EVENT, 1 }, { IE_INGRESS_VRF, 4 }, { IE_SRC_ADDR, 4 },
	{ IE_POST_NAT_SRC_ADDR, 4 }, { IE_PROTO, 1 }, { IE_SRC_PORT, 2 },
	{ IE_POST_NAPT_SRC_PORT, 2 },
};
static const struct ie ie_addrs[] = {
	{ IE_TIME_MS, 8 }, { IE_NAT_EVENT, 1 }, { IE_NAT_POOL_ID, 4 },
};
static const struct ie ie_ports[] = {
	{ IE_TIME_MS, 8 }, { IE_NAT_EVENT, 1 }, { IE_POST_NAT_SRC_ADDR, 4 },
};
static const struct ie ie_quota_user[] = {
	{ IE_TIME_MS, 8 }, { IE_NAT_EVENT, 1 }, { IE_QUOTA_EVENT, 4 }, { IE_MAX_PER_USER, 4 },
	{ IE_INGRESS_VRF, 4 }, { IE_SRC_ADDR, 4 },
};
static const struct ie ie_quota_bib[] = {
	{ IE_TIME_MS, 8 }, { IE_NAT_EVENT, 1 }, { IE_QUOTA_EVENT, 4 }, { IE_MAX_BIB, 4 },
};
static const struct ie ie_quota_subs[] = {
	{ IE_TIME_MS, 8 }, { IE_NAT_EVENT, 1 }, { IE_QUOTA_EVENT, 4 }, { IE_MAX_SUBSCRIBERS, 4 },
};

enum { T_BLOCK, T_MAP, T_ADDRS, T_PORTS, T_QUOTA_USER, T_QUOTA_BIB, T_QUOTA_SUBS, T_MAX };

#define TMPL(i, a) [i] = { 256 + (i), RTE_DIM(a), a }
static const struct tmpl tmpls[T_MAX] = {
	TMPL(T_BLOCK, ie_block), TMPL(T_MAP, ie_map), TMPL(T_ADDRS, ie_addrs),
	TMPL(T_PORTS, ie_ports), TMPL(T_QUOTA_USER, ie_quota_user),
	TMPL(T_QUOTA_BIB, ie_quota_bib), TMPL(T_QUOTA_SUBS, ie_quota_subs),
};

struct nat_log {
	const struct nat *nat;
	struct nat_log_config cfg;
	uint16_t n_workers;
	struct rte_ring *rings[RTE_MAX_LCORE];
	int fd;
	uint64_t hz, tsc0, epoch0_ms;
	uint64_t next_templates;
	uint32_t seq;          /* data records sent so far (RFC 7011 3.1) */
	uint16_t rec_len[T_MAX];
	/* The IPFIX message being filled. */
	uint8_t msg[MSG_MAX];
	size_t len, set_off;
	int set;               /* template of the open data set, -1: none */
	uint32_t msg_records;
	char host[64];
	int pid;
	struct nat_log_stats st;
};

BNG_STAT_STRINGS(NAT_FOREACH_LOG_STAT, nat_log_stat_name, nat_log_stat_help)

const char *
nat_event_name(uint8_t type)
{
	switch (type) {
	case NAT_EV_SESSION_CREATE: return "session-create";
	case NAT_EV_SESSION_DELETE: return "session-delete";
	case NAT_EV_ADDRS_EXHAUSTED: return "addresses-exhausted";
	case NAT_EV_MAPPING_CREATE: return "mapping-create";
	case NAT_EV_MAPPING_DELETE: return "mapping-delete";
	case NAT_EV_PORTS_EXHAUSTED: return "ports-exhausted";
	case NAT_EV_QUOTA_EXCEEDED: return "quota-exceeded";
	case NAT_EV_BLOCK_ALLOC: return "block-alloc";
	case NAT_EV_BLOCK_RELEASE: return "block-release";
	default: return "?";
	}
}

int
nat_log_parse_collector(const char *s, struct nat_log_config *c, char *err, size_t errlen)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s, ':');
	size_t hl;
	char *end;
	long port;

	if (colon == NULL) {
		snprintf(err, errlen, "\"%s\" has no port: use \"address:port\" or \"[v6]:port\"", s);
		return -1;
	}
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || port < 1 || port > 65535) {
		snprintf(err, errlen, "\"%s\": port must be 1 to 65535", s);
		return -1;
	}
	hl = (size_t)(colon - s);
	if (hl >= sizeof(host)) {
		snprintf(err, errlen, "\"%s\" is not an address:port", s);
		return -1;
	}
	memcpy(host, s, hl);
	host[hl] = '\0';
	memset(&c->collector, 0, sizeof(c->collector));
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&c->collector;

		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			goto bad;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		c->collector_len = sizeof(*a6);
		return 0;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&c->collector;

		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			goto bad;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		c->collector_len = sizeof(*a4);
		return 0;
	}
bad:
	snprintf(err, errlen, "\"%s\": \"%s\" is not an IPv4 address or [IPv6] address", s,
		 host);
	return -1;
}

/* IPFIX is big-endian; the message buffer has no alignment. */
static inline void
put16(uint8_t *p, uint16_t v)
{
	rte_be16_t b = rte_cpu_to_be_16(v);

	memcpy(p, &b, sizeof(b));
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	rte_be32_t b = rte_cpu_to_be_32(v);

	memcpy(p, &b, sizeof(b));
}

static uint64_t
event_ms(const struct nat_log *l, uint64_t tsc)
{
	int64_t d = (int64_t)(tsc - l->tsc0);

	return l->epoch0_ms + (uint64_t)(d / (int64_t)(l->hz / 1000));
}

static int
tmpl_of(const struct nat_event *e)
{
	switch (e->type) {
	case NAT_EV_BLOCK_ALLOC:
	case NAT_EV_BLOCK_RELEASE:
		return T_BLOCK;
	case NAT_EV_SESSION_CREATE:
	case NAT_EV_SESSION_DELETE:
	case NAT_EV_MAPPING_CREATE:
	case NAT_EV_MAPPING_DELETE:
		return T_MAP;
	case NAT_EV_ADDRS_EXHAUSTED:
		return T_ADDRS;
	case NAT_EV_PORTS_EXHAUSTED:
		return T_PORTS;
	case NAT_EV_QUOTA_EXCEEDED:
		return e->quota == NAT_QUOTA_BIB ? T_QUOTA_BIB :
		       e->quota == NAT_QUOTA_SUBS ? T_QUOTA_SUBS : T_QUOTA_USER;
	default:
		return -1;
	}
}

/* One field of event @p e, as information element @p ie. */
static void
put_field(const struct nat_log *l, const struct nat_event *e, const struct ie *ie, uint8_t *p)
{
	uint16_t first = rte_be_to_cpu_16(e->eport), last = rte_be_to_cpu_16(e->eport_last);
	uint64_t ms;

	switch (ie->id) {
	case IE_TIME_MS:
		ms = event_ms(l, e->tsc);
		put32(p, (uint32_t)(ms >> 32));
		put32(p + 4, (uint32_t)ms);
		break;
	case IE_NAT_EVENT: *p = e->type; break;
	case IE_PROTO: *p = e->proto; break;
	case IE_INGRESS_VRF: put32(p, e->tenant); break;
	case IE_SRC_ADDR: memcpy(p, &e->inside, 4); break;
	case IE_POST_NAT_SRC_ADDR: memcpy(p, &e->ext, 4); break;
	case IE_SRC_PORT: memcpy(p, &e->iport, 2); break;
	case IE_POST_NAPT_SRC_PORT: memcpy(p, &e->eport, 2); break;
	case IE_PORT_RANGE_START: put16(p, first); break;
	case IE_PORT_RANGE_END: put16(p, last); break;
	case IE_PORT_RANGE_STEP: put16(p, 1); break;
	case IE_PORT_RANGE_PORTS: put16(p, (uint16_t)(last - first + 1)); break;
	case IE_NAT_POOL_ID: put32(p, e->inst); break;
	case IE_QUOTA_EVENT: put32(p, e->quota); break;
	case IE_MAX_BIB:
	case IE_MAX_PER_USER:
	case IE_MAX_SUBSCRIBERS: put32(p, e->limit); break;
	default: memset(p, 0, ie->len); break;
	}
}

static void
send_msg(struct nat_log *l, const void *buf, size_t len)
{
	if (send(l->fd, buf, len, MSG_DONTWAIT) == (ssize_t)len) {
		l->st.messages++;
		l->st.bytes += len;
	} else {
		l->st.send_errors++;
	}
}

static void
ipfix_header(struct nat_log *l, uint8_t *h, size_t len)
{
	put16(h, 10);
	put16(h + 2, (uint16_t)len);
	put32(h + 4, (uint32_t)(event_ms(l, rte_rdtsc()) / 1000));
	put32(h + 8, l->seq);
	put32(h + 12, l->cfg.domain_id);
}

static void
ipfix_flush(struct nat_log *l)
{
	if (l->msg_records == 0)
		return;
	put16(l->msg + l->set_off + 2, (uint16_t)(l->len - l->set_off));
	ipfix_header(l, l->msg, l->len);
	send_msg(l, l->msg, l->len);
	l->st.records += l->msg_records;
	l->seq += l->msg_records;
	l->msg_records = 0;
	l->len = HDR_LEN;
	l->set = -1;
}

static void
ipfix_templates(struct nat_log *l)
{
	uint8_t buf[MSG_MAX];
	size_t len = HDR_LEN + SET_HDR;

	for (unsigned int t = 0; t < T_MAX; t++) {
		put16(buf + len, tmpls[t].id);
		put16(buf + len + 2, tmpls[t].n);
		len += 4;
		for (unsigned int i = 0; i < tmpls[t].n; i++) {
			put16(buf + len, tmpls[t].ie[i].id);
			put16(buf + len + 2, tmpls[t].ie[i].len);
			len += 4;
		}
	}
	put16(buf + HDR_LEN, 2); /* template set */
	put16(buf + HDR_LEN + 2, (uint16_t)(len - HDR_LEN));
	ipfix_header(l, buf, len);
	send_msg(l, buf, len);
	l->st.templates++;
}

static void
ipfix_add(struct nat_log *l, const struct nat_event *e)
{
	int t = tmpl_of(e);
	uint8_t *p;

	if (t < 0)
		return;
	if (l->len + l->rec_len[t] + (l->set != t ? SET_HDR : 0) > MSG_MAX)
		ipfix_flush(l);
	if (l->set != t) {
		if (l->set >= 0)
			put16(l->msg + l->set_off + 2, (uint16_t)(l->len - l->set_off));
		l->set = t;
		l->set_off = l->len;
		put16(l->msg + l->len, tmpls[t].id);
		l->len += SET_HDR;
	}
	p = l->msg + l->len;
	for (unsigned int i = 0; i < tmpls[t].n; i++) {
		put_field(l, e, &tmpls[t].ie[i], p);
		p += tmpls[t].ie[i].len;
	}
	l->len += l->rec_len[t];
	l->msg_records++;
}

static const char *
ip4(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* RFC 5424: <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG, severity info. */
static void
syslog_send(struct nat_log *l, const struct nat_event *e)
{
	char msg[512], ts[32], a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	uint64_t ms = event_ms(l, e->tsc);
	time_t sec = (time_t)(ms / 1000);
	const char *inst = l->nat->inst[e->inst].cfg.name;
	struct tm tm;
	int n;

	gmtime_r(&sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(msg, sizeof(msg), "<%u>1 %s.%03uZ %s bngd %d %s - instance=%s",
		     l->cfg.facility * 8u + 6u, ts, (unsigned int)(ms % 1000), l->host, l->pid,
		     nat_event_name(e->type), inst);
	switch (tmpl_of(e)) {
	case T_BLOCK:
		n += snprintf(msg + n, sizeof(msg) - (size_t)n, " vrf=%u inside=%s outside=%s ports=%u-%u",
			      e->tenant, ip4(e->inside, a), ip4(e->ext, b),
			      rte_be_to_cpu_16(e->eport), rte_be_to_cpu_16(e->eport_last));
		break;
	case T_MAP:
		n += snprintf(msg + n, sizeof(msg) - (size_t)n,
			      " vrf=%u proto=%u inside=%s:%u outside=%s:%u", e->tenant, e->proto,
			      ip4(e->inside, a), rte_be_to_cpu_16(e->iport), ip4(e->ext, b),
			      rte_be_to_cpu_16(e->eport));
		break;
	case T_PORTS:
		n += snprintf(msg + n, sizeof(msg) - (size_t)n, " outside=%s", ip4(e->ext, b));
		break;
	case T_QUOTA_USER:
		n += snprintf(msg + n, sizeof(msg) - (size_t)n, " limit=per-subscriber max=%u vrf=%u inside=%s",
			      e->limit, e->tenant, ip4(e->inside, a));
		break;
	case T_QUOTA_BIB:
		n += snprintf(msg + n, sizeof(msg) - (size_t)n, " limit=mappings max=%u", e->limit);
		break;
	case T_QUOTA_SUBS:
		n += snprintf(msg + n, sizeof(msg) - (size_t)n, " limit=subscribers max=%u", e->limit);
		break;
	default:
		break;
	}
	send_msg(l, msg, (size_t)RTE_MIN(n, (int)sizeof(msg) - 1));
	l->st.records++;
}

struct nat_log *
nat_log_create(const struct nat *n, struct nat_worker *const *workers, uint16_t n_workers)
{
	struct nat_log *l;
	struct timespec ts;

	if (n == NULL || n->log.format == NAT_LOG_OFF || n_workers > RTE_MAX_LCORE) {
		rte_errno = EINVAL;
		return NULL;
	}
	l = rte_zmalloc("nat_log", sizeof(*l), RTE_CACHE_LINE_SIZE);
	if (l == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	l->nat = n;
	l->cfg = n->log;
	l->n_workers = n_workers;
	for (uint16_t w = 0; w < n_workers; w++)
		l->rings[w] = workers[w]->events;
	l->fd = socket(l->cfg.collector.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd < 0 ||
	    connect(l->fd, (const struct sockaddr *)&l->cfg.collector, l->cfg.collector_len) != 0) {
		rte_errno = errno;
		if (l->fd >= 0)
			close(l->fd);
		rte_free(l);
		return NULL;
	}
	for (unsigned int t = 0; t < T_MAX; t++)
		for (unsigned int i = 0; i < tmpls[t].n; i++)
			l->rec_len[t] = (uint16_t)(l->rec_len[t] + tmpls[t].ie[i].len);
	l->hz = rte_get_tsc_hz();
	l->tsc0 = rte_rdtsc();
	clock_gettime(CLOCK_REALTIME, &ts);
	l->epoch0_ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	l->len = HDR_LEN;
	l->set = -1;
	if (gethostname(l->host, sizeof(l->host) - 1) != 0 || l->host[0] == '\0')
		snprintf(l->host, sizeof(l->host), "-");
	l->pid = (int)getpid();
	return l;
}

unsigned int
nat_log_poll(struct nat_log *l)
{
	struct nat_event ev[BURST];
	unsigned int total = 0;
	uint64_t now = rte_rdtsc();

	if (l->cfg.format == NAT_LOG_IPFIX && now >= l->next_templates) {
		ipfix_templates(l);
		l->next_templates = now + (uint64_t)l->cfg.template_refresh_s * l->hz;
	}
	for (uint16_t w = 0; w < l->n_workers && total < BUDGET; w++) {
		unsigned int n = rte_ring_sc_dequeue_burst_elem(l->rings[w], ev, sizeof(ev[0]),
								BURST, NULL);

		for (unsigned int i = 0; i < n; i++) {
			if (l->cfg.format == NAT_LOG_IPFIX)
				ipfix_add(l, &ev[i]);
			else
				syslog_send(l, &ev[i]);
		}
		total += n;
	}
	l->st.events += total;
	/* Events leave as soon as they are read: a log is worth more on time
	 * than in full datagrams. */
	if (l->cfg.format == NAT_LOG_IPFIX)
		ipfix_flush(l);
	return total;
}

void
nat_log_free(struct nat_log *l)
{
	if (l == NULL)
		return;
	while (nat_log_poll(l) != 0)
		;
	close(l->fd);
	rte_free(l);
}

const struct nat_log_stats *
nat_log_get_stats(const struct nat_log *l)
{
	return &l->st;
}

const struct nat_log_config *
nat_log_get_config(const struct nat_log *l)
{
	return &l->cfg;
}
