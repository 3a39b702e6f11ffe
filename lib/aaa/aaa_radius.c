/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The radcli side of aaa, run on the RADIUS thread only (the handle is
 * built on the creating thread, before the RADIUS thread starts): the
 * handle configured in memory with rc_add_config() (servers with their
 * ports and secrets, timeout, retries, dictionary; no file but the
 * dictionary), the attributes of an Access-Request (PAP or CHAP-MD5) or an
 * Accounting-Request, rc_aaa() (which tries the servers in order), and the
 * reading of the answer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <radcli/radcli.h>

#include "aaa_priv.h"

/* --- The handle ---------------------------------------------------------------------- */

/* "host:port:secret,..." for the servers with a port of that kind; IPv6
 * literals in brackets. @return the length, or -1 when it does not fit. */
static int
server_list(const struct aaa_config *c, int acct, char *buf, size_t cap)
{
	size_t o = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < c->n_servers; i++) {
		const struct aaa_server *s = &c->servers[i];
		uint16_t port = acct ? s->acct_port : s->auth_port;
		int v6 = strchr(s->host, ':') != NULL;
		int n;

		if (port == 0)
			continue;
		n = snprintf(buf + o, cap - o, "%s%s%s%s:%u:%s", o ? "," : "", v6 ? "[" : "",
			     s->host, v6 ? "]" : "", port, s->secret);
		if (n < 0 || (size_t)n >= cap - o)
			return -1;
		o += (size_t)n;
	}
	return (int)o;
}

void *
aaa_radius_open(const struct aaa_config *c, int *err)
{
	char list[AAA_MAX_SERVERS * (AAA_HOST_MAX + AAA_SECRET_MAX + 16)];
	char num[16];
	rc_handle *rh;

	if (access(c->dictionary, R_OK) != 0) {
		*err = -ENOENT;
		return NULL;
	}
	rh = rc_new();
	if (rh == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	/* rc_config_init() destroys the handle when it fails. */
	if (rc_config_init(rh) == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = -EINVAL;
	if (rc_add_config(rh, "dictionary", c->dictionary, __FILE__, __LINE__) != 0)
		goto fail;
	/* radcli waits whole seconds; never less than asked. */
	snprintf(num, sizeof(num), "%u", (c->timeout_ms + 999) / 1000);
	if (rc_add_config(rh, "radius_timeout", num, __FILE__, __LINE__) != 0)
		goto fail;
	/* radcli's retries are the transmissions after the first. */
	snprintf(num, sizeof(num), "%u", c->retries - 1u);
	if (rc_add_config(rh, "radius_retries", num, __FILE__, __LINE__) != 0)
		goto fail;
	if (rc_add_config(rh, "bindaddr", "*", __FILE__, __LINE__) != 0)
		goto fail;
	if (server_list(c, 0, list, sizeof(list)) <= 0 ||
	    rc_add_config(rh, "authserver", list, __FILE__, __LINE__) != 0)
		goto fail;
	if (server_list(c, 1, list, sizeof(list)) < 0)
		goto fail;
	if (list[0] != '\0' && rc_add_config(rh, "acctserver", list, __FILE__, __LINE__) != 0)
		goto fail;
	if (rc_apply_config(rh) != 0)
		goto fail;
	if (rc_read_dictionary(rh, c->dictionary) != 0) {
		*err = -ENOENT;
		goto fail;
	}
	*err = 0;
	return rh;
fail:
	rc_destroy(rh);
	return NULL;
}

/* radcli's rc_config_free() frees only the first server's name and secret
 * (1.2.11 and its master as of 2025): free the others and leave NULLs, which
 * a radcli that frees them all passes to free() harmlessly. */
static void
free_servers(rc_handle *rh, const char *opt)
{
	SERVER *s = rc_conf_srv(rh, opt);

	for (int i = 1; s != NULL && i < s->max && i < SERVER_MAX; i++) {
		free(s->name[i]);
		free(s->secret[i]);
		s->name[i] = NULL;
		s->secret[i] = NULL;
	}
}

void
aaa_radius_close(void *rc)
{
	if (rc == NULL)
		return;
	free_servers(rc, "authserver");
	free_servers(rc, "acctserver");
	rc_destroy(rc);
}

/* --- One exchange ------------------------------------------------------------------------ */

static int
add_int(rc_handle *rh, VALUE_PAIR **l, int attr, uint32_t v)
{
	return rc_avpair_add(rh, l, attr, &v, 0, 0) != NULL ? 0 : -1;
}

static int
add_bytes(rc_handle *rh, VALUE_PAIR **l, int attr, const void *p, size_t len)
{
	return rc_avpair_add(rh, l, attr, p, (int)len, 0) != NULL ? 0 : -1;
}

static int
add_str(rc_handle *rh, VALUE_PAIR **l, int attr, const char *s)
{
	return add_bytes(rh, l, attr, s, strlen(s));
}

/* What every request carries: who and where. */
static int
add_nas(rc_handle *rh, VALUE_PAIR **l, const struct aaa_config *c, const struct aaa_req *r)
{
	const uint8_t *m = r->sess.mac.addr_bytes;
	char mac[18];
	int rc = 0;

	snprintf(mac, sizeof(mac), "%02X-%02X-%02X-%02X-%02X-%02X", m[0], m[1], m[2], m[3], m[4],
		 m[5]);
	if (c->nas_identifier[0] != '\0')
		rc |= add_str(rh, l, PW_NAS_IDENTIFIER, c->nas_identifier);
	/* Without it radcli adds the address the request leaves from. */
	if (c->nas_ip != 0)
		rc |= add_int(rh, l, PW_NAS_IP_ADDRESS, ntohl(c->nas_ip));
	rc |= add_int(rh, l, PW_NAS_PORT, r->sess.nas_port);
	rc |= add_int(rh, l, PW_NAS_PORT_TYPE, c->nas_port_type);
	rc |= add_int(rh, l, PW_SERVICE_TYPE, PW_FRAMED);
	rc |= add_int(rh, l, PW_FRAMED_PROTOCOL, PW_PPP);
	rc |= add_str(rh, l, PW_CALLING_STATION_ID, mac);
	return rc;
}

static int
add_acct(rc_handle *rh, VALUE_PAIR **l, const struct aaa_req *r)
{
	static const uint32_t status[] = {
		[AAA_REQ_ACCT_START] = PW_STATUS_START,
		[AAA_REQ_ACCT_INTERIM] = PW_STATUS_ALIVE,
		[AAA_REQ_ACCT_STOP] = PW_STATUS_STOP,
	};
	int rc = 0;

	rc |= add_int(rh, l, PW_ACCT_STATUS_TYPE, status[r->request]);
	rc |= add_str(rh, l, PW_ACCT_SESSION_ID, r->u.acct.session_id);
	rc |= add_int(rh, l, PW_ACCT_AUTHENTIC, PW_RADIUS);
	rc |= add_int(rh, l, PW_EVENT_TIMESTAMP, (uint32_t)time(NULL));
	if (r->u.acct.framed_ip != 0)
		rc |= add_int(rh, l, PW_FRAMED_IP_ADDRESS, ntohl(r->u.acct.framed_ip));
	if (r->request == AAA_REQ_ACCT_START)
		return rc;
	rc |= add_int(rh, l, PW_ACCT_INPUT_OCTETS, (uint32_t)r->u.acct.in_octets);
	rc |= add_int(rh, l, PW_ACCT_OUTPUT_OCTETS, (uint32_t)r->u.acct.out_octets);
	/* RFC 2869 5.1, 5.2: how many times the 32-bit counters wrapped. */
	if (r->u.acct.in_octets >> 32)
		rc |= add_int(rh, l, PW_ACCT_INPUT_GIGAWORDS, (uint32_t)(r->u.acct.in_octets >> 32));
	if (r->u.acct.out_octets >> 32)
		rc |= add_int(rh, l, PW_ACCT_OUTPUT_GIGAWORDS,
			      (uint32_t)(r->u.acct.out_octets >> 32));
	rc |= add_int(rh, l, PW_ACCT_INPUT_PACKETS, r->u.acct.in_packets);
	rc |= add_int(rh, l, PW_ACCT_OUTPUT_PACKETS, r->u.acct.out_packets);
	rc |= add_int(rh, l, PW_ACCT_SESSION_TIME, r->u.acct.session_time);
	if (r->request == AAA_REQ_ACCT_STOP && r->u.acct.terminate_cause != 0)
		rc |= add_int(rh, l, PW_ACCT_TERMINATE_CAUSE, r->u.acct.terminate_cause);
	return rc;
}

static int
add_auth(rc_handle *rh, VALUE_PAIR **l, const struct aaa_req *r)
{
	uint8_t chap[1 + AAA_CHAP_LEN];

	if (r->request == AAA_REQ_PAP)
		return add_str(rh, l, PW_USER_PASSWORD, r->u.password);
	/* RFC 2865 5.3: CHAP Ident then the 16-byte response; the challenge
	 * in CHAP-Challenge (5.40), not in the Request Authenticator. */
	chap[0] = r->chap_id;
	memcpy(chap + 1, r->u.chap.response, AAA_CHAP_LEN);
	return add_bytes(rh, l, PW_CHAP_PASSWORD, chap, sizeof(chap)) |
	       add_bytes(rh, l, PW_CHAP_CHALLENGE, r->u.chap.challenge, AAA_CHAP_LEN);
}

/* Copy a string attribute; radcli keeps its length in lvalue. */
static void
copy_attr(char *dst, size_t cap, const VALUE_PAIR *vp)
{
	size_t n = vp->lvalue < cap - 1 ? vp->lvalue : cap - 1;

	memcpy(dst, vp->strvalue, n);
	dst[n] = '\0';
}

/* Reply-Message may come several times (RFC 2865 5.18): joined by '\n'.
 * When radcli kept no pairs (some versions drop a Reject's), its @p msg
 * holds the same joined text, each line ended by '\n'. */
static void
read_messages(VALUE_PAIR *recv, const char *msg, struct aaa_result *res)
{
	size_t o = 0, cap = sizeof(res->reply_message);

	if (recv == NULL) {
		snprintf(res->reply_message, cap, "%s", msg);
		o = strlen(res->reply_message);
		if (o > 0 && res->reply_message[o - 1] == '\n')
			res->reply_message[o - 1] = '\0';
		return;
	}

	for (VALUE_PAIR *vp = rc_avpair_get(recv, PW_REPLY_MESSAGE, 0); vp != NULL;
	     vp = rc_avpair_get(vp->next, PW_REPLY_MESSAGE, 0)) {
		if (o != 0 && o < cap - 1)
			res->reply_message[o++] = '\n';
		copy_attr(res->reply_message + o, cap - o, vp);
		o += strlen(res->reply_message + o);
	}
}

static void
read_accept(VALUE_PAIR *recv, const struct aaa_config *c, struct aaa_result *res)
{
	VALUE_PAIR *vp;

	if ((vp = rc_avpair_get(recv, PW_FRAMED_IP_ADDRESS, 0)) != NULL)
		res->framed_ip = htonl(vp->lvalue);
	if ((vp = rc_avpair_get(recv, PW_SESSION_TIMEOUT, 0)) != NULL)
		res->session_timeout = vp->lvalue;
	if ((vp = rc_avpair_get(recv, PW_IDLE_TIMEOUT, 0)) != NULL)
		res->idle_timeout = vp->lvalue;
	vp = rc_avpair_get(recv, PW_ACCT_INTERIM_INTERVAL, 0);
	res->interim_interval = vp != NULL ? vp->lvalue : c->interim_interval;
	if ((vp = rc_avpair_get(recv, PW_FILTER_ID, 0)) != NULL)
		copy_attr(res->filter_id, sizeof(res->filter_id), vp);
}

static uint8_t
auth_kind(int rc)
{
	switch (rc) {
	case OK_RC:
		return AAA_RES_ACCEPT;
	case REJECT_RC:
	case CHALLENGE_RC:
		return AAA_RES_REJECT;
	case TIMEOUT_RC:
		return AAA_RES_NO_SERVER;
	default:
		return AAA_RES_AUTH_ERROR;
	}
}

static uint8_t
acct_kind(int rc)
{
	switch (rc) {
	case OK_RC:
		return AAA_RES_ACCT_OK;
	case TIMEOUT_RC:
		return AAA_RES_ACCT_NO_SERVER;
	default:
		return AAA_RES_ACCT_ERROR;
	}
}

void
aaa_radius_exchange(void *rc, const struct aaa_config *c, struct aaa_req *r)
{
	/* rc_aaa() writes up to PW_MAX_MSG_SIZE bytes of Reply-Message here. */
	char msg[PW_MAX_MSG_SIZE] = "";
	int is_auth = r->request == AAA_REQ_PAP || r->request == AAA_REQ_CHAP;
	VALUE_PAIR *send = NULL, *recv = NULL, *vp;
	rc_handle *rh = rc;
	int ret = ERROR_RC;

	memset(&r->res, 0, sizeof(r->res));
	r->res.tag = r->tag;
	r->res.request = r->request;

	/* User-Name first: it heads the list, and radcli only ever appends. */
	if (add_str(rh, &send, PW_USER_NAME, r->user) != 0 ||
	    (is_auth ? add_auth(rh, &send, r) : add_acct(rh, &send, r)) != 0 ||
	    add_nas(rh, &send, c, r) != 0)
		goto done;
	/* Servers in order, each retries times: radcli moves to the next one
	 * only when one times out. NAS-Port is ours (add_nas_port 0). */
	ret = rc_aaa(rh, r->sess.nas_port, send, &recv, msg, 0,
		     is_auth ? PW_ACCESS_REQUEST : PW_ACCOUNTING_REQUEST);
done:
	if (is_auth) {
		r->res.kind = auth_kind(ret);
		if (ret == OK_RC)
			read_accept(recv, c, &r->res);
		if (ret == OK_RC || ret == REJECT_RC)
			read_messages(recv, msg, &r->res);
	} else {
		r->res.kind = acct_kind(ret);
	}
	if (r->request == AAA_REQ_PAP) {
		explicit_bzero(r->u.password, sizeof(r->u.password));
		if ((vp = rc_avpair_get(send, PW_USER_PASSWORD, 0)) != NULL)
			explicit_bzero(vp->strvalue, sizeof(vp->strvalue));
	}
	rc_avpair_free(send);
	rc_avpair_free(recv);
}
