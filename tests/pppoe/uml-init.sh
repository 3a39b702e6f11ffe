#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# PID 1 of the User-Mode Linux guest of tests/pppoe/pppd.sh: the host
# kernel has no PPP, the guest's has. Loads the PPP modules, runs a real
# pppd (rp-pppoe plugin) on vec0 (the guest's end of the test's veth) and
# reports through files in $BNG_DIR (given on the kernel command line; the
# guest sees the host's / through hostfs):
#   $BNG_DIR/guest.env   read first: PPP_USER, PPP_PASS, PPPD_OPTS, PING
#   addr.txt ping.txt    ppp0's address; the pings to $PING through it
#   addr6.txt            with +ipv6 in PPPD_OPTS: ppp0's IPv6 addresses, once
#                        IPv6CP has given it a link-local one
#   up                   written once ppp0 has an address; the host then
#                        looks at bngd and writes
#   go                   after which pppd is stopped (SIGTERM: LCP
#                        Terminate, PADT) and the guest powers off
#   pppd.log pppd.rc     pppd's output and exit status
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
D=$BNG_DIR
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs run /run
mount -t tmpfs tmp /var/tmp
mount --bind "$D/ppp" /etc/ppp
. "$D/guest.env"
M=/usr/lib/uml/modules/$(uname -r)/kernel
V6=
case " $PPPD_OPTS " in *" +ipv6 "*) V6=net/ipv6/ipv6 ;; esac
for m in lib/crc-ccitt $V6 drivers/net/slip/slhc drivers/net/ppp/ppp_generic \
	drivers/net/ppp/pppox drivers/net/ppp/pppoe drivers/net/ppp/ppp_async; do
	insmod "$M/$m.ko" 2>>"$D/guest.log"
done
# IPv6 for ppp0 only: vec0 carries PPPoE and nothing else
[ -z "$V6" ] || echo 1 >/proc/sys/net/ipv6/conf/vec0/disable_ipv6
ip link set lo up
ip link set vec0 up
# shellcheck disable=SC2086  # PPPD_OPTS: words
pppd nodetach plugin pppoe.so nic-vec0 user "$PPP_USER" password "$PPP_PASS" noauth \
	noipdefault nodefaultroute maxfail 1 lcp-echo-interval 1 lcp-echo-failure 5 \
	$PPPD_OPTS >"$D/pppd.log" 2>&1 &
pppd=$!
i=0
while [ $i -lt 150 ] && kill -0 $pppd 2>/dev/null; do
	ip -4 addr show dev ppp0 2>/dev/null | grep -q inet && break
	sleep 0.1
	i=$((i + 1))
done
if ip -4 addr show dev ppp0 2>/dev/null | grep -q inet; then
	ip -4 addr show dev ppp0 >"$D/addr.txt"
	i=0
	while [ -n "$V6" ] && [ $i -lt 50 ] && ! ip -6 addr show dev ppp0 | grep -q "inet6 fe80:"; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -z "$V6" ] || ip -6 addr show dev ppp0 >"$D/addr6.txt" 2>&1
	ip route add "$PING" dev ppp0
	ping -c 3 -i 0.2 -W 2 "$PING" >"$D/ping.txt" 2>&1
	# a full-size packet: 1492-byte IP packets in the session both ways
	ping -c 1 -W 2 -M do -s 1464 "$PING" >>"$D/ping.txt" 2>&1
	: >"$D/up"
	i=0
	while [ $i -lt 300 ] && [ ! -e "$D/go" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill $pppd
fi
wait $pppd
echo $? >"$D/pppd.rc"
poweroff -f
