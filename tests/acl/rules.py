#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
rules.py N [SEED]: N random-ish ACL rules (deny and reject, TCP and UDP,
port ranges, prefixes of /16 to /32) whose sources all lie in 100.64.0.0/10
(RFC 6598 shared space) and destinations in 192.0.2.0/24 or 233.252.0.0/24
(documentation ranges): they never match the test and benchmark traffic,
so that traffic is classified through all of them down to the last rule.
"""
import random
import sys


def rules(n, seed):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        a = [100, 64 + rnd.randrange(64), rnd.randrange(256), rnd.randrange(256)]
        plen = rnd.choice([16, 20, 24, 28, 32])
        src = "%d.%d.%d.%d/%d" % (*a, plen)
        dst = "%s.%d/%d" % (rnd.choice(["192.0.2", "233.252.0"]), rnd.randrange(256),
                            rnd.choice([24, 28, 32]))
        lo = rnd.randrange(1, 65000)
        dport = str(lo) if rnd.random() < 0.5 else "%d-%d" % (lo, lo + rnd.randrange(1, 500))
        r = "%s proto %s src %s dst %s dport %s" % (rnd.choice(["deny", "reject"]),
                                                   rnd.choice(["tcp", "udp"]), src, dst, dport)
        if rnd.random() < 0.3:
            s = rnd.randrange(1024, 60000)
            r += " sport %d-%d" % (s, s + 1000)
        out.append(r)
    return out


if __name__ == "__main__":
    print("\n".join(rules(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)))
