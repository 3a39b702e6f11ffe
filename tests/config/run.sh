#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# bngd --check-config as an operator uses it: valid files exit 0, broken
# ones exit non-zero and name file:line and the setting of every mistake.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BNGD=${BNGD:-$top/build/app/bngd}
work=$(mktemp -d /tmp/bngconf.XXXXXX)
trap 'rm -rf "$work"' EXIT
fails=0

ok() {
	local name=$1 file=$2 out
	if out=$("$BNGD" --check-config -c "$file" 2>&1); then
		echo "PASS $name"
	else
		echo "FAIL $name: rejected a valid file: $out"
		fails=$((fails + 1))
	fi
}

# bad NAME EXPECTED-SUBSTRING... < config text
bad() {
	local name=$1 f="$work/$1.conf" out rc
	shift
	cat >"$f"
	out=$("$BNGD" --check-config -c "$f" 2>&1)
	rc=$?
	if [ "$rc" = 0 ]; then
		echo "FAIL $name: accepted"
		fails=$((fails + 1))
		return
	fi
	for want in "$@"; do
		if ! grep -qF -- "${want//@F@/$f}" <<<"$out"; then
			echo "FAIL $name: message lacks \"${want//@F@/$f}\": $out"
			fails=$((fails + 1))
			return
		fi
	done
	echo "PASS $name"
}

ok sample "$top/conf/bngd.conf"
"$BNGD" --check-config >/dev/null 2>&1 && echo "PASS built-in" || { echo "FAIL built-in"; fails=$((fails + 1)); }
"$BNGD" --print-config | cmp -s - "$top/conf/bngd.conf" && echo "PASS built-in equals conf/bngd.conf" ||
	{ echo "FAIL built-in differs from conf/bngd.conf"; fails=$((fails + 1)); }

bad typo "@F@:3: ports.[0].rol: unknown setting" "ports.[0].role: is required" <<'C'
ports = (
  { name = "a"; device = "net_null0";
    rol = "access"; }
);
C
bad role "@F@:2: ports.[0].role: must be \"access\" or \"core\", not \"acess\"" <<'C'
ports = (
  { name = "a"; device = "net_null0"; role = "acess"; }
);
C
bad tcp_mss "@F@:3: ports.[0].tcp_mss: 100 is out of range [536, 9560]" <<'C'
ports = (
  { name = "a"; device = "net_null0"; role = "access";
    tcp_mss = 100; }
);
C
bad several "@F@:2: ports.[0].address.[0]: \"10.0.0.300/24\" is not an address/prefix-length" \
	"@F@:3: routes.[0]: needs \"via\", \"port\", \"blackhole = true\" or \"prohibit = true\"" \
	"@F@:4: neighbors.[0].port: no port named \"nope\"" "3 errors" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "core";
  address = [ "10.0.0.300/24" ]; } );
routes = ( { prefix = "0.0.0.0/0"; } );
neighbors = ( { port = "nope"; address = "10.0.0.2"; mac = "02:00:00:00:00:01"; } );
C
bad service "unknown service \"ipsec\" (known: nat, forward, acl, counters)" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "core"; } );
tenants = ( { id = 0; services = [ "forward", "ipsec" ]; } );
C
bad syntax "@F@:2: syntax error" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "core"; } );
sessions = { max = ; };
C
bad range "@F@:1: sessions.max_v6: 10 is larger than sessions.max (5)" <<'C'
sessions = { max = 5; max_v6 = 10; };
ports = ( { name = "a"; device = "net_null0"; role = "core"; } );
C
bad express "@F@:1: dataplane.express: must be true or false" <<'C'
dataplane = { express = 1; };
ports = ( { name = "a"; device = "net_null0"; role = "core"; } );
C
bad console_mode "@F@:1: console.mode: \"0666\" would let any local user steer bngd" <<'C'
console = { socket = "/run/x.sock"; mode = "0666"; };
ports = ( { name = "a"; device = "net_null0"; role = "core"; } );
C
bad console_path "@F@:1: console.socket: must be an absolute path" <<'C'
console = { socket = "x.sock"; };
ports = ( { name = "a"; device = "net_null0"; role = "core"; } );
C
bad metrics_listen "@F@:1: metrics.listen: \"localhost:99999\" is not IPV4-ADDRESS:PORT" <<'C'
metrics = { listen = "localhost:99999"; };
ports = ( { name = "a"; device = "net_null0"; role = "core"; } );
C
# Screens: zones of ports or of a tenant's ports, their screens or "all".
cat >"$work/screens.conf" <<'C'
ports = ( { name = "a0"; device = "net_null0"; role = "access"; },
          { name = "a1"; device = "net_null1"; role = "access"; tenant = 1; },
          { name = "c0"; device = "net_null2"; role = "core"; } );
tenants = ( { id = 0; }, { id = 1; } );
screens = ( { zone = "subs"; ports = [ "a0" ]; enable = [ "land", "ping-of-death", "source-route",
                "record-route", "teardrop", "winnuke", "syn-fin", "tcp-no-flag", "icmp-fragment" ]; },
            { zone = "tenant-1"; tenant = 1; enable = "all"; },
            { zone = "internet"; ports = [ "c0" ]; enable = [ "land", "all" ]; } );
C
ok screens "$work/screens.conf"
bad screen_unknown "@F@:2: screens.[0].enable.[1]: unknown screen \"smurf\" (known: land, source-route," \
	"@F@:2: screens.[0].bogus: unknown setting" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
screens = ( { zone = "z"; ports = [ "a" ]; enable = [ "land", "smurf" ]; bogus = 1; } );
C
bad screen_twice "@F@:4: screens.[1].ports.[0]: port \"a\" is already in zone \"z1\" (line 3)" \
	"@F@:4: screens.[1].zone: \"z1\" already used by the zone at line 3" \
	"@F@:3: screens.[0].enable.[1]: screen \"land\" is enabled twice" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
screens = (
  { zone = "z1"; ports = [ "a" ]; enable = [ "land", "land" ]; },
  { zone = "z1"; ports = [ "a" ]; enable = "all"; } );
C
bad screen_ports "@F@:2: screens.[0].ports.[0]: no port named \"b\"" \
	"@F@:3: screens.[1]: needs \"ports = [ ... ]\" or \"tenant = N\"" \
	"@F@:4: screens.[2]: a zone is its \"ports\" or a \"tenant\"'s ports, not both" \
	"@F@:5: screens.[3].tenant: no port belongs to tenant 3" \
	"@F@:6: screens.[4].enable: is required" \
	"@F@:7: screens.[5].zone: \"a b\" is not a name" \
	"@F@:7: screens.[5].ports: must be an array of port names" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
screens = ( { zone = "z0"; ports = [ "b" ]; enable = "all"; },
  { zone = "z1"; enable = "all"; },
  { zone = "z2"; ports = [ "a" ]; tenant = 0; enable = "all"; },
  { zone = "z3"; tenant = 3; enable = "all"; },
  { zone = "z4"; ports = [ "a" ]; },
  { zone = "a b"; ports = []; enable = [ "land" ]; } );
C
# Rate screens: named in enable, thresholds beside it, each checked.
cat >"$work/screens_rate.conf" <<'C'
ports = ( { name = "a0"; device = "net_null0"; role = "access"; },
          { name = "c0"; device = "net_null1"; role = "core"; } );
screens = ( { zone = "subs"; ports = [ "a0" ]; enable = [ "land", "syn-flood-src", "ip-sweep", "port-scan" ];
              syn_flood_src = 200; ip_sweep = 32; port_scan = 96; window_ms = 2000; block_s = 0; },
            { zone = "internet"; ports = [ "c0" ]; enable = [ "syn-flood", "icmp-flood", "udp-flood" ];
              syn_flood = 5000; icmp_flood = 1; udp_flood = 100000000; burst_ms = 250; } );
C
ok screens_rate "$work/screens_rate.conf"
bad screen_rate_ranges "@F@:2: screens.[0].syn_flood: 0 is out of range [1, 100000000]" \
	"@F@:3: screens.[0].ip_sweep: 97 is out of range [1, 96]" \
	"@F@:3: screens.[0].window_ms: 0 is out of range [1, 3600000]" \
	"@F@:4: screens.[0].block_s: 86401 is out of range [0, 86400]" \
	"@F@:4: screens.[0].burst_ms: must be an integer" \
	"@F@:2: screens.[0].enable.[2]: screen \"syn-flood\" is enabled twice" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
screens = ( { zone = "z"; ports = [ "a" ]; enable = [ "syn-flood", "ip-sweep", "syn-flood" ]; syn_flood = 0;
              ip_sweep = 97; window_ms = 0;
              block_s = 86401; burst_ms = "x"; } );
C
bad screen_rate_off "@F@:3: screens.[0].udp_flood: is the threshold of screen \"udp-flood\", which the zone does not enable" \
	"@F@:3: screens.[0].burst_ms: needs a flood screen" \
	"@F@:4: screens.[1].block_s: needs \"ip-sweep\" or \"port-scan\" in enable" \
	"@F@:4: screens.[1].enable.[0]: unknown screen \"smurf-flood\" (known: land," <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; },
          { name = "b"; device = "net_null1"; role = "core"; } );
screens = ( { zone = "z"; ports = [ "a" ]; enable = [ "ip-sweep" ]; udp_flood = 10; burst_ms = 10; },
            { zone = "y"; ports = [ "b" ]; enable = [ "smurf-flood" ]; block_s = 5; } );
C
# QoS: profiles, the default, per-port profiles, static subscribers.
cat >"$work/qos.conf" <<'C'
ports = ( { name = "a0"; device = "net_null0"; role = "access"; address = [ "10.0.0.1/24" ]; },
          { name = "c0"; device = "net_null1"; role = "core"; address = [ "192.0.2.1/24" ]; } );
neighbors = ( { port = "a0"; address = "10.0.0.2"; mac = "02:00:00:00:00:02"; } );
qos = { profiles = ( { name = "gold"; up = { cir_kbps = 20000; cbs_bytes = 250000; pir_kbps = 25000;
                                            pbs_bytes = 500000; dscp = 18; yellow_dscp = 20; };
                       down = { cir_kbps = 100000; cbs_bytes = 1250000; }; },
                     { name = "mark"; up = { dscp = 0; }; } );
        default_profile = "gold"; ports = ( { port = "a0"; profile = "mark"; } );
        subscribers = ( { address = "10.0.0.2"; profile = "gold"; } ); };
C
ok qos "$work/qos.conf"
bad qos_profiles "@F@:2: qos.profiles.[0].up.pir_kbps: 1000 is below cir_kbps 2000" \
	"@F@:3: qos.profiles.[1].down.cbs_bytes: is required with cir_kbps" \
	"@F@:4: qos.profiles.[2].up.cir_kbps: is required with a burst or a peak rate" \
	"@F@:5: qos.profiles.[3].up.dscp: 64 is out of range [0, 63]" \
	"@F@:6: qos.profiles.[4].name: \"gold\" already used by the profile at line 2" \
	"@F@:7: qos.profiles.[5]: needs \"up = { ... }\" or \"down = { ... }\"" \
	"@F@:8: qos.profiles.[6].name: \"a b\" is not a name" \
	"@F@:9: qos.profiles.[7].down.yellow_dscp: needs a meter (cir_kbps)" \
	"@F@:10: qos.profiles.[8].up.rate: unknown setting" \
	"@F@:11: qos.profiles.[9].up.cir_kbps: 0 is out of range [1, 400000000]" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
qos = { profiles = ( { name = "gold"; up = { cir_kbps = 2000; cbs_bytes = 1500; pir_kbps = 1000; }; },
  { name = "p1"; down = { cir_kbps = 2000; }; },
  { name = "p2"; up = { pbs_bytes = 3000; }; },
  { name = "p3"; up = { dscp = 64; }; },
  { name = "gold"; up = { dscp = 1; }; },
  { name = "p5"; },
  { name = "a b"; up = { dscp = 1; }; },
  { name = "p7"; down = { yellow_dscp = 1; }; },
  { name = "p8"; up = { rate = 1; }; },
  { name = "p9"; up = { cir_kbps = 0; cbs_bytes = 1; }; } ); };
C
bad qos_refs "@F@:3: qos.default_profile: no profile named \"silver\"" \
	"@F@:4: qos.ports.[0].port: no port named \"x\"" \
	"@F@:4: qos.ports.[1].port: \"c\" is not an access port" \
	"@F@:4: qos.ports.[2].profile: no profile named \"bronze\"" \
	"@F@:5: qos.subscribers.[0].address: 10.0.0.9 is not a configured neighbour" \
	"@F@:5: qos.subscribers.[1].address: \"ten\" is not an IPv4 address" \
	"@F@:2: qos.bogus: unknown setting" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; }, { name = "c"; device = "net_null1"; role = "core"; } );
qos = { profiles = ( { name = "gold"; up = { dscp = 1; }; } ); bogus = 1;
  default_profile = "silver";
  ports = ( { port = "x"; profile = "gold"; }, { port = "c"; profile = "gold"; }, { port = "a"; profile = "bronze"; } );
  subscribers = ( { address = "10.0.0.9"; profile = "gold"; }, { address = "ten"; profile = "gold"; } ); };
C
bad qos_empty "@F@:2: qos.profiles: at least one profile is required" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
qos = { default_profile = "x"; };
C
# ACL: inline rules and a rules file, each mistake named by file:line and rule.
printf '%s\n' "# rules" "permit proto tcp dport 80" "" "deny proto tcp dport 8O" \
	"reject from access proto udp dport 53" "deny src 10.0.0.0/8 dst 2001:db8::/32" >"$work/acl.rules"
cat >"$work/acl.conf" <<C
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
tenants = ( { id = 0; services = [ "acl", "forward", "counters" ]; } );
acl = { default = "deny"; reject_rate = 10; reject_burst = 5;
  rules = ( "permit proto udp dport 53", "reject tenant 0-3 from core src 2001:db8::/32" );
  file = "$work/acl.ok"; };
C
printf '%s\n' "permit proto tcp dport 80" "# a comment" "deny src 10.0.0.0/8 dport 1-1023" >"$work/acl.ok"
ok acl "$work/acl.conf"
bad acl_file "$work/acl.rules:4: rule \"deny proto tcp dport 8O\": dport \"8O\"" \
	"$work/acl.rules:6: rule \"deny src 10.0.0.0/8 dst 2001:db8::/32\": src is IPv4 and dst IPv6" <<C
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
acl = { file = "$work/acl.rules"; };
C
bad acl_inline "@F@:3: acl.rules.[1]: rule \"permit proto tcp dport 99999\": dport" \
	"@F@:2: acl.default: \"allow\" is not an action (permit, deny, reject)" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
acl = { default = "allow";
  rules = ( "deny proto udp", "permit proto tcp dport 99999" ); };
C
bad acl_nofile "@F@:2: acl.file: cannot read rules file $work/none.rules" <<C
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
acl = { file = "$work/none.rules"; };
C
bad acl_member "@F@:2: acl.rule: unknown setting" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "access"; } );
acl = { rule = ( "deny" ); };
C
bad empty "@F@:0: ports: is required: at least one port" </dev/null
if out=$("$BNGD" --check-config -c "$work/no-such.conf" 2>&1) || ! grep -q "cannot read the file" <<<"$out"; then
	echo "FAIL missing file: $out"
	fails=$((fails + 1))
else
	echo "PASS missing file"
fi
[ "$fails" = 0 ]
