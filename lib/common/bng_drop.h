/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Drop reasons: one X-macro table generates the enum, the names shown by the
 * console and the metrics, and the per-worker counter array. Every packet the
 * appliance discards records exactly one of these, so "where did my packet
 * go" always has an answer.
 */
#ifndef BNG_DROP_H
#define BNG_DROP_H

#include <stdint.h>

/* _(ENUM_SUFFIX, "metric_name", "human explanation") */
#define BNG_FOREACH_DROP(_)                                                        \
	_(NONE, "none", "not dropped")                                             \
	_(RUNT, "runt", "frame shorter than an Ethernet header")                   \
	_(VLAN_TRUNC, "vlan_truncated", "802.1Q tag cut short")                    \
	_(VLAN_TOO_DEEP, "vlan_too_deep", "more than two VLAN tags")               \
	_(ETHERTYPE, "unsupported_ethertype", "EtherType the appliance does not handle") \
	_(ARP_TRUNC, "arp_truncated", "ARP packet shorter than 28 bytes")          \
	_(PPPOE_TRUNC, "pppoe_truncated", "PPPoE header cut short")                \
	_(PPPOE_BAD_HDR, "pppoe_bad_header", "PPPoE version/type/code invalid")     \
	_(PPPOE_BAD_LEN, "pppoe_bad_length", "PPPoE length beyond the frame")       \
	_(PPPOE_NO_SESSION, "pppoe_unknown_session", "PPPoE session id not known")  \
	_(PPPOE_IPV6, "pppoe_ipv6_not_routed", "IPv6 in a PPPoE session: sessions have no IPv6 addressing yet") \
	_(IP4_TRUNC, "ip4_truncated", "IPv4 header cut short")                     \
	_(IP4_BAD_VER, "ip4_bad_version", "IPv4 version field is not 4")           \
	_(IP4_BAD_IHL, "ip4_bad_ihl", "IPv4 header length below 20 or beyond the frame") \
	_(IP4_BAD_LEN, "ip4_bad_total_length", "IPv4 total length inconsistent with header or frame") \
	_(IP4_BAD_CSUM, "ip4_bad_checksum", "IPv4 header checksum wrong")           \
	_(IP6_TRUNC, "ip6_truncated", "IPv6 header cut short")                     \
	_(IP6_BAD_VER, "ip6_bad_version", "IPv6 version field is not 6")           \
	_(IP6_BAD_LEN, "ip6_bad_payload_length", "IPv6 payload length beyond the frame") \
	_(IP6_BAD_EXT, "ip6_bad_ext_chain", "IPv6 extension header chain malformed") \
	_(L4_TRUNC, "l4_truncated", "TCP/UDP/ICMP header cut short")               \
	_(TCP_BAD_DOFF, "tcp_bad_data_offset", "TCP data offset below 5 or beyond the packet") \
	_(ICMP_ERR_NO_SESSION, "icmp_error_no_session", "ICMP error for a flow with no session") \
	_(MCAST, "multicast_not_routed", "multicast or broadcast destination; the appliance does not route it") \
	_(LINK_LOCAL, "link_local_not_routed", "IPv6 link-local address; scope ends at the link") \
	_(TTL_EXCEEDED, "ttl_exceeded", "TTL or hop limit expired on the appliance") \
	_(NO_ROUTE, "no_route", "no route to the destination")                      \
	_(BLACKHOLE, "route_blackhole", "route to the destination is a blackhole")    \
	_(ADMIN_PROHIBITED, "administratively_prohibited", "route or policy prohibits the destination") \
	_(FRAG_NEEDED, "fragmentation_needed", "larger than the egress MTU with DF set") \
	_(PKT_TOO_BIG, "packet_too_big", "IPv6 packet larger than the egress MTU")     \
	_(FRAG_FAILED, "fragmentation_failed", "could not fragment (no buffers or too many fragments)") \
	_(REASS_FAILED, "reassembly_failed", "fragments timed out, overlapped or overflowed the reassembly table") \
	_(FRAG_NO_SESSION, "fragment_no_session", "later fragment of a datagram whose first fragment made no session") \
	_(FRAG_TIMEOUT, "fragment_timeout", "later fragments held for a first fragment that never came") \
	_(FRAG_OVERFLOW, "fragment_overflow", "more later fragments before the first than are held per datagram") \
	_(FRAG_TABLE_FULL, "fragment_table_full", "fragment tracking table full (ip.reassembly_flows)") \
	_(LOCAL, "to_appliance_unhandled", "addressed to the appliance; nothing here answers it") \
	_(ICMP_RATE, "icmp_rate_limited", "echo request to the appliance over the ICMP rate") \
	_(NEIGH_UNRESOLVED, "neighbor_unresolved", "next hop has no link-layer address") \
	_(SPOOFED, "spoofed_source", "upstream source is not a subscriber's address from its MAC and port") \
	_(NO_HEADROOM, "no_headroom", "no room in front of the packet for a subscriber's VLAN tags") \
	_(VLAN_NOT_ALLOWED, "vlan_not_allowed", "tagged frame on a subscriber port outside its VLAN ranges") \
	_(SCREEN_LAND, "screen_land", "screen: source address equals the destination (land attack)") \
	_(SCREEN_SOURCE_ROUTE, "screen_source_route", "screen: IPv4 loose/strict source route option, or IPv6 routing header type 0") \
	_(SCREEN_RECORD_ROUTE, "screen_record_route", "screen: IPv4 record route option") \
	_(SCREEN_PING_OF_DEATH, "screen_ping_of_death", "screen: ICMP fragment whose datagram would exceed 65535 bytes (ping of death)") \
	_(SCREEN_TEARDROP, "screen_teardrop", "screen: fragment that must overlap another of its datagram (teardrop)") \
	_(SCREEN_ICMP_FRAGMENT, "screen_icmp_fragment", "screen: fragmented ICMP") \
	_(SCREEN_WINNUKE, "screen_winnuke", "screen: TCP with URG to port 139 (WinNuke)") \
	_(SCREEN_SYN_FIN, "screen_syn_fin", "screen: TCP with both SYN and FIN") \
	_(SCREEN_TCP_NO_FLAG, "screen_tcp_no_flag", "screen: TCP with no control flag (null scan)") \
	_(SCREEN_SYN_FLOOD, "screen_syn_flood", "screen: SYNs to one destination over the zone's syn_flood rate") \
	_(SCREEN_SYN_FLOOD_SRC, "screen_syn_flood_src", "screen: SYNs from one source over the zone's syn_flood_src rate") \
	_(SCREEN_ICMP_FLOOD, "screen_icmp_flood", "screen: ICMP to one destination over the zone's icmp_flood rate") \
	_(SCREEN_UDP_FLOOD, "screen_udp_flood", "screen: UDP to one destination over the zone's udp_flood rate") \
	_(SCREEN_IP_SWEEP, "screen_ip_sweep", "screen: a source's SYN or echo to more destinations in a window than ip_sweep") \
	_(SCREEN_PORT_SCAN, "screen_port_scan", "screen: a source's SYNs to more ports of one destination in a window than port_scan") \
	_(SCREEN_BLOCKED, "screen_blocked", "screen: source blocked for block_s after an IP sweep or port scan") \
	_(QOS_POLICED_UP, "qos_policed_up", "QoS: from a subscriber over its profile's peak rate and burst (red)") \
	_(QOS_POLICED_DOWN, "qos_policed_down", "QoS: to a subscriber over its profile's peak rate and burst (red)") \
	_(ACL_DENY, "acl_deny", "ACL: a new flow denied by a rule or the default action") \
	_(ACL_REJECT, "acl_reject", "ACL: a new flow rejected (answered with a TCP reset or ICMP unreachable within acl.reject_rate)") \
	_(NO_FORWARD, "no_forward_service", "session chain has no forward service")  \
	_(SESS_FULL, "session_table_full", "session table full; new flow refused")  \
	_(HANDOFF_FULL, "handoff_ring_full", "owner worker's handoff ring full")    \
	_(PUNT_FULL, "punt_ring_full", "management punt ring full")                 \
	_(PUNT_RATE, "punt_rate_limited", "control packet over the punt rate limit") \
	_(TX_FULL, "tx_queue_full", "port transmit queue full")                     \
	_(NAT_EXHAUSTED, "nat_ports_exhausted", "NAT: no free port or port block for a new mapping") \
	_(NAT_QUOTA, "nat_session_limit", "NAT: the subscriber is at its session limit") \
	_(NAT_NO_MAPPING, "nat_no_mapping", "NAT: inbound to an external address and port with no mapping") \
	_(NAT_FILTERED, "nat_filtered", "NAT: inbound refused by the filtering mode")   \
	_(NAT_HAIRPIN, "nat_hairpin_loop", "NAT: a packet hairpinned more than once")   \
	_(NAT_NOT_INSIDE, "nat_not_inside", "NAT: source outside the deterministic instance's inside prefix") \
	_(SERVICE, "service_drop", "a service dropped the packet")

enum bng_drop {
#define BNG_DROP_ENUM(e, n, h) BNG_DROP_##e,
	BNG_FOREACH_DROP(BNG_DROP_ENUM)
#undef BNG_DROP_ENUM
	BNG_DROP_MAX
};

/** Per-worker drop counters, indexed by enum bng_drop; summed when read. */
struct bng_drop_counters {
	uint64_t count[BNG_DROP_MAX];
};

/** Metric-style name of a drop reason ("ip4_bad_checksum"); "?" if out of range. */
const char *bng_drop_name(unsigned int reason);

/** One-line explanation of a drop reason, for the console. */
const char *bng_drop_help(unsigned int reason);

#endif /* BNG_DROP_H */
