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
bad several "@F@:2: ports.[0].address.[0]: \"10.0.0.300/24\" is not an address/prefix-length" \
	"@F@:3: routes.[0]: needs \"via\", \"port\", \"blackhole = true\" or \"prohibit = true\"" \
	"@F@:4: neighbors.[0].port: no port named \"nope\"" "3 errors" <<'C'
ports = ( { name = "a"; device = "net_null0"; role = "core";
  address = [ "10.0.0.300/24" ]; } );
routes = ( { prefix = "0.0.0.0/0"; } );
neighbors = ( { port = "nope"; address = "10.0.0.2"; mac = "02:00:00:00:00:01"; } );
C
bad service "unknown service \"ipsec\" (known: nat, forward, counters)" <<'C'
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
bad empty "@F@:0: ports: is required: at least one port" </dev/null
if out=$("$BNGD" --check-config -c "$work/no-such.conf" 2>&1) || ! grep -q "cannot read the file" <<<"$out"; then
	echo "FAIL missing file: $out"
	fails=$((fails + 1))
else
	echo "PASS missing file"
fi
[ "$fails" = 0 ]
