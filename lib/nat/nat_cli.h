/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The NAT's console commands: show nat statistics, show nat pools, show
 * nat subscribers. They read the workers' NAT state without stopping them:
 * counters are exact, listings a snapshot taken while traffic flows.
 */
#ifndef NAT_CLI_H
#define NAT_CLI_H

#include "cli.h"
#include "nat.h"

struct nat_cli {
	const struct nat *nat;
	unsigned int n_workers;
	struct nat_worker *const *workers; /**< [n_workers] */
	const struct nat_log *log;         /**< the event exporter, NULL when off */
};

/** Register the commands; @p ctx must outlive the registry. @return 0 or -errno. */
int nat_cli_register(struct cli_registry *r, struct nat_cli *ctx);

#endif /* NAT_CLI_H */
