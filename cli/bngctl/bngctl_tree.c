/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The command tree as bngd describes it with "@tree", and what may follow a
 * partly typed line. Commands are matched the way bngd's registry matches
 * them (longest path that prefixes the words), so what completes here is
 * what the server will run. Argument keywords come from each command's
 * args text, e.g. "[tenant N] [detail]": a lowercase word opening a group
 * (or an alternative after '|', or standing outside any group) is a
 * keyword, and it expects a value when a placeholder follows it in its
 * group. Anything outside "[...]" is taken as required.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bngctl.h"

int
bngctl_split(const char *line, char *buf, size_t buflen, char **words, int max)
{
	int n = 0;
	char *save = NULL;

	snprintf(buf, buflen, "%s", line);
	for (char *p = strtok_r(buf, " \t\r\n", &save); p != NULL && n < max;
	     p = strtok_r(NULL, " \t\r\n", &save))
		words[n++] = p;
	return n;
}

static int
is_keyword(const char *s, size_t len)
{
	if (len == 0 || !islower((unsigned char)s[0]))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) &&
		    strchr("-_.:", s[i]) == NULL)
			return 0;
	return 1;
}

static int
is_punct(char ch)
{
	return strchr("[]{}()|<>", ch) != NULL;
}

/* Keyword s[0..len) with placeholder v[0..vlen) after it, or none when vlen is 0. */
static int
add_kw(struct bngctl_cmd *c, const char *s, size_t len, const char *v, size_t vlen)
{
	struct bngctl_kw *k;

	for (int i = 0; i < c->nkws; i++)
		if (strlen(c->kws[i].name) == len && strncmp(c->kws[i].name, s, len) == 0)
			return 0;
	if (c->nkws == BNGCTL_KWS_MAX)
		return 0; /* more than anyone types; the rest just do not complete */
	k = realloc(c->kws, sizeof(*k) * (size_t)(c->nkws + 1));
	if (k == NULL)
		return -1;
	c->kws = k;
	k[c->nkws].name = strndup(s, len);
	k[c->nkws].value = vlen ? strndup(v, vlen) : NULL;
	if (k[c->nkws].name == NULL || (vlen && k[c->nkws].value == NULL)) {
		free(k[c->nkws].name);
		free(k[c->nkws].value);
		return -1;
	}
	c->nkws++;
	return 0;
}

/* Skip blanks and return the start of the next token (a word or one punctuation char). */
static const char *
next_token(const char *p, size_t *len)
{
	const char *q;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0') {
		*len = 0;
		return p;
	}
	if (is_punct(*p)) {
		*len = 1;
		return p;
	}
	for (q = p; *q != '\0' && *q != ' ' && *q != '\t' && !is_punct(*q); q++)
		;
	*len = (size_t)(q - p);
	return p;
}

static int
parse_args(struct bngctl_cmd *c)
{
	const char *p = c->args;
	int depth = 0, square = 0, angle = 0, opens = 1;
	size_t len;

	for (p = next_token(p, &len); len > 0; p = next_token(p + len, &len)) {
		if (is_punct(*p)) {
			switch (*p) {
			case '[':
				square++;
				/* fall through */
			case '{': case '(':
				depth++;
				break;
			case ']':
				square -= square > 0;
				/* fall through */
			case '}': case ')':
				depth -= depth > 0;
				break;
			case '<':
				c->needs_args |= square == 0;
				angle++;
				break;
			case '>':
				angle -= angle > 0;
				break;
			}
			opens = strchr("[{(|", *p) != NULL;
			continue;
		}
		/* Anything outside "[...]" must be given. */
		c->needs_args |= square == 0;
		/* "<name>" is a placeholder however it is spelt. */
		if (!angle && (opens || depth == 0) && is_keyword(p, len)) {
			size_t nlen;
			const char *n = next_token(p + len, &nlen);

			if (nlen > 0 && *n == '<') {
				const char *end = strchr(n, '>');

				nlen = end ? (size_t)(end - n) + 1 : strlen(n);
			} else if (nlen > 0 && is_punct(*n)) {
				nlen = 0; /* "]" or "|": a flag, not followed by a value */
			}
			if (add_kw(c, p, len, n, nlen) != 0)
				return -1;
		}
		opens = 0;
	}
	return 0;
}

static char *
str_field(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return strdup(s ? s : "");
}

static int
add_cmd(struct bngctl_tree *t, json_t *o)
{
	struct bngctl_cmd *c = &t->cmds[t->n];
	char buf[1024], *w[BNGCTL_WORDS_MAX];
	int n;

	if (!json_is_string(json_object_get(o, "path")))
		return 0; /* not a command we could complete; skip it */
	memset(c, 0, sizeof(*c));
	c->path = str_field(o, "path");
	c->args = str_field(o, "args");
	c->help = str_field(o, "help");
	if (c->path == NULL || c->args == NULL || c->help == NULL)
		goto fail;
	n = bngctl_split(c->path, buf, sizeof(buf), w, BNGCTL_WORDS_MAX);
	if (n == 0)
		goto fail_skip;
	c->words = calloc((size_t)n, sizeof(*c->words));
	if (c->words == NULL)
		goto fail;
	for (c->nwords = 0; c->nwords < n; c->nwords++) {
		c->words[c->nwords] = strdup(w[c->nwords]);
		if (c->words[c->nwords] == NULL)
			goto fail;
	}
	if (parse_args(c) != 0)
		goto fail;
	t->n++;
	return 0;
fail:
	t->n++; /* let bngctl_tree_free() release the partial entry */
	return -1;
fail_skip:
	free(c->path);
	free(c->args);
	free(c->help);
	return 0;
}

int
bngctl_tree_parse(struct bngctl_tree *t, const char *json, size_t len, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root, *a, *o;
	size_t i;

	memset(t, 0, sizeof(*t));
	root = json_loadb(json, len, 0, &je);
	if (root == NULL) {
		snprintf(err, errlen, "command tree is not JSON: %s (line %d)", je.text, je.line);
		return -1;
	}
	a = json_object_get(root, "commands");
	if (!json_is_array(a)) {
		snprintf(err, errlen, "command tree has no \"commands\" array");
		json_decref(root);
		return -1;
	}
	t->cmds = calloc(json_array_size(a) + 1, sizeof(*t->cmds));
	if (t->cmds == NULL)
		goto oom;
	json_array_foreach(a, i, o)
		if (add_cmd(t, o) != 0)
			goto oom;
	json_decref(root);
	return 0;
oom:
	snprintf(err, errlen, "out of memory reading the command tree");
	json_decref(root);
	bngctl_tree_free(t);
	return -1;
}

void
bngctl_tree_free(struct bngctl_tree *t)
{
	for (int i = 0; i < t->n; i++) {
		struct bngctl_cmd *c = &t->cmds[i];

		for (int k = 0; k < c->nwords; k++)
			free(c->words[k]);
		for (int k = 0; k < c->nkws; k++) {
			free(c->kws[k].name);
			free(c->kws[k].value);
		}
		free(c->words);
		free(c->kws);
		free(c->path);
		free(c->args);
		free(c->help);
	}
	free(t->cmds);
	memset(t, 0, sizeof(*t));
}

/* Does @c's path start with the n words @w? */
static int
path_starts_with(const struct bngctl_cmd *c, char **w, int n)
{
	if (n > c->nwords)
		return 0;
	for (int k = 0; k < n; k++)
		if (strcmp(c->words[k], w[k]) != 0)
			return 0;
	return 1;
}

const struct bngctl_cmd *
bngctl_tree_find(const struct bngctl_tree *t, char **w, int n)
{
	const struct bngctl_cmd *best = NULL;

	for (int i = 0; i < t->n; i++) {
		const struct bngctl_cmd *c = &t->cmds[i];

		if (c->nwords <= n && path_starts_with(c, w, c->nwords) &&
		    (best == NULL || c->nwords > best->nwords))
			best = c;
	}
	return best;
}

static int
cands_add(struct bngctl_cands *c, const char *s)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->v[i], s) == 0)
			return 0;
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 16;
		char **v = realloc(c->v, sizeof(*v) * (size_t)cap);

		if (v == NULL)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n] = strdup(s);
	if (c->v[c->n] == NULL)
		return -1;
	c->n++;
	return 0;
}

void
bngctl_cands_free(struct bngctl_cands *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

size_t
bngctl_cands_common(const struct bngctl_cands *c)
{
	size_t len;

	if (c->n == 0)
		return 0;
	len = strlen(c->v[0]);
	for (int i = 1; i < c->n; i++) {
		size_t k = 0;

		while (k < len && c->v[i][k] == c->v[0][k])
			k++;
		len = k;
	}
	return len;
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const struct bngctl_kw *
find_kw(const struct bngctl_cmd *c, const char *name)
{
	for (int i = 0; i < c->nkws; i++)
		if (strcmp(c->kws[i].name, name) == 0)
			return &c->kws[i];
	return NULL;
}

int
bngctl_cmd_continues(const struct bngctl_cmd *c, char **w, int n, const char *prefix)
{
	return c->nwords > n && path_starts_with(c, w, n) && starts_with(c->words[n], prefix);
}

int
bngctl_tree_complete_path(const struct bngctl_tree *t, char **w, int n, const char *prefix,
			  struct bngctl_cands *out)
{
	int first = out->n;

	for (int i = 0; i < t->n; i++) {
		const struct bngctl_cmd *c = &t->cmds[i];

		if (bngctl_cmd_continues(c, w, n, prefix) && cands_add(out, c->words[n]) != 0)
			return -1;
	}
	if (out->n > first)
		qsort(out->v + first, (size_t)(out->n - first), sizeof(*out->v), cmp_str);
	return 0;
}

int
bngctl_tree_complete_args(const struct bngctl_tree *t, const struct bngctl_cmd *c, char **w, int n,
			  const char *prefix, struct bngctl_cands *out,
			  const struct bngctl_kw **expects)
{
	char used[BNGCTL_KWS_MAX] = { 0 };
	int json = 0;

	*expects = NULL;
	/* "help" takes command words: complete them as at the start of a line. */
	if (strcmp(c->path, "help") == 0)
		return bngctl_tree_complete_path(t, w + c->nwords, n - c->nwords, prefix, out);
	for (int i = c->nwords; i < n; i++) {
		const struct bngctl_kw *k = find_kw(c, w[i]);

		json |= strcmp(w[i], "json") == 0;
		if (k == NULL)
			continue;
		used[k - c->kws] = 1;
		if (k->value != NULL) {
			if (i + 1 == n) {
				*expects = k;
				return 0;
			}
			i++; /* skip the value, which may look like a keyword */
		}
	}
	for (int i = 0; i < c->nkws; i++)
		if (!used[i] && starts_with(c->kws[i].name, prefix) &&
		    cands_add(out, c->kws[i].name) != 0)
			return -1;
	/* Where required arguments must come first, "json" would only mislead. */
	if (!json && !(c->needs_args && n == c->nwords) && starts_with("json", prefix) &&
	    cands_add(out, "json") != 0)
		return -1;
	return 0;
}

int
bngctl_tree_complete(const struct bngctl_tree *t, char **w, int n, const char *prefix,
		     struct bngctl_cands *out)
{
	const struct bngctl_cmd *c;
	const struct bngctl_kw *expects;

	if (bngctl_tree_complete_path(t, w, n, prefix, out) != 0)
		return -1;
	c = bngctl_tree_find(t, w, n);
	if (c == NULL)
		return 0;
	return bngctl_tree_complete_args(t, c, w, n, prefix, out, &expects);
}
