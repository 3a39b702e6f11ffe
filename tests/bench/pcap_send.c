/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Benchmark traffic source: replays a pcap, over and over, into a Linux
 * interface as fast as the kernel takes it, through an AF_PACKET TX ring
 * (TPACKET_V2, PACKET_QDISC_BYPASS): one system call sends a whole batch of
 * frames and no frame is copied through a socket buffer from user space.
 * tcpreplay --topspeed reaches about 0.3 Mpps on a veth here, one sendto()
 * per packet; this reaches several times that.
 *
 *   pcap_send [-t SECONDS] [-n PACKETS] [-b BATCH] IFACE PCAP
 *
 * Stops after SECONDS (default 10) or PACKETS (default: no limit), or on
 * SIGINT/SIGTERM, and prints one line:
 *   pcap_send: sent=<frames> seconds=<s> pps=<frames per second> errors=<n>
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RING_BLOCK 4096u
#define RING_BLOCKS 512u
/* Frames of the TX ring; the data starts after the aligned tpacket2_hdr. */
#define FRAME_SZ 256u
#define DATA_OFF TPACKET_ALIGN(sizeof(struct tpacket2_hdr))
#define DATA_MAX (FRAME_SZ - DATA_OFF)

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct pkts {
	uint8_t *data;   /* n frames of DATA_MAX bytes */
	uint16_t *len;
	size_t n;
};

/* Every frame of PCAP into memory (all are sent again and again). */
static int
pkts_load(const char *path, struct pkts *p)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	size_t cap = 1024;
	pcap_t *pc = pcap_open_offline(path, err);
	int rc;

	if (pc == NULL) {
		fprintf(stderr, "pcap_send: %s: %s\n", path, err);
		return -1;
	}
	p->n = 0;
	p->data = malloc(cap * DATA_MAX);
	p->len = malloc(cap * sizeof(*p->len));
	while (p->data != NULL && p->len != NULL && (rc = pcap_next_ex(pc, &h, &d)) == 1) {
		if (h->caplen > DATA_MAX || h->caplen < ETH_ZLEN - 4) {
			fprintf(stderr, "pcap_send: %s: frame %zu is %u bytes (%u..%u taken)\n",
				path, p->n + 1, h->caplen, ETH_ZLEN - 4, (unsigned int)DATA_MAX);
			pcap_close(pc);
			return -1;
		}
		if (p->n == cap) {
			cap *= 2;
			p->data = realloc(p->data, cap * DATA_MAX);
			p->len = realloc(p->len, cap * sizeof(*p->len));
			if (p->data == NULL || p->len == NULL)
				break;
		}
		memcpy(p->data + p->n * DATA_MAX, d, h->caplen);
		p->len[p->n++] = (uint16_t)h->caplen;
	}
	pcap_close(pc);
	if (p->data == NULL || p->len == NULL) {
		fprintf(stderr, "pcap_send: out of memory\n");
		return -1;
	}
	if (p->n == 0) {
		fprintf(stderr, "pcap_send: %s: no frames\n", path);
		return -1;
	}
	return 0;
}

static int
ring_open(const char *ifname, uint8_t **ring)
{
	struct tpacket_req req = {
		.tp_block_size = RING_BLOCK,
		.tp_block_nr = RING_BLOCKS,
		.tp_frame_size = FRAME_SZ,
		.tp_frame_nr = RING_BLOCKS * (RING_BLOCK / FRAME_SZ),
	};
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int v = TPACKET_V2, one = 1;
	/* Protocol 0: this socket receives nothing. */
	int fd = socket(AF_PACKET, SOCK_RAW, 0);

	if (fd < 0) {
		perror("pcap_send: socket");
		return -1;
	}
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (sll.sll_ifindex == 0) {
		fprintf(stderr, "pcap_send: no interface %s\n", ifname);
		goto fail;
	}
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) != 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) != 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof(req)) != 0) {
		perror("pcap_send: setsockopt");
		goto fail;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) != 0) {
		perror("pcap_send: bind");
		goto fail;
	}
	*ring = mmap(NULL, (size_t)RING_BLOCK * RING_BLOCKS, PROT_READ | PROT_WRITE, MAP_SHARED,
		     fd, 0);
	if (*ring == MAP_FAILED) {
		perror("pcap_send: mmap");
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fprintf(stderr, "usage: pcap_send [-t SECONDS] [-n PACKETS] [-b BATCH] IFACE PCAP\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const unsigned int frames = RING_BLOCKS * (RING_BLOCK / FRAME_SZ);
	double secs = 10, t0, t1;
	uint64_t limit = UINT64_MAX, sent = 0, errors = 0;
	unsigned int batch = 256, slot = 0, queued = 0;
	struct pkts p;
	uint8_t *ring;
	size_t next = 0;
	int fd, opt;

	while ((opt = getopt(argc, argv, "t:n:b:")) != -1) {
		switch (opt) {
		case 't': secs = atof(optarg); break;
		case 'n': limit = strtoull(optarg, NULL, 0); break;
		case 'b': batch = (unsigned int)atoi(optarg); break;
		default: usage();
		}
	}
	if (argc - optind != 2 || batch == 0 || batch > frames || secs <= 0)
		usage();
	if (pkts_load(argv[optind + 1], &p) != 0)
		return 1;
	fd = ring_open(argv[optind], &ring);
	if (fd < 0)
		return 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	t0 = now_s();
	t1 = t0;
	while (!stop && sent < limit) {
		struct tpacket2_hdr *h = (struct tpacket2_hdr *)(ring + (size_t)slot * FRAME_SZ);

		/* A frame still owned by the kernel: flush and wait for it. */
		if (h->tp_status != TP_STATUS_AVAILABLE) {
			if (h->tp_status == TP_STATUS_WRONG_FORMAT) {
				errors++;
				h->tp_status = TP_STATUS_AVAILABLE;
			} else if (send(fd, NULL, 0, 0) < 0 && errno != ENOBUFS && errno != EAGAIN) {
				perror("pcap_send: send");
				break;
			}
			continue;
		}
		memcpy((uint8_t *)h + DATA_OFF, p.data + next * DATA_MAX, p.len[next]);
		h->tp_len = p.len[next];
		__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST, __ATOMIC_RELEASE);
		next = next + 1 == p.n ? 0 : next + 1;
		slot = slot + 1 == frames ? 0 : slot + 1;
		if (++queued < batch && sent + queued < limit)
			continue;
		if (send(fd, NULL, 0, 0) < 0 && errno != ENOBUFS && errno != EAGAIN) {
			perror("pcap_send: send");
			break;
		}
		sent += queued;
		queued = 0;
		t1 = now_s();
		if (t1 - t0 >= secs)
			break;
	}
	sent += queued;
	t1 = now_s();
	printf("pcap_send: sent=%llu seconds=%.2f pps=%.0f errors=%llu\n",
	       (unsigned long long)sent, t1 - t0, (double)sent / (t1 - t0),
	       (unsigned long long)errors);
	munmap(ring, (size_t)RING_BLOCK * RING_BLOCKS);
	close(fd);
	return 0;
}
