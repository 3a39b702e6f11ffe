/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of the ACL policy (bngd_cli_acl.c).
 */
#ifndef BNGD_CLI_ACL_H
#define BNGD_CLI_ACL_H

#include "bngd.h"
#include "cli.h"

/** Register them. @return 0 or -1. */
int bngd_cli_acl_register(struct cli_registry *r, struct bngd *app);

#endif /* BNGD_CLI_ACL_H */
