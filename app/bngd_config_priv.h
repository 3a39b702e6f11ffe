/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * What the configuration parser's files share: the error context and the
 * typed getters that report "file:line: setting.path: what is wrong".
 */
#ifndef BNGD_CONFIG_PRIV_H
#define BNGD_CONFIG_PRIV_H

#include <stdint.h>
#include <stdio.h>

#include <libconfig.h>

#include "bngd_config.h"

struct cctx {
	const char *source;
	FILE *err;
	int nerr;
	const config_setting_t *nat_static[NAT_MAX_STATIC]; /**< for the cross check's errors */
};

/** Report an error at setting @p s (and its @p member, if not NULL). */
void cerr(struct cctx *c, const config_setting_t *s, const char *member, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/** Every member of @p grp must be named in the NULL-terminated @p allowed. */
void check_members(struct cctx *c, const config_setting_t *grp, const char *const *allowed);

/** Member @p name of @p parent if it has the libconfig @p type; NULL if absent or wrong. */
const config_setting_t *want_group(struct cctx *c, const config_setting_t *parent,
				   const char *name, int type);

/** Integer member in [min, max] into *out; left alone when absent. */
void get_u32(struct cctx *c, const config_setting_t *grp, const char *name, uint32_t *out,
	     uint32_t min, uint32_t max);
void get_u16(struct cctx *c, const config_setting_t *grp, const char *name, uint16_t *out,
	     uint16_t min, uint16_t max);

/** A true / false member into *out; left alone when absent. */
void get_flag(struct cctx *c, const config_setting_t *grp, const char *name, uint8_t *out);

/** String member or NULL; @p required reports its absence. */
const char *get_str(struct cctx *c, const config_setting_t *grp, const char *name, int required);

/** Copy string @p v of member @p name into dst[len], refusing what does not fit. */
void copy_str(struct cctx *c, const config_setting_t *grp, const char *name, const char *v,
	      char *dst, size_t len);

/** One element of a list section, parsed into the next free slot. */
typedef void (*elem_fn)(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg);

/**
 * Walk a list section ("ports = ( {...}, {...} );"): every element must be
 * a group (@p shape shows what one looks like), at most @p max of them;
 * @p fn parses element number *n, then *n advances.
 */
const config_setting_t *parse_list(struct cctx *c, const config_setting_t *root,
				   const char *name, const char *shape, uint32_t *n, uint32_t max,
				   struct bngd_config *cfg, elem_fn fn);

/** The "nat" section (bngd_config_nat.c). */
void bngd_config_parse_nat(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg);

/** The "neighbor_table" section and its defaults (bngd_config_edge.c). */
void bngd_config_parse_edge(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg);
void bngd_config_edge_defaults(struct bngd_config *cfg);

/** A port's subscriber_vlans = { outer = "100-199"; inner = "1-4094"; } (bngd_config_edge.c). */
void bngd_config_parse_vlans(struct cctx *c, const config_setting_t *port,
			     struct bngd_port_cfg *pc);

/** A port's "ra" group: router advertisements (bngd_config_edge.c). */
void bngd_config_parse_ra(struct cctx *c, const config_setting_t *port, struct bngd_port_cfg *pc);

/** The "aaa" section: RADIUS servers (bngd_config_pppoe.c). */
void bngd_config_parse_aaa(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg);

/** The "pppoe" section (bngd_config_pppoe.c). */
void bngd_config_parse_pppoe(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg);

/** The "dhcp" section, and its checks once the ports are known. */
void bngd_config_parse_dhcp(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg);
void bngd_config_check_dhcp(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg);

/** The "screens" section: zones of the stateless screens, once the ports are known (bngd_config_screen.c). */
void bngd_config_parse_screens(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg);

/** The "qos" section: profiles and who gets them, once ports and neighbors are known (bngd_config_qos.c). */
void bngd_config_parse_qos(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg);

/** The "acl" section and its rules file (bngd_config_acl.c). */
void bngd_config_parse_acl(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg);

/** Its checks against the tenants, once they are known. */
void bngd_config_check_nat(struct cctx *c, struct bngd_config *cfg);

#endif /* BNGD_CONFIG_PRIV_H */
