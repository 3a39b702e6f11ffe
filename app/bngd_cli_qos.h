/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console commands of the subscribers' QoS (bngd_cli_qos.c).
 */
#ifndef BNGD_CLI_QOS_H
#define BNGD_CLI_QOS_H

#include <stdio.h>

#include <jansson.h>

#include "bngd.h"
#include "cli.h"

/** Register them. @return 0 or -1. */
int bngd_cli_qos_register(struct cli_registry *r, struct bngd *app);

/**
 * Metrics from "show qos profiles"' reply @p res: bng_qos_subscribers{profile}
 * (bound now) and bng_qos_unknown_filter_ids_total. Policed packets are
 * bng_drops_total{reason="qos_policed_up|down"}.
 */
void bngd_qos_metrics(FILE *f, const json_t *res);

#endif /* BNGD_CLI_QOS_H */
