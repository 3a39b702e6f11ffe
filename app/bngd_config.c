/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Configuration parsing and validation. The parser keeps going after an
 * error so that one run reports every mistake in the file, each as
 * "file:line: setting.path: what is wrong". Unknown settings are errors: a
 * misspelt option silently ignored is worse than a refusal to start.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "bngd_config_priv.h"
#include "bngd_services.h"

/* "ports.[1].role" for a setting, built from its parents. */
static void
setting_path(const config_setting_t *s, char *buf, size_t len)
{
	const config_setting_t *chain[16];
	int n = 0;
	size_t off = 0;

	buf[0] = '\0';
	for (; s != NULL && config_setting_parent(s) != NULL && n < 16; s = config_setting_parent(s))
		chain[n++] = s;
	while (n-- > 0 && off < len) {
		const char *name = config_setting_name(chain[n]);
		int w;

		if (name != NULL)
			w = snprintf(buf + off, len - off, "%s%s", off ? "." : "", name);
		else
			w = snprintf(buf + off, len - off, "%s[%d]", off ? "." : "",
				     config_setting_index(chain[n]));
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

void
cerr(struct cctx *c, const config_setting_t *s, const char *member, const char *fmt, ...)
{
	char path[256];
	va_list ap;

	setting_path(s, path, sizeof(path));
	if (member != NULL) {
		size_t l = strlen(path);

		snprintf(path + l, sizeof(path) - l, "%s%s", l ? "." : "", member);
	}
	fprintf(c->err, "%s:%d: %s: ", c->source,
		s != NULL ? (int)config_setting_source_line(s) : 0, path[0] ? path : "(top)");
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	c->nerr++;
}

void
check_members(struct cctx *c, const config_setting_t *grp, const char *const *allowed)
{
	int n = config_setting_length(grp);

	for (int i = 0; i < n; i++) {
		const config_setting_t *m = config_setting_get_elem(grp, (unsigned int)i);
		const char *name = config_setting_name(m);
		int ok = 0;

		for (const char *const *a = allowed; *a != NULL && !ok; a++)
			ok = strcmp(*a, name) == 0;
		if (!ok)
			cerr(c, m, NULL, "unknown setting");
	}
}

const config_setting_t *
want_group(struct cctx *c, const config_setting_t *parent, const char *name, int type)
{
	const config_setting_t *s = config_setting_get_member(parent, name);

	if (s == NULL)
		return NULL;
	if (config_setting_type(s) != type) {
		cerr(c, s, NULL, "must be a %s",
		     type == CONFIG_TYPE_GROUP ? "group { ... }" :
		     type == CONFIG_TYPE_LIST  ? "list ( ... )" : "array [ ... ]");
		return NULL;
	}
	return s;
}

void
get_flag(struct cctx *c, const config_setting_t *grp, const char *name, uint8_t *out)
{
	const config_setting_t *l = config_setting_get_member(grp, name);

	if (l == NULL)
		return;
	if (config_setting_type(l) != CONFIG_TYPE_BOOL)
		cerr(c, grp, name, "must be true or false");
	else
		*out = (uint8_t)config_setting_get_bool(l);
}

void
get_u32(struct cctx *c, const config_setting_t *grp, const char *name, uint32_t *out,
	uint32_t min, uint32_t max)
{
	const config_setting_t *s;
	long long v;

	if (grp == NULL || (s = config_setting_get_member(grp, name)) == NULL)
		return;
	if (config_setting_type(s) != CONFIG_TYPE_INT && config_setting_type(s) != CONFIG_TYPE_INT64) {
		cerr(c, s, NULL, "must be an integer");
		return;
	}
	v = config_setting_get_int64(s);
	if (v < min || v > max) {
		cerr(c, s, NULL, "%lld is out of range [%u, %u]", v, min, max);
		return;
	}
	*out = (uint32_t)v;
}

void
get_u16(struct cctx *c, const config_setting_t *grp, const char *name, uint16_t *out,
	uint16_t min, uint16_t max)
{
	uint32_t v = *out;

	get_u32(c, grp, name, &v, min, max);
	*out = (uint16_t)v;
}

/* Returns the string or NULL; "required" reports its absence. */
const char *
get_str(struct cctx *c, const config_setting_t *grp, const char *name, int required)
{
	const config_setting_t *s = config_setting_get_member(grp, name);

	if (s == NULL) {
		if (required)
			cerr(c, grp, name, "is required");
		return NULL;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		cerr(c, s, NULL, "must be a string");
		return NULL;
	}
	return config_setting_get_string(s);
}

void
copy_str(struct cctx *c, const config_setting_t *grp, const char *name, const char *v, char *dst,
	 size_t len)
{
	if (strlen(v) >= len) {
		cerr(c, config_setting_get_member(grp, name), NULL, "longer than %zu characters",
		     len - 1);
		return;
	}
	memcpy(dst, v, strlen(v) + 1);
}

int
bngd_prefix_parse(const char *s, struct bngd_prefix *p, int need_len)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	long len;
	char *end;

	if (alen == 0 || alen >= sizeof(buf))
		return -1;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, buf, p->addr) == 1)
		p->v6 = 0;
	else if (inet_pton(AF_INET6, buf, p->addr) == 1)
		p->v6 = 1;
	else
		return -1;
	if (slash == NULL) {
		if (need_len)
			return -1;
		p->len = p->v6 ? 128 : 32;
		return 0;
	}
	if (slash[1] < '0' || slash[1] > '9')
		return -1;
	errno = 0;
	len = strtol(slash + 1, &end, 10);
	if (errno || *end != '\0' || end == slash + 1 || len < 0 || len > (p->v6 ? 128 : 32))
		return -1;
	p->len = (uint8_t)len;
	return 0;
}

const char *
bngd_prefix_str(const struct bngd_prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->v6 ? AF_INET6 : AF_INET, p->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, p->len);
	return buf;
}

static int
parse_mac(const char *s, struct rte_ether_addr *mac)
{
	return rte_ether_unformat_addr(s, mac);
}

int
bngd_config_port_index(const struct bngd_config *cfg, const char *name)
{
	for (uint32_t i = 0; i < cfg->n_ports; i++)
		if (strcmp(cfg->ports[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void
add_eal(struct bngd_config *cfg, const char *arg)
{
	if (cfg->n_eal < BNGD_MAX_EAL_ARGS)
		cfg->eal[cfg->n_eal++] = strdup(arg);
}

const config_setting_t *
parse_list(struct cctx *c, const config_setting_t *root, const char *name, const char *shape,
	   uint32_t *n, uint32_t max, struct bngd_config *cfg, elem_fn fn)
{
	const config_setting_t *l = want_group(c, root, name, CONFIG_TYPE_LIST);

	if (l == NULL)
		return NULL;
	for (int i = 0; i < config_setting_length(l); i++) {
		const config_setting_t *e = config_setting_get_elem(l, (unsigned int)i);

		if (config_setting_type(e) != CONFIG_TYPE_GROUP) {
			cerr(c, e, NULL, "must be a group %s", shape);
			continue;
		}
		if (*n == max) {
			cerr(c, e, NULL, "more than %u %s", max, name);
			break;
		}
		fn(c, e, cfg);
		(*n)++;
	}
	return l;
}

static void
parse_eal(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "args", NULL };
	const config_setting_t *g = want_group(c, root, "eal", CONFIG_TYPE_GROUP);
	const config_setting_t *a;

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	a = config_setting_get_member(g, "args");
	if (a == NULL)
		return;
	if (!config_setting_is_aggregate(a)) {
		cerr(c, a, NULL, "must be an array of strings");
		return;
	}
	for (int i = 0; i < config_setting_length(a); i++) {
		const config_setting_t *e = config_setting_get_elem(a, (unsigned int)i);

		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			cerr(c, e, NULL, "must be a string");
		else if (cfg->n_eal == BNGD_MAX_EAL_ARGS)
			cerr(c, e, NULL, "more than %d EAL arguments", BNGD_MAX_EAL_ARGS);
		else
			add_eal(cfg, config_setting_get_string(e));
	}
}

static void
parse_dataplane(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "mbufs", "mbuf_cache", "mbuf_data_room",
					       "burst", "tx_drain_us", "handoff_ring",
					       "punt_ring", "punt_rate", "punt_burst",
					       "idle_sleep_us", "express", NULL };
	const config_setting_t *g = want_group(c, root, "dataplane", CONFIG_TYPE_GROUP);

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	get_u32(c, g, "mbufs", &cfg->mbufs, 1024, 1u << 26);
	get_u32(c, g, "mbuf_cache", &cfg->mbuf_cache, 0, 512);
	get_u32(c, g, "mbuf_data_room", &cfg->mbuf_data_room, 256, 65535);
	get_u32(c, g, "burst", &cfg->burst, 1, 64);
	get_u32(c, g, "tx_drain_us", &cfg->tx_drain_us, 1, 100000);
	get_u32(c, g, "handoff_ring", &cfg->handoff_ring, 64, 1u << 20);
	get_u32(c, g, "punt_ring", &cfg->punt_ring, 64, 1u << 20);
	get_u32(c, g, "punt_rate", &cfg->punt_rate, 1, 10000000);
	get_u32(c, g, "punt_burst", &cfg->punt_burst, 1, 1000000);
	get_u32(c, g, "idle_sleep_us", &cfg->idle_sleep_us, 0, 100000);
	get_flag(c, g, "express", &cfg->express);
}

static void
parse_console(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "socket", "mode", NULL };
	const config_setting_t *g = want_group(c, root, "console", CONFIG_TYPE_GROUP);
	const char *s;

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	if ((s = get_str(c, g, "socket", 0)) != NULL) {
		if (s[0] != '/')
			cerr(c, config_setting_get_member(g, "socket"), NULL,
			     "must be an absolute path, not \"%s\"", s);
		copy_str(c, g, "socket", s, cfg->console_socket, sizeof(cfg->console_socket));
	}
	if ((s = get_str(c, g, "mode", 0)) != NULL) {
		char *end;
		unsigned long m = strtoul(s, &end, 8);

		if (*end != '\0' || end == s || m > 0777)
			cerr(c, config_setting_get_member(g, "mode"), NULL,
			     "\"%s\" is not an octal mode such as \"0660\"", s);
		else if (m & 0002)
			cerr(c, config_setting_get_member(g, "mode"), NULL,
			     "\"%s\" would let any local user steer bngd; drop the others' write bit", s);
		else
			cfg->console_mode = (uint32_t)m;
	}
}

static void
parse_metrics(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "listen", "enabled", NULL };
	const config_setting_t *g = want_group(c, root, "metrics", CONFIG_TYPE_GROUP);
	const char *s;
	int b;

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	if ((s = get_str(c, g, "listen", 0)) != NULL) {
		struct bngd_prefix p;
		const char *colon = strrchr(s, ':');
		char host[64];
		long port = colon ? strtol(colon + 1, NULL, 10) : 0;

		if (colon == NULL || (size_t)(colon - s) >= sizeof(host) || port <= 0 || port > 65535) {
			cerr(c, config_setting_get_member(g, "listen"), NULL,
			     "\"%s\" is not IPV4-ADDRESS:PORT", s);
		} else {
			memcpy(host, s, (size_t)(colon - s));
			host[colon - s] = '\0';
			if (bngd_prefix_parse(host, &p, 0) != 0 || p.v6)
				cerr(c, config_setting_get_member(g, "listen"), NULL,
				     "\"%s\" is not an IPv4 address", host);
			else
				copy_str(c, g, "listen", s, cfg->metrics_listen, sizeof(cfg->metrics_listen));
		}
	}
	if (config_setting_lookup_bool(g, "enabled", &b) == CONFIG_TRUE && !b)
		cfg->metrics_listen[0] = '\0';
}

static void
parse_ip(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "icmp_rate", "icmp_burst", "echo_rate",
					       "echo_burst", "unreachable", "reassembly",
					       "reassembly_flows", "reassembly_timeout_ms", NULL };
	const config_setting_t *g = want_group(c, root, "ip", CONFIG_TYPE_GROUP);
	int b;

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	get_u32(c, g, "icmp_rate", &cfg->ip.icmp_rate, 0, 10000000);
	get_u32(c, g, "icmp_burst", &cfg->ip.icmp_burst, 1, 1000000);
	get_u32(c, g, "echo_rate", &cfg->ip.echo_rate, 0, 10000000);
	get_u32(c, g, "echo_burst", &cfg->ip.echo_burst, 1, 1000000);
	if (config_setting_lookup_bool(g, "unreachable", &b) == CONFIG_TRUE)
		cfg->ip.unreachable = (uint8_t)b;
	if (config_setting_lookup_bool(g, "reassembly", &b) == CONFIG_TRUE)
		cfg->ip.reassembly = (uint8_t)b;
	get_u32(c, g, "reassembly_flows", &cfg->ip.reass_flows, 16, 1u << 20);
	get_u32(c, g, "reassembly_timeout_ms", &cfg->ip.reass_timeout_ms, 10, 60000);
}

static void
parse_sessions(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "max", "max_v6", "secondary", "expiry_batch",
					       "sweep_ms", "timeouts", NULL };
	static const char *tnames[SESS_TC_MAX + 1];
	const config_setting_t *g = want_group(c, root, "sessions", CONFIG_TYPE_GROUP);
	const config_setting_t *t;

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	get_u32(c, g, "max", &cfg->sess.max_sessions, 1, 1u << 26);
	get_u32(c, g, "max_v6", &cfg->sess.max_v6, 0, 1u << 26);
	get_u32(c, g, "secondary", &cfg->sess.secondary, 0, 1u << 26);
	get_u32(c, g, "expiry_batch", &cfg->sess.expiry_batch, 1, 65536);
	get_u32(c, g, "sweep_ms", &cfg->sess.sweep_ms, 10, 600000);
	if (cfg->sess.max_v6 > cfg->sess.max_sessions)
		cerr(c, config_setting_get_member(g, "max_v6") ? config_setting_get_member(g, "max_v6") : g,
		     config_setting_get_member(g, "max_v6") ? NULL : "max_v6", "%u is larger than sessions.max (%u)", cfg->sess.max_v6,
		     cfg->sess.max_sessions);
	t = want_group(c, g, "timeouts", CONFIG_TYPE_GROUP);
	if (t == NULL)
		return;
	for (unsigned int i = 0; i < SESS_TC_MAX; i++)
		tnames[i] = sess_tclass_name(i);
	tnames[SESS_TC_MAX] = NULL;
	check_members(c, t, tnames);
	for (unsigned int i = 0; i < SESS_TC_MAX; i++)
		get_u32(c, t, sess_tclass_name(i), &cfg->sess.timeout_s[i], 1, SESS_TIMEOUT_MAX_S);
}

static void
parse_fib(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "max_routes", "max_next_hops", "tbl8s", NULL };
	const config_setting_t *g = want_group(c, root, "fib", CONFIG_TYPE_GROUP);

	if (g == NULL)
		return;
	check_members(c, g, allowed);
	get_u32(c, g, "max_routes", &cfg->fib.max_routes, 16, 1u << 24);
	get_u32(c, g, "max_next_hops", &cfg->fib.max_nh, 16, 1u << 20);
	get_u32(c, g, "tbl8s", &cfg->fib.tbl8s, 16, 1u << 16);
}

static void
parse_port(struct cctx *c, const config_setting_t *p, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "name", "device", "role", "rx_queues", "rx_desc",
					       "tx_desc", "tenant", "mtu", "mac", "promisc",
					       "proxy_arp", "anti_spoofing", "subscriber_vlans", "address",
					       "ra", "tcp_mss", NULL };
	struct bngd_port_cfg *pc = &cfg->ports[cfg->n_ports];
	const config_setting_t *a;
	const char *s;
	int b;

	check_members(c, p, allowed);
	pc->line = (int)config_setting_source_line(p);
	pc->rx_queues = 1;
	pc->rx_desc = 1024;
	pc->tx_desc = 1024;
	pc->mtu = 1500;
	pc->promisc = 1;
	if ((s = get_str(c, p, "name", 1)) != NULL) {
		if (s[0] == '\0')
			cerr(c, p, "name", "must not be empty");
		copy_str(c, p, "name", s, pc->name, sizeof(pc->name));
	}
	if ((s = get_str(c, p, "device", 1)) != NULL) {
		if (s[0] == '\0')
			cerr(c, p, "device", "must not be empty");
		copy_str(c, p, "device", s, pc->device, sizeof(pc->device));
	}
	if ((s = get_str(c, p, "role", 1)) != NULL) {
		if (strcmp(s, "access") == 0)
			pc->role = BNG_ROLE_ACCESS;
		else if (strcmp(s, "core") == 0)
			pc->role = BNG_ROLE_CORE;
		else
			cerr(c, config_setting_get_member(p, "role"), NULL,
			     "must be \"access\" or \"core\", not \"%s\"", s);
	}
	get_u16(c, p, "rx_queues", &pc->rx_queues, 1, 64);
	get_u16(c, p, "rx_desc", &pc->rx_desc, 64, 16384);
	get_u16(c, p, "tx_desc", &pc->tx_desc, 64, 16384);
	get_u16(c, p, "tenant", &pc->tenant, 0, FIB_MAX_TENANT - 1);
	get_u16(c, p, "mtu", &pc->mtu, 576, 9600);
	get_u16(c, p, "tcp_mss", &pc->tcp_mss, 536, 9600 - 40);
	if (config_setting_lookup_bool(p, "promisc", &b) == CONFIG_TRUE)
		pc->promisc = (uint8_t)b;
	if (config_setting_lookup_bool(p, "proxy_arp", &b) == CONFIG_TRUE)
		pc->proxy_arp = (uint8_t)b;
	if (config_setting_lookup_bool(p, "anti_spoofing", &b) == CONFIG_TRUE)
		pc->anti_spoofing = (uint8_t)b;
	if (config_setting_lookup_bool(p, "subscriber_vlans", &b) == CONFIG_TRUE)
		pc->subscriber_vlans = (uint8_t)b;
	else
		bngd_config_parse_vlans(c, p, pc);
	bngd_config_parse_ra(c, p, pc);
	if ((s = get_str(c, p, "mac", 0)) != NULL) {
		if (parse_mac(s, &pc->mac) != 0)
			cerr(c, config_setting_get_member(p, "mac"), NULL,
			     "\"%s\" is not a MAC address (xx:xx:xx:xx:xx:xx)", s);
		else
			pc->has_mac = 1;
	}
	for (uint32_t j = 0; j < cfg->n_ports; j++)
		if (pc->name[0] && strcmp(cfg->ports[j].name, pc->name) == 0)
			cerr(c, p, "name", "\"%s\" already used by the port at line %d", pc->name,
			     cfg->ports[j].line);
	a = config_setting_get_member(p, "address");
	if (a == NULL)
		return;
	if (config_setting_type(a) == CONFIG_TYPE_STRING || !config_setting_is_aggregate(a)) {
		cerr(c, a, NULL, "must be an array of \"address/len\" strings");
		return;
	}
	for (int i = 0; i < config_setting_length(a); i++) {
		const config_setting_t *e = config_setting_get_elem(a, (unsigned int)i);

		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			cerr(c, e, NULL, "must be a string");
		} else if (pc->n_addr == BNGD_MAX_ADDRS) {
			cerr(c, e, NULL, "more than %d addresses", BNGD_MAX_ADDRS);
		} else if (bngd_prefix_parse(config_setting_get_string(e), &pc->addr[pc->n_addr],
					     1) != 0) {
			cerr(c, e, NULL, "\"%s\" is not an address/prefix-length",
			     config_setting_get_string(e));
		} else {
			pc->n_addr++;
		}
	}
}

static void
parse_ports(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	const config_setting_t *l = parse_list(c, root, "ports",
		"{ name = ...; device = ...; role = ...; }", &cfg->n_ports, BNGD_MAX_PORTS, cfg,
		parse_port);

	if (config_setting_get_member(root, "ports") == NULL)
		cerr(c, root, "ports", "is required: at least one port");
	else if (l != NULL && cfg->n_ports == 0)
		cerr(c, l, NULL, "at least one port is required");
}

static void
parse_tenant(struct cctx *c, const config_setting_t *t, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "id", "name", "vrf", "services", "nat", NULL };
	struct bngd_tenant_cfg *tc = &cfg->tenants[cfg->n_tenants];
	const config_setting_t *sv;
	const char *s;

	memset(tc, 0, sizeof(*tc));
	tc->line = (int)config_setting_source_line(t);
	check_members(c, t, allowed);
	if (config_setting_get_member(t, "id") == NULL)
		cerr(c, t, "id", "is required");
	get_u16(c, t, "id", &tc->id, 0, FIB_MAX_TENANT - 1);
	get_u32(c, t, "vrf", &tc->vrf, 0, FIB_MAX_VRF - 1);
	if ((s = get_str(c, t, "name", 0)) != NULL)
		copy_str(c, t, "name", s, tc->name, sizeof(tc->name));
	else
		snprintf(tc->name, sizeof(tc->name), "tenant%u", tc->id);
	for (uint32_t j = 0; j < cfg->n_tenants; j++)
		if (cfg->tenants[j].id == tc->id)
			cerr(c, t, "id", "%u already used by the tenant at line %d", tc->id,
			     cfg->tenants[j].line);
	if ((s = get_str(c, t, "nat", 0)) != NULL)
		copy_str(c, t, "nat", s, tc->nat, sizeof(tc->nat));
	sv = config_setting_get_member(t, "services");
	if (sv == NULL) {
		bngd_services_default(tc->services, &tc->n_services);
	} else if (!config_setting_is_aggregate(sv)) {
		cerr(c, sv, NULL, "must be an array of service names");
	} else {
		for (int k = 0; k < config_setting_length(sv); k++) {
			const config_setting_t *e = config_setting_get_elem(sv, (unsigned int)k);
			const char *n = config_setting_get_string(e);

			if (n == NULL) {
				cerr(c, e, NULL, "must be a string");
			} else if (!bngd_service_known(n)) {
				cerr(c, e, NULL, "unknown service \"%s\" (known: %s)", n,
				     bngd_services_list());
			} else if (tc->n_services < 16) {
				snprintf(tc->services[tc->n_services++], 16, "%s", n);
			}
		}
	}
}

static void
parse_tenants(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	parse_list(c, root, "tenants", "{ id = ...; services = [...]; }", &cfg->n_tenants,
		   BNGD_MAX_TENANTS, cfg, parse_tenant);
}

/* An address setting that must parse as a host address of any family. */
static int
get_host(struct cctx *c, const config_setting_t *g, const char *name, uint8_t *addr,
	 uint8_t *v6, int required)
{
	struct bngd_prefix p;
	const char *s = get_str(c, g, name, required);

	if (s == NULL)
		return -1;
	if (bngd_prefix_parse(s, &p, 0) != 0 || p.len != (p.v6 ? 128 : 32)) {
		cerr(c, config_setting_get_member(g, name), NULL, "\"%s\" is not an IP address", s);
		return -1;
	}
	memcpy(addr, p.addr, 16);
	*v6 = p.v6;
	return 0;
}

static int
get_port_ref(struct cctx *c, const struct bngd_config *cfg, const config_setting_t *g,
	     int required)
{
	const char *s = get_str(c, g, "port", required);
	int idx;

	if (s == NULL)
		return -1;
	idx = bngd_config_port_index(cfg, s);
	if (idx < 0)
		cerr(c, config_setting_get_member(g, "port"), NULL, "no port named \"%s\"", s);
	return idx;
}

static void
parse_route(struct cctx *c, const config_setting_t *r, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "vrf", "prefix", "via", "port", "blackhole",
					       "prohibit", NULL };
	struct bngd_route_cfg *rc = &cfg->routes[cfg->n_routes];
	const char *s;
	uint8_t v6 = 0;
	int b;

	memset(rc, 0, sizeof(*rc));
	rc->line = (int)config_setting_source_line(r);
	check_members(c, r, allowed);
	get_u32(c, r, "vrf", &rc->vrf, 0, FIB_MAX_VRF - 1);
	if ((s = get_str(c, r, "prefix", 1)) != NULL &&
	    bngd_prefix_parse(s, &rc->prefix, 1) != 0)
		cerr(c, config_setting_get_member(r, "prefix"), NULL,
		     "\"%s\" is not a prefix (address/len)", s);
	if (config_setting_lookup_bool(r, "blackhole", &b) == CONFIG_TRUE)
		rc->blackhole = (uint8_t)b;
	if (config_setting_lookup_bool(r, "prohibit", &b) == CONFIG_TRUE)
		rc->prohibit = (uint8_t)b;
	if (rc->blackhole && rc->prohibit)
		cerr(c, r, NULL, "a route is either a blackhole or prohibited, not both");
	if (config_setting_get_member(r, "via") != NULL &&
	    get_host(c, r, "via", rc->via, &v6, 1) == 0) {
		rc->has_via = 1;
		if (v6 != rc->prefix.v6)
			cerr(c, config_setting_get_member(r, "via"), NULL,
			     "next hop family differs from the prefix");
	}
	rc->port = get_port_ref(c, cfg, r, 0);
	if (!rc->has_via && rc->port < 0 && !rc->blackhole && !rc->prohibit)
		cerr(c, r, NULL, "needs \"via\", \"port\", \"blackhole = true\" or \"prohibit = true\"");
}

static void
parse_routes(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	parse_list(c, root, "routes", "{ prefix = ...; via = ...; }", &cfg->n_routes,
		   BNGD_MAX_ROUTES, cfg, parse_route);
}

static void
parse_neighbor(struct cctx *c, const config_setting_t *n, struct bngd_config *cfg)
{
	static const char *const allowed[] = { "port", "address", "mac", NULL };
	struct bngd_neigh_cfg *nc = &cfg->neigh[cfg->n_neigh];
	const char *s;

	memset(nc, 0, sizeof(*nc));
	nc->line = (int)config_setting_source_line(n);
	check_members(c, n, allowed);
	nc->port = get_port_ref(c, cfg, n, 1);
	get_host(c, n, "address", nc->addr, &nc->v6, 1);
	if ((s = get_str(c, n, "mac", 1)) != NULL && parse_mac(s, &nc->mac) != 0)
		cerr(c, config_setting_get_member(n, "mac"), NULL,
		     "\"%s\" is not a MAC address (xx:xx:xx:xx:xx:xx)", s);
}

static void
parse_neighbors(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	parse_list(c, root, "neighbors", "{ port = ...; address = ...; mac = ...; }",
		   &cfg->n_neigh, BNGD_MAX_NEIGHBORS, cfg, parse_neighbor);
}

/* Checks that need the whole file: references between sections. */
static void
cross_check(struct cctx *c, const config_setting_t *root, struct bngd_config *cfg)
{
	const config_setting_t *pl = config_setting_get_member(root, "ports");

	if (cfg->n_tenants == 0) {
		struct bngd_tenant_cfg *t = &cfg->tenants[cfg->n_tenants++];

		memset(t, 0, sizeof(*t));
		snprintf(t->name, sizeof(t->name), "default");
		bngd_services_default(t->services, &t->n_services);
	}
	for (uint32_t i = 0; i < cfg->n_tenants; i++) {
		const struct bngd_tenant_cfg *t = &cfg->tenants[i];
		const config_setting_t *tl = config_setting_get_member(root, "tenants");
		const config_setting_t *te = tl ? config_setting_get_elem(tl, i) : root;
		int has_svc = 0, inst = -1;

		for (uint32_t j = 0; j < t->n_services; j++)
			has_svc |= strcmp(t->services[j], "nat") == 0;
		for (uint32_t j = 0; j < cfg->nat.n_instances && t->nat[0]; j++)
			if (strcmp(cfg->nat.inst[j].name, t->nat) == 0)
				inst = (int)j;
		if (t->nat[0] && inst < 0)
			cerr(c, te, "nat", "no NAT instance named \"%s\"", t->nat);
		else if (has_svc && inst < 0)
			cerr(c, te, NULL, "runs the nat service but names no NAT instance (nat = \"...\")");
		else if (!has_svc && inst >= 0)
			cerr(c, te, NULL, "names NAT instance \"%s\" but does not run the nat service",
			     t->nat);
		else if (inst >= 0 && t->id < NAT_MAX_TENANTS)
			cfg->nat.tenant_instance[t->id] = (uint16_t)inst;
	}
	bngd_config_check_nat(c, cfg);
	for (uint32_t i = 0; i < cfg->nat.n_instances; i++)
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(cfg->nat.inst[i].name, cfg->nat.inst[j].name) == 0)
				cerr(c, root, "nat", "instance name \"%s\" used twice (lines %d and %d)",
				     cfg->nat.inst[i].name, cfg->nat_line[j], cfg->nat_line[i]);
	for (uint32_t i = 0; i < cfg->n_ports; i++) {
		int found = 0;

		for (uint32_t j = 0; j < cfg->n_tenants && !found; j++)
			found = cfg->tenants[j].id == cfg->ports[i].tenant;
		if (!found && pl != NULL)
			cerr(c, config_setting_get_member(config_setting_get_elem(pl, i), "tenant"), NULL,
			     "tenant %u is not defined in \"tenants\"", cfg->ports[i].tenant);
	}
}

static void
set_defaults(struct bngd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mbufs = 16383;
	cfg->mbuf_cache = 256;
	cfg->mbuf_data_room = RTE_MBUF_DEFAULT_BUF_SIZE;
	cfg->burst = 32;
	cfg->tx_drain_us = 100;
	cfg->handoff_ring = 4096;
	cfg->punt_ring = 1024;
	cfg->punt_rate = 2000;
	cfg->punt_burst = 200;
	cfg->idle_sleep_us = 0;
	cfg->express = 1;
	cfg->ip.icmp_rate = 1000;
	cfg->ip.icmp_burst = 100;
	cfg->ip.echo_rate = 1000;
	cfg->ip.echo_burst = 100;
	cfg->ip.unreachable = 1;
	cfg->ip.reassembly = 0;
	cfg->ip.reass_flows = 4096;
	cfg->ip.reass_timeout_ms = 2000;
	snprintf(cfg->console_socket, sizeof(cfg->console_socket), "/run/bngd.sock");
	cfg->console_mode = 0660;
	snprintf(cfg->metrics_listen, sizeof(cfg->metrics_listen), "127.0.0.1:9110");
	sess_config_defaults(&cfg->sess);
	fib_config_defaults(&cfg->fib);
	nat_config_defaults(&cfg->nat);
	bngd_config_edge_defaults(cfg);
}

static int
load(config_t *lc, int rc, const char *source, struct bngd_config *cfg, FILE *err)
{
	static const char *const allowed[] = { "eal", "dataplane", "console", "metrics", "ip",
					       "nat", "sessions", "fib", "ports", "tenants", "routes",
					       "neighbors", "neighbor_table", "dhcp", "exception_path", "pppoe",
					       "aaa", "screens", "qos", "acl", NULL };
	struct cctx c = { .source = source, .err = err };
	const config_setting_t *root;

	set_defaults(cfg);
	snprintf(cfg->source, sizeof(cfg->source), "%s", source);
	if (rc != CONFIG_TRUE) {
		if (config_error_type(lc) == CONFIG_ERR_FILE_IO)
			fprintf(err, "%s: cannot read the file: %s\n", source, strerror(errno));
		else
			fprintf(err, "%s:%d: syntax error: %s\n",
				config_error_file(lc) ? config_error_file(lc) : source,
				config_error_line(lc), config_error_text(lc));
		return 1;
	}
	root = config_root_setting(lc);
	check_members(&c, root, allowed);
	parse_eal(&c, root, cfg);
	parse_dataplane(&c, root, cfg);
	parse_console(&c, root, cfg);
	parse_metrics(&c, root, cfg);
	parse_ip(&c, root, cfg);
	bngd_config_parse_nat(&c, root, cfg);
	parse_sessions(&c, root, cfg);
	parse_fib(&c, root, cfg);
	parse_ports(&c, root, cfg);
	parse_tenants(&c, root, cfg);
	parse_routes(&c, root, cfg);
	parse_neighbors(&c, root, cfg);
	bngd_config_parse_screens(&c, root, cfg);
	bngd_config_parse_acl(&c, root, cfg);
	bngd_config_parse_qos(&c, root, cfg);
	bngd_config_parse_edge(&c, root, cfg);
	bngd_config_parse_dhcp(&c, root, cfg);
	bngd_config_parse_pppoe(&c, root, cfg);
	bngd_config_parse_aaa(&c, root, cfg);
	bngd_config_check_dhcp(&c, root, cfg);
	if (c.nerr == 0)
		cross_check(&c, root, cfg);
	return c.nerr;
}

/* The file as text, for "show config"; NULL when unreadable. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[4096];

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *nb = realloc(buf, len + n + 1);

		if (nb == NULL) {
			free(buf);
			fclose(f);
			return NULL;
		}
		buf = nb;
		memcpy(buf + len, chunk, n);
		len += n;
		buf[len] = '\0';
	}
	fclose(f);
	return buf;
}

int
bngd_config_load(const char *path, struct bngd_config *cfg, FILE *err)
{
	config_t lc;
	int rc;

	config_init(&lc);
	rc = load(&lc, config_read_file(&lc, path), path, cfg, err);
	config_destroy(&lc);
	cfg->text = slurp(path);
	return rc;
}

int
bngd_config_load_string(const char *text, const char *source, struct bngd_config *cfg, FILE *err)
{
	config_t lc;
	int rc;

	config_init(&lc);
	rc = load(&lc, config_read_string(&lc, text), source, cfg, err);
	config_destroy(&lc);
	cfg->text = strdup(text);
	return rc;
}

void
bngd_config_release(struct bngd_config *cfg)
{
	for (int i = 0; i < cfg->n_eal; i++)
		free(cfg->eal[i]);
	cfg->n_eal = 0;
	free(cfg->text);
	cfg->text = NULL;
	bngd_acl_cfg_release(&cfg->acl);
}
