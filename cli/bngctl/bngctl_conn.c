/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The client side of the console protocol (cli/cli.h): connect to the unix
 * socket, send one request line, read the "ok <n>" / "error <n>" header and
 * exactly n bytes of body. A reply that stops short, a malformed header or
 * an interrupted wait closes the connection, because the next bytes on it
 * could no longer be matched to a request.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bngctl.h"

/* "error 1073741824\n" fits easily; anything longer is not our protocol. */
#define HEADER_MAX 40

void
bngctl_conn_init(struct bngctl_conn *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->fd = -1;
}

void
bngctl_conn_close(struct bngctl_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static enum bngctl_status
lost(struct bngctl_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static enum bngctl_status
lost(struct bngctl_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	bngctl_conn_close(c);
	return BNGCTL_LOST;
}

static enum bngctl_status
connect_sock(struct bngctl_conn *c)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	c->connect_errno = 0;
	if (strlen(c->path) >= sizeof(sa.sun_path)) {
		snprintf(c->err, sizeof(c->err), "cannot connect to %s: socket path longer than %zu bytes",
			 c->path, sizeof(sa.sun_path) - 1);
		return BNGCTL_NO_CONNECT;
	}
	memcpy(sa.sun_path, c->path, strlen(c->path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(c->err, sizeof(c->err), "cannot create a socket: %s", strerror(errno));
		return BNGCTL_NO_CONNECT;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		c->connect_errno = errno;
		snprintf(c->err, sizeof(c->err), "cannot connect to %s: %s", c->path, strerror(errno));
		close(fd);
		return BNGCTL_NO_CONNECT;
	}
	c->fd = fd;
	return BNGCTL_REPLY_OK;
}

void
bngctl_conn_hint(const struct bngctl_conn *c)
{
	/* A socket that exists but refuses us is bngd running under another user. */
	if (c->connect_errno == EACCES || c->connect_errno == EPERM)
		fprintf(stderr, "bngctl: the console socket does not admit this user (run bngctl "
				"as the user or group that owns %s)\n", c->path);
	else
		fprintf(stderr, "bngctl: is bngd running? (socket path from console.socket in its "
				"configuration)\n");
}

/*
 * bngd may close an idle connection (restart, idle timeout). Between
 * requests nothing may arrive, so anything readable (EOF or stray bytes)
 * means this connection is finished; finding out now lets us reconnect
 * before sending, rather than losing a request that may have side effects.
 */
static int
idle_conn_usable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDHUP };

	return poll(&p, 1, 0) == 0;
}

/* Did an EINTR come from the operator's Ctrl-C (give up) or elsewhere (retry)? */
static int
interrupted(const struct bngctl_conn *c)
{
	return c->interrupted != NULL && *c->interrupted;
}

/*
 * @return 0, or -1 with c->err set; *gone tells that bngd had closed the
 * connection, in which case it may still have left a reply to read.
 */
static int
send_line(struct bngctl_conn *c, const char *line, int *gone)
{
	size_t len = strlen(line), off = 0;
	char *buf = malloc(len + 1);

	*gone = 0;
	if (buf == NULL) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return -1;
	}
	memcpy(buf, line, len);
	buf[len++] = '\n';
	while (off < len) {
		/* MSG_NOSIGNAL: a closed console must be an error, not SIGPIPE. */
		ssize_t k = send(c->fd, buf + off, len - off, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR && !interrupted(c))
			continue;
		if (k < 0) {
			int e = errno;

			free(buf);
			*gone = e == EPIPE || e == ECONNRESET;
			if (e == EINTR)
				snprintf(c->err, sizeof(c->err), "interrupted");
			else if (*gone)
				snprintf(c->err, sizeof(c->err),
					 "bngd closed the connection before the request was sent");
			else
				snprintf(c->err, sizeof(c->err), "sending the request: %s", strerror(e));
			return -1;
		}
		off += (size_t)k;
	}
	free(buf);
	return 0;
}

/* recv() that retries on a stray EINTR; -2 means the operator interrupted. */
static ssize_t
recv_some(struct bngctl_conn *c, void *buf, size_t len)
{
	for (;;) {
		ssize_t k = recv(c->fd, buf, len, 0);

		if (k >= 0 || errno != EINTR)
			return k;
		if (interrupted(c))
			return -2;
	}
}

static enum bngctl_status
read_header(struct bngctl_conn *c, int *ok, size_t *n)
{
	char h[HEADER_MAX + 1];
	size_t len = 0;
	const char *num;
	char *end;
	unsigned long long v;

	/*
	 * Byte by byte: the header is a dozen bytes, and reading no further
	 * than its '\n' lets the body go straight into its own buffer.
	 */
	for (;;) {
		ssize_t k;

		if (len == HEADER_MAX) {
			h[len] = '\0';
			return lost(c, "malformed reply header \"%.20s...\" (is %s a bngd console?)", h,
				    c->path);
		}
		k = recv_some(c, &h[len], 1);
		if (k == -2)
			return lost(c, "interrupted");
		if (k < 0)
			return lost(c, "reading the reply: %s", strerror(errno));
		if (k == 0)
			return lost(c, len ? "reply header cut short: bngd closed the connection"
					   : "bngd closed the connection without replying");
		if (h[len] == '\n')
			break;
		len++;
	}
	h[len] = '\0';
	if (strncmp(h, "ok ", 3) == 0) {
		*ok = 1;
		num = h + 3;
	} else if (strncmp(h, "error ", 6) == 0) {
		*ok = 0;
		num = h + 6;
	} else {
		return lost(c, "malformed reply header \"%s\" (is %s a bngd console?)", h, c->path);
	}
	errno = 0;
	v = strtoull(num, &end, 10);
	if (*num < '0' || *num > '9' || *end != '\0' || errno != 0)
		return lost(c, "malformed reply header \"%s\"", h);
	if (v > BNGCTL_BODY_MAX)
		return lost(c, "reply of %llu bytes is larger than the %lu bytes accepted", v,
			    BNGCTL_BODY_MAX);
	*n = (size_t)v;
	return BNGCTL_REPLY_OK;
}

static enum bngctl_status
read_body(struct bngctl_conn *c, size_t n, struct bngctl_reply *r)
{
	size_t got = 0;
	char *body = malloc(n + 1);

	if (body == NULL)
		return lost(c, "out of memory for a reply of %zu bytes", n);
	while (got < n) {
		ssize_t k = recv_some(c, body + got, n - got);

		if (k <= 0) {
			int e = errno;

			free(body);
			if (k == -2)
				return lost(c, "interrupted after %zu of %zu bytes of the reply", got, n);
			if (k < 0)
				return lost(c, "reading the reply: %s (after %zu of %zu bytes)", strerror(e),
					    got, n);
			return lost(c, "reply cut short: bngd closed the connection after %zu of %zu bytes",
				    got, n);
		}
		got += (size_t)k;
	}
	body[n] = '\0';
	r->body = body;
	r->len = n;
	return BNGCTL_REPLY_OK;
}

enum bngctl_status
bngctl_conn_request(struct bngctl_conn *c, const char *line, struct bngctl_reply *r)
{
	char send_err[sizeof(c->err)];
	enum bngctl_status s;
	size_t n = 0;
	int ok = 0, gone = 0;

	r->body = NULL;
	r->len = 0;
	c->reconnected = 0;
	c->closed_idle = 0;
	c->err[0] = '\0';
	if (c->fd >= 0 && !idle_conn_usable(c->fd)) {
		bngctl_conn_close(c);
		c->closed_idle = 1;
	}
	if (c->fd < 0) {
		s = connect_sock(c);
		if (s != BNGCTL_REPLY_OK)
			return s;
		c->reconnected = c->was_connected;
		c->was_connected = 1;
	}
	if (send_line(c, line, &gone) != 0) {
		if (!gone) {
			bngctl_conn_close(c);
			return BNGCTL_LOST;
		}
		/* A bngd refusing a client ("too many console clients") answers
		 * and closes at once; its reply is still there to read. */
		memcpy(send_err, c->err, sizeof(send_err));
	}
	s = read_header(c, &ok, &n);
	if (s == BNGCTL_REPLY_OK)
		s = read_body(c, n, r);
	if (s != BNGCTL_REPLY_OK) {
		if (gone)
			memcpy(c->err, send_err, sizeof(c->err));
		return s;
	}
	return ok ? BNGCTL_REPLY_OK : BNGCTL_REPLY_ERROR;
}
