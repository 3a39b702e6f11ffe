# SPDX-License-Identifier: BSD-3-Clause
"""Golden cases of the router: forwarding, parsing, L3 input, ICMP, MTU, fragments."""
from golden import *  # noqa: F401,F403


# ---------------------------------------------------------------- cases
def case_fwd_v4():
    c = Case("fwd_v4", "IPv4 forwarding both ways: UDP, TCP handshake/data/FIN, ICMP echo "
             "both ways, padding, options, max-size frame; one session per flow")
    r = REMOTE4 % 10
    # UDP request / response
    c.up(2, IP(src=sub4(2), dst=r, id=1) / UDP(sport=40000, dport=53) / Raw(b"query"))
    c.down(2, IP(src=r, dst=sub4(2), id=2) / UDP(sport=53, dport=40000) / Raw(b"answer!"))
    c.up(2, IP(src=sub4(2), dst=r, id=3) / UDP(sport=40000, dport=53) / Raw(b"query2"))
    # TCP: handshake, data both ways, FIN both ways
    s, d, sp = sub4(3), REMOTE4 % 20, 40001
    c.up(3, IP(src=s, dst=d, id=10) / TCP(sport=sp, dport=80, flags="S", seq=1000))
    c.down(3, IP(src=d, dst=s, id=20) / TCP(sport=80, dport=sp, flags="SA", seq=5000, ack=1001))
    c.up(3, IP(src=s, dst=d, id=11) / TCP(sport=sp, dport=80, flags="A", seq=1001, ack=5001))
    c.up(3, IP(src=s, dst=d, id=12, flags="DF") /
         TCP(sport=sp, dport=80, flags="PA", seq=1001, ack=5001) / Raw(b"GET / HTTP/1.0\r\n\r\n"))
    c.down(3, IP(src=d, dst=s, id=21, flags="DF") /
           TCP(sport=80, dport=sp, flags="PA", seq=5001, ack=1019) / Raw(b"HTTP/1.0 200 OK\r\n"))
    c.up(3, IP(src=s, dst=d, id=13) / TCP(sport=sp, dport=80, flags="FA", seq=1019, ack=5018))
    c.down(3, IP(src=d, dst=s, id=22) / TCP(sport=80, dport=sp, flags="FA", seq=5018, ack=1020))
    c.up(3, IP(src=s, dst=d, id=14) / TCP(sport=sp, dport=80, flags="A", seq=1020, ack=5019))
    # TCP with options (MSS, SACK-perm, timestamps, wscale) and TOS/ECN bits
    c.up(3, IP(src=s, dst=d, id=15, tos=0xb9) /
         TCP(sport=sp + 1, dport=443, flags="S", seq=77,
             options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (1, 0)),
                      ("NOP", None), ("WScale", 7)]))
    # ICMP echo from the subscriber, reply from the internet
    c.up(4, IP(src=sub4(4), dst=REMOTE4 % 30, id=30) / ICMP(type=8, id=0x1234, seq=1) / Raw(b"ping" * 8))
    c.down(4, IP(src=REMOTE4 % 30, dst=sub4(4), id=31) / ICMP(type=0, id=0x1234, seq=1) / Raw(b"ping" * 8))
    # ICMP echo from the internet to a subscriber, reply from the subscriber
    c.down(5, IP(src=REMOTE4 % 40, dst=sub4(5), id=40) / ICMP(type=8, id=0x4321, seq=7))
    c.up(5, IP(src=sub4(5), dst=REMOTE4 % 40, id=41) / ICMP(type=0, id=0x4321, seq=7))
    # downstream-initiated UDP
    c.down(6, IP(src=REMOTE4 % 50, dst=sub4(6), ttl=3) / UDP(sport=5060, dport=5060) / Raw(b"INVITE"))
    c.up(6, IP(src=sub4(6), dst=REMOTE4 % 50, ttl=128) / UDP(sport=5060, dport=5060) / Raw(b"200"))
    # short UDP padded to the 60-byte Ethernet minimum: padding kept as is
    f = Ether(src=sub_mac(7), dst=A_MAC) / IP(src=sub4(7), dst=REMOTE4 % 60) / UDP(sport=1, dport=9) / Raw(b"x")
    c.add("access", raw(f) + b"\xaa" * (60 - len(f)), fwd=("core", GW_MAC))
    # IPv4 options (record route + NOP/EOL) are carried untouched
    c.up(8, IP(src=sub4(8), dst=REMOTE4 % 70, options=[b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
         UDP(sport=7000, dport=7001) / Raw(b"opts"))
    # a full 1500-byte IP packet, and a first fragment (MF set, offset 0)
    c.up(9, IP(src=sub4(9), dst=REMOTE4 % 80, flags="DF") / TCP(sport=2000, dport=80, flags="A") /
         Raw(bytes(range(256)) * 5 + b"z" * 180))
    c.down(9, IP(src=REMOTE4 % 80, dst=sub4(9), flags="MF", id=999) / UDP(sport=4500, dport=4500, len=1200) /
           Raw(b"f" * 600))
    # the other subscribers' traffic, one flow each
    for i in range(10, 52):
        c.up(i, IP(src=sub4(i), dst=REMOTE4 % (100 + i)) / UDP(sport=10000 + i, dport=123) / Raw(b"ntp"))
        c.down(i, IP(src=REMOTE4 % (100 + i), dst=sub4(i)) / UDP(sport=123, dport=10000 + i) / Raw(b"NTP"))
    return c


def case_fwd_v6():
    c = Case("fwd_v6", "IPv6 forwarding both ways: UDP, TCP handshake/data/FIN, ICMPv6 echo "
             "both ways, extension headers, flow label; hop limit minus one")
    r = REMOTE6 % 10
    c.up(2, IPv6(src=sub6(2), dst=r) / UDP(sport=40000, dport=53) / Raw(b"query"))
    c.down(2, IPv6(src=r, dst=sub6(2)) / UDP(sport=53, dport=40000) / Raw(b"answer!"))
    c.up(2, IPv6(src=sub6(2), dst=r, hlim=2) / UDP(sport=40000, dport=53) / Raw(b"q2"))
    s, d, sp = sub6(3), REMOTE6 % 20, 40001
    c.up(3, IPv6(src=s, dst=d, fl=0x12345) / TCP(sport=sp, dport=80, flags="S", seq=1000))
    c.down(3, IPv6(src=d, dst=s) / TCP(sport=80, dport=sp, flags="SA", seq=5000, ack=1001))
    c.up(3, IPv6(src=s, dst=d, fl=0x12345) / TCP(sport=sp, dport=80, flags="A", seq=1001, ack=5001))
    c.up(3, IPv6(src=s, dst=d, fl=0x12345, tc=0x28) /
         TCP(sport=sp, dport=80, flags="PA", seq=1001, ack=5001) / Raw(b"GET / HTTP/1.0\r\n\r\n"))
    c.down(3, IPv6(src=d, dst=s) / TCP(sport=80, dport=sp, flags="PA", seq=5001, ack=1019) /
           Raw(b"HTTP/1.0 200 OK\r\n"))
    c.up(3, IPv6(src=s, dst=d) / TCP(sport=sp, dport=80, flags="FA", seq=1019, ack=5018))
    c.down(3, IPv6(src=d, dst=s) / TCP(sport=80, dport=sp, flags="FA", seq=5018, ack=1020))
    c.up(3, IPv6(src=s, dst=d) / TCP(sport=sp, dport=80, flags="A", seq=1020, ack=5019))
    c.up(4, IPv6(src=sub6(4), dst=REMOTE6 % 30) / ICMPv6EchoRequest(id=0x1234, seq=1, data=b"ping" * 8))
    c.down(4, IPv6(src=REMOTE6 % 30, dst=sub6(4)) / ICMPv6EchoReply(id=0x1234, seq=1, data=b"ping" * 8))
    c.down(5, IPv6(src=REMOTE6 % 40, dst=sub6(5)) / ICMPv6EchoRequest(id=0x4321, seq=7))
    c.up(5, IPv6(src=sub6(5), dst=REMOTE6 % 40) / ICMPv6EchoReply(id=0x4321, seq=7))
    # extension headers before the transport header: still one flow with the UDP ports
    c.up(6, IPv6(src=sub6(6), dst=REMOTE6 % 50) / IPv6ExtHdrDestOpt() / UDP(sport=6000, dport=6001) / Raw(b"dst"))
    c.down(6, IPv6(src=REMOTE6 % 50, dst=sub6(6)) / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
           UDP(sport=6001, dport=6000) / Raw(b"hbh+dst"))
    c.up(6, IPv6(src=sub6(6), dst=REMOTE6 % 50) / IPv6ExtHdrFragment(m=1, offset=0, id=77) /
         UDP(sport=6000, dport=6001, len=1000) / Raw(b"frag0"))
    # large frame
    c.up(7, IPv6(src=sub6(7), dst=REMOTE6 % 60) / TCP(sport=2000, dport=80, flags="A") /
         Raw(bytes(range(256)) * 5 + b"z" * 160))
    for i in range(8, 52):
        c.up(i, IPv6(src=sub6(i), dst=REMOTE6 % (100 + i)) / UDP(sport=10000 + i, dport=123) / Raw(b"ntp"))
        c.down(i, IPv6(src=REMOTE6 % (100 + i), dst=sub6(i)) / UDP(sport=123, dport=10000 + i) / Raw(b"NTP"))
    return c


def case_vlan():
    c = Case("vlan", "802.1Q, QinQ (0x88a8 and 0x9100 outer) tagged IPv4/IPv6 leave untagged")
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    q = Dot1Q(vlan=100, prio=5)
    c.up(2, IP(src=sub4(2), dst=r4) / UDP(sport=1000, dport=2000) / Raw(b"dot1q v4"), tag=q)
    c.up(2, IPv6(src=sub6(2), dst=r6) / UDP(sport=1000, dport=2000) / Raw(b"dot1q v6"), tag=Dot1Q(vlan=100))
    c.up(3, IP(src=sub4(3), dst=r4) / TCP(sport=1001, dport=80, flags="S"), tag=Dot1AD(vlan=200) / Dot1Q(vlan=300))
    c.up(3, IPv6(src=sub6(3), dst=r6) / TCP(sport=1001, dport=80, flags="S"), tag=Dot1AD(vlan=200) / Dot1Q(vlan=300))
    c.up(4, IP(src=sub4(4), dst=r4) / ICMP(type=8, id=9, seq=1), tag=Dot1AD(vlan=4094) / Dot1Q(vlan=1, prio=7))
    # 0x9100 outer tag (old QinQ)
    e = Ether(src=sub_mac(5), dst=A_MAC, type=0x9100) / Dot1Q(vlan=10) / Dot1Q(vlan=20)
    c.add("access", e / IP(src=sub4(5), dst=r4) / UDP(sport=5, dport=5) / Raw(b"9100"), fwd=("core", GW_MAC))
    # tagged, padded to 64 bytes: tags go, padding stays
    f = raw(Ether(src=sub_mac(6), dst=A_MAC) / Dot1Q(vlan=7) / IP(src=sub4(6), dst=r4) / UDP(sport=6, dport=6))
    c.add("access", f + b"\0" * (64 - len(f)), fwd=("core", GW_MAC))
    # replies from the core (untagged in, untagged out)
    c.down(2, IP(src=r4, dst=sub4(2)) / UDP(sport=2000, dport=1000) / Raw(b"reply v4"))
    c.down(2, IPv6(src=r6, dst=sub6(2)) / UDP(sport=2000, dport=1000) / Raw(b"reply v6"))
    # a tagged frame from the core side also leaves untagged
    e = Ether(src=GW_MAC, dst=C_MAC) / Dot1Q(vlan=42)
    c.add("core", e / IP(src=r4, dst=sub4(3)) / TCP(sport=80, dport=1001, flags="SA"), fwd=("access", sub_mac(3)))
    # interleaved untagged
    c.up(7, IP(src=sub4(7), dst=r4) / UDP(sport=7, dport=7))
    return c


def case_vlan_ranges():
    c = Case("vlan_ranges", "a subscriber port's S-VLAN 100-199 / C-VLAN 1-100 ranges: QinQ "
             "in range forwarded (tags gone), untagged forwarded, an outer id, an inner id "
             "or a single tag outside them dropped (vlan_not_allowed), an ARP too (not punted)")
    c.access_opts = ' subscriber_vlans = { outer = "100-199"; inner = "1-100"; };'
    r4 = REMOTE4 % 10
    ok = Dot1AD(vlan=100) / Dot1Q(vlan=7)
    c.up(2, IP(src=sub4(2), dst=r4) / UDP(sport=1, dport=2) / Raw(b"in range"), tag=ok)
    c.up(3, IP(src=sub4(3), dst=r4) / UDP(sport=1, dport=2) / Raw(b"199/100"),
         tag=Dot1Q(vlan=199) / Dot1Q(vlan=100))
    c.up(4, IP(src=sub4(4), dst=r4) / UDP(sport=1, dport=2) / Raw(b"untagged"))
    bad = "vlan_not_allowed"
    c.up(5, IP(src=sub4(5), dst=r4) / UDP(sport=1, dport=2), tag=Dot1AD(vlan=200) / Dot1Q(vlan=7),
         drop=bad)
    c.up(5, IP(src=sub4(5), dst=r4) / UDP(sport=1, dport=2), tag=Dot1AD(vlan=100) / Dot1Q(vlan=101),
         drop=bad)
    c.up(5, IP(src=sub4(5), dst=r4) / UDP(sport=1, dport=2), tag=Dot1Q(vlan=150), drop=bad)
    c.add("access", Ether(src=sub_mac(5), dst="ff:ff:ff:ff:ff:ff") / Dot1Q(vlan=300) /
          ARP(op=1, hwsrc=sub_mac(5), psrc=sub4(5), pdst=A_IP4), drop=bad)
    return c


def ip4_with_csum(want, out_ttl, in_ttl, **kw):
    """
    IPv4/UDP whose header checksum is @want when its TTL is @out_ttl, found
    by varying the ID; returned with TTL @in_ttl and its checksum recomputed.
    """
    def build(ident, ttl):
        return raw(IP(id=ident, ttl=ttl, **kw) / UDP(sport=4242, dport=4242) / Raw(b"csum"))

    h = build(0, out_ttl)
    for ident in range(65536):
        hdr = h[:4] + ident.to_bytes(2, "big") + h[6:10] + b"\0\0" + h[12:20]
        if csum(hdr) == want:
            return IP(build(ident, in_ttl))
    raise RuntimeError("no id gives checksum %#x" % want)


def case_tcp_mss():
    c = Case("tcp_mss", "tcp_mss = 1400 on access0: SYNs in from it (IPv4, IPv6) and "
             "SYN-ACKs out to it leave with MSS 1400 and right checksums; a smaller MSS, a "
             "SYN without the option and data segments are left alone; mss_clamped counts")
    c.access_opts = " tcp_mss = 1400;"

    def clamped(port, frame, mss_out, dmac):
        """@frame forwarded out of @port to @dmac with its MSS option now @mss_out."""
        exp = frame.copy()
        exp[TCP].options = [(k, mss_out if k == "MSS" else v) for k, v in exp[TCP].options]
        del exp[TCP].chksum
        out = routed(raw(exp), PORT_MAC[port], dmac)
        c.add("core" if port == "access" else "access", raw(frame), out=[(port, out)],
              session=True, stage="owned", ip={"mss_clamped": 1})

    s, r, sp = sub4(2), REMOTE4 % 10, 41000
    up = Ether(src=sub_mac(2), dst=A_MAC)
    down = Ether(src=GW_MAC, dst=C_MAC)
    # in from access0: clamped (ingress port)
    clamped("core", up / IP(src=s, dst=r, id=1) /
            TCP(sport=sp, dport=80, flags="S", seq=100,
                options=[("MSS", 1460), ("SAckOK", b""), ("WScale", 7)]), 1400, GW_MAC)
    # out to access0: the SYN-ACK clamped (egress port)
    clamped("access", down / IP(src=r, dst=s, id=2) /
            TCP(sport=80, dport=sp, flags="SA", seq=900, ack=101,
                options=[("NOP", None), ("MSS", 8960), ("NOP", None), ("NOP", None)]),
            1400, sub_mac(2))
    # data both ways, and a SYN already below the clamp: untouched
    c.up(2, IP(src=s, dst=r, id=3) / TCP(sport=sp, dport=80, flags="A", seq=101, ack=901) /
         Raw(b"x" * 20))
    c.down(2, IP(src=r, dst=s, id=4) / TCP(sport=80, dport=sp, flags="PA", seq=901, ack=121) /
           Raw(b"y" * 30))
    c.up(3, IP(src=sub4(3), dst=r, id=5) / TCP(sport=sp, dport=443, flags="S", seq=7,
                                                options=[("MSS", 1300)]))
    # a SYN without the option: no option is added
    c.up(4, IP(src=sub4(4), dst=r, id=6) / TCP(sport=sp, dport=22, flags="S", seq=8))
    # IPv6 from access0: clamped too
    clamped("core", Ether(src=sub_mac(5), dst=A_MAC) / IPv6(src=sub6(5), dst=REMOTE6 % 10) /
            TCP(sport=sp, dport=80, flags="S", seq=9, options=[("MSS", 1440)]), 1400, GW_MAC)
    return c


def case_ttl():
    c = Case("ttl", "TTL/hop limit 0 and 1 refused (ttl_exceeded) with ICMP time exceeded "
             "back out of the ingress port, from its first address, quoting the datagram; "
             "2 leaves as 1; refused packets create no session; the appliance's own "
             "address beats TTL; incremental checksum corner cases")
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    for ttl in (1, 0):
        c.up(2, IP(src=sub4(2), dst=r4, ttl=ttl) / UDP(sport=1, dport=2), err="ttl_exceeded")
        c.up(2, IPv6(src=sub6(2), dst=r6, hlim=ttl) / UDP(sport=1, dport=2), err="ttl_exceeded")
        c.down(2, IP(src=r4, dst=sub4(2), ttl=ttl) / UDP(sport=2, dport=1), err="ttl_exceeded")
        c.down(2, IPv6(src=r6, dst=sub6(2), hlim=ttl) / UDP(sport=2, dport=1), err="ttl_exceeded")
    c.up(2, IP(src=sub4(2), dst=r4, ttl=2) / UDP(sport=1, dport=2))
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=2) / UDP(sport=1, dport=2))
    c.down(2, IP(src=r4, dst=sub4(2), ttl=2) / UDP(sport=2, dport=1))
    c.down(2, IPv6(src=r6, dst=sub6(2), hlim=2) / UDP(sport=2, dport=1))
    c.up(3, IP(src=sub4(3), dst=r4, ttl=1) / TCP(sport=3, dport=80, flags="S"), err="ttl_exceeded")
    c.up(3, IP(src=sub4(3), dst=r4, ttl=255) / TCP(sport=3, dport=80, flags="S"))
    c.up(3, IPv6(src=sub6(3), dst=r6, hlim=255) / TCP(sport=3, dport=80, flags="S"))
    # TTL 1 to the appliance's own address is for it, not expired: UDP is
    # not served there, an echo request is answered
    c.up(4, IP(src=sub4(4), dst=A_IP4, ttl=1) / UDP(sport=4, dport=7), drop="to_appliance_unhandled")
    c.up(4, IPv6(src=sub6(4), dst=A_IP6, hlim=1) / UDP(sport=4, dport=7), drop="to_appliance_unhandled")
    c.up(4, IP(src=sub4(4), dst=A_IP4, ttl=1) / ICMP(type=8, id=4, seq=1), echo=True)
    c.up(4, IPv6(src=sub6(4), dst=A_IP6, hlim=0) / ICMPv6EchoRequest(id=4, seq=1), echo=True)
    # incremental checksum corner cases: 0x0000 after the decrement, 0x0000
    # before it, carries out of either byte, and an input carrying 0xffff
    # (the other one's-complement zero, accepted by the checksum test)
    r = REMOTE4 % 11
    c.up(5, ip4_with_csum(0x0000, 64, 65, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0x0000, 64, 64, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0xffff - 0x0100, 64, 64, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0x00ff, 64, 64, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0x0100, 64, 64, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0xfffe, 2, 2, src=sub4(5), dst=r))
    z = raw(ip4_with_csum(0x0000, 64, 64, src=sub4(5), dst=r, tos=4))
    c.up(5, IP(z[:10] + b"\xff\xff" + z[12:]))
    return c


def case_malformed():
    c = Case("malformed", "one frame per parser drop reason, each counted under its name; "
             "good frames in between still forwarded")
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    eth = Ether(src=sub_mac(2), dst=A_MAC)
    good_n = [0]

    def good():
        good_n[0] += 1
        c.up(3, IP(src=sub4(3), dst=r4, id=good_n[0]) / UDP(sport=3000, dport=3000) / Raw(b"good %d" % good_n[0]))

    def bad(frame, reason, port="access"):
        good()
        c.add(port, frame, drop=reason)

    udp4 = IP(src=sub4(2), dst=r4) / UDP(sport=1, dport=2) / Raw(b"payload")
    udp6 = IPv6(src=sub6(2), dst=r6) / UDP(sport=1, dport=2) / Raw(b"payload")
    bad(raw(eth)[:10], "runt")
    bad(raw(eth)[:13], "runt", port="core")
    bad(raw(Ether(src=sub_mac(2), dst=A_MAC, type=0x8100)) + b"\x00\x64", "vlan_truncated")
    bad(eth / Dot1AD(vlan=1) / Dot1Q(vlan=2) / Dot1Q(vlan=3) / udp4, "vlan_too_deep")
    bad(Ether(src=sub_mac(2), dst=A_MAC, type=0x88b5) / Raw(b"\0" * 46), "unsupported_ethertype")
    bad(Ether(src=sub_mac(2), dst=A_MAC, type=0x88cc) / Raw(b"\0" * 46), "unsupported_ethertype", port="core")
    bad(eth / Dot1Q(vlan=5, type=0x0842) / Raw(b"\0" * 40), "unsupported_ethertype")
    bad(raw(eth / ARP(pdst=A_IP4))[:14 + 20], "arp_truncated")
    bad(raw(Ether(src=sub_mac(2), dst=A_MAC, type=0x8863)) + b"\x11\x09\x00", "pppoe_truncated")
    bad(raw(Ether(src=sub_mac(2), dst=A_MAC, type=0x8864)) + b"\x11\x00\x00\x01\x00", "pppoe_truncated")
    ppp_ip = b"\x00\x21" + raw(udp4)
    pl = len(ppp_ip).to_bytes(2, "big")
    e64 = raw(Ether(src=sub_mac(2), dst=A_MAC, type=0x8864))
    bad(e64 + b"\x12\x00\x00\x01" + pl + ppp_ip, "pppoe_bad_header")
    bad(e64 + b"\x11\x01\x00\x01" + pl + ppp_ip, "pppoe_bad_header")
    bad(e64 + b"\x11\x00\x00\x01" + (len(ppp_ip) + 1).to_bytes(2, "big") + ppp_ip, "pppoe_bad_length")
    bad(e64 + b"\x11\x00\x00\x01\x00\x01" + ppp_ip, "pppoe_bad_length")
    bad(raw(eth / udp4)[:14 + 19], "ip4_truncated")
    bad(eth / IP(version=6, src=sub4(2), dst=r4) / UDP(), "ip4_bad_version")
    bad(eth / IP(ihl=4, src=sub4(2), dst=r4) / UDP(), "ip4_bad_ihl")
    bad(raw(eth / IP(ihl=15, src=sub4(2), dst=r4, len=20, proto=17))[:14 + 40], "ip4_bad_ihl")
    bad(eth / IP(len=len(udp4) + 1, src=sub4(2), dst=r4) / UDP(sport=1, dport=2) / Raw(b"payload"),
        "ip4_bad_total_length")
    bad(eth / IP(len=19, src=sub4(2), dst=r4) / UDP(sport=1, dport=2), "ip4_bad_total_length")
    bad(eth / IP(chksum=0x1234, src=sub4(2), dst=r4) / UDP(sport=1, dport=2), "ip4_bad_checksum")
    bad(eth / IP(chksum=0x1234, src=REMOTE4 % 10, dst=sub4(2)) / UDP(sport=1, dport=2),
        "ip4_bad_checksum", port="core")
    bad(raw(eth / udp6)[:14 + 39], "ip6_truncated")
    bad(eth / IPv6(version=4, src=sub6(2), dst=r6) / UDP(), "ip6_bad_version")
    bad(eth / IPv6(plen=len(udp6) - 40 + 1, src=sub6(2), dst=r6) / UDP(sport=1, dport=2) / Raw(b"payload"),
        "ip6_bad_payload_length")
    # hop-by-hop not first; an extension header longer than the packet; 9 headers
    bad(eth / IPv6(src=sub6(2), dst=r6) / IPv6ExtHdrDestOpt() / IPv6ExtHdrHopByHop() / UDP(),
        "ip6_bad_ext_chain")
    bad(eth / IPv6(src=sub6(2), dst=r6, nh=60) / Raw(b"\x11\x05" + b"\x01\x04\0\0\0\0"),
        "ip6_bad_ext_chain")
    x = IPv6(src=sub6(2), dst=r6)
    for _ in range(9):
        x = x / IPv6ExtHdrDestOpt()
    bad(eth / x / UDP(sport=1, dport=2), "ip6_bad_ext_chain")
    bad(eth / IPv6(src=sub6(2), dst=r6, nh=44) / Raw(b"\x11\x00\x00"), "ip6_bad_ext_chain")
    # transport headers cut short (the IP lengths agree with the frame)
    bad(eth / IP(src=sub4(2), dst=r4, proto=6) / Raw(raw(TCP(sport=1, dport=2))[:19]), "l4_truncated")
    bad(eth / IP(src=sub4(2), dst=r4, proto=17) / Raw(b"\0\1\0\2\0\x08\0"), "l4_truncated")
    bad(eth / IP(src=sub4(2), dst=r4, proto=1) / Raw(b"\x08\0\0\0\0\1\0"), "l4_truncated")
    bad(eth / IPv6(src=sub6(2), dst=r6, nh=6) / Raw(raw(TCP(sport=1, dport=2))[:12]), "l4_truncated")
    bad(eth / IPv6(src=sub6(2), dst=r6, nh=58) / Raw(b"\x80\0\0"), "l4_truncated")
    # the IPv4 total length ends the datagram before the TCP header (frame padded)
    f = raw(eth / IP(src=sub4(2), dst=r4, proto=6, len=20 + 12) / Raw(raw(TCP(sport=1, dport=2))))
    bad(f, "l4_truncated")
    bad(eth / IP(src=sub4(2), dst=r4) / TCP(sport=1, dport=2, dataofs=4), "tcp_bad_data_offset")
    bad(eth / IP(src=sub4(2), dst=r4) / TCP(sport=1, dport=2, dataofs=15), "tcp_bad_data_offset")
    bad(eth / IPv6(src=sub6(2), dst=r6) / TCP(sport=1, dport=2, dataofs=6), "tcp_bad_data_offset")
    good()
    return c


def case_v6_ext_limit():
    c = Case("v6_ext_limit", "IPv6 extension header chain length: 7 and 8 headers before "
             "UDP forwarded (the parser walks 8), 9 dropped as ip6_bad_ext_chain")
    r6 = REMOTE6 % 10
    for n, fate in ((1, None), (7, None), (8, None), (9, "ip6_bad_ext_chain")):
        x = IPv6(src=sub6(2), dst=r6)
        for _ in range(n):
            x = x / IPv6ExtHdrDestOpt()
        x = x / UDP(sport=n, dport=9) / Raw(b"%d ext headers" % n)
        if fate is None:
            c.up(2, x)
        else:
            c.up(2, x, drop=fate)
    return c


def case_fragments():
    c = Case("fragments", "IPv4 and IPv6 fragments (first, middle, last) forwarded both "
             "ways with TTL/hop limit minus one; fragment contents untouched")
    c.check_sessions = False  # how non-first fragments are keyed is bngd's business
    r4, r6 = REMOTE4 % 90, REMOTE6 % 90
    data = bytes(range(256)) * 12
    udp = raw(UDP(sport=5000, dport=5001, len=8 + len(data), chksum=0x1234) / Raw(data))
    # IPv4: 3 fragments of 1480/1480/rest bytes, from the subscriber and to it
    for i, (src, dst) in enumerate(((sub4(2), r4), (r4, sub4(2)))):
        for off, mf in ((0, 1), (1480, 1), (2960, 0)):
            chunk = udp[off:off + 1480]
            p = IP(src=src, dst=dst, id=0x5150 + i, flags="MF" if mf else 0, frag=off // 8,
                   proto=17) / Raw(chunk)
            (c.up if i == 0 else c.down)(2, p)
    # IPv6: the same with a fragment header
    for i, (src, dst) in enumerate(((sub6(2), r6), (r6, sub6(2)))):
        for off, mf in ((0, 1), (1448, 1), (2896, 0)):
            chunk = udp[off:off + 1448]
            p = IPv6(src=src, dst=dst) / IPv6ExtHdrFragment(nh=17, m=mf, offset=off // 8,
                                                            id=0xabc0 + i) / Raw(chunk)
            (c.up if i == 0 else c.down)(2, p)
    # a later fragment alone, and one whose offset makes it look like TCP ports
    c.up(3, IP(src=sub4(3), dst=r4, frag=100, proto=6) / Raw(b"\x00\x50" * 20))
    c.up(3, IPv6(src=sub6(3), dst=r6) / IPv6ExtHdrFragment(nh=6, offset=100, id=9) / Raw(b"\x00\x50" * 20))
    return c


def case_routing():
    routes = [
        'prefix = "100.64.0.0/10"; via = "%s";' % GW4,
        'prefix = "192.0.2.0/24"; blackhole = true;',
        'prefix = "203.0.113.0/24"; via = "198.51.100.3";',  # on core0, no neighbor
        'prefix = "2001:db8:64::/48"; via = "%s";' % GW6,
        'prefix = "2001:db8:99::/48"; blackhole = true;',
        'prefix = "2001:db8:30::/48"; via = "2001:db8:20::3";',
    ]
    c = Case("routing", "no default route: no_route answered with ICMP net unreachable / "
             "ICMPv6 no route; blackhole: route_blackhole, silent; a gateway without "
             "neighbor (asked for at start) and connected hosts without neighbor: the "
             "packets held (punt resolve) while ARP / ND solicit them, once each; "
             "own addresses: echo answered, the rest to_appliance_unhandled", routes=routes)
    c.up(2, IP(src=sub4(2), dst="100.64.1.1") / UDP(sport=1, dport=2) / Raw(b"routed"))
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:64::1") / UDP(sport=1, dport=2) / Raw(b"routed"))
    c.down(2, IP(src="100.64.1.1", dst=sub4(2)) / UDP(sport=2, dport=1) / Raw(b"back"))
    c.up(2, IP(src=sub4(2), dst="8.8.8.8") / UDP(sport=3, dport=53), err="no_route")
    c.up(2, IPv6(src=sub6(2), dst="2001:4860::8888") / UDP(sport=3, dport=53), err="no_route")
    c.up(2, IP(src=sub4(2), dst="192.0.2.55") / UDP(sport=4, dport=53), drop="route_blackhole")
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:99::1") / UDP(sport=4, dport=53), drop="route_blackhole")
    c.up(2, IP(src=sub4(2), dst="203.0.113.9") / TCP(sport=5, dport=80, flags="S"),
         punt="resolve", out=[("core", arp_request("core", "198.51.100.3"))])
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:30::9") / TCP(sport=5, dport=80, flags="S"),
         punt="resolve", out=[("core", ns_request("core", "2001:db8:20::3"))])
    # connected prefixes, host without a neighbor entry
    c.up(2, IP(src=sub4(2), dst="198.51.100.77") / UDP(sport=6, dport=6), punt="resolve",
         out=[("core", arp_request("core", "198.51.100.77"))])
    c.down(2, IP(src="100.64.1.1", dst="10.0.0.99") / UDP(sport=6, dport=6), punt="resolve",
           out=[("access", arp_request("access", "10.0.0.99"))])
    c.down(2, IPv6(src="2001:db8:64::1", dst="2001:db8:10::99") / UDP(sport=6, dport=6),
           punt="resolve", out=[("access", ns_request("access", "2001:db8:10::99"))])
    # from the core to a destination without a route: answered towards the core
    c.down(2, IP(src="100.64.1.1", dst="8.8.4.4") / UDP(sport=9, dport=9), err="no_route")
    c.down(2, IPv6(src="2001:db8:64::1", dst="2001:4860::8844") / UDP(sport=9, dport=9), err="no_route")
    # the appliance's own addresses, from both sides
    u = "to_appliance_unhandled"
    c.up(3, IP(src=sub4(3), dst=A_IP4) / UDP(sport=7, dport=7) / Raw(b"me"), drop=u)
    c.up(3, IP(src=sub4(3), dst=C_IP4) / ICMP(type=8, id=3, seq=1), echo=True)
    c.up(3, IPv6(src=sub6(3), dst=A_IP6) / ICMPv6EchoRequest(id=3, seq=1), echo=True)
    c.up(3, IPv6(src=sub6(3), dst=C_IP6) / TCP(sport=7, dport=22, flags="S"), drop=u)
    c.down(3, IP(src="100.64.1.1", dst=C_IP4) / ICMP(type=8, id=4, seq=1), echo=True)
    c.down(3, IPv6(src="2001:db8:64::1", dst=C_IP6) / UDP(sport=8, dport=8), drop=u)
    c.up(4, IP(src=sub4(4), dst="100.64.1.2") / UDP(sport=1, dport=2) / Raw(b"still routed"))
    return c


def case_punt():
    c = Case("punt", "control traffic punted by kind (arp, pppoe_discovery, ppp_control, "
             "dhcp, nd); ARP requests and neighbour solicitations for our addresses answered "
             "by the management lcore, on both sides; a tagged ARP (no interface on that "
             "VLAN) and an unsolicited reply not answered; PPPoE session data without a "
             "session dropped")
    bc = "ff:ff:ff:ff:ff:ff"
    c.add("access", Ether(src=sub_mac(2), dst=bc) / ARP(op=1, hwsrc=sub_mac(2), psrc=sub4(2), pdst=A_IP4),
          punt="arp", out=[("access", arp_reply("access", sub_mac(2), sub4(2)))])
    c.add("access", Ether(src=sub_mac(2), dst=A_MAC) / ARP(op=2, hwsrc=sub_mac(2), psrc=sub4(2),
                                                         hwdst=A_MAC, pdst=A_IP4), punt="arp")
    c.add("core", Ether(src=GW_MAC, dst=bc) / ARP(op=1, hwsrc=GW_MAC, psrc=GW4, pdst=C_IP4),
          punt="arp", out=[("core", arp_reply("core", GW_MAC, GW4))])
    # tagged ARP
    c.add("access", Ether(src=sub_mac(3), dst=bc) / Dot1Q(vlan=100) /
          ARP(op=1, hwsrc=sub_mac(3), psrc=sub4(3), pdst=A_IP4), punt="arp")
    # PPPoE discovery: PADI (broadcast, Service-Name + Host-Uniq tags), PADR
    tags = b"\x01\x01\x00\x00" + b"\x01\x03\x00\x04\xde\xad\xbe\xef"
    padi = b"\x11\x09\x00\x00" + len(tags).to_bytes(2, "big") + tags
    c.add("access", raw(Ether(src=sub_mac(4), dst=bc, type=0x8863)) + padi, punt="pppoe_discovery")
    padr = b"\x11\x19\x00\x00" + len(tags).to_bytes(2, "big") + tags
    c.add("access", raw(Ether(src=sub_mac(4), dst=A_MAC, type=0x8863)) + padr, punt="pppoe_discovery")
    # PPPoE session: LCP Configure-Request (MRU 1492, magic), then PAP, IPCP
    e64 = raw(Ether(src=sub_mac(4), dst=A_MAC, type=0x8864))

    def sess(ppp):
        return e64 + b"\x11\x00\x12\x34" + len(ppp).to_bytes(2, "big") + ppp
    lcp = b"\x01\x01\x00\x0e" + b"\x01\x04\x05\xd4" + b"\x05\x06\x12\x34\x56\x78"
    c.add("access", sess(b"\xc0\x21" + lcp), punt="ppp_control")
    c.add("access", sess(b"\xc0\x23" + b"\x01\x01\x00\x0a\x02ab\x02cd"), punt="ppp_control")
    c.add("access", sess(b"\x80\x21" + b"\x01\x01\x00\x0a\x03\x06\x00\x00\x00\x00"), punt="ppp_control")
    # PPPoE session data (IPv4, IPv6) with no such session
    c.add("access", sess(b"\x00\x21" + raw(IP(src="100.64.0.9", dst=REMOTE4 % 1) / UDP(sport=1, dport=2))),
          drop="pppoe_unknown_session")
    # (IPv6 in any session: sessions have no IPv6 addresses to check yet)
    c.add("access", sess(b"\x00\x57" + raw(IPv6(src="2001:db8:77::9", dst=REMOTE6 % 1) / UDP(sport=1, dport=2))),
          drop="pppoe_ipv6_not_routed")
    # DHCPv4 DISCOVER and DHCPv6 SOLICIT from a subscriber
    c.add("access", Ether(src=sub_mac(5), dst=bc) / IP(src="0.0.0.0", dst="255.255.255.255") /
          UDP(sport=68, dport=67) / BOOTP(chaddr=mac_bytes(sub_mac(5)), xid=0x1234) /
          DHCP(options=[("message-type", "discover"), "end"]), punt="dhcp")
    c.add("access", Ether(src=sub_mac(5), dst="33:33:00:01:00:02") /
          IPv6(src="fe80::5", dst="ff02::1:2") / UDP(sport=546, dport=547) / DHCP6_Solicit(trid=7),
          punt="dhcp")
    # Router/neighbor solicitation, neighbor advertisement-free: RS, NS, and an RA from the core
    c.add("access", Ether(src=sub_mac(6), dst="33:33:00:00:00:02") /
          IPv6(src="fe80::6", dst="ff02::2", hlim=255) / ICMPv6ND_RS(), punt="nd")
    c.add("access", Ether(src=sub_mac(6), dst="33:33:ff:00:00:01") /
          IPv6(src=sub6(6), dst="ff02::1:ff00:1", hlim=255) / ICMPv6ND_NS(tgt=A_IP6), punt="nd",
          out=[("access", na_reply("access", sub_mac(6), sub6(6), A_IP6))])
    c.add("core", Ether(src=GW_MAC, dst="33:33:00:00:00:01") /
          IPv6(src="fe80::2", dst="ff02::1", hlim=255) / ICMPv6ND_RA(), punt="nd")
    # ordinary traffic in between still flows
    c.up(7, IP(src=sub4(7), dst=REMOTE4 % 7) / UDP(sport=68, dport=68) / Raw(b"not dhcp"))
    c.up(7, IPv6(src=sub6(7), dst=REMOTE6 % 7) / UDP(sport=546, dport=546) / Raw(b"not dhcp"))
    c.down(7, IP(src=REMOTE4 % 7, dst=sub4(7)) / UDP(sport=67, dport=68) / Raw(b"core dhcp is not punted"))
    return c


def case_icmp_error():
    c = Case("icmp_error", "ICMP errors quoting a known flow reach the subscriber; quoting an "
             "unknown flow: icmp_error_no_session; errors create no session")
    s4, r4 = sub4(2), REMOTE4 % 50
    s6, r6 = sub6(2), REMOTE6 % 50
    # the flows, from the subscriber first (access is polled before core)
    u4 = IP(src=s4, dst=r4, ttl=64) / UDP(sport=33000, dport=33434) / Raw(b"probe")
    t4 = IP(src=s4, dst=r4, ttl=64, flags="DF") / TCP(sport=40000, dport=443, flags="PA", seq=1, ack=1) / Raw(b"x" * 1400)
    e4 = IP(src=s4, dst=r4, ttl=64) / ICMP(type=8, id=77, seq=1)
    u6 = IPv6(src=s6, dst=r6) / UDP(sport=33000, dport=33434) / Raw(b"probe")
    t6 = IPv6(src=s6, dst=r6) / TCP(sport=40000, dport=443, flags="PA", seq=1, ack=1) / Raw(b"x" * 1400)
    for p in (u4, t4, e4, u6, t6):
        c.up(2, p)

    def quote4(p):
        return raw(p)[:28]  # IP header + 8 bytes, as routers quote

    def quote6(p):
        return raw(p)[:48 + 8]

    # errors from the far host and from a router on the way
    c.down(2, IP(src=r4, dst=s4) / ICMP(type=3, code=3) / Raw(quote4(u4)))
    c.down(2, IP(src="192.0.2.1", dst=s4) / ICMP(type=11, code=0) / Raw(quote4(u4)))
    c.down(2, IP(src="192.0.2.1", dst=s4) / ICMP(type=3, code=4, nexthopmtu=1280) / Raw(quote4(t4)))
    c.down(2, IP(src="192.0.2.1", dst=s4) / ICMP(type=11, code=0) / Raw(quote4(e4)))
    # a full quote, dissected by scapy as IPerror/UDPerror
    c.down(2, IP(src=r4, dst=s4) / ICMP(type=3, code=3) / IPerror(raw(u4)))
    c.down(2, IPv6(src=r6, dst=s6) / ICMPv6DestUnreach(code=4) / Raw(quote6(u6)))
    c.down(2, IPv6(src="2001:db8:ee::1", dst=s6) / ICMPv6PacketTooBig(mtu=1280) / Raw(raw(t6)[:1232]))
    c.down(2, IPv6(src="2001:db8:ee::1", dst=s6) / ICMPv6TimeExceeded() / Raw(quote6(u6)))
    # quoting flows never seen
    n4 = IP(src=sub4(3), dst=r4) / UDP(sport=33001, dport=33434)
    n6 = IPv6(src=sub6(3), dst=r6) / UDP(sport=33001, dport=33434)
    c.down(3, IP(src=r4, dst=sub4(3)) / ICMP(type=3, code=3) / Raw(quote4(n4)), drop="icmp_error_no_session")
    c.down(3, IPv6(src=r6, dst=sub6(3)) / ICMPv6DestUnreach(code=4) / Raw(quote6(n6)), drop="icmp_error_no_session")
    # a known address pair but other ports: still no session
    other = IP(src=s4, dst=r4) / UDP(sport=33000, dport=33435)
    c.down(2, IP(src=r4, dst=s4) / ICMP(type=3, code=3) / Raw(quote4(other)), drop="icmp_error_no_session")
    # the quote cut before the transport ports: cannot be keyed
    c.down(2, IP(src=r4, dst=s4) / ICMP(type=3, code=3) / Raw(raw(u4)[:24]), drop="l4_truncated")
    # the subscriber answers the flow afterwards: same session
    c.down(2, IP(src=r4, dst=s4) / UDP(sport=33434, dport=33000) / Raw(b"late reply"))
    return c


def case_handoff():
    c = Case("handoff", "two workers: 200 flows from 50 subscribers both ways; each flow's "
             "directions meet on one owner worker (one session per flow)", workers=2)
    n = 0
    v4 = list(range(2, 42))          # 40 IPv4 subscribers
    v6 = list(range(42, 52))         # 10 IPv6 subscribers (one /64: one owner)
    for i in v4 + v6:
        for k in range(4):
            n += 1
            rem = REMOTE4 % (1 + (n % 200)) if i in v4 else REMOTE6 % (1 + n)
            if i in v4:
                s = sub4(i)
                mk = IP
            else:
                s = sub6(i)
                mk = IPv6
            sp = 20000 + n
            if k == 0:
                c.up(i, mk(src=s, dst=rem) / UDP(sport=sp, dport=53) / Raw(b"q%d" % n))
                c.down(i, mk(src=rem, dst=s) / UDP(sport=53, dport=sp) / Raw(b"a%d" % n))
            elif k == 1:
                c.up(i, mk(src=s, dst=rem) / TCP(sport=sp, dport=443, flags="S", seq=n))
                c.down(i, mk(src=rem, dst=s) / TCP(sport=443, dport=sp, flags="SA", seq=7, ack=n + 1))
                c.up(i, mk(src=s, dst=rem) / TCP(sport=sp, dport=443, flags="A", seq=n + 1, ack=8))
            elif k == 2:
                if mk is IP:
                    c.up(i, IP(src=s, dst=rem) / ICMP(type=8, id=sp, seq=1))
                    c.down(i, IP(src=rem, dst=s) / ICMP(type=0, id=sp, seq=1))
                else:
                    c.up(i, IPv6(src=s, dst=rem) / ICMPv6EchoRequest(id=sp, seq=1))
                    c.down(i, IPv6(src=rem, dst=s) / ICMPv6EchoReply(id=sp, seq=1))
            else:
                # initiated from the core side
                c.down(i, mk(src=rem, dst=s) / UDP(sport=sp, dport=5000) / Raw(b"in%d" % n))
                c.up(i, mk(src=s, dst=rem) / UDP(sport=5000, dport=sp) / Raw(b"out%d" % n))
    assert n == 200
    assert len(c.flows) == 200
    c.extra["handoff_out_min_per_worker"] = 1
    return c


# ---------------------------------------------------------------- the router's own answers
def pat(n, seed=0):
    """@n bytes of a recognisable pattern."""
    return bytes((seed + i * 7) & 0xff for i in range(n))


def udp4(src, dst, size, sport=5000, dport=9, seed=0, **kw):
    """IPv4/UDP of @size bytes in all (IP header included)."""
    return IP(src=src, dst=dst, **kw) / UDP(sport=sport, dport=dport) / Raw(pat(size - 28, seed))


def udp6(src, dst, size, sport=5000, dport=9, seed=0, **kw):
    return IPv6(src=src, dst=dst, **kw) / UDP(sport=sport, dport=dport) / Raw(pat(size - 48, seed))


NO_DEFAULT_ROUTES = [
    'prefix = "203.0.113.0/24"; via = "%s";' % GW4,
    'prefix = "2001:db8:ffff::/48"; via = "%s";' % GW6,
    'prefix = "192.0.2.0/24"; prohibit = true;',
    'prefix = "2001:db8:99::/48"; prohibit = true;',
    'prefix = "198.18.0.0/15"; blackhole = true;',
    'prefix = "2001:db8:98::/48"; blackhole = true;',
]


# A second address of each family on each port: errors still come from the first.
SECOND_ADDRS = {"access": ["10.9.9.1/24", "2001:db8:19::1/64"],
                "core": ["100.64.200.1/24", "2001:db8:29::1/64"]}


def case_icmp_errors():
    c = Case("icmp_errors", "ICMP errors byte for byte: time exceeded (TTL/hop limit 1 and 0; "
             "UDP, TCP, echo; from access and core), net unreachable / no route, "
             "administratively prohibited; blackhole silent; error source = first address "
             "of the ingress port; TOS; quote cut at 576 / 1280 bytes; tagged, padded, "
             "options; route checked before TTL, TTL before the neighbor",
             routes=NO_DEFAULT_ROUTES, ip={"icmp_burst": 1000, "icmp_rate": 1000},
             addrs=SECOND_ADDRS)
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    te = "ttl_exceeded"
    s4, s6 = sub4(2), sub6(2)
    for ttl in (1, 0):
        c.up(2, IP(src=s4, dst=r4, ttl=ttl, id=100 + ttl) / UDP(sport=1000, dport=33434) /
             Raw(b"udp probe"), err=te)
        c.up(2, IP(src=s4, dst=r4, ttl=ttl, flags="DF") / TCP(sport=1001, dport=443, flags="S", seq=7),
             err=te)
        c.up(2, IP(src=s4, dst=r4, ttl=ttl) / ICMP(type=8, id=0x77, seq=ttl) / Raw(b"ping"), err=te)
        c.up(2, IPv6(src=s6, dst=r6, hlim=ttl) / UDP(sport=1000, dport=33434) / Raw(b"udp probe"), err=te)
        c.up(2, IPv6(src=s6, dst=r6, hlim=ttl) / TCP(sport=1001, dport=443, flags="S", seq=7), err=te)
        c.up(2, IPv6(src=s6, dst=r6, hlim=ttl) / ICMPv6EchoRequest(id=0x77, seq=ttl, data=b"ping"),
             err=te)
    # TOS: precedence becomes internetwork control, the TOS bits stay, ECN goes;
    # the IPv6 error has traffic class 0 and flow label 0 whatever the original
    for tos in (0xff, 0x03, 0xb8):
        c.up(3, IP(src=sub4(3), dst=r4, ttl=1, tos=tos) / UDP(sport=3, dport=3), err=te)
    c.up(3, IPv6(src=sub6(3), dst=r6, hlim=1, tc=0xb8, fl=0x12345) / UDP(sport=3, dport=3), err=te)
    # quote lengths: the error is at most 576 (IPv4) / 1280 (IPv6) bytes
    for size in (1400, 548, 549):
        c.up(4, udp4(sub4(4), r4, size, ttl=1, seed=size), err=te)
    for size in (1400, 1232, 1233):
        c.up(4, udp6(sub6(4), r6, size, hlim=1, seed=size), err=te)
    # tagged (the error leaves untagged), Ethernet padding (not quoted),
    # IPv4 options (quoted), a first fragment (answered)
    c.up(5, IP(src=sub4(5), dst=r4, ttl=1) / UDP(sport=5, dport=5) / Raw(b"tagged"),
         tag=Dot1Q(vlan=100), err=te)
    c.up(5, IPv6(src=sub6(5), dst=r6, hlim=1) / UDP(sport=5, dport=5) / Raw(b"tagged"),
         tag=Dot1AD(vlan=200) / Dot1Q(vlan=300), err=te)
    f = raw(Ether(src=sub_mac(5), dst=A_MAC) / IP(src=sub4(5), dst=r4, ttl=1) / UDP(sport=5, dport=6) / Raw(b"x"))
    c.in_frame("access", f + b"\xaa" * (60 - len(f)), err=te)
    c.up(5, IP(src=sub4(5), dst=r4, ttl=1, options=[b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
         UDP(sport=5, dport=7) / Raw(b"opts"), err=te)
    c.up(5, IP(src=sub4(5), dst=r4, ttl=1, flags="MF", id=555, proto=17) /
         Raw(raw(UDP(sport=5, dport=8, len=1000)) + pat(200)), err=te)
    # order of the checks: route, then TTL, then the neighbor
    c.up(6, IP(src=sub4(6), dst="8.8.8.8", ttl=1) / UDP(sport=6, dport=6), err="no_route")
    c.up(6, IP(src=sub4(6), dst="198.18.0.1", ttl=1) / UDP(sport=6, dport=6), drop="route_blackhole")
    c.up(6, IP(src=sub4(6), dst="192.0.2.1", ttl=1) / UDP(sport=6, dport=6), err="administratively_prohibited")
    c.up(6, IP(src=sub4(6), dst="198.51.100.77", ttl=1) / UDP(sport=6, dport=6), err=te)
    c.up(6, IP(src=sub4(6), dst="198.51.100.77", ttl=64) / UDP(sport=6, dport=6), punt="resolve",
         out=[("core", arp_request("core", "198.51.100.77"))])
    # no route, prohibited, blackhole
    c.up(7, IP(src=sub4(7), dst="8.8.8.8") / UDP(sport=7, dport=53), err="no_route")
    c.up(7, IPv6(src=sub6(7), dst="2001:4860::8888") / UDP(sport=7, dport=53), err="no_route")
    c.up(7, IP(src=sub4(7), dst="8.8.8.8") / ICMP(type=8, id=7, seq=7), err="no_route")
    c.up(7, IP(src=sub4(7), dst="192.0.2.1") / TCP(sport=7, dport=80, flags="S"),
         err="administratively_prohibited")
    c.up(7, IPv6(src=sub6(7), dst="2001:db8:99::1") / TCP(sport=7, dport=80, flags="S"),
         err="administratively_prohibited")
    c.up(7, IP(src=sub4(7), dst="198.18.0.1") / UDP(sport=7, dport=53), drop="route_blackhole")
    c.up(7, IPv6(src=sub6(7), dst="2001:db8:98::1") / UDP(sport=7, dport=53), drop="route_blackhole")
    # forwarding goes on
    c.up(8, IP(src=sub4(8), dst=r4) / UDP(sport=8, dport=8) / Raw(b"fine"))
    c.up(8, IPv6(src=sub6(8), dst=r6) / UDP(sport=8, dport=8) / Raw(b"fine"))
    # from the core: answered from core0's addresses, towards the gateway
    c.down(2, IP(src=r4, dst=s4, ttl=1) / UDP(sport=33434, dport=1000), err=te)
    c.down(2, IPv6(src=r6, dst=s6, hlim=1) / UDP(sport=33434, dport=1000), err=te)
    c.down(2, IP(src=r4, dst=s4, ttl=0, tos=0x28) / TCP(sport=443, dport=1001, flags="SA"), err=te)
    c.down(2, IPv6(src=r6, dst=s6, hlim=1) / ICMPv6EchoRequest(id=9, seq=9), err=te)
    c.down(2, udp4(r4, s4, 1400, ttl=1, seed=3), err=te)
    c.down(2, udp6(r6, s6, 1400, hlim=0, seed=3), err=te)
    c.down(2, IP(src=r4, dst="8.8.4.4") / UDP(sport=9, dport=9), err="no_route")
    c.down(2, IPv6(src=r6, dst="2001:db8:99::5") / UDP(sport=9, dport=9), err="administratively_prohibited")
    c.down(2, IP(src=r4, dst="198.18.0.9") / UDP(sport=9, dport=9), drop="route_blackhole")
    c.down(8, IP(src=r4, dst=sub4(8)) / UDP(sport=8, dport=8) / Raw(b"fine too"))
    return c


def case_icmp_unreach_off():
    c = Case("icmp_unreach_off", "ip.unreachable = false: no route and prohibited routes drop "
             "silently (no_route / administratively_prohibited still counted); time exceeded "
             "still sent", routes=NO_DEFAULT_ROUTES, ip={"unreachable": False, "icmp_burst": 1000})
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    c.up(2, IP(src=sub4(2), dst="8.8.8.8") / UDP(sport=1, dport=53), drop="no_route")
    c.up(2, IPv6(src=sub6(2), dst="2001:4860::8888") / UDP(sport=1, dport=53), drop="no_route")
    c.up(2, IP(src=sub4(2), dst="192.0.2.1") / TCP(sport=2, dport=80, flags="S"),
         drop="administratively_prohibited")
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:99::1") / TCP(sport=2, dport=80, flags="S"),
         drop="administratively_prohibited")
    c.up(2, IP(src=sub4(2), dst="198.18.0.1") / UDP(sport=3, dport=53), drop="route_blackhole")
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1) / UDP(sport=4, dport=4), err="ttl_exceeded")
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=1) / UDP(sport=4, dport=4), err="ttl_exceeded")
    c.down(2, IP(src=r4, dst="8.8.4.4") / UDP(sport=9, dport=9), drop="no_route")
    c.down(2, IPv6(src=r6, dst="2001:db8:99::5") / UDP(sport=9, dport=9), drop="administratively_prohibited")
    c.up(3, IP(src=sub4(3), dst=r4) / UDP(sport=5, dport=5) / Raw(b"fine"))
    return c


def case_mtu():
    c = Case("mtu", "core0 mtu 1400: IPv4 DF larger -> ICMP fragmentation needed (MTU 1400 in "
             "the header); IPv4 without DF larger -> fragments of 1376 bytes (offsets and MF "
             "of fragments kept); IPv6 larger -> packet too big; exactly 1400 untouched; "
             "TTL checked before the MTU", mtu={"core": 1400},
             ip={"icmp_burst": 1000, "icmp_rate": 1000})
    c.check_sessions = False  # fragments forwarded: how they are keyed is bngd's business
    r4, r6 = REMOTE4 % 20, REMOTE6 % 20
    fn, tb = "fragmentation_needed", "packet_too_big"

    def frag_fwd(i, p):
        """Forwarded out of core0 in fragments of the MTU."""
        frame = Ether(src=sub_mac(i), dst=A_MAC) / p
        pieces = ip4_split(hop(l3_of(frame)), mtu=1400)
        c.add("access", frame, out=[("core", eth(GW_MAC, "core", f)) for f in pieces],
              stage="owned", session=True, ip={"fragmented": 1, "fragments_out": len(pieces)})

    s4, s6 = sub4(2), sub6(2)
    for size in (1500, 1401):
        c.up(2, udp4(s4, r4, size, flags="DF", id=size, seed=size), err=fn, info=1400)
        c.up(2, udp6(s6, r6, size, seed=size), err=tb, info=1400)
    c.up(2, udp4(s4, r4, 1400, flags="DF", seed=1))
    c.up(2, udp4(s4, r4, 1400, seed=2))
    c.up(2, udp6(s6, r6, 1400, seed=3))
    c.up(2, IP(src=s4, dst=r4, flags="DF") / TCP(sport=2, dport=80, flags="A") / Raw(pat(1460)),
         err=fn, info=1400)
    # TTL before MTU
    c.up(2, udp4(s4, r4, 1500, flags="DF", ttl=1, seed=4), err="ttl_exceeded")
    c.up(2, udp6(s6, r6, 1500, hlim=1, seed=4), err="ttl_exceeded")
    # DF clear: fragmented (1376 + 104, 1376 + 5)
    frag_fwd(3, udp4(sub4(3), r4, 1500, id=0x4242, tos=0x20, seed=5))
    frag_fwd(3, udp4(sub4(3), r4, 1401, id=0x4243, seed=6))
    # fragments that are too big are fragmented again: first, middle, last
    frag_fwd(3, IP(src=sub4(3), dst=r4, id=0x4244, flags="MF", frag=0, proto=17) / Raw(pat(1480, 7)))
    frag_fwd(3, IP(src=sub4(3), dst=r4, id=0x4244, flags="MF", frag=185, proto=17) / Raw(pat(1480, 8)))
    frag_fwd(3, IP(src=sub4(3), dst=r4, id=0x4244, frag=370, proto=17) / Raw(pat(1480, 9)))
    # options: all in the first fragment, only the copied ones (router alert)
    # in the others, whose header is shorter (RFC 791)
    frag_fwd(4, IP(src=sub4(4), dst=r4, id=0x4245, options=[b"\x94\x04\x00\x00",
                                                           b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
             UDP(sport=4, dport=4) / Raw(pat(1400, 10)))
    # towards access0 (mtu 1500) a 1500-byte DF packet passes
    c.down(2, udp4(r4, s4, 1500, flags="DF", seed=10))
    c.down(2, udp6(r6, s6, 1500, seed=11))
    return c


def case_echo():
    c = Case("echo", "echo requests to each of the appliance's addresses (both ports, both "
             "families, from both sides) answered exactly; tagged and padded requests; "
             "fragmented requests (in order, out of order) reassembled and answered, a reply "
             "larger than the MTU fragmented; anything else to the appliance dropped as "
             "to_appliance_unhandled", ip={"icmp_burst": 1000}, addrs=SECOND_ADDRS)
    r4, r6 = REMOTE4 % 30, REMOTE6 % 30
    u = "to_appliance_unhandled"
    n = 0
    for dst in (A_IP4, C_IP4, "10.9.9.1", "100.64.200.1"):
        n += 1
        c.up(2, IP(src=sub4(2), dst=dst, id=0x1100 + n, flags="DF", tos=0x10) /
             ICMP(type=8, id=0x42, seq=n) / Raw(b"echo %d" % n), echo=True)
        c.down(2, IP(src=r4, dst=dst, id=0x2200 + n, ttl=3) / ICMP(type=8, id=0x43, seq=n) /
               Raw(pat(56)), echo=True)
    for dst in (A_IP6, C_IP6, "2001:db8:19::1", "2001:db8:29::1"):
        n += 1
        c.up(2, IPv6(src=sub6(2), dst=dst, tc=0x20, fl=0xabcde) /
             ICMPv6EchoRequest(id=0x42, seq=n, data=b"echo %d" % n), echo=True)
        c.down(2, IPv6(src=r6, dst=dst, hlim=3) / ICMPv6EchoRequest(id=0x43, seq=n, data=pat(56)),
               echo=True)
    # tagged; padded to the Ethernet minimum (the reply carries no padding);
    # a full-size request
    c.up(3, IP(src=sub4(3), dst=A_IP4) / ICMP(type=8, id=3, seq=1), tag=Dot1Q(vlan=9), echo=True)
    c.up(3, IPv6(src=sub6(3), dst=A_IP6) / ICMPv6EchoRequest(id=3, seq=1), tag=Dot1Q(vlan=9), echo=True)
    f = raw(Ether(src=sub_mac(3), dst=A_MAC) / IP(src=sub4(3), dst=A_IP4) / ICMP(type=8, id=3, seq=2))
    c.in_frame("access", f + b"\0" * (60 - len(f)), echo=True)
    c.up(3, IP(src=sub4(3), dst=C_IP4) / ICMP(type=8, id=3, seq=3) / Raw(pat(1472)), echo=True)
    c.up(3, IPv6(src=sub6(3), dst=C_IP6) / ICMPv6EchoRequest(id=3, seq=3, data=pat(1452)), echo=True)
    # checksum corner: the reply's checksum is 0x0000 (the sequence number
    # that makes it so is the checksum the reply would have with 0 there)
    for mk, off in ((lambda s: IP(src=sub4(3), dst=A_IP4) / ICMP(type=8, id=0x99, seq=s), 22),
                    (lambda s: IPv6(src=sub6(3), dst=A_IP6) / ICMPv6EchoRequest(id=0x99, seq=s), 42)):
        seq = int.from_bytes(echo_reply(raw(mk(0)))[off:off + 2], "big")
        assert echo_reply(raw(mk(seq)))[off:off + 2] == b"\0\0"
        c.up(3, mk(seq), echo=True)

    # fragmented requests: reassembled (whatever ip.reassembly says), answered
    def frag_echo(i, whole, frags, order):
        for k, j in enumerate(order):
            last = k == len(order) - 1
            c.up(i, frags[j], held=not last, echo=whole if last else False,
                 ip={"reass_fragments": 1, "reassembled": 1 if last else 0})

    for k, order in enumerate(((0, 1), (1, 0), (2, 0, 1))):
        w = raw(IP(src=sub4(4), dst=A_IP4, id=0x3300 + k) / ICMP(type=8, id=4, seq=k) / Raw(pat(1000, k)))
        frag_echo(4, w, ip4_split(w, sizes=[504] if len(order) == 2 else [304, 304]), order)
        w6 = raw(IPv6(src=sub6(4), dst=C_IP6) / ICMPv6EchoRequest(id=4, seq=k, data=pat(1000, k)))
        frag_echo(4, w6, ip6_split(w6, [504] if len(order) == 2 else [304, 304], 0x6600 + k), order)
    # 2500 bytes: the reply does not fit access0's MTU; without DF it is fragmented
    w = raw(IP(src=sub4(5), dst=C_IP4, id=0x3400) / ICMP(type=8, id=5, seq=1) / Raw(pat(2472, 5)))
    frag_echo(5, w, ip4_split(w, mtu=1500), (0, 1))
    # not an echo request
    c.up(6, IP(src=sub4(6), dst=A_IP4) / UDP(sport=6, dport=7) / Raw(b"udp"), drop=u)
    c.up(6, IP(src=sub4(6), dst=C_IP4) / TCP(sport=6, dport=22, flags="S"), drop=u)
    c.up(6, IP(src=sub4(6), dst=A_IP4) / ICMP(type=0, id=6, seq=1), drop=u)
    c.up(6, IP(src=sub4(6), dst=A_IP4) / ICMP(type=13, id=6, seq=1), drop=u)
    c.up(6, IP(src=sub4(6), dst=A_IP4) / ICMP(type=3, code=3) /
         Raw(raw(IP(src=A_IP4, dst=sub4(6)) / UDP(sport=7, dport=6))), drop=u)
    c.up(6, IPv6(src=sub6(6), dst=A_IP6) / ICMPv6EchoReply(id=6, seq=1), drop=u)
    c.up(6, IPv6(src=sub6(6), dst=A_IP6) / UDP(sport=6, dport=7), drop=u)
    c.down(6, IPv6(src=r6, dst=C_IP6) / TCP(sport=6, dport=179, flags="S"), drop=u)
    # a fragmented UDP datagram to the appliance: reassembled, then dropped
    w = raw(IP(src=sub4(7), dst=A_IP4, id=0x3500) / UDP(sport=7, dport=7) / Raw(pat(600)))
    p0, p1 = ip4_split(w, sizes=[304])
    c.up(7, p0, held=True, ip={"reass_fragments": 1})
    c.up(7, p1, drop=u, ip={"reass_fragments": 1, "reassembled": 1})
    return c


def case_icmp_limits():
    c = Case("icmp_limits", "ICMP errors over ip.icmp_burst 5 (rate 1/s) not sent "
             "(icmp_rate_limited) but the packets still counted; echo replies over "
             "ip.echo_burst 3 (rate 0) dropped as icmp_rate_limited; no error about an ICMP "
             "error, a non-first fragment or a non-unicast source (icmp_suppressed), and those "
             "take no token", ip={"icmp_rate": 1, "icmp_burst": 5, "echo_rate": 0, "echo_burst": 3})
    r4, r6 = REMOTE4 % 40, REMOTE6 % 40
    te = "ttl_exceeded"
    sup = {"icmp_suppressed": 1}
    # suppressed first: they must not use up the burst
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1) / ICMP(type=3, code=3) /
         Raw(raw(IP(src=r4, dst=sub4(2)) / UDP(sport=53, dport=1000))), drop=te, ip=sup)
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1) / ICMP(type=11, code=0) /
         Raw(raw(IP(src=r4, dst=sub4(2), ttl=1) / UDP(sport=53, dport=1000))), drop=te, ip=sup)
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=1) / ICMPv6TimeExceeded() /
         Raw(raw(IPv6(src=r6, dst=sub6(2)) / UDP(sport=53, dport=1000))), drop=te, ip=sup)
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=0) / ICMPv6PacketTooBig(mtu=1280) /
         Raw(raw(IPv6(src=r6, dst=sub6(2)) / UDP(sport=53, dport=1000))), drop=te, ip=sup)
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1, frag=100, id=7, proto=17) / Raw(pat(64)), drop=te, ip=sup)
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=1) / IPv6ExtHdrFragment(nh=17, offset=100, id=7) /
         Raw(pat(64)), drop=te, ip=sup)
    for src in ("0.0.0.0", "127.0.0.1", "224.1.2.3", "240.0.0.1", "255.255.255.255"):
        c.up(2, IP(src=src, dst=r4, ttl=1) / UDP(sport=9, dport=9), drop=te, ip=sup)
    c.up(2, IPv6(src="::", dst=r6, hlim=1) / UDP(sport=9, dport=9), drop=te, ip=sup)
    c.up(2, IPv6(src="ff0e::1", dst=r6, hlim=1) / UDP(sport=9, dport=9), drop=te, ip=sup)
    # 10 refused: 5 answered (ids 0-4), 5 not
    for k in range(10):
        if k % 2:
            p = IPv6(src=sub6(3), dst=r6, hlim=1) / UDP(sport=100 + k, dport=33434)
        else:
            p = IP(src=sub4(3), dst=r4, ttl=1) / UDP(sport=100 + k, dport=33434)
        if k < 5:
            c.up(3, p, err=te)
        else:
            c.up(3, p, drop=te, ip={"icmp_rate_limited": 1})
    # echo: 3 answered, 2 dropped
    for k in range(5):
        p = IP(src=sub4(4), dst=A_IP4) / ICMP(type=8, id=4, seq=k)
        if k < 3:
            c.up(4, p, echo=True)
        else:
            c.up(4, p, drop="icmp_rate_limited")
    # forwarding is not limited
    c.up(5, IP(src=sub4(5), dst=r4) / UDP(sport=5, dport=5) / Raw(b"fine"))
    return c


def case_reassembly():
    c = Case("reassembly", "ip.reassembly = true: fragments forwarded as the whole datagram "
             "(in order, out of order, IPv4 and IPv6, both ways), fragmented again when larger "
             "than core0's MTU 1400; overlapping fragments and a lone fragment (timeout 100 ms) "
             "dropped as reassembly_failed", mtu={"core": 1400},
             ip={"reassembly": True, "reassembly_timeout_ms": 100, "icmp_burst": 1000})
    r4, r6 = REMOTE4 % 50, REMOTE6 % 50

    def frags_in(port, i, whole, frags, order, pieces=None):
        """@frags of @whole in @order; the last one completes it."""
        src_mac = sub_mac(i) if port == "access" else GW_MAC
        out_port, dmac = ("core", GW_MAC) if port == "access" else ("access", sub_mac(i))
        fwd = hop(whole)
        if pieces is None:
            outs = [(out_port, eth(dmac, out_port, fwd))]
            ip_extra = {}
        else:
            outs = [(out_port, eth(dmac, out_port, f)) for f in ip4_split(fwd, mtu=pieces)]
            ip_extra = {"fragmented": 1, "fragments_out": len(outs)}
        whole_frame = Ether(src=src_mac, dst=PORT_MAC[port]) / as_l3(whole)
        send = (lambda l3, **kw: c.up(i, l3, **kw)) if port == "access" else \
            (lambda l3, **kw: c.down(i, l3, **kw))
        for k, j in enumerate(order):
            if k < len(order) - 1:
                send(frags[j], held=True, ip={"reass_fragments": 1})
            else:
                ip = {"reass_fragments": 1, "reassembled": 1}
                ip.update(ip_extra)
                send(frags[j], out=outs, stage="owned", ip=ip, session=whole_frame)

    w = raw(udp4(sub4(2), r4, 628, sport=2001, id=0x7001, seed=1))
    frags_in("access", 2, w, ip4_split(w, sizes=[304]), (0, 1))
    w = raw(udp4(sub4(2), r4, 628, sport=2002, id=0x7002, seed=2))
    frags_in("access", 2, w, ip4_split(w, sizes=[200, 200]), (2, 0, 1))
    # 3028 bytes in three fragments: out of core0 in pieces of 1376
    w = raw(udp4(sub4(2), r4, 3028, sport=2003, id=0x7003, seed=3))
    frags_in("access", 2, w, ip4_split(w, sizes=[1000, 1000]), (1, 0, 2), pieces=1400)
    w6 = raw(udp6(sub6(2), r6, 1048, sport=2004, seed=4))
    frags_in("access", 2, w6, ip6_split(w6, [504], 0x7004), (1, 0))
    w = raw(udp4(r4, sub4(3), 1028, sport=53, dport=2005, id=0x7005, seed=5))
    frags_in("core", 3, w, ip4_split(w, sizes=[504]), (1, 0))
    w6 = raw(udp6(r6, sub6(3), 1448, sport=53, dport=2006, seed=6))
    frags_in("core", 3, w6, ip6_split(w6, [704], 0x7006), (0, 1))
    # overlapping: the same first fragment twice; a middle one overlapping the first
    rf = "reassembly_failed"
    w = raw(udp4(sub4(4), r4, 828, sport=2007, id=0x7007, seed=7))
    a, b = ip4_split(w, sizes=[400])
    c.up(4, a, held=True, ip={"reass_fragments": 1})
    c.up(4, a, drop=[rf, rf], ip={"reass_fragments": 1, "reass_invalid": 2})
    w = raw(udp4(sub4(4), r4, 1228, sport=2008, id=0x7008, seed=8))
    c.up(4, ip4_piece(w, 0, 800, True), held=True, ip={"reass_fragments": 1})
    c.up(4, ip4_piece(w, 400, 1200, True), held=True, ip={"reass_fragments": 1})
    c.up(4, ip4_piece(w, 1200, 1208, False), drop=[rf, rf, rf],
         ip={"reass_fragments": 1, "reass_invalid": 3})
    # a lone fragment: gone after the timeout
    w = raw(udp4(sub4(5), r4, 828, sport=2009, id=0x7009, seed=9))
    c.up(5, ip4_split(w, sizes=[400])[0], drop=rf, ip={"reass_fragments": 1, "reass_timeouts": 1})
    # whole datagrams are not held
    c.up(6, IP(src=sub4(6), dst=r4) / UDP(sport=6, dport=6) / Raw(b"whole"))
    return c


def case_router_rfc():
    c = Case("router_rfc", "RFC 1812 5.3.4: frames sent to a link-layer broadcast or "
             "multicast address are not routed (so never answered with ICMP either); a "
             "connected subnet's broadcast address is not routed (directed broadcast); "
             "RFC 1812 4.3.2.7 / RFC 4443 2.4(e): no ICMP error about a packet from a "
             "broadcast source (icmp_suppressed); RFC 8200 4.5: the "
             "fragments of different IPv6 packets the router sends carry different "
             "Identifications", ip={"icmp_burst": 1000})
    r4, r6 = REMOTE4 % 60, REMOTE6 % 60
    te = "ttl_exceeded"
    sup = {"icmp_suppressed": 1}
    # answered, as a reference (the first error: id 0)
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1) / UDP(sport=2, dport=2), err=te)

    def bcast(dmac, l3):
        c.add("access", Ether(src=sub_mac(3), dst=dmac) / l3, drop="multicast_not_routed")

    bcast("ff:ff:ff:ff:ff:ff", IP(src=sub4(3), dst=r4, ttl=1) / UDP(sport=3, dport=1))
    bcast("01:00:5e:00:00:01", IP(src=sub4(3), dst=r4, ttl=1) / UDP(sport=3, dport=2))
    bcast("ff:ff:ff:ff:ff:ff", IPv6(src=sub6(3), dst=r6, hlim=1) / UDP(sport=3, dport=3))
    bcast("33:33:00:00:00:01", IPv6(src=sub6(3), dst=r6, hlim=1) / UDP(sport=3, dport=4))
    # with a good TTL too: a unicast IP destination in a broadcast frame is not forwarded
    bcast("ff:ff:ff:ff:ff:ff", IP(src=sub4(3), dst=r4) / UDP(sport=3, dport=5))
    # from a subnet broadcast source; to access0's subnet broadcast (from the core)
    c.up(4, IP(src="10.0.0.255", dst=r4, ttl=1) / UDP(sport=4, dport=4), drop=te, ip=sup)
    c.down(4, IP(src=r4, dst="10.0.0.255", ttl=1) / UDP(sport=4, dport=4),
           drop="multicast_not_routed")
    c.down(4, IP(src=r4, dst="10.0.0.255") / UDP(sport=4, dport=5), drop="multicast_not_routed")
    # two echo replies larger than access0's MTU: fragmented, each its own Identification
    for k in range(2):
        w6 = raw(IPv6(src=sub6(5), dst=A_IP6) / ICMPv6EchoRequest(id=5, seq=k, data=pat(2452, k)))
        f = ip6_split(w6, [1448], 0x5500 + k)
        c.up(5, f[0], held=True, ip={"reass_fragments": 1})
        c.up(5, f[1], echo=w6, ip={"reass_fragments": 1, "reassembled": 1})
    return c


def case_neigh_resolve():
    c = Case("neigh_resolve", "next hops resolved on demand: a packet to a connected host "
             "without a neighbour entry is held (punt resolve) while bngd solicits it (ARP "
             "request, neighbour solicitation); the host's answer (ARP reply, solicited NA) "
             "makes it a learned host, and the held packet leaves to its MAC, routed once "
             "(IPv4 /32 in rte_lpm, IPv6 in the lock-free host table)")
    m77 = "02:00:00:00:20:77"
    h4, h6 = "198.51.100.77", "2001:db8:20::77"
    u4 = IP(src=sub4(2), dst=h4) / UDP(sport=7, dport=7) / Raw(b"held v4")
    u6 = IPv6(src=sub6(2), dst=h6) / UDP(sport=7, dport=7) / Raw(b"held v6")
    c.up(2, u4, punt="resolve", out=[("core", arp_request("core", h4))])
    c.up(2, u6, punt="resolve", out=[("core", ns_request("core", h6))])
    c.sync()
    fwd4 = Async(routed(bytes(Ether(src=sub_mac(2), dst=A_MAC) / u4), C_MAC, m77))
    fwd6 = Async(routed(bytes(Ether(src=sub_mac(2), dst=A_MAC) / u6), C_MAC, m77))
    c.add("core", Ether(src=m77, dst=C_MAC) / ARP(op=2, hwsrc=m77, psrc=h4, hwdst=C_MAC, pdst=C_IP4),
          punt="arp", out=[("core", fwd4)])
    c.add("core", Ether(src=m77, dst=C_MAC) / IPv6(src=h6, dst=C_IP6, hlim=255) /
          ICMPv6ND_NA(tgt=h6, R=0, S=1, O=1) / ICMPv6NDOptDstLLAddr(lladdr=m77),
          punt="nd", out=[("core", fwd6)])
    # the held packets went through the pipeline again: their flows' sessions
    c.flows.add(flow_key(bytes(Ether(src=sub_mac(2), dst=A_MAC) / u4)))
    c.flows.add(flow_key(bytes(Ether(src=sub_mac(2), dst=A_MAC) / u6)))
    return c
