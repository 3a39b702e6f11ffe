/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of the neighbour table, the DHCP server and the IPoE
 * subscribers (bngd_cli_edge.c).
 */
#ifndef BNGD_CLI_EDGE_H
#define BNGD_CLI_EDGE_H

#include "bngd.h"
#include "cli.h"

/** Register them. @return 0 or -1. */
int bngd_cli_edge_register(struct cli_registry *r, struct bngd *app);

/** The PPPoE commands (bngd_cli_pppoe.c). @return 0 or -1. */
int bngd_cli_pppoe_register(struct cli_registry *r, struct bngd *app);

#endif /* BNGD_CLI_EDGE_H */
