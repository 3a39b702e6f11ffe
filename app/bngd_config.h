/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * bngd's configuration: the libconfig file parsed into plain structs and
 * validated as a whole before anything starts. Every error names
 * file:line and the setting. Nothing here touches DPDK state, so the same
 * code serves `bngd --check-config` and the unit tests.
 */
#ifndef BNGD_CONFIG_H
#define BNGD_CONFIG_H

#include <stdint.h>
#include <stdio.h>

#include <rte_ether.h>

#include "fib.h"
#include "dhcp.h"
#include "aaa.h"
#include "pppoe.h"
#include "vtap.h"
#include "nat.h"
#include "screen.h"
#include "screen_rate.h"
#include "bngd_acl_cfg.h"
#include "bngd_config_qos.h"
#include "sess.h"

#define BNGD_MAX_PORTS     16
#define BNGD_MAX_ADDRS     8
#define BNGD_MAX_ROUTES    1024
#define BNGD_MAX_NEIGHBORS 1024
#define BNGD_MAX_PPPOE_USERS 1024

/** A local PPPoE user (PAP password or CHAP secret), its address if fixed. */
struct bngd_pppoe_user {
	char name[64];
	char password[64];
	uint32_t addr;            /**< network order; 0: from the pool */
	char filter_id[64];       /**< as a RADIUS Filter-Id: names its QoS profile; "": none */
};
#define BNGD_MAX_TENANTS   64
#define BNGD_MAX_EAL_ARGS  64
#define BNGD_NAMELEN       32
#define BNGD_DEVLEN        512

struct bngd_prefix {
	uint8_t v6;
	uint8_t len;
	uint8_t addr[16]; /**< network order; IPv4 in the first four bytes */
};

/** VLAN ids a subscriber port takes (bitmaps of 4096 ids). */
struct bngd_vlan_ranges {
	uint64_t outer[64];
	uint64_t inner[64];
	uint8_t qinq;             /**< inner ids given: double tags (in range) only */
};

struct bngd_port_cfg {
	char name[BNGD_NAMELEN];
	char device[BNGD_DEVLEN]; /**< DPDK device: "net_pcap0,rx_pcap=..." or a PCI address */
	uint8_t role;             /**< enum bng_port_role */
	uint8_t has_mac;
	uint16_t rx_queues;
	uint16_t rx_desc, tx_desc;
	uint16_t tenant;
	uint16_t mtu;
	uint16_t tcp_mss;         /**< TCP SYNs in or out of the port: MSS at most this; 0: left alone */
	uint8_t promisc;
	uint8_t proxy_arp;        /**< answer ARP/NS for every address of its subnets */
	uint8_t anti_spoofing;    /**< upstream source must be a subscriber's, from its MAC */
	uint8_t subscriber_vlans; /**< subscribers on any VLAN: ARP answered in their tags, traffic tagged */
	uint8_t vlan_ranges;      /**< subscriber_vlans limited to @c vlans */
	struct bngd_vlan_ranges vlans;
	uint8_t ra;               /**< send router advertisements (IPv6 prefixes of the port) */
	uint8_t ra_managed, ra_other; /**< M and O flags (addresses / other config by DHCPv6) */
	uint32_t ra_interval_s;   /**< most time between unsolicited RAs */
	uint32_t ra_lifetime_s;   /**< router lifetime (0: not a default router) */
	struct rte_ether_addr mac;
	uint32_t n_addr;
	struct bngd_prefix addr[BNGD_MAX_ADDRS];
	uint8_t screen_zone;      /**< 1 + index of its zone in screen_zones; 0: none */
	int line;
};

/** A zone of the stateless screens: its ports and the screens they apply. */
struct bngd_screen_zone {
	char name[BNGD_NAMELEN];
	uint32_t enabled;         /**< SCREEN_BIT()s */
	struct screen_rate_zone rate; /**< the rate screens it enables and their thresholds */
	int tenant;               /**< the zone is this tenant's ports; -1: the ports listed */
	uint32_t ports;           /**< bit i: ports[i] is in the zone */
	int line;
};

struct bngd_route_cfg {
	uint32_t vrf;
	struct bngd_prefix prefix;
	uint8_t has_via;
	uint8_t blackhole;
	uint8_t prohibit;
	uint8_t via[16];
	int port;                 /**< index into ports, -1 when derived from via */
	int line;
};

struct bngd_neigh_cfg {
	int port;                 /**< index into ports */
	uint8_t v6;
	uint8_t addr[16];
	struct rte_ether_addr mac;
	int line;
};

struct bngd_tenant_cfg {
	uint16_t id;
	uint32_t vrf;
	char name[BNGD_NAMELEN];
	uint32_t n_services;
	char services[16][16];
	char nat[BNGD_NAMELEN];   /**< NAT instance translating this tenant, "" for none */
	int line;
};

struct bngd_config {
	char source[256];         /**< file name, or "<built-in>" */
	int n_eal;
	char *eal[BNGD_MAX_EAL_ARGS];

	uint32_t mbufs;
	uint32_t mbuf_cache;
	uint32_t mbuf_data_room;
	uint32_t burst;
	uint32_t tx_drain_us;
	uint32_t handoff_ring;
	uint32_t punt_ring;
	uint32_t punt_rate;       /**< control packets per second per worker, port and kind */
	uint32_t punt_burst;
	uint32_t idle_sleep_us;
	uint8_t express;          /**< the workers' express path (bngd_fast.c) is used */

	char console_socket[108];  /**< unix socket path of the console */
	uint32_t console_mode;     /**< its permissions */
	char metrics_listen[64];   /**< "address:port", or "" when disabled */

	char *text;               /**< the configuration as read, for "show config" */

	struct {
		uint32_t icmp_rate, icmp_burst;  /**< ICMP errors per second per worker */
		uint32_t echo_rate, echo_burst;  /**< echo replies per second per worker */
		uint8_t unreachable;             /**< send destination unreachable */
		uint8_t reassembly;              /**< reassemble forwarded fragments */
		uint32_t reass_flows;            /**< datagrams in reassembly per worker */
		uint32_t reass_timeout_ms;
	} ip;

	struct sess_config sess;
	struct fib_config fib;
	struct nat_config nat;
	int nat_line[NAT_MAX_INSTANCES];
	struct vtap_config neigh_table; /**< ARP and ND (management lcore) */
	uint8_t neigh_announce;   /**< gratuitous ARP / unsolicited NA at start */
	char host_interface[16];  /**< exception_path.interface: TUN for the box's own services */
	uint8_t aaa_enabled;      /**< an "aaa" section: PPPoE sessions use RADIUS */
	uint32_t aaa_n_servers;
	struct aaa_config aaa;
	uint8_t pppoe_enabled;    /**< a "pppoe" section: PPPoE access concentrator */
	struct pppoe_config pppoe;
	uint32_t pppoe_pool_first, pppoe_pool_last; /**< session addresses, network order */
	uint32_t pppoe_dns[2];
	uint32_t pppoe_idle_timeout_s;  /**< sessions' Idle-Timeout unless RADIUS says; 0: none */
	uint8_t pppoe_mss_clamp;  /**< sessions' TCP SYNs MSS-clamped to their MTU (default on) */
	uint32_t pppoe_n_users;
	struct bngd_pppoe_user pppoe_users[BNGD_MAX_PPPOE_USERS];
	uint8_t dhcp_enabled;     /**< a "dhcp" section: serve IPoE subscribers */
	char dhcp_lease_file[256]; /**< "": leases in memory only */
	uint8_t dhcp_relay;       /**< mode "relay": the operator's servers answer */
	uint32_t dhcp_n_servers;
	uint32_t dhcp_servers[4]; /**< relay mode: where client messages go (network order) */
	char dhcp_remote_id[64];  /**< relay mode: option 82 remote id ("": none) */
	struct dhcp_config dhcp;

	uint32_t n_ports;
	struct bngd_port_cfg ports[BNGD_MAX_PORTS];
	uint32_t n_screen_zones;
	struct bngd_screen_zone screen_zones[SCREEN_MAX_ZONES];
	struct bngd_acl_cfg acl;  /**< the "acl" section (bngd_config_acl.c) */
	struct bngd_qos_cfg qos;     /**< QoS profiles and who gets them */
	uint32_t n_tenants;
	struct bngd_tenant_cfg tenants[BNGD_MAX_TENANTS];
	uint32_t n_routes;
	struct bngd_route_cfg routes[BNGD_MAX_ROUTES];
	uint32_t n_neigh;
	struct bngd_neigh_cfg neigh[BNGD_MAX_NEIGHBORS];
};

/** The configuration compiled into bngd (a copy of conf/bngd.conf). */
extern const char bngd_builtin_config[];

/**
 * Parse and validate a configuration file.
 *
 * @param path  file to read
 * @param cfg   out: the configuration (call bngd_config_release() after)
 * @param err   where to print every error found (one per line)
 * @return 0 when valid, otherwise the number of errors printed.
 */
int bngd_config_load(const char *path, struct bngd_config *cfg, FILE *err);

/** As bngd_config_load() on a configuration held in a string. */
int bngd_config_load_string(const char *text, const char *source, struct bngd_config *cfg,
			    FILE *err);

/** Free what the configuration allocated (EAL argument strings). */
void bngd_config_release(struct bngd_config *cfg);

/** Index of the port called @p name, or -1. */
int bngd_config_port_index(const struct bngd_config *cfg, const char *name);

/** Parse "a.b.c.d/len" or "x::y/len" (len optional: host route). @return 0 or -1. */
int bngd_prefix_parse(const char *s, struct bngd_prefix *p, int need_len);

/** Format a prefix as text. */
const char *bngd_prefix_str(const struct bngd_prefix *p, char *buf, size_t len);

#endif /* BNGD_CONFIG_H */
