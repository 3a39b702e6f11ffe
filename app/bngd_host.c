/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The kernel exception path: traffic for the appliance's own addresses that
 * bngd does not answer itself (SSH, BGP, SNMP to the box) goes to a Linux
 * TUN interface, and what the kernel sends back is routed out through the
 * FIB like bngd's own packets. TUN, not TAP: the L2 side stays bngd's (its
 * ARP/ND, its MACs, subscribers' VLAN tags); the kernel sees IP packets.
 * The operator gives the interface the appliance's addresses where the
 * services listen (`ip addr add 198.51.100.1/32 dev bngd0`). Management
 * lcore only; the workers punt (rate-limited per port) and never block.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <rte_ether.h>
#include <rte_ip.h>

#include "bng_log.h"
#include "bngd_host.h"
#include "bngd_mgmt.h"
#include "bngd_neigh.h"

#define HOST_MTU 1500
#define HOST_READS 64   /* packets read from the kernel per management loop */

struct bngd_host {
	int fd;
	char name[IFNAMSIZ];
	struct bngd_host_stats st;
	uint8_t buf[RTE_ETHER_HDR_LEN + 8 + HOST_MTU + 64];
};

int
bngd_host_setup(struct bngd *app)
{
	const char *name = app->cfg->host_interface;
	struct bngd_host *h;
	struct ifreq ifr;

	if (name[0] == '\0')
		return 0;
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return -1;
	app->mgmt->host = h;
	h->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (h->fd < 0) {
		fprintf(stderr, "bngd: exception_path: /dev/net/tun: %s\n", strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(h->fd, TUNSETIFF, &ifr) != 0) {
		fprintf(stderr, "bngd: exception_path.interface \"%s\": %s\n", name, strerror(errno));
		return -1;
	}
	snprintf(h->name, sizeof(h->name), "%s", ifr.ifr_name);
	/* Workers punt what is for the box only once there is somewhere to put it. */
	app->host_path = 1;
	return 0;
}

void
bngd_host_free(struct bngd *app)
{
	struct bngd_host *h = app->mgmt != NULL ? app->mgmt->host : NULL;

	if (h == NULL)
		return;
	app->host_path = 0;
	if (h->fd >= 0)
		close(h->fd);
	free(h);
	app->mgmt->host = NULL;
}

void
bngd_host_input(struct bngd *app, struct rte_mbuf *m)
{
	struct bngd_host *h = app->mgmt->host;
	const struct bng_desc *d = bng_desc(m);
	uint32_t len = m->pkt_len - d->l3_off;
	const uint8_t *p;

	if (h == NULL || len > sizeof(h->buf)) {
		app->mgmt_drops.count[BNG_DROP_LOCAL]++;
		rte_pktmbuf_free(m);
		return;
	}
	/* The IP packet, L2 left behind (a reassembled one may be chained). */
	p = rte_pktmbuf_read(m, d->l3_off, len, h->buf);
	if (p == NULL || write(h->fd, p, len) != (ssize_t)len) {
		h->st.to_kernel_failed++;
		app->mgmt_drops.count[BNG_DROP_LOCAL]++;
	} else {
		h->st.to_kernel++;
	}
	rte_pktmbuf_free(m);
}

/* A packet from the kernel: routed in VRF 0, L2 written, sent. */
static void
from_kernel(struct bngd *app, struct bngd_host *h, uint8_t *pkt, uint16_t len)
{
	const struct fib *f = app->fib;
	const struct fib_nh *nh;
	uint8_t *frame;
	uint16_t et, hl, tags;
	uint32_t idx;
	int v6 = (pkt[0] >> 4) == 6;

	if (len < 20 || ((pkt[0] >> 4) != 4 && !v6) || (v6 && len < 40)) {
		h->st.from_kernel_bad++;
		return;
	}
	if (v6 ? fib_lookup6(f, 0, pkt + 24, &idx) != 0 : fib_lookup4(f, 0, *(uint32_t *)(pkt + 16), &idx) != 0) {
		h->st.no_route++;
		return;
	}
	nh = &f->nh[idx];
	if (v6 && !(nh->flags & FIB_NH_RESOLVED) && (nh->flags & FIB_NH_CONNECTED) && f->host6) {
		struct fib_host6_key k = { .vrf = 0 };
		void *data;

		memcpy(k.addr, pkt + 24, 16);
		if (rte_hash_lookup_data(f->host6, &k, &data) >= 0)
			nh = &f->nh[(uint32_t)(uintptr_t)data];
	}
	if (nh->flags & (FIB_NH_LOCAL | FIB_NH_DROP | FIB_NH_PROHIBIT | FIB_NH_NAT | FIB_NH_BCAST)) {
		h->st.no_route++;
		return;
	}
	if (!(nh->flags & FIB_NH_RESOLVED)) {
		/* Ask for the neighbour; the kernel's retransmission gets through. */
		if (!v6)
			bngd_neigh_want4(app, 0, *(uint32_t *)(pkt + 16));
		h->st.unresolved++;
		return;
	}
	tags = nh->vlan[0] ? (nh->vlan[1] ? 2 : 1) : 0;
	hl = (uint16_t)(RTE_ETHER_HDR_LEN + 4 * tags);
	frame = pkt - hl;
	memcpy(frame, &nh->dmac, 6);
	memcpy(frame + 6, &nh->smac, 6);
	for (uint16_t t = 0; t < tags; t++) {
		frame[12 + 4 * t] = 0x81;
		frame[13 + 4 * t] = 0x00;
		frame[14 + 4 * t] = (uint8_t)(nh->vlan[t] >> 8);
		frame[15 + 4 * t] = (uint8_t)nh->vlan[t];
	}
	et = v6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4;
	frame[hl - 2] = (uint8_t)(et >> 8);
	frame[hl - 1] = (uint8_t)et;
	if (bngd_mgmt_send(app, nh->port, frame, (uint16_t)(hl + len)) == 0)
		h->st.from_kernel++;
}

unsigned int
bngd_host_poll(struct bngd *app)
{
	struct bngd_host *h = app->mgmt->host;
	unsigned int n;

	if (h == NULL)
		return 0;
	for (n = 0; n < HOST_READS; n++) {
		/* Room in front for the Ethernet header and two VLAN tags. */
		uint8_t *pkt = h->buf + RTE_ETHER_HDR_LEN + 8;
		ssize_t r = read(h->fd, pkt, HOST_MTU + 64);

		if (r <= 0)
			break;
		from_kernel(app, h, pkt, (uint16_t)r);
	}
	return n;
}

const struct bngd_host_stats *
bngd_host_stats(const struct bngd *app, const char **name)
{
	const struct bngd_host *h = app->mgmt->host;

	if (h == NULL)
		return NULL;
	*name = h->name;
	return &h->st;
}
