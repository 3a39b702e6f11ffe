/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of pppoe (binary unit-pppoe), checked on the bytes of the
 * frames it sends: bad arguments and names; MD5 against RFC 1321's test
 * suite, HMAC-MD5 against RFC 2104's, CHAP-MD5 against a value computed
 * apart (Python's hashlib); discovery: the PADO's tags (Service-Names,
 * AC-Name, cookie, Host-Uniq and Relay-Session-Id echoed), service
 * mismatch, the cookie checked on PADR (forged, another MAC's, expired),
 * PADR retransmission, the per-MAC and total limits answered by PADS
 * errors, a PADI storm held by the per-MAC and per-port buckets, VLAN
 * tags copied (802.1Q, QinQ), RFC 4638 PPP-Max-Payload, PADT from the
 * client; and every malformed frame with its named reason. The PPP tests
 * are in test_pppoe_ppp.c and test_pppoe_auth.c, registered here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>

#include "bng_test.h"
#include "pppoe_priv.h" /* pppoe_hmac_md5(), for its RFC 2104 vectors */
#define T_NAME_PREFIX "d"
#include "test_pppoe_fixtures.h"

const char bng_test_name[] = "pppoe";

static void
hex(const char *s, uint8_t *out)
{
	for (unsigned int i = 0; s[2 * i] != '\0'; i++) {
		unsigned int v;

		sscanf(s + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

/* --- Set-up --------------------------------------------------------------------- */

static void
test_args(void)
{
	static const struct rte_ether_addr mc = { { 0x01, 0, 0x5e, 0, 0, 1 } };
	struct pppoe_config cfg;
	struct pppoe *e;

	CU_ASSERT_PTR_NULL(pppoe_create(NULL, 0, NULL));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	pppoe_config_defaults(&cfg);
	CU_ASSERT_PTR_NULL(pppoe_create("name-too-long", 0, &cfg));
	e = pppoe_create("dup", (int)rte_socket_id(), &cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NULL(pppoe_create("dup", (int)rte_socket_id(), &cfg));
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	pppoe_free(e);
	pppoe_free(NULL);

	cfg.max_sessions = 0;
	CU_ASSERT_PTR_NULL(mk(&cfg));
	pppoe_config_defaults(&cfg);
	cfg.max_sessions = PPPOE_MAX_SESSIONS + 1;
	CU_ASSERT_PTR_NULL(mk(&cfg));
	pppoe_config_defaults(&cfg);
	cfg.auth[1] = PPPOE_AUTH_CHAP_MD5; /* twice */
	CU_ASSERT_PTR_NULL(mk(&cfg));
	pppoe_config_defaults(&cfg);
	cfg.auth[0] = 7;
	CU_ASSERT_PTR_NULL(mk(&cfg));
	pppoe_config_defaults(&cfg);
	cfg.rate_slots = 1000; /* not a power of two */
	CU_ASSERT_PTR_NULL(mk(&cfg));
	pppoe_config_defaults(&cfg);
	cfg.max_payload = 1400;
	CU_ASSERT_PTR_NULL(mk(&cfg));
	cfg.max_payload = 1501;
	CU_ASSERT_PTR_NULL(mk(&cfg));
	pppoe_config_defaults(&cfg);
	memset(cfg.ac_name, 'x', sizeof(cfg.ac_name)); /* unterminated */
	CU_ASSERT_PTR_NULL(mk(&cfg));
	pppoe_config_defaults(&cfg);
	cfg.restart_ms = 0;
	CU_ASSERT_PTR_NULL(mk(&cfg));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);

	e = mk(NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(pppoe_port_enable(e, RTE_MAX_ETHPORTS, &AC), -EINVAL);
	CU_ASSERT_EQUAL(pppoe_port_enable(e, 2, &mc), -EINVAL);
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_auth_result(e, 0x10001, 1, NULL, 0, &O), -ENOENT);
	CU_ASSERT_EQUAL(pppoe_ipcp_assign(e, 0x10001, t_addr(10, 0, 0, 1), 0, 0, 0, &O), -ENOENT);
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, 0x10001, PPPOE_DOWN_ADMIN, 0, &O), -ENOENT);
	CU_ASSERT_EQUAL(pppoe_session_find(e, 0, &AC, 1), 0);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 0);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);

	CU_ASSERT_STRING_EQUAL(pppoe_reason_name(PPPOE_R_BAD_COOKIE), "bad_cookie");
	CU_ASSERT_STRING_EQUAL(pppoe_reason_name(PPPOE_R_MAX), "?");
	CU_ASSERT_STRING_EQUAL(pppoe_down_name(PPPOE_DOWN_ECHO_TIMEOUT), "echo_timeout");
	CU_ASSERT_STRING_EQUAL(pppoe_down_name(PPPOE_DOWN_MAX), "?");
	CU_ASSERT_STRING_EQUAL(pppoe_stat_name(0), "padi_in");
	CU_ASSERT_STRING_EQUAL(pppoe_stat_name(PPPOE_STATS), "?");
	CU_ASSERT_STRING_EQUAL(pppoe_stat_help(PPPOE_STATS - 1),
			       "PADI rate slots taken over from another MAC before refilling");
	CU_ASSERT_STRING_EQUAL(pppoe_cp_state_name(PPPOE_CP_ACK_SENT), "Ack-Sent");
	CU_ASSERT_STRING_EQUAL(pppoe_phase_name(PPPOE_PH_NETWORK), "network");
	CU_ASSERT_STRING_EQUAL(pppoe_auth_name(PPPOE_AUTH_CHAP_MD5), "chap-md5");
	pppoe_free(e);
}

/* --- MD5, HMAC-MD5, CHAP-MD5 ---------------------------------------------------------- */

static void
test_md5(void)
{
	/* RFC 1321 A.5 */
	static const char *const vec[][2] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f" },
		{ "1234567890123456789012345678901234567890123456789012345678901234567890"
		  "1234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	uint8_t d[16], want[16], key[16], data[1000];

	for (unsigned int i = 0; i < RTE_DIM(vec); i++) {
		pppoe_md5(vec[i][0], strlen(vec[i][0]), d);
		hex(vec[i][1], want);
		CU_ASSERT_EQUAL(memcmp(d, want, 16), 0);
	}
	/* several blocks (hashlib: md5(b"a" * 1000)) */
	memset(data, 'a', sizeof(data));
	pppoe_md5(data, sizeof(data), d);
	hex("cabe45dcc9ae5b66ba86600cca6b8ba8", want);
	CU_ASSERT_EQUAL(memcmp(d, want, 16), 0);

	/* RFC 2104 test cases 1 and 3 */
	memset(key, 0x0b, 16);
	pppoe_hmac_md5(key, "Hi There", 8, d);
	hex("9294727a3638bb1c13f48ef8158bfc9d", want);
	CU_ASSERT_EQUAL(memcmp(d, want, 16), 0);
	memset(key, 0xaa, 16);
	memset(data, 0xdd, 50);
	pppoe_hmac_md5(key, data, 50, d);
	hex("56be34521d144c88dbb8c733f0e8b3f6", want);
	CU_ASSERT_EQUAL(memcmp(d, want, 16), 0);
}

static void
test_chap_md5(void)
{
	uint8_t ch[16], r[16], want[16];

	/* RFC 1994 4.1: MD5(Identifier || secret || Challenge); the expected
	 * value is hashlib.md5(bytes([1]) + b"secret" + bytes(range(16))). */
	for (unsigned int i = 0; i < 16; i++)
		ch[i] = (uint8_t)i;
	hex("740e86463bda3a4d7017d6e0fba0699d", want);
	pppoe_chap_md5(1, "secret", 6, ch, 16, r);
	CU_ASSERT_EQUAL(memcmp(r, want, 16), 0);
	CU_ASSERT_EQUAL(pppoe_chap_md5_check(1, "secret", 6, ch, 16, want), 1);
	CU_ASSERT_EQUAL(pppoe_chap_md5_check(2, "secret", 6, ch, 16, want), 0);
	CU_ASSERT_EQUAL(pppoe_chap_md5_check(1, "Secret", 6, ch, 16, want), 0);
	ch[15] ^= 1;
	CU_ASSERT_EQUAL(pppoe_chap_md5_check(1, "secret", 6, ch, 16, want), 0);
	CU_ASSERT_EQUAL(pppoe_chap_md5_check(1, NULL, 0, ch, 16, want), 0);
}

/* --- Discovery ------------------------------------------------------------------------ */

static struct pppoe *
mk_services(const char *a, const char *b)
{
	struct pppoe_config cfg;

	pppoe_config_defaults(&cfg);
	snprintf(cfg.ac_name, sizeof(cfg.ac_name), "bng-test");
	snprintf(cfg.services[cfg.n_services++], PPPOE_SERVICE_MAX, "%s", a);
	if (b != NULL)
		snprintf(cfg.services[cfg.n_services++], PPPOE_SERVICE_MAX, "%s", b);
	return mk(&cfg);
}

/* PADI asking for @p svc, with Host-Uniq and Relay-Session-Id. */
static enum pppoe_reason
padi_svc(struct pppoe *e, struct t_client *c, const char *svc, uint32_t now)
{
	static const uint8_t hu[4] = { 0xde, 0xad, 0xbe, 0xef };
	static const uint8_t relay[12] = { 'r', 'e', 'l', 'a', 'y', '-', 'i', 'd', 0, 1, 2, 3 };
	uint8_t tags[128];
	uint16_t n = t_tag(tags, TAG_SERVICE, svc, (uint16_t)strlen(svc));

	n = (uint16_t)(n + t_tag(tags + n, TAG_HOST_UNIQ, hu, sizeof(hu)));
	n = (uint16_t)(n + t_tag(tags + n, TAG_RELAY, relay, sizeof(relay)));
	return in(e, c, F, t_pppoe(F, c, &BC, ETH_DISC, PADI, 0, tags, n), now);
}

static void
test_padi_pado(void)
{
	struct pppoe *e = mk_services("internet", "voip");
	struct t_client c = t_client(1, 0, 0, 0);
	const uint8_t *v;
	struct t_pkt k;
	uint16_t vl = 0, o, n_svc = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(padi_svc(e, &c, "", 0), PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADO, 0, &k));
	CU_ASSERT_EQUAL(memcmp(k.dst, &c.mac, 6), 0);
	CU_ASSERT_EQUAL(memcmp(k.src, &AC, 6), 0);
	CU_ASSERT_EQUAL(k.ntags, 0);
	CU_ASSERT_EQUAL(k.sid, 0);
	CU_ASSERT_EQUAL(O.frames[0].len, 14 + 6 + k.pl_len);
	/* the Service-Name asked for comes first (here the empty one) */
	CU_ASSERT_EQUAL(t_get16(k.pl), TAG_SERVICE);
	CU_ASSERT_EQUAL(t_get16(k.pl + 2), 0);
	v = t_tag_find(&k, TAG_AC_NAME, &vl);
	CU_ASSERT(v != NULL && vl == 8 && memcmp(v, "bng-test", 8) == 0);
	for (o = 0; o + 4 <= k.pl_len; o = (uint16_t)(o + 4 + t_get16(k.pl + o + 2)))
		if (t_get16(k.pl + o) == TAG_SERVICE)
			n_svc++;
	CU_ASSERT_EQUAL(n_svc, 3); /* "", internet, voip */
	v = t_tag_find(&k, TAG_COOKIE, &vl);
	CU_ASSERT(v != NULL && vl == 16);
	v = t_tag_find(&k, TAG_HOST_UNIQ, &vl);
	CU_ASSERT(v != NULL && vl == 4 && t_get32(v) == 0xdeadbeef);
	v = t_tag_find(&k, TAG_RELAY, &vl);
	CU_ASSERT(v != NULL && vl == 12 && memcmp(v, "relay-id", 8) == 0);
	CU_ASSERT_PTR_NULL(t_tag_find(&k, TAG_MAX_PAYLOAD, &vl));

	/* a named service: echoed first, the other one listed, not repeated */
	c = t_client(2, 0, 0, 0);
	CU_ASSERT_EQUAL(padi_svc(e, &c, "voip", 0), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADO, 0, &k));
	CU_ASSERT(t_get16(k.pl) == TAG_SERVICE && t_get16(k.pl + 2) == 4 &&
		  memcmp(k.pl + 4, "voip", 4) == 0);
	n_svc = 0;
	for (o = 0; o + 4 <= k.pl_len; o = (uint16_t)(o + 4 + t_get16(k.pl + o + 2)))
		if (t_get16(k.pl + o) == TAG_SERVICE)
			n_svc++;
	CU_ASSERT_EQUAL(n_svc, 2);

	/* not offered: no PADO, counted */
	c = t_client(3, 0, 0, 0);
	CU_ASSERT_EQUAL(padi_svc(e, &c, "video", 0), PPPOE_R_SERVICE_NOT_OFFERED);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->reason[PPPOE_R_SERVICE_NOT_OFFERED], 1);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->padi_in, 3);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->pado_out, 2);
	pppoe_free(e);

	/* an empty configured name accepts any */
	e = mk_services("internet", "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(padi_svc(e, &c, "video", 0), PPPOE_R_OK);
	pppoe_free(e);
}

static void
test_padr_cookie(void)
{
	struct pppoe *e = mk_services("internet", NULL);
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 0, 0, 0);
	static const uint8_t hu[4] = { 0xde, 0xad, 0xbe, 0xef };
	uint8_t tags[128], opt_len = 0;
	const uint8_t *v, *opt;
	struct t_pkt k;
	uint16_t vl = 0, n, sid;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(padi_svc(e, &c, "internet", 1000), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADO, 0, &k));
	v = t_tag_find(&k, TAG_COOKIE, &vl);
	CU_ASSERT_FATAL(v != NULL && vl == 16);
	memcpy(c.cookie, v, 16);
	c.cookie_len = 16;

	/* forged cookie, no cookie, another client's cookie: refused silently */
	n = t_tag(tags, TAG_SERVICE, "internet", 8);
	c.cookie[3] ^= 0x40;
	n = (uint16_t)(n + t_tag(tags + n, TAG_COOKIE, c.cookie, 16));
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_DISC, PADR, 0, tags, n), 1000),
			PPPOE_R_BAD_COOKIE);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	c.cookie[3] ^= 0x40;
	n = t_tag(tags, TAG_SERVICE, "internet", 8);
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_DISC, PADR, 0, tags, n), 1000),
			PPPOE_R_NO_COOKIE);
	memcpy(c2.cookie, c.cookie, 16);
	c2.cookie_len = 16;
	CU_ASSERT_EQUAL(t_padr(e, &c2, NULL, 0, 1000), PPPOE_R_BAD_COOKIE);
	/* a different length is no cookie of ours either */
	c2.cookie_len = 15;
	CU_ASSERT_EQUAL(t_padr(e, &c2, NULL, 0, 1000), PPPOE_R_BAD_COOKIE);
	/* expired: valid one to two periods (30 s) */
	CU_ASSERT_EQUAL(t_padr(e, &c, NULL, 0, 1000 + 60000), PPPOE_R_BAD_COOKIE);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->reason[PPPOE_R_BAD_COOKIE], 4);

	/* the good one, 29 s later: PADS with an id, Service-Name and Host-Uniq
	 * echoed, then our first LCP Configure-Request */
	n = t_tag(tags, TAG_SERVICE, "internet", 8);
	n = (uint16_t)(n + t_tag(tags + n, TAG_COOKIE, c.cookie, 16));
	n = (uint16_t)(n + t_tag(tags + n, TAG_HOST_UNIQ, hu, 4));
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_DISC, PADR, 0, tags, n), 30000),
			PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADS, 0, &k));
	sid = k.sid;
	CU_ASSERT(sid >= 1 && sid <= 65534);
	CU_ASSERT_EQUAL(memcmp(k.dst, &c.mac, 6), 0);
	v = t_tag_find(&k, TAG_SERVICE, &vl);
	CU_ASSERT(v != NULL && vl == 8 && memcmp(v, "internet", 8) == 0);
	v = t_tag_find(&k, TAG_HOST_UNIQ, &vl);
	CU_ASSERT(v != NULL && vl == 4 && t_get32(v) == 0xdeadbeef);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_REQ, &k));
	CU_ASSERT_EQUAL(k.sid, sid);
	opt = t_opt_find(k.cp_data, k.cp_len, 1, &opt_len);
	CU_ASSERT(opt != NULL && opt_len == 4 && t_get16(opt + 2) == 1492);
	opt = t_opt_find(k.cp_data, k.cp_len, 3, &opt_len); /* CHAP-MD5 offered first */
	CU_ASSERT(opt != NULL && opt_len == 5 && t_get16(opt + 2) == P_CHAP && opt[4] == 5);
	opt = t_opt_find(k.cp_data, k.cp_len, 5, &opt_len);
	CU_ASSERT(opt != NULL && opt_len == 6 && t_get32(opt + 2) != 0);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 1);
	CU_ASSERT_NOT_EQUAL(pppoe_session_find(e, 0, &c.mac, sid), 0);
	CU_ASSERT_EQUAL(pppoe_session_find(e, 1, &c.mac, sid), 0);
	CU_ASSERT_EQUAL(pppoe_session_find(e, 0, &c2.mac, sid), 0);

	/* the same PADR again (its PADS lost): the same session */
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_DISC, PADR, 0, tags, n), 30001),
			PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADS, 0, &k));
	CU_ASSERT_EQUAL(k.sid, sid);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 1);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->padr_retransmits, 1);

	/* a PADR for a service not offered: PADS with Service-Name-Error, id 0 */
	n = t_tag(tags, TAG_SERVICE, "video", 5);
	n = (uint16_t)(n + t_tag(tags + n, TAG_COOKIE, c.cookie, 16));
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_DISC, PADR, 0, tags, n), 30002),
			PPPOE_R_SERVICE_NOT_OFFERED);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADS, 0, &k));
	CU_ASSERT_EQUAL(k.sid, 0);
	CU_ASSERT_PTR_NOT_NULL(t_tag_find(&k, TAG_SERVICE_ERR, &vl));
	/* a broadcast PADR is not for us */
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &BC, ETH_DISC, PADR, 0, tags, n), 30003),
			PPPOE_R_ETH_DST_OTHER);
	pppoe_free(e);
}

static void
test_limits(void)
{
	struct pppoe_config cfg;
	struct t_client c[4];
	struct pppoe *e;
	const uint8_t *v;
	struct t_pkt k;
	uint16_t vl = 0;
	uint8_t hu[8];

	pppoe_config_defaults(&cfg);
	cfg.max_per_mac = 1;
	cfg.max_sessions = 2;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	for (unsigned int i = 0; i < 4; i++)
		c[i] = t_client((uint8_t)(i + 1), 0, 0, 0);
	t_discover(e, &c[0], 0);
	/* the same MAC again, another Host-Uniq (a second PPP client behind it) */
	CU_ASSERT_EQUAL(t_padi(e, &c[0], NULL, 0, 1), PPPOE_R_OK);
	vl = t_tag(hu, TAG_HOST_UNIQ, "abcd", 4);
	CU_ASSERT_EQUAL(t_padr(e, &c[0], hu, vl, 1), PPPOE_R_MAC_LIMIT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADS, 0, &k));
	CU_ASSERT_EQUAL(k.sid, 0);
	v = t_tag_find(&k, TAG_SYSTEM_ERR, &vl);
	CU_ASSERT(v != NULL && vl > 0);
	CU_ASSERT_PTR_NOT_NULL(t_tag_find(&k, TAG_HOST_UNIQ, &vl)); /* echoed in errors too */
	/* the table holds two */
	t_discover(e, &c[1], 2);
	CU_ASSERT_EQUAL(t_padi(e, &c[2], NULL, 0, 3), PPPOE_R_OK);
	CU_ASSERT_EQUAL(t_padr(e, &c[2], NULL, 0, 3), PPPOE_R_SESSION_LIMIT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADS, 0, &k));
	CU_ASSERT(k.sid == 0 && t_tag_find(&k, TAG_SYSTEM_ERR, &vl) != NULL);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->pads_err_out, 2);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 2);
	/* one leaves (PADT): room again */
	CU_ASSERT_EQUAL(in(e, &c[0], F, t_pppoe(F, &c[0], &AC, ETH_DISC, PADT, c[0].sid, NULL, 0),
			   4),
			PPPOE_R_OK);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 1);
	CU_ASSERT_EQUAL(t_padr(e, &c[2], NULL, 0, 5), PPPOE_R_OK);
	CU_ASSERT_NOT_EQUAL(c[2].sid, c[1].sid);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 2);
	pppoe_free(e);
}

static void
test_padi_storm(void)
{
	struct pppoe_config cfg;
	struct pppoe *e;
	struct t_client c = t_client(1, 0, 0, 0);
	unsigned int ok = 0, mac = 0, port = 0;

	pppoe_config_defaults(&cfg);
	cfg.padi_rate_mac = 2;
	cfg.padi_burst_mac = 3;
	cfg.padi_rate_port = 5;
	cfg.padi_burst_port = 10;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	/* one MAC: its burst, then nothing until tokens come back */
	for (unsigned int i = 0; i < 10; i++)
		ok += t_padi(e, &c, NULL, 0, 100) == PPPOE_R_OK;
	CU_ASSERT_EQUAL(ok, 3);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->reason[PPPOE_R_PADI_RATE_MAC], 7);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(t_padi(e, &c, NULL, 0, 100 + 499), PPPOE_R_PADI_RATE_MAC);
	CU_ASSERT_EQUAL(t_padi(e, &c, NULL, 0, 100 + 500), PPPOE_R_OK); /* 2/s: one per 500 ms */
	/* many MACs: the port's bucket bounds them */
	ok = 0;
	for (unsigned int i = 0; i < 200; i++) {
		struct t_client x = t_client((uint8_t)i, 0, 0, 0);
		enum pppoe_reason r;

		x.mac.addr_bytes[3] = 0x77;
		r = t_padi(e, &x, NULL, 0, 600);
		ok += r == PPPOE_R_OK;
		mac += r == PPPOE_R_PADI_RATE_MAC;
		port += r == PPPOE_R_PADI_RATE_PORT;
	}
	CU_ASSERT_EQUAL(ok, 8); /* 10 - 3 - 1 + 500 ms at 5/s */
	CU_ASSERT_EQUAL(port, 192);
	CU_ASSERT_EQUAL(mac, 0);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->pado_out, 12);
	/* a second later: 5 more */
	ok = 0;
	for (unsigned int i = 0; i < 50; i++) {
		struct t_client x = t_client((uint8_t)i, 0, 0, 0);

		x.mac.addr_bytes[3] = 0x78;
		ok += t_padi(e, &x, NULL, 0, 1600) == PPPOE_R_OK;
	}
	CU_ASSERT_EQUAL(ok, 5);
	/* the other port has its own bucket */
	c.port = 1;
	CU_ASSERT_EQUAL(t_padi(e, &c, NULL, 0, 1600), PPPOE_R_OK);
	pppoe_free(e);
}

static void
test_vlan(void)
{
	struct pppoe *e = mk(NULL);
	struct t_client c1 = t_client(1, 0, 100, 0), c2 = t_client(2, 1, 200, 300), x;
	struct t_pkt k;
	uint8_t opts[6] = { 1, 4, 0x05, 0xd4 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(t_padi(e, &c1, NULL, 0, 0), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADO, 0, &k));
	CU_ASSERT(k.ntags == 1 && k.tpid[0] == 0x8100 && k.vid[0] == 100);
	CU_ASSERT_EQUAL(t_get16(O.frames[0].data + 14), 0x2000 | 100); /* PCP copied too */
	CU_ASSERT_EQUAL(t_padr(e, &c1, NULL, 0, 0), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADS, 0, &k));
	CU_ASSERT(k.ntags == 1 && k.vid[0] == 100);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_REQ, &k));
	CU_ASSERT(k.ntags == 1 && k.vid[0] == 100);

	t_discover(e, &c2, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_REQ, &k));
	CU_ASSERT(k.ntags == 2 && k.tpid[0] == 0x88a8 && k.vid[0] == 200 &&
		  k.tpid[1] == 0x8100 && k.vid[1] == 300);
	CU_ASSERT_EQUAL(O.frames[1].port, 1);

	/* the session belongs to its VLANs: the same MAC and id on another is unknown */
	x = c2;
	x.cvlan = 301;
	CU_ASSERT_EQUAL(cp_in(e, &x, P_LCP, CONF_REQ, 1, opts, 4, 1), PPPOE_R_UNKNOWN_SESSION);
	x = c2;
	x.port = 0;
	CU_ASSERT_EQUAL(cp_in(e, &x, P_LCP, CONF_REQ, 1, opts, 4, 1), PPPOE_R_UNKNOWN_SESSION);
	CU_ASSERT_EQUAL(cp_in(e, &c2, P_LCP, CONF_REQ, 1, opts, 4, 1), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_ACK, &k));
	CU_ASSERT(k.ntags == 2 && k.vid[1] == 300);
	pppoe_free(e);
}

static void
test_max_payload(void)
{
	struct pppoe_config cfg;
	struct pppoe *e;
	struct t_client c = t_client(1, 0, 0, 0), c2 = t_client(2, 0, 0, 0);
	uint8_t mp[6], opts[4] = { 1, 4, 0x05, 0xdc }, ol = 0;
	const uint8_t *v;
	struct t_pkt k;
	uint16_t vl = 0, n;

	pppoe_config_defaults(&cfg);
	cfg.max_payload = 1500;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_put16(opts + 2, 1500);
	n = t_tag(mp, TAG_MAX_PAYLOAD, (const uint8_t[]){ 0x05, 0xdc }, 2);
	CU_ASSERT_EQUAL(t_padi(e, &c, mp, n, 0), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADO, 0, &k));
	v = t_tag_find(&k, TAG_MAX_PAYLOAD, &vl);
	CU_ASSERT(v != NULL && vl == 2 && t_get16(v) == 1500);
	CU_ASSERT_EQUAL(t_padr(e, &c, mp, n, 0), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADS, 0, &k));
	v = t_tag_find(&k, TAG_MAX_PAYLOAD, &vl);
	CU_ASSERT(v != NULL && t_get16(v) == 1500);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_REQ, &k));
	v = t_opt_find(k.cp_data, k.cp_len, 1, &ol);
	CU_ASSERT(v != NULL && t_get16(v + 2) == 1500);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, CONF_REQ, 9, opts, 4, 0), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_SESS, P_LCP, CONF_ACK, &k)); /* MRU 1500 taken */

	/* without the tag: 1492 both ways, a larger MRU Nak'd down to it */
	t_discover(e, &c2, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_REQ, &k));
	v = t_opt_find(k.cp_data, k.cp_len, 1, &ol);
	CU_ASSERT(v != NULL && t_get16(v + 2) == 1492);
	CU_ASSERT_EQUAL(cp_in(e, &c2, P_LCP, CONF_REQ, 9, opts, 4, 0), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_SESS, P_LCP, CONF_NAK, &k));
	CU_ASSERT(k.cp_len == 4 && k.cp_data[0] == 1 && t_get16(k.cp_data + 2) == 1492);
	pppoe_free(e);

	/* a server without RFC 4638 leaves the tag out */
	e = mk(NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	c.cookie_len = 0;
	CU_ASSERT_EQUAL(t_padi(e, &c, mp, n, 0), PPPOE_R_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADO, 0, &k));
	CU_ASSERT_PTR_NULL(t_tag_find(&k, TAG_MAX_PAYLOAD, &vl));
	pppoe_free(e);
}

static void
test_padt_in(void)
{
	struct pppoe *e = mk(NULL);
	struct t_client c = t_client(1, 0, 0, 0), other = t_client(2, 0, 0, 0);
	const struct pppoe_event *ev;
	uint32_t h;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	t_discover(e, &c, 1000);
	h = c.handle;
	/* another MAC's PADT for this id does nothing */
	CU_ASSERT_EQUAL(in(e, &other, F, t_pppoe(F, &other, &AC, ETH_DISC, PADT, c.sid, NULL, 0),
			   2000),
			PPPOE_R_UNKNOWN_SESSION);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 1);
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_DISC, PADT, c.sid, NULL, 0), 2500),
			PPPOE_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0); /* nothing answers a PADT */
	ev = t_event(PPPOE_EV_SESSION_DOWN);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_EQUAL(ev->reason, PPPOE_DOWN_PADT);
	CU_ASSERT_EQUAL(ev->handle, h);
	CU_ASSERT_EQUAL(ev->session_id, c.sid);
	CU_ASSERT_EQUAL(ev->duration_ms, 1500);
	CU_ASSERT_EQUAL(ev->was_up, 0);
	CU_ASSERT_EQUAL(memcmp(&ev->mac, &c.mac, 6), 0);
	CU_ASSERT_EQUAL(pppoe_session_count(e), 0);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->down[PPPOE_DOWN_PADT], 1);
	/* the handle is dead, and so is the id */
	pppoe_out_reset(&O);
	CU_ASSERT_EQUAL(pppoe_session_terminate(e, h, PPPOE_DOWN_ADMIN, 3000, &O), -ENOENT);
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_DISC, PADT, c.sid, NULL, 0), 3000),
			PPPOE_R_UNKNOWN_SESSION);
	pppoe_free(e);
}

/* A session frame of a session we do not have: PADT back, at a bounded rate. */
static void
test_padt_unknown(void)
{
	struct pppoe_config cfg;
	struct pppoe *e;
	struct t_client c = t_client(1, 0, 0, 0), v = t_client(2, 0, 100, 200);
	const uint8_t data[22] = { 0x00, 0x21, 0x45 }; /* PPP IPv4, an IPv4 header */
	struct t_pkt k;

	pppoe_config_defaults(&cfg);
	cfg.padt_unknown_rate = 2;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	/* data (IPv4) of session 77, unknown: PADT to its MAC, its id, its VLANs */
	CU_ASSERT_EQUAL(in(e, &v, F, t_pppoe(F, &v, &AC, ETH_SESS, 0, 77, data, sizeof(data)), 1000),
			PPPOE_R_UNKNOWN_SESSION);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t_find(ETH_DISC, PADT, 0, &k));
	CU_ASSERT_EQUAL(k.sid, 77);
	CU_ASSERT_EQUAL(memcmp(k.dst, &v.mac, 6), 0);
	CU_ASSERT(k.ntags == 2 && k.vid[0] == 100 && k.vid[1] == 200);
	/* LCP of an unknown session: the same; then the bucket (2) is empty */
	c.sid = 5;
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, ECHO_REQ, 1, (const uint8_t[]){ 0, 0, 0, 1 }, 4, 1000),
			PPPOE_R_UNKNOWN_SESSION);
	CU_ASSERT_PTR_NOT_NULL(t_find(ETH_DISC, PADT, 0, &k));
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, ECHO_REQ, 2, (const uint8_t[]){ 0, 0, 0, 1 }, 4, 1000),
			PPPOE_R_UNKNOWN_SESSION);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	/* half a second later, one more token */
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, ECHO_REQ, 3, (const uint8_t[]){ 0, 0, 0, 1 }, 4, 1500),
			PPPOE_R_UNKNOWN_SESSION);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->padt_unknown_out, 3);
	/* nothing answers a PADT, nor a session frame with id 0 */
	c.sid = 0;
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_DISC, PADT, 9, NULL, 0), 9000),
			PPPOE_R_UNKNOWN_SESSION);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(in(e, &c, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, 0, (const uint8_t[]){ 0xc0, 0x21 },
					     2), 9000),
			PPPOE_R_UNKNOWN_SESSION);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	pppoe_free(e);
	/* rate 0: never */
	cfg.padt_unknown_rate = 0;
	c.sid = 5;
	e = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(cp_in(e, &c, P_LCP, ECHO_REQ, 1, (const uint8_t[]){ 0, 0, 0, 1 }, 4, 1000),
			PPPOE_R_UNKNOWN_SESSION);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	pppoe_free(e);
}

/* --- Malformed frames ------------------------------------------------------------------- */

static void
test_malformed(void)
{
	struct pppoe *e = mk(NULL);
	struct t_client c = t_client(1, 0, 0, 0), deep = t_client(2, 0, 10, 20);
	uint8_t tags[512], pl[16], hu[300];
	uint16_t n, len;

	memset(pl, 0, sizeof(pl));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	n = t_tag(tags, TAG_SERVICE, NULL, 0);
#define EXPECT(r, f, l) CU_ASSERT_EQUAL(in(e, &c, (f), (l), 10), (r))
	/* Ethernet and VLANs */
	len = t_pppoe(F, &c, &BC, ETH_DISC, PADI, 0, tags, n);
	CU_ASSERT_EQUAL(pppoe_input(e, 9, F, len, 10, &O), PPPOE_R_NO_PORT);
	EXPECT(PPPOE_R_ETH_TRUNC, F, 13);
	len = t_pppoe(F, &deep, &BC, ETH_DISC, PADI, 0, tags, n);
	memmove(F + 16, F + 12, len - 12); /* a third tag */
	t_put16(F + 12, 0x8100);
	t_put16(F + 14, 30);
	EXPECT(PPPOE_R_VLAN_TOO_DEEP, F, (uint16_t)(len + 4));
	EXPECT(PPPOE_R_ETH_TRUNC, F, 18); /* a tag cut short */
	len = t_pppoe(F, &c, &BC, 0x0800, PADI, 0, tags, n);
	EXPECT(PPPOE_R_NOT_PPPOE, F, len);
	len = t_pppoe(F, &c, &BC, ETH_DISC, PADI, 0, tags, n);
	F[6] = 0x01;
	EXPECT(PPPOE_R_ETH_BAD_SRC, F, len);
	F[6] = 0x02;
	memcpy(F, &c.mac, 6); /* unicast to someone else */
	EXPECT(PPPOE_R_ETH_DST_OTHER, F, len);
	len = t_pppoe(F, &c, &AC, ETH_SESS, 0, 1, NULL, 0);
	memcpy(F, &BC, 6); /* session frames are never broadcast */
	EXPECT(PPPOE_R_ETH_DST_OTHER, F, len);
	/* PPPoE header */
	len = t_pppoe(F, &c, &BC, ETH_DISC, PADI, 0, tags, n);
	EXPECT(PPPOE_R_HDR_TRUNC, F, 14 + 5);
	F[14] = 0x21;
	EXPECT(PPPOE_R_BAD_VER_TYPE, F, len);
	F[14] = 0x11;
	EXPECT(PPPOE_R_LEN_BEYOND_FRAME, F, (uint16_t)(len - 1));
	len = t_pppoe(F, &c, &BC, ETH_DISC, PADI, 5, tags, n);
	EXPECT(PPPOE_R_BAD_SESSION_ID, F, len);
	len = t_pppoe(F, &c, &BC, ETH_DISC, PADO, 0, tags, n);
	EXPECT(PPPOE_R_WRONG_CODE, F, len);
	len = t_pppoe(F, &c, &AC, ETH_DISC, PADS, 7, tags, n);
	EXPECT(PPPOE_R_WRONG_CODE, F, len);
	len = t_pppoe(F, &c, &BC, ETH_DISC, 0x42, 0, tags, n);
	EXPECT(PPPOE_R_BAD_CODE, F, len);
	len = t_pppoe(F, &c, &AC, ETH_DISC, PADT, 4242, NULL, 0);
	EXPECT(PPPOE_R_UNKNOWN_SESSION, F, len);
	/* tags */
	n = t_tag(tags, TAG_SERVICE, NULL, 0);
	t_put16(tags + n, TAG_HOST_UNIQ);
	t_put16(tags + n + 2, 40); /* value beyond the payload */
	EXPECT(PPPOE_R_TAG_TRUNC, F, t_pppoe(F, &c, &BC, ETH_DISC, PADI, 0, tags, n + 8));
	tags[n] = 0x01; /* two stray bytes after the last tag */
	EXPECT(PPPOE_R_TAG_TRUNC, F, t_pppoe(F, &c, &BC, ETH_DISC, PADI, 0, tags, n + 2));
	memset(hu, 'h', sizeof(hu));
	n = t_tag(tags, TAG_SERVICE, NULL, 0);
	n = (uint16_t)(n + t_tag(tags + n, TAG_HOST_UNIQ, hu, sizeof(hu)));
	EXPECT(PPPOE_R_TAG_TOO_LONG, F, t_pppoe(F, &c, &BC, ETH_DISC, PADI, 0, tags, n));
	n = t_tag(tags, TAG_SERVICE, NULL, 0);
	n = (uint16_t)(n + t_tag(tags + n, TAG_MAX_PAYLOAD, "abc", 3));
	EXPECT(PPPOE_R_BAD_MAX_PAYLOAD, F, t_pppoe(F, &c, &BC, ETH_DISC, PADI, 0, tags, n));
	n = t_tag(tags, TAG_HOST_UNIQ, "x", 1);
	EXPECT(PPPOE_R_NO_SERVICE_NAME, F, t_pppoe(F, &c, &BC, ETH_DISC, PADI, 0, tags, n));
	/* an End-Of-List tag ends the list: what follows is not read */
	n = t_tag(tags, TAG_SERVICE, NULL, 0);
	n = (uint16_t)(n + t_tag(tags + n, 0, NULL, 0));
	tags[n] = 0xff;
	EXPECT(PPPOE_R_OK, F, t_pppoe(F, &c, &BC, ETH_DISC, PADI, 0, tags, n + 1));

	/* session frames: PPP and control packet headers of a live session */
	c = t_client(3, 0, 0, 0);
	t_discover(e, &c, 20);
	len = t_pppoe(F, &c, &AC, ETH_SESS, 0x09, c.sid, NULL, 0);
	EXPECT(PPPOE_R_WRONG_CODE, F, len);
	len = t_pppoe(F, &c, &AC, ETH_SESS, 0, (uint16_t)(c.sid + 1), NULL, 0);
	EXPECT(PPPOE_R_UNKNOWN_SESSION, F, len);
	pl[0] = 0xc0;
	EXPECT(PPPOE_R_PPP_TRUNC, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, 1));
	pl[1] = 0x20; /* last octet even */
	EXPECT(PPPOE_R_PPP_BAD_PROTO, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, 2));
	pl[0] = 0x21; /* compressed protocol field */
	pl[1] = 0x45;
	EXPECT(PPPOE_R_PPP_BAD_PROTO, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, 2));
	pl[0] = 0x00;
	pl[1] = 0x21;
	EXPECT(PPPOE_R_DATA_FRAME, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, 6));
	t_put16(pl, P_LCP);
	pl[2] = CONF_REQ;
	pl[3] = 1;
	t_put16(pl + 4, 3); /* shorter than its own header */
	EXPECT(PPPOE_R_CP_TRUNC, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, 6));
	t_put16(pl + 4, 12); /* longer than what came */
	EXPECT(PPPOE_R_CP_TRUNC, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, 10));
	EXPECT(PPPOE_R_CP_TRUNC, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, 5));
	t_put16(pl + 4, 6);
	pl[6] = 1;
	pl[7] = 1; /* an option of length 1 */
	EXPECT(PPPOE_R_CP_BAD_OPTION, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, 8));
	pl[7] = 6; /* an option past the packet */
	EXPECT(PPPOE_R_CP_BAD_OPTION, F, t_pppoe(F, &c, &AC, ETH_SESS, 0, c.sid, pl, 8));
	/* no room in out: nothing done */
	len = t_cp(F, &c, P_LCP, ECHO_REQ, 1, (const uint8_t *)"\0\0\0\0", 4);
	pppoe_out_reset(&O);
	O.n_frames = PPPOE_OUT_FRAMES - 1;
	CU_ASSERT_EQUAL(pppoe_input(e, 0, F, len, 30, &O), PPPOE_R_OUT_FULL);
	CU_ASSERT_EQUAL(O.n_frames, PPPOE_OUT_FRAMES - 1);
#undef EXPECT
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->reason[PPPOE_R_WRONG_CODE], 3);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->reason[PPPOE_R_CP_TRUNC], 3);
	CU_ASSERT_EQUAL(pppoe_stats_get(e)->reason[PPPOE_R_OUT_FULL], 1);
	pppoe_free(e);
}

static const CU_TestInfo tests[] = {
	{ "bad arguments, names", test_args },
	{ "MD5 and HMAC-MD5 vectors", test_md5 },
	{ "CHAP-MD5 response", test_chap_md5 },
	{ "PADI -> PADO tags, service names", test_padi_pado },
	{ "PADR cookie, PADS, retransmission", test_padr_cookie },
	{ "per-MAC and total limits", test_limits },
	{ "PADI storm rate limited", test_padi_storm },
	{ "VLAN tags copied", test_vlan },
	{ "RFC 4638 PPP-Max-Payload", test_max_payload },
	{ "PADT from the client", test_padt_in },
	{ "PADT for an unknown session", test_padt_unknown },
	{ "malformed frames", test_malformed },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	if (bng_test_add_suite("pppoe discovery", tests) != 0)
		return -1;
	if (bng_test_add_suite("pppoe LCP", pppoe_ppp_tests) != 0)
		return -1;
	if (bng_test_add_suite("pppoe authentication and IPCP", pppoe_auth_tests) != 0)
		return -1;
	return bng_test_add_suite("pppoe IPv6CP", pppoe_ipv6cp_tests);
}
