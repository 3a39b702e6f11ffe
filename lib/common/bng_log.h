/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Logging through rte_log with one dynamic log type per library, so
 * `--log-level=bng.session:debug` and the console can tune each separately.
 */
#ifndef BNG_LOG_H
#define BNG_LOG_H

#include <rte_log.h>

/** Log types registered by bng_log_init(). */
struct bng_logtypes {
	int app;
	int session;
	int fib;
	int config;
};

/** The registered log types (read-only after bng_log_init()). */
extern struct bng_logtypes bng_logtype;

/** Register the log types; call once before the first log line. */
void bng_log_init(void);

#define BNG_LOG(level, type, fmt, ...)                                             \
	rte_log(RTE_LOG_##level, bng_logtype.type, "bng: " fmt "\n", ##__VA_ARGS__)

#endif /* BNG_LOG_H */
