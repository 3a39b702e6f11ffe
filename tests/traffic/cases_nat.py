# SPDX-License-Identifier: BSD-3-Clause
"""Golden cases of the CGNAT (lib/nat)."""
from golden import *  # noqa: F401,F403

# ---------------------------------------------------------------- CGNAT (lib/nat)
#
# What a NAT must send is computed here from the input bytes: addresses and
# ports (ICMP query identifiers) rewritten, TTL minus one, every checksum
# computed from scratch (bngd updates them incrementally: the bytes agree
# when both are right), a zero UDP checksum left zero.
#
# External ports are predictable where the NAT must preserve them (RFC 4787
# REQ-3 as the design puts it: the inside port is kept when it lies in one
# of the subscriber's port blocks and is free), so the cases choose inside
# ports inside the subscriber's first block and know every byte. Which
# address and block that is follows from the design too: paired pooling by
# hash of the subscriber (rte_hash_crc_4byte(address, tenant) % addresses,
# the addresses sorted), block b of every address owned by worker
# b % workers, a worker handing out its lowest free block first, the
# subscriber's worker computed from its address
# (rte_hash_crc_4byte(address, 0) * workers >> 32). NatPool is that model.
# Where the NAT picks a port itself (not preservable), the expected frame is
# a Flex: compare.py checks the rules (range, parity, one port per mapping,
# checksums) instead of the bytes.

NAT_POOL4 = ["192.0.2.70", "192.0.2.64/31"]   # 3 addresses, listed unsorted


def crc32c(data, init):
    """DPDK's rte_hash_crc (CRC-32C, no final inversion) of @data bytes."""
    crc = init & 0xffffffff
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc


def ip4_int(a):
    return int.from_bytes(ip4b(a), "big")


def ip4_str(v):
    return socket.inet_ntop(socket.AF_INET, v.to_bytes(4, "big"))


class NatPool:
    """One NAT instance: its configuration, and where its subscribers land."""

    def __init__(self, name="cgn", addrs=None, port_min=1024, port_max=65535, block_size=512,
                 blocks_per_sub=8, max_sessions=0, quarantine_s=0, filtering=None,
                 workers=1, tenant=0, statics=(), det=None):
        self.name, self.addrs_conf = name, list(addrs or NAT_POOL4)
        self.port_min, self.port_max, self.block_size = port_min, port_max, block_size
        self.blocks_per_sub, self.max_sessions = blocks_per_sub, max_sessions
        self.quarantine_s, self.filtering = quarantine_s, filtering
        self.workers, self.tenant = workers, tenant
        self.statics = list(statics)      # (inside, outside, proto or None)
        self.det = det                    # deterministic NAT's inside prefix
        addrs = []
        for a in self.addrs_conf:
            base, _, ln = a.partition("/")
            n = 1 << (32 - int(ln)) if ln else 1
            b = ip4_int(base) & ~(n - 1)
            addrs += [b + k for k in range(n)]
        self.addrs = [ip4_str(v) for v in sorted(addrs)]
        self.next_block = {}             # (worker, address index) -> next local block
        self.first_block = {}            # subscriber -> port range of its first block

    def conf(self, max_subs=64, max_mappings=4096):
        f = '' if self.filtering is None else ' filtering = "%s";' % self.filtering
        if self.det:
            f += ' mode = "deterministic"; inside = "%s";' % self.det
        if self.statics:
            f += ' static = ( %s );' % ", ".join(
                '{ inside = "%s"; outside = "%s";%s }' % (i, o, ' proto = "%s";' % pr if pr else "")
                for i, o, pr in self.statics)
        return ['nat = { max_subscribers = %d; max_mappings = %d; instances = (' %
                (max_subs, max_mappings),
                '  { name = "%s"; addresses = [ %s ]; port_min = %d; port_max = %d;' %
                (self.name, ", ".join('"%s"' % a for a in self.addrs_conf), self.port_min,
                 self.port_max),
                ('    max_sessions_per_subscriber = %d;' % self.max_sessions) +
                ('' if self.det else ' block_size = %d; blocks_per_subscriber = %d; '
                 'quarantine_s = %d;' % (self.block_size, self.blocks_per_sub, self.quarantine_s))
                + f + ' }',
                '); };',
                'tenants = ( { id = %d; name = "subs"; services = [ "nat", "forward", "counters" ];'
                ' nat = "%s"; } );' % (self.tenant, self.name)]

    def det_host(self, sub):
        """Deterministic NAT (RFC 7422): (address, first port, last port) of inside host @sub."""
        base, _, ln = self.det.partition("/")
        per = -(-(1 << (32 - int(ln))) // len(self.addrs))
        n = (self.port_max - self.port_min + 1) // per
        h = ip4_int(sub) - ip4_int(base)
        lo = self.port_min + (h % per) * n
        return self.addrs[h // per], lo, lo + n - 1

    def ext(self, sub):
        """Paired pooling: the subscriber's one external address."""
        if self.det:
            return self.det_host(sub)[0]
        return self.addrs[crc32c(ip4b(sub), self.tenant) % len(self.addrs)]

    def owner(self, sub):
        if self.workers == 1:
            return 0
        return (crc32c(ip4b(sub), 0) * self.workers) >> 32

    def block(self, sub):
        """(first, last) port of the subscriber's first block; allocated on the first call."""
        if self.det:
            return self.det_host(sub)[1:]
        if sub not in self.first_block:
            w, a = self.owner(sub), self.addrs.index(self.ext(sub))
            local = self.next_block.get((w, a), 0)
            self.next_block[(w, a)] = local + 1
            g = local * self.workers + w
            lo = self.port_min + g * self.block_size
            assert lo + self.block_size - 1 <= self.port_max, "pool model: out of blocks"
            self.first_block[sub] = (lo, lo + self.block_size - 1)
        return self.first_block[sub]

    def port(self, sub, k):
        """The k-th port of the subscriber's first block (preserved when the inside port)."""
        lo, hi = self.block(sub)
        assert lo + k <= hi
        return lo + k

    def owner_of_port(self, port):
        return ((port - self.port_min) // self.block_size) % self.workers


def l4_info(l3):
    """(protocol, header length, source port or id, destination port or id) of an IPv4 datagram."""
    ihl = (l3[0] & 0xf) * 4
    proto = l3[9]
    l4 = l3[ihl:]
    if proto in (6, 17):
        return proto, ihl, int.from_bytes(l4[0:2], "big"), int.from_bytes(l4[2:4], "big")
    assert proto == 1 and l4[0] in (0, 8, 13, 14), "NAT cases: TCP, UDP, ICMP queries"
    i = int.from_bytes(l4[4:6], "big")
    return proto, ihl, i, i


def nat_rewrite(l3, src=None, sport=None, dst=None, dport=None):
    """
    @l3 (an IPv4 datagram, not a fragment) as a NAT forwards it: source /
    destination address and port (ICMP query: identifier, given as sport or
    dport) replaced, TTL minus one, IP and L4 checksums computed from scratch
    (a zero UDP checksum stays zero: RFC 768 "no checksum").
    """
    b = bytearray(l3)
    proto, ihl, _, _ = l4_info(l3)
    assert int.from_bytes(b[6:8], "big") & 0x3fff == 0, "not for fragments"
    if src is not None:
        b[12:16] = ip4b(src)
    if dst is not None:
        b[16:20] = ip4b(dst)
    b[8] -= 1
    l4 = bytearray(b[ihl:])
    if proto == 1:
        new = sport if sport is not None else dport
        if new is not None:
            l4[4:6] = new.to_bytes(2, "big")
        l4[2:4] = b"\0\0"
        l4[2:4] = csum(bytes(l4)).to_bytes(2, "big")
    else:
        if sport is not None:
            l4[0:2] = sport.to_bytes(2, "big")
        if dport is not None:
            l4[2:4] = dport.to_bytes(2, "big")
        co = 16 if proto == 6 else 6
        if proto == 6 or l4[6:8] != b"\0\0":
            l4[co:co + 2] = b"\0\0"
            ph = bytes(b[12:20]) + bytes([0, proto]) + len(l4).to_bytes(2, "big")
            c = csum(ph + bytes(l4))
            if proto == 17 and c == 0:
                c = 0xffff
            l4[co:co + 2] = c.to_bytes(2, "big")
    return ip4_fix(bytes(b[:ihl])) + bytes(l4)


class NatState:
    """
    What a NAT that follows RFC 4787/5382/6888 holds after each packet:
    endpoint-independent mappings, sessions, the counters of "show nat
    statistics". Cases feed it through Case.nat_up() / nat_down().
    """

    def __init__(self, pool):
        self.pool = pool
        self.maps = {}      # (sub, proto, inside port) -> [external address, port or None, group]
        self.rev = {}       # (external address, proto, port) -> mapping key
        self.sess = {}      # (sub, proto, iport, remote, rport) -> subscriber
        self.permits = set()  # (sub, proto, iport, remote): sent to (address-dependent filtering)
        self.subs = set()
        self.ctr = {}
        self.fixed = {}     # expectations set by the case (e.g. after console steps)

    def count(self, k, n=1):
        self.ctr[k] = self.ctr.get(k, 0) + n

    def sub_sessions(self, sub):
        return sum(1 for s in self.sess.values() if s == sub)

    def expect(self):
        e = {"counters": {k: v for k, v in sorted(self.ctr.items()) if v},
             "subscribers": len(self.subs), "mappings": len(self.maps),
             "quarantined_ports": 0}
        e.update(self.fixed)
        return e


def _nat_up(self, i, l3, eport=None, err=None, src=None, pad=b""):
    """
    Subscriber @i sends @l3 (IPv4 from sub4(i), or @src) upstream through the
    NAT. New mapping: @eport is its external port (the preserved inside port,
    normally) or "flex" for a port the NAT chooses (checked by rules). err:
    refused ("nat_ports_exhausted" / "nat_session_limit"), answered with host
    unreachable from access0's address. pad: Ethernet padding after the
    datagram (kept as is).
    """
    st = self.nat
    b = bytes(as_l3(l3))
    sub, remote = socket.inet_ntoa(b[12:16]), socket.inet_ntoa(b[16:20])
    assert sub == (src or sub4(i))
    proto, ihl, sp, dp = l4_info(b)
    key, skey = (sub, proto, sp), (sub, proto, sp, remote, dp)
    frame = bytes(Ether(src=sub_mac(i), dst=A_MAC) / as_l3(b)) + pad
    if err is not None:
        st.count({"nat_ports_exhausted": "ports_exhausted",
                  "nat_session_limit": "quota_exceeded"}[err])
        self.in_frame("access", frame, err=err, stage="owned", session=False)
        return
    new, ep, group = _nat_out_l3(st, self, b, eport)
    out = eth(GW_MAC, "core", new) + pad
    if ep is None:
        lo, hi = st.pool.block(sub)
        co = {1: 2, 6: 16, 17: 6}[proto]
        udp0 = proto == 17 and b[ihl + 6:ihl + 8] == b"\0\0"
        out = Flex(out, 14 + ihl + (4 if proto == 1 else 0),
                   None if udp0 else 14 + ihl + co, group, [[lo, hi]],
                   parity=(sp & 1) if proto == 17 else None, ext_off=14 + 12)
    self.add("access", frame, out=[("core", out)], stage="owned", session=False)


def _nat_out_l3(st, case, b, eport):
    """
    The NAT's state after datagram @b leaves through it, and the datagram as
    it leaves: (translated bytes, external port or None, flex group).
    """
    sub, remote = socket.inet_ntoa(b[12:16]), socket.inet_ntoa(b[16:20])
    proto, ihl, sp, dp = l4_info(b)
    key, skey = (sub, proto, sp), (sub, proto, sp, remote, dp)
    if skey not in st.sess and st.pool.max_sessions:
        assert st.sub_sessions(sub) < st.pool.max_sessions, "use err= for this flow"
    if key not in st.maps:
        assert eport is not None, "a new mapping needs its external port"
        ext = st.pool.ext(sub)
        if sub not in st.subs and not st.pool.det:
            st.count("blocks_allocated")
        lo, hi = st.pool.block(sub)
        if eport == "flex":
            st.maps[key] = [ext, None, "%s/%d/%d" % key]
        else:
            assert lo <= eport <= hi, "pool model: %d not in %s's block %d-%d" % (eport, sub, lo, hi)
            assert (ext, proto, eport) not in st.rev
            st.maps[key] = [ext, eport, None]
            st.rev[(ext, proto, eport)] = key
            if eport == sp:
                st.count("ports_preserved")
        st.subs.add(sub)
        st.count("mappings_created")
    ext, ep, group = st.maps[key]
    assert eport in (None, "flex") or eport == ep, "one mapping, one port (EIM)"
    if skey not in st.sess:
        st.sess[skey] = sub
        st.permits.add((sub, proto, sp, remote))
        st.count("sessions_out")
        case.flows.add(("nat",) + skey)
    st.count("translated_out")
    return nat_rewrite(b, src=ext, sport=ep if ep is not None else 0), ep, group


def _nat_down(self, i, l3, drop=None, err=None):
    """
    A remote host sends @l3 to an external address and port (ICMP: the
    external identifier); translated back to subscriber @i, or dropped
    (drop="nat_no_mapping" / "nat_filtered"), or refused (err=).
    """
    st = self.nat
    b = bytes(as_l3(l3))
    remote, ext = socket.inet_ntoa(b[12:16]), socket.inet_ntoa(b[16:20])
    proto, ihl, sp, dp = l4_info(b)
    frame = Ether(src=GW_MAC, dst=C_MAC) / as_l3(b)
    key = st.rev.get((ext, proto, dp))
    if drop is not None or err is not None:
        why = drop or err
        st.count({"nat_no_mapping": "no_mapping", "nat_filtered": "filtered",
                  "nat_session_limit": "quota_exceeded"}[why])
        assert (key is None) == (why == "nat_no_mapping")
        if err is not None:
            self.in_frame("core", frame, err=err, stage="owned", session=False)
        else:
            self.add("core", frame, drop=drop, session=False)
        return
    assert key[0] == sub4(i)
    new = _nat_in_l3(st, self, b)
    self.add("core", frame, out=[("access", eth(sub_mac(i), "access", new))], stage="owned",
             session=False)


def _nat_in_l3(st, case, b):
    """The NAT's state after datagram @b comes in through it, and the datagram as it goes on."""
    remote, ext = socket.inet_ntoa(b[12:16]), socket.inet_ntoa(b[16:20])
    proto, ihl, sp, dp = l4_info(b)
    key = st.rev.get((ext, proto, dp))
    assert key is not None, "no mapping for %s %d/%d" % (ext, proto, dp)
    sub, _, iport = key
    skey = (sub, proto, iport, remote, iport if proto == 1 else sp)
    if skey not in st.sess:
        assert st.pool.filtering in (None, "endpoint-independent") or (
            st.pool.filtering == "address-dependent" and (sub, proto, iport, remote) in st.permits), \
            "filtered: use drop="
        st.sess[skey] = sub
        st.count("sessions_in")
        case.flows.add(("nat",) + skey)
    st.count("translated_in")
    return nat_rewrite(b, dst=sub, dport=iport)


def _nat_frags(self, i, l3, sizes, order=None, up=True, eport=None, drop=None):
    """
    Datagram @l3 through the NAT in fragments of @sizes payload bytes (the
    rest in the last), sent in @order (indexes, 0 = the first fragment).
    Later fragments that come before the first are held, and follow it out
    right after it. The translated fragments
    are those of the translated datagram, cut the same way. drop: the first
    fragment is refused for that reason (the later ones after it then
    find no session).
    """
    st = self.nat
    b = bytes(as_l3(l3))
    ins = ip4_split(b, sizes)
    order = list(range(len(ins))) if order is None else order
    if drop is None:
        new = _nat_out_l3(st, self, b, eport)[0] if up else _nat_in_l3(st, self, b)
        outs = ip4_split(new, sizes)
        st.count("translated_out" if up else "translated_in", len(ins) - 1)
    else:
        st.count({"nat_no_mapping": "no_mapping", "nat_filtered": "filtered"}[drop])
    port, to = ("access", "core") if up else ("core", "access")
    smac, dmac = (sub_mac(i), A_MAC) if up else (GW_MAC, C_MAC)
    nh = GW_MAC if up else sub_mac(i)
    self.count("ip", "vfrag_datagrams")
    held, first = [], False
    for k in order:
        frame = bytes(Ether(src=smac, dst=dmac, type=0x0800) / Raw(ins[k]))
        if k == 0:
            first = True
            if drop is not None:
                self.add(port, frame, drop=drop, stage="owned", session=False)
                for h in held:
                    self.count("drops", "fragment_no_session")
                continue
            self.add(port, frame, out=[(to, eth(nh, to, outs[x])) for x in [0] + held],
                     stage="owned", session=False)
        elif not first:
            held.append(k)
            self.count("ip", "vfrag_held")
            self.add(port, frame, held=True)
        elif drop is not None:
            self.add(port, frame, drop="fragment_no_session", stage="owned", session=False)
        else:
            self.add(port, frame, out=[(to, eth(nh, to, outs[k]))], stage="owned",
                     session=False)


def _sync(self):
    """
    Fill both inputs up to a whole burst (with frames of an EtherType bngd
    drops), so that what is added next is read after everything added so
    far on either port (one worker reads a burst of access0, then one of
    core0).
    """
    for port in ("access", "core"):
        while len(self.inp[port]) % BURST:
            self.add(port, Ether(src=GW_MAC, dst=PORT_MAC[port], type=0x88b5) / Raw(b"fill" * 12),
                     drop="unsupported_ethertype")


def _nat_setup(self, pool):
    self.nat = NatState(pool)
    self.conf += pool.conf()
    return pool


Case.nat_frags = _nat_frags
Case.nat_up = _nat_up
Case.nat_down = _nat_down
Case.nat_setup = _nat_setup
Case.sync = _sync


R1, R2, R3, R4 = (REMOTE4 % n for n in (10, 20, 30, 40))


def case_nat_basic():
    c = Case("nat_basic", "CGNAT: UDP, TCP (handshake, data, FIN both ways), ICMP echo of four "
             "subscribers through a pool of 3 addresses: source rewritten to the subscriber's "
             "one external address (paired pooling), replies translated back, ports "
             "preserved, every checksum right (UDP zero checksum kept), TTL - 1; NAT counters")
    p = c.nat_setup(NatPool())
    a, b, d, e = 2, 5, 4, 3           # a, e: first address; b: second; d: third
    assert p.ext(sub4(a)) == p.ext(sub4(e)) == p.addrs[0] and p.ext(sub4(b)) == p.addrs[1]
    assert p.ext(sub4(d)) == p.addrs[2]
    sa = sub4(a)
    xa = p.ext(sa)
    pu, pz, pt, pi = (p.port(sa, k) for k in (10, 11, 20, 30))   # 1034, 1035, 1044, 1054
    # UDP request / answer / request
    c.nat_up(a, IP(src=sa, dst=R1, id=1) / UDP(sport=pu, dport=53) / Raw(b"query"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R1, id=2) / UDP(sport=pu, dport=53) / Raw(b"query again"))
    # UDP without checksum (0 stays 0), both ways
    c.nat_up(a, IP(src=sa, dst=R1, id=3) / UDP(sport=pz, dport=123, chksum=0) / Raw(b"ntp?"),
             eport=pz)
    # TCP: handshake, data both ways, FIN both ways
    c.nat_up(a, IP(src=sa, dst=R2, id=10) / TCP(sport=pt, dport=80, flags="S", seq=1000,
                                                 options=[("MSS", 1460), ("SAckOK", b"")]),
             eport=pt)
    c.nat_up(a, IP(src=sa, dst=R2, id=11) / TCP(sport=pt, dport=80, flags="A", seq=1001, ack=5001))
    c.nat_up(a, IP(src=sa, dst=R2, id=12, flags="DF") /
             TCP(sport=pt, dport=80, flags="PA", seq=1001, ack=5001) / Raw(b"GET / HTTP/1.0\r\n\r\n"))
    c.nat_up(a, IP(src=sa, dst=R2, id=13) / TCP(sport=pt, dport=80, flags="FA", seq=1019, ack=5018))
    c.nat_up(a, IP(src=sa, dst=R2, id=14) / TCP(sport=pt, dport=80, flags="A", seq=1020, ack=5019))
    # ICMP echo (the identifier is the "port")
    c.nat_up(a, IP(src=sa, dst=R3, id=20) / ICMP(type=8, id=pi, seq=1) / Raw(b"ping" * 8), eport=pi)
    # IPv4 options and TOS: the L4 header is found after them
    c.nat_up(a, IP(src=sa, dst=R1, id=21, tos=0x28, options=[b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
             UDP(sport=pu, dport=53) / Raw(b"opts"))
    # a short frame padded to 60 bytes: the padding stays
    c.nat_up(a, IP(src=sa, dst=R4, id=22) / UDP(sport=p.port(sa, 12), dport=9) / Raw(b"x"),
             eport=p.port(sa, 12), pad=b"\xaa" * 17)
    # the second subscriber: another address
    sb = sub4(b)
    qu, qt, qi = (p.port(sb, k) for k in (76, 77, 78))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=qu, dport=53) / Raw(b"b query"), eport=qu)
    c.nat_up(b, IP(src=sb, dst=R2) / TCP(sport=qt, dport=443, flags="S", seq=7), eport=qt)
    c.nat_up(b, IP(src=sb, dst=R3) / ICMP(type=8, id=qi, seq=9), eport=qi)
    c.nat_up(b, IP(src=sb, dst=R2) / TCP(sport=qt, dport=443, flags="A", seq=8, ack=101))
    # a third on the third address, a fourth sharing the first: its own (second) block
    sd, se = sub4(d), sub4(e)
    c.nat_up(d, IP(src=sd, dst=R1) / ICMP(type=8, id=p.port(sd, 5), seq=1), eport=p.port(sd, 5))
    lo_e, _ = p.block(se)
    assert lo_e == p.block(sa)[0] + p.block_size
    c.nat_up(e, IP(src=se, dst=R4) / UDP(sport=p.port(se, 1), dport=5353) / Raw(b"e"),
             eport=p.port(se, 1))
    # ---- from the internet: replies, back to the subscribers
    c.nat_down(a, IP(src=R1, dst=xa, id=100) / UDP(sport=53, dport=pu) / Raw(b"answer!"))
    c.nat_down(a, IP(src=R1, dst=xa, id=101) / UDP(sport=123, dport=pz, chksum=0) / Raw(b"ntp!"))
    c.nat_down(a, IP(src=R2, dst=xa, id=102) / TCP(sport=80, dport=pt, flags="SA", seq=5000, ack=1001,
                                                   options=[("MSS", 1400)]))
    c.nat_down(a, IP(src=R2, dst=xa, id=103, flags="DF") /
               TCP(sport=80, dport=pt, flags="PA", seq=5001, ack=1019) / Raw(b"HTTP/1.0 200 OK\r\n"))
    c.nat_down(a, IP(src=R2, dst=xa, id=104) / TCP(sport=80, dport=pt, flags="FA", seq=5018, ack=1020))
    c.nat_down(a, IP(src=R3, dst=xa, id=105) / ICMP(type=0, id=pi, seq=1) / Raw(b"ping" * 8))
    xb = p.ext(sb)
    c.nat_down(b, IP(src=R1, dst=xb) / UDP(sport=53, dport=qu) / Raw(b"b answer"))
    c.nat_down(b, IP(src=R2, dst=xb) / TCP(sport=443, dport=qt, flags="SA", seq=100, ack=8))
    c.nat_down(b, IP(src=R3, dst=xb) / ICMP(type=0, id=qi, seq=9))
    c.nat_down(d, IP(src=R1, dst=p.ext(sd), ttl=2) / ICMP(type=0, id=p.port(sd, 5), seq=1))
    c.nat_down(e, IP(src=R4, dst=p.ext(se)) / UDP(sport=5353, dport=p.port(se, 1)) / Raw(b"E"))
    assert len(c.nat.subs) == 4
    return c


def case_nat_eim():
    c = Case("nat_eim", "CGNAT endpoint-independent mapping (one external port for one inside "
             "endpoint, whatever the remote; preserved and NAT-chosen ports) and filtering "
             "(a third host reaches the subscriber through the mapping: sessions_in); "
             "inbound with no mapping dropped (nat_no_mapping)")
    p = c.nat_setup(NatPool())
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    xa = p.ext(sa)
    pu, pt = p.port(sa, 6), p.port(sa, 7)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=pu, dport=3478) / Raw(b"binding 1"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=pu, dport=3479) / Raw(b"binding 2"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R1) / TCP(sport=pt, dport=80, flags="S", seq=1), eport=pt)
    c.nat_up(a, IP(src=sa, dst=R2) / TCP(sport=pt, dport=8080, flags="S", seq=2), eport=pt)
    # a port the NAT chooses (outside the subscriber's block): still one per endpoint
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=40000, dport=3478) / Raw(b"far 1"), eport="flex")
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=40000, dport=3479) / Raw(b"far 2"))
    c.nat_up(a, IP(src=sa, dst=R3) / UDP(sport=40000, dport=3480) / Raw(b"far 3"))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=p.port(sb, 6), dport=3478) / Raw(b"b"),
             eport=p.port(sb, 6))
    # replies from both remotes
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"mapped 1"))
    c.nat_down(a, IP(src=R2, dst=xa) / UDP(sport=3479, dport=pu) / Raw(b"mapped 2"))
    c.nat_down(a, IP(src=R2, dst=xa) / TCP(sport=8080, dport=pt, flags="SA", seq=9, ack=3))
    # endpoint-independent filtering: hosts never contacted reach the mapping
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=5000, dport=pu) / Raw(b"hello from 3"))
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"hello from 4"))
    c.nat_down(a, IP(src=R3, dst=xa) / TCP(sport=6000, dport=pt, flags="S", seq=77))
    # no mapping: free port, other protocol, port below port_min, address
    # with no subscriber, ICMP id with no mapping
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=5000, dport=pu + 1) / Raw(b"x"), drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=5000, dport=pt) / Raw(b"x"), drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=xa) / TCP(sport=5000, dport=pu, flags="S"), drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=5000, dport=80) / Raw(b"x"), drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=p.addrs[2]) / UDP(sport=5000, dport=pu) / Raw(b"x"),
               drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=xa) / ICMP(type=8, id=pu, seq=1), drop="nat_no_mapping")
    # ---- after those: the subscriber answers the third host through the
    # session the third host started
    c.sync()
    c.nat_up(a, IP(src=sa, dst=R3) / UDP(sport=pu, dport=5000) / Raw(b"hi 3"))
    return c


def case_nat_apdf():
    c = Case("nat_apdf", "CGNAT with filtering = address-port-dependent: replies from the "
             "remote endpoints contacted pass; anyone else (another host, or the same host "
             "from another port) is dropped as nat_filtered; no mapping: nat_no_mapping")
    p = c.nat_setup(NatPool(filtering="address-port-dependent"))
    a = 2
    sa = sub4(a)
    xa = p.ext(sa)
    pu, pt = p.port(sa, 6), p.port(sa, 7)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=pu, dport=3478) / Raw(b"binding 1"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=pu, dport=3479) / Raw(b"binding 2"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R1) / TCP(sport=pt, dport=80, flags="S", seq=1), eport=pt)
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"mapped 1"))
    c.nat_down(a, IP(src=R2, dst=xa) / UDP(sport=3479, dport=pu) / Raw(b"mapped 2"))
    c.nat_down(a, IP(src=R1, dst=xa) / TCP(sport=80, dport=pt, flags="SA", seq=9, ack=2))
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=5000, dport=pu) / Raw(b"unsolicited"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=9999, dport=pu) / Raw(b"other port"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R2, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"other pair"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R3, dst=xa) / TCP(sport=80, dport=pt, flags="S", seq=5),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=5000, dport=pu + 1) / Raw(b"x"),
               drop="nat_no_mapping")
    return c


def case_nat_adf():
    c = Case("nat_adf", "CGNAT with filtering = address-dependent: the hosts a mapping has "
             "sent to reach it from any of their ports (new inbound sessions); other hosts "
             "are dropped as nat_filtered, per mapping and protocol")
    p = c.nat_setup(NatPool(filtering="address-dependent"))
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    xa = p.ext(sa)
    pu, pt = p.port(sa, 6), p.port(sa, 7)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=pu, dport=3478) / Raw(b"binding"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R2) / TCP(sport=pt, dport=80, flags="S", seq=1), eport=pt)
    c.nat_up(b, IP(src=sb, dst=R3) / UDP(sport=p.port(sb, 6), dport=53) / Raw(b"q"),
             eport=p.port(sb, 6))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"reply"))
    # the same host from other ports: let in (STUN's "change port" test)
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=3479, dport=pu) / Raw(b"changed port"))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=40000, dport=pu) / Raw(b"another"))
    c.nat_down(a, IP(src=R2, dst=xa) / TCP(sport=8080, dport=pt, flags="S", seq=9))
    # other hosts: dropped; a host contacted by another mapping or protocol too
    c.nat_down(a, IP(src=R2, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"other host"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=53, dport=pu) / Raw(b"b's host"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R1, dst=xa) / TCP(sport=3478, dport=pt, flags="S", seq=5),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=5000, dport=pu + 1) / Raw(b"x"),
               drop="nat_no_mapping")
    return c


def case_nat_ports():
    c = Case("nat_ports", "CGNAT port allocation, block_size 64 and one block per subscriber: "
             "64 preserved ports (ports_preserved), the 65th refused with host unreachable "
             "(nat_ports_exhausted) while existing mappings still serve new remotes; ports "
             "the NAT chooses lie in the subscriber's block and keep UDP parity; the next "
             "subscriber on the address gets the next block")
    p = c.nat_setup(NatPool(block_size=64, blocks_per_sub=1))
    a, b, e = 2, 5, 3
    sa, sb, se = sub4(a), sub4(b), sub4(e)
    lo, hi = p.block(sa)
    assert (lo, hi) == (1024, 1087)
    for port in range(lo, hi + 1):
        c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=port, dport=53) / Raw(b"q%d" % port), eport=port)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=hi + 1, dport=53) / Raw(b"one too many"),
             err="nat_ports_exhausted")
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=30001, dport=53) / Raw(b"and another"),
             err="nat_ports_exhausted")
    # an existing mapping still reaches a new remote (no new port needed)
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=lo + 6, dport=53) / Raw(b"new remote"))
    # the next subscriber on that address: the next block, port preserved
    lo_e = p.block(se)[0]
    assert lo_e == hi + 1
    c.nat_up(e, IP(src=se, dst=R1) / UDP(sport=lo_e + 3, dport=53) / Raw(b"e"), eport=lo_e + 3)
    # ports the NAT chooses: in the block, UDP parity kept (RFC 4787 REQ-6)
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=p.port(sb, 2), dport=53) / Raw(b"b"),
             eport=p.port(sb, 2))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=40001, dport=53) / Raw(b"odd"), eport="flex")
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=40002, dport=53) / Raw(b"even"), eport="flex")
    c.nat_up(b, IP(src=sb, dst=R2) / UDP(sport=40001, dport=53) / Raw(b"odd again"))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=50003, dport=53, chksum=0) / Raw(b"odd, no cksum"),
             eport="flex")
    c.nat_up(b, IP(src=sb, dst=R1) / TCP(sport=40003, dport=80, flags="S"), eport="flex")
    c.nat_up(b, IP(src=sb, dst=R1) / ICMP(type=8, id=40004, seq=1), eport="flex")
    # replies to the first burst's mappings (read after it)
    xa = p.ext(sa)
    for port in (lo, lo + 1, lo + 31):
        c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=53, dport=port) / Raw(b"a%d" % port))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=53, dport=hi + 1) / Raw(b"x"), drop="nat_no_mapping")
    return c


def case_nat_parity():
    c = Case("nat_parity", "CGNAT UDP parity with an odd port_min (1025): ports the NAT chooses "
             "have the inside port's parity (RFC 4787 REQ-6), the port's own, not its offset "
             "in the block")
    p = c.nat_setup(NatPool(port_min=1025, block_size=64, blocks_per_sub=1))
    a = 2
    sa = sub4(a)
    assert p.block(sa) == (1025, 1088)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=1027, dport=53) / Raw(b"kept"), eport=1027)
    for k in range(4):
        c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=40001 + 2 * k, dport=53) / Raw(b"odd"),
                 eport="flex")
        c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=50000 + 2 * k, dport=53) / Raw(b"even"),
                 eport="flex")
    return c


def case_nat_quota():
    c = Case("nat_quota", "CGNAT max_sessions_per_subscriber = 3 (RFC 6888 REQ-4): the 4th "
             "session of a subscriber is refused with host unreachable (nat_session_limit) "
             "whether it needs a new mapping or reuses one, and the refusal leaves the "
             "subscriber's mappings and their sessions as they were; other subscribers "
             "unaffected")
    p = c.nat_setup(NatPool(max_sessions=3, quarantine_s=120))
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    xa = p.ext(sa)
    p1, p2, p3, p4, p5 = (p.port(sa, k) for k in range(6, 11))
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=p1, dport=53) / Raw(b"1"), eport=p1)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=p2, dport=53) / Raw(b"2"), eport=p2)
    c.nat_up(a, IP(src=sa, dst=R1) / TCP(sport=p3, dport=80, flags="S"), eport=p3)
    # over the limit: a new inside port, then a port whose mapping exists
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=p4, dport=53) / Raw(b"4"), err="nat_session_limit")
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=p1, dport=53) / Raw(b"5"), err="nat_session_limit")
    c.nat_up(a, IP(src=sa, dst=R1) / ICMP(type=8, id=p5, seq=1), err="nat_session_limit")
    # the sessions it has go on
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=p1, dport=53) / Raw(b"1 again"))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=p.port(sb, 6), dport=53) / Raw(b"b"),
             eport=p.port(sb, 6))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=53, dport=p1) / Raw(b"r1"))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=53, dport=p2) / Raw(b"r2"))
    c.nat_down(a, IP(src=R1, dst=xa) / TCP(sport=80, dport=p3, flags="SA", ack=1))
    # a new inbound session through an existing mapping is over the limit too
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=7000, dport=p1) / Raw(b"unsolicited"),
               err="nat_session_limit")
    c.nat_down(b, IP(src=R1, dst=p.ext(sb)) / UDP(sport=53, dport=p.port(sb, 6)) / Raw(b"rb"))
    return c


def case_nat_quarantine():
    c = Case("nat_quarantine", "CGNAT quarantine (quarantine_s = 1, RFC 6888 REQ-8): "
             "sessions cleared from the console release their mappings, whose ports rest "
             "(quarantined_ports) about a second before their blocks go back and the "
             "subscribers are freed")
    p = c.nat_setup(NatPool(quarantine_s=1))
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    pu, pt, pi = (p.port(sa, k) for k in (1, 2, 3))
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=pu, dport=53) / Raw(b"u"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=pu, dport=53) / Raw(b"u2"))
    c.nat_up(a, IP(src=sa, dst=R1) / TCP(sport=pt, dport=80, flags="S"), eport=pt)
    c.nat_up(a, IP(src=sa, dst=R1) / ICMP(type=8, id=pi, seq=1), eport=pi)
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=p.port(sb, 1), dport=53) / Raw(b"b"),
             eport=p.port(sb, 1))
    c.nat_down(a, IP(src=R1, dst=p.ext(sa)) / UDP(sport=53, dport=pu) / Raw(b"r"))
    n_maps, n_sess = len(c.nat.maps), len(c.nat.sess)
    assert (n_maps, n_sess) == (4, 5)
    # after the input: the console clears every session; each mapping's
    # last session goes, its port rests for quarantine_s, then the blocks
    # go back and the subscribers with them
    c.steps = [
        {"cmd": "clear sessions all", "expect": {"cleared": n_sess}, "mark": True},
        {"cmd": "show nat statistics",
         "expect": {"mappings": 0, "quarantined_ports": n_maps, "subscribers": 2,
                    "counters.mappings_released": n_maps, "counters.blocks_released": 0},
         "before": 0.8},
        {"cmd": "show nat pools", "expect": {"0.ports_used": 3, "1.ports_used": 1,
                                              "0.blocks_used": 1, "1.blocks_used": 1},
         "before": 0.8},
        {"cmd": "show nat statistics", "until": {"quarantined_ports": 0}, "timeout": 3.0,
         "expect": {"quarantined_ports": 0, "mappings": 0, "subscribers": 0,
                    "counters.blocks_released": 2, "counters.mappings_released": n_maps},
         "after": 0.9},
        {"cmd": "show nat pools", "expect": {"0.ports_used": 0, "0.blocks_used": 0,
                                              "1.ports_used": 0, "1.blocks_used": 0}},
    ]
    assert p.ext(sa) == p.addrs[0] and p.ext(sb) == p.addrs[1]
    return c


def case_nat_owner():
    c = Case("nat_owner", "CGNAT with two workers: 40 subscribers' UDP, TCP and ICMP flows "
             "and unsolicited inbound (endpoint-independent filtering) all translated by the "
             "worker owning the subscriber, inbound packets reaching it from their external "
             "port alone (nat_owner); handoffs happen; one session per flow", workers=2)
    c.idle_port = True
    p = c.nat_setup(NatPool(addrs=["192.0.2.80/30"], block_size=256, workers=2))
    subs = list(range(2, 42))
    assert {p.owner(sub4(i)) for i in subs} == {0, 1}
    for i in subs:
        s = sub4(i)
        x = p.ext(s)
        pu, pt, pi = p.port(s, 11), p.port(s, 12), p.port(s, 13)
        assert p.owner_of_port(pu) == p.owner(s)
        r = REMOTE4 % (100 + i)
        ups = [
            (IP(src=s, dst=r) / UDP(sport=pu, dport=53) / Raw(b"q%d" % i), pu),
            (IP(src=s, dst=r) / TCP(sport=pt, dport=443, flags="S", seq=i), pt),
            (IP(src=s, dst=r) / ICMP(type=8, id=pi, seq=i), pi),
            (IP(src=s, dst=r) / TCP(sport=pt, dport=443, flags="A", seq=i + 1, ack=8), None),
        ]
        for l3, ep in ups:
            c.nat_up(i, l3, eport=ep)
        # in the same position of core0's input: read after them
        c.nat_down(i, IP(src=r, dst=x) / UDP(sport=53, dport=pu) / Raw(b"a%d" % i))
        c.nat_down(i, IP(src=r, dst=x) / TCP(sport=443, dport=pt, flags="SA", seq=7, ack=i + 1))
        c.nat_down(i, IP(src=r, dst=x) / ICMP(type=0, id=pi, seq=i))
        c.nat_down(i, IP(src=R4, dst=x) / UDP(sport=6000 + i, dport=pu) / Raw(b"in%d" % i))
    assert len(c.inp["access"]) == len(c.inp["core"])
    c.extra["handoff_min_total"] = 1
    # each worker holds its own subscribers' state
    c.nat.fixed["workers"] = [
        {"worker": w, "quarantined_ports": 0,
         "subscribers": sum(1 for s in c.nat.subs if p.owner(s) == w),
         "mappings": sum(1 for k in c.nat.maps if p.owner(k[0]) == w)} for w in range(2)]
    assert all(x["subscribers"] for x in c.nat.fixed["workers"])
    return c


def case_nat_frag():
    c = Case("nat_frag", "CGNAT and IPv4 fragments: UDP and ICMP datagrams in fragments both "
             "ways, in order and out of order; every fragment translated (the first with its "
             "port and L4 checksum, the later ones at the IP layer as their first), later "
             "fragments held until their first comes, then sent after it; a refused first "
             "fragment takes its later ones with it (fragment_no_session); later fragments "
             "whose first never comes dropped after the timeout (fragment_timeout)",
             ip={"reassembly_timeout_ms": 100})
    p = c.nat_setup(NatPool())
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    xa, xb = p.ext(sa), p.ext(sb)
    pu, pi, qu = p.port(sa, 6), p.port(sa, 7), p.port(sb, 6)
    data = bytes(range(256)) * 12
    # out, in order: a new mapping, port preserved
    c.nat_frags(a, IP(src=sa, dst=R1, id=0x100) / UDP(sport=pu, dport=4000) / Raw(data),
                [1480, 1480], eport=pu)
    # the reply in reverse order: the two later fragments wait for the first
    c.nat_frags(a, IP(src=R1, dst=xa, id=0x200) / UDP(sport=4000, dport=pu) / Raw(data[:2500]),
                [1000, 1000], order=[2, 1, 0], up=False)
    # a big ping, its middle fragment first; the reply in order
    c.nat_frags(a, IP(src=sa, dst=R2, id=0x101) / ICMP(type=8, id=pi, seq=1) / Raw(data[:2000]),
                [800, 800], order=[1, 0, 2], eport=pi)
    c.nat_frags(a, IP(src=R2, dst=xa, id=0x201) / ICMP(type=0, id=pi, seq=1) / Raw(data[:2000]),
                [800, 800], up=False)
    # another subscriber, the same IP id as the first (another datagram)
    c.nat_frags(b, IP(src=sb, dst=R1, id=0x100) / UDP(sport=qu, dport=4000) / Raw(data[:1800]),
                [1000], eport=qu)
    c.nat_frags(b, IP(src=R1, dst=xb, id=0x200) / UDP(sport=4000, dport=qu) / Raw(data[:1800]),
                [1000], order=[1, 0], up=False)
    # to a port with no mapping: the first dropped, the later ones find no session
    c.nat_frags(a, IP(src=R3, dst=xa, id=0x300) / UDP(sport=53, dport=pu + 100) / Raw(data[:2500]),
                [1000, 1000], order=[1, 0, 2], up=False, drop="nat_no_mapping")
    # a later fragment alone: held, then dropped when its datagram times out
    c.sync()
    lone = ip4_split(bytes(IP(src=R3, dst=xa, id=0x301) / UDP(sport=53, dport=pu) /
                           Raw(data[:1500])), [1000])[1]
    c.add("core", Ether(src=GW_MAC, dst=C_MAC, type=0x0800) / Raw(lone), held=True)
    c.count("ip", "vfrag_datagrams")
    c.count("ip", "vfrag_held")
    c.count("drops", "fragment_timeout")
    return c


def case_nat_frag2():
    c = Case("nat_frag2", "CGNAT and IPv4 fragments with two workers: replies fragmented "
             "and out of order meet at their datagram's rendezvous worker (a hash of "
             "source, destination, id and protocol), which sends them to the worker owning "
             "the mapping once the first fragment names it", workers=2)
    c.idle_port = True
    p = c.nat_setup(NatPool(addrs=["192.0.2.80/30"], block_size=256, workers=2))
    data = bytes(range(256)) * 8
    for i in range(2, 18):
        s = sub4(i)
        pu = p.port(s, 9)
        c.nat_frags(i, IP(src=s, dst=R1, id=i) / UDP(sport=pu, dport=7) / Raw(data[:1600]),
                    [800], eport=pu)
    c.sync()
    for i in range(2, 18):
        s = sub4(i)
        c.nat_frags(i, IP(src=R1, dst=p.ext(s), id=0x700 + i) / UDP(sport=7, dport=p.port(s, 9)) /
                    Raw(data[:1600]), [800], order=[1, 0], up=False)
    c.extra["handoff_min_total"] = 1
    return c


def _static_up(c, i, l3, ext, eport=None):
    """Subscriber @i's datagram out through a static rule: source @ext (and @eport)."""
    st = c.nat
    b = bytes(as_l3(l3))
    proto, ihl, sp, dp = l4_info(b)
    sub, remote = socket.inet_ntoa(b[12:16]), socket.inet_ntoa(b[16:20])
    skey = (sub, proto, sp, remote, dp)
    if skey not in st.sess:
        st.sess[skey] = sub
        st.count("static_out")
        c.flows.add(("nat",) + skey)
    st.count("translated_out")
    new = nat_rewrite(b, src=ext, sport=eport if eport is not None else sp)
    c.add("access", Ether(src=sub_mac(i), dst=A_MAC, type=0x0800) / Raw(b), out=[("core", eth(GW_MAC, "core", new))],
          stage="owned", session=False)


def _static_down(c, i, l3, iport=None):
    """A datagram from the internet to a static address, on to subscriber @i (port @iport)."""
    st = c.nat
    b = bytes(as_l3(l3))
    proto, ihl, sp, dp = l4_info(b)
    remote = socket.inet_ntoa(b[12:16])
    sub = sub4(i)
    ip_ = iport if iport is not None else dp
    skey = (sub, proto, ip_, remote, ip_ if proto == 1 else sp)
    if skey not in st.sess:
        st.sess[skey] = sub
        st.count("static_in")
        c.flows.add(("nat",) + skey)
    st.count("translated_in")
    new = nat_rewrite(b, dst=sub, dport=ip_)
    c.add("core", Ether(src=GW_MAC, dst=C_MAC, type=0x0800) / Raw(b),
          out=[("access", eth(sub_mac(i), "access", new))], stage="owned", session=False)


def case_nat_static():
    c = Case("nat_static", "CGNAT static rules with two workers: a 1:1 mapping (every "
             "port and protocol of the inside host behind its own outside address, ports "
             "kept, reachable from anyone) and port forwards (an outside port to an inside "
             "port, both ways); other flows of a port-forwarded host use the dynamic pool; "
             "to a static address's unforwarded port: nat_no_mapping; inbound packets reach "
             "the inside host's worker from the rule alone", workers=2)
    c.idle_port = True
    x1, x2 = "198.18.0.10", "198.18.0.11"
    statics = []
    hosts = list(range(2, 10))
    # 1:1 for the first four, port forwards (TCP 80 -> 8000 + i, UDP 53 -> 5300 + i) for the rest
    for i in hosts[:4]:
        statics.append((sub4(i), "198.18.1.%d" % i, None))
    for i in hosts[4:]:
        statics += [("%s:80" % sub4(i), "%s:%d" % (x1, 8000 + i), "tcp"),
                    ("%s:53" % sub4(i), "%s:%d" % (x2, 5300 + i), "udp")]
    p = c.nat_setup(NatPool(addrs=["192.0.2.80/30"], block_size=256, workers=2, statics=statics))
    assert {p.owner(sub4(i)) for i in hosts} == {0, 1}
    for i in hosts[:4]:
        s, x = sub4(i), "198.18.1.%d" % i
        _static_up(c, i, IP(src=s, dst=R1) / UDP(sport=40000 + i, dport=53) / Raw(b"q"), x)
        _static_up(c, i, IP(src=s, dst=R2) / TCP(sport=30000 + i, dport=443, flags="S"), x)
        _static_up(c, i, IP(src=s, dst=R3) / ICMP(type=8, id=700 + i), x)
    for i in hosts[4:]:
        s = sub4(i)
        # the forwarded ports, outbound: through the rule's outside port
        _static_up(c, i, IP(src=s, dst=R1) / TCP(sport=80, dport=33000, flags="SA"), x1, 8000 + i)
        # another port of the same host: the dynamic pool
        c.nat_up(i, IP(src=s, dst=R1) / UDP(sport=p.port(s, 3), dport=123) / Raw(b"t"),
                 eport=p.port(s, 3))
    c.sync()
    for i in hosts[:4]:
        x = "198.18.1.%d" % i
        _static_down(c, i, IP(src=R1, dst=x) / UDP(sport=53, dport=40000 + i) / Raw(b"a"))
        # unsolicited, any port, any host: the 1:1 rule takes it
        _static_down(c, i, IP(src=R4, dst=x) / TCP(sport=5555, dport=22, flags="S"))
        _static_down(c, i, IP(src=R4, dst=x) / ICMP(type=8, id=900 + i))
    for i in hosts[4:]:
        s = sub4(i)
        _static_down(c, i, IP(src=R2, dst=x1) / TCP(sport=44000 + i, dport=8000 + i, flags="S"), 80)
        _static_down(c, i, IP(src=R3, dst=x2) / UDP(sport=5353, dport=5300 + i) / Raw(b"dns?"), 53)
        c.nat_down(i, IP(src=R1, dst=p.ext(s)) / UDP(sport=123, dport=p.port(s, 3)) / Raw(b"T"))
    # a static address's port with no rule; another protocol on a forwarded port
    for l3 in (IP(src=R4, dst=x1) / TCP(sport=1, dport=22, flags="S"),
               IP(src=R4, dst=x2) / TCP(sport=1, dport=5304, flags="S"),
               IP(src=R4, dst=x1) / ICMP(type=8, id=1)):
        c.nat.count("no_mapping")
        c.add("core", Ether(src=GW_MAC, dst=C_MAC) / l3, drop="nat_no_mapping", session=False)
    c.extra["handoff_min_total"] = 1
    return c


def case_nat_det():
    c = Case("nat_det", "deterministic CGNAT (RFC 7422) with two workers: 10.0.0.0/24 on "
             "two addresses, 128 hosts each, 504 ports per host: every host's mappings on "
             "its computed address within its computed range (inside ports in the range "
             "kept); replies reach the host's "
             "worker from the port alone; a port of no mapping: nat_no_mapping; below "
             "port_min: nat_no_mapping at once; a source outside the prefix: nat_not_inside",
             workers=2)
    c.idle_port = True
    p = c.nat_setup(NatPool(addrs=["192.0.2.80/31"], det="10.0.0.0/24", workers=2))
    hosts = list(range(2, 42)) + [130, 131, 200]
    c.neighbors += [("access0", sub4(i), sub_mac(i)) for i in (130, 131, 200)]
    for i in hosts:
        lo, hi = p.block(sub4(i))
        assert hi - lo + 1 == 504
        c.nat_up(i, IP(src=sub4(i), dst=R1) / UDP(sport=lo + 5, dport=53) / Raw(b"q"), eport=lo + 5)
        c.nat_up(i, IP(src=sub4(i), dst=R2) / TCP(sport=lo + 8, dport=80, flags="S"), eport=lo + 8)
    c.sync()
    for i in hosts:
        ext, lo, hi = p.det_host(sub4(i))
        c.nat_down(i, IP(src=R1, dst=ext) / UDP(sport=53, dport=lo + 5) / Raw(b"a"))
        c.nat_down(i, IP(src=R2, dst=ext) / TCP(sport=80, dport=lo + 8, flags="SA"))
        c.nat_down(i, IP(src=R3, dst=ext) / UDP(sport=9, dport=lo + 6) / Raw(b"x"),
                   drop="nat_no_mapping")
    c.nat.count("no_mapping")
    c.add("core", Ether(src=GW_MAC, dst=C_MAC) / IP(src=R3, dst=p.addrs[0]) / UDP(sport=9, dport=80),
          drop="nat_no_mapping", session=False)
    # 10.0.1.2 is routed to the subscribers but is not of the prefix
    c.nat.count("not_inside")
    c.add("access", Ether(src=sub_mac(2), dst=A_MAC) / IP(src="10.0.1.2", dst=R1) /
          UDP(sport=1, dport=2), drop="nat_not_inside", session=False)
    c.extra["handoff_min_total"] = 1
    return c


def case_nat_det_full():
    c = Case("nat_det_full", "deterministic CGNAT, 10.0.0.0/28 on one address with ports "
             "1024-1087: 4 ports per host; a host's 5th mapping is refused with host "
             "unreachable (nat_ports_exhausted) while its neighbour's range is untouched; ports "
             "the NAT chooses lie in the host's range (UDP parity kept); show nat "
             "deterministic computes a host's range and a port's host")
    p = c.nat_setup(NatPool(addrs=["192.0.2.90"], det="10.0.0.0/28", port_min=1024,
                            port_max=1087))
    assert p.det_host(sub4(2)) == ("192.0.2.90", 1032, 1035)
    for port in range(1032, 1036):
        c.nat_up(2, IP(src=sub4(2), dst=R1) / UDP(sport=port, dport=53) / Raw(b"q"), eport=port)
    c.nat_up(2, IP(src=sub4(2), dst=R1) / UDP(sport=5000, dport=53) / Raw(b"no room"),
             err="nat_ports_exhausted")
    c.nat_up(3, IP(src=sub4(3), dst=R1) / UDP(sport=1036, dport=53) / Raw(b"next"), eport=1036)
    c.nat_up(3, IP(src=sub4(3), dst=R1) / UDP(sport=9999, dport=53) / Raw(b"chosen"), eport="flex")
    c.nat_up(3, IP(src=sub4(3), dst=R1) / ICMP(type=8, id=7, seq=1), eport="flex")
    c.nat_up(3, IP(src=sub4(3), dst=R2) / TCP(sport=40000, dport=80, flags="S"), eport="flex")
    # the console computes the mapping both ways, as a log reader would
    c.steps = [
        {"cmd": "show nat deterministic inside 10.0.0.2",
         "expect": {"mappings.0.outside": "192.0.2.90", "mappings.0.ports": "1032-1035",
                    "mappings.0.instance": "cgn"}},
        {"cmd": "show nat deterministic outside 192.0.2.90 port 1087",
         "expect": {"mappings.0.inside": "10.0.0.15"}},
        {"cmd": "show nat deterministic outside 192.0.2.90 port 1088",
         "expect": {"mappings": []}},
        {"cmd": "show nat deterministic inside 10.0.0.16", "expect": {"mappings": []}},
    ]
    return c


def _nat_hairpin(self, i, j, l3, eport=None):
    """
    Subscriber @i sends @l3 to an external endpoint of subscriber @j's:
    translated out (a new mapping on @eport), turned around on the external
    address and translated in to @j, which sees @i's external address and
    port (RFC 4787 REQ-9). Sent alone in its burst: the turned-around packet
    is handled after the rest of the burst.
    """
    st = self.nat
    b = bytes(as_l3(l3))
    mid = bytearray(_nat_out_l3(st, self, b, eport)[0])
    mid[8] += 1                       # one router pass: TTL - 1 once
    ihl = (mid[0] & 0xf) * 4
    new = _nat_in_l3(st, self, ip4_fix(bytes(mid[:ihl])) + bytes(mid[ihl:]))
    self.extra["self_handoffs"] = self.extra.get("self_handoffs", 0) + 1
    self.sync()
    self.count("ip", "hairpinned")
    self.add("access", Ether(src=sub_mac(i), dst=A_MAC) / as_l3(b),
             out=[("access", eth(sub_mac(j), "access", new))], stage="owned", session=False)
    self.sync()


Case.nat_hairpin = _nat_hairpin


def case_nat_hairpin():
    c = Case("nat_hairpin", "CGNAT hairpinning (RFC 4787 REQ-9, RFC 5382 REQ-8, RFC 5508 "
             "REQ-7) for UDP, TCP and ICMP echo: a subscriber reaches another through its "
             "external address and port, the other sees the sender's external address and "
             "port (not its inside one) and answers the same way; TTL - 1 once; turned "
             "around through the worker's own handoff ring")
    p = c.nat_setup(NatPool())
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    xa, xb = p.ext(sa), p.ext(sb)
    assert xa != xb
    pa, pb = p.port(sa, 3), p.port(sb, 7)
    # b's mappings, made by talking to the internet
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=pb, dport=3478) / Raw(b"stun"), eport=pb)
    c.nat_up(b, IP(src=sb, dst=R2) / TCP(sport=pb + 1, dport=443, flags="S", seq=1), eport=pb + 1)
    c.nat_up(b, IP(src=sb, dst=R3) / ICMP(type=8, id=pb + 2, seq=1), eport=pb + 2)
    # UDP: a -> b's external endpoint, and b's answer to a's
    c.nat_hairpin(a, b, IP(src=sa, dst=xb) / UDP(sport=pa, dport=pb) / Raw(b"hello b"), eport=pa)
    c.nat_hairpin(b, a, IP(src=sb, dst=xa) / UDP(sport=pb, dport=pa) / Raw(b"hello a"))
    c.nat_hairpin(a, b, IP(src=sa, dst=xb) / UDP(sport=pa, dport=pb) / Raw(b"again"))
    # TCP: a's SYN to b's external port, b's SYN-ACK, a's ACK and data
    c.nat_hairpin(a, b, IP(src=sa, dst=xb) / TCP(sport=pa + 1, dport=pb + 1, flags="S", seq=100),
                  eport=pa + 1)
    c.nat_hairpin(b, a, IP(src=sb, dst=xa) / TCP(sport=pb + 1, dport=pa + 1, flags="SA", seq=500,
                                                  ack=101))
    c.nat_hairpin(a, b, IP(src=sa, dst=xb) / TCP(sport=pa + 1, dport=pb + 1, flags="PA", seq=101,
                                                  ack=501) / Raw(b"GET /"))
    # ICMP echo: the identifier is the port; a's request with b's external id
    # (preserved: both are the first subscribers of their addresses)
    assert p.port(sa, 0) == p.port(sb, 0)
    c.nat_hairpin(a, b, IP(src=sa, dst=xb) / ICMP(type=8, id=pb + 2, seq=7) / Raw(b"ping"),
                  eport=pb + 2)
    c.nat_hairpin(b, a, IP(src=sb, dst=xa) / ICMP(type=0, id=pb + 2, seq=7) / Raw(b"ping"))
    # to an external endpoint of nobody's: dropped on the way back in
    c.sync()
    c.nat.count("no_mapping")
    mid = _nat_out_l3(c.nat, c, bytes(IP(src=sa, dst=xb) / UDP(sport=pa + 3, dport=pb + 40) /
                                      Raw(b"nobody")), pa + 3)
    c.add("access", Ether(src=sub_mac(a), dst=A_MAC) / IP(src=sa, dst=xb) /
          UDP(sport=pa + 3, dport=pb + 40) / Raw(b"nobody"), drop="nat_no_mapping",
          stage="owned", session=False, ip={"hairpinned": 1})
    c.extra["self_handoffs"] += 1
    return c


def _addr_rewrite(l3, src=None, dst=None):
    """@l3 with its source or destination address replaced, TTL - 1 (no ports)."""
    b = bytearray(l3)
    ihl = (b[0] & 0xf) * 4
    if src is not None:
        b[12:16] = ip4b(src)
    if dst is not None:
        b[16:20] = ip4b(dst)
    b[8] -= 1
    return ip4_fix(bytes(b[:ihl])) + bytes(b[ihl:])


def _gre(src, dst, payload):
    return bytes(IP(src=src, dst=dst, proto=47) / Raw(b"\x00\x00\x08\x00" + payload))


def case_nat_other():
    c = Case("nat_other", "CGNAT of protocols without ports (GRE, RFC 6888's address-only "
             "translation): the subscriber's GRE leaves from its external address and the "
             "replies come back to it; a second subscriber on the same external address is "
             "refused with host unreachable (nat_ports_exhausted, address_only_busy) while "
             "the first holds it; a third on another address passes")
    p = c.nat_setup(NatPool())
    a, e, b = 2, 3, 5                 # a, e: the first address; b: the second
    sa, se, sb = sub4(a), sub4(e), sub4(b)
    xa, xb = p.ext(sa), p.ext(sb)
    assert p.ext(se) == xa != xb
    st = c.nat
    st.maps[(sa, 47, 0)] = [xa, 0, None]
    st.maps[(sb, 47, 0)] = [xb, 0, None]
    st.subs |= {sa, sb}
    st.count("mappings_created", 2)
    st.count("sessions_out", 2)
    c.flows |= {("nat", sa, 47, 0, R1, 0), ("nat", sb, 47, 0, R1, 0)}
    for k in range(3):
        g = _gre(sa, R1, b"up %d" % k)
        c.add("access", Ether(src=sub_mac(a), dst=A_MAC) / IP(g),
              out=[("core", eth(GW_MAC, "core", _addr_rewrite(g, src=xa)))], stage="owned",
              session=False)
        st.count("translated_out")
    st.count("ports_exhausted")
    st.count("address_only_busy")
    c.in_frame("access", Ether(src=sub_mac(e), dst=A_MAC) / IP(_gre(se, R1, b"refused")),
               err="nat_ports_exhausted", stage="owned", session=False)
    g = _gre(sb, R1, b"other address")
    c.add("access", Ether(src=sub_mac(b), dst=A_MAC) / IP(g),
          out=[("core", eth(GW_MAC, "core", _addr_rewrite(g, src=xb)))], stage="owned",
          session=False)
    st.count("translated_out")
    c.sync()
    for who, x in ((a, xa), (b, xb)):
        g = _gre(R1, x, b"down")
        c.add("core", Ether(src=GW_MAC, dst=C_MAC) / IP(g),
              out=[("access", eth(sub_mac(who), "access", _addr_rewrite(g, dst=sub4(who))))],
              stage="owned", session=False)
        st.count("translated_in")
    return c


def case_nat_other2():
    c = Case("nat_other2", "address-only translation with two workers: GRE of subscribers "
             "owned by either worker goes to worker 0 both ways (no port names its owner)",
             workers=2)
    # access0 is read by worker 0, core0 by worker 1: replies are handed over
    p = c.nat_setup(NatPool(workers=2))
    st = c.nat
    subs = [i for i in range(2, 12)]
    assert {p.owner(sub4(i)) for i in subs} == {0, 1}
    used = set()
    for i in subs:
        s, x = sub4(i), p.ext(sub4(i))
        if x in used:
            continue      # one host per external address for GRE
        used.add(x)
        st.maps[(s, 47, 0)] = [x, 0, None]
        st.subs.add(s)
        st.count("mappings_created")
        st.count("sessions_out")
        c.flows.add(("nat", s, 47, 0, R1, 0))
        g = _gre(s, R1, b"up %d" % i)
        c.add("access", Ether(src=sub_mac(i), dst=A_MAC) / IP(g),
              out=[("core", eth(GW_MAC, "core", _addr_rewrite(g, src=x)))], stage="owned",
              session=False)
        st.count("translated_out")
        g = _gre(R1, x, b"down %d" % i)
        c.add("core", Ether(src=GW_MAC, dst=C_MAC) / IP(g),
              out=[("access", eth(sub_mac(i), "access", _addr_rewrite(g, dst=s)))],
              stage="owned", session=False)
        st.count("translated_in")
    c.extra["handoff_min_total"] = 1
    return c


def case_nat_tcp_simopen():
    c = Case("nat_tcp_simopen", "CGNAT TCP (RFC 5382), address-and-port-dependent filtering: "
             "a simultaneous open (the remote's SYN crosses the subscriber's) is translated "
             "both ways, then SYN-ACKs, data and FINs; an unsolicited inbound SYN from another "
             "port of that remote is dropped silently (nat_filtered, REQ-4: no answer)")
    p = c.nat_setup(NatPool(filtering="address-port-dependent"))
    a = 2
    sa = sub4(a)
    xa, pt = p.ext(sa), p.port(sa, 40)
    c.nat_up(a, IP(src=sa, dst=R2) / TCP(sport=pt, dport=5000, flags="S", seq=100), eport=pt)
    c.sync()
    c.nat_down(a, IP(src=R2, dst=xa) / TCP(sport=5000, dport=pt, flags="S", seq=900))
    c.sync()
    c.nat_up(a, IP(src=sa, dst=R2) / TCP(sport=pt, dport=5000, flags="SA", seq=100, ack=901))
    c.sync()
    c.nat_down(a, IP(src=R2, dst=xa) / TCP(sport=5000, dport=pt, flags="SA", seq=900, ack=101))
    c.sync()
    c.nat_up(a, IP(src=sa, dst=R2) / TCP(sport=pt, dport=5000, flags="PA", seq=101, ack=901) /
             Raw(b"hello"))
    c.sync()
    c.nat_down(a, IP(src=R2, dst=xa) / TCP(sport=5000, dport=pt, flags="PA", seq=901, ack=106) /
               Raw(b"world"))
    c.sync()
    c.nat_down(a, IP(src=R2, dst=xa) / TCP(sport=5001, dport=pt, flags="S", seq=5),
               drop="nat_filtered")
    c.nat_up(a, IP(src=sa, dst=R2) / TCP(sport=pt, dport=5000, flags="FA", seq=106, ack=906))
    c.sync()
    c.nat_down(a, IP(src=R2, dst=xa) / TCP(sport=5000, dport=pt, flags="FA", seq=906, ack=107))
    return c
