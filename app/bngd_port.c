/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Port set-up: each configured device becomes a DPDK port with the RX
 * queues the configuration asks for and one TX queue per worker, so that
 * workers never share a TX queue (and never need a lock to send).
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>

#include "bng_log.h"
#include "bngd.h"

/* The ethdev name of a device string: the part before the first comma. */
static void
dev_name(const char *device, char *out, size_t len)
{
	size_t n = strcspn(device, ",");

	if (n >= len)
		n = len - 1;
	memcpy(out, device, n);
	out[n] = '\0';
}

static int
port_setup(struct bngd *app, struct bngd_port *p)
{
	const struct bngd_port_cfg *pc = p->cfg;
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	char name[RTE_ETH_NAME_MAX_LEN];
	int rc;

	dev_name(pc->device, name, sizeof(name));
	if (rte_eth_dev_get_port_by_name(name, &p->id) != 0) {
		fprintf(stderr, "%s:%d: ports: port \"%s\": device \"%s\" not found "
			"(a PCI device needs its driver bound and no --no-pci; a vdev needs a "
			"known driver name such as net_pcap0)\n",
			app->cfg->source, pc->line, pc->name, name);
		return -1;
	}
	rc = rte_eth_dev_info_get(p->id, &info);
	if (rc != 0) {
		fprintf(stderr, "port %s: cannot read device info: %s\n", pc->name, rte_strerror(-rc));
		return -1;
	}
	p->n_rxq = pc->rx_queues;
	p->n_txq = app->n_workers;
	if (p->n_rxq > info.max_rx_queues || p->n_txq > info.max_tx_queues) {
		fprintf(stderr,
			"%s:%d: ports: port \"%s\": device supports %u RX / %u TX queues; "
			"the configuration needs %u RX and %u TX (one per worker)%s\n",
			app->cfg->source, pc->line, pc->name, info.max_rx_queues,
			info.max_tx_queues, p->n_rxq, p->n_txq,
			strncmp(name, "net_pcap", 8) == 0 ?
				": give net_pcap one rx_pcap/tx_pcap argument per queue" : "");
		return -1;
	}
	memset(&conf, 0, sizeof(conf));
	/* The NIC's verdict on IPv4 header checksums spares the parser its
	 * own sum (bng_parse_fast()); a PMD without it leaves the flags
	 * unknown and the parser sums. */
	conf.rxmode.offloads = info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_IPV4_CKSUM;
	if (p->n_rxq > 1) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP) &
						   info.flow_type_rss_offloads;
	}
	rc = rte_eth_dev_configure(p->id, p->n_rxq, p->n_txq, &conf);
	if (rc != 0) {
		fprintf(stderr, "port %s: configure failed: %s\n", pc->name, rte_strerror(-rc));
		return -1;
	}
	rc = rte_eth_dev_set_mtu(p->id, pc->mtu);
	if (rc != 0 && rc != -ENOTSUP)
		BNG_LOG(WARNING, app, "port %s: MTU %u not set: %s", pc->name, pc->mtu,
			rte_strerror(-rc));
	for (uint16_t q = 0; q < p->n_rxq; q++) {
		rc = rte_eth_rx_queue_setup(p->id, q, pc->rx_desc, rte_eth_dev_socket_id(p->id), NULL,
					    app->pool);
		if (rc != 0) {
			fprintf(stderr, "port %s: RX queue %u: %s\n", pc->name, q, rte_strerror(-rc));
			return -1;
		}
	}
	for (uint16_t q = 0; q < p->n_txq; q++) {
		rc = rte_eth_tx_queue_setup(p->id, q, pc->tx_desc, rte_eth_dev_socket_id(p->id), NULL);
		if (rc != 0) {
			fprintf(stderr, "port %s: TX queue %u: %s\n", pc->name, q, rte_strerror(-rc));
			return -1;
		}
	}
	if (pc->has_mac) {
		struct rte_ether_addr mac = pc->mac;

		rc = rte_eth_dev_default_mac_addr_set(p->id, &mac);
		if (rc != 0)
			BNG_LOG(INFO, app, "port %s: device cannot change its MAC (%s); "
				"frames are still sent from the configured one", pc->name,
				rte_strerror(-rc));
	}
	rte_eth_macaddr_get(p->id, &p->mac);
	/* Some PMDs (net_pcap) report a MAC they never use; honour the config. */
	if (pc->has_mac)
		p->mac = pc->mac;
	rc = rte_eth_dev_start(p->id);
	if (rc != 0) {
		fprintf(stderr, "port %s: start failed: %s\n", pc->name, rte_strerror(-rc));
		return -1;
	}
	if (pc->promisc && rte_eth_promiscuous_enable(p->id) != 0)
		BNG_LOG(DEBUG, app, "port %s: promiscuous mode not supported", pc->name);
	return 0;
}

int
bngd_ports_setup(struct bngd *app)
{
	const struct bngd_config *cfg = app->cfg;

	app->n_ports = (uint16_t)cfg->n_ports;
	for (uint16_t i = 0; i < app->n_ports; i++) {
		app->ports[i].cfg = &cfg->ports[i];
		app->ports[i].id = UINT16_MAX;
		if (port_setup(app, &app->ports[i]) != 0)
			return -1;
		app->port_mss[app->ports[i].id] = cfg->ports[i].tcp_mss;
	}
	return 0;
}

void
bngd_ports_close(struct bngd *app)
{
	for (uint16_t i = 0; i < app->n_ports; i++) {
		if (app->ports[i].id == UINT16_MAX)
			continue;
		rte_eth_dev_stop(app->ports[i].id);
		rte_eth_dev_close(app->ports[i].id);
	}
}
