/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of the subscribers' QoS (bngd_cli_qos.c).
 */
#ifndef BNGD_CLI_QOS_H
#define BNGD_CLI_QOS_H

#include "bngd.h"
#include "cli.h"

/** Register them. @return 0 or -1. */
int bngd_cli_qos_register(struct cli_registry *r, struct bngd *app);

#endif /* BNGD_CLI_QOS_H */
