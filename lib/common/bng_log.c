/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Log type registration. The table is written once at start-up, before any
 * worker runs, and only read afterwards.
 */
#include "bng_log.h"

struct bng_logtypes bng_logtype = { RTE_LOGTYPE_USER1, RTE_LOGTYPE_USER1,
				    RTE_LOGTYPE_USER1, RTE_LOGTYPE_USER1 };

void
bng_log_init(void)
{
	int t;

	if ((t = rte_log_register_type_and_pick_level("bng.app", RTE_LOG_INFO)) >= 0)
		bng_logtype.app = t;
	if ((t = rte_log_register_type_and_pick_level("bng.session", RTE_LOG_INFO)) >= 0)
		bng_logtype.session = t;
	if ((t = rte_log_register_type_and_pick_level("bng.fib", RTE_LOG_INFO)) >= 0)
		bng_logtype.fib = t;
	if ((t = rte_log_register_type_and_pick_level("bng.config", RTE_LOG_INFO)) >= 0)
		bng_logtype.config = t;
}
