/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of the DHCP lease file and of expiry: leases survive a crash
 * (a second server made from the file of a first one that was never
 * freed), every ACKed lease is in the file when the ACK is handed back and
 * no ACK leaves when the write fails, a damaged file (corrupt lines, an
 * unterminated last line, unknown pools, expired leases) is replayed as
 * far as it can be, compaction keeps only live leases, expiry ends offers,
 * leases and declines in bounded steps, and the console's queries
 * (foreach, clear) keep the file right.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>

#include "dhcp_priv.h"
#include "dhcp_test.h"

static struct dhcp_config C;
static struct dhcp_reply R;
static char dir[64], path[128];
static char text[1 << 16];

/* A fresh directory for the lease file of one test. */
static void
store_setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/bng-dhcp-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/leases", dir);
}

static void
store_teardown(void)
{
	char tmp[160];

	unlink(path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	rmdir(dir);
}

/* The lease file's text; the number of its lines. */
static unsigned int
file_read(void)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	unsigned int lines = 0;

	text[0] = '\0';
	if (f == NULL)
		return 0;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	for (size_t i = 0; i < n; i++)
		lines += text[i] == '\n';
	return lines;
}

/* @p n bytes of @p s, NULs included, appended to the lease file. */
static void
file_append(const char *s, size_t n)
{
	FILE *f = fopen(path, "a");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(s, 1, n, f), n);
	fclose(f);
}

static uint64_t
stat_of(const struct dhcp_server *srv, enum dhcp_stat s)
{
	return dhcp_server_counters(srv)->stat[s];
}

static unsigned int n_bound_cb, n_end_cb;
static enum dhcp_end_reason end_why;

static void
on_bound(const struct dhcp_lease *l, void *arg)
{
	(void)l;
	(void)arg;
	n_bound_cb++;
}

static void
on_end(const struct dhcp_lease *l, enum dhcp_end_reason why, void *arg)
{
	(void)l;
	(void)arg;
	n_end_cb++;
	end_why = why;
}

static const struct dhcp_callbacks CB = { .on_bound = on_bound, .on_end = on_end };

static const uint8_t CID[] = { 1, 0x02, 0, 0, 0, 0x0b, 0x01 };
static const uint8_t AGENT[] = { 1, 4, 'l', 'n', '-', '7', 2, 3, 'r', 'i', 'd' };

/* DORA of client b: client id, relayed with option 82, on VLANs 10/20. */
static uint32_t
dora_b(struct dhcp_server *srv, uint64_t now)
{
	struct dhcp_rx_meta meta = { .port = 1, .svlan = 10, .cvlan = 20 };
	struct rte_ether_addr mac = t_mac(0xb1);
	struct tmsg t;
	uint32_t yi;

	tm_begin(&t, DHCP_DISCOVER, &mac, 1);
	tm_giaddr(&t, T_IP4(10, 0, 0, 254));
	tm_opt(&t, 61, CID, sizeof(CID));
	tm_opt(&t, 82, AGENT, sizeof(AGENT));
	tm_end(&t);
	if (t_send(srv, &t, &meta, now, &R) != DHCP_RESULT_REPLY)
		return 0;
	yi = t_yiaddr(&R);
	tm_begin(&t, DHCP_REQUEST, &mac, 2);
	tm_giaddr(&t, T_IP4(10, 0, 0, 254));
	tm_opt(&t, 61, CID, sizeof(CID));
	tm_opt_addr(&t, 54, SRV_IP);
	tm_opt_addr(&t, 50, yi);
	tm_opt(&t, 82, AGENT, sizeof(AGENT));
	tm_end(&t);
	if (t_send(srv, &t, &meta, now, &R) != DHCP_RESULT_REPLY || t_type(&R) != DHCP_ACK)
		return 0;
	return yi;
}

static void
test_crash_restart(void)
{
	struct rte_ether_addr a = t_mac(0xa1), c = t_mac(0xc1), d = t_mac(0xd1);
	struct dhcp_server *srv, *again;
	const struct dhcp_lease *l;
	uint32_t ya, yb, yc, yd;
	struct tmsg t;

	store_setup();
	t_config(&C);
	srv = dhcp_server_create_at(&C, path, T0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	ya = t_dora(srv, &a, NULL, T0);
	yb = dora_b(srv, T0 + 1);
	yc = t_dora(srv, &c, NULL, T0 + 2);
	yd = t_dora(srv, &d, NULL, T0 + 3);
	CU_ASSERT_FATAL(ya && yb && yc && yd);
	tm_begin(&t, DHCP_RELEASE, &c, 3);
	tm_ciaddr(&t, yc);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + 4, &R), DHCP_RESULT_NO_REPLY);
	tm_begin(&t, DHCP_DECLINE, &d, 4);
	tm_opt_addr(&t, 50, yd);
	tm_opt_addr(&t, 54, SRV_IP);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + 5, &R), DHCP_RESULT_NO_REPLY);

	/* kill -9: srv is never freed; a new server reads the same file. */
	again = dhcp_server_create_at(&C, path, T0 + 10 * SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(again);
	CU_ASSERT_EQUAL(stat_of(again, DHCP_STAT_REPLAY_LEASES), 2);
	CU_ASSERT_EQUAL(stat_of(again, DHCP_STAT_REPLAY_CORRUPT), 0);
	l = dhcp_lease_lookup(again, BE32(ya));
	CU_ASSERT_FATAL(l != NULL);
	CU_ASSERT_EQUAL(l->state, DHCP_LEASE_BOUND);
	CU_ASSERT(rte_is_same_ether_addr(&l->mac, &a));
	CU_ASSERT_EQUAL(l->client_id_len, 0);
	CU_ASSERT_EQUAL(l->start_ms, T0);
	CU_ASSERT_EQUAL(l->expiry_ms, T0 + 3600 * SEC);
	l = dhcp_lease_lookup(again, BE32(yb));
	CU_ASSERT_FATAL(l != NULL);
	CU_ASSERT_EQUAL(l->state, DHCP_LEASE_BOUND);
	CU_ASSERT(l->client_id_len == sizeof(CID) && memcmp(l->client_id, CID, sizeof(CID)) == 0);
	CU_ASSERT(l->circuit_len == 4 && memcmp(l->circuit_id, "ln-7", 4) == 0);
	CU_ASSERT(l->remote_len == 3 && memcmp(l->remote_id, "rid", 3) == 0);
	CU_ASSERT(l->port == 1 && l->svlan == 10 && l->cvlan == 20);
	CU_ASSERT_EQUAL(l->expiry_ms, T0 + 1 + 3600 * SEC);
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(again, BE32(yc)));
	l = dhcp_lease_lookup(again, BE32(yd));
	CU_ASSERT(l != NULL && l->state == DHCP_LEASE_DECLINED);
	/* The subscriber table learns the restored leases on registration. */
	n_bound_cb = 0;
	dhcp_server_callbacks_set(again, &CB, NULL);
	CU_ASSERT_EQUAL(n_bound_cb, 2);
	/* The restored clients are recognised. */
	CU_ASSERT_EQUAL(t_dora(again, &a, NULL, T0 + 20 * SEC), ya);
	CU_ASSERT_EQUAL(dora_b(again, T0 + 20 * SEC), yb);
	dhcp_server_free(again);
	dhcp_server_free(srv);
	store_teardown();
}

static void
test_ack_durable(void)
{
	struct rte_ether_addr a = t_mac(0xa2);
	struct dhcp_server *srv, *again;
	char line[64];
	struct tmsg t;
	uint32_t yi;
	int full, good;

	store_setup();
	t_config(&C);
	srv = dhcp_server_create_at(&C, path, T0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	n_bound_cb = 0;
	dhcp_server_callbacks_set(srv, &CB, NULL);
	tm_begin(&t, DHCP_DISCOVER, &a, 1);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	yi = t_yiaddr(&R);
	CU_ASSERT_EQUAL(file_read(), 1); /* offers are not written */
	tm_begin(&t, DHCP_REQUEST, &a, 2);
	tm_opt_addr(&t, 54, SRV_IP);
	tm_opt_addr(&t, 50, yi);
	tm_end(&t);

	/* The disk is full: no ACK, the lease stays an offer, nobody is told. */
	full = open("/dev/full", O_WRONLY);
	CU_ASSERT_FATAL(full >= 0);
	good = dup(srv->store.fd);
	CU_ASSERT_FATAL(dup2(full, srv->store.fd) >= 0);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_ERROR);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_STORE_FAILED);
	CU_ASSERT_EQUAL(R.len, 0);
	CU_ASSERT_EQUAL(t_state(srv, yi), DHCP_LEASE_OFFERED);
	CU_ASSERT_EQUAL(n_bound_cb, 0);
	CU_ASSERT_EQUAL(stat_of(srv, DHCP_STAT_STORE_ERRORS), 1);
	CU_ASSERT_EQUAL(dhcp_server_counters(srv)->tx[DHCP_ACK], 0);

	/* Disk back: the retransmitted REQUEST is ACKed, its line already there. */
	CU_ASSERT_FATAL(dup2(good, srv->store.fd) >= 0);
	close(good);
	close(full);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0 + SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(t_type(&R), DHCP_ACK);
	CU_ASSERT_EQUAL(n_bound_cb, 1);
	snprintf(line, sizeof(line), "bind 10.0.0.%u 02:00:00:00:00:a2 - lan %" PRIu64 " ",
		 yi & 0xff, T0 + SEC);
	file_read();
	CU_ASSERT_PTR_NOT_NULL(strstr(text, line));
	again = dhcp_server_create_at(&C, path, T0 + 2 * SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(again);
	CU_ASSERT_EQUAL(stat_of(again, DHCP_STAT_REPLAY_LEASES), 1);
	CU_ASSERT_EQUAL(stat_of(again, DHCP_STAT_REPLAY_CORRUPT), 0);
	dhcp_server_free(again);
	dhcp_server_free(srv);
	store_teardown();
}

static void
test_damaged_file(void)
{
	struct dhcp_server *srv;
	char buf[2048];
	unsigned int lines;

	store_setup();
	t_config(&C);
	snprintf(buf, sizeof(buf),
		 "# bng dhcp leases v1\n"
		 "bind 10.0.0.5 02:00:00:00:00:05 - lan %1$" PRIu64 " %2$" PRIu64 " 0 0 0 - -\n"
		 "this is not a lease\n"
		 "bind 10.0.0.6 02:00:00:00:00:06 - gone %1$" PRIu64 " %2$" PRIu64 " 0 0 0 - -\n"
		 "bind 10.0.0.7 02:00:00:00:00:07 - lan 1 %3$" PRIu64 " 0 0 0 - -\n"
		 "bind 10.0.0.8 zz:00:00:00:00:08 - lan %1$" PRIu64 " %2$" PRIu64 " 0 0 0 - -\n"
		 "bind 10.0.0.9 02:00:00:00:00:09 - lan %1$" PRIu64 " %2$" PRIu64 " 0 0 0 - -\n"
		 "free 10.0.0.9\n"
		 "\n"
		 "bind 10.0.0.10 02:00:00:00:00:05 - lan %1$" PRIu64 " %2$" PRIu64 " 0 7 8 - -\n",
		 T0, T0 + 3600 * SEC, T0 - SEC);
	file_append(buf, strlen(buf));
	/* A line with a NUL inside (its text must not be read as "free"), an
	 * overlong line, then a last line cut short by a crash. */
	file_append("free 10.0.0.10\0 junk\n", 21);
	memset(buf, 'x', 1500);
	buf[1500] = '\n';
	file_append(buf, 1501);
	snprintf(buf, sizeof(buf), "bind 10.0.0.11 02:00:00:00:00:0b - lan %" PRIu64 " 17000", T0);
	file_append(buf, strlen(buf));
	srv = dhcp_server_create_at(&C, path, T0 + SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	CU_ASSERT_EQUAL(stat_of(srv, DHCP_STAT_REPLAY_CORRUPT), 4);
	CU_ASSERT_EQUAL(stat_of(srv, DHCP_STAT_REPLAY_TRUNCATED), 1);
	CU_ASSERT_EQUAL(stat_of(srv, DHCP_STAT_REPLAY_ORPHAN), 1);
	CU_ASSERT_EQUAL(stat_of(srv, DHCP_STAT_REPLAY_EXPIRED), 1);
	CU_ASSERT_EQUAL(stat_of(srv, DHCP_STAT_REPLAY_LEASES), 1);
	/* The same client bound again later: only the later address stays. */
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(T_IP4(10, 0, 0, 5))));
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(T_IP4(10, 0, 0, 9))));
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(T_IP4(10, 0, 0, 11))));
	CU_ASSERT_PTR_NOT_NULL(dhcp_lease_lookup(srv, BE32(T_IP4(10, 0, 0, 10))));
	/* Compacted: the header and the one live lease. */
	lines = file_read();
	CU_ASSERT_EQUAL(lines, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "bind 10.0.0.10 02:00:00:00:00:05 - lan "));
	CU_ASSERT_EQUAL(stat_of(srv, DHCP_STAT_COMPACTIONS), 1);
	dhcp_server_free(srv);
	/* A file that cannot be written is refused. */
	CU_ASSERT_PTR_NULL(dhcp_server_create_at(&C, "/nonexistent-dir/leases", T0));
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	store_teardown();
}

static void
test_compaction(void)
{
	struct dhcp_server *srv, *again;
	uint32_t y[5];
	struct tmsg t;

	store_setup();
	t_config(&C);
	srv = dhcp_server_create_at(&C, path, T0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	for (uint32_t i = 0; i < 5; i++) {
		struct rte_ether_addr m = t_mac(0x500 + i);

		y[i] = t_dora(srv, &m, NULL, T0);
		CU_ASSERT_FATAL(y[i] != 0);
	}
	for (uint32_t i = 0; i < 2; i++) {
		struct rte_ether_addr m = t_mac(0x500 + i);

		tm_begin(&t, DHCP_RELEASE, &m, 9);
		tm_ciaddr(&t, y[i]);
		tm_end(&t);
		CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	}
	/* Client 4 renews three times; it alone will outlive T0 + 3600 s. */
	for (uint32_t k = 1; k <= 3; k++) {
		struct rte_ether_addr m = t_mac(0x504);

		tm_begin(&t, DHCP_REQUEST, &m, 10 + k);
		tm_ciaddr(&t, y[4]);
		tm_end(&t);
		CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + k * 1000 * SEC, &R), DHCP_RESULT_REPLY);
	}
	CU_ASSERT_EQUAL(dhcp_server_store_lines(srv), 5 + 2 + 3);
	CU_ASSERT_EQUAL(file_read(), 1 + 10);
	/* While all three live, compaction keeps the three. */
	CU_ASSERT_EQUAL(dhcp_server_compact(srv, T0 + 3001 * SEC), 0);
	CU_ASSERT_EQUAL(dhcp_server_store_lines(srv), 0);
	CU_ASSERT_EQUAL(file_read(), 1 + 3);
	/* Clients 2 and 3 ran out at T0 + 3600 s (not swept yet): left out. */
	CU_ASSERT_EQUAL(dhcp_server_compact(srv, T0 + 3700 * SEC), 0);
	CU_ASSERT_EQUAL(file_read(), 1 + 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "bind 10.0.0.6 02:00:00:00:05:04 - lan "));
	/* Appends go on into the new file. */
	tm_begin(&t, DHCP_REQUEST, &(struct rte_ether_addr){ { 2, 0, 0, 0, 5, 4 } }, 20);
	tm_ciaddr(&t, y[4]);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + 3701 * SEC, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(file_read(), 1 + 1 + 1);
	/* A restart: client 4 only, its two lines one lease. */
	again = dhcp_server_create_at(&C, path, T0 + 4000 * SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(again);
	CU_ASSERT_EQUAL(stat_of(again, DHCP_STAT_REPLAY_LEASES), 1);
	CU_ASSERT_EQUAL(stat_of(again, DHCP_STAT_REPLAY_EXPIRED), 0);
	CU_ASSERT_EQUAL(file_read(), 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dhcp_lease_lookup(again, BE32(y[4])));
	CU_ASSERT_EQUAL(dhcp_lease_lookup(again, BE32(y[4]))->expiry_ms, T0 + (3701 + 3600) * SEC);
	dhcp_server_free(again);
	dhcp_server_free(srv);
	store_teardown();
}

static void
test_expiry(void)
{
	struct rte_ether_addr a = t_mac(0xe1), b = t_mac(0xe2), c = t_mac(0xe3);
	struct dhcp_server *srv;
	unsigned int ended = 0;
	uint32_t ya, yb, yc;
	struct tmsg t;

	t_config(&C);
	C.pools[0].lease_s = 60;
	C.expire_batch = 2;
	C.max_leases = 16;
	srv = dhcp_server_create_at(&C, NULL, T0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	n_end_cb = 0;
	dhcp_server_callbacks_set(srv, &CB, NULL);
	ya = t_dora(srv, &a, NULL, T0);       /* slot 0, until T0 + 60 s */
	yb = t_dora(srv, &b, NULL, T0);       /* slot 1 */
	tm_begin(&t, DHCP_DISCOVER, &c, 1);   /* slot 2: an offer, held 30 s */
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	yc = t_yiaddr(&R);
	CU_ASSERT_FATAL(ya && yb && yc);
	/* b renews at T0 + 50 s: until T0 + 110 s. */
	tm_begin(&t, DHCP_REQUEST, &b, 2);
	tm_ciaddr(&t, yb);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + 50 * SEC, &R), DHCP_RESULT_REPLY);
	/* Nothing is due before its time. */
	for (unsigned int i = 0; i < 8; i++)
		ended += dhcp_server_expire(srv, T0 + 29 * SEC);
	CU_ASSERT_EQUAL(ended, 0);
	/* At T0 + 61 s the offer and a's lease are due; two slots a call. */
	CU_ASSERT_EQUAL(dhcp_server_expire(srv, T0 + 61 * SEC), 1); /* slots 0, 1 (b lives) */
	CU_ASSERT_EQUAL(dhcp_server_expire(srv, T0 + 61 * SEC), 1); /* slots 2, 3 */
	CU_ASSERT_EQUAL(stat_of(srv, DHCP_STAT_LEASES_EXPIRED), 1);
	CU_ASSERT_EQUAL(stat_of(srv, DHCP_STAT_OFFERS_EXPIRED), 1);
	CU_ASSERT_EQUAL(n_end_cb, 1); /* the offer was never announced */
	CU_ASSERT_EQUAL(end_why, DHCP_END_EXPIRY);
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(ya)));
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(yc)));
	CU_ASSERT_PTR_NOT_NULL(dhcp_lease_lookup(srv, BE32(yb)));
	/* No sweep: b's lease ran out all the same when b shows up. */
	tm_begin(&t, DHCP_REQUEST, &b, 3);
	tm_opt_addr(&t, 50, yb);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0 + 111 * SEC, &R), DHCP_RESULT_NO_REPLY);
	CU_ASSERT_EQUAL(R.reason, DHCP_REASON_UNKNOWN_CLIENT);
	CU_ASSERT_EQUAL(n_end_cb, 2);
	CU_ASSERT_PTR_NULL(dhcp_lease_lookup(srv, BE32(yb)));
	dhcp_server_free(srv);
}

static int
count_state(const struct dhcp_lease *l, void *arg)
{
	unsigned int *n = arg;

	n[l->state]++;
	return 0;
}

static int
stop_at_first(const struct dhcp_lease *l, void *arg)
{
	(void)l;
	(void)arg;
	return 1;
}

static void
test_foreach_clear(void)
{
	struct rte_ether_addr a = t_mac(0xf1), b = t_mac(0xf2), c = t_mac(0xf3);
	unsigned int n[DHCP_LEASE_DECLINED + 1] = { 0 };
	struct dhcp_server *srv, *again;
	uint32_t ya, yb;
	struct tmsg t;

	store_setup();
	t_config(&C);
	srv = dhcp_server_create_at(&C, path, T0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	n_end_cb = 0;
	dhcp_server_callbacks_set(srv, &CB, NULL);
	ya = t_dora(srv, &a, NULL, T0);
	yb = t_dora(srv, &b, NULL, T0);
	tm_begin(&t, DHCP_DECLINE, &b, 1);
	tm_opt_addr(&t, 50, yb);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_NO_REPLY);
	tm_begin(&t, DHCP_DISCOVER, &c, 2);
	tm_end(&t);
	CU_ASSERT_EQUAL(t_send(srv, &t, NULL, T0, &R), DHCP_RESULT_REPLY);
	CU_ASSERT_EQUAL(dhcp_lease_foreach(srv, count_state, n), 3);
	CU_ASSERT(n[DHCP_LEASE_BOUND] == 1 && n[DHCP_LEASE_DECLINED] == 1 &&
		  n[DHCP_LEASE_OFFERED] == 1);
	CU_ASSERT_EQUAL(dhcp_lease_foreach(srv, stop_at_first, NULL), 1);
	n_end_cb = 0;
	CU_ASSERT_EQUAL(dhcp_lease_clear(srv, BE32(ya)), 0);
	CU_ASSERT_EQUAL(n_end_cb, 1);
	CU_ASSERT_EQUAL(end_why, DHCP_END_CLEARED);
	CU_ASSERT_EQUAL(dhcp_lease_clear(srv, BE32(ya)), -ENOENT);
	CU_ASSERT_EQUAL(dhcp_lease_clear(srv, BE32(yb)), 0);
	CU_ASSERT_EQUAL(n_end_cb, 1); /* a declined address had no subscriber */
	/* Neither comes back after a restart. */
	again = dhcp_server_create_at(&C, path, T0 + SEC);
	CU_ASSERT_PTR_NOT_NULL_FATAL(again);
	CU_ASSERT_EQUAL(dhcp_lease_foreach(again, count_state, n), 0);
	CU_ASSERT_EQUAL(dhcp_pool_count(again), 1);
	dhcp_server_free(again);
	dhcp_server_free(srv);
	store_teardown();
}

const CU_TestInfo dhcp_store_tests[] = {
	{ "leases survive a crash", test_crash_restart },
	{ "no ACK before the lease is on disk", test_ack_durable },
	{ "damaged file: corrupt, truncated, orphan, expired", test_damaged_file },
	{ "compaction keeps live leases only", test_compaction },
	{ "expiry in bounded steps, and lazily", test_expiry },
	{ "foreach and clear", test_foreach_clear },
	CU_TEST_INFO_NULL,
};
