/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * PPPoE subscribers: lib/pppoe's access concentrator on the management
 * lcore. Punted discovery and PPP control frames go to the engine; what it
 * builds goes out through a worker's inject ring; its events are answered
 * here: local users authenticate (PAP password or CHAP-MD5 secret), the
 * pool (or the user's fixed address) gives IPCP its address, and a session
 * that comes up becomes a subscriber /32 whose next hop carries its MAC,
 * VLANs and session id, so workers encapsulate downstream and accept
 * upstream only from that session (see bngd_l2_sub(), spoof_check()), and
 * its MTU, to which they clamp the MSS of TCP SYNs both ways.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_errno.h>

#include "aaa.h"
#include "bng_log.h"
#include "bng_tcp.h"
#include "bngd_mgmt.h"
#include "bngd_neigh.h"
#include "bngd_pppoe.h"
#include "bngd_qos.h"
#include "pppoe.h"

/* What the data plane knows of an open session: its next hop and the
 * counters it had when the session came up (next hops are reused). */
struct sess_dp {
	uint32_t nh;        /**< UINT32_MAX: not up */
	uint64_t base[4];
	uint32_t up_ms;     /**< when it came up (management clock) */
	uint32_t last_interim_ms;
	uint32_t framed_ip; /**< the RADIUS server's address for it, network order; 0: none */
	uint32_t session_timeout_s, interim_s; /**< from the Access-Accept; 0: none */
	uint32_t idle_timeout_s; /**< Access-Accept's, or the configured one; 0: none */
	uint32_t active_ms;  /**< when its upstream packet count last moved */
	uint64_t active_pkts; /**< ... and what it was then */
	uint8_t from_pool;  /**< its address came from the pool */
	char user[64];      /**< for accounting after the engine forgot the session */
	char filter_id[BNGD_PPPOE_FILTER_ID_MAX]; /**< Access-Accept's Filter-Id, "": none */
};

/*
 * The MTU a session's TCP SYNs are MSS-clamped to (0: not clamped): the
 * client's MRU, no more than we carry (max_payload) nor than fits the
 * access port's frames behind the PPPoE and PPP headers.
 */
static uint16_t
clamp_mtu(const struct bngd *app, const struct pppoe_event *ev)
{
	uint16_t mtu = RTE_MIN(ev->mru, app->cfg->pppoe.max_payload);
	uint16_t port_mtu = ev->port < FIB_MAX_PORTS ? app->fib->port[ev->port].mtu : 0;

	if (!app->cfg->pppoe_mss_clamp)
		return 0;
	if (port_mtu > 8)
		mtu = RTE_MIN(mtu, (uint16_t)(port_mtu - 8));
	return mtu > BNG_TCP_MSS_OVERHEAD4 ? mtu : 0;
}

/* RFC 2866 5.10 Acct-Terminate-Cause of a session's end. */
static uint32_t
terminate_cause(unsigned int down)
{
	switch (down) {
	case PPPOE_DOWN_PADT:
	case PPPOE_DOWN_PEER_TERMINATE:
		return 1;   /* User-Request */
	case PPPOE_DOWN_ECHO_TIMEOUT:
		return 2;   /* Lost-Carrier */
	case PPPOE_DOWN_IDLE_TIMEOUT:
		return 4;   /* Idle-Timeout */
	case PPPOE_DOWN_SESSION_TIMEOUT:
		return 5;   /* Session-Timeout */
	case PPPOE_DOWN_ADMIN:
	case PPPOE_DOWN_AAA_DISCONNECT:
		return 6;   /* Admin-Reset */
	case PPPOE_DOWN_SHUTDOWN:
		return 7;   /* Admin-Reboot */
	default:
		return 9;   /* NAS-Error */
	}
}

struct bngd_pppoe {
	struct pppoe *e;
	struct sess_dp dp[65536];      /**< by session id */
	struct pppoe_out out;
	uint32_t pool_base, pool_size; /**< host order */
	uint32_t pool_next;
	uint8_t *pool_used;            /**< [pool_size] */
	uint32_t next_timer_ms, next_sweep_ms;
	uint64_t pool_exhausted, fib_full;
	/** Who logs in: RADIUS, or lib/aaa's local users; NULL: no user at all. */
	struct aaa *aaa;
	uint64_t radius_refused;       /**< submissions the RADIUS queue refused */
	uint8_t radius_silent[2];      /**< [0] authentication, [1] accounting: no server answers */
};

/* Accounting of session @p sid, if RADIUS is on. */
static void
account(struct bngd *app, struct bngd_pppoe *p, enum aaa_acct_type type, uint16_t sid,
	const struct rte_ether_addr *mac, uint32_t addr, uint32_t now, uint32_t cause)
{
	struct sess_dp *dp = &p->dp[sid];
	struct aaa_session as = { .nas_port = sid, .mac = *mac };
	struct aaa_acct_data d = { .framed_ip = addr, .terminate_cause = cause };
	char id[32];
	uint64_t t[4] = { 0, 0, 0, 0 };

	if (p->aaa == NULL || dp->user[0] == '\0')
		return;
	snprintf(id, sizeof(id), "%04x%08x", sid, dp->up_ms);
	d.session_id = id;
	if (type != AAA_ACCT_START) {
		bngd_pppoe_traffic(app, sid, t);
		d.session_time = (now - dp->up_ms) / 1000;
	}
	/* Input: from the subscriber (RFC 2866 5.3); output: to it. */
	d.in_packets = (uint32_t)t[0];
	d.in_octets = t[1];
	d.out_packets = (uint32_t)t[2];
	d.out_octets = t[3];
	/* -ENOTSUP: local users, nothing to account to */
	if (aaa_acct(p->aaa, sid, type, dp->user, &d, &as) == -ENOBUFS)
		p->radius_refused++;
}

static uint32_t
pool_take(struct bngd_pppoe *p)
{
	for (uint32_t k = 0; k < p->pool_size; k++) {
		uint32_t i = (p->pool_next + k) % p->pool_size;

		if (!p->pool_used[i]) {
			p->pool_used[i] = 1;
			p->pool_next = (i + 1) % p->pool_size;
			return rte_cpu_to_be_32(p->pool_base + i);
		}
	}
	return 0;
}

static void
pool_put(struct bngd_pppoe *p, uint32_t addr)
{
	uint32_t i = rte_be_to_cpu_32(addr) - p->pool_base;

	if (i < p->pool_size)
		p->pool_used[i] = 0;
}

static uint32_t
port_vrf_tenant(const struct bngd *app, uint16_t port)
{
	return bngd_port_vrf(app, port);
}

/* The engine asks: who is this, what address, the session is up or down. */
static void
on_event(struct bngd *app, struct bngd_pppoe *p, const struct pppoe_event *ev, uint32_t now)
{
	const struct bngd_config *cfg = app->cfg;
	uint32_t addr;

	switch (ev->type) {
	case PPPOE_EV_AUTH_REQUEST:
		snprintf(p->dp[ev->session_id].user, sizeof(p->dp[ev->session_id].user), "%s",
			 ev->username);
		p->dp[ev->session_id].framed_ip = 0;
		p->dp[ev->session_id].session_timeout_s = 0;
		p->dp[ev->session_id].interim_s = 0;
		p->dp[ev->session_id].idle_timeout_s = cfg->pppoe_idle_timeout_s;
		p->dp[ev->session_id].filter_id[0] = '\0';
		if (p->aaa == NULL) {
			pppoe_auth_result(p->e, ev->handle, 0, "no users", now, &p->out);
			break;
		}
		{
			/* The verdict comes back through aaa_poll(). */
			struct aaa_session as = { .nas_port = ev->session_id, .mac = ev->mac };
			int rc = ev->auth_proto == PPPOE_AUTH_PAP ?
				 aaa_auth_pap(p->aaa, ev->handle, ev->username, ev->password, &as) :
				 aaa_auth_chap(p->aaa, ev->handle, ev->username, ev->chap_id,
					       ev->challenge, ev->response, &as);

			if (rc != 0) {
				p->radius_refused++;
				pppoe_auth_result(p->e, ev->handle, 0, "try again later", now,
						  &p->out);
			}
		}
		break;
	case PPPOE_EV_NETWORK: {
		/* RADIUS's Framed-IP-Address, or the local user's own */
		addr = p->dp[ev->session_id].framed_ip;
		p->dp[ev->session_id].from_pool = addr == 0;
		if (addr == 0)
			addr = pool_take(p);
		if (addr == 0) {
			p->pool_exhausted++;
			pppoe_session_terminate(p->e, ev->handle, PPPOE_DOWN_ADDR_TIMEOUT, now,
						&p->out);
			break;
		}
		pppoe_ipcp_assign(p->e, ev->handle, addr, cfg->pppoe_dns[0], cfg->pppoe_dns[1], now,
				  &p->out);
		break;
	}
	case PPPOE_EV_SESSION_UP: {
		const struct fib_sub_l2 l2 = { .vlan = { ev->svlan, ev->cvlan },
					       .pppoe_sid = rte_cpu_to_be_16(ev->session_id),
					       .clamp_mtu = clamp_mtu(app, ev) };

		int nh = fib_host_add_sub(app->fib, port_vrf_tenant(app, ev->port), ev->addr,
					  ev->port, &ev->mac, &l2, FIB_HOST_SUB);

		if (nh < 0) {
			p->fib_full++;
			pppoe_session_terminate(p->e, ev->handle, PPPOE_DOWN_ADMIN, now, &p->out);
			break;
		}
		p->dp[ev->session_id].nh = (uint32_t)nh;
		/* Its profile: the one its Filter-Id names, its port's, the default. */
		bngd_qos_sub_up(app, (uint32_t)nh, ev->port, p->dp[ev->session_id].filter_id);
		p->dp[ev->session_id].up_ms = now;
		p->dp[ev->session_id].last_interim_ms = now;
		p->dp[ev->session_id].active_ms = now;
		p->dp[ev->session_id].active_pkts = 0;
		bngd_sub_counters(app, (uint32_t)nh, p->dp[ev->session_id].base);
		account(app, p, AAA_ACCT_START, ev->session_id, &ev->mac, ev->addr, now, 0);
		break;
	}
	case PPPOE_EV_SESSION_DOWN:
		if (ev->was_up)
			account(app, p, AAA_ACCT_STOP, ev->session_id, &ev->mac, ev->addr, now,
				terminate_cause(ev->reason));
		/* Unbound before its route goes: a reused next hop starts clean. */
		if (p->dp[ev->session_id].nh != UINT32_MAX)
			bngd_qos_sub_down(app, p->dp[ev->session_id].nh);
		p->dp[ev->session_id].nh = UINT32_MAX;
		p->dp[ev->session_id].user[0] = '\0';
		if (ev->addr != 0) {
			if (ev->was_up)
				fib_host_del(app->fib, port_vrf_tenant(app, ev->port), ev->addr,
					     FIB_HOST_SUB);
			if (p->dp[ev->session_id].from_pool)
				pool_put(p, ev->addr);
		}
		break;
	}
}

/* Send what the engine built, answer what it asked, until it is quiet. */
static void
apply(struct bngd *app, uint32_t now)
{
	struct bngd_pppoe *p = app->mgmt->pppoe;

	/* An answer may produce more output: bounded rounds. */
	for (int round = 0; round < 8 && (p->out.n_frames || p->out.n_events); round++) {
		struct pppoe_event ev[PPPOE_OUT_EVENTS];
		uint16_t n_ev = p->out.n_events;

		for (uint16_t i = 0; i < p->out.n_frames; i++)
			bngd_mgmt_send(app, p->out.frames[i].port, p->out.frames[i].data,
				       p->out.frames[i].len);
		memcpy(ev, p->out.events, n_ev * sizeof(ev[0]));
		pppoe_out_reset(&p->out);
		for (uint16_t i = 0; i < n_ev; i++)
			on_event(app, p, &ev[i], now);
	}
}

/* RADIUS when the configuration has servers, else lib/aaa over the local users. */
static int
aaa_setup(const struct bngd_config *cfg, struct bngd_pppoe *p)
{
	struct aaa_config lc = cfg->aaa;
	struct aaa_local_user *users = NULL;

	if (!cfg->aaa_enabled) {
		if (cfg->pppoe_n_users == 0)
			return 0;
		users = calloc(cfg->pppoe_n_users, sizeof(*users));
		if (users == NULL)
			return -1;
		for (uint32_t i = 0; i < cfg->pppoe_n_users; i++) {
			snprintf(users[i].name, sizeof(users[i].name), "%s", cfg->pppoe_users[i].name);
			snprintf(users[i].password, sizeof(users[i].password), "%s",
				 cfg->pppoe_users[i].password);
			users[i].framed_ip = cfg->pppoe_users[i].addr;
			snprintf(users[i].filter_id, sizeof(users[i].filter_id), "%s",
				 cfg->pppoe_users[i].filter_id);
		}
		aaa_config_defaults(&lc);
		lc.queue_size = rte_align32pow2(RTE_MAX(cfg->pppoe.max_sessions, 1024u));
		lc.n_users = cfg->pppoe_n_users;
		lc.users = users;
	}
	p->aaa = aaa_create(cfg->aaa_enabled ? "radius" : "local", (int)rte_socket_id(), &lc);
	if (users != NULL) {
		explicit_bzero(users, cfg->pppoe_n_users * sizeof(*users));
		free(users);
	}
	if (p->aaa == NULL) {
		fprintf(stderr, "bngd: aaa: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

int
bngd_pppoe_setup(struct bngd *app)
{
	const struct bngd_config *cfg = app->cfg;
	struct pppoe_config pc = cfg->pppoe;
	struct bngd_pppoe *p;

	if (!cfg->pppoe_enabled)
		return 0;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return -1;
	app->mgmt->pppoe = p;
	for (uint32_t i = 0; i < RTE_DIM(p->dp); i++)
		p->dp[i].nh = UINT32_MAX;
	p->pool_base = rte_be_to_cpu_32(cfg->pppoe_pool_first);
	p->pool_size = rte_be_to_cpu_32(cfg->pppoe_pool_last) - p->pool_base + 1;
	p->pool_used = calloc(p->pool_size, 1);
	/* IPCP's own address: the first access port's IPv4 address. */
	for (uint16_t i = 0; i < app->n_ports && pc.local_addr == 0; i++)
		for (uint32_t a = 0; a < app->ports[i].cfg->n_addr; a++)
			if (app->ports[i].cfg->role == BNG_ROLE_ACCESS && !app->ports[i].cfg->addr[a].v6) {
				memcpy(&pc.local_addr, app->ports[i].cfg->addr[a].addr, 4);
				break;
			}
	p->e = pppoe_create("pppoe", (int)rte_socket_id(), &pc);
	if (p->e == NULL || p->pool_used == NULL) {
		fprintf(stderr, "bngd: pppoe: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	for (uint16_t i = 0; i < app->n_ports; i++)
		if (app->ports[i].cfg->role == BNG_ROLE_ACCESS)
			pppoe_port_enable(p->e, app->ports[i].id, &app->ports[i].mac);
	return aaa_setup(cfg, p);
}

void
bngd_pppoe_free(struct bngd *app)
{
	struct bngd_pppoe *p = app->mgmt != NULL ? app->mgmt->pppoe : NULL;

	if (p == NULL)
		return;
	aaa_free(p->aaa);
	pppoe_free(p->e);
	free(p->pool_used);
	free(p);
	app->mgmt->pppoe = NULL;
}

void
bngd_pppoe_input(struct bngd *app, struct rte_mbuf *m, uint32_t now_ms)
{
	struct bngd_pppoe *p = app->mgmt->pppoe;
	uint8_t buf[PPPOE_FRAME_MAX];
	const uint8_t *f;

	if (p == NULL) {
		rte_pktmbuf_free(m);
		return;
	}
	f = rte_pktmbuf_read(m, 0, RTE_MIN(m->pkt_len, (uint32_t)sizeof(buf)), buf);
	if (f != NULL)
		pppoe_input(p->e, m->port, f, (uint16_t)RTE_MIN(m->pkt_len, (uint32_t)sizeof(buf)),
			    now_ms, &p->out);
	rte_pktmbuf_free(m);
	apply(app, now_ms);
}

/*
 * An event when the servers stop answering (authentication or accounting)
 * and when they answer again: one log line per change, not one per request.
 */
static void
radius_event(struct bngd_pppoe *p, const struct aaa_result *r)
{
	int acct = r->request != AAA_REQ_PAP && r->request != AAA_REQ_CHAP;
	int silent = r->kind == AAA_RES_NO_SERVER || r->kind == AAA_RES_ACCT_NO_SERVER;

	if (silent == p->radius_silent[acct])
		return;
	p->radius_silent[acct] = (uint8_t)silent;
	if (silent)
		BNG_LOG(WARNING, app, "RADIUS: no server answers %s requests: %s",
			acct ? "accounting" : "authentication",
			acct ? "accounting records are lost" : "new PPPoE sessions cannot log in");
	else
		BNG_LOG(NOTICE, app, "RADIUS: servers answer %s requests again",
			acct ? "accounting" : "authentication");
}

/* Verdicts (RADIUS's or the local users'): the session goes on, or ends. */
static void
aaa_results(struct bngd *app, struct bngd_pppoe *p, uint32_t now)
{
	struct aaa_result r[16];
	int n = aaa_poll(p->aaa, r, RTE_DIM(r));

	for (int i = 0; i < n; i++) {
		struct sess_dp *dp;
		int ok;

		radius_event(p, &r[i]);
		if (r[i].request != AAA_REQ_PAP && r[i].request != AAA_REQ_CHAP)
			continue;   /* accounting: counted by lib/aaa */
		dp = &p->dp[PPPOE_HANDLE_SID(r[i].tag)];
		ok = r[i].kind == AAA_RES_ACCEPT;
		if (ok) {
			dp->framed_ip = r[i].framed_ip;
			dp->session_timeout_s = r[i].session_timeout;
			dp->interim_s = r[i].interim_interval;
			if (r[i].idle_timeout != 0)
				dp->idle_timeout_s = r[i].idle_timeout;
			snprintf(dp->filter_id, sizeof(dp->filter_id), "%s", r[i].filter_id);
		}
		pppoe_auth_result(p->e, (uint32_t)r[i].tag, ok,
				  r[i].reply_message[0] ? r[i].reply_message :
				  ok ? "welcome" : r[i].kind == AAA_RES_REJECT ? "authentication failed" :
				  "no authentication server", now, &p->out);
		/* Each verdict's output out at once: pppoe_out holds a few
		 * answers only, and a verdict refused for want of room would
		 * be lost (the session would time out in authentication). */
		apply(app, now);
	}
}

/*
 * Idle-Timeout (RFC 2865 5.28): no packet from the subscriber for that
 * long. Only upstream counts: what the internet sends towards an idle CPE
 * (scans, stray replies) must not keep its session alive.
 */
static int
idle_too_long(const struct bngd *app, struct sess_dp *dp, uint16_t sid, uint32_t now)
{
	uint64_t t[4];

	if (dp->idle_timeout_s == 0 || bngd_pppoe_traffic(app, sid, t) != 0)
		return 0;
	if (t[0] != dp->active_pkts) {
		dp->active_pkts = t[0];
		dp->active_ms = now;
		return 0;
	}
	return now - dp->active_ms >= dp->idle_timeout_s * 1000u;
}

/* Once a second: Session-Timeout or Idle-Timeout reached, interim accounting due. */
static void
sweep(struct bngd *app, struct bngd_pppoe *p, uint32_t now)
{
	struct pppoe_session_info si;

	for (uint32_t cur = 0; pppoe_session_next(p->e, &cur, now, &si) == 0;) {
		struct sess_dp *dp = &p->dp[si.session_id];

		if (!si.up || dp->nh == UINT32_MAX)
			continue;
		if (dp->session_timeout_s && now - dp->up_ms >= dp->session_timeout_s * 1000u) {
			pppoe_session_terminate(p->e, si.handle, PPPOE_DOWN_SESSION_TIMEOUT, now, &p->out);
			continue;
		}
		if (idle_too_long(app, dp, si.session_id, now)) {
			pppoe_session_terminate(p->e, si.handle, PPPOE_DOWN_IDLE_TIMEOUT, now, &p->out);
			continue;
		}
		if (dp->interim_s && now - dp->last_interim_ms >= dp->interim_s * 1000u) {
			dp->last_interim_ms = now;
			account(app, p, AAA_ACCT_INTERIM, si.session_id, &si.mac, si.addr, now, 0);
		}
	}
	apply(app, now);
}

void
bngd_pppoe_poll(struct bngd *app, uint32_t now_ms)
{
	struct bngd_pppoe *p = app->mgmt->pppoe;

	if (p == NULL)
		return;
	if (p->aaa != NULL)
		aaa_results(app, p, now_ms);
	if ((int32_t)(now_ms - p->next_sweep_ms) >= 0) {
		p->next_sweep_ms = now_ms + 1000;
		sweep(app, p, now_ms);
	}
	if ((int32_t)(now_ms - p->next_timer_ms) < 0)
		return;
	p->next_timer_ms = now_ms + 50;
	for (int k = 0; k < 4; k++) {
		pppoe_timer(p->e, now_ms, &p->out);
		if (!p->out.n_frames && !p->out.n_events)
			break;
		apply(app, now_ms);
	}
}

int
bngd_pppoe_terminate(struct bngd *app, uint16_t session_id, uint32_t now_ms)
{
	struct bngd_pppoe *p = app->mgmt->pppoe;
	struct pppoe_session_info si;
	int rc = -ENOENT;

	if (p == NULL)
		return -ENOENT;
	for (uint32_t cur = 0; pppoe_session_next(p->e, &cur, now_ms, &si) == 0;)
		if (si.session_id == session_id) {
			rc = pppoe_session_terminate(p->e, si.handle, PPPOE_DOWN_ADMIN, now_ms, &p->out);
			break;
		}
	apply(app, now_ms);
	return rc;
}

const struct pppoe *
bngd_pppoe_engine(const struct bngd *app)
{
	return app->mgmt->pppoe != NULL ? app->mgmt->pppoe->e : NULL;
}

const struct aaa *
bngd_pppoe_aaa(const struct bngd *app)
{
	return app->mgmt->pppoe ? app->mgmt->pppoe->aaa : NULL;
}

uint64_t
bngd_pppoe_radius_refused(const struct bngd *app)
{
	return app->mgmt->pppoe ? app->mgmt->pppoe->radius_refused : 0;
}

void
bngd_pppoe_counters(const struct bngd *app, uint64_t *pool_exhausted, uint64_t *unknown_user,
		    uint64_t *fib_full)
{
	const struct bngd_pppoe *p = app->mgmt->pppoe;

	*pool_exhausted = p ? p->pool_exhausted : 0;
	*unknown_user = p && p->aaa ? aaa_stats_get(p->aaa)->unknown_users : 0;
	*fib_full = p ? p->fib_full : 0;
}

const char *
bngd_pppoe_filter_id(const struct bngd *app, uint16_t session_id)
{
	const struct bngd_pppoe *p = app->mgmt->pppoe;

	return p != NULL && p->dp[session_id].nh != UINT32_MAX ? p->dp[session_id].filter_id : "";
}

uint32_t
bngd_pppoe_idle_timeout(const struct bngd *app, uint16_t session_id)
{
	const struct bngd_pppoe *p = app->mgmt->pppoe;

	return p != NULL && p->dp[session_id].nh != UINT32_MAX ? p->dp[session_id].idle_timeout_s : 0;
}

int
bngd_pppoe_traffic(const struct bngd *app, uint16_t session_id, uint64_t out[4])
{
	const struct bngd_pppoe *p = app->mgmt->pppoe;
	const struct sess_dp *d;

	if (p == NULL || p->dp[session_id].nh == UINT32_MAX)
		return -ENOENT;
	d = &p->dp[session_id];
	bngd_sub_counters(app, d->nh, out);
	for (int i = 0; i < 4; i++)
		out[i] -= d->base[i];
	return 0;
}
