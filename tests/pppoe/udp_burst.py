#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
The far end of client.py --udp: waits (20 s at most) for one UDP datagram
on PORT and answers its sender with N datagrams in a row.

  udp_burst.py PORT N
"""
import socket
import sys


def main():
    port, n = int(sys.argv[1]), int(sys.argv[2])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    s.settimeout(20)
    try:
        _, peer = s.recvfrom(2048)
    except socket.timeout:
        print("udp_burst: nothing came", file=sys.stderr)
        return 1
    for i in range(n):
        s.sendto(b"answer %d of %d" % (i + 1, n), peer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
