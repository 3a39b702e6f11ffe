/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of the ACL policy (bngd_cli_acl.c).
 */
#ifndef BNGD_CLI_ACL_H
#define BNGD_CLI_ACL_H

#include "bngd.h"
#include "cli.h"

/**
 * The ACL's metrics (new flows by verdict, answers, rules, reloads) from
 * the reply of "show acl statistics".
 */
void bngd_acl_metrics(FILE *f, const json_t *stats);

/** Register them. @return 0 or -1. */
int bngd_cli_acl_register(struct cli_registry *r, struct bngd *app);

#endif /* BNGD_CLI_ACL_H */
