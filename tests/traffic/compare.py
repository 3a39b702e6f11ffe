#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
Check one golden traffic case after bngd ran it.

    /usr/bin/python3 compare.py CASEDIR SUMMARY

CASEDIR holds expect.json (written by gen.py), the expected pcaps, the
pcaps bngd wrote and counters.json (its console counters, saved by
console.py before it was stopped); SUMMARY is bngd's standard output (the
summary it prints on exit). Exit 0 when everything matches; otherwise the first line on
stdout is the reason and the following lines the details (the first
differing packet as a hexdump and a scapy dissection).

Output pcaps: with one worker the packets must be byte-identical and in the
same order (except bytes expect.json masks: the router's own choice, such as
the Identification of IPv6 fragments it sends, which must then agree within
a datagram and differ between datagrams); with several workers each TX queue writes its own file, so the
files of a port are compared as a multiset with the expected ones.
Counters: port rx/tx, drops and punts by name (exactly: a reason not
expected must be absent), the router's "ip" counters of the console (as
exactly), sessions created, handoff in/out.

NAT cases: packets whose external port the NAT chose itself ("flex" in
expect.json) are compared without that port and their L4 checksum; instead
the checksum must be right for the bytes sent, the port in the allowed
ranges with the required parity, one port per mapping (group) and no
(external address, protocol, port) shared by two mappings. "show nat
statistics" (saved by console.py) must show the expected counters (every
non-zero one, exactly) and totals, and the console steps their results.
"""
import json
import os
import re
import sys
from collections import Counter


def read_pcap(path):
    """Frames of a pcap as bytes (a minimal reader: no scapy, any link type 1 pcap)."""
    import struct

    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError("%s: not a pcap (%d bytes)" % (path, len(data)))
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise ValueError("%s: bad pcap magic %s" % (path, magic.hex()))
    off, out = 24, []
    while off + 16 <= len(data):
        _, _, incl, orig = struct.unpack(e + "IIII", data[off:off + 16])
        off += 16
        if incl != orig:
            raise ValueError("%s: frame %d truncated in the capture (%d of %d bytes)"
                             % (path, len(out), incl, orig))
        out.append(data[off:off + incl])
        off += incl
    if off != len(data):
        raise ValueError("%s: trailing garbage after frame %d" % (path, len(out)))
    return out


def hexdump(b):
    lines = []
    for i in range(0, len(b), 16):
        chunk = b[i:i + 16]
        lines.append("    %04x  %-48s %s" % (i, " ".join("%02x" % x for x in chunk),
                                            "".join(chr(x) if 32 <= x < 127 else "." for x in chunk)))
    return "\n".join(lines)


def show(b):
    try:
        import logging
        logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
        from scapy.all import Ether
        return "\n".join("    " + ln for ln in Ether(b).show2(dump=True).splitlines())
    except Exception as e:  # scapy missing or a frame it cannot dissect
        return "    (no dissection: %s)" % e


def describe(label, b):
    return "  %s (%d bytes):\n%s\n%s" % (label, len(b), hexdump(b), show(b))


def diff_offsets(a, b):
    n = [i for i in range(min(len(a), len(b))) if a[i] != b[i]]
    s = ", ".join("0x%x" % i for i in n[:16]) + (" ..." if len(n) > 16 else "")
    if len(a) != len(b):
        s += "%slength %d vs %d" % ("; " if n else "", len(a), len(b))
    return s


def masked(b, ranges):
    b = bytearray(b)
    for a, z in ranges:
        b[a:z] = bytes(len(b[a:z]))
    return bytes(b)


def check_groups(name, got, masks, groups):
    """
    Bytes a mask hides (the router's choice, e.g. a fragment Identification)
    must be the same within a group and differ between groups.
    """
    seen = {}
    for gi, idx in enumerate(groups):
        vals = set()
        for i in idx:
            if i < len(got):
                vals.add(b"".join(got[i][a:z] for a, z in masks[str(i)]))
        if len(vals) > 1:
            return ("%s: packets %s (one datagram) differ in their masked bytes (%s)"
                    % (name, idx, ", ".join(sorted(v.hex() for v in vals))), "")
        for v in vals:
            if v in seen:
                return ("%s: packets %s and %s (different datagrams) share the masked bytes %s "
                        "(e.g. a fragment Identification reused; RFC 8200 4.5, RFC 791)"
                        % (name, groups[seen[v]], idx, v.hex()), "")
            seen[v] = gi
    return None


def l4_csum_ok(f):
    """Whether the IPv4 header and TCP/UDP/ICMP checksums of Ethernet frame @f are right."""
    ip = f[14:]
    ihl = (ip[0] & 0xf) * 4
    tot = int.from_bytes(ip[2:4], "big")
    if csum(ip[:ihl]) != 0:
        return False
    l4, proto = ip[ihl:tot], ip[9]
    if proto == 1:
        return csum(l4) == 0
    if proto == 17 and l4[6:8] == b"\0\0":
        return True
    return csum(ip[12:20] + bytes([0, proto]) + len(l4).to_bytes(2, "big") + l4) == 0


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(int.from_bytes(b[i:i + 2], "big") for i in range(0, len(b), 2))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def flex_masks(flex):
    """Byte ranges of the packets with a NAT-chosen port that are not compared."""
    m = {}
    for i, f in flex.items():
        r = [[f["port_off"], f["port_off"] + 2]]
        if f["csum_off"] is not None:
            r.append([f["csum_off"], f["csum_off"] + 2])
        m[i] = r
    return m


def check_flex(name, got, flex):
    """The rules a NAT-chosen port must follow. None, or (reason, details)."""
    by_group, owner = {}, {}
    for i, f in sorted(flex.items(), key=lambda x: int(x[0])):
        g = got[int(i)]
        port = int.from_bytes(g[f["port_off"]:f["port_off"] + 2], "big")
        what = "%s: packet %s (mapping %s) external port %d" % (name, i, f["group"], port)
        if not l4_csum_ok(g):
            return ("%s: packet %s: a checksum is wrong after translation" % (name, i),
                    describe("got", g))
        if not any(lo <= port <= hi for lo, hi in f["ranges"]):
            return ("%s not in %s (the subscriber's port blocks)" % (what, f["ranges"]), "")
        if f["parity"] is not None and port % 2 != f["parity"]:
            return ("%s: parity not kept (inside port %s; RFC 4787 REQ-6)"
                    % (what, "odd" if f["parity"] else "even"), "")
        if by_group.setdefault(f["group"], port) != port:
            return ("%s, earlier %d: one mapping, two ports (endpoint-independent mapping, "
                    "RFC 4787 REQ-1)" % (what, by_group[f["group"]]), "")
        ext = g[f["ext_off"]:f["ext_off"] + 4] if f["ext_off"] is not None else b""
        k = (ext, g[14 + 9], port)
        if owner.setdefault(k, f["group"]) != f["group"]:
            return ("%s also used by mapping %s" % (what, owner[k]), "")
    return None


def check_nat(want, got):
    """Failures of the "show nat statistics" expectation."""
    if got is None:
        return [("no \"show nat statistics\" in counters.json", "")]
    have = {k: v for k, v in got.get("counters", {}).items() if v}
    w = want.get("counters", {})
    bad = sorted(k for k in set(w) | set(have) if w.get(k, 0) != have.get(k, 0))
    out = []
    if bad:
        out.append(("nat counters: %s" % ", ".join(
            "%s=%d (expected %d)" % (k, have.get(k, 0), w.get(k, 0)) for k in bad), ""))
    for k, v in sorted(want.items()):
        if k != "counters" and got.get(k) != v:
            out.append(("show nat statistics: %s %s, expected %s" % (k, got.get(k), v), ""))
    return out


def path_get(obj, path):
    for k in path.split("."):
        if isinstance(obj, list):
            try:
                obj = obj[int(k)]
            except (ValueError, IndexError):
                return None
        elif isinstance(obj, dict) and k in obj:
            obj = obj[k]
        else:
            return None
    return obj


def check_steps(steps, results):
    out = []
    if results is None or len(results) != len(steps):
        return [("console steps: %s of %d ran" % (len(results or []), len(steps)), "")]
    for n, (st, r) in enumerate(zip(steps, results)):
        where = "step %d (%s, at %.3f s)" % (n + 1, st["cmd"], r["t"])
        if r["error"]:
            out.append(("%s: %s" % (where, r["error"]), ""))
            continue
        bad = ["%s=%s (expected %s)" % (k, path_get(r["reply"], k), v)
               for k, v in sorted(st.get("expect", {}).items()) if path_get(r["reply"], k) != v]
        if bad:
            out.append(("%s: %s" % (where, ", ".join(bad)),
                        "    reply: %s" % json.dumps(r["reply"], sort_keys=True)[:1500]))
        if "before" in st and r["t"] > st["before"]:
            out.append(("%s: came later than %.3f s (the test ran too slowly to tell)"
                        % (where, st["before"]), ""))
        if "after" in st and r["t"] < st["after"]:
            out.append(("%s: reached before %.3f s" % (where, st["after"]),
                        "    reply: %s" % json.dumps(r["reply"], sort_keys=True)[:1500]))
    return out


def compare_port(name, exp, got, ordered, masks=None):
    """None when equal, else (reason, details)."""
    if ordered:
        masks = masks or {}
        for i, (e, g) in enumerate(zip(exp, got)):
            if str(i) in masks and len(e) == len(g):
                e, g = masked(e, masks[str(i)]), masked(g, masks[str(i)])
            if e != g:
                return ("%s: packet %d differs (bytes %s)" % (name, i, diff_offsets(e, g)),
                        describe("expected", e) + "\n" + describe("got", g))
        if len(exp) != len(got):
            i = min(len(exp), len(got))
            extra = ("expected", exp[i]) if len(exp) > len(got) else ("unexpected", got[i])
            return ("%s: %d packets out, expected %d" % (name, len(got), len(exp)),
                    describe("first %s packet #%d" % (extra[0], i), extra[1]))
        return None
    ce, cg = Counter(exp), Counter(got)
    if ce == cg:
        return None
    missing = list((ce - cg).elements())
    extra = list((cg - ce).elements())
    details = []
    if missing:
        details.append(describe("first missing packet (of %d)" % len(missing), missing[0]))
    if extra:
        details.append(describe("first unexpected packet (of %d)" % len(extra), extra[0]))
        if missing:
            details.append("  closest pair differs at bytes %s" % diff_offsets(missing[0], extra[0]))
    return ("%s: %d packets out, expected %d; %d missing, %d unexpected (multiset)"
            % (name, len(got), len(exp), len(missing), len(extra)), "\n".join(details))


def parse_summary(text):
    s = {"ports": {}, "workers": [], "drops": {}, "punts": {}, "sessions": None}
    section = None
    for line in text.splitlines():
        f = line.split()
        if not f:
            continue
        if f[0] == "port" and "rx-packets" in f:
            section = "ports"
        elif f[0] == "worker" and "handoff-out" in f:
            section = "workers"
            cols = f
        elif line.startswith("sessions:"):
            section = None
            s["sessions"] = {f[i]: int(f[i + 1]) for i in range(1, len(f) - 1, 2)
                             if re.fullmatch(r"\d+", f[i + 1])}
        elif line.startswith("drops:") or line.startswith("punts:"):
            section = None
            key = f[0][:-1]
            for tok in f[1:]:
                k, _, v = tok.partition("=")
                s[key][k] = int(v)
        elif section == "ports" and len(f) >= 3:
            s["ports"][f[0]] = {"rx": int(f[1]), "tx": int(f[2])}
        elif section == "workers" and len(f) >= len(cols) - 1 and f[0].isdigit():
            s["workers"].append({c: f[i] for i, c in enumerate(cols) if i < len(f)})
    return s


def main():
    if len(sys.argv) != 3:
        print("usage: compare.py CASEDIR SUMMARY", file=sys.stderr)
        return 2
    d, summary_path = sys.argv[1], sys.argv[2]
    with open(os.path.join(d, "expect.json")) as f:
        exp = json.load(f)
    with open(summary_path) as f:
        summary = f.read()
    failures = []  # (reason, details)

    # 1. output pcaps
    for port, p in sorted(exp["ports"].items()):
        want = read_pcap(os.path.join(d, p["expected"]))
        got = []
        for o in p["out"]:
            path = os.path.join(d, o)
            if not os.path.exists(path):
                failures.append(("%s: bngd wrote no %s" % (port, o), ""))
                continue
            got += read_pcap(path)
        masks = dict(p.get("masks", {}))
        masks.update(flex_masks(p.get("flex", {})))
        # The management lcore's frames (after the workers' in @want) may come
        # anywhere: each is taken out of what was sent, then the rest compared.
        late = p.get("async", [])
        for i in late:
            if want[i] in got:
                got.remove(want[i])
            else:
                failures.append(("%s0: the management lcore's frame #%d not sent" % (port, i),
                                 describe("expected", want[i])))
        want = want[:len(want) - len(late)] if late else want
        r = compare_port(port + "0", want, got, exp["ordered"], masks)
        if r:
            failures.append(r)
        elif p.get("flex"):
            r = check_flex(port + "0", got, p["flex"])
            if r:
                failures.append(r)
        elif p.get("mask_groups"):
            r = check_groups(port + "0", got, p["masks"], p["mask_groups"])
            if r:
                failures.append(r)

    # 2. summary counters
    s = parse_summary(summary)
    if s["sessions"] is None:
        failures.append(("no summary in bngd's output", summary[-2000:]))
    else:
        for port, p in sorted(exp["ports"].items()):
            got = s["ports"].get(port + "0")
            if got is None:
                failures.append(("summary: no line for port %s0" % port, ""))
                continue
            if got["rx"] != p["rx"]:
                failures.append(("summary: %s0 rx-packets %d, expected %d (input not all read?)"
                                 % (port, got["rx"], p["rx"]), ""))
            if got["tx"] != p["tx"]:
                failures.append(("summary: %s0 tx-packets %d, expected %d"
                                 % (port, got["tx"], p["tx"]), ""))
        for kind in ("drops", "punts"):
            want, have = exp[kind], s[kind]
            bad = sorted(k for k in set(want) | set(have) if want.get(k, 0) != have.get(k, 0))
            if bad:
                failures.append(("%s: %s" % (kind, ", ".join(
                    "%s=%d (expected %d)" % (k, have.get(k, 0), want.get(k, 0)) for k in bad)), ""))
        cpath = os.path.join(d, "counters.json")
        if "ip" in exp:
            if not os.path.exists(cpath):
                failures.append(("no counters.json: console.py could not read bngd's console", ""))
            else:
                with open(cpath) as f:
                    have = {k: v for k, v in json.load(f)["counters"].get("ip", {}).items() if v}
                want = exp["ip"]
                bad = sorted(k for k in set(want) | set(have) if want.get(k, 0) != have.get(k, 0))
                if bad:
                    failures.append(("ip counters: %s" % ", ".join(
                        "%s=%d (expected %d)" % (k, have.get(k, 0), want.get(k, 0)) for k in bad), ""))
        counters = None
        if os.path.exists(cpath):
            with open(cpath) as f:
                counters = json.load(f)
        if "nat" in exp:
            failures += check_nat(exp["nat"], (counters or {}).get("nat"))
        if exp.get("steps"):
            failures += check_steps(exp["steps"], (counters or {}).get("steps"))
        if "sessions_created" in exp and s["sessions"].get("created") != exp["sessions_created"]:
            failures.append(("sessions created %s, expected %d (one per flow)"
                             % (s["sessions"].get("created"), exp["sessions_created"]), ""))
        ws = s["workers"]
        if len(ws) != exp["workers"]:
            failures.append(("summary shows %d workers, expected %d" % (len(ws), exp["workers"]), ""))
        else:
            xp = sum(int(w.get("express", 0)) for w in ws)
            if "express" in exp and xp != exp["express"]:
                failures.append(("express path forwarded %d packets, expected %d"
                                 % (xp, exp["express"]), ""))
            hin = sum(int(w["handoff-in"]) for w in ws)
            hout = sum(int(w["handoff-out"]) for w in ws)
            if hin != hout:
                failures.append(("handoff-in total %d != handoff-out total %d" % (hin, hout), ""))
            m = exp.get("handoff_out_min_per_worker")
            if m is not None:
                low = [w["worker"] for w in ws if int(w["handoff-out"]) < m]
                if low:
                    failures.append(("handoff-out below %d on worker(s) %s (table: %s)"
                                     % (m, ",".join(low), "; ".join(
                                         "w%s out=%s in=%s" % (w["worker"], w["handoff-out"],
                                                               w["handoff-in"]) for w in ws)), ""))
            if hout < exp.get("handoff_min_total", 0):
                failures.append(("handoff-out total %d, expected at least %d"
                                 % (hout, exp["handoff_min_total"]), ""))
            # with one worker, only hairpinned packets go through its own ring
            if exp["workers"] == 1 and hout != exp.get("self_handoffs", 0):
                failures.append(("one worker but handoff-out %d (expected %d)"
                                 % (hout, exp.get("self_handoffs", 0)), ""))

    if not failures:
        return 0
    print(failures[0][0] + ("" if len(failures) == 1 else " (+%d more)" % (len(failures) - 1)))
    for reason, details in failures:
        print("  - " + reason)
        if details:
            print(details)
    return 1


if __name__ == "__main__":
    sys.exit(main())
