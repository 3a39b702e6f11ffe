/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The lease file: an append-only text journal, one line per event, so that
 * a bngd killed at any moment (kill -9, power cut) restarts with every
 * lease a client may hold.
 *
 *   # bng dhcp leases v1
 *   bind <addr> <mac> <client-id hex|-> <pool> <start ms> <expiry ms> <port> <svlan> <cvlan>
 *        <circuit-id hex|-> <remote-id hex|->        (one line)
 *   free <addr>
 *   decline <addr> <until ms>
 *
 * Times are wall-clock milliseconds since the Unix epoch. A bind line is
 * written and fdatasync()ed before its ACK leaves (an ACK is a promise the
 * restarted server must keep); free and decline lines are not synced,
 * since losing one only keeps an address taken until it expires. At
 * create time the file is replayed (later lines win), then rewritten with
 * the live leases only and renamed over the old one, so it stays small and
 * any damaged tail is gone. Nothing in it is trusted: a line that does not
 * parse is skipped and counted, never fatal.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <rte_byteorder.h>

#include "dhcp_priv.h"

#define STORE_HEADER   "# bng dhcp leases v1\n"
#define STORE_LINE_MAX 1024 /* longest bind line is about 600 bytes */
#define STORE_MAX_TOKENS 12

/* --- Formatting -------------------------------------------------------------- */

static void
hex_put(char *out, const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	if (n == 0) {
		strcpy(out, "-");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
bind_line(const struct dhcp_server *srv, const struct dhcp_lease *l, char *buf, size_t cap)
{
	const uint8_t *m = l->mac.addr_bytes;
	char addr[INET_ADDRSTRLEN];
	char cid[2 * DHCP_CLIENT_ID_MAX + 1], circ[2 * DHCP_AGENT_ID_MAX + 1];
	char rem[2 * DHCP_AGENT_ID_MAX + 1];

	inet_ntop(AF_INET, &l->addr, addr, sizeof(addr));
	hex_put(cid, l->client_id, l->client_id_len);
	hex_put(circ, l->circuit_id, l->circuit_len);
	hex_put(rem, l->remote_id, l->remote_len);
	return snprintf(buf, cap,
			"bind %s %02x:%02x:%02x:%02x:%02x:%02x %s %s %" PRIu64 " %" PRIu64
			" %u %u %u %s %s\n",
			addr, m[0], m[1], m[2], m[3], m[4], m[5], cid, srv->pools[l->pool].cfg->name,
			l->start_ms, l->expiry_ms, l->port, l->svlan, l->cvlan, circ, rem);
}

static int
decline_line(const struct dhcp_lease *l, char *buf, size_t cap)
{
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &l->addr, addr, sizeof(addr));
	return snprintf(buf, cap, "decline %s %" PRIu64 "\n", addr, l->expiry_ms);
}

/* --- Appending --------------------------------------------------------------- */

static int
store_append(struct dhcp_server *srv, const char *line, int len, int sync)
{
	struct dhcp_store *st = &srv->store;
	char buf[STORE_LINE_MAX + 1];
	size_t off = 0, n;

	if (st->fd < 0)
		return 0;
	if (len <= 0 || len >= STORE_LINE_MAX)
		return -EINVAL;
	/* After a failed append the file may end in half a line: start afresh
	 * so the damage stays one corrupt line instead of spoiling this one. */
	if (st->broken_tail)
		buf[off++] = '\n';
	memcpy(buf + off, line, (size_t)len);
	n = off + (size_t)len;
	off = 0;
	/* Each round writes at least one byte or gives up: bounded by n. */
	while (off < n) {
		ssize_t w = write(st->fd, buf + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int err = w < 0 ? errno : EIO;

			st->broken_tail = 1;
			dhcp_stat_inc(srv, DHCP_STAT_STORE_ERRORS);
			return -err;
		}
		off += (size_t)w;
	}
	st->broken_tail = 0;
	st->lines++;
	dhcp_stat_inc(srv, DHCP_STAT_STORE_WRITES);
	if (sync && fdatasync(st->fd) != 0) {
		int err = errno;

		dhcp_stat_inc(srv, DHCP_STAT_STORE_ERRORS);
		return -err;
	}
	return 0;
}

int
dhcp_store_bind(struct dhcp_server *srv, const struct dhcp_lease *l)
{
	char line[STORE_LINE_MAX];

	if (srv->store.fd < 0)
		return 0;
	return store_append(srv, line, bind_line(srv, l, line, sizeof(line)), 1);
}

void
dhcp_store_free(struct dhcp_server *srv, uint32_t addr)
{
	char line[64], a[INET_ADDRSTRLEN];

	if (srv->store.fd < 0)
		return;
	inet_ntop(AF_INET, &addr, a, sizeof(a));
	/* Failure is counted in store_errors; the address just stays taken
	 * in the file until its lease expires. */
	(void)store_append(srv, line, snprintf(line, sizeof(line), "free %s\n", a), 0);
}

void
dhcp_store_decline(struct dhcp_server *srv, const struct dhcp_lease *l)
{
	char line[96];

	if (srv->store.fd < 0)
		return;
	(void)store_append(srv, line, decline_line(l, line, sizeof(line)), 0);
}

/* --- Replay ------------------------------------------------------------------ */

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
hex_get(const char *s, uint8_t *out, size_t max, uint8_t *len)
{
	size_t n = strlen(s);

	if (strcmp(s, "-") == 0) {
		*len = 0;
		return 0;
	}
	if (n == 0 || n % 2 != 0 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = (uint8_t)(n / 2);
	return 0;
}

static int
num_get(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno != 0 || *end != '\0' || *v > max ? -1 : 0;
}

static int
addr_get(const char *s, uint32_t *a)
{
	return inet_pton(AF_INET, s, a) == 1 ? 0 : -1;
}

static int
mac_get(const char *s, struct rte_ether_addr *mac)
{
	unsigned int b[RTE_ETHER_ADDR_LEN];
	int used = 0;

	if (strlen(s) != 17 || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3],
				      &b[4], &b[5], &used) != 6 || used != 17)
		return -1;
	for (int i = 0; i < RTE_ETHER_ADDR_LEN; i++)
		mac->addr_bytes[i] = (uint8_t)b[i];
	return 0;
}

/* Make room at @p addr (network order) in pool @p pool: later lines win. */
static int
replay_claim(struct dhcp_server *srv, uint32_t addr, int *pool)
{
	struct dhcp_lease *old = dhcp_lease_by_addr(srv, addr);

	if (old != NULL)
		dhcp_lease_remove(srv, old);
	*pool = dhcp_pool_of(srv, rte_be_to_cpu_32(addr));
	/* Gone from the pools, or excluded since: the config moved on. */
	if (*pool < 0 || dhcp_pool_take(&srv->pools[*pool], rte_be_to_cpu_32(addr), 1) != 0) {
		dhcp_stat_inc(srv, DHCP_STAT_REPLAY_ORPHAN);
		return -1;
	}
	return 0;
}

static int
replay_bind(struct dhcp_server *srv, char **t)
{
	struct dhcp_lease rec = { 0 }, *l, *old;
	struct dhcp_client_key k;
	uint64_t port, svlan, cvlan;
	int pool;

	if (addr_get(t[1], &rec.addr) || mac_get(t[2], &rec.mac) ||
	    hex_get(t[3], rec.client_id, DHCP_CLIENT_ID_MAX, &rec.client_id_len) ||
	    num_get(t[5], UINT64_MAX, &rec.start_ms) || num_get(t[6], UINT64_MAX, &rec.expiry_ms) ||
	    num_get(t[7], UINT16_MAX, &port) || num_get(t[8], 4095, &svlan) ||
	    num_get(t[9], 4095, &cvlan) ||
	    hex_get(t[10], rec.circuit_id, DHCP_AGENT_ID_MAX, &rec.circuit_len) ||
	    hex_get(t[11], rec.remote_id, DHCP_AGENT_ID_MAX, &rec.remote_len))
		return -1;
	if (replay_claim(srv, rec.addr, &pool) != 0)
		return 0;
	if (strcmp(srv->pools[pool].cfg->name, t[4]) != 0) {
		/* The address moved to another pool: its options would differ. */
		dhcp_pool_put(&srv->pools[pool], rte_be_to_cpu_32(rec.addr));
		dhcp_stat_inc(srv, DHCP_STAT_REPLAY_ORPHAN);
		return 0;
	}
	rec.pool = (uint16_t)pool;
	rec.tenant = srv->pools[pool].cfg->tenant;
	dhcp_lease_key(&rec, &k);
	old = dhcp_lease_by_client(srv, &k);
	if (old != NULL)
		dhcp_lease_remove(srv, old);
	l = dhcp_lease_insert(srv, rec.addr, rec.pool, DHCP_LEASE_BOUND, &k);
	if (l == NULL) {
		dhcp_pool_put(&srv->pools[pool], rte_be_to_cpu_32(rec.addr));
		dhcp_stat_inc(srv, DHCP_STAT_REPLAY_FULL);
		return 0;
	}
	rec.state = DHCP_LEASE_BOUND;
	rec.port = (uint16_t)port;
	rec.svlan = (uint16_t)svlan;
	rec.cvlan = (uint16_t)cvlan;
	*l = rec;
	return 0;
}

static int
replay_decline(struct dhcp_server *srv, char **t)
{
	struct dhcp_lease *l;
	uint32_t addr;
	uint64_t until;
	int pool;

	if (addr_get(t[1], &addr) || num_get(t[2], UINT64_MAX, &until))
		return -1;
	if (replay_claim(srv, addr, &pool) != 0)
		return 0;
	l = dhcp_lease_insert(srv, addr, (uint16_t)pool, DHCP_LEASE_DECLINED, NULL);
	if (l == NULL) {
		dhcp_pool_put(&srv->pools[pool], rte_be_to_cpu_32(addr));
		dhcp_stat_inc(srv, DHCP_STAT_REPLAY_FULL);
		return 0;
	}
	l->expiry_ms = until;
	return 0;
}

/* One line, its newline removed. @return 0 (applied or knowingly skipped) or -1 (corrupt). */
static int
replay_line(struct dhcp_server *srv, char *line)
{
	char *t[STORE_MAX_TOKENS + 1], *save = NULL;
	int n = 0;
	uint32_t addr;

	/* Comments, and the empty line that follows a failed append. */
	if (line[0] == '#' || line[0] == '\0')
		return 0;
	for (char *tok = strtok_r(line, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		if (n == STORE_MAX_TOKENS + 1)
			return -1;
		t[n++] = tok;
	}
	if (n == 12 && strcmp(t[0], "bind") == 0)
		return replay_bind(srv, t);
	if (n == 3 && strcmp(t[0], "decline") == 0)
		return replay_decline(srv, t);
	if (n == 2 && strcmp(t[0], "free") == 0) {
		struct dhcp_lease *l;

		if (addr_get(t[1], &addr) != 0)
			return -1;
		l = dhcp_lease_by_addr(srv, addr);
		if (l != NULL)
			dhcp_lease_remove(srv, l);
		return 0;
	}
	return -1;
}

/*
 * One line into @p buf (newline dropped), read byte by byte so that a NUL
 * inside a line cannot make it look shorter than it is.
 * @return 1: a line; 0: end of file; -1: a line unusable (longer than any
 *         we write, or holding a NUL); -2: an unterminated last line.
 */
static int
read_line(FILE *f, char *buf, size_t cap)
{
	size_t n = 0;
	int ch, bad = 0;

	/* Bounded by the file's size: every round consumes a byte. */
	while ((ch = getc(f)) != EOF && ch != '\n') {
		if (ch == '\0' || n + 1 >= cap)
			bad = 1;
		else
			buf[n++] = (char)ch;
	}
	buf[n] = '\0';
	if (ch == EOF)
		return n == 0 && !bad ? 0 : -2;
	return bad ? -1 : 1;
}

static void
replay(struct dhcp_server *srv, FILE *f)
{
	char line[STORE_LINE_MAX];
	int rc;

	while ((rc = read_line(f, line, sizeof(line))) != 0) {
		if (rc == -2) {
			/* A crash in the middle of an append. */
			dhcp_stat_inc(srv, DHCP_STAT_REPLAY_TRUNCATED);
			break;
		}
		dhcp_stat_inc(srv, DHCP_STAT_REPLAY_LINES);
		if (rc < 0 || replay_line(srv, line) != 0)
			dhcp_stat_inc(srv, DHCP_STAT_REPLAY_CORRUPT);
	}
}

/* --- Compaction ------------------------------------------------------------------ */

static int
sync_dir(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	int fd, rc = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) != 0)
		rc = -errno;
	close(fd);
	return rc;
}

static int
write_all(int fd, const char *buf, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(fd, buf + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		off += (size_t)w;
	}
	return 0;
}

int
dhcp_store_compact(struct dhcp_server *srv, uint64_t now_ms)
{
	struct dhcp_store *st = &srv->store;
	char tmp[PATH_MAX], line[STORE_LINE_MAX];
	int fd, rc, newfd;

	if (st->path[0] == '\0')
		return 0;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", st->path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, STORE_HEADER, strlen(STORE_HEADER));
	for (uint32_t i = 0; rc == 0 && i < srv->cfg.max_leases; i++) {
		const struct dhcp_lease *l = &srv->leases[i];
		int n;

		/* Offers are not promises: a restart may forget them. */
		if (l->expiry_ms <= now_ms ||
		    (l->state != DHCP_LEASE_BOUND && l->state != DHCP_LEASE_DECLINED))
			continue;
		n = l->state == DHCP_LEASE_BOUND ? bind_line(srv, l, line, sizeof(line)) :
						   decline_line(l, line, sizeof(line));
		rc = write_all(fd, line, (size_t)n);
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = -errno;
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	/* rename() is the commit point: before it the old file is whole. */
	if (rc == 0 && rename(tmp, st->path) != 0)
		rc = -errno;
	if (rc != 0) {
		unlink(tmp);
		return rc;
	}
	rc = sync_dir(st->path);
	if (rc != 0)
		return rc;
	newfd = open(st->path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (newfd < 0)
		return -errno;
	if (st->fd >= 0)
		close(st->fd);
	st->fd = newfd;
	st->lines = 0;
	st->broken_tail = 0;
	dhcp_stat_inc(srv, DHCP_STAT_COMPACTIONS);
	return 0;
}

int
dhcp_store_open(struct dhcp_server *srv, const char *path, uint64_t now_ms)
{
	struct dhcp_store *st = &srv->store;
	FILE *f;

	st->fd = -1;
	if (path == NULL)
		return 0;
	if (path[0] == '\0' || strlen(path) + sizeof(".tmp") > sizeof(st->path))
		return -EINVAL;
	snprintf(st->path, sizeof(st->path), "%s", path);
	f = fopen(path, "re");
	if (f == NULL && errno != ENOENT)
		return -errno;
	if (f != NULL) {
		replay(srv, f);
		fclose(f);
	}
	for (uint32_t i = 0; i < srv->cfg.max_leases; i++) {
		struct dhcp_lease *l = &srv->leases[i];

		if (l->state == DHCP_LEASE_FREE)
			continue;
		if (l->expiry_ms <= now_ms) {
			dhcp_stat_inc(srv, DHCP_STAT_REPLAY_EXPIRED);
			dhcp_lease_remove(srv, l);
		} else if (l->state == DHCP_LEASE_BOUND) {
			dhcp_stat_inc(srv, DHCP_STAT_REPLAY_LEASES);
		}
	}
	return dhcp_store_compact(srv, now_ms);
}

void
dhcp_store_close(struct dhcp_server *srv)
{
	if (srv->store.fd >= 0)
		close(srv->store.fd);
	srv->store.fd = -1;
}
