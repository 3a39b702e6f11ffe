#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
A FreeRADIUS configuration for a test: a copy of Debian's /etc/freeradius/3.0
listening on 127.0.0.1 only, on the given ports, writing its logs and its
accounting detail files under the test's directory, with the test's users.

  raddb.py DIR AUTH_PORT ACCT_PORT USERS_FILE

USERS_FILE holds lines in the "files" module's syntax; they go first in
mods-config/files/authorize. Run the server with: freeradius -X -d DIR/raddb
"""
import os
import re
import shutil
import sys


def main():
    d, auth, acct, users = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    raddb = os.path.join(d, "raddb")
    shutil.copytree("/etc/freeradius/3.0", raddb, symlinks=True)
    for sub in ("log", "run", "log/radacct"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)

    p = os.path.join(raddb, "radiusd.conf")
    s = open(p).read()
    s = re.sub(r"(?m)^logdir = .*$", "logdir = %s/log" % d, s)
    s = re.sub(r"(?m)^run_dir = .*$", "run_dir = %s/run" % d, s)
    s = re.sub(r"(?m)^(\s*)(user|group) = freerad", r"\1# \2 = freerad", s)
    open(p, "w").write(s)

    # default site: IPv4 loopback only, our ports; no IPv6 listeners
    p = os.path.join(raddb, "sites-available", "default")
    s = open(p).read()
    blocks, out, i = re.finditer(r"(?m)^listen \{\n(?:.*\n)*?^\}\n", s), [], 0
    for m in blocks:
        out.append(s[i:m.start()])
        b = m.group(0)
        if re.search(r"(?m)^\s*ipv6addr\s*=", b):
            b = ""
        else:
            b = re.sub(r"(?m)^\tipaddr = \*", "\tipaddr = 127.0.0.1", b)
            port = acct if re.search(r"(?m)^\ttype = acct", b) else auth
            b = re.sub(r"(?m)^\tport = 0", "\tport = %d" % port, b)
        out.append(b)
        i = m.end()
    out.append(s[i:])
    open(p, "w").write("".join(out))

    # the inner tunnel's own listener must not collide with another test's
    p = os.path.join(raddb, "sites-available", "inner-tunnel")
    s = open(p).read()
    s = s.replace("port = 18120", "port = %d" % (auth + 2))
    open(p, "w").write(s)

    p = os.path.join(raddb, "mods-config", "files", "authorize")
    s = open(p).read()
    open(p, "w").write(open(users).read() + "\n" + s)


if __name__ == "__main__":
    main()
