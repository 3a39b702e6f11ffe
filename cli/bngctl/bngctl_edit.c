/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The interactive console: libedit line editing and history (kept in
 * $HOME/.bngctl_history), TAB completion and '?' help from the command tree
 * that bngd returns for "@tree". The tree is fetched when the console
 * starts and again whenever the connection had to be reopened, since a
 * restarted bngd may offer other commands.
 */
#include <errno.h>
#include <histedit.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "bngctl.h"
#include "cli.h"

#define HISTORY_SIZE 1000
#define USAGE_COL_MAX 44

struct edit {
	struct bngctl_conn *conn;
	struct bngctl_tree tree;
	int have_tree;
	char tree_err[600];
	EditLine *el;
	History *hist;
	char *hist_path; /* NULL when history is not persisted */
};

/* The words before the cursor, and the partial word the cursor ends. */
struct typed {
	char buf[CLI_LINE_MAX + 1];
	char *w[BNGCTL_WORDS_MAX];
	int n;
	char prefix[CLI_LINE_MAX + 1];
};

/* Only the SIGINT handler writes it; a request in flight gives up on it. */
static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int
fetch_tree(struct edit *x)
{
	struct bngctl_reply r;
	struct bngctl_tree t;
	enum bngctl_status s = bngctl_conn_request(x->conn, "@tree", &r);
	int ret = -1;

	switch (s) {
	case BNGCTL_REPLY_OK:
		if (bngctl_tree_parse(&t, r.body, r.len, x->tree_err, sizeof(x->tree_err)) == 0) {
			bngctl_tree_free(&x->tree);
			x->tree = t;
			x->have_tree = 1;
			ret = 0;
		}
		break;
	case BNGCTL_REPLY_ERROR:
		snprintf(x->tree_err, sizeof(x->tree_err), "bngd refused \"@tree\": %.*s",
			 (int)strcspn(r.body, "\n"), r.body);
		break;
	default:
		snprintf(x->tree_err, sizeof(x->tree_err), "%s", x->conn->err);
		break;
	}
	free(r.body);
	return ret;
}

/* Completion needs the tree; when bngd was away at start, try again now. */
static int
need_tree(struct edit *x)
{
	return x->have_tree || fetch_tree(x) == 0;
}

static void
typed_split(EditLine *el, struct typed *t)
{
	const LineInfo *li = el_line(el);
	size_t len = (size_t)(li->cursor - li->buffer), start;
	char text[CLI_LINE_MAX + 1];

	if (len > CLI_LINE_MAX)
		len = CLI_LINE_MAX;
	memcpy(text, li->buffer, len);
	text[len] = '\0';
	for (start = len; start > 0 && text[start - 1] != ' ' && text[start - 1] != '\t'; start--)
		;
	snprintf(t->prefix, sizeof(t->prefix), "%s", text + start);
	text[start] = '\0';
	t->n = bngctl_split(text, t->buf, sizeof(t->buf), t->w, BNGCTL_WORDS_MAX);
}

static unsigned int
term_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Candidates in columns, ordered down the columns as a shell lists them. */
static void
print_columns(FILE *o, const struct bngctl_cands *c)
{
	size_t maxlen = 0;
	unsigned int ncol, nrow;

	for (int i = 0; i < c->n; i++)
		if (strlen(c->v[i]) > maxlen)
			maxlen = strlen(c->v[i]);
	ncol = term_width() / (unsigned int)(maxlen + 2);
	if (ncol == 0)
		ncol = 1;
	nrow = ((unsigned int)c->n + ncol - 1) / ncol;
	for (unsigned int r = 0; r < nrow; r++) {
		for (unsigned int col = 0; col < ncol; col++) {
			unsigned int i = col * nrow + r;

			if (i < (unsigned int)c->n)
				fprintf(o, "%-*s", (int)(maxlen + 2), c->v[i]);
		}
		fputc('\n', o);
	}
}

static unsigned char
complete_fn(EditLine *el, int ch)
{
	struct edit *x;
	struct typed t;
	struct bngctl_cands c = { 0 };
	const LineInfo *li;
	unsigned char ret = CC_REFRESH;
	size_t plen, common;

	(void)ch;
	el_get(el, EL_CLIENTDATA, &x);
	if (!need_tree(x))
		return CC_ERROR;
	typed_split(el, &t);
	plen = strlen(t.prefix);
	if (bngctl_tree_complete(&x->tree, t.w, t.n, t.prefix, &c) != 0 || c.n == 0) {
		bngctl_cands_free(&c);
		return CC_ERROR;
	}
	common = bngctl_cands_common(&c);
	li = el_line(el);
	if (c.n == 1) {
		/* A blank after the cursor already separates the next word. */
		int blank_next = li->cursor < li->lastchar && (*li->cursor == ' ' || *li->cursor == '\t');

		if (el_insertstr(el, c.v[0] + plen) != 0 || (!blank_next && el_insertstr(el, " ") != 0))
			ret = CC_ERROR;
	} else if (common > plen) {
		char part[CLI_LINE_MAX + 1];

		snprintf(part, sizeof(part), "%.*s", (int)(common - plen), c.v[0] + plen);
		if (el_insertstr(el, part) != 0)
			ret = CC_ERROR;
	} else {
		fputc('\n', stdout);
		print_columns(stdout, &c);
		fflush(stdout);
		ret = CC_REDISPLAY;
	}
	bngctl_cands_free(&c);
	return ret;
}

static void
print_usage(FILE *o, const struct bngctl_cmd *c, size_t col)
{
	char usage[1024];

	snprintf(usage, sizeof(usage), "%s%s%s", c->path, *c->args ? " " : "", c->args);
	if (*c->help == '\0')
		fprintf(o, "  %s\n", usage);
	else if (strlen(usage) <= col)
		fprintf(o, "  %-*s  %s\n", (int)col, usage, c->help);
	else
		fprintf(o, "  %s\n      %s\n", usage, c->help);
}

static size_t
usage_len(const struct bngctl_cmd *c)
{
	return strlen(c->path) + (*c->args ? 1 + strlen(c->args) : 0);
}

/* The arguments @cmd still takes after what was typed. */
static void
print_next(FILE *o, struct edit *x, const struct bngctl_cmd *cmd, struct typed *t)
{
	struct bngctl_cands c = { 0 };
	const struct bngctl_kw *expects;

	if (bngctl_tree_complete_args(&x->tree, cmd, t->w, t->n, t->prefix, &c, &expects) != 0) {
		bngctl_cands_free(&c);
		return;
	}
	if (expects != NULL) {
		fprintf(o, "  next: %s, the value of \"%s\"\n", expects->value, expects->name);
	} else if (c.n == 0 && cmd->needs_args && t->n == cmd->nwords) {
		fprintf(o, "  next: %s\n", cmd->args);
	} else {
		fprintf(o, "  next:");
		for (int i = 0; i < c.n; i++)
			fprintf(o, " %s", c.v[i]);
		/* Enter runs the command unless its args text says it needs some. */
		if (c.n == 0 || !cmd->needs_args || t->n > cmd->nwords)
			fprintf(o, "%s%s", c.n ? ", or " : " ", "Enter to run it");
		fputc('\n', o);
	}
	bngctl_cands_free(&c);
}

static unsigned char
help_fn(EditLine *el, int ch)
{
	struct edit *x;
	struct typed t;
	const struct bngctl_cmd *cmd;
	size_t col = 0;
	int shown = 0;

	(void)ch;
	el_get(el, EL_CLIENTDATA, &x);
	fputc('\n', stdout);
	if (!need_tree(x)) {
		printf("  no command list from bngd: %s\n", x->tree_err);
		fflush(stdout);
		return CC_REDISPLAY;
	}
	typed_split(el, &t);
	cmd = bngctl_tree_find(&x->tree, t.w, t.n);
	/* Align the help texts after the usages that fit; longer ones get their own line. */
	for (int i = 0; i < x->tree.n; i++) {
		size_t len = usage_len(&x->tree.cmds[i]);

		if ((&x->tree.cmds[i] == cmd ||
		     bngctl_cmd_continues(&x->tree.cmds[i], t.w, t.n, t.prefix)) &&
		    len > col && len <= USAGE_COL_MAX)
			col = len;
	}
	if (cmd != NULL) {
		print_usage(stdout, cmd, col);
		shown++;
	}
	for (int i = 0; i < x->tree.n; i++)
		if (bngctl_cmd_continues(&x->tree.cmds[i], t.w, t.n, t.prefix)) {
			print_usage(stdout, &x->tree.cmds[i], col);
			shown++;
		}
	if (cmd != NULL)
		print_next(stdout, x, cmd, &t);
	if (!shown) {
		printf("  no command starts with \"");
		for (int i = 0; i < t.n; i++)
			printf("%s ", t.w[i]);
		printf("%s\" (\"help\" lists all)\n", t.prefix);
	}
	fflush(stdout);
	return CC_REDISPLAY;
}

static char *
prompt_fn(EditLine *el)
{
	static char prompt[] = "bngctl> ";

	(void)el;
	return prompt;
}

/* Persist history only where $HOME lets us; a read-only home is no error. */
static char *
history_path(void)
{
	const char *home = getenv("HOME");
	char *p;

	if (home == NULL || *home == '\0' || access(home, W_OK) != 0)
		return NULL;
	if (asprintf(&p, "%s/.bngctl_history", home) < 0)
		return NULL;
	return p;
}

/*
 * Written to a private temporary file and renamed over the old one, so a
 * second bngctl saving at the same time, or a full disk, never leaves a
 * truncated history behind.
 */
static void
history_save(struct edit *x)
{
	HistEvent ev;
	char *tmp;
	FILE *f;
	int fd, ok;

	if (x->hist_path == NULL || asprintf(&tmp, "%s.XXXXXX", x->hist_path) < 0)
		return;
	fd = mkstemp(tmp); /* mode 0600: history may name subscribers */
	if (fd < 0) {
		free(tmp);
		return;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return;
	}
	ok = history(x->hist, &ev, H_SAVE_FP, f) >= 0;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, x->hist_path) != 0)
		unlink(tmp);
	free(tmp);
}

static int
edit_init(struct edit *x, struct bngctl_conn *c)
{
	HistEvent ev;

	memset(x, 0, sizeof(*x));
	x->conn = c;
	x->hist = history_init();
	x->el = el_init("bngctl", stdin, stdout, stderr);
	if (x->hist == NULL || x->el == NULL)
		return -1;
	history(x->hist, &ev, H_SETSIZE, HISTORY_SIZE);
	history(x->hist, &ev, H_SETUNIQUE, 1);
	x->hist_path = history_path();
	if (x->hist_path != NULL)
		history(x->hist, &ev, H_LOAD, x->hist_path); /* none yet is fine */

	el_set(x->el, EL_EDITOR, "emacs");
	el_set(x->el, EL_SIGNAL, 1);
	el_set(x->el, EL_PROMPT, prompt_fn);
	el_set(x->el, EL_HIST, history, x->hist);
	el_set(x->el, EL_CLIENTDATA, x);
	/* ~/.editrc first, so a "bind -v" there does not drop the keys bound below. */
	el_source(x->el, NULL);
	el_set(x->el, EL_ADDFN, "bngctl-complete", "complete from bngd's commands", complete_fn);
	el_set(x->el, EL_BIND, "^I", "bngctl-complete", NULL);
	el_set(x->el, EL_ADDFN, "bngctl-help", "show what may come next", help_fn);
	el_set(x->el, EL_BIND, "?", "bngctl-help", NULL);
	return 0;
}

static void
edit_fini(struct edit *x)
{
	if (x->el != NULL)
		el_end(x->el);
	if (x->hist != NULL)
		history_end(x->hist);
	bngctl_tree_free(&x->tree);
	free(x->hist_path);
}

/* Trim blanks and the newline el_gets() keeps; @return the command, maybe "". */
static char *
trim(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && strchr(" \t\r\n", s[len - 1]) != NULL)
		s[--len] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int
bngctl_edit_run(struct bngctl_conn *c)
{
	struct sigaction sa = { .sa_handler = on_sigint };
	struct edit x;
	HistEvent ev;

	if (edit_init(&x, c) != 0) {
		fprintf(stderr, "bngctl: cannot start the line editor\n");
		edit_fini(&x);
		return BNGCTL_EXIT_FAIL;
	}
	/* No SA_RESTART: Ctrl-C must end a wait on a reply that does not come. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	c->interrupted = &interrupted;

	if (fetch_tree(&x) != 0) {
		fprintf(stderr, "bngctl: %s\n", x.tree_err);
		if (c->fd < 0 && !c->was_connected)
			bngctl_conn_hint(c);
		fprintf(stderr, "bngctl: completion and '?' start working once bngd answers\n");
	}
	for (;;) {
		const char *got;
		char line[CLI_LINE_MAX + 2], *cmd;
		int count = 0;

		interrupted = 0;
		got = el_gets(x.el, &count);
		if (got == NULL || count <= 0) {
			if (interrupted) {
				/* Ctrl-C at the prompt drops the line, as in a shell. */
				fputc('\n', stdout);
				continue;
			}
			if (isatty(STDIN_FILENO))
				fputc('\n', stdout); /* leave the prompt line on EOF */
			break;
		}
		if (strlen(got) > CLI_LINE_MAX) {
			fprintf(stderr, "bngctl: command longer than %d bytes\n", CLI_LINE_MAX);
			continue;
		}
		snprintf(line, sizeof(line), "%s", got);
		cmd = trim(line);
		if (*cmd == '\0')
			continue;
		/* Not kept: Up then Enter in the next session would just leave. */
		if (bngctl_is_quit(cmd))
			break;
		history(x.hist, &ev, H_ENTER, cmd);
		history_save(&x);
		bngctl_run_line(c, cmd, 1);
		if (c->reconnected || !x.have_tree)
			fetch_tree(&x);
	}
	history_save(&x);
	edit_fini(&x);
	c->interrupted = NULL;
	return BNGCTL_EXIT_OK;
}
