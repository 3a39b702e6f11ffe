/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * CUnit tests of bngctl's command tree: bad trees first, then keywords read
 * from args texts, the longest-path match bngd also uses, and what TAB
 * offers after a partly typed line. Needs no bngd and no terminal.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "bngctl.h"

static const char tree_json[] =
	"{\"commands\": ["
	"{\"path\": \"show version\", \"args\": \"\", \"help\": \"version\"},"
	"{\"path\": \"show sessions\", \"args\": \"[tenant N] [address A] [detail] [limit N]\","
	" \"help\": \"list sessions\"},"
	"{\"path\": \"show sessions summary\", \"args\": \"[tenant N]\", \"help\": \"counts\"},"
	"{\"path\": \"show stats\"},"
	"{\"path\": \"set log level\", \"args\": \"debug|info|error\", \"help\": \"level\"},"
	"{\"path\": \"set mode\", \"args\": \"<mode> [force]\", \"help\": \"\"},"
	"{\"path\": \"help\", \"args\": \"[WORDS...]\", \"help\": \"list commands\"},"
	"{\"args\": \"no path: skipped\"}"
	"]}";

static struct bngctl_tree tree;

/* Candidates after @line (complete words, then the partial word) as "a b c". */
static const char *
cands(const char *line)
{
	static char res[512];
	char buf[256], *w[BNGCTL_WORDS_MAX], copy[256];
	const char *prefix = strrchr(line, ' ');
	struct bngctl_cands c = { 0 };
	int n;

	prefix = prefix ? prefix + 1 : line;
	snprintf(copy, sizeof(copy), "%.*s", (int)(prefix - line), line);
	n = bngctl_split(copy, buf, sizeof(buf), w, BNGCTL_WORDS_MAX);
	CU_ASSERT_FATAL(bngctl_tree_complete(&tree, w, n, prefix, &c) == 0);
	res[0] = '\0';
	for (int i = 0; i < c.n; i++)
		snprintf(res + strlen(res), sizeof(res) - strlen(res), "%s%s", i ? " " : "", c.v[i]);
	bngctl_cands_free(&c);
	return res;
}

static void
test_parse_bad(void)
{
	struct bngctl_tree t;
	char err[128];

	CU_ASSERT(bngctl_tree_parse(&t, "not json", 8, err, sizeof(err)) == -1);
	CU_ASSERT(strstr(err, "not JSON") != NULL);
	CU_ASSERT(bngctl_tree_parse(&t, "{}", 2, err, sizeof(err)) == -1);
	CU_ASSERT(strstr(err, "\"commands\"") != NULL);
	CU_ASSERT(bngctl_tree_parse(&t, "{\"commands\": []}", 16, err, sizeof(err)) == 0);
	CU_ASSERT(t.n == 0);
	bngctl_tree_free(&t);
}

static void
test_keywords(void)
{
	char *w[] = { "set", "mode" };
	const struct bngctl_cmd *c;

	CU_ASSERT_EQUAL(tree.n, 7); /* the entry without a path is skipped */
	c = &tree.cmds[1];
	CU_ASSERT_STRING_EQUAL(c->path, "show sessions");
	CU_ASSERT_EQUAL(c->nkws, 4);
	CU_ASSERT_STRING_EQUAL(c->kws[0].name, "tenant");
	CU_ASSERT_STRING_EQUAL(c->kws[0].value, "N");
	CU_ASSERT_STRING_EQUAL(c->kws[2].name, "detail");
	CU_ASSERT_PTR_NULL(c->kws[2].value);
	CU_ASSERT(!c->needs_args);
	c = &tree.cmds[4];
	CU_ASSERT_EQUAL(c->nkws, 3); /* alternatives are keywords */
	CU_ASSERT(c->needs_args);
	c = bngctl_tree_find(&tree, w, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->nkws, 1); /* "<mode>" is a placeholder */
	CU_ASSERT_STRING_EQUAL(c->kws[0].name, "force");
	CU_ASSERT(c->needs_args);
	CU_ASSERT_EQUAL(tree.cmds[6].nkws, 0); /* "WORDS" is no keyword */
}

static void
test_find(void)
{
	char *a[] = { "show", "sessions", "summary", "tenant", "1" };
	char *b[] = { "show" };
	char *d[] = { "show", "sessionz" };

	CU_ASSERT_STRING_EQUAL(bngctl_tree_find(&tree, a, 5)->path, "show sessions summary");
	CU_ASSERT_STRING_EQUAL(bngctl_tree_find(&tree, a, 2)->path, "show sessions");
	CU_ASSERT_PTR_NULL(bngctl_tree_find(&tree, b, 1));
	CU_ASSERT_PTR_NULL(bngctl_tree_find(&tree, d, 2));
}

static void
test_complete(void)
{
	CU_ASSERT_STRING_EQUAL(cands("sh"), "show");
	CU_ASSERT_STRING_EQUAL(cands(""), "help set show");
	CU_ASSERT_STRING_EQUAL(cands("show "), "sessions stats version");
	CU_ASSERT_STRING_EQUAL(cands("show s"), "sessions stats");
	CU_ASSERT_STRING_EQUAL(cands("show se"), "sessions");
	CU_ASSERT_STRING_EQUAL(cands("show sessions "), "summary tenant address detail limit json");
	CU_ASSERT_STRING_EQUAL(cands("show sessions te"), "tenant");
	CU_ASSERT_STRING_EQUAL(cands("show sessions tenant "), ""); /* its value comes next */
	CU_ASSERT_STRING_EQUAL(cands("show sessions tenant 5 "), "address detail limit json");
	CU_ASSERT_STRING_EQUAL(cands("show sessions tenant detail "), "address detail limit json");
	CU_ASSERT_STRING_EQUAL(cands("show sessions detail json "), "tenant address limit");
	CU_ASSERT_STRING_EQUAL(cands("show version "), "json");
	CU_ASSERT_STRING_EQUAL(cands("set log level "), "debug info error");
	CU_ASSERT_STRING_EQUAL(cands("set log level info "), "debug error json");
	CU_ASSERT_STRING_EQUAL(cands("set mode "), "force");
	CU_ASSERT_STRING_EQUAL(cands("set mode fast "), "force json");
	CU_ASSERT_STRING_EQUAL(cands("help sh"), "show");
	CU_ASSERT_STRING_EQUAL(cands("help show s"), "sessions stats");
	CU_ASSERT_STRING_EQUAL(cands("bogus "), "");
}

static void
test_common(void)
{
	struct bngctl_cands c = { 0 };
	char *w[] = { "show" };

	CU_ASSERT_EQUAL(bngctl_cands_common(&c), 0);
	CU_ASSERT(bngctl_tree_complete_path(&tree, w, 1, "s", &c) == 0);
	CU_ASSERT_EQUAL(bngctl_cands_common(&c), 1); /* "sessions", "stats" */
	bngctl_cands_free(&c);
	CU_ASSERT(bngctl_tree_complete_path(&tree, w, 1, "se", &c) == 0);
	CU_ASSERT_EQUAL(bngctl_cands_common(&c), strlen("sessions"));
	bngctl_cands_free(&c);
}

int
main(void)
{
	char err[128];
	CU_pSuite s;
	unsigned int failed;

	if (bngctl_tree_parse(&tree, tree_json, strlen(tree_json), err, sizeof(err)) != 0) {
		fprintf(stderr, "test tree: %s\n", err);
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("bngctl_tree", NULL, NULL);
	CU_add_test(s, "bad trees", test_parse_bad);
	CU_add_test(s, "keywords from args", test_keywords);
	CU_add_test(s, "longest path", test_find);
	CU_add_test(s, "completion", test_complete);
	CU_add_test(s, "common prefix", test_common);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	bngctl_tree_free(&tree);
	return failed ? 1 : 0;
}
