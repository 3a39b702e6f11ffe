/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * acl_classify RULES_FILE [FLOWS [ROUNDS]]: what the ACL adds to a new
 * session, alone: the rules of RULES_FILE (tests/acl/rules.py: rules that
 * never match) then "permit proto udp" built into a policy, then the keys
 * of FLOWS distinct UDP flows (10.0.0.0/8 to 203.0.113.1:53, as
 * tests/bench/gen_flows.py) classified ROUNDS times each, one key a call as
 * the session's create hook does, every one down to the last rule. Prints
 *   BENCH name=acl_classify rules=N cycles_per_flow=C build_ms=B
 * The end-to-end new-session rates (scripts/bench.sh acl_1k, acl_10k) are
 * noisy on shared machines; this isolates the part the ACL adds.
 */
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "screen_acl.h"

int
main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-huge", "--no-pci", "-m", "2048", "-l", "0", "--log-level",
			"*:error", "--file-prefix", NULL };
	char prefix[64], line[SCREEN_ACL_LINE_MAX + 2], err[200];
	struct screen_acl_rule *rules;
	struct screen_acl_key4 *keys;
	struct screen_acl *a;
	uint32_t n = 0, cap = 1024, flows, rounds, rule;
	uint64_t t0, cycles, bad = 0;
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: %s RULES_FILE [FLOWS [ROUNDS]]\n", argv[0]);
		return 2;
	}
	flows = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 65536;
	rounds = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 10) : 16;
	snprintf(prefix, sizeof(prefix), "bngaclc%d", (int)getpid());
	eal[RTE_DIM(eal) - 1] = prefix;
	if (rte_eal_init((int)RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "EAL: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	f = fopen(argv[1], "r");
	rules = malloc(cap * sizeof(*rules));
	if (f == NULL || rules == NULL) {
		perror(argv[1]);
		return 1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		int rc;

		if (n + 1 == cap && (rules = realloc(rules, (cap *= 2) * sizeof(*rules))) == NULL)
			return 1;
		rc = screen_acl_rule_parse(line, &rules[n], err, sizeof(err));
		if (rc < 0) {
			fprintf(stderr, "%s:%u: %s\n", argv[1], n + 1, err);
			return 1;
		}
		n += (uint32_t)rc;
	}
	fclose(f);
	screen_acl_rule_parse("permit proto udp", &rules[n++], err, sizeof(err));
	a = screen_acl_create(1, SOCKET_ID_ANY, 1, rules, n, SCREEN_ACL_DENY);
	if (a == NULL) {
		fprintf(stderr, "build: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	keys = calloc(flows, sizeof(*keys));
	if (keys == NULL)
		return 1;
	for (uint32_t i = 0; i < flows; i++) {
		keys[i].proto = IPPROTO_UDP;
		keys[i].src = rte_cpu_to_be_32(10u << 24 | (i & 0xffffff));
		keys[i].dst = rte_cpu_to_be_32(203u << 24 | 113u << 8 | 1u);
		keys[i].sport = rte_cpu_to_be_16(1024);
		keys[i].dport = rte_cpu_to_be_16(53);
	}
	t0 = rte_rdtsc();
	for (uint32_t r = 0; r < rounds; r++)
		for (uint32_t i = 0; i < flows; i++)
			bad += screen_acl_classify(a, 0, &keys[i], 0, &rule) != SCREEN_ACL_PERMIT ||
			       rule != n - 1;
	cycles = rte_rdtsc() - t0;
	printf("BENCH name=acl_classify rules=%u cycles_per_flow=%.1f build_ms=%" PRIu64
	       " flows=%u rounds=%u%s\n", n, (double)cycles / ((double)flows * rounds), a->build_us / 1000,
	       flows, rounds, bad ? " error=not_the_last_rule" : "");
	screen_acl_free(a);
	rte_eal_cleanup();
	return bad ? 1 : 0;
}
