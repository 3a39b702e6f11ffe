/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Console server. One request per client is in flight: a client's next
 * line is read only once its previous reply has been written out, so the
 * replies of a slow reader queue nowhere but in its own buffer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "bngd_console.h"

struct client {
	int fd;
	size_t in_len;
	char in[CLI_LINE_MAX + 2];
	char *out;
	size_t out_len, out_off;
	int closing; /**< close once the reply is out */
};

struct bngd_console {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct cli_registry *cli;
	struct client cl[BNGD_CONSOLE_CLIENTS];
	unsigned int n;
};

struct bngd_console *
bngd_console_create(const char *path, mode_t mode, struct cli_registry *r, char *err,
		    size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct bngd_console *c;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "console socket path \"%s\" is too long", path);
		return NULL;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "console socket: %s", strerror(errno));
		return NULL;
	}
	/* A socket file nobody answers on is left over from a crash. */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		snprintf(err, errlen, "console socket %s is served by another process "
			 "(another bngd?); set console.socket to another path", path);
		close(fd);
		return NULL;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || chmod(path, mode) != 0 ||
	    listen(fd, 16) != 0) {
		snprintf(err, errlen, "console socket %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(fd);
		unlink(path);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->fd = fd;
	c->cli = r;
	snprintf(c->path, sizeof(c->path), "%s", path);
	return c;
}

static void
drop_client(struct bngd_console *c, unsigned int i)
{
	close(c->cl[i].fd);
	free(c->cl[i].out);
	c->cl[i] = c->cl[--c->n];
	memset(&c->cl[c->n], 0, sizeof(c->cl[c->n]));
}

void
bngd_console_free(struct bngd_console *c)
{
	if (c == NULL)
		return;
	while (c->n)
		drop_client(c, c->n - 1);
	close(c->fd);
	unlink(c->path);
	free(c);
}

unsigned int
bngd_console_clients(const struct bngd_console *c)
{
	return c ? c->n : 0;
}

int
bngd_console_pollfds(struct bngd_console *c, struct pollfd *fds)
{
	fds[0].fd = c->fd;
	fds[0].events = POLLIN;
	for (unsigned int i = 0; i < c->n; i++) {
		fds[i + 1].fd = c->cl[i].fd;
		/* While a reply is pending only its writing matters. */
		fds[i + 1].events = c->cl[i].out ? POLLOUT : POLLIN;
	}
	return (int)c->n + 1;
}

/* Frame a reply: "ok <n>\n" or "error <n>\n", then the body. */
static void
reply(struct client *cl, int ok, char *body, size_t len)
{
	char hdr[32];
	int h = snprintf(hdr, sizeof(hdr), "%s %zu\n", ok ? "ok" : "error", len);

	cl->out = malloc((size_t)h + len);
	if (cl->out == NULL) {
		cl->closing = 1;
		return;
	}
	memcpy(cl->out, hdr, (size_t)h);
	if (len)
		memcpy(cl->out + h, body, len);
	cl->out_len = (size_t)h + len;
	cl->out_off = 0;
}

static void
handle_line(struct bngd_console *c, struct client *cl, char *line)
{
	char *body = NULL;
	size_t len = 0;
	int rc;

	rc = cli_exec(c->cli, line, &body, &len);
	if (body != NULL)
		len = strlen(body);
	reply(cl, rc == 0, body ? body : "out of memory\n", body ? len : 14);
	free(body);
}

/* Take the first complete line out of the input buffer, if any. */
static int
next_line(struct bngd_console *c, struct client *cl)
{
	char *nl = memchr(cl->in, '\n', cl->in_len);
	size_t used;

	if (nl == NULL) {
		if (cl->in_len > CLI_LINE_MAX) {
			static const char msg[] = "request line longer than 4096 bytes\n";

			reply(cl, 0, (char *)msg, sizeof(msg) - 1);
			cl->closing = 1;
			return 1;
		}
		return 0;
	}
	*nl = '\0';
	used = (size_t)(nl - cl->in) + 1;
	handle_line(c, cl, cl->in);
	memmove(cl->in, cl->in + used, cl->in_len - used);
	cl->in_len -= used;
	return 1;
}

/*
 * Write as much of the pending reply as the socket takes; when it is all
 * out, answer the next request already buffered. @return -1: drop client.
 */
static int
flush(struct bngd_console *c, struct client *cl)
{
	while (cl->out != NULL) {
		ssize_t w = send(cl->fd, cl->out + cl->out_off, cl->out_len - cl->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (w < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		cl->out_off += (size_t)w;
		if (cl->out_off < cl->out_len)
			return 0;
		free(cl->out);
		cl->out = NULL;
		if (cl->closing)
			return -1;
		next_line(c, cl);
	}
	return 0;
}

/* @return -1 when the client must go. */
static int
serve_client(struct bngd_console *c, struct client *cl, short rev)
{
	if (rev & (POLLERR | POLLNVAL))
		return -1;
	if (cl->out == NULL && (rev & (POLLIN | POLLHUP))) {
		ssize_t r = recv(cl->fd, cl->in + cl->in_len, sizeof(cl->in) - 1 - cl->in_len,
				 MSG_DONTWAIT);

		if (r == 0)
			return -1;
		if (r < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		cl->in_len += (size_t)r;
		next_line(c, cl);
	}
	return flush(c, cl);
}

void
bngd_console_serve(struct bngd_console *c, const struct pollfd *fds, int n)
{
	int nclients = n - 1;

	/* Clients first, from the last: drop_client() moves the last one down. */
	for (int i = nclients - 1; i >= 0; i--)
		if (fds[i + 1].revents && serve_client(c, &c->cl[i], fds[i + 1].revents) != 0)
			drop_client(c, (unsigned int)i);
	if (fds[0].revents & POLLIN) {
		int fd = accept4(c->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		if (c->n == BNGD_CONSOLE_CLIENTS) {
			static const char body[] = "too many console clients; try later\n";
			char msg[64];
			int len = snprintf(msg, sizeof(msg), "error %zu\n%s", sizeof(body) - 1, body);

			(void)!send(fd, msg, (size_t)len, MSG_NOSIGNAL | MSG_DONTWAIT);
			close(fd);
			return;
		}
		memset(&c->cl[c->n], 0, sizeof(c->cl[c->n]));
		c->cl[c->n++].fd = fd;
	}
}
