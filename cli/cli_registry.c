/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Command registry: lookup by longest matching path, argument helpers,
 * suggestions for mistyped commands, and the generic text renderer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct cli_req {
	char err[512];
	int failed;
};

void
cli_error(struct cli_req *req, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(req->err, sizeof(req->err), fmt, ap);
	va_end(ap);
	req->failed = 1;
}

static int
split(char *line, char **w, int max)
{
	int n = 0;

	for (char *p = strtok(line, " \t\r\n"); p != NULL && n < max; p = strtok(NULL, " \t\r\n"))
		w[n++] = p;
	return n;
}

static int help_fn(struct cli_req *req, void *arg, int argc, char **argv, json_t **out);

static const struct cli_cmd help_cmd[] = {
	{ "help", "[WORDS...]", "list commands, or those starting with WORDS", help_fn, NULL },
};

void
cli_registry_init(struct cli_registry *r)
{
	memset(r, 0, sizeof(*r));
	cli_register(r, help_cmd, 1, r);
}

int
cli_register(struct cli_registry *r, const struct cli_cmd *cmds, unsigned int n, void *arg)
{
	for (unsigned int i = 0; i < n; i++) {
		struct cli_entry *e;
		char buf[192], *w[8];
		int nw;

		if (cmds[i].path == NULL || cmds[i].fn == NULL ||
		    strlen(cmds[i].path) >= sizeof(buf))
			return -EINVAL;
		for (unsigned int j = 0; j < r->n; j++)
			if (strcmp(r->cmds[j].cmd->path, cmds[i].path) == 0)
				return -EEXIST;
		if (r->n == CLI_CMDS_MAX)
			return -ENOSPC;
		snprintf(buf, sizeof(buf), "%s", cmds[i].path);
		nw = split(buf, w, 8);
		if (nw == 0)
			return -EINVAL;
		e = &r->cmds[r->n];
		e->cmd = &cmds[i];
		e->arg = arg;
		e->nwords = nw;
		for (int k = 0; k < nw; k++) {
			if (strlen(w[k]) >= sizeof(e->words[k]))
				return -EINVAL;
			snprintf(e->words[k], sizeof(e->words[k]), "%s", w[k]);
		}
		r->n++;
	}
	return 0;
}

/* Does entry @e start with the words w[0..n-1]? */
static int
prefix_of(const struct cli_entry *e, char **w, int n)
{
	if (n > e->nwords)
		return 0;
	for (int k = 0; k < n; k++)
		if (strcmp(e->words[k], w[k]) != 0)
			return 0;
	return 1;
}

static const struct cli_entry *
find(const struct cli_registry *r, char **w, int n)
{
	const struct cli_entry *best = NULL;

	for (unsigned int i = 0; i < r->n; i++) {
		const struct cli_entry *e = &r->cmds[i];

		if (e->nwords <= n && prefix_of(e, w, e->nwords) &&
		    (best == NULL || e->nwords > best->nwords))
			best = e;
	}
	return best;
}

static unsigned int
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned int row[64];

	if (lb >= 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned int diag = row[0];

		row[0] = (unsigned int)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned int up = row[j];
			unsigned int v = diag + (a[i - 1] != b[j - 1]);

			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (up + 1 < v)
				v = up + 1;
			row[j] = v;
			diag = up;
		}
	}
	return row[lb];
}

/* The closest command path to what was typed, or NULL. */
static const char *
suggest(const struct cli_registry *r, char **w, int n)
{
	const char *best = NULL;
	unsigned int bestd = 3;

	for (unsigned int i = 0; i < r->n; i++) {
		const struct cli_entry *e = &r->cmds[i];
		char typed[256] = "";
		size_t off = 0;
		unsigned int d;

		for (int k = 0; k < n && k < e->nwords; k++)
			off += (size_t)snprintf(typed + off, sizeof(typed) - off, "%s%s", k ? " " : "", w[k]);
		d = edit_distance(typed, e->cmd->path);
		if (d < bestd) {
			bestd = d;
			best = e->cmd->path;
		}
	}
	return best;
}

static void
unknown(const struct cli_registry *r, struct cli_req *req, char **w, int n)
{
	char list[400] = "";
	size_t off = 0;
	int cont = 0;
	const char *s;

	/* "show" alone: list how it continues. */
	for (unsigned int i = 0; i < r->n; i++) {
		const struct cli_entry *e = &r->cmds[i];

		if (e->nwords > n && prefix_of(e, w, n) && off < sizeof(list) - 1) {
			int dup = 0;

			for (unsigned int j = 0; j < i; j++)
				dup |= r->cmds[j].nwords > n && prefix_of(&r->cmds[j], w, n) &&
				       strcmp(r->cmds[j].words[n], e->words[n]) == 0;
			if (!dup)
				off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
							cont++ ? ", " : "", e->words[n]);
		}
	}
	if (cont) {
		cli_error(req, "incomplete command: \"%s\" continues with one of: %s",
			  n ? w[n - 1] : "", list);
		return;
	}
	s = suggest(r, w, n);
	if (s != NULL)
		cli_error(req, "unknown command \"%s%s%s\"; did you mean \"%s\"? (\"help\" lists all)",
			  w[0], n > 1 ? " " : "", n > 1 ? w[1] : "", s);
	else
		cli_error(req, "unknown command \"%s\" (\"help\" lists all)", n ? w[0] : "");
}

static char *
dump(const json_t *v, int json, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (f == NULL)
		return NULL;
	if (json) {
		json_dumpf(v, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		fputc('\n', f);
	} else {
		cli_render(v, f);
	}
	fclose(f);
	return buf;
}

static int
run(struct cli_registry *r, const char *line, struct cli_req *req, json_t **res, int *json,
    const struct cli_entry **cmd)
{
	char buf[CLI_LINE_MAX + 1], *w[CLI_ARGS_MAX];
	const struct cli_entry *e;
	int n;

	if (strlen(line) > CLI_LINE_MAX) {
		cli_error(req, "command longer than %d bytes", CLI_LINE_MAX);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", line);
	n = split(buf, w, CLI_ARGS_MAX);
	if (n == CLI_ARGS_MAX) {
		cli_error(req, "more than %d words", CLI_ARGS_MAX - 1);
		return -1;
	}
	if (n == 0) {
		cli_error(req, "empty command (\"help\" lists all)");
		return -1;
	}
	*json = n > 1 && strcmp(w[n - 1], "json") == 0;
	if (*json)
		n--;
	e = find(r, w, n);
	if (e == NULL) {
		unknown(r, req, w, n);
		return -1;
	}
	*cmd = e;
	*res = NULL;
	if (e->cmd->fn(req, e->arg, n - e->nwords, w + e->nwords, res) != 0 || *res == NULL) {
		if (!req->failed)
			cli_error(req, "%s: failed", e->cmd->path);
		json_decref(*res);
		*res = NULL;
		return -1;
	}
	return 0;
}

int
cli_exec(struct cli_registry *r, const char *line, char **out, size_t *len)
{
	struct cli_req req = { .failed = 0 };
	const struct cli_entry *e = NULL;
	json_t *res = NULL;
	int json = 0;

	if (strcmp(line, "@tree") == 0) {
		res = cli_tree(r);
		*out = dump(res, 1, len);
		json_decref(res);
		return *out ? 0 : -1;
	}
	if (run(r, line, &req, &res, &json, &e) != 0) {
		*len = strlen(req.err) + 1;
		*out = malloc(*len + 1);
		if (*out)
			snprintf(*out, *len + 1, "%s\n", req.err);
		return -1;
	}
	if (!json && e->cmd->text != NULL) {
		FILE *f = open_memstream(out, len);

		if (f != NULL) {
			e->cmd->text(res, f);
			fclose(f);
		}
	} else {
		*out = dump(res, json, len);
	}
	json_decref(res);
	return *out ? 0 : -1;
}

json_t *
cli_exec_json(struct cli_registry *r, const char *line)
{
	struct cli_req req = { .failed = 0 };
	const struct cli_entry *e = NULL;
	json_t *res = NULL;
	int json;

	if (run(r, line, &req, &res, &json, &e) != 0)
		return NULL;
	return res;
}

json_t *
cli_tree(const struct cli_registry *r)
{
	json_t *a = json_array();

	for (unsigned int i = 0; i < r->n; i++) {
		const struct cli_cmd *c = r->cmds[i].cmd;

		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "path", c->path, "args",
						   c->args ? c->args : "", "help",
						   c->help ? c->help : ""));
	}
	return json_pack("{s:o}", "commands", a);
}

static int
help_fn(struct cli_req *req, void *arg, int argc, char **argv, json_t **out)
{
	const struct cli_registry *r = arg;
	json_t *a = json_array();

	for (unsigned int i = 0; i < r->n; i++) {
		const struct cli_entry *e = &r->cmds[i];
		char usage[256];

		if (!prefix_of(e, argv, argc < e->nwords ? argc : e->nwords) ||
		    (argc > e->nwords))
			continue;
		snprintf(usage, sizeof(usage), "%s%s%s", e->cmd->path, e->cmd->args && *e->cmd->args ? " " : "",
			 e->cmd->args ? e->cmd->args : "");
		json_array_append_new(a, json_pack("{s:s, s:s}", "command", usage, "help",
						   e->cmd->help ? e->cmd->help : ""));
	}
	if (json_array_size(a) == 0) {
		json_decref(a);
		cli_error(req, "no command starts with \"%s\"", argc ? argv[0] : "");
		return -1;
	}
	*out = a;
	return 0;
}

int
cli_args(struct cli_req *req, int argc, char **argv, const char *const *keys, const char **vals,
	 const char *const *flags, unsigned int *fset)
{
	unsigned int nk = 0;

	while (keys != NULL && keys[nk] != NULL)
		vals[nk++] = NULL;
	if (fset)
		*fset = 0;
	for (int i = 0; i < argc; i++) {
		int found = 0;

		for (unsigned int k = 0; k < nk && !found; k++)
			if (strcmp(argv[i], keys[k]) == 0) {
				if (i + 1 >= argc) {
					cli_error(req, "\"%s\" needs a value", argv[i]);
					return -1;
				}
				vals[k] = argv[++i];
				found = 1;
			}
		for (unsigned int f = 0; flags != NULL && flags[f] != NULL && !found; f++)
			if (strcmp(argv[i], flags[f]) == 0) {
				*fset |= 1u << f;
				found = 1;
			}
		if (!found) {
			char known[256] = "";
			size_t off = 0;

			for (unsigned int k = 0; k < nk; k++)
				off += (size_t)snprintf(known + off, sizeof(known) - off, "%s%s", off ? ", " : "", keys[k]);
			for (unsigned int f = 0; flags != NULL && flags[f] != NULL; f++)
				off += (size_t)snprintf(known + off, sizeof(known) - off, "%s%s", off ? ", " : "", flags[f]);
			cli_error(req, "unexpected \"%s\"%s%s%s", argv[i], off ? " (expected: " : "",
				  known, off ? ")" : "");
			return -1;
		}
	}
	return 0;
}

int
cli_uint(struct cli_req *req, const char *what, const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	if (errno || *end != '\0' || end == s || s[0] == '-' || *v > max) {
		cli_error(req, "%s: \"%s\" is not a number from 0 to %lu", what, s, max);
		return -1;
	}
	return 0;
}

/* ---- generic renderer ---------------------------------------------------- */

static void
scalar(const json_t *v, char *buf, size_t len)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		snprintf(buf, len, "%s", json_string_value(v));
		break;
	case JSON_INTEGER:
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(buf, len, "%.2f", json_real_value(v));
		break;
	case JSON_TRUE:
		snprintf(buf, len, "yes");
		break;
	case JSON_FALSE:
		snprintf(buf, len, "no");
		break;
	case JSON_NULL:
		snprintf(buf, len, "-");
		break;
	default: {
		char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);

		snprintf(buf, len, "%s", s ? s : "?");
		free(s);
	}
	}
}

static int
is_table(const json_t *v)
{
	size_t i;
	json_t *e;

	if (!json_is_array(v) || json_array_size(v) == 0)
		return 0;
	json_array_foreach(v, i, e)
		if (!json_is_object(e))
			return 0;
	return 1;
}

static void
table(const json_t *a, FILE *out, int indent)
{
	const char *cols[32];
	size_t width[32], ncol = 0, i;
	json_t *row, *v;
	const char *k;
	char buf[256];

	json_array_foreach(a, i, row) {
		json_object_foreach((json_t *)row, k, v) {
			size_t c;

			for (c = 0; c < ncol && strcmp(cols[c], k) != 0; c++)
				;
			if (c == ncol && ncol < 32) {
				cols[ncol] = k;
				width[ncol++] = strlen(k);
			}
		}
	}
	json_array_foreach(a, i, row)
		for (size_t c = 0; c < ncol; c++) {
			v = json_object_get(row, cols[c]);
			scalar(v ? v : json_null(), buf, sizeof(buf));
			if (strlen(buf) > width[c])
				width[c] = strlen(buf);
		}
	fprintf(out, "%*s", indent, "");
	for (size_t c = 0; c < ncol; c++)
		fprintf(out, "%-*s%s", (int)width[c], cols[c], c + 1 < ncol ? "  " : "\n");
	json_array_foreach(a, i, row) {
		fprintf(out, "%*s", indent, "");
		for (size_t c = 0; c < ncol; c++) {
			v = json_object_get(row, cols[c]);
			scalar(v ? v : json_null(), buf, sizeof(buf));
			fprintf(out, "%-*s%s", (int)width[c], buf, c + 1 < ncol ? "  " : "\n");
		}
	}
}

static void
render(const json_t *v, FILE *out, int indent)
{
	char buf[512];

	if (is_table(v)) {
		table(v, out, indent);
	} else if (json_is_object(v)) {
		const char *k;
		json_t *x;

		json_object_foreach((json_t *)v, k, x) {
			if (json_is_object(x) || is_table(x)) {
				fprintf(out, "%*s%s:\n", indent, "", k);
				render(x, out, indent + 2);
			} else {
				scalar(x, buf, sizeof(buf));
				fprintf(out, "%*s%s: %s\n", indent, "", k, buf);
			}
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;

		if (json_array_size(v) == 0)
			fprintf(out, "%*s(none)\n", indent, "");
		json_array_foreach(v, i, x) {
			scalar(x, buf, sizeof(buf));
			fprintf(out, "%*s%s\n", indent, "", buf);
		}
	} else {
		scalar(v, buf, sizeof(buf));
		fprintf(out, "%*s%s\n", indent, "", buf);
	}
}

void
cli_render(const json_t *v, FILE *out)
{
	render(v, out, 0);
}
