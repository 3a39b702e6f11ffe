/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The session library's console commands: show sessions (with filters and
 * detail), show sessions summary, clear sessions. They run as queries on
 * the owning workers through a function the application supplies.
 */
#ifndef SESS_CLI_H
#define SESS_CLI_H

#include "cli.h"
#include "sess_chain.h"
#include "sess_query.h"

struct sess_cli {
	/** Run q[i] on worker i for every worker, wait; 0 or -ETIMEDOUT. */
	int (*run)(void *app, struct sess_query *q, unsigned int n);
	void *app;
	unsigned int n_workers;
	const struct sess_chain *chain;
	uint32_t timeout_ms[SESS_TC_MAX];
	const char *only_service; /**< set: every filter limited to this service's sessions */
};

/** Register the commands; @p ctx must outlive the registry. @return 0 or -errno. */
int sess_cli_register(struct cli_registry *r, struct sess_cli *ctx);

/** Name of a TCP-lite state / timeout class for display. */
const char *sess_state_name(const struct sess_entry *s);

#endif /* SESS_CLI_H */
