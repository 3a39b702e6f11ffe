#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write a pcap of 64-byte IPv4/UDP frames from subscribers, N distinct flows.

Flow i comes from 10.<i>/8 (subscriber addresses spread over the access
prefix) with source port 1024 + i // 2^24 to 203.0.113.1:53. Plain struct
packing keeps 1M packets to a few seconds; no scapy needed.
"""
import struct
import sys


def csum(data):
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def main():
    out, flows = sys.argv[1], int(sys.argv[2])
    eth = bytes.fromhex("020000001001" "020000001002" "0800")
    dst = bytes([203, 0, 113, 1])
    payload = b"\x00" * 18  # 14 + 20 + 8 + 18 = 60 bytes + 4 FCS on the wire = 64
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(flows):
            src = struct.pack("!I", (10 << 24) | (i & 0xFFFFFF))
            ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 46, 0, 0, 64, 17, 0, src, dst))
            struct.pack_into("!H", ip, 10, csum(bytes(ip)))
            udp = struct.pack("!HHHH", 1024 + (i >> 24), 53, 26, 0)
            frame = eth + bytes(ip) + udp + payload
            f.write(struct.pack("<IIII", 0, 0, len(frame), len(frame)))
            f.write(frame)


if __name__ == "__main__":
    main()
