/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The "acl" section: the ACL policy's rules (inline, then from a rules
 * file), its default action and the rate of its rejections' answers.
 *
 * acl = {
 *   default = "permit";            # permit (default), deny or reject
 *   reject_rate = 100;             # answers to rejected flows per second per worker
 *   reject_burst = 50;
 *   rules = ( "deny proto tcp dport 23", "reject from access proto udp dport 53" );
 *   file = "acl.rules";            # one rule per line, after the inline ones;
 * };                               # relative to the configuration file's folder
 *
 * The same code reads the section at start-up and for "reload acl", so a
 * reload accepts exactly what start-up accepts.
 */
#ifndef BNGD_ACL_CFG_H
#define BNGD_ACL_CFG_H

#include <stdint.h>
#include <stdio.h>

#include "screen_acl.h"

struct bngd_acl_cfg {
	uint8_t enabled;        /**< the configuration has an "acl" section */
	uint8_t default_action; /**< enum screen_acl_action */
	uint32_t reject_rate;   /**< answers per second per worker; 0: none */
	uint32_t reject_burst;
	char file[512];         /**< rules file as resolved ("": none) */
	uint32_t n_inline;      /**< rules[0 .. n_inline) came from "rules" */
	uint32_t n_rules;
	struct screen_acl_rule *rules; /**< heap; bngd_acl_cfg_release() frees it */
};

/** Defaults: no section, permit, 100 answers per second, burst 50. */
void bngd_acl_cfg_defaults(struct bngd_acl_cfg *a);

/** Free the rules (the rest stays); NULL rules are fine. */
void bngd_acl_cfg_release(struct bngd_acl_cfg *a);

/**
 * Read the "acl" section again from configuration @p source (a file; the
 * built-in text @p builtin when @p source is "<built-in>"), and its rules
 * file, as at start-up.
 * @return the number of errors printed on @p err (0: @p out is valid and
 *         owns its rules; otherwise it holds none).
 */
int bngd_acl_cfg_read(const char *source, const char *builtin, struct bngd_acl_cfg *out,
		      FILE *err);

#endif /* BNGD_ACL_CFG_H */
