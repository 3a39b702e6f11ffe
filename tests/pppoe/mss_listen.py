#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
The core host's side of the MSS clamping test (run inside its namespace):
a TCP listener, whose kernel answers SYNs with the MSS of its own link
(1460 on a 1500-byte one), and a sniffer on that link reporting what
crossed it.

  mss_listen.py IFACE PORT

Prints "READY" once listening, then for every SYN to PORT "SYN_IN mss ok"
("bad" instead of "ok" when its TCP checksum is wrong) and for every
SYN-ACK the kernel sends from PORT "SYNACK_OUT mss" (mss 0: no option).
Runs until killed.
"""
import os
import select
import socket
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import csum, tcp_mss  # noqa: E402  (the PPPoE client's helpers)


def main():
    ifname, port = sys.argv[1], int(sys.argv[2])
    sniff = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    sniff.bind((ifname, 0))
    lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsn.bind(("0.0.0.0", port))
    lsn.listen(16)
    print("READY", flush=True)
    while True:
        r, _, _ = select.select([sniff, lsn], [], [])
        if lsn in r:
            lsn.accept()[0].close()
        if sniff not in r:
            continue
        f = sniff.recv(65536)
        if f[12:14] != b"\x08\x00" or f[23] != 6:
            continue
        ip = f[14:]
        ihl, tot = (ip[0] & 0xf) * 4, struct.unpack("!H", ip[2:4])[0]
        t = ip[ihl:tot]
        sport, dport = struct.unpack("!HH", t[:4])
        flags = t[13] & 0x12
        if flags == 0x02 and dport == port:
            ok = csum(ip[12:20] + struct.pack("!BBH", 0, 6, len(t)) + t) == 0
            print("SYN_IN %d %s" % (tcp_mss(t), "ok" if ok else "bad"), flush=True)
        elif flags == 0x12 and sport == port:
            print("SYNACK_OUT %d" % tcp_mss(t), flush=True)


if __name__ == "__main__":
    main()
