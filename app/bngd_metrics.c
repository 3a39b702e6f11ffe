/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Prometheus metrics over HTTP (libmicrohttpd), served from the management
 * loop (MHD's external polling mode: no thread of its own). Every figure
 * comes from the console's own commands through cli_exec_json(), so the
 * console and the metrics can never disagree.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "aaa.h"
#include "bngd_acl.h"
#include "bngd_cli_acl.h"
#include "bngd_cli_qos.h"
#include "bngd_mgmt.h"
#include "bngd_pppoe.h"
#include "dhcp.h"
#include "pppoe.h"
#include "vtap.h"

struct bngd_metrics {
	struct MHD_Daemon *d;
	struct bngd *app;
};

static void
help(FILE *f, const char *name, const char *type, const char *text)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, text, name, type);
}

/* One metric per port/worker from a field of an array of objects. */
static void
per_item(FILE *f, const json_t *arr, const char *label, const char *label_field,
	 const char *field, const char *name, const char *type, const char *text)
{
	size_t i;
	json_t *o;

	help(f, name, type, text);
	json_array_foreach(arr, i, o) {
		const json_t *lv = json_object_get(o, label_field), *v = json_object_get(o, field);

		if (v == NULL)
			continue;
		if (json_is_string(lv))
			fprintf(f, "%s{%s=\"%s\"} ", name, label, json_string_value(lv));
		else
			fprintf(f, "%s{%s=\"%" JSON_INTEGER_FORMAT "\"} ", name, label, json_integer_value(lv));
		if (json_is_real(v))
			fprintf(f, "%.6g\n", json_real_value(v));
		else
			fprintf(f, "%" JSON_INTEGER_FORMAT "\n", json_integer_value(v));
	}
}

static void
per_key(FILE *f, const json_t *obj, const char *label, const char *name, const char *text)
{
	const char *k;
	json_t *v;

	help(f, name, "counter", text);
	json_object_foreach((json_t *)obj, k, v)
		fprintf(f, "%s{%s=\"%s\"} %" JSON_INTEGER_FORMAT "\n", name, label, k, json_integer_value(v));
}

/*
 * One counter per key of @p obj, named prefix_<key>_total, explained by the
 * table the key comes from (@p names / @p helps, @p n entries).
 */
static void
named_counters(FILE *f, const json_t *obj, const char *prefix,
	       const char *(*names)(unsigned int), const char *(*helps)(unsigned int), unsigned int n)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)obj, k, v) {
		const char *text = "";
		char name[96];

		for (unsigned int i = 0; i < n; i++)
			if (strcmp(names(i), k) == 0)
				text = helps(i);
		snprintf(name, sizeof(name), "%s_%s_total", prefix, k);
		help(f, name, "counter", text);
		fprintf(f, "%s %" JSON_INTEGER_FORMAT "\n", name, json_integer_value(v));
	}
}

/* bng_screen_drops_total{zone,screen}: "show screen"'s drops of every zone. */
static void
screen_drops(FILE *f, const json_t *zones)
{
	size_t i;
	json_t *z;

	help(f, "bng_screen_drops_total", "counter",
	     "packets dropped by a screen (stateless or rate-based; \"blocked\": a blocked "
	     "sweeper's or scanner's), by zone and screen");
	json_array_foreach(zones, i, z) {
		const char *zone = json_string_value(json_object_get(z, "zone")), *k;
		json_t *v;

		json_object_foreach(json_object_get(z, "drops"), k, v)
			fprintf(f, "bng_screen_drops_total{zone=\"%s\",screen=\"%s\"} %" JSON_INTEGER_FORMAT "\n",
				zone, k, json_integer_value(v));
	}
}

static char *
render(struct bngd *app, size_t *len)
{
	struct cli_registry *r = &app->mgmt->cli;
	json_t *ports = cli_exec_json(r, "show ports");
	json_t *workers = cli_exec_json(r, "show workers");
	json_t *ctr = cli_exec_json(r, "show counters all");
	json_t *mem = cli_exec_json(r, "show memory");
	json_t *ver = cli_exec_json(r, "show version");
	json_t *nat = app->nat ? cli_exec_json(r, "show nat statistics") : NULL;
	json_t *natlog = app->mgmt->nat_log ? cli_exec_json(r, "show nat logging") : NULL;
	json_t *nb = cli_exec_json(r, "show neighbor statistics");
	json_t *dhcp = app->mgmt->dhcp ? cli_exec_json(r, "show dhcp statistics") : NULL;
	json_t *pools = app->mgmt->dhcp ? cli_exec_json(r, "show dhcp pools") : NULL;
	json_t *pppoe = bngd_pppoe_engine(app) ? cli_exec_json(r, "show pppoe statistics") : NULL;
	json_t *aaa = bngd_pppoe_aaa(app) ? cli_exec_json(r, "show aaa statistics") : NULL;
	json_t *scr = app->cfg->n_screen_zones ? cli_exec_json(r, "show screen") : NULL;
	json_t *qos = app->qos ? cli_exec_json(r, "show qos profiles") : NULL;
	json_t *acl = app->acl != NULL && app->acl->cur != NULL ?
		cli_exec_json(r, "show acl statistics") : NULL;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (f == NULL)
		goto out;
	help(f, "bng_info", "gauge", "bngd version");
	fprintf(f, "bng_info{version=\"%s\",dpdk=\"%s\"} 1\n",
		json_string_value(json_object_get(ver, "bngd")),
		json_string_value(json_object_get(ver, "dpdk")));
	help(f, "bng_uptime_seconds", "gauge", "seconds since bngd started forwarding");
	fprintf(f, "bng_uptime_seconds %" JSON_INTEGER_FORMAT "\n",
		json_integer_value(json_object_get(ver, "uptime_s")));

	per_item(f, ports, "port", "port", "rx_packets", "bng_port_rx_packets_total", "counter", "packets received");
	per_item(f, ports, "port", "port", "tx_packets", "bng_port_tx_packets_total", "counter", "packets sent");
	per_item(f, ports, "port", "port", "rx_bytes", "bng_port_rx_bytes_total", "counter", "bytes received");
	per_item(f, ports, "port", "port", "tx_bytes", "bng_port_tx_bytes_total", "counter", "bytes sent");
	per_item(f, ports, "port", "port", "rx_missed", "bng_port_rx_missed_total", "counter", "packets the port dropped for lack of RX descriptors");
	per_item(f, ports, "port", "port", "rx_errors", "bng_port_rx_errors_total", "counter", "erroneous packets received");
	per_item(f, ports, "port", "port", "tx_errors", "bng_port_tx_errors_total", "counter", "packets that failed to transmit");
	per_item(f, ports, "port", "port", "rx_nombuf", "bng_port_rx_nombuf_total", "counter", "RX mbuf allocation failures");

	per_item(f, workers, "worker", "worker", "rx_packets", "bng_worker_rx_packets_total", "counter", "packets a worker received from its ports");
	per_item(f, workers, "worker", "worker", "tx_packets", "bng_worker_tx_packets_total", "counter", "packets a worker sent");
	per_item(f, workers, "worker", "worker", "handoff_in", "bng_worker_handoff_in_total", "counter", "packets handed to this worker by others");
	per_item(f, workers, "worker", "worker", "handoff_out", "bng_worker_handoff_out_total", "counter", "packets this worker handed to their owner");
	per_item(f, workers, "worker", "worker", "punted", "bng_worker_punted_total", "counter", "control packets sent to the management lcore");
	per_item(f, workers, "worker", "worker", "express", "bng_worker_express_total", "counter", "packets forwarded by the express path (established IPv4 TCP/UDP flows)");
	per_item(f, workers, "worker", "worker", "cycles_per_packet", "bng_worker_cycles_per_packet", "gauge", "pipeline TSC cycles per packet over the last second");
	per_item(f, workers, "worker", "worker", "busy_pct", "bng_worker_busy_percent", "gauge", "share of the last second spent on loop iterations that found work");
	per_item(f, workers, "worker", "worker", "sessions", "bng_worker_sessions", "gauge", "sessions held by the worker");

	per_key(f, json_object_get(ctr, "drops"), "reason", "bng_drops_total", "packets dropped, by reason");
	per_key(f, json_object_get(ctr, "punts"), "kind", "bng_punts_total", "control packets received by the management lcore, by kind");
	named_counters(f, json_object_get(ctr, "ip"), "bng_ip", bngd_ip_stat_name, bngd_ip_stat_help,
		       BNGD_IP_STATS);
	{
		const json_t *s = json_object_get(ctr, "sessions");

		help(f, "bng_sessions", "gauge", "sessions in use on all workers");
		fprintf(f, "bng_sessions %" JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(s, "active")));
		help(f, "bng_sessions_created_total", "counter", "sessions created");
		fprintf(f, "bng_sessions_created_total %" JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(s, "created")));
		help(f, "bng_sessions_deleted_total", "counter", "sessions deleted (expired, cleared)");
		fprintf(f, "bng_sessions_deleted_total %" JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(s, "deleted")));
		help(f, "bng_sessions_expired_total", "counter", "sessions deleted by idle timeout");
		fprintf(f, "bng_sessions_expired_total %" JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(s, "expired")));
		help(f, "bng_sessions_refused_total", "counter", "new flows refused because a session table was full");
		fprintf(f, "bng_sessions_refused_total %" JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(s, "refused_full")));
	}
	{
		const json_t *mb = json_object_get(mem, "mbufs");

		help(f, "bng_mbufs_in_use", "gauge", "packet buffers in use");
		fprintf(f, "bng_mbufs_in_use %" JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(mb, "in_use")));
		help(f, "bng_mbufs_size", "gauge", "packet buffers in the pool");
		fprintf(f, "bng_mbufs_size %" JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(mb, "size")));
		per_item(f, json_object_get(mem, "sessions"), "worker", "worker", "capacity", "bng_session_capacity", "gauge", "session table capacity");
		per_item(f, json_object_get(mem, "sessions"), "worker", "worker", "bytes", "bng_session_table_bytes", "gauge", "memory held by a session table");
	}
	if (nat != NULL) {
		named_counters(f, json_object_get(nat, "counters"), "bng_nat", nat_stat_name,
			       nat_stat_help, NAT_STATS);
		help(f, "bng_nat_mappings", "gauge", "endpoint-independent mappings in use");
		fprintf(f, "bng_nat_mappings %" JSON_INTEGER_FORMAT "\n",
			json_integer_value(json_object_get(nat, "mappings")));
		help(f, "bng_nat_subscribers", "gauge", "subscribers holding port blocks or mappings");
		fprintf(f, "bng_nat_subscribers %" JSON_INTEGER_FORMAT "\n",
			json_integer_value(json_object_get(nat, "subscribers")));
	}
	if (natlog != NULL)
		named_counters(f, json_object_get(natlog, "counters"), "bng_nat_log_export",
			       nat_log_stat_name, nat_log_stat_help, NAT_LOG_STATS);
	if (nb != NULL) {
		named_counters(f, json_object_get(nb, "counters"), "bng_neighbor", vtap_stat_name,
			       vtap_stat_help, VTAP_STATS);
		per_key(f, json_object_get(nb, "not_handled"), "reason", "bng_neighbor_ignored_total",
			"ARP/ND frames not acted on, by reason");
		help(f, "bng_neighbors", "gauge", "entries in the ARP/ND neighbour table");
		fprintf(f, "bng_neighbors %" JSON_INTEGER_FORMAT "\n",
			json_integer_value(json_object_get(nb, "neighbors")));
	}
	if (dhcp != NULL) {
		per_key(f, json_object_get(dhcp, "received"), "type", "bng_dhcp_received_total",
			"DHCP messages received, by type");
		per_key(f, json_object_get(dhcp, "sent"), "type", "bng_dhcp_sent_total",
			"DHCP replies sent, by type");
		per_key(f, json_object_get(dhcp, "reasons"), "reason", "bng_dhcp_refused_total",
			"DHCP messages not answered (or NAKed), by reason");
		per_key(f, json_object_get(dhcp, "malformed"), "error", "bng_dhcp_malformed_total",
			"malformed DHCP messages, by error");
		named_counters(f, json_object_get(dhcp, "stats"), "bng_dhcp", dhcp_stat_name,
			       dhcp_stat_help, DHCP_STAT_MAX);
		per_item(f, json_object_get(pools, "pools"), "pool", "name", "bound",
			 "bng_dhcp_pool_bound", "gauge", "addresses leased (bound) in a pool");
		per_item(f, json_object_get(pools, "pools"), "pool", "name", "free",
			 "bng_dhcp_pool_free", "gauge", "addresses a pool can still hand out");
	}
	if (pppoe != NULL) {
		help(f, "bng_pppoe_sessions", "gauge", "PPPoE sessions (any phase)");
		fprintf(f, "bng_pppoe_sessions %" JSON_INTEGER_FORMAT "\n",
			json_integer_value(json_object_get(pppoe, "sessions")));
		named_counters(f, json_object_get(pppoe, "counters"), "bng_pppoe", pppoe_stat_name,
			       pppoe_stat_help, PPPOE_STATS);
		per_key(f, json_object_get(pppoe, "refused"), "reason", "bng_pppoe_refused_total",
			"PPPoE frames dropped or refused, by reason");
		per_key(f, json_object_get(pppoe, "down"), "cause", "bng_pppoe_sessions_ended_total",
			"PPPoE sessions ended, by cause");
	}
	if (aaa != NULL) {
		named_counters(f, json_object_get(aaa, "counters"), "bng_radius", aaa_stat_name,
			       aaa_stat_help, AAA_STATS);
		help(f, "bng_radius_pending", "gauge", "RADIUS requests queued or in flight");
		fprintf(f, "bng_radius_pending %" JSON_INTEGER_FORMAT "\n",
			json_integer_value(json_object_get(aaa, "pending")));
		help(f, "bng_radius_refused_total", "counter",
		     "requests the RADIUS queue had no room for");
		fprintf(f, "bng_radius_refused_total %" JSON_INTEGER_FORMAT "\n",
			json_integer_value(json_object_get(aaa, "refused")));
	}
	if (scr != NULL)
		screen_drops(f, scr);
	if (qos != NULL)
		bngd_qos_metrics(f, qos);
	if (acl != NULL)
		bngd_acl_metrics(f, acl);
	fclose(f);
out:
	json_decref(qos);
	json_decref(acl);
	json_decref(scr);
	json_decref(pppoe);
	json_decref(aaa);
	json_decref(nb);
	json_decref(dhcp);
	json_decref(pools);
	json_decref(natlog);
	json_decref(nat);
	json_decref(ports);
	json_decref(workers);
	json_decref(ctr);
	json_decref(mem);
	json_decref(ver);
	return buf;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
       const char *version, const char *upload, size_t *upload_len, void **state)
{
	struct bngd_metrics *m = cls;
	struct MHD_Response *resp;
	enum MHD_Result rc;
	unsigned int status = MHD_HTTP_OK;
	char *body;
	size_t len = 0;

	(void)version;
	(void)upload;
	(void)upload_len;
	(void)state;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		body = strdup("only GET\n");
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
	} else if (strcmp(url, "/metrics") == 0) {
		body = render(m->app, &len);
	} else {
		body = strdup("bngd: metrics are at /metrics\n");
		status = strcmp(url, "/") == 0 ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND;
	}
	if (body == NULL)
		return MHD_NO;
	resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	rc = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

struct bngd_metrics *
bngd_metrics_create(struct bngd *app, const char *listen, char *err, size_t errlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	char host[64];
	const char *colon = strrchr(listen, ':');
	struct bngd_metrics *m;
	long port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host) ||
	    (port = strtol(colon + 1, NULL, 10)) <= 0 || port > 65535) {
		snprintf(err, errlen, "metrics.listen \"%s\" is not ADDRESS:PORT", listen);
		return NULL;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		snprintf(err, errlen, "metrics.listen: \"%s\" is not an IPv4 address", host);
		return NULL;
	}
	sa.sin_port = htons((uint16_t)port);
	m = calloc(1, sizeof(*m));
	if (m == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->app = app;
	/* No MHD_USE_INTERNAL_POLLING_THREAD: the management loop drives it. */
	m->d = MHD_start_daemon(MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL, answer, m,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				MHD_OPTION_CONNECTION_LIMIT, 16u,
				MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
	if (m->d == NULL) {
		snprintf(err, errlen, "metrics: cannot listen on %s (in use? set metrics.listen)",
			 listen);
		free(m);
		return NULL;
	}
	return m;
}

void
bngd_metrics_poll(struct bngd_metrics *m)
{
	if (m != NULL)
		MHD_run(m->d);
}

void
bngd_metrics_free(struct bngd_metrics *m)
{
	if (m == NULL)
		return;
	MHD_stop_daemon(m->d);
	free(m);
}
