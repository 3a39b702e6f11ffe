/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of bngd's configuration parser (app/bngd_config.c): every kind
 * of mistake is refused with "source:line: setting.path: what is wrong",
 * the built-in configuration is valid, and bngd_prefix_parse() handles its
 * edge cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "bng_test.h"
#include "bngd_config.h"

const char bng_test_name[] = "config";

#define SRC "t.conf"

/* One port per role: the smallest valid configuration (2 lines). */
#define PORTS                                                                      \
	"ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\"; },\n" \
	"          { name = \"c0\"; device = \"net_null1\"; role = \"core\"; } );\n"

struct loaded {
	int nerr;
	char *err; /* everything printed on the error stream */
	struct bngd_config *cfg;
};

static struct loaded
load(const char *text)
{
	struct loaded l = { 0, NULL, NULL };
	size_t len = 0;
	FILE *fp = open_memstream(&l.err, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	l.cfg = calloc(1, sizeof(*l.cfg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(l.cfg);
	l.nerr = bngd_config_load_string(text, SRC, l.cfg, fp);
	fclose(fp);
	return l;
}

static void
unload(struct loaded *l)
{
	bngd_config_release(l->cfg);
	free(l->cfg);
	free(l->err);
}

/* Count lines of error output. */
static int
lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * Expect @p text to be refused, with @p want (e.g. "t.conf:3: ports.[0].rol:
 * unknown setting") somewhere in the error output. Shows the output when not.
 */
static void
expect_error(const char *text, const char *want, unsigned int line)
{
	struct loaded l = load(text);
	int found = l.err != NULL && strstr(l.err, want) != NULL;

	CU_assertImplementation(l.nerr > 0, line, "configuration refused", __FILE__, "",
				CU_FALSE);
	CU_assertImplementation(found, line, want, __FILE__, "", CU_FALSE);
	if (!found || l.nerr == 0)
		fprintf(stderr, "\n--- test_config.c:%u: wanted \"%s\"; got %d error(s):\n%s---\n",
			line, want, l.nerr, l.err ? l.err : "");
	/* One line per error. */
	CU_assertImplementation(lines(l.err) == l.nerr, line, "one line per error", __FILE__, "",
				CU_FALSE);
	unload(&l);
}

#define EXPECT_ERROR(text, want) expect_error((text), (want), __LINE__)

/* ---------------------------------------------------------------------------
 * Refused configurations
 */

static void
test_unknown_top_level(void)
{
	EXPECT_ERROR(PORTS "colour = \"blue\";\n", SRC ":3: colour: unknown setting");
	/* A group name misspelt. */
	EXPECT_ERROR(PORTS "session = { max = 10; };\n", SRC ":3: session: unknown setting");
	/* A setting misspelt inside a known group. */
	EXPECT_ERROR(PORTS "dataplane = {\n  burst = 32;\n  brust = 32;\n};\n",
		     SRC ":5: dataplane.brust: unknown setting");
	EXPECT_ERROR(PORTS "sessions = { timeouts = { udp = 30; tcp = 30; }; };\n",
		     SRC ":3: sessions.timeouts.tcp: unknown setting");
	/* A known name of the wrong type. */
	EXPECT_ERROR(PORTS "dataplane = 5;\n", SRC ":3: dataplane: must be a group");
}

static void
test_unknown_port_setting(void)
{
	EXPECT_ERROR("ports = (\n"
		     "  { name = \"a0\"; device = \"net_null0\";\n"
		     "    rol = \"access\"; }\n"
		     ");\n",
		     SRC ":3: ports.[0].rol: unknown setting");
}

static void
test_bad_role(void)
{
	EXPECT_ERROR("ports = (\n"
		     "  { name = \"a0\"; device = \"net_null0\";\n"
		     "    role = \"acess\"; }\n"
		     ");\n",
		     SRC ":3: ports.[0].role: must be \"access\" or \"core\", not \"acess\"");
}

static void
test_missing_device(void)
{
	EXPECT_ERROR("ports = (\n"
		     "  { name = \"a0\"; device = \"net_null0\"; role = \"access\"; },\n"
		     "  { name = \"c0\"; role = \"core\"; }\n"
		     ");\n",
		     SRC ":3: ports.[1].device: is required");
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"\"; role = \"core\"; } );\n",
		     SRC ":1: ports.[0].device: must not be empty");
	EXPECT_ERROR("dataplane = { burst = 32; };\n", "ports: is required");
	EXPECT_ERROR("ports = ( );\n", SRC ":1: ports: at least one port is required");
}

static void
test_duplicate_port_names(void)
{
	EXPECT_ERROR("ports = (\n"
		     "  { name = \"a0\"; device = \"net_null0\"; role = \"access\"; },\n"
		     "  { name = \"c0\"; device = \"net_null1\"; role = \"core\"; },\n"
		     "  { name = \"a0\"; device = \"net_null2\"; role = \"core\"; }\n"
		     ");\n",
		     SRC ":4: ports.[2].name: \"a0\" already used by the port at line 2");
}

static void
test_bad_address(void)
{
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  address = [ \"10.0.0.1/24\", \"10.0.0.300/24\" ]; } );\n",
		     SRC ":2: ports.[0].address.[1]: \"10.0.0.300/24\" is not an "
			 "address/prefix-length");
	/* An address needs its prefix length. */
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  address = [ \"10.0.0.1\" ]; } );\n",
		     SRC ":2: ports.[0].address.[0]: \"10.0.0.1\" is not an address/prefix-length");
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  address = \"10.0.0.1/24\"; } );\n",
		     SRC ":2: ports.[0].address: must be an array");
}

static void
test_bad_mac(void)
{
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  mac = \"zz\"; } );\n",
		     SRC ":2: ports.[0].mac: \"zz\" is not a MAC address");
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  mac = \"02:00:00:00:10\"; } );\n",
		     SRC ":2: ports.[0].mac: \"02:00:00:00:10\" is not a MAC address");
	EXPECT_ERROR(PORTS "neighbors = (\n"
			   "  { port = \"a0\"; address = \"10.0.0.2\"; mac = \"zz\"; } );\n",
		     SRC ":4: neighbors.[0].mac: \"zz\" is not a MAC address");
}

static void
test_route_without_target(void)
{
	EXPECT_ERROR(PORTS "routes = (\n"
			   "  { prefix = \"10.9.0.0/16\"; }\n"
			   ");\n",
		     SRC ":4: routes.[0]: needs \"via\", \"port\", \"blackhole = true\" or \"prohibit = true\"");
	EXPECT_ERROR(PORTS "routes = (\n"
			   "  { prefix = \"10.9.0.0/16\"; blackhole = false; }\n"
			   ");\n",
		     SRC ":4: routes.[0]: needs \"via\", \"port\", \"blackhole = true\" or \"prohibit = true\"");
	EXPECT_ERROR(PORTS "routes = ( { via = \"10.0.0.2\"; } );\n",
		     SRC ":3: routes.[0].prefix: is required");
	EXPECT_ERROR(PORTS "routes = ( { prefix = \"10.9.0.0\"; via = \"10.0.0.2\"; } );\n",
		     SRC ":3: routes.[0].prefix: \"10.9.0.0\" is not a prefix");
	EXPECT_ERROR(PORTS "routes = ( { prefix = \"10.9.0.0/16\"; port = \"x9\"; } );\n",
		     SRC ":3: routes.[0].port: no port named \"x9\"");
	EXPECT_ERROR(PORTS "routes = ( { prefix = \"10.9.0.0/16\"; via = \"10.0.0.0/8\"; } );\n",
		     SRC ":3: routes.[0].via: \"10.0.0.0/8\" is not an IP address");
	EXPECT_ERROR(PORTS "routes = ( { prefix = \"10.9.0.0/16\"; via = \"10.0.0.2\";\n"
			   "  vrf = 64; } );\n",
		     SRC ":4: routes.[0].vrf: 64 is out of range [0, 63]");
}

static void
test_route_via_family(void)
{
	EXPECT_ERROR(PORTS "routes = (\n"
			   "  { prefix = \"10.9.0.0/16\";\n"
			   "    via = \"2001:db8::1\"; }\n"
			   ");\n",
		     SRC ":5: routes.[0].via: next hop family differs from the prefix");
	EXPECT_ERROR(PORTS "routes = ( { prefix = \"::/0\"; via = \"10.0.0.2\"; } );\n",
		     SRC ":3: routes.[0].via: next hop family differs from the prefix");
}

static void
test_neighbor_unknown_port(void)
{
	EXPECT_ERROR(PORTS "neighbors = (\n"
			   "  { port = \"a0\"; address = \"10.0.0.2\"; mac = \"02:00:00:00:00:02\"; },\n"
			   "  { port = \"x9\"; address = \"10.0.0.3\"; mac = \"02:00:00:00:00:03\"; }\n"
			   ");\n",
		     SRC ":5: neighbors.[1].port: no port named \"x9\"");
	EXPECT_ERROR(PORTS "neighbors = ( { address = \"10.0.0.3\"; mac = \"02:00:00:00:00:03\"; } );\n",
		     SRC ":3: neighbors.[0].port: is required");
	EXPECT_ERROR(PORTS "neighbors = ( { port = \"a0\"; address = \"10.0.0\";\n"
			   "  mac = \"02:00:00:00:00:03\"; } );\n",
		     SRC ":3: neighbors.[0].address: \"10.0.0\" is not an IP address");
}

static void
test_unknown_service(void)
{
	EXPECT_ERROR(PORTS "tenants = (\n"
			   "  { id = 0; services = [ \"forward\",\n"
			   "                         \"ipsec\" ]; }\n"
			   ");\n",
		     SRC ":5: tenants.[0].services.[1]: unknown service \"ipsec\" (known: ");
	/* The list names every known service. */
	EXPECT_ERROR(PORTS "tenants = ( { id = 0; services = [ \"ipsec\" ]; } );\n", "forward");
	EXPECT_ERROR(PORTS "tenants = ( { id = 0; services = [ \"ipsec\" ]; } );\n", "counters");
	EXPECT_ERROR(PORTS "tenants = ( { id = 0; services = [ \"ipsec\" ]; } );\n", "nat");
	/* The nat service and a NAT instance go together. */
	EXPECT_ERROR(PORTS "tenants = ( { id = 0; services = [ \"nat\", \"forward\" ]; } );\n",
		     SRC ":3: tenants.[0]: runs the nat service but names no NAT instance");
	EXPECT_ERROR(PORTS "tenants = ( { id = 0; nat = \"cgn\"; } );\n",
		     SRC ":3: tenants.[0].nat: no NAT instance named \"cgn\"");
	EXPECT_ERROR(PORTS "tenants = ( { id = 0; }, { id = 0; } );\n",
		     SRC ":3: tenants.[1].id: 0 already used by the tenant at line 3");
	EXPECT_ERROR(PORTS "tenants = ( { vrf = 1; } );\n", SRC ":3: tenants.[0].id: is required");
	EXPECT_ERROR(PORTS "tenants = ( { id = 0; vrf = 64; } );\n",
		     SRC ":3: tenants.[0].vrf: 64 is out of range [0, 63]");
}

/* The nat section: instances and their event log. */
#define NAT_OPEN PORTS "nat = {\n  instances = ( { name = \"cgn\"; addresses = [ \"192.0.2.0/30\" ]; } );\n"

static void
test_nat_errors(void)
{
	EXPECT_ERROR(PORTS "nat = { instances = ( { name = \"cgn\"; } ); };\n",
		     SRC ":3: nat.instances.[0].addresses: is required");
	EXPECT_ERROR(PORTS "nat = { instances = ( { name = \"cgn\"; addresses = [ \"192.0.2.0/8\" ]; } ); };\n",
		     "is not an IPv4 address or prefix of /16 or longer");
	EXPECT_ERROR(PORTS "nat = { instances = ( { name = \"cgn\"; addresses = [ \"192.0.2.1\" ];\n"
			   "  block_size = 100; } ); };\n",
		     SRC ":4: nat.instances.[0].block_size: 100 is not a multiple of 64");
	EXPECT_ERROR(PORTS "nat = { instances = ( { name = \"cgn\"; addresses = [ \"192.0.2.1\" ];\n"
			   "  filtering = \"full-cone\"; } ); };\n",
		     SRC ":4: nat.instances.[0].filtering: must be \"endpoint-independent\", \"address-dependent\" or");
	EXPECT_ERROR(NAT_OPEN "  logging = { format = \"netflow\"; collector = \"127.0.0.1:4739\"; };\n};\n",
		     SRC ":5: nat.logging.format: must be \"ipfix\" or \"syslog\", not \"netflow\"");
	EXPECT_ERROR(NAT_OPEN "  logging = { format = \"ipfix\"; };\n};\n",
		     SRC ":5: nat.logging.collector: is required");
	EXPECT_ERROR(NAT_OPEN "  logging = { collector = \"127.0.0.1\"; };\n};\n",
		     SRC ":5: nat.logging.collector: \"127.0.0.1\" has no port");
	EXPECT_ERROR(NAT_OPEN "  logging = { collector = \"collector.example:4739\"; };\n};\n",
		     SRC ":5: nat.logging.collector: \"collector.example:4739\": \"collector.example\" is not");
	EXPECT_ERROR(NAT_OPEN "  logging = { collector = \"127.0.0.1:4739\";\n"
			      "              events = [ \"blocks\", \"flows\" ]; };\n};\n",
		     SRC ":6: nat.logging.events.[1]: must be \"blocks\", \"mappings\" or \"sessions\"");
	EXPECT_ERROR(NAT_OPEN "  logging = { collector = \"127.0.0.1:4739\"; queue = 10; };\n};\n",
		     SRC ":5: nat.logging.queue: 10 is out of range [64, 16777216]");
	EXPECT_ERROR(NAT_OPEN "  logging = { collector = \"127.0.0.1:4739\"; templates = 5; };\n};\n",
		     SRC ":5: nat.logging.templates: unknown setting");
}

/* An instance with static rules (after its line 3: one rule per line). */
#define NAT_STATIC(rules)                                                          \
	PORTS "nat = { instances = ( { name = \"cgn\"; addresses = [ \"192.0.2.0/30\" ];\n" \
	"  static = (\n" rules "  ); } ); };\n"                                   \
	"tenants = ( { id = 0; services = [ \"nat\", \"forward\" ]; nat = \"cgn\"; } );\n"

static void
test_nat_static_errors(void)
{
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5\"; outside = \"192.0.2.1\"; }\n"),
		     SRC ":5: nat.instances.[0].static.[0].outside: is an address of the dynamic pool");
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5:80\"; outside = \"192.0.2.10\"; proto = \"tcp\"; }\n"),
		     SRC ":5: nat.instances.[0].static.[0]: a port forward names both ports and its proto");
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5:80\"; outside = \"192.0.2.10:8080\"; }\n"),
		     "a port forward names both ports and its proto");
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5:80\"; outside = \"192.0.2.10:8080\"; proto = \"sctp\"; }\n"),
		     SRC ":5: nat.instances.[0].static.[0].proto: must be \"tcp\" or \"udp\", not \"sctp\"");
	EXPECT_ERROR(NAT_STATIC("    { inside = \"host5\"; outside = \"192.0.2.10\"; }\n"),
		     SRC ":5: nat.instances.[0].static.[0].inside: \"host5\" is not an IPv4 address or address:port");
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5:0\"; outside = \"192.0.2.10:80\"; proto = \"tcp\"; }\n"),
		     "\"10.0.0.5:0\" is not an IPv4 address or address:port");
	EXPECT_ERROR(NAT_STATIC("    { outside = \"192.0.2.10\"; }\n"),
		     SRC ":5: nat.instances.[0].static.[0].inside: is required");
	/* one endpoint twice */
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5\"; outside = \"192.0.2.10\"; },\n"
				"    { inside = \"10.0.0.6\"; outside = \"192.0.2.10\"; }\n"),
		     SRC ":6: nat.instances.[0].static.[1]: its outside endpoint is taken by the static rule at line 5");
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5\"; outside = \"192.0.2.10\"; },\n"
				"    { inside = \"10.0.0.6:80\"; outside = \"192.0.2.10:80\"; proto = \"tcp\"; }\n"),
		     "its outside endpoint is taken by the static rule at line 5");
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5:80\"; outside = \"192.0.2.10:80\"; proto = \"tcp\"; },\n"
				"    { inside = \"10.0.0.5:80\"; outside = \"192.0.2.11:80\"; proto = \"tcp\"; }\n"),
		     "its inside endpoint is taken by the static rule at line 5");
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5\"; outside = \"192.0.2.10\"; },\n"
				"    { inside = \"10.0.0.5\"; outside = \"192.0.2.11\"; }\n"),
		     "its inside endpoint is taken by the static rule at line 5");
	EXPECT_ERROR(NAT_STATIC("    { inside = \"10.0.0.5\"; outside = \"192.0.2.10\"; tenant = 3; }\n"),
		     SRC ":5: nat.instances.[0].static.[0].tenant: tenant 3 does not use NAT instance \"cgn\"");
}

#define NAT_DET(settings)                                                          \
	PORTS "nat = { instances = ( { name = \"cgn\"; addresses = [ \"192.0.2.0/30\" ];\n" \
	"  " settings "\n"                                                        \
	"} ); };\n"                                                                \
	"tenants = ( { id = 0; services = [ \"nat\", \"forward\" ]; nat = \"cgn\"; } );\n"

static void
test_nat_det_errors(void)
{
	EXPECT_ERROR(NAT_DET("mode = \"fixed\";"),
		     SRC ":4: nat.instances.[0].mode: must be \"dynamic\" or \"deterministic\", not \"fixed\"");
	EXPECT_ERROR(NAT_DET("mode = \"deterministic\";"),
		     SRC ":3: nat.instances.[0].inside: is required");
	EXPECT_ERROR(NAT_DET("inside = \"10.0.0.0/16\";"),
		     SRC ":4: nat.instances.[0].inside: is for mode = \"deterministic\"");
	EXPECT_ERROR(NAT_DET("mode = \"deterministic\"; inside = \"2001:db8::/64\";"),
		     SRC ":4: nat.instances.[0].inside: \"2001:db8::/64\" is not an IPv4 prefix of /8 or longer");
	EXPECT_ERROR(NAT_DET("mode = \"deterministic\"; inside = \"10.0.0.0/7\";"),
		     "\"10.0.0.0/7\" is not an IPv4 prefix of /8 or longer");
	/* 2^24 hosts on 4 addresses: 4M hosts per address, 64512 ports */
	EXPECT_ERROR(NAT_DET("mode = \"deterministic\"; inside = \"10.0.0.0/8\";"),
		     SRC ":4: nat.instances.[0].inside: 16777216 hosts on 4 addresses is 4194304 hosts per address: more than the 64512 ports");
	EXPECT_ERROR(NAT_DET("mode = \"deterministic\"; inside = \"10.0.0.0/16\"; block_size = 128;"),
		     SRC ":4: nat.instances.[0].block_size: is for mode = \"dynamic\" (deterministic ranges are computed)");
	EXPECT_ERROR(NAT_DET("mode = \"deterministic\"; inside = \"10.0.0.0/16\"; quarantine_s = 5;"),
		     "nat.instances.[0].quarantine_s: is for mode = \"dynamic\"");
}

static void
test_nat_det(void)
{
	struct loaded l = load(NAT_DET("mode = \"deterministic\"; inside = \"100.64.7.9/22\";"));
	const struct nat_instance_config *in = &l.cfg->nat.inst[0];

	CU_ASSERT_EQUAL(l.nerr, 0);
	if (l.nerr)
		fprintf(stderr, "\nrefused:\n%s", l.err);
	CU_ASSERT_EQUAL(in->deterministic, 1);
	CU_ASSERT_EQUAL(in->det_len, 22);
	/* host bits cleared */
	CU_ASSERT_EQUAL(in->det_prefix, rte_cpu_to_be_32(T_IP4(100, 64, 4, 0)));
	CU_ASSERT_EQUAL(in->quarantine_ms, 0);
	unload(&l);
}

#define NAT_TWO(second)                                                            \
	PORTS "nat = { instances = (\n"                                            \
	"  { name = \"cgn\"; addresses = [ \"192.0.2.0/30\" ]; block_size = 128; },\n" \
	"  { name = \"biz\"; " second " }\n"                                      \
	"); };\n"                                                                  \
	"tenants = ( { id = 0; services = [ \"nat\", \"forward\" ]; nat = \"cgn\"; },\n" \
	"  { id = 1; services = [ \"nat\", \"forward\" ]; nat = \"biz\"; } );\n"

static void
test_nat_shared_errors(void)
{
	EXPECT_ERROR(NAT_TWO("addresses = [ \"192.0.2.2\", \"192.0.2.9\" ];"),
		     SRC ":5: nat.instances.[1].addresses: 192.0.2.2 is in instance \"cgn\"'s pool too (to share a pool, say pool = \"cgn\")");
	EXPECT_ERROR(NAT_TWO("pool = \"cgx\";"),
		     SRC ":5: nat.instances.[1].pool: no instance \"cgx\" before this one");
	EXPECT_ERROR(NAT_TWO("pool = \"cgn\"; block_size = 64;"),
		     SRC ":5: nat.instances.[1].block_size: comes with the pool: set it on the instance that owns it");
	EXPECT_ERROR(NAT_TWO("pool = \"cgn\"; addresses = [ \"192.0.2.9\" ];"),
		     "nat.instances.[1].addresses: comes with the pool");
}

static void
test_nat_shared(void)
{
	struct loaded l = load(NAT_TWO("pool = \"cgn\"; filtering = \"address-port-dependent\"; "
				       "blocks_per_subscriber = 2;"));
	const struct nat_instance_config *in = &l.cfg->nat.inst[1];

	CU_ASSERT_EQUAL(l.nerr, 0);
	if (l.nerr)
		fprintf(stderr, "\nrefused:\n%s", l.err);
	CU_ASSERT_EQUAL(in->shares, 1);
	CU_ASSERT_EQUAL(in->n_addr, 4);
	CU_ASSERT_EQUAL(in->block_size, 128);
	CU_ASSERT_EQUAL(in->blocks_per_sub, 2);
	CU_ASSERT_EQUAL(in->filtering, NAT_FILTER_APDF);
	CU_ASSERT_EQUAL(l.cfg->nat.tenant_instance[1], 1);
	unload(&l);
}

/* An access port with an address: the DHCP server's default identity. */
#define DPORTS                                                                     \
	"ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\"; address = [ \"10.0.0.1/24\" ]; },\n" \
	"          { name = \"c0\"; device = \"net_null1\"; role = \"core\"; } );\n"

static void
test_dhcp_errors(void)
{
	EXPECT_ERROR(DPORTS "dhcp = { pools = ( { name = \"a b\"; prefix = \"10.0.0.0/24\"; } ); };\n",
		     SRC ":3: dhcp.pools.[0].name: \"a b\": a pool name has no blanks (it names the pool in the lease file)");
	EXPECT_ERROR(DPORTS "dhcp = { pools = ( { name = \"a\"; prefix = \"10.0.0.0/31\"; } ); };\n",
		     SRC ":3: dhcp.pools.[0].prefix: \"10.0.0.0/31\" is not an IPv4 prefix from /8 to /30");
	EXPECT_ERROR(DPORTS "dhcp = { pools = ( { name = \"a\"; range = [ \"10.0.0.9\", \"10.0.0.2\" ]; mask = \"255.255.255.0\"; } ); };\n",
		     SRC ":3: dhcp.pools.[0].range: must be [ \"first address\", \"last address\" ], in order");
	EXPECT_ERROR(DPORTS "dhcp = { pools = ( { name = \"a\"; range = [ \"10.0.0.2\", \"10.0.0.9\" ]; } ); };\n",
		     SRC ":3: dhcp.pools.[0].mask: is required with a range");
	EXPECT_ERROR(DPORTS "dhcp = { server_id = \"10.9.9.9\"; pools = ( { name = \"a\"; prefix = \"10.0.0.0/24\"; } ); };\n",
		     SRC ":3: dhcp.server_id: is not an address of any port");
	EXPECT_ERROR(DPORTS "dhcp = { mode = \"proxy\"; pools = ( { name = \"a\"; prefix = \"10.0.0.0/24\"; } ); };\n",
		     SRC ":3: dhcp.mode: must be \"server\" or \"relay\", not \"proxy\"");
	EXPECT_ERROR(DPORTS "dhcp = { mode = \"relay\"; };\n",
		     SRC ":3: dhcp.servers: is required in relay mode: [ \"server address\", ... ]");
	EXPECT_ERROR(DPORTS "dhcp = { mode = \"relay\"; servers = [ \"192.0.2.1\" ]; pools = (); };\n",
		     SRC ":3: dhcp.pools: is for mode = \"server\" (the relay's servers decide)");
	EXPECT_ERROR(DPORTS "dhcp = { reservations = ( { address = \"10.0.0.5\"; } ); pools = ( { name = \"a\"; prefix = \"10.0.0.0/24\"; } ); };\n",
		     SRC ":3: dhcp.reservations.[0]: a reservation names a mac or a circuit_id (one of them)");
}

static void
test_vlan_ranges(void)
{
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  subscriber_vlans = { outer = \"100-99\"; }; } );\n",
		     SRC ":2: ports.[0].subscriber_vlans.outer: \"100-99\" is not a list of VLAN ids and ranges from 1 to 4094 (\"100-199,300\")");
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  subscriber_vlans = { inner = \"5\"; }; } );\n",
		     "ports.[0].subscriber_vlans.outer: is required");
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  subscriber_vlans = { outer = \"1-4095\"; }; } );\n",
		     "is not a list of VLAN ids");
}

static void
test_pppoe_errors(void)
{
	EXPECT_ERROR(PORTS "pppoe = { ac_name = \"bng\"; };\n",
		     SRC ":3: pppoe.pool: is required: [ \"first address\", \"last address\" ], in order, at most 65536 addresses");
	EXPECT_ERROR(PORTS "pppoe = { pool = [ \"10.2.0.9\", \"10.2.0.1\" ]; };\n",
		     "pppoe.pool: is required");
	EXPECT_ERROR(PORTS "pppoe = { pool = [ \"10.2.0.1\", \"10.2.0.9\" ]; auth = [ \"mschap\" ]; };\n",
		     SRC ":3: pppoe.auth.[0]: must be \"pap\" or \"chap\", each once");
	EXPECT_ERROR(PORTS "pppoe = { pool = [ \"10.2.0.1\", \"10.2.0.9\" ];\n"
		     "  users = ( { name = \"a\"; password = \"x\"; }, { name = \"a\"; password = \"y\"; } ); };\n",
		     SRC ":4: pppoe.users.[1].name: \"a\" is listed twice");
	EXPECT_ERROR(PORTS "pppoe = { pool = [ \"10.2.0.1\", \"10.2.0.9\" ]; users = ( { name = \"a\"; } ); };\n",
		     SRC ":3: pppoe.users.[0].password: is required");
	EXPECT_ERROR(PORTS "pppoe = { pool = [ \"10.2.0.1\", \"10.2.0.9\" ]; mss_clamp = 1452; };\n",
		     SRC ":3: pppoe.mss_clamp: must be true or false");
	EXPECT_ERROR(PORTS "pppoe = { pool = [ \"10.2.0.1\", \"10.2.0.9\" ]; ipv6 = \"yes\"; };\n",
		     SRC ":3: pppoe.ipv6: must be true or false");
}

/* mss_clamp on unless turned off, ipv6 off unless turned on */
static void
test_pppoe_flags(void)
{
#define POOL PORTS "pppoe = { pool = [ \"10.2.0.1\", \"10.2.0.9\" ]; "
	static const struct {
		const char *text;
		uint8_t mss_clamp, ipv6;
	} t[] = {
		{ POOL "};\n", 1, 0 },
		{ POOL "mss_clamp = true; };\n", 1, 0 },
		{ POOL "mss_clamp = false; };\n", 0, 0 },
		{ POOL "ipv6 = false; };\n", 1, 0 },
		{ POOL "ipv6 = true; mss_clamp = false; };\n", 0, 1 },
	};
#undef POOL

	for (unsigned int i = 0; i < RTE_DIM(t); i++) {
		struct loaded l = load(t[i].text);

		CU_ASSERT_EQUAL(l.nerr, 0);
		CU_ASSERT_EQUAL(l.cfg->pppoe_mss_clamp, t[i].mss_clamp);
		CU_ASSERT_EQUAL(l.cfg->pppoe.ipv6, t[i].ipv6);
		unload(&l);
	}
}

static void
test_undefined_tenant(void)
{
	EXPECT_ERROR("ports = (\n"
		     "  { name = \"a0\"; device = \"net_null0\"; role = \"access\"; },\n"
		     "  { name = \"c0\"; device = \"net_null1\"; role = \"core\"; tenant = 5; }\n"
		     ");\n"
		     "tenants = ( { id = 0; }, { id = 4; } );\n",
		     SRC ":3: ports.[1].tenant: tenant 5 is not defined");
	/* Without a tenants section only tenant 0 exists. */
	EXPECT_ERROR("ports = (\n"
		     "  { name = \"a0\"; device = \"net_null0\"; role = \"access\"; tenant = 5; }\n"
		     ");\n",
		     SRC ":2: ports.[0].tenant: tenant 5 is not defined");
}

static void
test_sessions_max_v6(void)
{
	EXPECT_ERROR(PORTS "sessions = { max = 1000; max_v6 = 2000; };\n",
		     SRC ":3: sessions.max_v6: 2000 is larger than sessions.max (1000)");
	/* Against the default sessions.max (65536). */
	EXPECT_ERROR(PORTS "sessions = { max_v6 = 70000; };\n",
		     "sessions.max_v6: 70000 is larger than sessions.max (65536)");
}

static void
test_out_of_range(void)
{
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  rx_queues = 0; } );\n",
		     SRC ":2: ports.[0].rx_queues: 0 is out of range [1, 64]");
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		     "  mtu = 100000; } );\n",
		     SRC ":2: ports.[0].mtu: 100000 is out of range [576, 9600]");
	EXPECT_ERROR(PORTS "dataplane = { burst = -1; };\n",
		     SRC ":3: dataplane.burst: -1 is out of range [1, 64]");
	EXPECT_ERROR(PORTS "dataplane = { burst = 10000000000L; };\n",
		     SRC ":3: dataplane.burst: 10000000000 is out of range [1, 64]");
	EXPECT_ERROR(PORTS "dataplane = { burst = \"32\"; };\n",
		     SRC ":3: dataplane.burst: must be an integer");
	EXPECT_ERROR(PORTS "sessions = { timeouts = { udp = 0; }; };\n",
		     SRC ":3: sessions.timeouts.udp: 0 is out of range");
	EXPECT_ERROR(PORTS "sessions = { sweep_ms = 5; };\n",
		     SRC ":3: sessions.sweep_ms: 5 is out of range [10, 600000]");
	EXPECT_ERROR(PORTS "fib = { max_routes = 1; };\n",
		     SRC ":3: fib.max_routes: 1 is out of range [16, 16777216]");
}

static void
test_syntax_error(void)
{
	struct loaded l;

	EXPECT_ERROR(PORTS "dataplane = {\n  burst = 32;\n  punt_rate = = 5;\n};\n",
		     SRC ":5: syntax error");
	EXPECT_ERROR(PORTS "\n\nrouting = ( { prefix = \"x\" ) };\n", SRC ":5: syntax error");
	EXPECT_ERROR("ports = ( { name = \"a0\"; device = ; } );\n", SRC ":1: syntax error");
	/* Missing closing brace at the end of the text. */
	EXPECT_ERROR(PORTS "dataplane = {\n  burst = 32;\n", SRC ":5: syntax error");
	/* A syntax error is reported once, alone. */
	l = load(PORTS "x = ;\n");
	CU_ASSERT_EQUAL(l.nerr, 1);
	CU_ASSERT_EQUAL(lines(l.err), 1);
	unload(&l);
}

static void
test_several_errors(void)
{
	/* The parser keeps going: every mistake is reported, one per line. */
	struct loaded l = load("ports = (\n"
			       "  { name = \"a0\"; device = \"net_null0\"; role = \"acess\"; },\n"
			       "  { name = \"c0\"; device = \"net_null1\"; role = \"core\"; mac = \"zz\"; }\n"
			       ");\n"
			       "colour = 1;\n");

	CU_ASSERT_EQUAL(l.nerr, 3);
	CU_ASSERT_EQUAL(lines(l.err), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(l.err, SRC ":2: ports.[0].role"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.err, SRC ":3: ports.[1].mac"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l.err, SRC ":5: colour"));
	unload(&l);
}

static void
test_missing_file(void)
{
	struct bngd_config *cfg = calloc(1, sizeof(*cfg));
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_NOT_EQUAL(bngd_config_load("/nonexistent/bngd.conf", cfg, fp), 0);
	fclose(fp);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "/nonexistent/bngd.conf: cannot read the file"));
	bngd_config_release(cfg);
	free(cfg);
	free(buf);
}

/* ---------------------------------------------------------------------------
 * Valid configurations
 */

static void
test_builtin_config(void)
{
	struct loaded l = load(bngd_builtin_config);
	const struct bngd_config *c = l.cfg;
	char buf[64];

	CU_ASSERT_EQUAL(l.nerr, 0);
	CU_ASSERT_STRING_EQUAL(l.err ? l.err : "", "");
	if (l.nerr != 0)
		fprintf(stderr, "\nbuilt-in configuration refused:\n%s", l.err);
	CU_ASSERT_STRING_EQUAL(c->source, SRC);
	CU_ASSERT_EQUAL(c->n_ports, 2);
	CU_ASSERT_STRING_EQUAL(c->ports[0].name, "access0");
	CU_ASSERT_EQUAL(c->ports[0].role, BNG_ROLE_ACCESS);
	CU_ASSERT_STRING_EQUAL(c->ports[1].name, "core0");
	CU_ASSERT_EQUAL(c->ports[1].role, BNG_ROLE_CORE);
	CU_ASSERT_EQUAL(c->ports[0].has_mac, 1);
	CU_ASSERT_EQUAL(c->ports[0].mac.addr_bytes[5], 0x01);
	CU_ASSERT_EQUAL(c->ports[0].n_addr, 2);
	CU_ASSERT_STRING_EQUAL(bngd_prefix_str(&c->ports[0].addr[0], buf, sizeof(buf)),
			       "10.0.0.1/24");
	CU_ASSERT_STRING_EQUAL(bngd_prefix_str(&c->ports[0].addr[1], buf, sizeof(buf)),
			       "2001:db8:10::1/64");
	CU_ASSERT_EQUAL(c->ports[0].rx_queues, 1);
	CU_ASSERT_EQUAL(c->ports[0].mtu, 1500);
	CU_ASSERT_EQUAL(c->ports[0].promisc, 1);
	CU_ASSERT_EQUAL(c->n_tenants, 1);
	CU_ASSERT_EQUAL(c->tenants[0].n_services, 2);
	CU_ASSERT_EQUAL(c->n_routes, 2);
	CU_ASSERT_EQUAL(c->routes[0].prefix.len, 0);
	CU_ASSERT_EQUAL(c->routes[0].has_via, 1);
	CU_ASSERT_EQUAL(c->routes[0].port, -1);
	CU_ASSERT_EQUAL(c->routes[1].prefix.v6, 1);
	CU_ASSERT_EQUAL(c->n_neigh, 4);
	CU_ASSERT_EQUAL(c->neigh[1].v6, 1);
	CU_ASSERT_EQUAL(c->neigh[2].port, 1);
	CU_ASSERT_EQUAL(c->sess.max_sessions, 65536);
	CU_ASSERT_EQUAL(c->sess.max_v6, 16384);
	CU_ASSERT_EQUAL(c->sess.timeout_s[SESS_TC_TCP_EST], 7440);
	CU_ASSERT_EQUAL(c->sess.sweep_ms, 1000);
	CU_ASSERT_EQUAL(c->fib.max_routes, 4096);
	CU_ASSERT_EQUAL(c->mbufs, 16383);
	CU_ASSERT_EQUAL(c->burst, 32);
	CU_ASSERT(c->n_eal > 0);
	CU_ASSERT_EQUAL(bngd_config_port_index(c, "core0"), 1);
	CU_ASSERT_EQUAL(bngd_config_port_index(c, "nope"), -1);
	unload(&l);
}

static void
test_minimal_config(void)
{
	struct loaded l = load(PORTS);
	const struct bngd_config *c = l.cfg;

	CU_ASSERT_EQUAL(l.nerr, 0);
	CU_ASSERT_EQUAL(c->n_ports, 2);
	/* Defaults: tenant 0 with both services, the documented sizes. */
	CU_ASSERT_EQUAL(c->n_tenants, 1);
	CU_ASSERT_EQUAL(c->tenants[0].id, 0);
	CU_ASSERT_EQUAL(c->tenants[0].n_services, 2);
	CU_ASSERT_EQUAL(c->sess.max_sessions, 65536);
	CU_ASSERT_EQUAL(c->sess.expiry_batch, 64);
	CU_ASSERT_EQUAL(c->sess.sweep_ms, 1000);
	CU_ASSERT_EQUAL(c->fib.max_nh, 4096);
	CU_ASSERT_EQUAL(c->ports[0].has_mac, 0);
	CU_ASSERT_EQUAL(c->ports[0].n_addr, 0);
	CU_ASSERT_EQUAL(c->n_eal, 0);
	unload(&l);

	/* Every optional setting at once. */
	l = load("ports = ( { name = \"a0\"; device = \"net_null0\"; role = \"access\";\n"
		 "  rx_queues = 4; rx_desc = 512; tx_desc = 2048; tenant = 7; mtu = 9000;\n"
		 "  promisc = false; mac = \"02:aa:bb:cc:dd:ee\"; address = [ \"::1/128\" ]; } );\n"
		 "tenants = ( { id = 7; name = \"t7\"; vrf = 3; services = [ \"counters\" ]; } );\n"
		 "routes = ( { vrf = 3; prefix = \"10.0.0.0/8\"; port = \"a0\"; },\n"
		 "           { prefix = \"192.0.2.0/24\"; blackhole = true; } );\n"
		 "sessions = { max = 100; max_v6 = 100; secondary = 10; expiry_batch = 5;\n"
		 "             timeouts = { udp = 30; }; };\n"
		 "eal = { args = [ \"-l\", \"0\" ]; };\n");
	c = l.cfg;
	CU_ASSERT_EQUAL(l.nerr, 0);
	if (l.nerr != 0)
		fprintf(stderr, "\nrefused:\n%s", l.err);
	CU_ASSERT_EQUAL(c->ports[0].rx_queues, 4);
	CU_ASSERT_EQUAL(c->ports[0].rx_desc, 512);
	CU_ASSERT_EQUAL(c->ports[0].tx_desc, 2048);
	CU_ASSERT_EQUAL(c->ports[0].tenant, 7);
	CU_ASSERT_EQUAL(c->ports[0].mtu, 9000);
	CU_ASSERT_EQUAL(c->ports[0].promisc, 0);
	CU_ASSERT_EQUAL(c->ports[0].mac.addr_bytes[1], 0xaa);
	CU_ASSERT_EQUAL(c->ports[0].addr[0].v6, 1);
	CU_ASSERT_EQUAL(c->tenants[0].vrf, 3);
	CU_ASSERT_STRING_EQUAL(c->tenants[0].name, "t7");
	CU_ASSERT_EQUAL(c->tenants[0].n_services, 1);
	CU_ASSERT_STRING_EQUAL(c->tenants[0].services[0], "counters");
	CU_ASSERT_EQUAL(c->n_routes, 2);
	CU_ASSERT_EQUAL(c->routes[0].vrf, 3);
	CU_ASSERT_EQUAL(c->routes[0].port, 0);
	CU_ASSERT_EQUAL(c->routes[1].blackhole, 1);
	CU_ASSERT_EQUAL(c->sess.max_sessions, 100);
	CU_ASSERT_EQUAL(c->sess.secondary, 10);
	CU_ASSERT_EQUAL(c->sess.expiry_batch, 5);
	CU_ASSERT_EQUAL(c->sess.timeout_s[SESS_TC_UDP], 30);
	CU_ASSERT_EQUAL(c->sess.timeout_s[SESS_TC_ICMP], 60);
	CU_ASSERT_EQUAL(c->n_eal, 2);
	CU_ASSERT_STRING_EQUAL(c->eal[1], "0");
	unload(&l);
}

/* ---------------------------------------------------------------------------
 * Prefixes
 */

static void
test_prefix_parse(void)
{
	static const char *const bad[] = {
		"",
		"/24",
		"garbage",
		"garbage/24",
		"10.0.0.0/",
		"10.0.0.0/24x",
		"10.0.0.0/-1",
		"10.0.0.0/33",
		"10.0.0.300/24",
		"10.0.0/24",
		"10.0.0.0/8/8",
		"2001:db8::/129",
		"2001:db8:::1/64",
		"10.0.0.0/99999999999999999999",
		"0000000000000000000000000000000000000000000000000000000000000000000000.1/8",
	};
	struct bngd_prefix p;
	char buf[64];

	for (unsigned int i = 0; i < RTE_DIM(bad); i++) {
		int rc0 = bngd_prefix_parse(bad[i], &p, 0), rc1 = bngd_prefix_parse(bad[i], &p, 1);

		CU_ASSERT_EQUAL(rc0, -1);
		CU_ASSERT_EQUAL(rc1, -1);
		if (rc0 != -1 || rc1 != -1)
			fprintf(stderr, "\nprefix \"%s\" accepted\n", bad[i]);
	}
	/* Missing length: refused when required, a host route otherwise. */
	CU_ASSERT_EQUAL(bngd_prefix_parse("10.1.2.3", &p, 1), -1);
	CU_ASSERT_EQUAL(bngd_prefix_parse("2001:db8::1", &p, 1), -1);
	CU_ASSERT_EQUAL(bngd_prefix_parse("10.1.2.3", &p, 0), 0);
	CU_ASSERT_EQUAL(p.v6, 0);
	CU_ASSERT_EQUAL(p.len, 32);
	CU_ASSERT_EQUAL(memcmp(p.addr, "\x0a\x01\x02\x03", 4), 0);
	CU_ASSERT_EQUAL(bngd_prefix_parse("2001:db8::1", &p, 0), 0);
	CU_ASSERT_EQUAL(p.v6, 1);
	CU_ASSERT_EQUAL(p.len, 128);

	/* Limits. */
	CU_ASSERT_EQUAL(bngd_prefix_parse("10.0.0.0/32", &p, 1), 0);
	CU_ASSERT_EQUAL(p.len, 32);
	CU_ASSERT_EQUAL(bngd_prefix_parse("0.0.0.0/0", &p, 1), 0);
	CU_ASSERT_EQUAL(p.len, 0);
	CU_ASSERT_EQUAL(p.v6, 0);
	CU_ASSERT_EQUAL(bngd_prefix_parse("2001:db8::/128", &p, 1), 0);
	CU_ASSERT_EQUAL(p.len, 128);
	CU_ASSERT_EQUAL(bngd_prefix_parse("::/0", &p, 1), 0);
	CU_ASSERT_EQUAL(p.len, 0);
	CU_ASSERT_EQUAL(p.v6, 1);
	CU_ASSERT_EQUAL(bngd_prefix_parse("2001:db8:20::1/64", &p, 1), 0);
	CU_ASSERT_STRING_EQUAL(bngd_prefix_str(&p, buf, sizeof(buf)), "2001:db8:20::1/64");
	CU_ASSERT_EQUAL(bngd_prefix_parse("198.51.100.1/24", &p, 1), 0);
	CU_ASSERT_STRING_EQUAL(bngd_prefix_str(&p, buf, sizeof(buf)), "198.51.100.1/24");
	/* An IPv4 prefix leaves the other 12 address bytes zero. */
	memset(&p, 0xff, sizeof(p));
	CU_ASSERT_EQUAL(bngd_prefix_parse("10.0.0.0/8", &p, 1), 0);
	for (int i = 4; i < 16; i++)
		CU_ASSERT_EQUAL(p.addr[i], 0);
}

static void
test_nat_logging(void)
{
	struct loaded l = load(NAT_OPEN "};\n");

	/* no logging group: off, with the documented defaults ready */
	CU_ASSERT_EQUAL(l.nerr, 0);
	CU_ASSERT_EQUAL(l.cfg->nat.log.format, NAT_LOG_OFF);
	CU_ASSERT_EQUAL(l.cfg->nat.log.events, NAT_LOG_BLOCKS);
	unload(&l);
	l = load(NAT_OPEN "  logging = { collector = \"[2001:db8::9]:4739\"; };\n};\n");
	CU_ASSERT_EQUAL(l.nerr, 0);
	CU_ASSERT_EQUAL(l.cfg->nat.log.format, NAT_LOG_IPFIX);
	CU_ASSERT_EQUAL(l.cfg->nat.log.collector.ss_family, AF_INET6);
	CU_ASSERT_EQUAL(l.cfg->nat.log.template_refresh_s, 60);
	CU_ASSERT_EQUAL(l.cfg->nat.log.domain_id, 1);
	CU_ASSERT_EQUAL(l.cfg->nat.log.queue, 16384);
	unload(&l);
	l = load(NAT_OPEN "  logging = { format = \"syslog\"; collector = \"192.0.2.9:514\";\n"
			  "    events = [ \"mappings\", \"sessions\" ]; facility = 20; queue = 4096;\n"
			  "    domain_id = 77; template_refresh_s = 600; };\n};\n");
	CU_ASSERT_EQUAL(l.nerr, 0);
	if (l.nerr)
		fprintf(stderr, "\nrefused:\n%s", l.err);
	CU_ASSERT_EQUAL(l.cfg->nat.log.format, NAT_LOG_SYSLOG);
	CU_ASSERT_EQUAL(l.cfg->nat.log.events, NAT_LOG_MAPPINGS | NAT_LOG_SESSIONS);
	CU_ASSERT_EQUAL(l.cfg->nat.log.facility, 20);
	CU_ASSERT_EQUAL(l.cfg->nat.log.queue, 4096);
	CU_ASSERT_EQUAL(l.cfg->nat.log.domain_id, 77);
	CU_ASSERT_EQUAL(l.cfg->nat.log.template_refresh_s, 600);
	unload(&l);
}

static void
test_nat_static(void)
{
	struct loaded l = load(NAT_STATIC(
		"    { inside = \"10.0.0.5\"; outside = \"192.0.2.10\"; },\n"
		"    { inside = \"10.0.0.6:80\"; outside = \"192.0.2.11:8080\"; proto = \"tcp\"; },\n"
		"    { inside = \"10.0.0.6:53\"; outside = \"192.0.2.11:53\"; proto = \"udp\"; },\n"
		"    { inside = \"10.0.0.7:53\"; outside = \"192.0.2.11:53\"; proto = \"tcp\"; }\n"));
	const struct nat_static *st = l.cfg->nat.statics;

	CU_ASSERT_EQUAL(l.nerr, 0);
	if (l.nerr)
		fprintf(stderr, "\nrefused:\n%s", l.err);
	CU_ASSERT_EQUAL_FATAL(l.cfg->nat.n_static, 4);
	CU_ASSERT_EQUAL(st[0].proto, 0);
	CU_ASSERT_EQUAL(st[0].inside, rte_cpu_to_be_32(T_IP4(10, 0, 0, 5)));
	CU_ASSERT_EQUAL(st[0].outside, rte_cpu_to_be_32(T_IP4(192, 0, 2, 10)));
	CU_ASSERT_EQUAL(st[0].iport, 0);
	CU_ASSERT_EQUAL(st[0].tenant, 0);
	CU_ASSERT_EQUAL(st[1].proto, IPPROTO_TCP);
	CU_ASSERT_EQUAL(st[1].iport, rte_cpu_to_be_16(80));
	CU_ASSERT_EQUAL(st[1].oport, rte_cpu_to_be_16(8080));
	CU_ASSERT_EQUAL(st[2].proto, IPPROTO_UDP);
	unload(&l);
}

static const CU_TestInfo refused_tests[] = {
	{ "unknown settings", test_unknown_top_level },
	{ "unknown port setting", test_unknown_port_setting },
	{ "bad role", test_bad_role },
	{ "missing device / ports", test_missing_device },
	{ "duplicate port names", test_duplicate_port_names },
	{ "bad address", test_bad_address },
	{ "bad MAC", test_bad_mac },
	{ "route without via/port/blackhole", test_route_without_target },
	{ "route via of the other family", test_route_via_family },
	{ "neighbor errors", test_neighbor_unknown_port },
	{ "tenant errors", test_unknown_service },
	{ "nat instances and logging", test_nat_errors },
	{ "nat static rules", test_nat_static_errors },
	{ "nat deterministic mode", test_nat_det_errors },
	{ "nat shared pools", test_nat_shared_errors },
	{ "dhcp", test_dhcp_errors },
	{ "subscriber VLAN ranges", test_vlan_ranges },
	{ "pppoe", test_pppoe_errors },
	{ "undefined tenant", test_undefined_tenant },
	{ "sessions.max_v6 > max", test_sessions_max_v6 },
	{ "integers out of range", test_out_of_range },
	{ "syntax errors", test_syntax_error },
	{ "several errors", test_several_errors },
	{ "missing file", test_missing_file },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo valid_tests[] = {
	{ "built-in configuration", test_builtin_config },
	{ "minimal and full configurations", test_minimal_config },
	{ "nat logging", test_nat_logging },
	{ "nat static rules", test_nat_static },
	{ "nat deterministic mode", test_nat_det },
	{ "nat shared pools", test_nat_shared },
	{ "prefix parsing", test_prefix_parse },
	{ "pppoe mss_clamp, ipv6", test_pppoe_flags },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	if (bng_test_add_suite("config: refused", refused_tests) != 0 ||
	    bng_test_add_suite("config: valid", valid_tests) != 0)
		return -1;
	return 0;
}
