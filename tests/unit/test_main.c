/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The shared main() of the unit test binaries: starts EAL without hugepages
 * or PCI (rte_hash, rte_lpm and rte_malloc need it), with a file prefix of
 * its own per binary and no shared config file so that test binaries never
 * contend for a lock, registers the binary's suites, runs them and exits
 * non-zero when any assertion failed.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "bng_test.h"

#define TEST_POOL_SIZE 1023

static struct rte_mempool *test_pool;

int
bng_test_add_suite(const char *name, const CU_TestInfo *tests)
{
	CU_pSuite s = CU_add_suite(name, NULL, NULL);

	if (s == NULL)
		return -1;
	for (; tests->pName != NULL; tests++)
		if (CU_add_test(s, tests->pName, tests->pTestFunc) == NULL)
			return -1;
	return 0;
}

struct rte_mempool *
bng_test_pool(void)
{
	if (test_pool == NULL) {
		char name[RTE_MEMPOOL_NAMESIZE];

		snprintf(name, sizeof(name), "t_%s", bng_test_name);
		test_pool = rte_pktmbuf_pool_create(name, TEST_POOL_SIZE, 0, BNG_MBUF_PRIV_SIZE,
						    RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
		if (test_pool == NULL) {
			fprintf(stderr, "%s: mbuf pool: %s\n", bng_test_name,
				rte_strerror(rte_errno));
			exit(2);
		}
	}
	return test_pool;
}

struct rte_mbuf *
bng_test_mbuf(const void *data, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(bng_test_pool());
	char *dst;

	if (m == NULL) {
		fprintf(stderr, "%s: out of mbufs (a test leaks them)\n", bng_test_name);
		exit(2);
	}
	dst = rte_pktmbuf_append(m, len);
	if (dst == NULL) {
		fprintf(stderr, "%s: %u bytes do not fit an mbuf\n", bng_test_name, len);
		exit(2);
	}
	memcpy(dst, data, len);
	memset(bng_desc(m), 0, sizeof(struct bng_desc));
	return m;
}

/* The first CPU this process may run on: EAL gets that one lcore only. */
static int
first_cpu(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		for (int i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &set))
				return i;
	return 0;
}

int
main(int argc, char **argv)
{
	char prefix[64], lcore[16];
	char *eal_argv[] = {
		argv[0], "--no-huge", "--no-pci", "--no-shconf", "-m", "256", "--file-prefix",
		prefix, "--log-level=*:error", "-l", lcore, NULL,
	};
	int eal_argc = (int)RTE_DIM(eal_argv) - 1;
	unsigned int failures, failed_suites, asserts;

	RTE_SET_USED(argc);
	snprintf(prefix, sizeof(prefix), "bng-unit-%s", bng_test_name);
	snprintf(lcore, sizeof(lcore), "%d", first_cpu());
	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		fprintf(stderr, "%s: rte_eal_init: %s\n", bng_test_name, rte_strerror(rte_errno));
		return 2;
	}
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "%s: CUnit: %s\n", bng_test_name, CU_get_error_msg());
		rte_eal_cleanup();
		return 2;
	}
	if (bng_test_register() != 0) {
		fprintf(stderr, "%s: registering tests: %s\n", bng_test_name, CU_get_error_msg());
		CU_cleanup_registry();
		rte_eal_cleanup();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS) {
		fprintf(stderr, "%s: CUnit: %s\n", bng_test_name, CU_get_error_msg());
		CU_cleanup_registry();
		rte_eal_cleanup();
		return 2;
	}
	failures = CU_get_number_of_failures();
	failed_suites = CU_get_number_of_suites_failed();
	asserts = CU_get_number_of_asserts();
	printf("\n%s: %u tests, %u assertions, %u failed assertions\n", bng_test_name,
	       CU_get_number_of_tests_run(), asserts, failures);
	CU_cleanup_registry();
	rte_mempool_free(test_pool);
	rte_eal_cleanup();
	return failures != 0 || failed_suites != 0 ? 1 : 0;
}
