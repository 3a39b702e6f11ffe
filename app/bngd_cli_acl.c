/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * "show acl" (the rules in force, in order, with their hits), "show acl
 * statistics" (new flows by verdict, answers to rejected flows, reloads)
 * and "reload acl". Hits are per worker, summed here (aligned 64-bit
 * loads, no locks); a policy's hits start at zero when it is built.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_common.h>

#include "bngd_acl.h"
#include "bngd_cli_acl.h"

static json_t *
policy_head(const struct bngd_acl *acl)
{
	const struct screen_acl *p = acl->cur;

	if (p == NULL)
		return json_pack("{s:b, s:s}", "enabled", 0, "default", "permit");
	return json_pack("{s:b, s:I, s:s, s:I, s:s, s:I}", "enabled", 1, "generation",
			 (json_int_t)p->generation, "default",
			 screen_acl_action_name(p->default_action), "rules", (json_int_t)p->n_rules,
			 "file", acl->file, "build_us", (json_int_t)p->build_us);
}

static int
show_acl(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	struct bngd *app = arg;
	const struct screen_acl *p;
	uint64_t *hits;
	json_t *o, *rules;
	char text[SCREEN_ACL_LINE_MAX];

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	bngd_acl_reclaim(app);
	p = app->acl->cur;
	o = policy_head(app->acl);
	if (p == NULL) {
		json_object_set_new(o, "list", json_array());
		*out = o;
		return 0;
	}
	hits = calloc(p->n_rules + 1, sizeof(*hits));
	if (hits == NULL) {
		json_decref(o);
		cli_error(req, "out of memory");
		return -1;
	}
	screen_acl_hits_sum(p, hits);
	rules = json_array();
	for (uint32_t i = 0; i < p->n_rules; i++) {
		screen_acl_rule_format(&p->rules[i], text, sizeof(text));
		json_array_append_new(rules, json_pack("{s:I, s:I, s:s, s:s, s:I}", "index",
			(json_int_t)i + 1, "line", (json_int_t)p->rules[i].line, "action",
			screen_acl_action_name(p->rules[i].action), "rule", text, "hits",
			(json_int_t)hits[i]));
	}
	json_object_set_new(o, "list", rules);
	json_object_set_new(o, "default_hits", json_integer((json_int_t)hits[p->n_rules]));
	free(hits);
	*out = o;
	return 0;
}

static void
show_acl_text(const json_t *res, FILE *out)
{
	const json_t *r;
	size_t i;

	if (!json_is_true(json_object_get(res, "enabled"))) {
		fprintf(out, "no ACL policy (the configuration has no acl section): every flow "
			"permitted\n");
		return;
	}
	fprintf(out, "acl generation %" JSON_INTEGER_FORMAT ", %" JSON_INTEGER_FORMAT
		" rules, default %s\n", json_integer_value(json_object_get(res, "generation")),
		json_integer_value(json_object_get(res, "rules")),
		json_string_value(json_object_get(res, "default")));
	if (json_string_length(json_object_get(res, "file")))
		fprintf(out, "rules file %s\n", json_string_value(json_object_get(res, "file")));
	fprintf(out, "%6s %6s %14s  %s\n", "#", "line", "hits", "rule");
	json_array_foreach(json_object_get(res, "list"), i, r)
		fprintf(out, "%6" JSON_INTEGER_FORMAT " %6" JSON_INTEGER_FORMAT " %14"
			JSON_INTEGER_FORMAT "  %s\n", json_integer_value(json_object_get(r, "index")),
			json_integer_value(json_object_get(r, "line")),
			json_integer_value(json_object_get(r, "hits")),
			json_string_value(json_object_get(r, "rule")));
	fprintf(out, "%6s %6s %14" JSON_INTEGER_FORMAT "  %s (default)\n", "-", "-",
		json_integer_value(json_object_get(res, "default_hits")),
		json_string_value(json_object_get(res, "default")));
}

static int
show_acl_stats(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	struct bngd *app = arg;
	const struct bngd_acl *acl = app->acl;
	uint64_t s[7] = { 0 };
	json_t *o;

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	for (uint16_t w = 0; w < acl->n_workers; w++) {
		const struct bngd_acl_worker *aw = acl->w[w];

		s[0] += aw->permitted;
		s[1] += aw->denied;
		s[2] += aw->rejected;
		s[3] += aw->resets;
		s[4] += aw->unreachables;
		s[5] += aw->rate_limited;
		s[6] += aw->suppressed;
	}
	o = policy_head(acl);
	json_object_set_new(o, "new_flows", json_pack("{s:I, s:I, s:I}", "permitted",
		(json_int_t)s[0], "denied", (json_int_t)s[1], "rejected", (json_int_t)s[2]));
	json_object_set_new(o, "answers", json_pack("{s:I, s:I, s:I, s:I}", "tcp_resets",
		(json_int_t)s[3], "icmp_unreachables", (json_int_t)s[4], "rate_limited",
		(json_int_t)s[5], "suppressed", (json_int_t)s[6]));
	json_object_set_new(o, "reloads", json_integer((json_int_t)acl->reloads));
	json_object_set_new(o, "reload_failures", json_integer((json_int_t)acl->reload_failures));
	json_object_set_new(o, "retired_pending", json_integer((json_int_t)acl->n_retired));
	json_object_set_new(o, "reload", json_pack("{s:s, s:s}", "state",
		acl->building ? "building" : "idle", "result", acl->result));
	*out = o;
	return 0;
}

static int
reload_acl(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	struct bngd *app = arg;
	static char msg[16384];

	if (cli_args(req, argc, argv, NULL, NULL, NULL, NULL) != 0)
		return -1;
	if (bngd_acl_reload(app, msg, sizeof(msg)) != 0) {
		cli_error(req, "%s", msg);
		return -1;
	}
	*out = policy_head(app->acl);
	json_object_set_new(*out, "result", json_string(msg));
	return 0;
}

static void
reload_acl_text(const json_t *res, FILE *out)
{
	fprintf(out, "%s\n", json_string_value(json_object_get(res, "result")));
}

void
bngd_acl_metrics(FILE *f, const json_t *st)
{
	static const char *const flows[] = { "permitted", "denied", "rejected" };
	static const char *const answers[] = { "tcp_resets", "icmp_unreachables", "rate_limited",
						"suppressed" };
	const json_t *nf = json_object_get(st, "new_flows"), *an = json_object_get(st, "answers");

	fprintf(f, "# HELP bng_acl_new_flows_total new flows the ACL judged, by verdict\n"
		"# TYPE bng_acl_new_flows_total counter\n");
	for (size_t i = 0; i < RTE_DIM(flows); i++)
		fprintf(f, "bng_acl_new_flows_total{verdict=\"%s\"} %" JSON_INTEGER_FORMAT "\n",
			flows[i], json_integer_value(json_object_get(nf, flows[i])));
	fprintf(f, "# HELP bng_acl_answers_total answers to rejected flows: sent (tcp_resets, "
		"icmp_unreachables) or not (rate_limited, suppressed)\n"
		"# TYPE bng_acl_answers_total counter\n");
	for (size_t i = 0; i < RTE_DIM(answers); i++)
		fprintf(f, "bng_acl_answers_total{kind=\"%s\"} %" JSON_INTEGER_FORMAT "\n",
			answers[i], json_integer_value(json_object_get(an, answers[i])));
	fprintf(f, "# HELP bng_acl_rules rules of the ACL policy in force\n# TYPE bng_acl_rules gauge\n"
		"bng_acl_rules %" JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(st, "rules")));
	fprintf(f, "# HELP bng_acl_reloads_total ACL reloads put in force\n"
		"# TYPE bng_acl_reloads_total counter\nbng_acl_reloads_total %" JSON_INTEGER_FORMAT "\n",
		json_integer_value(json_object_get(st, "reloads")));
	fprintf(f, "# HELP bng_acl_reload_failures_total ACL reloads refused (the rules in force kept)\n"
		"# TYPE bng_acl_reload_failures_total counter\nbng_acl_reload_failures_total %"
		JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(st, "reload_failures")));
}

static const struct cli_cmd acl_cmds[] = {
	{ "show acl", "", "the ACL rules in force, in order, with their hits since they were loaded",
	  show_acl, show_acl_text },
	{ "show acl statistics", "", "new flows permitted, denied and rejected; answers to "
	  "rejected flows; reloads", show_acl_stats, NULL },
	{ "reload acl", "", "read the acl section and its rules file again and put the new rules "
	  "in force (the old ones stay if the new ones have errors)", reload_acl, reload_acl_text },
};

int
bngd_cli_acl_register(struct cli_registry *r, struct bngd *app)
{
	return cli_register(r, acl_cmds, RTE_DIM(acl_cmds), app);
}
