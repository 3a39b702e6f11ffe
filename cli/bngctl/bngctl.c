/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * bngctl, the operator's client for bngd's console: options, the one-shot
 * mode (`bngctl show sessions`), the script mode (commands read from a
 * non-terminal stdin) and how one reply is printed. The interactive console
 * lives in bngctl_edit.c, the protocol in bngctl_conn.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bngctl.h"
#include "cli.h"

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: bngctl [-s PATH] COMMAND [WORDS...]\n"
		"       bngctl [-s PATH] [-i]\n"
		"Send a command to bngd's console and print the reply. Without a command,\n"
		"run an interactive console (TAB completes, '?' shows what may come next)\n"
		"when stdin is a terminal, else run the commands read from stdin, one a line.\n"
		"\n"
		"  -s PATH  console socket (default: $BNGCTL_SOCKET, else %s;\n"
		"           bngd takes it from console.socket in its configuration)\n"
		"  -i       interactive console even when stdin is not a terminal\n"
		"  -h       show this help\n"
		"\n"
		"A final word \"json\" asks for JSON output; \"bngctl help\" lists the commands.\n"
		"Exit status: 0 success, 1 a command failed, 2 bngd unreachable or bad usage.\n",
		BNGCTL_SOCKET_DEFAULT);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bngctl: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: bngctl [-s PATH] COMMAND [WORDS...] | bngctl [-s PATH] [-i]"
			" (bngctl -h for more)\n");
	return BNGCTL_EXIT_UNAVAIL;
}

/*
 * The body goes out in as few write()s as possible, bypassing stdio: a
 * reader such as "grep -q" that exits at its first match then finds a
 * reply smaller than the pipe already whole in the pipe, and a reader that
 * left early (EPIPE; SIGPIPE is ignored) is no failure of the command.
 * @return 0, or -1 when the output could not be written.
 */
static int
write_body(const char *buf, size_t len)
{
	fflush(stdout);
	while (len > 0) {
		ssize_t k = write(STDOUT_FILENO, buf, len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && errno == EPIPE)
			return 0;
		if (k < 0) {
			fprintf(stderr, "bngctl: writing the output: %s\n", strerror(errno));
			return -1;
		}
		buf += k;
		len -= (size_t)k;
	}
	return 0;
}

static void
print_error(const char *body, size_t len)
{
	/* The message is the server's own; prefix it once so it reads as ours. */
	if (len == 0) {
		fprintf(stderr, "bngctl: command failed\n");
		return;
	}
	fprintf(stderr, "bngctl: ");
	fwrite(body, 1, len, stderr);
	if (body[len - 1] != '\n')
		fputc('\n', stderr);
}

int
bngctl_run_line(struct bngctl_conn *c, const char *line, int interactive)
{
	struct bngctl_reply r;
	enum bngctl_status s;

	/* Checked here: past CLI_LINE_MAX or with a line break, bngd would
	 * read the rest as another request and the replies would drift. */
	if (strlen(line) > CLI_LINE_MAX) {
		fprintf(stderr, "bngctl: command longer than %d bytes\n", CLI_LINE_MAX);
		return BNGCTL_EXIT_FAIL;
	}
	if (strpbrk(line, "\r\n") != NULL) {
		fprintf(stderr, "bngctl: a command cannot contain a line break\n");
		return BNGCTL_EXIT_FAIL;
	}
	s = bngctl_conn_request(c, line, &r);
	if (interactive && c->reconnected)
		fprintf(stderr, "bngctl: reconnected to %s\n", c->path);
	switch (s) {
	case BNGCTL_REPLY_OK: {
		int ret = BNGCTL_EXIT_OK;

		fflush(stderr);
		if (write_body(r.body, r.len) != 0)
			ret = BNGCTL_EXIT_FAIL;
		else if (interactive && r.len > 0 && r.body[r.len - 1] != '\n')
			write_body("\n", 1);
		free(r.body);
		return ret;
	}
	case BNGCTL_REPLY_ERROR:
		fflush(stdout);
		print_error(r.body, r.len);
		free(r.body);
		return BNGCTL_EXIT_FAIL;
	case BNGCTL_NO_CONNECT:
		if (c->closed_idle)
			fprintf(stderr, "bngctl: bngd closed the connection (stopped or restarting?)\n");
		fprintf(stderr, "bngctl: %s\n", c->err);
		bngctl_conn_hint(c);
		return BNGCTL_EXIT_UNAVAIL;
	case BNGCTL_LOST:
	default:
		if (interactive && c->interrupted != NULL && *c->interrupted)
			/* After "^C" on the terminal: start a line of our own. */
			fprintf(stderr, "\nbngctl: interrupted; the reply is dropped and the next "
					"command reconnects\n");
		else if (interactive)
			fprintf(stderr, "bngctl: %s; the next command reconnects\n", c->err);
		else
			fprintf(stderr, "bngctl: %s\n", c->err);
		return BNGCTL_EXIT_FAIL;
	}
}

int
bngctl_is_quit(const char *line)
{
	return strcmp(line, "quit") == 0 || strcmp(line, "exit") == 0;
}

/* Commands from a pipe or file: blank lines and '#' comments are skipped. */
static int
run_script(struct bngctl_conn *c)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = BNGCTL_EXIT_OK;

	while ((len = getline(&line, &cap, stdin)) >= 0) {
		char *p = line;
		int st;

		while (len > 0 && strchr(" \t\r\n", line[len - 1]) != NULL)
			line[--len] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		if (bngctl_is_quit(p))
			break;
		st = bngctl_run_line(c, p, 0);
		if (st == BNGCTL_EXIT_UNAVAIL) {
			ret = st; /* every further command would fail the same way */
			break;
		}
		if (st != BNGCTL_EXIT_OK)
			ret = BNGCTL_EXIT_FAIL;
	}
	free(line);
	return ret;
}

/* The words joined by single blanks, as bngd's console reads them. */
static char *
join_words(int argc, char **argv)
{
	size_t len = 1;
	char *line, *p;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	line = malloc(len);
	if (line == NULL)
		return NULL;
	p = line;
	*p = '\0';
	for (int i = 0; i < argc; i++)
		p += sprintf(p, "%s%s", i ? " " : "", argv[i]);
	return line;
}

int
main(int argc, char **argv)
{
	const char *path = getenv("BNGCTL_SOCKET");
	struct bngctl_conn conn;
	int interactive = 0, opt, ret;

	if (path == NULL || *path == '\0')
		path = BNGCTL_SOCKET_DEFAULT;
	signal(SIGPIPE, SIG_IGN); /* see write_body() */
	/* '+': options end at the first command word, so "limit -1" stays a command. */
	opterr = 0;
	while ((opt = getopt(argc, argv, "+:his:")) != -1) {

		switch (opt) {
		case 'h':
			usage(stdout);
			return BNGCTL_EXIT_OK;
		case 'i':
			interactive = 1;
			break;
		case 's':
			path = optarg;
			break;
		case ':':
			return usage_error("option -%c needs a value", optopt);
		default:
			return usage_error("unknown option -%c", optopt);
		}
	}
	if (interactive && optind < argc)
		return usage_error("-i takes no command words");
	if (*path == '\0')
		return usage_error("empty socket path");
	bngctl_conn_init(&conn, path);
	if (optind < argc) {
		char *line = join_words(argc - optind, argv + optind);

		if (line == NULL) {
			fprintf(stderr, "bngctl: out of memory\n");
			return BNGCTL_EXIT_FAIL;
		}
		ret = bngctl_run_line(&conn, line, 0);
		free(line);
	} else if (interactive || isatty(STDIN_FILENO)) {
		ret = bngctl_edit_run(&conn);
	} else {
		ret = run_script(&conn);
	}
	bngctl_conn_close(&conn);
	if (fflush(stdout) != 0 && errno != EPIPE) {
		fprintf(stderr, "bngctl: writing the output: %s\n", strerror(errno));
		return BNGCTL_EXIT_FAIL;
	}
	return ret;
}
