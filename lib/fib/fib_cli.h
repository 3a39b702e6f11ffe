/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The FIB's console commands: show routes, show neighbors.
 */
#ifndef FIB_CLI_H
#define FIB_CLI_H

#include "cli.h"
#include "fib.h"

struct fib_cli {
	const struct fib *fib;
	/** Name of a DPDK port for display. */
	const char *(*port_name)(void *app, uint16_t port);
	void *app;
};

/** Register the commands; @p ctx must outlive the registry. @return 0 or -errno. */
int fib_cli_register(struct cli_registry *r, struct fib_cli *ctx);

#endif /* FIB_CLI_H */
