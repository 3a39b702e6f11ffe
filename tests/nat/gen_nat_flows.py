#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write the two pcaps of an established-NAT replay: FLOWS 64-byte UDP flows
from subscribers behind bngd's access port, and the same flows' replies as
they arrive on the core port, addressed to the external address and port
bngd gives each flow.

  up.pcap:   100.64.0.0+s : p0(s)+j  ->  203.0.113.1 : 53      (access port)
  down.pcap: 203.0.113.1 : 53        ->  EXT(s) : p0(s)+j      (core port)

for subscriber s < FLOWS / PER_SUB and flow j < PER_SUB, interleaved
(j-major) so the first packets of the file are every subscriber's first
packet, in subscriber order.

bngd's allocator is deterministic for such a file (lib/nat/nat.c), which is
what makes the replies predictable:
 - the subscriber's external address is rte_hash_crc_4byte(addr, tenant 0)
   modulo the pool size (paired pooling), or, when that address has no free
   block left, the first address that has one;
 - its worker is (crc * workers) >> 32 (app/bngd_worker.c owner_of), and
   worker w hands out blocks w, w + workers, w + 2 * workers ... of each
   address, lowest first, one per subscriber (blocks_per_subscriber = 1);
 - an inside port inside the subscriber's block is kept as it is (port
   preservation), so flow j uses inside = outside port p0(s) + j, where
   p0(s) = port_min + block * block_size.
PER_SUB must not exceed the block size. The pool is POOL (a prefix); its
addresses are used in order, as bngd sorts them.

Usage: gen_nat_flows.py UP.pcap DOWN.pcap FLOWS [--per-sub N] [--pool P]
       [--block-size B] [--port-min M] [--port-max X] [--workers W]
Prints one summary line (subscribers, addresses, fallbacks) on stderr.
"""
import argparse
import ipaddress
import struct
import sys


def crc32c_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


CRC_T = crc32c_table()


def crc32c_4byte(data_bytes, init):
    """rte_hash_crc_4byte(): CRC32-C (the SSE4.2 crc32 instruction) of the
    32-bit word as it lies in memory, register seeded with init, no final
    inversion."""
    c = init
    for b in data_bytes:
        c = CRC_T[(c ^ b) & 0xFF] ^ (c >> 8)
    return c


# The IPv4 header's constant words (version/IHL, length 46, TTL 64, UDP).
IP_CONST = 0x4500 + 46 + 0x4011
PAYLOAD = b"\x00" * 18  # 14 + 20 + 8 + 18 = 60 bytes + FCS = 64 on the wire


def frame(eth, src, dst, sport, dport):
    s = IP_CONST + sum(struct.unpack("!HHHH", src + dst))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 46, 0, 0, 64, 17, ~s & 0xFFFF, src, dst)
    return eth + ip + struct.pack("!HHHH", sport, dport, 26, 0) + PAYLOAD


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("up")
    ap.add_argument("down")
    ap.add_argument("flows", type=int)
    ap.add_argument("--per-sub", type=int, default=1000)
    ap.add_argument("--pool", default="192.0.2.0/32")
    ap.add_argument("--block-size", type=int, default=1024)
    ap.add_argument("--port-min", type=int, default=1024)
    ap.add_argument("--port-max", type=int, default=65535)
    ap.add_argument("--workers", type=int, default=1)
    a = ap.parse_args()

    if a.per_sub > a.block_size:
        sys.exit("gen_nat_flows: --per-sub must not exceed --block-size")
    # Every address of the prefix, network and broadcast included, as bngd.
    net = ipaddress.ip_network(a.pool)
    base = int(net.network_address)
    pool = [struct.pack("!I", base + k) for k in range(net.num_addresses)]
    n_addr = len(pool)
    blocks_per_addr = (a.port_max - a.port_min + 1) // a.block_size
    W = a.workers
    # own[w]: blocks of each address that worker w owns; used[w][addr]: handed out.
    own = [(blocks_per_addr + W - 1 - w) // W for w in range(W)]
    used = [[0] * n_addr for _ in range(W)]
    subs = (a.flows + a.per_sub - 1) // a.per_sub
    if subs > (1 << 22):
        sys.exit("gen_nat_flows: too many subscribers for 100.64.0.0/10")

    sub_addr, sub_ext, sub_p0 = [], [], []
    fallbacks = 0
    for s in range(subs):
        addr = struct.pack("!I", (100 << 24) | (64 << 16) | s)
        h = crc32c_4byte(addr, 0)
        w = (h * W) >> 32
        e = h % n_addr
        if used[w][e] == own[w]:
            fallbacks += 1
            e = next((x for x in range(n_addr) if used[w][x] < own[w]), None)
            if e is None:
                sys.exit("gen_nat_flows: pool too small: worker %d has no free block" % w)
        k = used[w][e]
        used[w][e] += 1
        blk = k * W + w
        sub_addr.append(addr)
        sub_ext.append(pool[e])
        sub_p0.append(a.port_min + blk * a.block_size)

    # Ethernet: to bngd's access0 from the subscribers' side, to core0 from the core side.
    eth_up = bytes.fromhex("020000001001" "020000001002" "0800")
    eth_down = bytes.fromhex("020000002001" "020000002002" "0800")
    remote = bytes([203, 0, 113, 1])
    hdr = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    with open(a.up, "wb") as fu, open(a.down, "wb") as fd:
        fu.write(hdr)
        fd.write(hdr)
        rec = struct.pack("<IIII", 0, 0, 60, 60)
        n = 0
        # The last subscriber may have fewer flows.
        last = a.flows - (subs - 1) * a.per_sub
        for j in range(a.per_sub):
            for s in range(subs):
                if s == subs - 1 and j >= last:
                    continue
                port = sub_p0[s] + j
                fu.write(rec + frame(eth_up, sub_addr[s], remote, port, 53))
                fd.write(rec + frame(eth_down, remote, sub_ext[s], 53, port))
                n += 1
    print("gen_nat_flows: %d flows, %d subscribers x %d, %d external addresses, %d workers, "
          "%d fallbacks" % (n, subs, a.per_sub, n_addr, W, fallbacks), file=sys.stderr)


if __name__ == "__main__":
    main()
