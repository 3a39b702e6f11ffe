#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write the two pcaps of the PPPoE data-plane benchmark (tests/bench/pppoe_dp.sh)
from the sessions tests/pppoe/load.py brought up (its --sessions file: MAC,
session id, address, the AC's MAC, one session a line). One UDP flow a
session, the sessions interleaved (packet k belongs to session k mod N):

  up.pcap:   PPPoE session frames, each from its session's MAC to the AC
             with its session id, IPv4 ADDR:1024 -> 203.0.113.1:53
  down.pcap: Ethernet to bngd's core port, 203.0.113.1:53 -> ADDR:1024

The IPv4 packets are the 46-byte ones of scripts/bench.sh's fwd and NAT
cases (60-byte frames on the core side, 68 with the PPPoE and PPP headers).

Usage: pppoe_dp.py SESSIONS UP.pcap DOWN.pcap CORE_MAC [HOST_MAC]
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nat"))
from gen_nat_flows import frame  # noqa: E402  (the IPv4/UDP packet of the NAT cases)

REMOTE = bytes([203, 0, 113, 1])
PPP_IPV4 = 0x0021


def mac(s):
    return bytes.fromhex(s.replace(":", ""))


def pcap_writer(path):
    f = open(path, "wb")
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    return f


def record(f, data):
    f.write(struct.pack("<IIII", 0, 0, len(data), len(data)) + data)


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    sessions, up_path, down_path, core_mac = sys.argv[1:5]
    host_mac = sys.argv[5] if len(sys.argv) > 5 else "02:00:00:00:20:02"
    eth_down = mac(core_mac) + mac(host_mac) + b"\x08\x00"
    n = 0
    with open(sessions) as src, pcap_writer(up_path) as up, pcap_writer(down_path) as down:
        for line in src:
            f = line.split()
            if len(f) != 4:
                continue
            addr = socket.inet_aton(f[2])
            ip = frame(b"", addr, REMOTE, 1024, 53)
            pppoe = struct.pack("!HBBHHH", 0x8864, 0x11, 0, int(f[1]), len(ip) + 2, PPP_IPV4)
            record(up, mac(f[3]) + mac(f[0]) + pppoe + ip)
            record(down, frame(eth_down, REMOTE, addr, 53, 1024))
            n += 1
    if n == 0:
        sys.exit("pppoe_dp.py: no sessions in %s" % sessions)
    print("pppoe_dp.py: %d sessions" % n, file=sys.stderr)


if __name__ == "__main__":
    main()
