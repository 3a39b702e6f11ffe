/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Private interfaces of bngctl, the operator's console client: the
 * connection to bngd's console socket (bngctl_conn.c), the command tree
 * fetched with "@tree" and what can follow a partly typed line
 * (bngctl_tree.c), and the interactive editor (bngctl_edit.c). The wire
 * protocol itself is documented in cli/cli.h.
 */
#ifndef BNGCTL_H
#define BNGCTL_H

#include <signal.h>
#include <stddef.h>

/** Default console socket; -s PATH or $BNGCTL_SOCKET override it. */
#define BNGCTL_SOCKET_DEFAULT "/run/bngd.sock"

/**
 * Largest reply body accepted. Far above any real reply (a full session
 * dump is tens of MB); it only stops a garbage header from asking for an
 * absurd allocation.
 */
#define BNGCTL_BODY_MAX (1024UL * 1024 * 1024)

/** Exit statuses, shared by every mode. */
enum bngctl_exit {
	BNGCTL_EXIT_OK = 0,      /**< every command answered "ok" */
	BNGCTL_EXIT_FAIL = 1,    /**< a command answered "error", or its reply was lost */
	BNGCTL_EXIT_UNAVAIL = 2, /**< no connection to bngd, or a usage error */
};

/* ---- connection (bngctl_conn.c) ------------------------------------------ */

/** The outcome of one request. */
enum bngctl_status {
	BNGCTL_REPLY_OK,    /**< "ok": body holds the output */
	BNGCTL_REPLY_ERROR, /**< "error": body holds the message */
	BNGCTL_NO_CONNECT,  /**< could not connect; conn->err says why */
	BNGCTL_LOST,        /**< connected, but the reply did not arrive whole; conn->err says why */
};

/** A connection to the console; fd is -1 until the first request. */
struct bngctl_conn {
	const char *path;
	int fd;
	/** Set by the owner's SIGINT handler: an interrupted wait gives up. */
	volatile sig_atomic_t *interrupted;
	/** Set by a request that had to open a new connection after an earlier one closed. */
	int reconnected;
	/** Set by a request that found the previous connection closed by bngd. */
	int closed_idle;
	int was_connected; /**< a connection was open at some point */
	int connect_errno; /**< why the last connect failed, for the hint */
	char err[512];
};

/** A reply body: len bytes, NUL-terminated for convenience; free() body. */
struct bngctl_reply {
	char *body;
	size_t len;
};

/** Prepare @p c for @p path; nothing is connected yet. */
void bngctl_conn_init(struct bngctl_conn *c, const char *path);

/** Close the connection, if any; the next request reconnects. */
void bngctl_conn_close(struct bngctl_conn *c);

/**
 * Send one request line (no '\n') and read its whole reply. Connects when
 * not connected, and reconnects when bngd closed the previous connection
 * while it was idle (c->closed_idle, c->reconnected tell). After
 * BNGCTL_LOST the connection is closed, since the replies that follow on
 * it could no longer be matched to requests.
 * @return the outcome; r is filled for BNGCTL_REPLY_OK and _ERROR only.
 */
enum bngctl_status bngctl_conn_request(struct bngctl_conn *c, const char *line,
				       struct bngctl_reply *r);

/** Print the hint that goes with BNGCTL_NO_CONNECT to stderr. */
void bngctl_conn_hint(const struct bngctl_conn *c);

/* ---- command tree (bngctl_tree.c) ---------------------------------------- */

#define BNGCTL_WORDS_MAX 32
#define BNGCTL_KWS_MAX 64

/** An argument keyword of a command: "tenant" in "[tenant N]". */
struct bngctl_kw {
	char *name;
	char *value; /**< the placeholder after it in its group ("N"), or NULL for a flag */
};

struct bngctl_cmd {
	char *path;
	char *args;
	char *help;
	char **words; /**< path split into words */
	int nwords;
	struct bngctl_kw *kws;
	int nkws;
	int needs_args; /**< args text has words outside "[...]" */
};

struct bngctl_tree {
	struct bngctl_cmd *cmds;
	int n;
};

/** A set of distinct completion candidates. */
struct bngctl_cands {
	char **v;
	int n;
	int cap;
};

/**
 * Parse the body of an "@tree" reply.
 * @return 0, or -1 with @p err (size @p errlen) saying what is wrong.
 */
int bngctl_tree_parse(struct bngctl_tree *t, const char *json, size_t len, char *err,
		      size_t errlen);

/** Release what bngctl_tree_parse() built; the tree is empty after. */
void bngctl_tree_free(struct bngctl_tree *t);

/**
 * Split @p line into words. @return the number of words; *words point into
 * @p buf (a copy of line). Words past @p max are dropped.
 */
int bngctl_split(const char *line, char *buf, size_t buflen, char **words, int max);

/**
 * The command that the complete words w[0..n-1] run: the longest path that
 * is a prefix of them, as bngd picks it. @return it, or NULL.
 */
const struct bngctl_cmd *bngctl_tree_find(const struct bngctl_tree *t, char **w, int n);

/** Does @p c's path continue w[0..n-1] with a word starting with @p prefix? */
int bngctl_cmd_continues(const struct bngctl_cmd *c, char **w, int n, const char *prefix);

/**
 * Add to @p out the next path words, starting with @p prefix, of the
 * commands that continue the complete words w[0..n-1] (sorted).
 * @return 0, or -1 when out of memory.
 */
int bngctl_tree_complete_path(const struct bngctl_tree *t, char **w, int n, const char *prefix,
			      struct bngctl_cands *out);

/**
 * Add to @p out what may follow w[0..n-1] as arguments of @p c (found by
 * bngctl_tree_find()): its keywords not given yet and "json", those
 * starting with @p prefix ("json" not before the arguments a command
 * requires); for "help", command words. When the last word is a keyword
 * that expects a value, nothing is added and *expects is it.
 * @return 0, or -1 when out of memory.
 */
int bngctl_tree_complete_args(const struct bngctl_tree *t, const struct bngctl_cmd *c, char **w,
			      int n, const char *prefix, struct bngctl_cands *out,
			      const struct bngctl_kw **expects);

/**
 * Everything that may follow the complete words w[0..n-1] and start with
 * @p prefix: bngctl_tree_complete_path(), then the arguments of the
 * command w holds, if any.
 * @return 0, or -1 when out of memory.
 */
int bngctl_tree_complete(const struct bngctl_tree *t, char **w, int n, const char *prefix,
			 struct bngctl_cands *out);

/** Free the strings of @p c and empty it. */
void bngctl_cands_free(struct bngctl_cands *c);

/** Length of the longest prefix shared by all candidates (0 when none). */
size_t bngctl_cands_common(const struct bngctl_cands *c);

/* ---- interactive editor (bngctl_edit.c) ---------------------------------- */

/**
 * Run the interactive console on the terminal until quit, exit or EOF.
 * @return an enum bngctl_exit status.
 */
int bngctl_edit_run(struct bngctl_conn *c);

/* ---- shared by the modes (bngctl.c) -------------------------------------- */

/**
 * Run one command line and print its outcome: the body to stdout, an error
 * to stderr after "bngctl: ". @p interactive adds a final newline when the
 * body lacks one and explains a lost connection in an operator's words.
 * @return an enum bngctl_exit status.
 */
int bngctl_run_line(struct bngctl_conn *c, const char *line, int interactive);

/** Is @p line a request to leave ("quit" or "exit")? */
int bngctl_is_quit(const char *line);

#endif /* BNGCTL_H */
