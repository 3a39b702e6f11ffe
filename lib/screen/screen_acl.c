/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * ACL rules as text, and their build into rte_acl contexts.
 *
 * rte_acl returns, for each key, the userdata of the matching rule with the
 * highest priority; priorities are given in decreasing order of the rules'
 * places (the first rule gets the highest), so "first match wins" as the
 * operator wrote them, whatever shape rte_acl gives its tries. Its first
 * field must be one byte (the protocol); the others come in groups of four
 * bytes, which is why the tenant shares its group with the ingress side.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_tcp.h>

#include "screen_acl.h"

static const char *const action_names[SCREEN_ACL_ACTIONS] = {
#define SCREEN_ACL_ACTION_NAME(e, n) [SCREEN_ACL_##e] = n,
	SCREEN_ACL_FOREACH_ACTION(SCREEN_ACL_ACTION_NAME)
#undef SCREEN_ACL_ACTION_NAME
};

const char *
screen_acl_action_name(unsigned int a)
{
	return a < SCREEN_ACL_ACTIONS ? action_names[a] : "?";
}

int
screen_acl_action_from_name(const char *name)
{
	for (unsigned int a = 0; a < SCREEN_ACL_ACTIONS; a++)
		if (strcmp(action_names[a], name) == 0)
			return (int)a;
	return -ENOENT;
}

/* ---- text ---- */

static int
fail(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A decimal number in [0, max], the whole of @p s. */
static int
number(const char *s, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* "N" or "N-M" (N <= M), each in [0, max]; "any" is [0, max]. */
static int
range(const char *s, uint32_t max, uint16_t *lo, uint16_t *hi)
{
	char buf[32];
	char *dash;
	uint32_t a, b;

	if (strcmp(s, "any") == 0) {
		*lo = 0;
		*hi = (uint16_t)max;
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (dash != NULL)
		*dash++ = '\0';
	if (number(buf, max, &a) != 0)
		return -1;
	b = a;
	if (dash != NULL && number(dash, max, &b) != 0)
		return -1;
	if (b < a)
		return -1;
	*lo = (uint16_t)a;
	*hi = (uint16_t)b;
	return 0;
}

/* Clear the bits of @p a (@p bytes long) past the first @p len. */
static void
mask_prefix(uint8_t *a, unsigned int bytes, unsigned int len)
{
	for (unsigned int i = 0; i < bytes; i++) {
		unsigned int keep = len > 8 * i ? len - 8 * i : 0;

		if (keep < 8)
			a[i] &= (uint8_t)(0xff00u >> keep);
	}
}

/* "any", "a.b.c.d[/len]", "x::y[/len]": @return the family (0 any, 4, 6) or -1. */
static int
prefix(const char *s, uint8_t *addr, uint8_t *len)
{
	char buf[64];
	char *slash;
	uint32_t l;
	int fam;

	memset(addr, 0, 16);
	*len = 0;
	if (strcmp(s, "any") == 0)
		return 0;
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, addr) == 1)
		fam = 4;
	else if (inet_pton(AF_INET6, buf, addr) == 1)
		fam = 6;
	else
		return -1;
	l = fam == 4 ? 32 : 128;
	if (slash != NULL && number(slash, l, &l) != 0)
		return -1;
	/* A /0 is "any" of that family: the rule still only applies to it. */
	mask_prefix(addr, fam == 4 ? 4 : 16, l);
	*len = (uint8_t)l;
	return fam;
}

static int
protocol(const char *s, uint8_t *p)
{
	static const struct { const char *n; uint8_t v; } names[] = {
		{ "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP }, { "icmp", IPPROTO_ICMP },
		{ "icmpv6", IPPROTO_ICMPV6 }, { "gre", IPPROTO_GRE }, { "esp", IPPROTO_ESP },
		{ "sctp", IPPROTO_SCTP },
	};
	uint32_t v;

	for (size_t i = 0; i < RTE_DIM(names); i++)
		if (strcmp(s, names[i].n) == 0) {
			*p = names[i].v;
			return 0;
		}
	if (number(s, 255, &v) != 0)
		return -1;
	*p = (uint8_t)v;
	return 0;
}

int
screen_acl_rule_parse(const char *text, struct screen_acl_rule *r, char *err, size_t errlen)
{
	char buf[SCREEN_ACL_LINE_MAX];
	char *tok[32], *save = NULL, *t;
	unsigned int n = 0, seen = 0;
	int a, fam_s = 0, fam_d = 0;

	memset(r, 0, sizeof(*r));
	r->tenant_hi = UINT16_MAX;
	r->sport_hi = r->dport_hi = UINT16_MAX;
	if (text == NULL)
		return fail(err, errlen, "no rule");
	if (strlen(text) >= sizeof(buf))
		return fail(err, errlen, "longer than %u characters", SCREEN_ACL_LINE_MAX - 1);
	strcpy(buf, text);
	if ((t = strchr(buf, '#')) != NULL)
		*t = '\0';
	for (t = strtok_r(buf, " \t\r\n", &save); t != NULL; t = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == RTE_DIM(tok))
			return fail(err, errlen, "too many words");
		tok[n++] = t;
	}
	if (n == 0)
		return 0;
	a = screen_acl_action_from_name(tok[0]);
	if (a < 0)
		return fail(err, errlen, "\"%s\" is not an action (permit, deny, reject)", tok[0]);
	r->action = (uint8_t)a;
	for (unsigned int i = 1; i < n; i += 2) {
		static const char *const keys[] = { "tenant", "from", "proto", "src", "dst", "sport",
						    "dport" };
		const char *k = tok[i], *v = i + 1 < n ? tok[i + 1] : NULL;
		unsigned int key;

		for (key = 0; key < RTE_DIM(keys); key++)
			if (strcmp(k, keys[key]) == 0)
				break;
		if (key == RTE_DIM(keys))
			return fail(err, errlen, "unknown word \"%s\" (known: tenant, from, proto, "
				    "src, dst, sport, dport)", k);
		if (v == NULL)
			return fail(err, errlen, "\"%s\" wants a value", k);
		if (seen & (1u << key))
			return fail(err, errlen, "\"%s\" given twice", k);
		seen |= 1u << key;
		switch (key) {
		case 0:
			if (range(v, UINT16_MAX, &r->tenant_lo, &r->tenant_hi) != 0)
				return fail(err, errlen, "tenant \"%s\": a number, a range N-M or any", v);
			break;
		case 1:
			r->has_role = 1;
			if (strcmp(v, "access") == 0)
				r->role = BNG_ROLE_ACCESS;
			else if (strcmp(v, "core") == 0)
				r->role = BNG_ROLE_CORE;
			else if (strcmp(v, "any") == 0)
				r->has_role = 0;
			else
				return fail(err, errlen, "from \"%s\": access, core or any", v);
			break;
		case 2:
			if (strcmp(v, "any") == 0)
				break;
			if (protocol(v, &r->proto) != 0)
				return fail(err, errlen, "proto \"%s\": tcp, udp, icmp, icmpv6, gre, esp, "
					    "sctp, a number 0-255 or any", v);
			r->has_proto = 1;
			break;
		case 3:
		case 4: {
			int f = prefix(v, key == 3 ? r->src : r->dst, key == 3 ? &r->src_len : &r->dst_len);

			if (f < 0)
				return fail(err, errlen, "%s \"%s\": an IPv4 or IPv6 prefix, or any",
					    k, v);
			if (key == 3)
				fam_s = f;
			else
				fam_d = f;
			break;
		}
		case 5:
			if (range(v, UINT16_MAX, &r->sport_lo, &r->sport_hi) != 0)
				return fail(err, errlen, "sport \"%s\": a port, a range P-Q or any", v);
			break;
		case 6:
			if (range(v, UINT16_MAX, &r->dport_lo, &r->dport_hi) != 0)
				return fail(err, errlen, "dport \"%s\": a port, a range P-Q or any", v);
			break;
		}
	}
	if (fam_s && fam_d && fam_s != fam_d)
		return fail(err, errlen, "src is IPv%d and dst IPv%d", fam_s, fam_d);
	r->family = (uint8_t)(fam_s ? fam_s : fam_d);
	return 1;
}

static void
fmt_prefix(char *b, size_t len, const uint8_t *a, uint8_t plen, uint8_t fam)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(fam == 6 ? AF_INET6 : AF_INET, a, s, sizeof(s));
	snprintf(b, len, "%s/%u", s, plen);
}

void
screen_acl_rule_format(const struct screen_acl_rule *r, char *buf, size_t len)
{
	char p[64];
	size_t o;

#define PUT(...)                                                                        \
	do {                                                                            \
		if (o < len)                                                            \
			o += (size_t)snprintf(buf + o, len - o, __VA_ARGS__);           \
	} while (0)
	o = 0;
	if (len)
		buf[0] = '\0';
	PUT("%s", screen_acl_action_name(r->action));
	if (r->tenant_lo != 0 || r->tenant_hi != UINT16_MAX) {
		if (r->tenant_lo == r->tenant_hi)
			PUT(" tenant %u", r->tenant_lo);
		else
			PUT(" tenant %u-%u", r->tenant_lo, r->tenant_hi);
	}
	if (r->has_role)
		PUT(" from %s", r->role == BNG_ROLE_CORE ? "core" : "access");
	if (r->has_proto) {
		switch (r->proto) {
		case IPPROTO_TCP:
			PUT(" proto tcp");
			break;
		case IPPROTO_UDP:
			PUT(" proto udp");
			break;
		case IPPROTO_ICMP:
			PUT(" proto icmp");
			break;
		case IPPROTO_ICMPV6:
			PUT(" proto icmpv6");
			break;
		default:
			PUT(" proto %u", r->proto);
		}
	}
	/* A family without a prefix shows as its /0. */
	if (r->src_len || (r->family && !r->dst_len)) {
		fmt_prefix(p, sizeof(p), r->src, r->src_len, r->family);
		PUT(" src %s", p);
	}
	if (r->dst_len) {
		fmt_prefix(p, sizeof(p), r->dst, r->dst_len, r->family);
		PUT(" dst %s", p);
	}
	if (r->sport_lo != 0 || r->sport_hi != UINT16_MAX) {
		if (r->sport_lo == r->sport_hi)
			PUT(" sport %u", r->sport_lo);
		else
			PUT(" sport %u-%u", r->sport_lo, r->sport_hi);
	}
	if (r->dport_lo != 0 || r->dport_hi != UINT16_MAX) {
		if (r->dport_lo == r->dport_hi)
			PUT(" dport %u", r->dport_lo);
		else
			PUT(" dport %u-%u", r->dport_lo, r->dport_hi);
	}
#undef PUT
}

/* ---- build ---- */

enum { F_PROTO, F_TENANT, F_ROLE, F4_SRC, F4_DST, F4_SPORT, F4_DPORT, F4_N };
enum { F6_SRC = F_ROLE + 1, F6_DST = F6_SRC + 4, F6_SPORT = F6_DST + 4, F6_DPORT, F6_N };

RTE_ACL_RULE_DEF(acl_rule4, F4_N);
RTE_ACL_RULE_DEF(acl_rule6, F6_N);

#define FIELD(t, sz, f, in, off)                                                   \
	{ .type = RTE_ACL_FIELD_TYPE_##t, .size = sz, .field_index = f, .input_index = in, \
	  .offset = off }

static const struct rte_acl_field_def defs4[F4_N] = {
	FIELD(BITMASK, 1, F_PROTO, 0, offsetof(struct screen_acl_key4, proto)),
	FIELD(RANGE, 2, F_TENANT, 1, offsetof(struct screen_acl_key4, tenant)),
	FIELD(BITMASK, 2, F_ROLE, 1, offsetof(struct screen_acl_key4, role)),
	FIELD(MASK, 4, F4_SRC, 2, offsetof(struct screen_acl_key4, src)),
	FIELD(MASK, 4, F4_DST, 3, offsetof(struct screen_acl_key4, dst)),
	FIELD(RANGE, 2, F4_SPORT, 4, offsetof(struct screen_acl_key4, sport)),
	FIELD(RANGE, 2, F4_DPORT, 4, offsetof(struct screen_acl_key4, dport)),
};

static const struct rte_acl_field_def defs6[F6_N] = {
	FIELD(BITMASK, 1, F_PROTO, 0, offsetof(struct screen_acl_key6, proto)),
	FIELD(RANGE, 2, F_TENANT, 1, offsetof(struct screen_acl_key6, tenant)),
	FIELD(BITMASK, 2, F_ROLE, 1, offsetof(struct screen_acl_key6, role)),
	FIELD(MASK, 4, F6_SRC + 0, 2, offsetof(struct screen_acl_key6, src) + 0),
	FIELD(MASK, 4, F6_SRC + 1, 3, offsetof(struct screen_acl_key6, src) + 4),
	FIELD(MASK, 4, F6_SRC + 2, 4, offsetof(struct screen_acl_key6, src) + 8),
	FIELD(MASK, 4, F6_SRC + 3, 5, offsetof(struct screen_acl_key6, src) + 12),
	FIELD(MASK, 4, F6_DST + 0, 6, offsetof(struct screen_acl_key6, dst) + 0),
	FIELD(MASK, 4, F6_DST + 1, 7, offsetof(struct screen_acl_key6, dst) + 4),
	FIELD(MASK, 4, F6_DST + 2, 8, offsetof(struct screen_acl_key6, dst) + 8),
	FIELD(MASK, 4, F6_DST + 3, 9, offsetof(struct screen_acl_key6, dst) + 12),
	FIELD(RANGE, 2, F6_SPORT, 10, offsetof(struct screen_acl_key6, sport)),
	FIELD(RANGE, 2, F6_DPORT, 10, offsetof(struct screen_acl_key6, dport)),
};

static_assert(sizeof(struct screen_acl_key4) == 20, "rte_acl reads the IPv4 key by offset");
static_assert(sizeof(struct screen_acl_key6) == 44, "rte_acl reads the IPv6 key by offset");

/* The fields every family shares: protocol, tenant, ingress side. */
static void
common_fields(const struct screen_acl_rule *r, struct rte_acl_field *f)
{
	f[F_PROTO].value.u8 = r->has_proto ? r->proto : 0;
	f[F_PROTO].mask_range.u8 = r->has_proto ? 0xff : 0;
	f[F_TENANT].value.u16 = r->tenant_lo;
	f[F_TENANT].mask_range.u16 = r->tenant_hi;
	f[F_ROLE].value.u16 = r->has_role ? r->role : 0;
	f[F_ROLE].mask_range.u16 = r->has_role ? 0xffff : 0;
}

/* rte_acl's MASK values are host order, the mask its prefix length. */
static void
addr_fields(const uint8_t *a, uint8_t len, unsigned int words, struct rte_acl_field *f)
{
	for (unsigned int i = 0; i < words; i++) {
		uint32_t v;
		int left = (int)len - 32 * (int)i;

		memcpy(&v, a + 4 * i, 4);
		f[i].value.u32 = rte_be_to_cpu_32(v);
		f[i].mask_range.u32 = (uint32_t)(left <= 0 ? 0 : left >= 32 ? 32 : left);
	}
}

static struct rte_acl_ctx *
ctx_build(const char *name, int socket, int v6, const struct screen_acl_rule *rules, uint32_t n,
	  uint64_t *us)
{
	const uint32_t nf = v6 ? F6_N : F4_N;
	struct rte_acl_param p = {
		.name = name,
		.socket_id = socket,
		.rule_size = (uint32_t)(v6 ? sizeof(struct acl_rule6) : sizeof(struct acl_rule4)),
		.max_rule_num = n,
	};
	struct rte_acl_config cfg = { .num_categories = 1, .num_fields = nf };
	struct rte_acl_ctx *ctx;
	struct timespec t0, t1;
	uint32_t added = 0;
	int rc;

	memcpy(cfg.defs, v6 ? defs6 : defs4, nf * sizeof(cfg.defs[0]));
	/* rte_acl_create() hands back a live context of the same name. */
	if (rte_acl_find_existing(name) != NULL) {
		rte_errno = EEXIST;
		return NULL;
	}
	ctx = rte_acl_create(&p);
	if (ctx == NULL)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		const struct screen_acl_rule *r = &rules[i];
		union {
			struct acl_rule4 r4;
			struct acl_rule6 r6;
		} u;
		struct rte_acl_field *f = v6 ? u.r6.field : u.r4.field;
		struct rte_acl_rule_data *rd = v6 ? &u.r6.data : &u.r4.data;

		if (r->family != 0 && r->family != (v6 ? 6 : 4))
			continue;
		memset(&u, 0, sizeof(u));
		rd->category_mask = 1;
		/* The first rule wins: it gets the highest priority. */
		rd->priority = (int32_t)(RTE_ACL_MAX_PRIORITY - i);
		rd->userdata = i + 1;
		common_fields(r, f);
		addr_fields(r->src, r->src_len, v6 ? 4 : 1, &f[v6 ? F6_SRC : F4_SRC]);
		addr_fields(r->dst, r->dst_len, v6 ? 4 : 1, &f[v6 ? F6_DST : F4_DST]);
		f[v6 ? F6_SPORT : F4_SPORT].value.u16 = r->sport_lo;
		f[v6 ? F6_SPORT : F4_SPORT].mask_range.u16 = r->sport_hi;
		f[v6 ? F6_DPORT : F4_DPORT].value.u16 = r->dport_lo;
		f[v6 ? F6_DPORT : F4_DPORT].mask_range.u16 = r->dport_hi;
		rc = rte_acl_add_rules(ctx, (const struct rte_acl_rule *)&u, 1);
		if (rc != 0)
			goto fail;
		added++;
	}
	if (added == 0) {
		/* Nothing for this family: its flows take the default. */
		rte_acl_free(ctx);
		rte_errno = 0;
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = rte_acl_build(ctx, &cfg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*us += (uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000);
	if (rc != 0)
		goto fail;
	return ctx;
fail:
	rte_acl_free(ctx);
	rte_errno = rc == -EINVAL ? EINVAL : ENOMEM;
	return NULL;
}

static int
rule_valid(const struct screen_acl_rule *r)
{
	return r->action < SCREEN_ACL_ACTIONS && (r->family == 0 || r->family == 4 ||
	       r->family == 6) && r->tenant_lo <= r->tenant_hi && r->sport_lo <= r->sport_hi &&
	       r->dport_lo <= r->dport_hi && r->src_len <= (r->family == 6 ? 128 : 32) &&
	       r->dst_len <= (r->family == 6 ? 128 : 32);
}

struct screen_acl *
screen_acl_create(uint32_t generation, int socket, uint16_t n_workers,
		  const struct screen_acl_rule *rules, uint32_t n, uint8_t def)
{
	struct screen_acl *a;
	char name[RTE_ACL_NAMESIZE];

	if (n_workers == 0 || n > SCREEN_ACL_MAX_RULES || (n && rules == NULL) ||
	    def >= SCREEN_ACL_ACTIONS) {
		rte_errno = EINVAL;
		return NULL;
	}
	for (uint32_t i = 0; i < n; i++)
		if (!rule_valid(&rules[i])) {
			rte_errno = EINVAL;
			return NULL;
		}
	a = rte_zmalloc_socket("screen_acl", sizeof(*a), RTE_CACHE_LINE_SIZE, socket);
	if (a == NULL)
		goto nomem;
	a->n_rules = n;
	a->default_action = def;
	a->n_workers = n_workers;
	a->generation = generation;
	/* Each worker's row on cache lines of its own. */
	a->stride = RTE_ALIGN_CEIL(n + 1, RTE_CACHE_LINE_SIZE / sizeof(uint64_t));
	a->hits = rte_zmalloc_socket("screen_acl_hits",
				     (size_t)a->stride * n_workers * sizeof(uint64_t),
				     RTE_CACHE_LINE_SIZE, socket);
	a->rules = rte_malloc_socket("screen_acl_rules", (n ? n : 1) * sizeof(*rules), 0, socket);
	if (a->hits == NULL || a->rules == NULL)
		goto nomem;
	if (n)
		memcpy(a->rules, rules, n * sizeof(*rules));
	snprintf(name, sizeof(name), "acl4_%" PRIu32, generation);
	a->ctx4 = ctx_build(name, socket, 0, rules, n, &a->build_us);
	if (a->ctx4 == NULL && rte_errno != 0)
		goto fail;
	snprintf(name, sizeof(name), "acl6_%" PRIu32, generation);
	a->ctx6 = ctx_build(name, socket, 1, rules, n, &a->build_us);
	if (a->ctx6 == NULL && rte_errno != 0)
		goto fail;
	return a;
nomem:
	rte_errno = ENOMEM;
fail:
	{
		int e = rte_errno;

		screen_acl_free(a);
		rte_errno = e;
	}
	return NULL;
}

void
screen_acl_free(struct screen_acl *a)
{
	if (a == NULL)
		return;
	rte_acl_free(a->ctx4);
	rte_acl_free(a->ctx6);
	rte_free(a->hits);
	rte_free(a->rules);
	rte_free(a);
}

int
screen_acl_key(const struct rte_mbuf *m, const struct bng_desc *d, uint16_t tenant,
	       struct screen_acl_key4 *k4, struct screen_acl_key6 *k6)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);
	/* Only these protocols have ports; the others present 0 (see the
	 * file comment of screen_acl.h), ICMP identifiers included. */
	int ports = (d->flags & BNG_DF_L4) && (d->ip_proto == IPPROTO_TCP ||
		     d->ip_proto == IPPROTO_UDP || d->ip_proto == IPPROTO_SCTP);
	uint16_t sp = ports ? d->sport : 0, dp = ports ? d->dport : 0;

	if (d->kind == BNG_PKT_IPV4) {
		memset(k4, 0, sizeof(*k4));
		k4->proto = d->ip_proto;
		k4->tenant = rte_cpu_to_be_16(tenant);
		k4->role = rte_cpu_to_be_16(d->role);
		memcpy(&k4->src, l3 + 12, 4);
		memcpy(&k4->dst, l3 + 16, 4);
		k4->sport = sp;
		k4->dport = dp;
		return 0;
	}
	memset(k6, 0, sizeof(*k6));
	k6->proto = d->ip_proto;
	k6->tenant = rte_cpu_to_be_16(tenant);
	k6->role = rte_cpu_to_be_16(d->role);
	memcpy(k6->src, l3 + 8, 16);
	memcpy(k6->dst, l3 + 24, 16);
	k6->sport = sp;
	k6->dport = dp;
	return 1;
}

void
screen_acl_hits_sum(const struct screen_acl *a, uint64_t *out)
{
	memset(out, 0, (a->n_rules + 1) * sizeof(out[0]));
	for (uint16_t w = 0; w < a->n_workers; w++) {
		const uint64_t *row = &a->hits[(size_t)w * a->stride];

		for (uint32_t r = 0; r <= a->n_rules; r++)
			out[r] += row[r];
	}
}

int
screen_acl_tcp_reset(struct rte_mbuf *m, struct bng_desc *d, uint16_t ip_id)
{
	const uint32_t l2 = sizeof(struct rte_ether_hdr);
	const int v6 = d->kind == BNG_PKT_IPV6;
	const uint32_t iphl = v6 ? sizeof(struct rte_ipv6_hdr) : sizeof(struct rte_ipv4_hdr);
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);
	const struct rte_tcp_hdr *th;
	uint8_t src[16], dst[16];
	uint32_t seq, ack, seglen, doff;
	uint16_t sport, dport;
	uint8_t flags;
	struct rte_tcp_hdr *rt;

	if ((d->kind != BNG_PKT_IPV4 && !v6) || d->ip_proto != IPPROTO_TCP ||
	    !(d->flags & BNG_DF_L4) || d->l4_off == 0 ||
	    (uint32_t)d->l4_off + sizeof(*th) > rte_pktmbuf_data_len(m))
		return -EINVAL;
	th = rte_pktmbuf_mtod_offset(m, const struct rte_tcp_hdr *, d->l4_off);
	flags = th->tcp_flags;
	if (flags & RTE_TCP_RST_FLAG)
		return -EINVAL;
	doff = (uint32_t)(th->data_off >> 4) * 4;
	/* SEG.LEN: the data, plus one for each of SYN and FIN. */
	seglen = (uint32_t)d->l3_off + d->l3_len - d->l4_off;
	seglen = seglen > doff ? seglen - doff : 0;
	seglen += !!(flags & RTE_TCP_SYN_FLAG) + !!(flags & RTE_TCP_FIN_FLAG);
	seq = rte_be_to_cpu_32(th->sent_seq);
	ack = rte_be_to_cpu_32(th->recv_ack);
	sport = th->src_port;
	dport = th->dst_port;
	memcpy(src, l3 + (v6 ? 8 : 12), v6 ? 16 : 4);
	memcpy(dst, l3 + (v6 ? 24 : 16), v6 ? 16 : 4);

	/* Headers only: the frame is cut to Ethernet + IP + TCP, moved so the
	 * IP header starts right after a plain Ethernet header. */
	if (m->next != NULL) {
		rte_pktmbuf_free(m->next);
		m->next = NULL;
		m->nb_segs = 1;
	}
	rte_pktmbuf_adj(m, (uint16_t)(d->l3_off - l2));
	m->data_len = (uint16_t)(l2 + iphl + sizeof(*rt));
	m->pkt_len = m->data_len;
	rt = rte_pktmbuf_mtod_offset(m, struct rte_tcp_hdr *, l2 + iphl);
	rt->src_port = dport;
	rt->dst_port = sport;
	if (flags & RTE_TCP_ACK_FLAG) {
		rt->sent_seq = rte_cpu_to_be_32(ack);
		rt->recv_ack = 0;
		rt->tcp_flags = RTE_TCP_RST_FLAG;
	} else {
		rt->sent_seq = 0;
		rt->recv_ack = rte_cpu_to_be_32(seq + seglen);
		rt->tcp_flags = RTE_TCP_RST_FLAG | RTE_TCP_ACK_FLAG;
	}
	rt->data_off = 5 << 4;
	rt->rx_win = 0;
	rt->cksum = 0;
	rt->tcp_urp = 0;
	if (!v6) {
		struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, l2);

		ip->version_ihl = 0x45;
		ip->type_of_service = 0;
		ip->total_length = rte_cpu_to_be_16((uint16_t)(iphl + sizeof(*rt)));
		ip->packet_id = rte_cpu_to_be_16(ip_id);
		ip->fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG);
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_TCP;
		memcpy(&ip->src_addr, dst, 4);
		memcpy(&ip->dst_addr, src, 4);
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		rt->cksum = rte_ipv4_udptcp_cksum(ip, rt);
	} else {
		struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, l2);

		ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
		ip->payload_len = rte_cpu_to_be_16((uint16_t)sizeof(*rt));
		ip->proto = IPPROTO_TCP;
		ip->hop_limits = 64;
		memcpy(ip->src_addr, dst, 16);
		memcpy(ip->dst_addr, src, 16);
		rt->cksum = rte_ipv6_udptcp_cksum(ip, rt);
	}
	rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->ether_type =
		v6 ? RTE_BE16(RTE_ETHER_TYPE_IPV6) : RTE_BE16(RTE_ETHER_TYPE_IPV4);
	d->l3_off = (uint16_t)l2;
	d->l4_off = (uint16_t)(l2 + iphl);
	d->l3_len = (uint16_t)(iphl + sizeof(*rt));
	d->sport = rt->src_port;
	d->dport = rt->dst_port;
	d->tcp_flags = rt->tcp_flags;
	/* A traced packet stays traced as it turns into its reset. */
	d->flags = (uint8_t)((d->flags & BNG_DF_TRACE) | BNG_DF_L4);
	d->n_vlan = 0;
	return 0;
}
