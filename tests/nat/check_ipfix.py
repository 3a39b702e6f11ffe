#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Judge the NAT events nfcapd received from bngd, as `nfdump -o json` shows
them: check_ipfix.py NFDUMP_JSON SUBSCRIBER POOL RECORDS_SENT

Wants, for the subscriber: a port block allocation (RFC 8158 natEvent 14)
and its release (15) on one external address of the pool; mapping creations
(6) with a port on that address, and their deletions (7); no destination in
any record (RFC 6888 REQ-12); and as many records as bngd says it sent.
Prints "ok ..." or "bad ..." with what was seen.
"""
import ipaddress
import json
import sys

path, sub, pool, sent = sys.argv[1], sys.argv[2], ipaddress.ip_network(sys.argv[3]), int(sys.argv[4])
try:
    recs = json.load(open(path))
except ValueError as e:
    print("bad: nfdump output is not JSON (%s)" % e)
    sys.exit(0)
recs = [r for r in recs if r.get("type") == "FLOW"]
ev = {}
for r in recs:
    ev.setdefault(int(r.get("nat_event_id", -1)), []).append(r)


def mine(n):
    return [r for r in ev.get(n, []) if r.get("src4_addr") == sub]


problems = []
alloc, release = mine(14), mine(15)
mcreate, mdelete = mine(6), mine(7)
ext = {r.get("src4_xlt_ip") for r in alloc}
if not alloc:
    problems.append("no port block allocation for %s" % sub)
elif len(ext) != 1 or ipaddress.ip_address(ext.copy().pop()) not in pool:
    problems.append("blocks on %s, want one address of %s (paired pooling)" % (sorted(ext), pool))
if not release:
    problems.append("no port block release for %s" % sub)
elif not {r.get("src4_xlt_ip") for r in release} <= ext:
    problems.append("released blocks on addresses never allocated")
if not mcreate:
    problems.append("no mapping creation for %s" % sub)
elif {r.get("src4_xlt_ip") for r in mcreate} != ext:
    problems.append("mappings on %s, blocks on %s" % (sorted({r.get("src4_xlt_ip") for r in mcreate}), sorted(ext)))
if not mdelete:
    problems.append("no mapping deletion")
created = {(r.get("proto"), r.get("src_port"), r.get("src_xlt_port")) for r in mcreate}
deleted = {(r.get("proto"), r.get("src_port"), r.get("src_xlt_port")) for r in mdelete}
if not deleted <= created:
    problems.append("deleted mappings never created: %s" % sorted(deleted - created)[:3])
leaks = [r for r in recs if r.get("dst4_addr", "0.0.0.0") != "0.0.0.0" or int(r.get("dst_port", 0) or 0)]
if leaks:
    problems.append("%d records carry a destination" % len(leaks))
if len(recs) < sent:
    problems.append("nfdump has %d records, bngd sent %d" % (len(recs), sent))
summary = "%d records: %d block allocations, %d releases on %s; %d mappings created, %d deleted" % (
    len(recs), len(alloc), len(release), ",".join(sorted(ext)) or "-", len(mcreate), len(mdelete))
print(("bad: " + "; ".join(problems) + " (" + summary + ")") if problems else "ok " + summary)
