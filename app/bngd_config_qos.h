/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The "qos" section as parsed (bngd_config_qos.c): QoS profiles (lib/screen
 * screen_qos.h) and which subscribers get which.
 */
#ifndef BNGD_CONFIG_QOS_H
#define BNGD_CONFIG_QOS_H

#include <stdint.h>

#include "screen_qos.h"

#define BNGD_QOS_MAX_STATIC 1024
#define BNGD_QOS_MAX_PORTS  16   /**< = BNGD_MAX_PORTS (checked in bngd_config_qos.c) */

/** A configured neighbour bound to a profile: a static subscriber. */
struct bngd_qos_static {
	uint32_t addr;       /**< network order */
	uint16_t profile;
	uint16_t port;       /**< index into the ports of the configuration */
	int line;
};

struct bngd_qos_cfg {
	uint32_t n_profiles;  /**< 0: no "qos" section, nothing policed */
	struct screen_qos_profile_cfg profiles[SCREEN_QOS_MAX_PROFILES];
	int profile_line[SCREEN_QOS_MAX_PROFILES];
	/** Profile of subscribers nothing else names (SCREEN_QOS_NONE: not policed). */
	uint16_t default_profile;
	/** By port index: profile of the port's subscribers (SCREEN_QOS_NONE: the default). */
	uint16_t port_profile[BNGD_QOS_MAX_PORTS];
	uint32_t n_static;
	struct bngd_qos_static statics[BNGD_QOS_MAX_STATIC];
};

#endif /* BNGD_CONFIG_QOS_H */
