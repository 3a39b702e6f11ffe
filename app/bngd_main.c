/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * bngd: configuration, EAL, ports, workers, then the management loop on the
 * main lcore until SIGINT/SIGTERM, then an orderly stop with final counters.
 *
 * EAL arguments come from the command line after "--" when given, otherwise
 * from the configuration's eal.args. Port devices are always taken from the
 * configuration and added to the EAL arguments (--vdev for virtual devices,
 * -a for PCI addresses).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_pdump.h>
#include <rte_rcu_qsbr.h>
#include <rte_version.h>

#include "bng_log.h"
#include "bngd.h"
#include "bngd_acl.h"
#include "bngd_console.h"
#include "bngd_dhcp.h"
#include "bngd_host.h"
#include "bngd_pppoe.h"
#include "bngd_screen_rate.h"
#include "bngd_qos.h"
#include "bngd_mgmt.h"
#include "bngd_neigh.h"
#include "bngd_services.h"
#include "bngd_vfrag.h"

static struct bngd *sig_app; /* the signal handler's only way to the context */

static void
on_signal(int sig)
{
	(void)sig;
	if (sig_app != NULL)
		sig_app->stop = 1;
}

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: bngd [-c FILE] [--check-config] [--stats SECS] [--exit-idle MS] [-- EAL-ARGS]\n"
		"  -c, --config FILE   configuration (default: the built-in one, a copy of conf/bngd.conf)\n"
		"  --check-config      validate the configuration and exit (0 = valid)\n"
		"  --print-config      print the built-in configuration and exit\n"
		"  --stats SECS        print a STATS line (Mpps, cycles/packet) every SECS seconds\n"
		"  --exit-idle MS      stop once no packet has moved for MS milliseconds (replays, tests)\n"
		"  --console PATH      console socket (overrides console.socket; \"none\": no console)\n"
		"  --metrics ADDR:PORT metrics endpoint (overrides metrics.listen; \"none\": off)\n"
		"  -v, --version       print the version\n"
		"EAL arguments after \"--\" replace the configuration's eal.args.\n");
}

static int
is_pci_addr(const char *dev)
{
	unsigned int d, b, s, f;
	char tail;

	return sscanf(dev, "%x:%x:%x.%x%c", &d, &b, &s, &f, &tail) == 4 ||
	       sscanf(dev, "%x:%x:%x.%x,%c", &d, &b, &s, &f, &tail) == 5 ||
	       sscanf(dev, "%x:%x.%x%c", &b, &s, &f, &tail) == 3;
}

/* argv for rte_eal_init(): program name, EAL args, then the port devices. */
static int
build_eal_argv(const struct bngd_config *cfg, char *prog, int argc, char **argv, char **out,
	       int max)
{
	int n = 0;

	out[n++] = prog;
	if (argc > 0) {
		for (int i = 0; i < argc && n < max - 1; i++)
			out[n++] = argv[i];
	} else {
		for (int i = 0; i < cfg->n_eal && n < max - 1; i++)
			out[n++] = cfg->eal[i];
	}
	for (uint32_t i = 0; i < cfg->n_ports && n < max - 2; i++) {
		const char *dev = cfg->ports[i].device;
		size_t len = strlen(dev) + 8;
		char *a = malloc(len);

		if (a == NULL)
			return -1;
		if (is_pci_addr(dev)) {
			out[n++] = strdup("-a");
			snprintf(a, len, "%s", dev);
		} else {
			snprintf(a, len, "--vdev=%s", dev);
		}
		out[n++] = a;
	}
	out[n] = NULL;
	return n;
}

static struct rte_ring *
ring(const char *kind, uint16_t w, uint32_t size, int socket, unsigned int flags)
{
	char name[RTE_RING_NAMESIZE];

	snprintf(name, sizeof(name), "%s_%u", kind, w);
	return rte_ring_create(name, rte_align32pow2(size), socket, flags);
}

static int
workers_create(struct bngd *app)
{
	const struct bngd_config *cfg = app->cfg;
	unsigned int lcore;
	uint16_t w = 0, nq = 0;

	RTE_LCORE_FOREACH_WORKER(lcore) {
		int socket = (int)rte_lcore_to_socket_id(lcore);
		struct bngd_worker *wk;
		char name[32];

		wk = rte_zmalloc_socket("bngd_worker", sizeof(*wk), RTE_CACHE_LINE_SIZE, socket);
		if (wk == NULL)
			goto nomem;
		app->workers[w] = wk;
		wk->idx = w;
		wk->lcore = lcore;
		wk->app = app;
		snprintf(name, sizeof(name), "sess%u", w);
		wk->sess = sess_table_create(name, socket, &cfg->sess, &app->chain);
		if (wk->sess == NULL) {
			fprintf(stderr, "worker %u: session table (%u sessions): %s\n", w,
				cfg->sess.max_sessions, rte_strerror(rte_errno));
			return -1;
		}
		wk->sess->worker = w;
		sess_table_set_svc_arg(wk->sess, (unsigned int)sess_chain_find(&app->chain, "forward"),
				       app->fib);
		if (app->nat != NULL) {
			wk->nat = nat_worker_create(app->nat, w, socket);
			if (wk->nat == NULL) {
				fprintf(stderr, "worker %u: NAT state (nat.max_subscribers, "
					"nat.max_mappings): %s\n", w, rte_strerror(rte_errno));
				return -1;
			}
			sess_table_set_svc_arg(wk->sess,
					       (unsigned int)sess_chain_find(&app->chain, "nat"),
					       wk->nat);
			wk->nat_st = nat_worker_counters(wk->nat);
		}
		wk->handoff = ring("handoff", w, cfg->handoff_ring, socket, RING_F_SC_DEQ);
		wk->punt = ring("punt", w, cfg->punt_ring, socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
		wk->req = ring("req", w, 16, socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
		wk->inject = ring("inject", w, 1024, socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
		wk->trace = rte_zmalloc_socket("bngd_trace", sizeof(*wk->trace), RTE_CACHE_LINE_SIZE,
					       socket);
		/* Reassembly: flows/4 buckets of 16 entries hold every flow
		 * with room for collisions; entries older than the timeout go. */
		wk->sub_ctr = rte_zmalloc_socket("bngd_sub_ctr", cfg->fib.max_nh * sizeof(*wk->sub_ctr),
						 RTE_CACHE_LINE_SIZE, socket);
		wk->frag_tbl = rte_ip_frag_table_create(RTE_MAX(cfg->ip.reass_flows / 4, 16u), 16,
							cfg->ip.reass_flows,
							app->tsc_hz / 1000 * cfg->ip.reass_timeout_ms,
							socket);
		if (app->nat != NULL)
			wk->vfrag = bngd_vfrag_create(w, cfg->ip.reass_flows, cfg->ip.reass_timeout_ms,
						      socket);
		if (wk->handoff == NULL || wk->punt == NULL || wk->req == NULL || wk->inject == NULL ||
		    wk->trace == NULL || wk->sub_ctr == NULL ||
		    wk->frag_tbl == NULL || (app->nat != NULL && wk->vfrag == NULL))
			goto nomem;
		app->trace[w] = wk->trace;
		w++;
	}
	app->n_workers = w;
	/* Workers report quiescent states so the management lcore may
	 * change the FIB under them (learned neighbours and subscribers). */
	app->rcu = rte_zmalloc("bngd_rcu", rte_rcu_qsbr_get_memsize(w), RTE_CACHE_LINE_SIZE);
	if (app->rcu == NULL || rte_rcu_qsbr_init(app->rcu, w) != 0)
		goto nomem;
	for (uint16_t i = 0; i < w; i++)
		rte_rcu_qsbr_thread_register(app->rcu, i);
	return 0;
	(void)nq;
nomem:
	fprintf(stderr, "out of memory creating workers (raise EAL -m)\n");
	return -1;
}

/* Spread every (port, RX queue) over the workers, round robin. */
static void
assign_queues(struct bngd *app)
{
	uint32_t k = 0;

	for (uint16_t i = 0; i < app->n_ports; i++)
		for (uint16_t q = 0; q < app->ports[i].n_rxq; q++, k++) {
			struct bngd_worker *wk = app->workers[k % app->n_workers];
			struct bngd_rxq *rq;

			if (wk->n_rxq == BNGD_MAX_RXQ)
				continue;
			rq = &wk->rxq[wk->n_rxq++];
			rq->port = app->ports[i].id;
			rq->queue = q;
			rq->role = app->ports[i].cfg->role;
			rq->tenant = app->ports[i].cfg->tenant;
			rq->antispoof = app->ports[i].cfg->anti_spoofing &&
					rq->role == BNG_ROLE_ACCESS;
			rq->vlans = app->ports[i].cfg->vlan_ranges ? &app->ports[i].cfg->vlans : NULL;
		}
}

static int
chain_setup(struct bngd *app)
{
	const struct bngd_config *cfg = app->cfg;

	sess_chain_init(&app->chain);
	for (unsigned int i = 0; i < bngd_services_count(); i++)
		if (sess_chain_register(&app->chain, bngd_service_at(i)) != 0)
			return -1;
	sess_chain_seal(&app->chain);
	app->fast_services = (uint16_t)(1u << sess_chain_find(&app->chain, "forward") |
					1u << sess_chain_find(&app->chain, "counters"));
	app->nat_fast_services = (uint16_t)(app->fast_services |
					    1u << sess_chain_find(&app->chain, "nat"));
	for (uint32_t i = 0; i < cfg->n_tenants; i++) {
		const struct bngd_tenant_cfg *t = &cfg->tenants[i];
		const char *names[16];
		unsigned int bad;

		for (uint32_t j = 0; j < t->n_services; j++)
			names[j] = t->services[j];
		if (sess_chain_bitmap(&app->chain, names, t->n_services,
				      &app->tenant_services[t->id], &bad) != 0) {
			fprintf(stderr, "%s:%d: tenants: unknown service \"%s\"\n", cfg->source,
				t->line, names[bad]);
			return -1;
		}
	}
	/* Sessions the outside starts through an instance run the services of
	 * the first tenant it translates. */
	for (uint32_t i = cfg->n_tenants; i-- > 0;) {
		uint16_t inst = cfg->nat.tenant_instance[cfg->tenants[i].id];

		if (inst != NAT_NONE)
			app->nat_services[inst] = app->tenant_services[cfg->tenants[i].id];
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "print-config", no_argument, NULL, 'P' },
		{ "stats", required_argument, NULL, 's' },
		{ "exit-idle", required_argument, NULL, 'i' },
		{ "console", required_argument, NULL, 'S' },
		{ "metrics", required_argument, NULL, 'M' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct bngd_config cfg;
	const char *conf_path = NULL, *console_opt = NULL, *metrics_opt = NULL;
	char err[256];
	int check_only = 0, opt, rc, eal_argc;
	double stats_s = 0;
	uint32_t exit_idle = 0;
	char *eal_argv[BNGD_MAX_EAL_ARGS + 2 * BNGD_MAX_PORTS + 2];
	struct bngd *app;
	unsigned int lcore;

	while ((opt = getopt_long(argc, argv, "c:vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			conf_path = optarg;
			break;
		case 'C':
			check_only = 1;
			break;
		case 'P':
			fputs(bngd_builtin_config, stdout);
			return 0;
		case 's':
			stats_s = atof(optarg);
			if (stats_s <= 0) {
				fprintf(stderr, "bngd: --stats wants a positive number of seconds\n");
				return 2;
			}
			break;
		case 'i':
			exit_idle = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'S':
			console_opt = optarg;
			break;
		case 'M':
			metrics_opt = optarg;
			break;
		case 'v':
			printf("bngd %s (%s)\n", BNG_VERSION, rte_version());
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	rc = conf_path ? bngd_config_load(conf_path, &cfg, stderr) :
			 bngd_config_load_string(bngd_builtin_config, "<built-in>", &cfg, stderr);
	if (rc != 0) {
		fprintf(stderr, "bngd: %d error%s in %s\n", rc, rc > 1 ? "s" : "", cfg.source);
		return 1;
	}
	if (console_opt != NULL)
		snprintf(cfg.console_socket, sizeof(cfg.console_socket), "%s",
			 strcmp(console_opt, "none") == 0 ? "" : console_opt);
	if (metrics_opt != NULL)
		snprintf(cfg.metrics_listen, sizeof(cfg.metrics_listen), "%s",
			 strcmp(metrics_opt, "none") == 0 ? "" : metrics_opt);
	if (check_only) {
		printf("%s: valid (%u ports, %u tenants, %u routes, %u neighbors)\n", cfg.source,
		       cfg.n_ports, cfg.n_tenants, cfg.n_routes, cfg.n_neigh);
		return 0;
	}

	eal_argc = build_eal_argv(&cfg, argv[0], argc - optind, argv + optind, eal_argv,
				  (int)RTE_DIM(eal_argv));
	if (eal_argc < 0 || rte_eal_init(eal_argc, eal_argv) < 0) {
		fprintf(stderr, "bngd: EAL initialisation failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	bng_log_init();
	if (rte_lcore_count() < 2) {
		fprintf(stderr, "bngd: needs at least two lcores (EAL -l 0-1): the main lcore "
			"manages, the others forward\n");
		rte_eal_cleanup();
		return 1;
	}
	app = rte_zmalloc("bngd", sizeof(*app), RTE_CACHE_LINE_SIZE);
	if (app == NULL)
		goto fail;
	app->cfg = &cfg;
	app->tsc_hz = rte_get_tsc_hz();
	app->burst = cfg.burst;
	app->punt_rate = cfg.punt_rate;
	app->punt_burst = cfg.punt_burst;
	app->drain_tsc = app->tsc_hz * cfg.tx_drain_us / 1000000;
	app->idle_sleep_us = cfg.idle_sleep_us;
	app->pool = rte_pktmbuf_pool_create("bng_mbuf", cfg.mbufs, cfg.mbuf_cache,
					    BNG_MBUF_PRIV_SIZE, (uint16_t)cfg.mbuf_data_room,
					    (int)rte_socket_id());
	if (app->pool == NULL) {
		fprintf(stderr, "bngd: mbuf pool of %u x %u bytes: %s (lower dataplane.mbufs or "
			"raise EAL -m)\n", cfg.mbufs, cfg.mbuf_data_room, rte_strerror(rte_errno));
		goto fail;
	}
	/* Fragments reference their datagram's data through indirect mbufs. */
	app->indirect = rte_pktmbuf_pool_create("bng_indirect", cfg.mbufs / 2, cfg.mbuf_cache, 0, 0,
						(int)rte_socket_id());
	if (app->indirect == NULL) {
		fprintf(stderr, "bngd: indirect mbuf pool: %s\n", rte_strerror(rte_errno));
		goto fail;
	}
	app->fib = fib_create("fib", (int)rte_socket_id(), &cfg.fib);
	if (cfg.nat.n_instances &&
	    (app->nat = nat_create(&cfg.nat, (uint16_t)(rte_lcore_count() - 1),
				   (int)rte_socket_id())) == NULL) {
		fprintf(stderr, "bngd: NAT: %s\n", rte_strerror(rte_errno));
		goto fail;
	}
	if (app->fib == NULL || chain_setup(app) != 0 || workers_create(app) != 0 ||
	    bngd_screen_rate_setup(app) != 0 ||
	    bngd_ports_setup(app) != 0 || bngd_fib_setup(app) != 0 ||
	    bngd_qos_setup(app) != 0)
		goto fail;
	if (fib_rcu_attach(app->fib, app->rcu) != 0) {
		fprintf(stderr, "bngd: FIB: out of memory\n");
		goto fail;
	}
	if (bngd_acl_setup(app) != 0)
		goto fail;
	assign_queues(app);
	app->mgmt = calloc(1, sizeof(*app->mgmt));
	if (app->mgmt == NULL || bngd_cli_setup(app) != 0 || bngd_neigh_setup(app) != 0 ||
	    bngd_dhcp_setup(app) != 0 || bngd_host_setup(app) != 0 || bngd_pppoe_setup(app) != 0)
		goto fail;
	if (app->nat != NULL && cfg.nat.log.format != NAT_LOG_OFF) {
		app->mgmt->nat_log = nat_log_create(app->nat, app->mgmt->nat_workers, app->n_workers);
		if (app->mgmt->nat_log == NULL) {
			fprintf(stderr, "bngd: nat.logging.collector: %s\n", rte_strerror(rte_errno));
			goto fail;
		}
		app->mgmt->nat_cli.log = app->mgmt->nat_log;
	}
	if (cfg.console_socket[0] &&
	    (app->mgmt->console = bngd_console_create(cfg.console_socket, cfg.console_mode,
						       &app->mgmt->cli, err, sizeof(err))) == NULL) {
		fprintf(stderr, "bngd: %s\n", err);
		goto fail;
	}
	if (cfg.metrics_listen[0] &&
	    (app->mgmt->metrics = bngd_metrics_create(app, cfg.metrics_listen, err,
						      sizeof(err))) == NULL) {
		fprintf(stderr, "bngd: %s\n", err);
		goto fail;
	}
	/* Lets dpdk-pdump / dpdk-dumpcap (secondary processes) capture. */
	if (rte_pdump_init() != 0)
		BNG_LOG(WARNING, app, "packet capture unavailable: %s", rte_strerror(rte_errno));

	sig_app = app;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("bngd %s: %u ports, %u workers, %u sessions per worker; console %s, metrics %s\n",
	       BNG_VERSION, app->n_ports, app->n_workers, cfg.sess.max_sessions,
	       cfg.console_socket[0] ? cfg.console_socket : "off",
	       cfg.metrics_listen[0] ? cfg.metrics_listen : "off");
	fflush(stdout);
	app->start_tsc = rte_rdtsc();
	for (uint16_t w = 0; w < app->n_workers; w++)
		rte_eal_remote_launch(bngd_worker_main, app->workers[w], app->workers[w]->lcore);
	bngd_mgmt_loop(app, stats_s, exit_idle);
	RTE_LCORE_FOREACH_WORKER(lcore)
		rte_eal_wait_lcore(lcore);
	bngd_print_summary(app, stdout);
	bngd_pppoe_free(app);
	bngd_host_free(app);
	bngd_dhcp_free(app);
	bngd_neigh_free(app);
	nat_log_free(app->mgmt->nat_log);
	bngd_console_free(app->mgmt->console);
	bngd_metrics_free(app->mgmt->metrics);
	bngd_acl_free(app);
	rte_pdump_uninit();
	bngd_ports_close(app);
	rte_eal_cleanup();
	bngd_config_release(&cfg);
	return 0;
fail:
	if (app != NULL) {
		app->stop = 1;
		if (app->mgmt != NULL) {
			nat_log_free(app->mgmt->nat_log);
			bngd_console_free(app->mgmt->console);
			bngd_metrics_free(app->mgmt->metrics);
		}
		bngd_ports_close(app);
	}
	rte_eal_cleanup();
	return 1;
}
