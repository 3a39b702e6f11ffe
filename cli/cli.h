/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The command registry. Each library declares a static table of commands
 * {path, args, help, handler} and registers it; the console server, the
 * metrics exporter and any other front run commands through cli_exec(), so
 * every front calls the same core functions. A handler returns its result
 * as a JSON value (jansson): `... json` prints it as is, otherwise a text
 * renderer (the command's own, or the generic one that lays out objects as
 * "key: value" lines and arrays of objects as tables) prints it for people.
 *
 * Wire protocol of the console (unix stream socket), for bngctl and scripts:
 *   request:  one line of words separated by blanks, ended by '\n'
 *             (at most CLI_LINE_MAX bytes); a trailing word "json" asks for
 *             JSON output; the request "@tree" returns the command tree as
 *             JSON: {"commands": [{"path": .., "args": .., "help": ..}, ..]}
 *   reply:    a header line "ok <n>\n" or "error <n>\n", then exactly n
 *             bytes of body (text or JSON; an error body is the message).
 * One request is answered before the next is read.
 */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define CLI_LINE_MAX  4096
#define CLI_ARGS_MAX  32
#define CLI_CMDS_MAX  256

struct cli_req;

/**
 * A command handler. @p argv holds the words after the command's path.
 * @return 0 with *out set (a new reference), or -1 after cli_error().
 */
typedef int (*cli_fn)(struct cli_req *req, void *arg, int argc, char **argv, json_t **out);

/** Renders a handler's result for people; NULL uses the generic renderer. */
typedef void (*cli_text_fn)(const json_t *res, FILE *out);

struct cli_cmd {
	const char *path;  /**< "show sessions" */
	const char *args;  /**< "[tenant N] [address A]": shown in help, words before a placeholder complete */
	const char *help;
	cli_fn fn;
	cli_text_fn text;
};

struct cli_entry {
	const struct cli_cmd *cmd;
	void *arg;
	int nwords;
	char words[8][24];
};

struct cli_registry {
	unsigned int n;
	struct cli_entry cmds[CLI_CMDS_MAX];
};

/** Start an empty registry (it always holds "help"). */
void cli_registry_init(struct cli_registry *r);

/**
 * Register a table of @p n commands, each called with @p arg.
 * @return 0, -EEXIST (a path taken), -ENOSPC, -EINVAL (bad path).
 */
int cli_register(struct cli_registry *r, const struct cli_cmd *cmds, unsigned int n, void *arg);

/**
 * Run one command line.
 * @param out   the reply body (malloc'd, NUL-terminated; free() it)
 * @return 0 when the command succeeded, -1 when *out holds an error message.
 */
int cli_exec(struct cli_registry *r, const char *line, char **out, size_t *len);

/**
 * Run a command and return its JSON result (for fronts such as metrics).
 * @return the result (a new reference) or NULL.
 */
json_t *cli_exec_json(struct cli_registry *r, const char *line);

/** Set the error message of the request in progress (handlers only). */
void cli_error(struct cli_req *req, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** The command tree as JSON (what "@tree" returns). */
json_t *cli_tree(const struct cli_registry *r);

/* Argument helpers for handlers: "key value" pairs and flags. */

/**
 * Parse argv as pairs "key value" and bare flags.
 * @param keys   NULL-terminated names that take a value
 * @param flags  NULL-terminated names that stand alone
 * @param vals   out: value of each key (NULL when absent), indexed like keys
 * @param fset   out: bit i set when flags[i] was given
 * @return 0, or -1 after cli_error() naming the bad word.
 */
int cli_args(struct cli_req *req, int argc, char **argv, const char *const *keys,
	     const char **vals, const char *const *flags, unsigned int *fset);

/** Parse an unsigned number for @p what. @return 0, or -1 after cli_error(). */
int cli_uint(struct cli_req *req, const char *what, const char *s, unsigned long max,
	     unsigned long *v);

/** The generic renderer, for commands that render part of their result. */
void cli_render(const json_t *v, FILE *out);

#endif /* CLI_H */
