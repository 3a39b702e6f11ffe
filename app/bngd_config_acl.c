/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The "acl" section (see bngd_acl_cfg.h) and its rules file. Every bad rule
 * is reported with where it is (the configuration's line for an inline
 * rule, the rules file's line otherwise), the rule's text and what is wrong
 * with it; parsing goes on so one pass reports them all.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "bngd_config_priv.h"

void
bngd_acl_cfg_defaults(struct bngd_acl_cfg *a)
{
	memset(a, 0, sizeof(*a));
	a->default_action = SCREEN_ACL_PERMIT;
	a->reject_rate = 100;
	a->reject_burst = 50;
}

void
bngd_acl_cfg_release(struct bngd_acl_cfg *a)
{
	free(a->rules);
	a->rules = NULL;
	a->n_rules = a->n_inline = 0;
}

/* Room for one more rule (the array doubles). @return it, or NULL. */
static struct screen_acl_rule *
next_rule(struct bngd_acl_cfg *a, uint32_t *cap)
{
	if (a->n_rules == *cap) {
		uint32_t n = *cap ? *cap * 2 : 64;
		struct screen_acl_rule *r = realloc(a->rules, n * sizeof(*r));

		if (r == NULL)
			return NULL;
		a->rules = r;
		*cap = n;
	}
	return &a->rules[a->n_rules];
}

/* The rules file, relative to the configuration's folder unless absolute. */
static void
resolve(const char *source, const char *file, char *out, size_t len)
{
	char dir[512];

	if (file[0] == '/' || strchr(source, '/') == NULL) {
		snprintf(out, len, "%s", file);
		return;
	}
	snprintf(dir, sizeof(dir), "%s", source);
	snprintf(out, len, "%s/%s", dirname(dir), file);
}

static void
read_rules_file(struct cctx *c, const config_setting_t *at, struct bngd_acl_cfg *a,
		uint32_t *cap)
{
	FILE *f = fopen(a->file, "r");
	char line[SCREEN_ACL_LINE_MAX + 2], err[200];
	uint32_t no = 0;

	if (f == NULL) {
		cerr(c, at, NULL, "cannot read rules file %s: %s", a->file, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		struct screen_acl_rule *r;
		size_t l = strlen(line);
		int rc;

		no++;
		if (l && line[l - 1] == '\n')
			line[--l] = '\0';
		else if (!feof(f)) {
			int ch;

			fprintf(c->err, "%s:%u: rule longer than %u characters\n", a->file, no,
				SCREEN_ACL_LINE_MAX);
			c->nerr++;
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
			continue;
		}
		r = next_rule(a, cap);
		if (r == NULL) {
			cerr(c, at, NULL, "out of memory reading %s", a->file);
			break;
		}
		rc = screen_acl_rule_parse(line, r, err, sizeof(err));
		if (rc < 0) {
			fprintf(c->err, "%s:%u: rule \"%s\": %s\n", a->file, no, line, err);
			c->nerr++;
		} else if (rc > 0) {
			r->line = no;
			if (a->n_rules == SCREEN_ACL_MAX_RULES) {
				fprintf(c->err, "%s:%u: more than %u rules\n", a->file, no,
					SCREEN_ACL_MAX_RULES);
				c->nerr++;
				break;
			}
			a->n_rules++;
		}
	}
	fclose(f);
}

/* rules = ( "permit ...", ... ): each element a rule's text. */
static void
parse_inline(struct cctx *c, const config_setting_t *l, struct bngd_acl_cfg *a, uint32_t *cap)
{
	char err[200];

	if (config_setting_type(l) != CONFIG_TYPE_LIST && config_setting_type(l) != CONFIG_TYPE_ARRAY) {
		cerr(c, l, NULL, "must be a list of rules: ( \"permit proto tcp dport 80\", ... )");
		return;
	}
	for (int i = 0; i < config_setting_length(l); i++) {
		const config_setting_t *e = config_setting_get_elem(l, (unsigned int)i);
		const char *text = config_setting_get_string(e);
		struct screen_acl_rule *r;
		int rc;

		if (text == NULL) {
			cerr(c, e, NULL, "a rule is a string: \"deny proto tcp dport 23\"");
			continue;
		}
		r = next_rule(a, cap);
		if (r == NULL) {
			cerr(c, e, NULL, "out of memory");
			return;
		}
		rc = screen_acl_rule_parse(text, r, err, sizeof(err));
		if (rc < 0) {
			cerr(c, e, NULL, "rule \"%s\": %s", text, err);
		} else if (rc == 0) {
			cerr(c, e, NULL, "an empty rule");
		} else {
			r->line = (uint32_t)config_setting_source_line(e);
			a->n_rules++;
		}
	}
}

/* The section into @p a (defaults first); the caller counts errors in @p c. */
static void
parse_section(struct cctx *c, const config_setting_t *root, struct bngd_acl_cfg *a)
{
	static const char *const allowed[] = { "default", "reject_rate", "reject_burst", "rules",
					       "file", NULL };
	const config_setting_t *s = want_group(c, root, "acl", CONFIG_TYPE_GROUP);
	const config_setting_t *l;
	const char *v;
	uint32_t cap = 0;

	bngd_acl_cfg_defaults(a);
	if (s == NULL)
		return;
	a->enabled = 1;
	check_members(c, s, allowed);
	if ((v = get_str(c, s, "default", 0)) != NULL) {
		int act = screen_acl_action_from_name(v);

		if (act < 0)
			cerr(c, s, "default", "\"%s\" is not an action (permit, deny, reject)", v);
		else
			a->default_action = (uint8_t)act;
	}
	get_u32(c, s, "reject_rate", &a->reject_rate, 0, 1000000);
	get_u32(c, s, "reject_burst", &a->reject_burst, 1, 1000000);
	if ((l = config_setting_get_member(s, "rules")) != NULL)
		parse_inline(c, l, a, &cap);
	a->n_inline = a->n_rules;
	if ((v = get_str(c, s, "file", 0)) != NULL) {
		if (v[0] == '\0')
			cerr(c, s, "file", "is empty");
		else {
			resolve(c->source, v, a->file, sizeof(a->file));
			read_rules_file(c, config_setting_get_member(s, "file"), a, &cap);
		}
	}
	if (a->n_rules > SCREEN_ACL_MAX_RULES)
		cerr(c, s, NULL, "%u rules: at most %u", a->n_rules, SCREEN_ACL_MAX_RULES);
}

void
bngd_config_parse_acl(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	parse_section(c, root, &cfg->acl);
}

int
bngd_acl_cfg_read(const char *source, const char *builtin, struct bngd_acl_cfg *out, FILE *err)
{
	struct cctx c = { .source = source, .err = err };
	config_t lc;
	int rc;

	config_init(&lc);
	rc = strcmp(source, "<built-in>") == 0 ? config_read_string(&lc, builtin) :
						 config_read_file(&lc, source);
	if (rc != CONFIG_TRUE) {
		if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
			fprintf(err, "%s: cannot read the file: %s\n", source, strerror(errno));
		else
			fprintf(err, "%s:%d: syntax error: %s\n", source, config_error_line(&lc),
				config_error_text(&lc));
		config_destroy(&lc);
		bngd_acl_cfg_defaults(out);
		return 1;
	}
	parse_section(&c, config_root_setting(&lc), out);
	config_destroy(&lc);
	if (c.nerr)
		bngd_acl_cfg_release(out);
	return c.nerr;
}
