/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The DHCP server's lifecycle: configuration defaults and validation as a
 * whole (pools, reservations, limits) before anything is built, creation
 * of every table at create time (nothing is allocated per message), the
 * lease file's replay, callbacks, counters and the name tables of the
 * reasons and counters.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <rte_byteorder.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "bng_stats.h"
#include "dhcp_priv.h"

#define DHCP_MAX_LEASES (1u << 24)

BNG_ENUM_STRINGS(DHCP_FOREACH_REASON, dhcp_reason_name, dhcp_reason_help)
BNG_ENUM_STRINGS(DHCP_FOREACH_STAT, dhcp_stat_name, dhcp_stat_help)

uint64_t
dhcp_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void
dhcp_config_defaults(struct dhcp_config *c)
{
	memset(c, 0, sizeof(*c));
	c->max_leases = 65536;
	c->default_lease_s = 3600;
	c->offer_hold_s = 30;
	c->decline_hold_s = 600;
	c->discover_rate = 2;
	c->discover_burst = 8;
	c->rate_slots = 4096;
	c->expire_batch = 256;
	c->socket_id = SOCKET_ID_ANY;
}

/* --- Lifecycle ---------------------------------------------------------------------- */

static int
reservations_init(struct dhcp_server *srv)
{
	const struct dhcp_config *cfg = &srv->cfg;
	uint32_t n = cfg->n_reservations;

	srv->res_by_mac = dhcp_hash_create("rm", n, sizeof(struct dhcp_mac_key), cfg->socket_id);
	srv->res_by_circuit = dhcp_hash_create("rc", n, sizeof(struct dhcp_circuit_key),
					       cfg->socket_id);
	if (srv->res_by_mac == NULL || srv->res_by_circuit == NULL)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		const struct dhcp_reservation *r = &cfg->reservations[i];
		int pool = dhcp_pool_of(srv, rte_be_to_cpu_32(r->addr));
		struct dhcp_circuit_key ck = { .len = r->circuit_len };
		struct dhcp_mac_key mk = { 0 };
		struct rte_hash *h = srv->res_by_mac;
		const void *key = &mk;

		if (r->by_circuit) {
			if (r->circuit_len == 0 || r->circuit_len > DHCP_AGENT_ID_MAX)
				return -EINVAL;
			memcpy(ck.id, r->circuit_id, r->circuit_len);
			h = srv->res_by_circuit;
			key = &ck;
		} else {
			memcpy(mk.mac, r->mac.addr_bytes, RTE_ETHER_ADDR_LEN);
		}
		/* Its options come from its pool, so it must be in one. */
		if (pool < 0 || rte_hash_lookup(h, key) >= 0 ||
		    dhcp_pool_reserve(&srv->pools[pool], rte_be_to_cpu_32(r->addr)) != 0 ||
		    rte_hash_add_key_data(h, key, (void *)(uintptr_t)i) != 0)
			return -EINVAL;
	}
	return 0;
}

static int
config_ok(const struct dhcp_config *c)
{
	return c->server_id != 0 && c->max_leases != 0 && c->max_leases <= DHCP_MAX_LEASES &&
	       c->n_pools <= DHCP_MAX_POOLS && c->n_reservations <= DHCP_MAX_RESERVATIONS &&
	       c->offer_hold_s != 0 && c->decline_hold_s != 0 && c->expire_batch != 0 &&
	       c->default_lease_s >= DHCP_MIN_LEASE_S && c->default_lease_s != UINT32_MAX &&
	       (c->discover_rate == 0 ||
		(c->discover_burst != 0 && c->rate_slots >= DHCP_RATE_WAYS &&
		 (c->rate_slots & (c->rate_slots - 1)) == 0));
}

struct dhcp_server *
dhcp_server_create_at(const struct dhcp_config *cfg, const char *lease_file, uint64_t now_ms)
{
	struct dhcp_server *srv;
	int rc;

	if (cfg == NULL || !config_ok(cfg)) {
		rte_errno = EINVAL;
		return NULL;
	}
	srv = rte_zmalloc_socket("dhcp_server", sizeof(*srv), RTE_CACHE_LINE_SIZE, cfg->socket_id);
	if (srv == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	srv->cfg = *cfg;
	srv->store.fd = -1;
	rc = dhcp_pools_init(srv);
	if (rc == 0)
		rc = dhcp_leases_init(srv);
	if (rc == 0)
		rc = reservations_init(srv);
	if (rc == 0 && cfg->discover_rate != 0) {
		srv->rate_sets = cfg->rate_slots / DHCP_RATE_WAYS;
		srv->rate = rte_zmalloc_socket("dhcp_rate", cfg->rate_slots * sizeof(*srv->rate),
					       RTE_CACHE_LINE_SIZE, cfg->socket_id);
		if (srv->rate == NULL)
			rc = -ENOMEM;
	}
	if (rc == 0)
		rc = dhcp_store_open(srv, lease_file, now_ms);
	if (rc != 0)
		goto fail;
	return srv;
fail:
	dhcp_server_free(srv);
	rte_errno = -rc;
	return NULL;
}

struct dhcp_server *
dhcp_server_create(const struct dhcp_config *cfg, const char *lease_file)
{
	return dhcp_server_create_at(cfg, lease_file, dhcp_clock_ms());
}

void
dhcp_server_free(struct dhcp_server *srv)
{
	if (srv == NULL)
		return;
	dhcp_store_close(srv);
	rte_hash_free(srv->res_by_mac);
	rte_hash_free(srv->res_by_circuit);
	rte_free(srv->rate);
	dhcp_leases_free(srv);
	dhcp_pools_free(srv);
	rte_free(srv);
}

void
dhcp_server_callbacks_set(struct dhcp_server *srv, const struct dhcp_callbacks *cb, void *arg)
{
	if (srv == NULL)
		return;
	memset(&srv->cb, 0, sizeof(srv->cb));
	if (cb != NULL)
		srv->cb = *cb;
	srv->cb_arg = arg;
	if (srv->cb.on_bound == NULL)
		return;
	for (uint32_t i = 0; i < srv->cfg.max_leases; i++)
		if (srv->leases[i].state == DHCP_LEASE_BOUND)
			srv->cb.on_bound(&srv->leases[i], arg);
}

int
dhcp_server_compact(struct dhcp_server *srv, uint64_t now_ms)
{
	return srv == NULL ? -EINVAL : dhcp_store_compact(srv, now_ms);
}

const struct dhcp_counters *
dhcp_server_counters(const struct dhcp_server *srv)
{
	return srv == NULL ? NULL : &srv->cnt;
}

uint64_t
dhcp_server_store_lines(const struct dhcp_server *srv)
{
	return srv == NULL ? 0 : srv->store.lines;
}
