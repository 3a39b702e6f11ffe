/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * DHCP relay mode: the operator's own DHCP servers hand out the addresses,
 * bngd relays (RFC 1542, RFC 3046). A client's message leaves for every
 * configured server with giaddr set to its access port's address and option
 * 82 added (circuit id "port[:svlan[:cvlan]]", the configured remote id);
 * a server's reply comes back to giaddr, loses option 82 and goes to the
 * client on the port and VLANs its circuit id names. The ACKs it relays
 * make subscribers like a local server's leases do (a /32 to the client's
 * MAC, anti-spoofing) until the lease time runs out or the client releases.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_udp.h>

#include "bngd_dhcp.h"
#include "bngd_mgmt.h"
#include "bngd_neigh.h"
#include "bngd_qos.h"
#include "dhcp.h"

/* A subscriber made by a relayed ACK. */
struct relay_binding {
	uint32_t addr;          /**< network order; 0: free slot */
	uint16_t port, tenant;
	struct rte_ether_addr mac;
	uint64_t expiry_ms;
};

struct bngd_relay {
	struct rte_hash *h;     /**< address -> binding index */
	struct relay_binding *b;
	uint32_t *free;
	uint32_t n_free, cap, scan;
	uint8_t buf[DHCP_REPLY_BUF];
	struct bngd_relay_stats st;
};

static uint32_t
tenant_vrf(const struct bngd *app, uint16_t tenant)
{
	return tenant < FIB_MAX_TENANT ? app->fib->tenant_vrf[tenant] : 0;
}

struct bngd_relay *
bngd_relay_create(uint32_t cap)
{
	struct rte_hash_parameters hp = { .name = "dhcp_relay", .entries = cap,
					  .key_len = sizeof(uint32_t), .hash_func = rte_hash_crc,
					  .socket_id = (int)rte_socket_id() };
	struct bngd_relay *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->cap = cap;
	r->h = rte_hash_create(&hp);
	r->b = rte_zmalloc("dhcp_relay_b", cap * sizeof(*r->b), 0);
	r->free = rte_malloc("dhcp_relay_f", cap * sizeof(*r->free), 0);
	if (r->h == NULL || r->b == NULL || r->free == NULL) {
		bngd_relay_free(r);
		return NULL;
	}
	for (uint32_t i = 0; i < cap; i++)
		r->free[r->n_free++] = cap - 1 - i;
	return r;
}

void
bngd_relay_free(struct bngd_relay *r)
{
	if (r == NULL)
		return;
	rte_hash_free(r->h);
	rte_free(r->b);
	rte_free(r->free);
	free(r);
}

const struct bngd_relay_stats *
bngd_relay_stats(const struct bngd_relay *r)
{
	return &r->st;
}

uint32_t
bngd_relay_bindings(const struct bngd_relay *r)
{
	return r->cap - r->n_free;
}

static void
relay_unbind(struct bngd *app, struct bngd_relay *r, uint32_t addr)
{
	void *data;
	uint32_t i;

	if (addr == 0 || rte_hash_lookup_data(r->h, &addr, &data) < 0)
		return;
	i = (uint32_t)(uintptr_t)data;
	rte_hash_del_key(r->h, &addr);
	bngd_qos_sub_down_addr(app, tenant_vrf(app, r->b[i].tenant), addr);
	fib_host_del(app->fib, tenant_vrf(app, r->b[i].tenant), addr, FIB_HOST_SUB);
	r->b[i].addr = 0;
	r->free[r->n_free++] = i;
	r->st.unbound++;
}

/* A relayed ACK: the client is a subscriber until its lease runs out. */
static void
relay_bind(struct bngd *app, struct bngd_relay *r, const struct dhcp_msg *m, uint16_t port,
	   uint16_t tenant, const uint16_t vlan[2])
{
	uint32_t lease = m->has_lease_time ? m->lease_time : 3600, i;
	struct relay_binding *b;
	void *data;
	int nh;

	if (rte_hash_lookup_data(r->h, &m->yiaddr, &data) >= 0) {
		i = (uint32_t)(uintptr_t)data;
		/* Renewed, perhaps from elsewhere: the old route goes first. */
		if (r->b[i].port != port || !rte_is_same_ether_addr(&r->b[i].mac, &m->chaddr)) {
			bngd_qos_sub_down_addr(app, tenant_vrf(app, r->b[i].tenant), m->yiaddr);
			fib_host_del(app->fib, tenant_vrf(app, r->b[i].tenant), m->yiaddr, FIB_HOST_SUB);
		}
	} else {
		if (r->n_free == 0) {
			r->st.table_full++;
			return;
		}
		i = r->free[--r->n_free];
		if (rte_hash_add_key_data(r->h, &m->yiaddr, (void *)(uintptr_t)i) < 0) {
			r->free[r->n_free++] = i;
			r->st.table_full++;
			return;
		}
	}
	b = &r->b[i];
	b->addr = m->yiaddr;
	b->port = port;
	b->tenant = tenant;
	b->mac = m->chaddr;
	b->expiry_ms = dhcp_clock_ms() + (uint64_t)lease * 1000;
	nh = fib_host_add_sub(app->fib, tenant_vrf(app, tenant), m->yiaddr, port, &m->chaddr,
			      &(const struct fib_sub_l2){ .vlan = { vlan[0], vlan[1] } }, FIB_HOST_SUB);
	if (nh < 0)
		r->st.fib_full++;
	else
		bngd_qos_sub_up(app, (uint32_t)nh, port, NULL);
	r->st.bound++;
}

/* "access0:100:7" -> the port (and VLANs) our circuit id named. */
static int
circuit_port(const struct bngd *app, const struct dhcp_msg *m, uint16_t *port, uint16_t *svlan,
	     uint16_t *cvlan)
{
	char s[DHCP_OPT_DATA_MAX + 1], *p;

	if (!m->has_circuit || m->circuit_len == 0)
		return -1;
	memcpy(s, m->circuit_id, m->circuit_len);
	s[m->circuit_len] = '\0';
	*svlan = *cvlan = 0;
	if ((p = strchr(s, ':')) != NULL) {
		*p++ = '\0';
		*svlan = (uint16_t)strtoul(p, &p, 10);
		if (*p == ':')
			*cvlan = (uint16_t)strtoul(p + 1, NULL, 10);
	}
	for (uint16_t i = 0; i < app->n_ports; i++)
		if (strcmp(app->ports[i].cfg->name, s) == 0) {
			*port = app->ports[i].id;
			return 0;
		}
	return -1;
}

static uint32_t
port_addr4(const struct bngd *app, uint16_t port, uint16_t *tenant)
{
	for (uint16_t i = 0; i < app->n_ports; i++) {
		const struct bngd_port_cfg *pc = app->ports[i].cfg;

		if (app->ports[i].id != port)
			continue;
		*tenant = pc->tenant;
		for (uint32_t a = 0; a < pc->n_addr; a++)
			if (!pc->addr[a].v6) {
				uint32_t v;

				memcpy(&v, pc->addr[a].addr, 4);
				return v;
			}
	}
	return 0;
}

/* A client's message: on to every server. */
static void
up(struct bngd *app, struct bngd_relay *r, const struct rte_mbuf *mb, const struct bng_desc *bd,
   const uint8_t *msg, size_t len, const struct dhcp_msg *m, uint16_t svlan, uint16_t cvlan)
{
	const struct bngd_config *cfg = app->cfg;
	uint16_t tenant = 0;
	uint32_t giaddr = port_addr4(app, mb->port, &tenant);
	char circuit[64];
	int n, cl;

	(void)bd;
	if (giaddr == 0) {
		r->st.no_address++;
		return;
	}
	cl = snprintf(circuit, sizeof(circuit), "%s", bngd_port_name(app, mb->port));
	if (svlan)
		cl += snprintf(circuit + cl, sizeof(circuit) - (size_t)cl, ":%u", svlan);
	if (cvlan)
		cl += snprintf(circuit + cl, sizeof(circuit) - (size_t)cl, ":%u", cvlan);
	n = dhcp_relay_to_server(msg, len, m, giaddr, (const uint8_t *)circuit, (uint8_t)cl,
				 (const uint8_t *)cfg->dhcp_remote_id, (uint8_t)strlen(cfg->dhcp_remote_id),
				 r->buf, sizeof(r->buf));
	if (n < 0) {
		r->st.refused++;
		return;
	}
	/* A client that gives its address back is no subscriber any more. */
	if (m->type == DHCP_RELEASE)
		relay_unbind(app, r, m->ciaddr);
	else if (m->type == DHCP_DECLINE)
		relay_unbind(app, r, m->requested_ip);
	for (uint32_t i = 0; i < cfg->dhcp_n_servers; i++) {
		if (bngd_mgmt_udp4_route(app, tenant_vrf(app, tenant), giaddr, cfg->dhcp_servers[i],
					 DHCP_SERVER_PORT, DHCP_SERVER_PORT, r->buf, (uint16_t)n) == 0)
			r->st.to_server++;
		else
			r->st.no_route++;
	}
}

/* A server's reply: back to the client, on the port and VLANs of its circuit. */
static void
down(struct bngd *app, struct bngd_relay *r, const uint8_t *msg, size_t len,
     const struct dhcp_msg *m)
{
	struct rte_ether_addr dmac = m->chaddr;
	uint16_t port, svlan, cvlan, tenant = 0;
	uint32_t dst = m->yiaddr;
	uint8_t tags[8];
	uint16_t nt = 0;
	int n;

	if (circuit_port(app, m, &port, &svlan, &cvlan) != 0 ||
	    port_addr4(app, port, &tenant) != m->giaddr) {
		r->st.not_ours++;
		return;
	}
	n = dhcp_relay_to_client(msg, len, m, r->buf, sizeof(r->buf));
	if (n < 0) {
		r->st.refused++;
		return;
	}
	/* RFC 2131 4.1: broadcast when the client asked for it, or has no
	 * address to be reached at (a NAK). */
	if ((m->flags & DHCP_FLAG_BROADCAST) || m->yiaddr == 0 || m->type == DHCP_NAK) {
		memset(&dmac, 0xff, sizeof(dmac));
		dst = 0xffffffff;
	}
	if (svlan) {
		tags[nt++] = 0x81, tags[nt++] = 0x00;
		tags[nt++] = (uint8_t)(svlan >> 8), tags[nt++] = (uint8_t)svlan;
	}
	if (cvlan) {
		tags[nt++] = 0x81, tags[nt++] = 0x00;
		tags[nt++] = (uint8_t)(cvlan >> 8), tags[nt++] = (uint8_t)cvlan;
	}
	if (bngd_mgmt_udp4(app, port, &dmac, tags, nt, m->giaddr, dst, DHCP_SERVER_PORT,
			   DHCP_CLIENT_PORT, r->buf, (uint16_t)n) == 0)
		r->st.to_client++;
	if (m->type == DHCP_ACK && m->yiaddr != 0)
		relay_bind(app, r, m, port, tenant, (const uint16_t[2]){ svlan, cvlan });
}

void
bngd_relay_input(struct bngd *app, struct bngd_relay *r, const struct rte_mbuf *mb,
		 const struct bng_desc *bd, const uint8_t *msg, size_t len, uint16_t svlan,
		 uint16_t cvlan)
{
	static struct dhcp_msg m;   /* 1.5 KB: not on the stack, one lcore */
	enum dhcp_err e = dhcp_msg_parse(msg, len, &m);

	if (e != DHCP_ERR_NONE) {
		r->st.malformed++;
		return;
	}
	if (m.op == DHCP_OP_REQUEST && bd->role == BNG_ROLE_ACCESS)
		up(app, r, mb, bd, msg, len, &m, svlan, cvlan);
	else if (m.op == DHCP_OP_REPLY)
		down(app, r, msg, len, &m);
	else
		r->st.not_ours++;
}

void
bngd_relay_poll(struct bngd *app, struct bngd_relay *r)
{
	uint64_t now = dhcp_clock_ms();

	/* A bounded step of the expiry sweep. */
	for (uint32_t k = 0; k < 256 && r->cap; k++) {
		struct relay_binding *b = &r->b[r->scan];

		r->scan = (r->scan + 1) % r->cap;
		if (b->addr != 0 && now >= b->expiry_ms) {
			r->st.expired++;
			relay_unbind(app, r, b->addr);
		}
	}
}

static json_t *
ip_json(uint32_t a)
{
	char s[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, s, sizeof(s));
	return json_string(s);
}

json_t *
bngd_relay_json(const struct bngd *app, const struct bngd_relay *r)
{
	const struct bngd_relay_stats *s = &r->st;
	uint64_t now = dhcp_clock_ms();
	json_t *a = json_array();

	for (uint32_t i = 0; i < r->cap; i++) {
		const struct relay_binding *b = &r->b[i];
		char mac[RTE_ETHER_ADDR_FMT_SIZE];

		if (b->addr == 0)
			continue;
		rte_ether_format_addr(mac, sizeof(mac), &b->mac);
		json_array_append_new(a, json_pack("{s:o, s:s, s:s, s:i, s:I}", "address",
						   ip_json(b->addr), "mac", mac, "port",
						   bngd_port_name(app, b->port), "tenant", b->tenant,
						   "expires_in_s", (json_int_t)(b->expiry_ms > now ?
									       (b->expiry_ms - now) / 1000 : 0)));
	}
	return json_pack("{s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
			 "bindings", a, "counters", "to_server", (json_int_t)s->to_server,
			 "to_client", (json_int_t)s->to_client, "no_route", (json_int_t)s->no_route,
			 "malformed", (json_int_t)s->malformed, "refused", (json_int_t)s->refused,
			 "not_ours", (json_int_t)s->not_ours, "no_address", (json_int_t)s->no_address,
			 "bound", (json_int_t)s->bound, "unbound", (json_int_t)s->unbound,
			 "expired", (json_int_t)s->expired, "table_full", (json_int_t)s->table_full,
			 "fib_full", (json_int_t)s->fib_full);
}
