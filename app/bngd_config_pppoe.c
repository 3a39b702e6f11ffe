/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The "pppoe" section: the access concentrator (lib/pppoe), its local
 * users and the address pool of its sessions; and the "aaa" section: the
 * RADIUS servers (lib/aaa) that, when given, authenticate and account them.
 *
 * pppoe = {
 *   ac_name = "bng"; services = [ "internet" ];
 *   auth = [ "chap", "pap" ];          # offered in this order; [] : none
 *   max_sessions = 4096; max_per_mac = 2;
 *   echo_interval_s = 30; echo_failures = 3;
 *   idle_timeout_s = 0;                # no packet from the subscriber that long: ended
 *   padi_rate_port = 200; padi_burst_port = 400;   # PADI per second; 0: unlimited
 *   padi_rate_mac = 2; padi_burst_mac = 5;
 *   padt_unknown_rate = 100;           # PADTs per second per port for unknown sessions
 *   pool = [ "10.2.0.10", "10.2.0.250" ]; dns = [ "198.51.100.53" ];
 *   mss_clamp = true;                  # TCP SYNs' MSS at most the session MTU - 40
 *   ipv6 = false;                      # true: IPv6CP negotiated (interface identifiers)
 *   users = ( { name = "alice"; password = "secret"; address = "10.2.0.9";
 *               filter_id = "gold"; } );   # as RADIUS's Filter-Id: a QoS profile
 * };
 */
#include <arpa/inet.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>

#include "bngd_config_priv.h"

static int
get_addr(struct cctx *c, const config_setting_t *s, const char *what, uint32_t *out)
{
	const char *v = config_setting_get_string(s);

	if (v == NULL || inet_pton(AF_INET, v, out) != 1) {
		cerr(c, s, NULL, "%s: \"%s\" is not an IPv4 address", what, v ? v : "?");
		return -1;
	}
	return 0;
}

static void
parse_user(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "name", "password", "address", "filter_id", NULL };
	struct bngd_pppoe_user *u = &cfg->pppoe_users[cfg->pppoe_n_users];
	const char *s;

	memset(u, 0, sizeof(*u));
	check_members(c, e, allowed);
	if ((s = get_str(c, e, "name", 1)) != NULL)
		copy_str(c, e, "name", s, u->name, sizeof(u->name));
	if ((s = get_str(c, e, "password", 1)) != NULL)
		copy_str(c, e, "password", s, u->password, sizeof(u->password));
	if (config_setting_get_member(e, "address") != NULL)
		get_addr(c, config_setting_get_member(e, "address"), "address", &u->addr);
	/* What RADIUS would send as Filter-Id: the session's QoS profile. */
	if ((s = get_str(c, e, "filter_id", 0)) != NULL)
		copy_str(c, e, "filter_id", s, u->filter_id, sizeof(u->filter_id));
	for (uint32_t i = 0; i < cfg->pppoe_n_users; i++)
		if (strcmp(cfg->pppoe_users[i].name, u->name) == 0)
			cerr(c, e, "name", "\"%s\" is listed twice", u->name);
}

void
bngd_config_parse_pppoe(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "ac_name", "services", "auth", "max_sessions",
					       "max_per_mac", "echo_interval_s", "echo_failures",
					       "idle_timeout_s", "padi_rate_port", "padi_burst_port",
					       "padi_rate_mac", "padi_burst_mac", "padt_unknown_rate",
					       "pool", "dns", "mss_clamp", "ipv6", "users", NULL };
	const config_setting_t *g = want_group(c, root, "pppoe", CONFIG_TYPE_GROUP);
	struct pppoe_config *p = &cfg->pppoe;
	const config_setting_t *l;
	const char *s;
	uint32_t v;

	pppoe_config_defaults(p);
	cfg->pppoe_mss_clamp = 1;
	if (g == NULL)
		return;
	check_members(c, g, allowed);
	cfg->pppoe_enabled = 1;
	if ((s = get_str(c, g, "ac_name", 0)) != NULL)
		copy_str(c, g, "ac_name", s, p->ac_name, sizeof(p->ac_name));
	if ((l = config_setting_get_member(g, "services")) != NULL) {
		p->n_services = 0;
		for (int i = 0; i < config_setting_length(l); i++) {
			const char *n = config_setting_get_string_elem(l, (unsigned int)i);

			if (n == NULL || strlen(n) >= PPPOE_SERVICE_MAX || i >= PPPOE_MAX_SERVICES) {
				cerr(c, l, NULL, "at most %d service names of up to %d characters",
				     PPPOE_MAX_SERVICES, PPPOE_SERVICE_MAX - 1);
				break;
			}
			snprintf(p->services[p->n_services++], PPPOE_SERVICE_MAX, "%s", n);
		}
	}
	if ((l = config_setting_get_member(g, "auth")) != NULL) {
		p->n_auth = 0;
		for (int i = 0; i < config_setting_length(l); i++) {
			const char *n = config_setting_get_string_elem(l, (unsigned int)i);
			uint8_t a = n == NULL ? 0 : strcmp(n, "pap") == 0 ? PPPOE_AUTH_PAP :
				    strcmp(n, "chap") == 0 ? PPPOE_AUTH_CHAP_MD5 : 0;

			if (a == 0 || p->n_auth == PPPOE_MAX_AUTH ||
			    (p->n_auth == 1 && p->auth[0] == a)) {
				cerr(c, config_setting_get_elem(l, (unsigned int)i), NULL,
				     "must be \"pap\" or \"chap\", each once");
				break;
			}
			p->auth[p->n_auth++] = a;
		}
	}
	get_u32(c, g, "max_sessions", &p->max_sessions, 1, PPPOE_MAX_SESSIONS);
	v = p->max_per_mac;
	get_u32(c, g, "max_per_mac", &v, 1, 1024);
	p->max_per_mac = (uint16_t)v;
	v = p->echo_interval_ms / 1000;
	get_u32(c, g, "echo_interval_s", &v, 0, 3600);
	p->echo_interval_ms = v * 1000;
	v = p->echo_failures;
	get_u32(c, g, "echo_failures", &v, 1, 100);
	p->echo_failures = (uint8_t)v;
	get_u32(c, g, "idle_timeout_s", &cfg->pppoe_idle_timeout_s, 0, 86400 * 365);
	get_u32(c, g, "padi_rate_port", &p->padi_rate_port, 0, 1000000);
	get_u32(c, g, "padi_burst_port", &p->padi_burst_port, 1, 1000000);
	get_u32(c, g, "padi_rate_mac", &p->padi_rate_mac, 0, 1000000);
	get_u32(c, g, "padi_burst_mac", &p->padi_burst_mac, 1, 1000000);
	get_u32(c, g, "padt_unknown_rate", &p->padt_unknown_rate, 0, 1000000);
	l = config_setting_get_member(g, "pool");
	if (l == NULL || !config_setting_is_aggregate(l) || config_setting_length(l) != 2 ||
	    get_addr(c, config_setting_get_elem(l, 0), "pool", &cfg->pppoe_pool_first) != 0 ||
	    get_addr(c, config_setting_get_elem(l, 1), "pool", &cfg->pppoe_pool_last) != 0 ||
	    rte_be_to_cpu_32(cfg->pppoe_pool_first) > rte_be_to_cpu_32(cfg->pppoe_pool_last) ||
	    rte_be_to_cpu_32(cfg->pppoe_pool_last) - rte_be_to_cpu_32(cfg->pppoe_pool_first) >= 65536)
		cerr(c, g, "pool", "is required: [ \"first address\", \"last address\" ], in order, "
		     "at most 65536 addresses");
	if ((l = config_setting_get_member(g, "dns")) != NULL)
		for (int i = 0; i < config_setting_length(l) && i < 2; i++)
			get_addr(c, config_setting_get_elem(l, (unsigned int)i), "dns",
				 &cfg->pppoe_dns[i]);
	get_flag(c, g, "mss_clamp", &cfg->pppoe_mss_clamp);
	get_flag(c, g, "ipv6", &p->ipv6);
	parse_list(c, g, "users", "{ name = ...; password = ...; }", &cfg->pppoe_n_users,
		   BNGD_MAX_PPPOE_USERS, cfg, parse_user);
}

/*
 * aaa = { servers = ( { address = "127.0.0.1"; secret = "testing123";
 *                       auth_port = 1812; acct_port = 1813; } );
 *         timeout_ms = 3000; retries = 3; nas_identifier = "bng"; interim_s = 0;
 *         queue_size = 8192; threads = 4; };
 * PPPoE sessions then authenticate against these RADIUS servers (not the
 * local users) and are accounted there, through @c threads RADIUS exchanges
 * under way at once.
 */
static void
parse_server(struct cctx *c, const config_setting_t *e, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "address", "secret", "auth_port", "acct_port", NULL };
	struct aaa_server *s = &cfg->aaa.servers[cfg->aaa_n_servers];
	const char *v;
	uint32_t port;

	memset(s, 0, sizeof(*s));
	check_members(c, e, allowed);
	if ((v = get_str(c, e, "address", 1)) != NULL)
		copy_str(c, e, "address", v, s->host, sizeof(s->host));
	if ((v = get_str(c, e, "secret", 1)) != NULL) {
		if (strpbrk(v, ", \t") != NULL)
			cerr(c, config_setting_get_member(e, "secret"), NULL,
			     "no commas, spaces or tabs in a shared secret");
		copy_str(c, e, "secret", v, s->secret, sizeof(s->secret));
	}
	port = AAA_AUTH_PORT;
	get_u32(c, e, "auth_port", &port, 1, 65535);
	s->auth_port = (uint16_t)port;
	port = AAA_ACCT_PORT;
	get_u32(c, e, "acct_port", &port, 0, 65535);
	s->acct_port = (uint16_t)port;
}

void
bngd_config_parse_aaa(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "servers", "timeout_ms", "retries", "nas_identifier",
					       "interim_s", "queue_size", "threads", NULL };
	const config_setting_t *g = want_group(c, root, "aaa", CONFIG_TYPE_GROUP);
	const char *s;
	uint32_t v;

	aaa_config_defaults(&cfg->aaa);
	if (g == NULL)
		return;
	check_members(c, g, allowed);
	cfg->aaa_enabled = 1;
	parse_list(c, g, "servers", "{ address = ...; secret = ...; }", &cfg->aaa_n_servers,
		   AAA_MAX_SERVERS, cfg, parse_server);
	if (cfg->aaa_n_servers == 0)
		cerr(c, g, "servers", "is required: at least one RADIUS server");
	cfg->aaa.n_servers = (uint8_t)cfg->aaa_n_servers;
	get_u32(c, g, "timeout_ms", &cfg->aaa.timeout_ms, 100, 60000);
	v = cfg->aaa.retries;
	get_u32(c, g, "retries", &v, 1, 10);
	cfg->aaa.retries = (uint8_t)v;
	if ((s = get_str(c, g, "nas_identifier", 0)) != NULL)
		copy_str(c, g, "nas_identifier", s, cfg->aaa.nas_identifier,
			 sizeof(cfg->aaa.nas_identifier));
	get_u32(c, g, "interim_s", &cfg->aaa.interim_interval, 0, 86400);
	v = cfg->aaa.threads;
	get_u32(c, g, "threads", &v, 1, AAA_MAX_THREADS);
	cfg->aaa.threads = (uint8_t)v;
	/* Requests outstanding: room by default for a Start and a Stop of
	 * every session at once (a DSLAM reboot ends them all together), so
	 * that no accounting is refused for want of a slot. */
	cfg->aaa.queue_size = rte_align32pow2(RTE_MAX(2 * cfg->pppoe.max_sessions, 1024u));
	if (cfg->aaa.queue_size > 65536)
		cfg->aaa.queue_size = 65536;
	get_u32(c, g, "queue_size", &cfg->aaa.queue_size, 1, 65536);
	if (!rte_is_power_of_2(cfg->aaa.queue_size))
		cerr(c, g, "queue_size", "must be a power of 2 (1 to 65536)");
}
