# SPDX-License-Identifier: BSD-3-Clause
"""
Golden cases of the per-subscriber policers and DSCP marking (lib/screen
screen_qos): static subscribers (configured neighbours) bound to QoS
profiles by qos.subscribers. Timing plays no part: the rates are tiny
(1-2 kbit/s: a 1000-byte packet's worth of tokens takes seconds to come
back) and the buckets start full, so the bursts alone decide which packets
pass green, yellow or are dropped red.
"""
from golden import *  # noqa: F401,F403

# IP length of every policed packet: 1000 bytes (IPv4 20 + UDP 8 + 972).
SIZE = 1000


def remarked(frame, dscp):
    """@frame (as the router sends it) with DSCP @dscp, ECN kept, the IPv4 checksum recomputed."""
    b = bytearray(frame)
    assert b[12:14] == b"\x08\x00"
    ihl = (b[14] & 0xf) * 4
    b[15] = (dscp << 2) | (b[15] & 3)
    b[24:26] = b"\0\0"
    b[24:26] = csum(bytes(b[14:14 + ihl])).to_bytes(2, "big")
    return bytes(b)


def udp4(src, dst, sport, dport, size=SIZE, tos=0):
    return IP(src=src, dst=dst, tos=tos) / UDP(sport=sport, dport=dport) / Raw(b"q" * (size - 28))


class Qos:
    """The case's qos section and the per-colour counts each subscriber must show."""

    def __init__(self, c, profiles, subscribers):
        self.c = c
        self.count = {}             # (sub, dir) -> {colour: [packets, bytes]}
        c.conf.append("qos = {\n  profiles = (\n%s\n  );\n  subscribers = ( %s );\n};" % (
            ",\n".join("    { name = \"%s\"; %s }" % p for p in profiles),
            ", ".join('{ address = "%s"; profile = "%s"; }' % (sub4(i), n)
                      for i, n in subscribers)))

    def _n(self, i, d, colour, frame):
        n = self.count.setdefault((i, d), {k: [0, 0] for k in ("green", "yellow", "red")})
        n[colour][0] += 1
        n[colour][1] += len(l3_of(bytes(frame)))

    def up(self, i, l3, colour, dscp=None):
        """Subscriber i's packet, policed @colour; what passes leaves with @dscp (None: as sent)."""
        f = Ether(src=sub_mac(i), dst=A_MAC) / l3
        self._n(i, "up", colour, f)
        if colour == "red":
            self.c.add("access", f, drop="qos_policed_up")
            return
        out = routed(f, PORT_MAC["core"], GW_MAC)
        if dscp is not None:
            out = remarked(out, dscp)
        self.c.add("access", f, out=[("core", out)], stage="owned", session=True)

    def down(self, i, l3, colour, dscp=None):
        f = Ether(src=GW_MAC, dst=C_MAC) / l3
        self._n(i, "down", colour, f)
        if colour == "red":
            self.c.add("core", f, drop="qos_policed_down")
            return
        out = routed(f, PORT_MAC["access"], sub_mac(i))
        if dscp is not None:
            out = remarked(out, dscp)
        self.c.add("core", f, out=[("access", out)], stage="owned", session=True)

    def step(self, i, profile):
        """The console step checking "show qos subscriber" of subscriber i."""
        exp = {"profile": profile, "address": sub4(i)}
        for d in ("up", "down"):
            n = self.count.get((i, d), {k: [0, 0] for k in ("green", "yellow", "red")})
            for colour, (p, b) in n.items():
                exp["%s.%s.packets" % (d, colour)] = p
                exp["%s.%s.bytes" % (d, colour)] = b
        return {"cmd": "show qos subscriber %s" % sub4(i), "expect": exp}


def case_qos():
    c = Case("qos", "per-subscriber QoS: subscriber 2 (profile mark) upstream remarked DSCP 46 "
             "(ECN kept) and downstream DSCP 10, the IPv4 checksum right; subscriber 3 (profile "
             "tiny: 1/2 kbit/s, bursts 3000/5000 up, 2000 down) sends 8 packets of 1000 bytes "
             "at once: 3 green (DSCP 10), 2 yellow (DSCP 12), 3 dropped as qos_policed_up; 5 to "
             "it: 2 green, 3 qos_policed_down; subscriber 4 (profile big) and 5 (none) "
             "untouched; show qos subscriber and show qos profiles count it all")
    q = Qos(c, [("mark", "up = { dscp = 46; }; down = { dscp = 10; };"),
                ("tiny", "up = { cir_kbps = 1; cbs_bytes = 3000; pir_kbps = 2; pbs_bytes = 5000; "
                         "dscp = 10; yellow_dscp = 12; }; down = { cir_kbps = 1; cbs_bytes = 2000; };"),
                ("big", "up = { cir_kbps = 100000; cbs_bytes = 1000000; }; "
                        "down = { cir_kbps = 100000; cbs_bytes = 1000000; };")],
            [(2, "mark"), (3, "tiny"), (4, "big")])
    r = REMOTE4 % 10
    # mark: every upstream packet DSCP 46, ECN bits kept; ICMP too; one
    # already 46 left as it is
    q.up(2, udp4(sub4(2), r, 4000, 53, size=100), "green", dscp=46)
    q.up(2, udp4(sub4(2), r, 4000, 53, size=120, tos=0x03), "green", dscp=46)
    q.up(2, udp4(sub4(2), r, 4000, 53, size=140, tos=0xb8), "green", dscp=46)
    q.up(2, IP(src=sub4(2), dst=r, tos=0x20) / ICMP(id=9, seq=1) / Raw(b"ping"), "green", dscp=46)
    # tiny, and big in between: the bursts decide, big's meter is another
    up = ["green", "green", "green", "yellow", "yellow", "red", "red", "red"]
    for k in range(8):
        q.up(3, udp4(sub4(3), r, 5000, 9), up[k], dscp={"green": 10, "yellow": 12}.get(up[k]))
        q.up(4, udp4(sub4(4), r, 5001, 9), "green")
    # no profile: as sent
    c.up(5, udp4(sub4(5), r, 5002, 9, tos=0x28))
    # downstream
    q.down(2, udp4(r, sub4(2), 53, 4000, size=200, tos=0xb8), "green", dscp=10)
    for k in range(5):
        q.down(3, udp4(r, sub4(3), 9, 6000), "green" if k < 2 else "red")
        q.down(4, udp4(r, sub4(4), 9, 6001), "green")
    c.down(5, udp4(r, sub4(5), 9, 5002, tos=0x28))
    c.steps = [q.step(2, "mark"), q.step(3, "tiny"), q.step(4, "big"),
               {"cmd": "show qos profiles",
                "expect": {"profiles.0.name": "mark", "profiles.0.subscribers": 1,
                           "profiles.0.up.dscp": 46, "profiles.0.up.metered": False,
                           "profiles.1.name": "tiny", "profiles.1.subscribers": 1,
                           "profiles.1.up.cir_kbps": 1, "profiles.1.up.pbs_bytes": 5000,
                           "profiles.1.up.yellow_dscp": 12, "profiles.1.down.pir_kbps": 1,
                           "profiles.1.down.pbs_bytes": 2000, "profiles.2.subscribers": 1,
                           "default_profile": None, "unknown_filter_ids": 0}}]
    return c


def case_qos_workers():
    c = Case("qos_workers", "per-subscriber QoS with two workers: 40 subscribers of profile "
             "tiny each send 7 packets of 1000 bytes at once and get 5 to them: whichever "
             "worker reads them, their owner meters them: 3 green, 2 yellow, 2 red up; 2 "
             "green, 3 red down, for every one of them", workers=2)
    subs = range(2, 42)
    q = Qos(c, [("tiny", "up = { cir_kbps = 1; cbs_bytes = 3000; pir_kbps = 2; pbs_bytes = 5000; "
                         "}; down = { cir_kbps = 1; cbs_bytes = 2000; };")],
            [(i, "tiny") for i in subs])
    c.idle_port = True
    r = REMOTE4 % 10
    up = ["green", "green", "green", "yellow", "yellow", "red", "red"]
    for k in range(7):
        for i in subs:
            q.up(i, udp4(sub4(i), r, 7000 + i, 9), up[k])
    for k in range(5):
        for i in subs:
            q.down(i, udp4(r, sub4(i), 9, 8000 + i), "green" if k < 2 else "red")
    c.steps = [q.step(i, "tiny") for i in (2, 17, 41)]
    return c
