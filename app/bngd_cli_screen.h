/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of the stateless screens (bngd_cli_screen.c).
 */
#ifndef BNGD_CLI_SCREEN_H
#define BNGD_CLI_SCREEN_H

#include "bngd.h"
#include "cli.h"

/** Register them. @return 0 or -1. */
int bngd_cli_screen_register(struct cli_registry *r, struct bngd *app);

#endif /* BNGD_CLI_SCREEN_H */
