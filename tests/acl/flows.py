#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
Traffic for tests/acl/run.sh, run inside its namespaces.

  flows.py udp-echo PORT...           answer every UDP datagram on PORTs (forever)
  flows.py udp-new HOST PORT SECS     every 10 ms a datagram from a new socket
                                      (a new flow, so a new session and a new
                                      ACL verdict each); prints "sent N answered M"
  flows.py udp-refused HOST PORT      one datagram, then a read: prints "refused"
                                      when an ICMP port unreachable came back,
                                      "answered" or "timeout" otherwise
"""
import select
import socket
import sys
import time


def udp_echo(ports):
    socks = []
    for p in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", int(p)))
        socks.append(s)
    while True:
        for s in select.select(socks, [], [])[0]:
            data, peer = s.recvfrom(2048)
            s.sendto(data, peer)


def reap(open_, deadline, step=None, drain=False):
    """Read the answers of the sockets in @open_ (closing those that got
    one, or an error) until @deadline, or, with @drain, until none is left
    (without it the whole time passes: it paces the sender); select() waits
    at most @step at a time. @return the answers read."""
    answered = 0
    while open_ or not drain:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        for r in select.select(open_, [], [], min(left, step or left))[0]:
            try:
                r.recv(2048)
                answered += 1
            except OSError:
                pass
            open_.remove(r)
            r.close()
    return answered


def udp_new(host, port, secs):
    end = time.monotonic() + float(secs)
    open_, sent, answered = [], 0, 0
    while time.monotonic() < end:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setblocking(False)
        s.sendto(b"flow %d" % sent, (host, int(port)))
        sent += 1
        open_.append(s)
        answered += reap(open_, time.monotonic() + 0.01)
    # the last answers
    answered += reap(open_, time.monotonic() + 1.0, 0.1, drain=True)
    print("sent %d answered %d" % (sent, answered))


def udp_refused(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((host, int(port)))
    s.settimeout(2)
    s.send(b"query")
    try:
        s.recv(2048)
        print("answered")
    except ConnectionRefusedError:
        print("refused")
    except socket.timeout:
        print("timeout")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"udp-echo": lambda: udp_echo(args),
     "udp-new": lambda: udp_new(*args),
     "udp-refused": lambda: udp_refused(*args)}[cmd]()
