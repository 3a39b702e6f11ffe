/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The console server: a unix stream socket on the management lcore serving
 * the protocol described in cli/cli.h to any number of clients at once.
 * Every socket is non-blocking and served from poll(): a client that stops
 * reading or vanishes never stalls the management loop.
 */
#ifndef BNGD_CONSOLE_H
#define BNGD_CONSOLE_H

#include <poll.h>
#include <sys/types.h>

#include "cli.h"

#define BNGD_CONSOLE_CLIENTS 32

struct bngd_console;

/**
 * Listen on @p path with permissions @p mode. A stale socket file is
 * replaced; a live one (another bngd) is an error.
 * @return the server, or NULL with a message in @p err.
 */
struct bngd_console *bngd_console_create(const char *path, mode_t mode, struct cli_registry *r,
					 char *err, size_t errlen);

/** Close every connection and remove the socket file; NULL is a no-op. */
void bngd_console_free(struct bngd_console *c);

/** Fill @p fds (room for BNGD_CONSOLE_CLIENTS + 1) for poll(). @return count. */
int bngd_console_pollfds(struct bngd_console *c, struct pollfd *fds);

/** Serve what poll() reported on the descriptors from bngd_console_pollfds(). */
void bngd_console_serve(struct bngd_console *c, const struct pollfd *fds, int n);

/** Clients connected now. */
unsigned int bngd_console_clients(const struct bngd_console *c);

#endif /* BNGD_CONSOLE_H */
