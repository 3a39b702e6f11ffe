/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * ACL policy on DPDK rte_acl. A policy is an ordered list of rules (the
 * first that matches wins) and a default action; each rule matches on the
 * tenant, the ingress side (access or core), the IP protocol, source and
 * destination prefixes and source and destination port ranges, and says
 * permit, deny or reject. A policy is built once, by the management lcore,
 * into two rte_acl contexts (IPv4 and IPv6; a rule without addresses goes
 * into both) and is immutable afterwards: workers classify through a
 * pointer the application swaps under RCU, and only count hits, each in its
 * own row of the per-rule counters.
 *
 * Rules as text, one per line (the rules file, the console), are
 *   ACTION [tenant N[-M]] [from access|core] [proto tcp|udp|icmp|icmpv6|N]
 *          [src PREFIX] [dst PREFIX] [sport P[-Q]] [dport P[-Q]]
 * with ACTION permit, deny or reject; "any" for any value; a '#' starts a
 * comment. Ports match TCP, UDP and SCTP only: other protocols present
 * ports 0, so a port range without 0 never matches them.
 */
#ifndef SCREEN_ACL_H
#define SCREEN_ACL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_acl.h>
#include <rte_byteorder.h>
#include <rte_mbuf.h>

#include "bng_desc.h"

/** What a rule (or the default) does with a new flow. */
#define SCREEN_ACL_FOREACH_ACTION(_)                                               \
	_(PERMIT, "permit")                                                        \
	_(DENY, "deny")                                                            \
	_(REJECT, "reject")

enum screen_acl_action {
#define SCREEN_ACL_ACTION_ENUM(e, n) SCREEN_ACL_##e,
	SCREEN_ACL_FOREACH_ACTION(SCREEN_ACL_ACTION_ENUM)
#undef SCREEN_ACL_ACTION_ENUM
	SCREEN_ACL_ACTIONS
};

/** Most rules one policy may hold. */
#define SCREEN_ACL_MAX_RULES 200000u
/** Longest rule text accepted. */
#define SCREEN_ACL_LINE_MAX  512

/** One rule, as parsed. Addresses in network order; ports and tenants host order. */
struct screen_acl_rule {
	uint8_t action;       /**< enum screen_acl_action */
	uint8_t family;       /**< 0: any, 4: IPv4 prefixes, 6: IPv6 prefixes */
	uint8_t proto;        /**< with has_proto */
	uint8_t has_proto;
	uint8_t role;         /**< enum bng_port_role, with has_role */
	uint8_t has_role;
	uint8_t src_len;      /**< 0: any source */
	uint8_t dst_len;      /**< 0: any destination */
	uint16_t tenant_lo, tenant_hi;
	uint16_t sport_lo, sport_hi;
	uint16_t dport_lo, dport_hi;
	uint8_t src[16];
	uint8_t dst[16];
	uint32_t line;        /**< where it was written (file line), 0: unknown */
};

/**
 * What a flow is classified on, laid out for rte_acl: every field in
 * network order, the protocol first, the others in 4-byte groups.
 */
struct screen_acl_key4 {
	uint8_t proto;
	uint8_t pad[3];
	uint16_t tenant;
	uint16_t role;
	uint32_t src;
	uint32_t dst;
	uint16_t sport;
	uint16_t dport;
};

struct screen_acl_key6 {
	uint8_t proto;
	uint8_t pad[3];
	uint16_t tenant;
	uint16_t role;
	uint8_t src[16];
	uint8_t dst[16];
	uint16_t sport;
	uint16_t dport;
};

/** A built policy. Read-only once built, but for the hit counters. */
struct screen_acl {
	struct rte_acl_ctx *ctx4;       /**< NULL: no rule applies to IPv4 */
	struct rte_acl_ctx *ctx6;       /**< NULL: no rule applies to IPv6 */
	uint32_t n_rules;
	uint8_t default_action;         /**< enum screen_acl_action */
	uint16_t n_workers;
	uint32_t stride;                /**< counters per worker row (cache-line multiple) */
	uint64_t *hits;                 /**< [worker * stride + rule]; rule n_rules: the default */
	struct screen_acl_rule *rules;  /**< n_rules, in order */
	uint32_t generation;            /**< given at creation, shown by the console */
	uint64_t build_us;              /**< time rte_acl_build() took, both families */
};

/** Name of an action ("reject"); "?" when out of range. */
const char *screen_acl_action_name(unsigned int a);

/** The action called @p name. @return it, or -ENOENT. */
int screen_acl_action_from_name(const char *name);

/**
 * Parse one rule from its text (see the file comment).
 *
 * @param text  the rule; a '#' ends it
 * @param r     out: the rule (line left 0)
 * @param err   out: what is wrong, when it is
 * @return 1 for a rule, 0 for a blank or comment-only line, -EINVAL (with
 *         @p err) for a malformed one.
 */
int screen_acl_rule_parse(const char *text, struct screen_acl_rule *r, char *err, size_t errlen);

/** The rule in canonical text (what screen_acl_rule_parse() reads back). */
void screen_acl_rule_format(const struct screen_acl_rule *r, char *buf, size_t len);

/**
 * Build a policy.
 *
 * @param generation  names its rte_acl contexts (must differ from every
 *                    policy alive) and is shown by the console
 * @param socket      NUMA socket of its memory
 * @param n_workers   rows of hit counters (workers that classify)
 * @param rules       @p n rules, in priority order (copied)
 * @param def         the default action
 * @return the policy, or NULL with rte_errno: EINVAL (bad arguments or
 *         rules), ENOMEM (no memory, or rte_acl_build() found the rules too
 *         large), EEXIST (a context of that generation is alive).
 */
struct screen_acl *screen_acl_create(uint32_t generation, int socket, uint16_t n_workers,
				     const struct screen_acl_rule *rules, uint32_t n, uint8_t def);

/** Free a policy (after every worker is done with it); NULL is a no-op. */
void screen_acl_free(struct screen_acl *a);

/**
 * The key of a parsed IP packet. @p tenant is the tenant the policy sees
 * (the caller's mapping of the descriptor's).
 * @return 0 for an IPv4 key in @p k4, 1 for an IPv6 key in @p k6.
 */
int screen_acl_key(const struct rte_mbuf *m, const struct bng_desc *d, uint16_t tenant,
		   struct screen_acl_key4 *k4, struct screen_acl_key6 *k6);

/**
 * Classify one key and count the hit on worker @p worker's row.
 * @param v6    the key is a struct screen_acl_key6
 * @param rule  out: the rule that matched, n_rules for the default
 * @return the action.
 */
static inline enum screen_acl_action
screen_acl_classify(struct screen_acl *a, uint16_t worker, const void *key, int v6,
		    uint32_t *rule)
{
	const struct rte_acl_ctx *ctx = v6 ? a->ctx6 : a->ctx4;
	const uint8_t *data[1] = { key };
	uint32_t res = 0, r;

	/* userdata is 1 + the rule's index; 0: nothing matched. */
	if (ctx != NULL)
		rte_acl_classify(ctx, data, &res, 1, 1);
	r = res ? res - 1 : a->n_rules;
	a->hits[(size_t)worker * a->stride + r]++;
	*rule = r;
	return (enum screen_acl_action)(r < a->n_rules ? a->rules[r].action : a->default_action);
}

/**
 * Turn a TCP segment into the reset a closed port answers it with (RFC
 * 9293 3.10.7.1): to its sender, from the address and port it was sent
 * to; <SEQ=SEG.ACK><CTL=RST> when it carries an ACK, otherwise
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (SYN and FIN count in
 * SEG.LEN). Built in place: on return the frame is room for an Ethernet
 * header (its EtherType set), then IPv4 or IPv6 and a 20-byte TCP header;
 * the descriptor describes it (l3_off 14).
 *
 * @param ip_id  IPv4 identification of the reset
 * @return 0, or -EINVAL: not a TCP segment with its header in the first
 *         segment, or itself a reset (never answered).
 */
int screen_acl_tcp_reset(struct rte_mbuf *m, struct bng_desc *d, uint16_t ip_id);

/** Sum every worker's hits: @p out has n_rules + 1 entries (the last: the default). */
void screen_acl_hits_sum(const struct screen_acl *a, uint64_t *out);

#endif /* SCREEN_ACL_H */
