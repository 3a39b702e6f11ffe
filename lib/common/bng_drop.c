/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Name tables generated from the drop-reason X-macro.
 */
#include "bng_drop.h"

static const char *const drop_names[BNG_DROP_MAX] = {
#define BNG_DROP_NAME(e, n, h) [BNG_DROP_##e] = n,
	BNG_FOREACH_DROP(BNG_DROP_NAME)
#undef BNG_DROP_NAME
};

static const char *const drop_help[BNG_DROP_MAX] = {
#define BNG_DROP_HELP(e, n, h) [BNG_DROP_##e] = h,
	BNG_FOREACH_DROP(BNG_DROP_HELP)
#undef BNG_DROP_HELP
};

const char *
bng_drop_name(unsigned int reason)
{
	return reason < BNG_DROP_MAX ? drop_names[reason] : "?";
}

const char *
bng_drop_help(unsigned int reason)
{
	return reason < BNG_DROP_MAX ? drop_help[reason] : "?";
}
