#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
Golden traffic cases for bngd.

    /usr/bin/python3 gen.py OUTDIR [--prefix TAG] [--case NAME ...] [--list]

For every case, OUTDIR/<case>/ receives:
  access_in.pcap, core_in.pcap      what bngd reads on each port
  access_exp.pcap, core_exp.pcap    what bngd must write on each port
  case.conf                         bngd configuration (absolute pcap paths)
  expect.json                       output files to compare, the summary
                                    counters and the console's "ip" counters
                                    to check (read by console.py, compare.py)

Each input packet is added with its fate ("fwd" to a port and next hop,
"drop" with a drop reason, "punt" with a punt kind, "err" refused with an
ICMP error, "echo" answered, or explicit expected outputs); the expected
pcaps, the drop/punt/ip counters and the number of sessions all follow from
those fates. Expected packets are made from the input's raw bytes the way a
router rewrites them: VLAN tags removed, source MAC = egress port MAC,
destination MAC = next hop's MAC, TTL / hop limit minus one, IPv4 header
checksum recomputed. Nothing else may change (asserted while generating).
The router's own packets (ICMP errors, echo replies, fragments) are built
here from the input bytes, with checksums computed from scratch.

Output order with one worker: bngd reads up to BURST packets from access0,
then up to BURST from core0, and so on. Within one burst, what the router
answers or refuses itself (L3 input: errors, echo replies) is sent while the
burst is read; forwarded packets follow after the session stage. The IPv4
identification of ICMP errors is a per-worker counter starting at 0,
advanced for every error built. Case.write() replays that order.
"""
import argparse
import os
import sys

from cases_nat import (case_nat_adf, case_nat_apdf, case_nat_basic, case_nat_eim,  # noqa: E402
                       case_nat_frag, case_nat_frag2, case_nat_owner, case_nat_parity,
                       case_nat_ports, case_nat_quarantine, case_nat_quota, case_nat_static,
                       case_nat_det, case_nat_det_full,
                       case_nat_hairpin, case_nat_other, case_nat_other2,
                       case_nat_tcp_simopen)
from cases_router import (case_echo, case_fragments, case_fwd_v4, case_fwd_v6,  # noqa: E402
                          case_handoff, case_icmp_error, case_icmp_errors, case_icmp_limits,
                          case_icmp_unreach_off, case_malformed, case_mtu, case_punt, case_tcp_mss,
                          case_neigh_resolve, case_reassembly, case_router_rfc, case_routing,
                          case_ttl,
                          case_v6_ext_limit, case_vlan, case_vlan_ranges)
from cases_screen import case_screen, case_screen_none, case_screen_workers  # noqa: E402
from cases_screen_rate import case_screen_flood, case_screen_rate_off, case_screen_scan  # noqa: E402
from cases_acl import (case_acl, case_acl_default, case_acl_deny_default,  # noqa: E402
                       case_acl_reject_rate, case_acl_workers, case_acl_nat)
from cases_qos import case_qos, case_qos_workers  # noqa: E402
from cases_express import case_express  # noqa: E402

CASES = [case_fwd_v4, case_express, case_fwd_v6, case_vlan, case_vlan_ranges, case_ttl, case_malformed,
         case_v6_ext_limit,
         case_fragments, case_routing, case_punt, case_icmp_error, case_handoff,
         case_icmp_errors, case_icmp_unreach_off, case_mtu, case_tcp_mss, case_echo, case_icmp_limits,
         case_reassembly, case_router_rfc, case_neigh_resolve, case_nat_basic, case_nat_eim,
         case_nat_apdf, case_nat_adf,
         case_nat_ports, case_nat_parity, case_nat_quota, case_nat_quarantine, case_nat_owner,
         case_nat_frag, case_nat_frag2, case_nat_static, case_nat_det,
         case_nat_det_full, case_nat_hairpin, case_nat_other, case_nat_other2,
         case_nat_tcp_simopen, case_screen, case_screen_workers, case_screen_none,
         case_screen_flood, case_screen_scan, case_screen_rate_off,
         case_qos, case_qos_workers,
         case_acl, case_acl_default, case_acl_deny_default, case_acl_reject_rate,
         case_acl_workers, case_acl_nat]
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("--prefix", default="bngt%d" % os.getpid(),
                    help="EAL --file-prefix stem (unique per run)")
    ap.add_argument("--case", action="append", help="only these cases")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    a = ap.parse_args()
    names = [f.__name__[len("case_"):] for f in CASES]
    if a.list:
        print("\n".join(names))
        return 0
    if a.outdir is None:
        ap.error("OUTDIR is required")
    for f, name in zip(CASES, names):
        if a.case and name not in a.case:
            continue
        f().write(a.outdir, a.prefix)
    if a.case:
        unknown = set(a.case) - set(names)
        if unknown:
            print("gen.py: unknown case(s): %s" % " ".join(sorted(unknown)), file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
