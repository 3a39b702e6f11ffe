/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * FIB internals shared by its construction (fib.c) and its changes under
 * running workers (fib_dyn.c).
 */
#ifndef FIB_PRIV_H
#define FIB_PRIV_H

#include "fib.h"

/** Create VRF @p vrf's table of that family if missing. @return 0 or -ENOMEM. */
int fib_vrf_tables(struct fib *f, uint32_t vrf, int v6);

/** Put @p lpm under the FIB's RCU (if attached). @return 0 or -ENOMEM. */
int fib_lpm_rcu_add(struct fib *f, struct rte_lpm *lpm);

#endif /* FIB_PRIV_H */
