# SPDX-License-Identifier: BSD-3-Clause
"""Golden case of the workers' express path: established flows forwarded in
place beside every kind of packet it leaves to the general pipeline."""
from golden import *  # noqa: F401,F403


def xup(c, i, l3):
    c.up(i, l3, fwd=("core", GW_MAC), express=True)


def xdown(c, i, l3):
    c.down(i, l3, fwd=("access", sub_mac(i)), express=True)


def udp_up(i, **ip):
    return IP(src=sub4(i), dst=REMOTE4 % i, **ip) / UDP(sport=1000 + i, dport=53) / Raw(b"q%d" % i)


def udp_down(i, **ip):
    return IP(src=REMOTE4 % i, dst=sub4(i), **ip) / UDP(sport=53, dport=1000 + i) / Raw(b"a%d" % i)


def case_express():
    c = Case("express", "established IPv4 flows take the express path (counted), in their "
             "place among what it leaves to the general pipeline: SYNs, TTL 1, options, "
             "fragments, ICMP, IPv6, new flows; nothing changes order")
    # access burst 1 (32 packets): the flows
    for i in range(2, 22):
        c.up(i, udp_up(i))
    r = REMOTE4 % 80
    c.up(22, IP(src=sub4(22), dst=r) / TCP(sport=4022, dport=80, flags="S", seq=100))
    c.up(23, IP(src=sub4(23), dst=r) / TCP(sport=4023, dport=80, flags="A", seq=7, ack=9) /
         Raw(b"mid-stream"))
    for i in range(24, 34):
        c.up(i, udp_up(i))
    assert len(c.inp["access"]) == BURST
    # core burst 1: answers, the express path's, between the general pipeline's
    for i in range(2, 12):
        xdown(c, i, udp_down(i))
    c.down(22, IP(src=r, dst=sub4(22)) / TCP(sport=80, dport=4022, flags="SA", seq=500, ack=101))
    c.down(12, udp_down(12, ttl=1), err="ttl_exceeded")
    xdown(c, 13, udp_down(13))
    xdown(c, 14, udp_down(14))
    c.down(15, IP(src=REMOTE4 % 99, dst=sub4(15)) / ICMP(type=8, id=15, seq=1))
    c.down(16, IP(src=REMOTE4 % 16, dst=sub4(16), options=[b"\x01"] * 4) /
           UDP(sport=53, dport=1016) / Raw(b"opts"))
    xdown(c, 17, udp_down(17))
    c.down(18, IP(src=REMOTE4 % 18, dst=sub4(18)) / UDP(sport=54, dport=1018) / Raw(b"new"))
    xdown(c, 19, udp_down(19))
    c.down(20, IP(src=REMOTE4 % 20, dst=sub4(20), flags="MF", id=77) /
           UDP(sport=53, dport=1020, len=400) / Raw(b"f" * 200))
    xdown(c, 21, udp_down(21))
    xdown(c, 23, IP(src=r, dst=sub4(23)) / TCP(sport=80, dport=4023, flags="A", seq=9, ack=17))
    for i in range(24, 34):
        xdown(c, i, udp_down(i))
    assert len(c.inp["core"]) == BURST
    # access burst 2
    for i in range(2, 6):
        xup(c, i, udp_up(i))
    xup(c, 22, IP(src=sub4(22), dst=r) / TCP(sport=4022, dport=80, flags="A", seq=101, ack=501))
    c.up(6, IPv6(src=sub6(6), dst=REMOTE6 % 6) / UDP(sport=1006, dport=53) / Raw(b"v6"))
    xup(c, 7, udp_up(7))
    c.up(8, udp_up(8, ttl=1), err="ttl_exceeded")
    xup(c, 9, udp_up(9))
    c.up(10, udp_up(10, flags="DF"), fwd=("core", GW_MAC), express=True)
    return c
