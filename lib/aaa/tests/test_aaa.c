/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Tests of aaa (binary unit-aaa) against a real FreeRADIUS: the binary
 * copies /etc/freeradius/3.0 into a temporary directory, points its paths
 * there, listens on 127.0.0.1 on two free ports (auth, acct = auth + 1),
 * adds the users below, writes accounting to one detail file, and runs
 * `freeradius -X -d DIR` as its child for the whole run. A FreeRADIUS that is
 * missing or does not start fails the tests that need it, saying why.
 * A "dead" server is a UDP socket the test holds and never answers from.
 *
 * Covered: bad arguments and configurations; PAP accepted with the reply's
 * attributes, refused, refused with a Reply-Message; CHAP-MD5 accepted and
 * refused; accounting Start and Stop acknowledged and found in the detail
 * file with what was sent (64-bit octets as Gigawords, the NAS attributes);
 * no server: the named result after retries x timeout, the retransmissions
 * counted at the dead socket, the caller never waiting meanwhile; a full
 * queue refusing and recovering; failover from a dead first server to a
 * live second one; four RADIUS threads keeping each session's Start,
 * Interim-Update and Stop in order; request latency and pipelined
 * throughput on one thread and on four (printed).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>

#include "aaa.h"
#include "bng_test.h"
#include "pppoe.h"

const char bng_test_name[] = "unit-aaa";

#define SECRET    "testing123"
#define ALICE_IP  T_IP4(10, 2, 0, 77)
#define FR_CONF   "/etc/freeradius/3.0"

/* --- The FreeRADIUS child ------------------------------------------------------------ */

static struct {
	int tried, up;
	pid_t pid;
	char dir[64];
	uint16_t port;           /* auth; acct is port + 1 */
	int dead_fd;             /* the dead server's socket */
	uint16_t dead_port;
} fr = { .pid = -1, .dead_fd = -1 };

static void
fr_stop(void)
{
	char cmd[128];

	if (fr.pid > 0) {
		kill(fr.pid, SIGTERM);
		waitpid(fr.pid, NULL, 0);
		fr.pid = -1;
	}
	if (fr.dead_fd >= 0)
		close(fr.dead_fd);
	if (fr.dir[0] != '\0' && getenv("AAA_TEST_KEEP") == NULL) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fr.dir);
		if (system(cmd) != 0)
			fprintf(stderr, "%s: could not remove %s\n", bng_test_name, fr.dir);
	}
}

/* A UDP socket on 127.0.0.1:port (0: any); its fd, or -1. */
static int
udp_bind(uint16_t port, uint16_t *bound)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		close(fd);
		return -1;
	}
	if (bound != NULL)
		*bound = ntohs(sa.sin_port);
	return fd;
}

/* Two consecutive free UDP ports, somewhere pid-dependent so that two
 * checkouts testing at once rarely meet. */
static uint16_t
free_port_pair(void)
{
	for (unsigned int i = 0; i < 200; i++) {
		uint16_t p = (uint16_t)(20000 + ((unsigned int)getpid() * 7 + i * 2) % 20000);
		int a = udp_bind(p, NULL), b = udp_bind((uint16_t)(p + 1), NULL);

		if (a >= 0)
			close(a);
		if (b >= 0)
			close(b);
		if (a >= 0 && b >= 0)
			return p;
	}
	return 0;
}

/* The configuration: paths into DIR, run as ourselves, no reject delay,
 * no listen sections but ours, the users first in the users file, and one
 * detail file for all accounting. */
static const char setup_script[] =
	"set -e; D='%s'; P=%u\n"
	"cp -rL " FR_CONF "/. \"$D\"/\n"
	"mkdir -p \"$D/log\" \"$D/run\"\n"
	"sed -i -e \"s|^raddbdir = .*|raddbdir = $D|\" -e \"s|^logdir = .*|logdir = $D/log|\" "
	"-e \"s|^run_dir = .*|run_dir = $D/run|\" -e 's|^\\s*user = .*|#|' "
	"-e 's|^\\s*group = .*|#|' -e 's|reject_delay = .*|reject_delay = 0|' \"$D/radiusd.conf\"\n"
	"sed -i '/^listen {/,/^}/d' \"$D/sites-enabled/default\" \"$D/sites-enabled/inner-tunnel\"\n"
	"sed -i -E 's|^(\\s*)filename = \\$\\{radacctdir\\}/.*$|\\1filename = ${radacctdir}/detail|' "
	"\"$D/mods-enabled/detail\"\n"
	"printf 'listen {\\n\\ttype = auth\\n\\tipaddr = 127.0.0.1\\n\\tport = %%u\\n"
	"\\tvirtual_server = default\\n}\\nlisten {\\n\\ttype = acct\\n\\tipaddr = 127.0.0.1\\n"
	"\\tport = %%u\\n\\tvirtual_server = default\\n}\\n' $P $((P + 1)) "
	"> \"$D/sites-enabled/zz-bng-test\"\n"
	"{ printf '%%s\\n' 'alice Cleartext-Password := \"wonderland\"' "
	"'\tFramed-IP-Address = 10.2.0.77,' '\tSession-Timeout = 3600,' '\tFilter-Id = \"gold\"' '' "
	"'bob Cleartext-Password := \"builder\"' '\tIdle-Timeout = 600,' "
	"'\tAcct-Interim-Interval = 300,' '\tReply-Message = \"hello bob\"' '' "
	"'mallory Auth-Type := Reject' '\tReply-Message = \"go away\"' ''; "
	"cat \"$D/mods-config/files/authorize\"; } > \"$D/users.new\"\n"
	"mv \"$D/users.new\" \"$D/mods-config/files/authorize\"\n";

static int
fr_fail(const char *why)
{
	fprintf(stderr,
		"\n%s: FreeRADIUS is needed and %s.\n"
		"  Install it with `scripts/deps.sh test` (packages freeradius, freeradius-utils);\n"
		"  the test copies " FR_CONF ", so it runs as root (or group freerad).\n",
		bng_test_name, why);
	return -1;
}

static int
fr_ready(const char *out)
{
	char line[512];
	FILE *f = fopen(out, "r");
	int ready = 0;

	if (f == NULL)
		return 0;
	while (!ready && fgets(line, sizeof(line), f) != NULL)
		ready = strstr(line, "Ready to process requests") != NULL;
	fclose(f);
	return ready;
}

static int
fr_start(void)
{
	char cmd[sizeof(setup_script) + 128], out[128];
	char tmpl[] = "/tmp/bng-aaa-XXXXXX";

	if (access(FR_CONF "/radiusd.conf", R_OK) != 0)
		return fr_fail("its configuration " FR_CONF " cannot be read");
	if (access("/usr/sbin/freeradius", X_OK) != 0)
		return fr_fail("/usr/sbin/freeradius is not installed");
	if (mkdtemp(tmpl) == NULL)
		return fr_fail("no temporary directory could be made");
	snprintf(fr.dir, sizeof(fr.dir), "%s", tmpl);
	fr.port = free_port_pair();
	fr.dead_fd = udp_bind(0, &fr.dead_port);
	if (fr.port == 0 || fr.dead_fd < 0)
		return fr_fail("no free UDP ports were found on 127.0.0.1");
	snprintf(cmd, sizeof(cmd), setup_script, fr.dir, fr.port);
	if (system(cmd) != 0)
		return fr_fail("its configuration could not be copied and edited");
	snprintf(out, sizeof(out), "%s/radiusd.out", fr.dir);
	fflush(NULL);
	fr.pid = fork();
	if (fr.pid < 0)
		return fr_fail("fork failed");
	if (fr.pid == 0) {
		FILE *o = freopen(out, "w", stdout);
		cpu_set_t all;

		/* Gone with us, even when we crash. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		/* Not pinned to our lcore's CPU, as EAL left this thread. */
		CPU_ZERO(&all);
		for (int i = 0; i < CPU_SETSIZE; i++)
			CPU_SET(i, &all);
		sched_setaffinity(0, sizeof(all), &all);
		if (o != NULL)
			dup2(fileno(stdout), STDERR_FILENO);
		execl("/usr/sbin/freeradius", "freeradius", "-X", "-d", fr.dir, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 300; i++) {
		int st;

		if (fr_ready(out)) {
			printf("\n%s: FreeRADIUS pid %d on 127.0.0.1:%u/%u, in %s\n", bng_test_name,
			       (int)fr.pid, fr.port, fr.port + 1, fr.dir);
			return 0;
		}
		if (waitpid(fr.pid, &st, WNOHANG) == fr.pid) {
			fr.pid = -1;
			snprintf(cmd, sizeof(cmd), "tail -25 '%s' >&2", out);
			if (system(cmd) != 0)
				fprintf(stderr, "(no output in %s)\n", out);
			return fr_fail("`freeradius -X` exited (its output's end is above)");
		}
		usleep(50 * 1000);
	}
	return fr_fail("`freeradius -X` was not ready after 15 s");
}

/* FreeRADIUS running, started on first use; a failure is reported once
 * and fails every test that needs it. */
static int
fr_up(void)
{
	if (!fr.tried) {
		fr.tried = 1;
		atexit(fr_stop);
		fr.up = fr_start() == 0;
	}
	return fr.up;
}

#define NEED_FREERADIUS()                                                            \
	do {                                                                         \
		if (!fr_up())                                                        \
			CU_FAIL_FATAL("FreeRADIUS did not start (see stderr)");      \
	} while (0)

/* --- Helpers ------------------------------------------------------------------------- */

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The live server as servers[0] (or the dead one), 1 s timeout, 1 try. */
static void
cfg_init(struct aaa_config *c, int dead)
{
	aaa_config_defaults(c);
	c->n_servers = 1;
	snprintf(c->servers[0].host, sizeof(c->servers[0].host), "127.0.0.1");
	snprintf(c->servers[0].secret, sizeof(c->servers[0].secret), SECRET);
	c->servers[0].auth_port = dead ? fr.dead_port : fr.port;
	c->servers[0].acct_port = dead ? fr.dead_port : (uint16_t)(fr.port + 1);
	c->timeout_ms = 1000;
	c->retries = 1;
	c->queue_size = 64;
	c->interim_interval = 900;
}

static const struct aaa_session sess = {
	.nas_port = 4242,
	.mac = { .addr_bytes = { 0x02, 0x00, 0x00, 0x00, 0xaa, 0x01 } },
};

/* Poll until @p n results arrived or @p limit_s passed. @return how many;
 * *max_poll_us: the slowest aaa_poll() call. */
static unsigned int
wait_results(struct aaa *a, struct aaa_result *out, unsigned int n, double limit_s,
	     double *max_poll_us)
{
	double end = now_s() + limit_s;
	unsigned int got = 0;

	while (got < n && now_s() < end) {
		double t0 = now_s();
		int k = aaa_poll(a, out + got, n - got);
		double us = (now_s() - t0) * 1e6;

		if (max_poll_us != NULL && us > *max_poll_us)
			*max_poll_us = us;
		if (k < 0)
			break;
		got += (unsigned int)k;
		if (got < n)
			usleep(200);
	}
	return got;
}

/* Datagrams waiting at the dead server's socket, drained. */
static unsigned int
dead_drain(void)
{
	char buf[4096];
	unsigned int n = 0;

	while (recv(fr.dead_fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		n++;
	return n;
}

/* --- Arguments ------------------------------------------------------------------------- */

static void
test_args(void)
{
	struct aaa_config c, bad;
	struct aaa_acct_data d = { .session_id = "s1" };
	uint8_t ch[AAA_CHAP_LEN] = { 0 };
	char longname[AAA_USER_MAX + 2], longpass[AAA_PASS_MAX + 2];
	struct aaa_result res;
	struct aaa *a;

	aaa_config_defaults(&c);
	CU_ASSERT_EQUAL(c.timeout_ms, 3000);
	CU_ASSERT_EQUAL(c.retries, 3);
	CU_ASSERT_EQUAL(c.queue_size, 1024);
	CU_ASSERT_EQUAL(c.threads, 4);
	CU_ASSERT_EQUAL(c.nas_port_type, AAA_PORT_TYPE_VIRTUAL);
	CU_ASSERT_STRING_EQUAL(c.nas_identifier, "bng");
	CU_ASSERT_STRING_EQUAL(c.dictionary, "/etc/radcli/dictionary");
	CU_ASSERT_STRING_EQUAL(aaa_stat_name(0), "requests");
	CU_ASSERT_STRING_EQUAL(aaa_stat_name(AAA_STATS - 1), "completions");
	CU_ASSERT_STRING_EQUAL(aaa_stat_name(AAA_STATS), "?");
	CU_ASSERT_STRING_EQUAL(aaa_result_name(AAA_RES_NO_SERVER), "no_server");
	CU_ASSERT_STRING_EQUAL(aaa_result_name(AAA_RES_MAX), "?");
	CU_ASSERT_NOT_EQUAL(aaa_result_help(AAA_RES_ACCEPT)[0], '?');

	/* no server */
	CU_ASSERT_PTR_NULL(aaa_create("a", 0, &c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	cfg_init(&c, 1);
	c.servers[0].auth_port = AAA_AUTH_PORT; /* nothing is sent */
	CU_ASSERT_PTR_NULL(aaa_create(NULL, 0, &c));
	CU_ASSERT_PTR_NULL(aaa_create("", 0, &c));
	CU_ASSERT_PTR_NULL(aaa_create("a-name-too-long!", 0, &c));
	CU_ASSERT_PTR_NULL(aaa_create("a", 0, NULL));
#define BAD(field_change)                                                          \
	do {                                                                         \
		bad = c;                                                             \
		field_change;                                                        \
		rte_errno = 0;                                                       \
		CU_ASSERT_PTR_NULL(aaa_create("a", 0, &bad));                        \
		CU_ASSERT_EQUAL(rte_errno, EINVAL);                                  \
	} while (0)
	BAD(bad.n_servers = AAA_MAX_SERVERS + 1);
	BAD(bad.servers[0].auth_port = 0);
	BAD(bad.servers[0].host[0] = '\0');
	BAD(snprintf(bad.servers[0].host, AAA_HOST_MAX, "a b"));
	BAD(snprintf(bad.servers[0].secret, AAA_SECRET_MAX, "x,y"));
	BAD(memset(bad.servers[0].secret, 'x', AAA_SECRET_MAX));
	BAD(bad.timeout_ms = 0);
	BAD(bad.retries = 0);
	BAD(bad.retries = 11);
	BAD(bad.nas_port_type = 0);
	BAD(bad.queue_size = 3);
	BAD(bad.queue_size = 0);
	BAD(bad.dictionary[0] = '\0');
	BAD(bad.threads = 0);
	BAD(bad.threads = AAA_MAX_THREADS + 1);
	/* 127.0.0.1 is a prefix of 127.0.0.10: radcli would mix their secrets */
	BAD(bad.n_servers = 2; bad.servers[1] = bad.servers[0];
	    snprintf(bad.servers[1].host, AAA_HOST_MAX, "127.0.0.10");
	    snprintf(bad.servers[1].secret, AAA_SECRET_MAX, "other"));
#undef BAD
	bad = c;
	snprintf(bad.dictionary, sizeof(bad.dictionary), "/nonexistent/dictionary");
	CU_ASSERT_PTR_NULL(aaa_create("a", 0, &bad));
	CU_ASSERT_EQUAL(rte_errno, ENOENT);

	/* an IPv6 literal goes to radcli in brackets */
	bad = c;
	snprintf(bad.servers[0].host, AAA_HOST_MAX, "::1");
	a = aaa_create("v6", 0, &bad);
	CU_ASSERT_PTR_NOT_NULL(a);
	aaa_free(a);

	c.servers[0].acct_port = 0;
	a = aaa_create("args", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NULL(aaa_create("args", 0, &c));
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	memset(longname, 'u', sizeof(longname));
	longname[AAA_USER_MAX + 1] = '\0';
	memset(longpass, 'p', sizeof(longpass));
	longpass[AAA_PASS_MAX + 1] = '\0';
	CU_ASSERT_EQUAL(aaa_auth_pap(NULL, 1, "u", "p", &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 1, NULL, "p", &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 1, "", "p", &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 1, longname, "p", &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 1, "u", NULL, &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 1, "u", longpass, &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 1, "u", "p", NULL), -EINVAL);
	CU_ASSERT_EQUAL(aaa_auth_chap(a, 1, "u", 1, NULL, ch, &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_auth_chap(a, 1, "u", 1, ch, NULL, &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_auth_chap(a, 1, longname, 1, ch, ch, &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_acct(a, 1, AAA_ACCT_START, "u", NULL, &sess), -EINVAL);
	CU_ASSERT_EQUAL(aaa_acct(a, 1, (enum aaa_acct_type)9, "u", &d, &sess), -EINVAL);
	d.session_id = "";
	CU_ASSERT_EQUAL(aaa_acct(a, 1, AAA_ACCT_START, "u", &d, &sess), -EINVAL);
	d.session_id = "s1";
	/* no accounting server */
	CU_ASSERT_EQUAL(aaa_acct(a, 1, AAA_ACCT_START, "u", &d, &sess), -ENOTSUP);
	CU_ASSERT_EQUAL(aaa_poll(NULL, &res, 1), -EINVAL);
	CU_ASSERT_EQUAL(aaa_poll(a, NULL, 1), -EINVAL);
	CU_ASSERT_EQUAL(aaa_poll(a, &res, 0), 0);
	CU_ASSERT_EQUAL(aaa_poll(a, &res, 1), 0);
	CU_ASSERT_EQUAL(aaa_pending(a), 0);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->invalid, 12);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->requests, 0);
	aaa_free(a);
	aaa_free(NULL);
}

/* --- Authentication ------------------------------------------------------------------- */

static void
test_pap(void)
{
	struct aaa_result r[3];
	struct aaa_config c;
	struct aaa *a;

	NEED_FREERADIUS();
	cfg_init(&c, 0);
	a = aaa_create("pap", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 0xa11ce, "alice", "wonderland", &sess), 0);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 0xb0b, "bob", "builder", &sess), 0);
	CU_ASSERT_EQUAL(aaa_pending(a), 2);
	CU_ASSERT_EQUAL_FATAL(wait_results(a, r, 2, 5, NULL), 2);
	CU_ASSERT_EQUAL(aaa_pending(a), 0);

	/* answered in order */
	CU_ASSERT_EQUAL(r[0].tag, 0xa11ce);
	CU_ASSERT_EQUAL(r[0].kind, AAA_RES_ACCEPT);
	CU_ASSERT_EQUAL(r[0].request, AAA_REQ_PAP);
	CU_ASSERT_EQUAL(r[0].framed_ip, htonl(ALICE_IP));
	CU_ASSERT_EQUAL(r[0].session_timeout, 3600);
	CU_ASSERT_EQUAL(r[0].idle_timeout, 0);
	CU_ASSERT_EQUAL(r[0].interim_interval, 900); /* none sent: the configured default */
	CU_ASSERT_STRING_EQUAL(r[0].filter_id, "gold");
	CU_ASSERT_STRING_EQUAL(r[0].reply_message, "");
	CU_ASSERT(r[0].latency_us > 0 && r[0].latency_us < 1000000);

	CU_ASSERT_EQUAL(r[1].tag, 0xb0b);
	CU_ASSERT_EQUAL(r[1].kind, AAA_RES_ACCEPT);
	CU_ASSERT_EQUAL(r[1].framed_ip, 0);
	CU_ASSERT_EQUAL(r[1].session_timeout, 0);
	CU_ASSERT_EQUAL(r[1].idle_timeout, 600);
	CU_ASSERT_EQUAL(r[1].interim_interval, 300);
	CU_ASSERT_STRING_EQUAL(r[1].filter_id, "");
	CU_ASSERT_STRING_EQUAL(r[1].reply_message, "hello bob");

	/* wrong password; a user the server refuses with a message */
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 3, "alice", "looking-glass", &sess), 0);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 4, "mallory", "x", &sess), 0);
	CU_ASSERT_EQUAL_FATAL(wait_results(a, r, 2, 5, NULL), 2);
	CU_ASSERT_EQUAL(r[0].tag, 3);
	CU_ASSERT_EQUAL(r[0].kind, AAA_RES_REJECT);
	CU_ASSERT_EQUAL(r[0].framed_ip, 0);
	CU_ASSERT_STRING_EQUAL(r[0].filter_id, "");
	CU_ASSERT_EQUAL(r[1].tag, 4);
	CU_ASSERT_EQUAL(r[1].kind, AAA_RES_REJECT);
	CU_ASSERT_STRING_EQUAL(r[1].reply_message, "go away");

	CU_ASSERT_EQUAL(aaa_stats_get(a)->requests, 4);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->auth_requests, 4);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->accepts, 2);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->rejects, 2);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->timeouts, 0);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->completions, 4);
	aaa_free(a);
}

static void
test_chap(void)
{
	uint8_t challenge[AAA_CHAP_LEN], response[AAA_CHAP_LEN];
	struct aaa_result r[2];
	struct aaa_config c;
	struct aaa *a;

	NEED_FREERADIUS();
	cfg_init(&c, 0);
	a = aaa_create("chap", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	for (unsigned int i = 0; i < AAA_CHAP_LEN; i++)
		challenge[i] = (uint8_t)(i * 37 + 11);
	/* RFC 1994: MD5(id || secret || challenge), as a PPP client computes it */
	pppoe_chap_md5(7, "wonderland", 10, challenge, AAA_CHAP_LEN, response);
	CU_ASSERT_EQUAL(aaa_auth_chap(a, 1, "alice", 7, challenge, response, &sess), 0);
	/* the same response under another identifier does not match */
	CU_ASSERT_EQUAL(aaa_auth_chap(a, 2, "alice", 8, challenge, response, &sess), 0);
	CU_ASSERT_EQUAL_FATAL(wait_results(a, r, 2, 5, NULL), 2);
	CU_ASSERT_EQUAL(r[0].tag, 1);
	CU_ASSERT_EQUAL(r[0].request, AAA_REQ_CHAP);
	CU_ASSERT_EQUAL(r[0].kind, AAA_RES_ACCEPT);
	CU_ASSERT_EQUAL(r[0].framed_ip, htonl(ALICE_IP));
	CU_ASSERT_STRING_EQUAL(r[0].filter_id, "gold");
	CU_ASSERT_EQUAL(r[1].tag, 2);
	CU_ASSERT_EQUAL(r[1].kind, AAA_RES_REJECT);
	aaa_free(a);
}

/* --- Accounting ------------------------------------------------------------------------- */

/* The detail file's first record (they end with a blank line) holding both
 * @p a and @p b, copied to @p rec. @return its offset in the file, or -1
 * when none. */
static int
detail_record(const char *a, const char *b, char *rec, size_t cap)
{
	static char buf[1 << 16];
	char path[128], *p, *end;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/log/radacct/detail", fr.dir);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (p = buf; *p != '\0'; p = *end != '\0' ? end + 2 : end) {
		end = strstr(p, "\n\n");
		if (end == NULL)
			end = p + strlen(p);
		snprintf(rec, cap, "%.*s", (int)(end - p), p);
		if (strstr(rec, a) != NULL && strstr(rec, b) != NULL)
			return (int)(p - buf);
	}
	return -1;
}

static void
test_acct(void)
{
	char sid[32], key[64], rec[4096];
	struct aaa_acct_data d = { 0 };
	struct aaa_result r[2];
	struct aaa_config c;
	struct aaa *a;

	NEED_FREERADIUS();
	cfg_init(&c, 0);
	c.nas_port_type = AAA_PORT_TYPE_ETHERNET;
	c.nas_ip = htonl(T_IP4(192, 0, 2, 1));
	snprintf(c.nas_identifier, sizeof(c.nas_identifier), "bng-test");
	a = aaa_create("acct", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	snprintf(sid, sizeof(sid), "bng-%d-1", (int)getpid());
	d.session_id = sid;
	d.framed_ip = htonl(ALICE_IP);
	CU_ASSERT_EQUAL(aaa_acct(a, 10, AAA_ACCT_START, "alice", &d, &sess), 0);
	d.in_octets = 5000000123ull; /* 1 x 2^32 + 705032827 */
	d.out_octets = 123456;
	d.in_packets = 4000000;
	d.out_packets = 900;
	d.session_time = 42;
	d.terminate_cause = 1; /* User-Request */
	CU_ASSERT_EQUAL(aaa_acct(a, 11, AAA_ACCT_STOP, "alice", &d, &sess), 0);
	CU_ASSERT_EQUAL_FATAL(wait_results(a, r, 2, 5, NULL), 2);
	CU_ASSERT(r[0].tag == 10 && r[0].kind == AAA_RES_ACCT_OK);
	CU_ASSERT_EQUAL(r[0].request, AAA_REQ_ACCT_START);
	CU_ASSERT(r[1].tag == 11 && r[1].kind == AAA_RES_ACCT_OK);
	CU_ASSERT_EQUAL(r[1].request, AAA_REQ_ACCT_STOP);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->acct_requests, 2);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->acct_ok, 2);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->acct_failed, 0);

	/* FreeRADIUS wrote both before answering */
	snprintf(key, sizeof(key), "Acct-Session-Id = \"%s\"", sid);
	CU_ASSERT_FATAL(detail_record(key, "Acct-Status-Type = Start", rec, sizeof(rec)) >= 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "User-Name = \"alice\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Framed-IP-Address = 10.2.0.77"));
	CU_ASSERT_PTR_NULL(strstr(rec, "Acct-Input-Octets"));
	CU_ASSERT_FATAL(detail_record(key, "Acct-Status-Type = Stop", rec, sizeof(rec)) >= 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Acct-Input-Octets = 705032827"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Acct-Input-Gigawords = 1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Acct-Output-Octets = 123456"));
	CU_ASSERT_PTR_NULL(strstr(rec, "Acct-Output-Gigawords"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Acct-Input-Packets = 4000000"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Acct-Output-Packets = 900"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Acct-Session-Time = 42"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Acct-Terminate-Cause = User-Request"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Acct-Authentic = RADIUS"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "NAS-Identifier = \"bng-test\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "NAS-IP-Address = 192.0.2.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "NAS-Port = 4242"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "NAS-Port-Type = Ethernet"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Service-Type = Framed-User"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Framed-Protocol = PPP"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rec, "Calling-Station-Id = \"02-00-00-00-AA-01\""));
	if (CU_get_number_of_failures() != 0)
		printf("\ndetail record:\n%s\n", rec);
	aaa_free(a);
}

/* Several RADIUS threads: each session's Start, Interim-Update and Stop,
 * given back to back, reach the server in that order (a session keeps to
 * one thread), while the sessions are spread over the threads. */
static void
test_acct_order(void)
{
	enum { N = 16 };
	static const char *const status[3] = { "Start", "Interim-Update", "Stop" };
	static const enum aaa_acct_type type[3] = { AAA_ACCT_START, AAA_ACCT_INTERIM,
						    AAA_ACCT_STOP };
	struct aaa_result r[3 * N];
	struct aaa_session ss = sess;
	char sid[N][32], key[64], rec[4096], want[64];
	struct aaa_acct_data d = { 0 };
	unsigned int ok = 0;
	struct aaa_config c;
	struct aaa *a;

	NEED_FREERADIUS();
	cfg_init(&c, 0);
	c.threads = 4;
	a = aaa_create("order", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	for (unsigned int k = 0; k < 3; k++)
		for (unsigned int i = 0; i < N; i++) {
			snprintf(sid[i], sizeof(sid[i]), "ord-%d-%u", (int)getpid(), i);
			d.session_id = sid[i];
			d.session_time = k;
			ss.nas_port = 100 + i;
			CU_ASSERT_EQUAL(aaa_acct(a, k * N + i, type[k], "alice", &d, &ss), 0);
		}
	CU_ASSERT_EQUAL_FATAL(wait_results(a, r, 3 * N, 10, NULL), 3 * N);
	for (unsigned int i = 0; i < 3 * N; i++)
		ok += r[i].kind == AAA_RES_ACCT_OK;
	CU_ASSERT_EQUAL(ok, 3 * N);
	for (unsigned int i = 0; i < N; i++) {
		int pos[3];

		snprintf(key, sizeof(key), "Acct-Session-Id = \"%.31s\"", sid[i]);
		for (unsigned int k = 0; k < 3; k++) {
			snprintf(want, sizeof(want), "Acct-Status-Type = %s", status[k]);
			pos[k] = detail_record(key, want, rec, sizeof(rec));
			CU_ASSERT(pos[k] >= 0);
		}
		CU_ASSERT(pos[0] < pos[1] && pos[1] < pos[2]);
	}
	aaa_free(a);
}

/* --- No server, a full queue, failover ------------------------------------------------------ */

static void
test_no_server(void)
{
	struct aaa_acct_data d = { .session_id = "dead-1" };
	struct aaa_result r[2];
	double t0, submit_us, max_poll_us = 0, elapsed;
	struct aaa_config c;
	struct aaa *a;

	NEED_FREERADIUS();
	cfg_init(&c, 1);
	c.retries = 2;
	a = aaa_create("dead", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	dead_drain();
	t0 = now_s();
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 1, "alice", "wonderland", &sess), 0);
	usleep(100 * 1000);
	/* the RADIUS thread waits on the dead server: we do not */
	submit_us = now_s();
	CU_ASSERT_EQUAL(aaa_acct(a, 2, AAA_ACCT_START, "alice", &d, &sess), 0);
	submit_us = (now_s() - submit_us) * 1e6;
	CU_ASSERT_EQUAL(wait_results(a, r, 1, 5, &max_poll_us), 1);
	elapsed = now_s() - t0;
	/* retries x timeout = 2 s, give or take radcli's whole seconds */
	CU_ASSERT(elapsed > 1.9 && elapsed < 3.5);
	CU_ASSERT_EQUAL(r[0].tag, 1);
	CU_ASSERT_EQUAL(r[0].kind, AAA_RES_NO_SERVER);
	CU_ASSERT(r[0].latency_us >= 1900000);
	CU_ASSERT_EQUAL(wait_results(a, r + 1, 1, 5, &max_poll_us), 1);
	/* each request sent twice: once and one retransmission */
	CU_ASSERT_EQUAL(dead_drain(), 4);
	CU_ASSERT_EQUAL(r[1].tag, 2);
	CU_ASSERT_EQUAL(r[1].kind, AAA_RES_ACCT_NO_SERVER);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->timeouts, 2);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->acct_failed, 1);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->accepts + aaa_stats_get(a)->rejects, 0);
	/* a generous bound (a loaded machine may preempt us): the point is
	 * that nothing waited for the RADIUS thread's 2 s */
	CU_ASSERT(submit_us < 100000 && max_poll_us < 100000);
	printf("\n  no server: result after %.2f s; submit %.1f us, slowest poll %.1f us"
	       " while the RADIUS thread waited\n", elapsed, submit_us, max_poll_us);
	aaa_free(a);
}

static void
test_queue_full(void)
{
	uint8_t ch[AAA_CHAP_LEN] = { 0 };
	struct aaa_result r[4];
	struct aaa_config c;
	struct aaa *a;

	NEED_FREERADIUS();
	cfg_init(&c, 0);
	c.queue_size = 4;
	a = aaa_create("full", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	/* Slots come back only through aaa_poll(): five without polling
	 * overflow however fast the server is. */
	for (unsigned int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(aaa_auth_pap(a, i, "alice", "wonderland", &sess), 0);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 4, "alice", "wonderland", &sess), -ENOBUFS);
	CU_ASSERT_EQUAL(aaa_auth_chap(a, 4, "alice", 1, ch, ch, &sess),
			-ENOBUFS);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->queue_full, 2);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->requests, 4);
	CU_ASSERT_EQUAL(aaa_pending(a), 4);
	CU_ASSERT_EQUAL(wait_results(a, r, 2, 5, NULL), 2);
	CU_ASSERT_EQUAL(aaa_pending(a), 2);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 5, "alice", "wonderland", &sess), 0);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 6, "alice", "wonderland", &sess), 0);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 7, "alice", "wonderland", &sess), -ENOBUFS);
	CU_ASSERT_EQUAL(wait_results(a, r, 4, 5, NULL), 4);
	for (unsigned int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(r[i].kind, AAA_RES_ACCEPT);
	CU_ASSERT(r[0].tag == 2 && r[1].tag == 3 && r[2].tag == 5 && r[3].tag == 6);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->queue_full, 3);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->accepts, 6);
	CU_ASSERT_EQUAL(aaa_pending(a), 0);
	aaa_free(a);
}

static void
test_failover(void)
{
	struct aaa_acct_data d = { .session_id = "fo-1" };
	struct aaa_result r[2];
	struct aaa_config c;
	struct aaa *a;

	NEED_FREERADIUS();
	cfg_init(&c, 1);
	c.n_servers = 2;
	c.servers[1] = c.servers[0];
	c.servers[1].auth_port = fr.port;
	c.servers[1].acct_port = (uint16_t)(fr.port + 1);
	a = aaa_create("failover", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	dead_drain();
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 1, "alice", "wonderland", &sess), 0);
	CU_ASSERT_EQUAL(aaa_acct(a, 2, AAA_ACCT_START, "alice", &d, &sess), 0);
	CU_ASSERT_EQUAL_FATAL(wait_results(a, r, 2, 8, NULL), 2);
	CU_ASSERT_EQUAL(r[0].kind, AAA_RES_ACCEPT);
	CU_ASSERT_EQUAL(r[0].framed_ip, htonl(ALICE_IP));
	/* the dead one was asked first, and given its timeout */
	CU_ASSERT(r[0].latency_us >= 900000);
	CU_ASSERT_EQUAL(r[1].kind, AAA_RES_ACCT_OK);
	CU_ASSERT_EQUAL(dead_drain(), 2);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->timeouts, 0);
	aaa_free(a);
}

/* --- Numbers ---------------------------------------------------------------------------- */

static int
cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/* @p n PAP requests at once from as many sessions, on @p threads RADIUS
 * threads. @return requests per second, 0 when some were not accepted. */
static double
pipelined(unsigned int threads, unsigned int n)
{
	static struct aaa_result r[1024];
	static uint8_t seen[1024];
	struct aaa_session ss = sess;
	unsigned int ok = 0;
	struct aaa_config c;
	struct aaa *a;
	double t0, secs;

	cfg_init(&c, 0);
	c.queue_size = 1024;
	c.threads = (uint8_t)threads;
	a = aaa_create("pipe", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	memset(seen, 0, sizeof(seen));
	t0 = now_s();
	for (unsigned int i = 0; i < n; i++) {
		ss.nas_port = i;
		CU_ASSERT_EQUAL(aaa_auth_pap(a, i, "alice", "wonderland", &ss), 0);
	}
	CU_ASSERT_EQUAL(wait_results(a, r, n, 30, NULL), n);
	secs = now_s() - t0;
	/* answers come in any order across threads: each tag once */
	for (unsigned int i = 0; i < n; i++)
		if (r[i].kind == AAA_RES_ACCEPT && r[i].tag < n && !seen[r[i].tag]++)
			ok++;
	CU_ASSERT_EQUAL(ok, n);
	aaa_free(a);
	return ok == n ? n / secs : 0;
}

static void
test_latency(void)
{
	enum { SEQ = 200, PIPE = 1000 };
	static struct aaa_result r[1];
	static uint32_t lat[SEQ], sub_ns[PIPE];
	struct aaa_session ss = sess;
	double one, four;
	struct aaa_config c;
	unsigned int ok = 0;
	struct aaa *a;

	NEED_FREERADIUS();
	cfg_init(&c, 0);
	c.queue_size = 1024;
	a = aaa_create("perf", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	for (unsigned int i = 0; i < SEQ; i++) {
		CU_ASSERT_EQUAL(aaa_auth_pap(a, i, "alice", "wonderland", &sess), 0);
		if (wait_results(a, r, 1, 5, NULL) != 1)
			break;
		ok += r[0].kind == AAA_RES_ACCEPT;
		lat[i] = r[0].latency_us;
	}
	CU_ASSERT_EQUAL_FATAL(ok, SEQ);
	qsort(lat, SEQ, sizeof(lat[0]), cmp_u32);
	/* what a submission costs the caller */
	for (unsigned int i = 0; i < PIPE; i++) {
		double s = now_s();

		ss.nas_port = i;
		CU_ASSERT_EQUAL(aaa_auth_pap(a, i, "alice", "wonderland", &ss), 0);
		sub_ns[i] = (uint32_t)((now_s() - s) * 1e9);
		if (aaa_pending(a) == aaa_queue_size(a))
			break;
	}
	aaa_free(a);
	qsort(sub_ns, PIPE, sizeof(sub_ns[0]), cmp_u32);
	one = pipelined(1, PIPE);
	four = pipelined(4, PIPE);
	CU_ASSERT(one > 0 && four > 0);
	printf("\n  PAP against freeradius -X on loopback: %u sequential, latency p50 %u us,"
	       " p90 %u us, p99 %u us, max %u us;\n  %u pipelined: %.0f requests/s on one"
	       " RADIUS thread, %.0f on four;\n  aaa_auth_pap() call:"
	       " p50 %u ns, p99 %u ns, max %u ns\n",
	       SEQ, lat[SEQ / 2], lat[SEQ * 9 / 10], lat[SEQ * 99 / 100], lat[SEQ - 1], PIPE,
	       one, four, sub_ns[PIPE / 2], sub_ns[PIPE * 99 / 100], sub_ns[PIPE - 1]);
}

/* --- Local users -------------------------------------------------------------------------- */

static void
test_local(void)
{
	struct aaa_local_user users[2] = {
		{ .name = "alice", .password = "wonderland", .framed_ip = 0x0a0a0a0a,
		  .filter_id = "gold" },
		{ .name = "bob", .password = "builder" },
	};
	uint8_t challenge[AAA_CHAP_LEN], response[AAA_CHAP_LEN];
	const struct aaa_acct_data ad = { .session_id = "1" };
	struct aaa_result r[8];
	struct aaa_config c;
	struct aaa *a;

	aaa_config_defaults(&c);
	c.n_users = 2;
	c.users = users;
	a = aaa_create("local", 0, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	memset(users, 0, sizeof(users)); /* the library kept a copy */
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 1, "alice", "wonderland", &sess), 0);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 2, "alice", "wonderlan", &sess), 0);
	CU_ASSERT_EQUAL(aaa_auth_pap(a, 3, "carol", "wonderland", &sess), 0);
	for (unsigned int i = 0; i < AAA_CHAP_LEN; i++)
		challenge[i] = (uint8_t)(i * 13 + 5);
	pppoe_chap_md5(9, "builder", 7, challenge, AAA_CHAP_LEN, response);
	CU_ASSERT_EQUAL(aaa_auth_chap(a, 4, "bob", 9, challenge, response, &sess), 0);
	CU_ASSERT_EQUAL(aaa_auth_chap(a, 5, "bob", 10, challenge, response, &sess), 0);
	CU_ASSERT_EQUAL(aaa_acct(a, 6, AAA_ACCT_START, "bob", &ad, &sess), -ENOTSUP);
	/* answered at once, handed over by aaa_poll() in order */
	CU_ASSERT_EQUAL(aaa_pending(a), 5);
	CU_ASSERT_EQUAL_FATAL(aaa_poll(a, r, RTE_DIM(r)), 5);
	CU_ASSERT(r[0].tag == 1 && r[0].kind == AAA_RES_ACCEPT && r[0].framed_ip == 0x0a0a0a0a);
	CU_ASSERT_STRING_EQUAL(r[0].filter_id, "gold");
	CU_ASSERT(r[1].tag == 2 && r[1].kind == AAA_RES_REJECT && r[1].framed_ip == 0);
	CU_ASSERT_STRING_EQUAL(r[1].filter_id, "");
	CU_ASSERT(r[2].tag == 3 && r[2].kind == AAA_RES_REJECT);
	CU_ASSERT(r[3].tag == 4 && r[3].kind == AAA_RES_ACCEPT && r[3].request == AAA_REQ_CHAP &&
		  r[3].framed_ip == 0);
	CU_ASSERT_STRING_EQUAL(r[3].filter_id, "");
	CU_ASSERT(r[4].tag == 5 && r[4].kind == AAA_RES_REJECT);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->unknown_users, 1);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->accepts, 2);
	CU_ASSERT_EQUAL(aaa_stats_get(a)->rejects, 3);
	CU_ASSERT_EQUAL(aaa_pending(a), 0);
	aaa_free(a);

	/* a name twice, an empty name, no users: refused */
	struct aaa_local_user twice[2] = { { .name = "x" }, { .name = "x" } };

	c.users = twice;
	CU_ASSERT_PTR_NULL(aaa_create("local2", 0, &c));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	twice[1].name[0] = '\0';
	CU_ASSERT_PTR_NULL(aaa_create("local3", 0, &c));
	c.n_users = 0;
	CU_ASSERT_PTR_NULL(aaa_create("local4", 0, &c));
}

static const CU_TestInfo tests[] = {
	{ "bad arguments and configurations", test_args },
	{ "PAP accepted, attributes, refused", test_pap },
	{ "CHAP-MD5 accepted and refused", test_chap },
	{ "accounting Start and Stop in the detail file", test_acct },
	{ "four RADIUS threads: a session's accounting in order", test_acct_order },
	{ "no server: named result, caller never waits", test_no_server },
	{ "queue full refuses, recovers", test_queue_full },
	{ "failover to the second server", test_failover },
	{ "latency and throughput", test_latency },
	{ "local users: PAP, CHAP, unknown names, no accounting", test_local },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	return bng_test_add_suite("aaa RADIUS against FreeRADIUS", tests);
}
