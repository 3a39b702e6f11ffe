/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The services bngd knows, in one table: used to register them in the chain
 * and to validate tenant service lists in the configuration.
 */
#ifndef BNGD_SERVICES_H
#define BNGD_SERVICES_H

#include <stdint.h>

#include "sess_chain.h"

/** Number of entries in the service table and the table itself. */
unsigned int bngd_services_count(void);
const struct sess_service *bngd_service_at(unsigned int i);

/** Is @p name a service bngd can run? */
int bngd_service_known(const char *name);

/** "counters, forward": for error messages. */
const char *bngd_services_list(void);

/** The services a tenant gets when its configuration lists none. */
void bngd_services_default(char names[16][16], uint32_t *n);

#endif /* BNGD_SERVICES_H */
