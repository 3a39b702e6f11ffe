/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * aaa: RADIUS authentication (RFC 2865) and accounting (RFC 2866) of PPPoE
 * sessions, through radcli, for a caller that must never block: bngd's
 * management lcore. radcli's exchanges block for up to n_servers x retries x
 * timeout, so they run on one thread this library owns. The caller submits
 * requests (aaa_auth_pap(), aaa_auth_chap(), aaa_acct()), each tagged with an
 * opaque 64-bit value, and collects the results with aaa_poll() in its loop.
 *
 * Concurrency: exactly one caller thread (the one that creates, submits,
 * polls, reads the counters and frees) and the library's RADIUS thread.
 * Requests live in a fixed array of slots sized at creation; the caller takes
 * a free slot from a stack only it touches, fills it and hands it over an
 * SP/SC rte_ring; the RADIUS thread hands it back, answered, over a second
 * SP/SC ring. No lock or mutex anywhere: submission and aaa_poll() are O(1)
 * per request, lock-free, and never wait. When the RADIUS thread is asleep a
 * submission also writes an eventfd to wake it: a system call, but one that
 * cannot block (EFD_NONBLOCK). A slot returns to the free stack
 * only when aaa_poll() hands its result over, so a caller that stops polling
 * sees its submissions refused (-ENOBUFS, counted) rather than lost.
 *
 * Servers are tried in order: each gets retries transmissions timeout apart
 * (radcli counts whole seconds: timeout_ms is rounded up), then the next one;
 * when none answers the result is AAA_RES_NO_SERVER (auth) or
 * AAA_RES_ACCT_NO_SERVER.
 */
#ifndef AAA_H
#define AAA_H

#include <stdint.h>

#include <rte_ether.h>

/* --- Limits ------------------------------------------------------------------ */

#define AAA_NAME_MAX        16   /**< instance name, NUL included */
#define AAA_MAX_SERVERS     4
#define AAA_MAX_THREADS     16
#define AAA_HOST_MAX        64   /**< server address or name, NUL included */
#define AAA_SECRET_MAX      64   /**< shared secret, NUL included */
#define AAA_NAS_ID_MAX      64   /**< NAS-Identifier, NUL included */
#define AAA_PATH_MAX        128  /**< dictionary path, NUL included */
#define AAA_USER_MAX        253  /**< User-Name, NUL not included (RFC 2865 5) */
#define AAA_PASS_MAX        112  /**< PAP password: radcli's AUTH_PASS_LEN */
#define AAA_CHAP_LEN        16   /**< CHAP-MD5 challenge and response */
#define AAA_SESSION_ID_MAX  64   /**< Acct-Session-Id, NUL not included */
#define AAA_STRING_MAX      253  /**< Filter-Id, Reply-Message, NUL not included */
#define AAA_QUEUE_MAX       65536

#define AAA_AUTH_PORT 1812
#define AAA_ACCT_PORT 1813

/** RFC 2865 5.41 NAS-Port-Type values we send. */
#define AAA_PORT_TYPE_VIRTUAL  5
#define AAA_PORT_TYPE_ETHERNET 15

/* --- Results ----------------------------------------------------------------- */

/* _(ENUM_SUFFIX, "metric_name", "human explanation"): what became of a request. */
#define AAA_FOREACH_RESULT(_)                                                       \
	_(ACCEPT, "accept", "authentication accepted (Access-Accept)")              \
	_(REJECT, "reject", "authentication refused (Access-Reject, or an Access-Challenge PAP and CHAP cannot answer)") \
	_(NO_SERVER, "no_server", "authentication: no server answered in retries x timeout each") \
	_(AUTH_ERROR, "auth_error", "authentication: an answer that failed its checks (wrong secret?), or a request radcli could not build or send") \
	_(ACCT_OK, "acct_ok", "accounting acknowledged (Accounting-Response)")      \
	_(ACCT_NO_SERVER, "acct_no_server", "accounting: no server answered in retries x timeout each") \
	_(ACCT_ERROR, "acct_error", "accounting: an answer that failed its checks, or a request radcli could not build or send")

enum aaa_result_kind {
#define AAA_RESULT_ENUM(e, n, h) AAA_RES_##e,
	AAA_FOREACH_RESULT(AAA_RESULT_ENUM)
#undef AAA_RESULT_ENUM
	AAA_RES_MAX
};

/** Metric-style name of a result kind ("no_server"); "?" out of range. */
const char *aaa_result_name(unsigned int kind);
/** One-line explanation of a result kind. */
const char *aaa_result_help(unsigned int kind);

/** What aaa_poll() hands back, one per request submitted. */
struct aaa_result {
	uint64_t tag;              /**< the submission's tag */
	uint8_t kind;              /**< enum aaa_result_kind */
	uint8_t request;           /**< enum aaa_request of the submission */
	/** From the Access-Accept (0: absent). Framed-IP-Address in network
	 * order; times in seconds. interim_interval is the server's
	 * Acct-Interim-Interval, or the configured default when it sent none. */
	uint32_t framed_ip;
	uint32_t session_timeout;
	uint32_t idle_timeout;
	uint32_t interim_interval;
	uint32_t latency_us;       /**< from submission to answer (or give-up) */
	char filter_id[AAA_STRING_MAX + 1];     /**< "" when absent */
	/** Reply-Message(s) of an Accept or Reject, joined by '\n'; "" when none. */
	char reply_message[AAA_STRING_MAX + 1];
};

/* --- Counters ------------------------------------------------------------------ */

/* Every counter is written by the caller's thread only (submissions, and
 * results as aaa_poll() hands them over), so reading them needs no care. */
#define AAA_FOREACH_STAT(_)                                                         \
	_(requests, "requests queued (authentication and accounting)")              \
	_(auth_requests, "Access-Requests queued (PAP and CHAP)")                   \
	_(acct_requests, "Accounting-Requests queued")                              \
	_(accepts, "Access-Accept received")                                       \
	_(rejects, "Access-Reject (or Access-Challenge) received")                  \
	_(timeouts, "requests no server answered (authentication and accounting)")  \
	_(errors, "requests that failed otherwise: bad answer, unresolvable server") \
	_(acct_ok, "Accounting-Response received")                                  \
	_(acct_failed, "Accounting-Requests without a valid Accounting-Response")   \
	_(queue_full, "submissions refused: every slot in flight or awaiting aaa_poll") \
	_(unknown_users, "local users: authentications of a name not in the list")  \
	_(invalid, "submissions refused: bad arguments (too long, missing)")        \
	_(completions, "results handed over by aaa_poll")

struct aaa_stats {
#define AAA_STAT_FIELD(n, h) uint64_t n;
	AAA_FOREACH_STAT(AAA_STAT_FIELD)
#undef AAA_STAT_FIELD
};

#define AAA_STATS (sizeof(struct aaa_stats) / sizeof(uint64_t))

/** Name / explanation of the i-th counter of struct aaa_stats. */
const char *aaa_stat_name(unsigned int i);
const char *aaa_stat_help(unsigned int i);

/* --- Configuration ---------------------------------------------------------------- */

struct aaa_server {
	char host[AAA_HOST_MAX];     /**< IPv4 or IPv6 literal, or a name */
	uint16_t auth_port;          /**< (1812) */
	uint16_t acct_port;          /**< (1813); 0: not an accounting server */
	/** Shared secret: no ',', space or tab (radcli's server list syntax).
	 * radcli finds a server's secret by its host, so servers whose hosts
	 * are equal (or one a prefix of the other) must share the secret. */
	char secret[AAA_SECRET_MAX];
};

/** A local user, checked by lib/aaa itself when no server is configured. */
struct aaa_local_user {
	char name[AAA_USER_MAX + 1];
	char password[AAA_PASS_MAX + 1]; /**< PAP password, and CHAP secret */
	uint32_t framed_ip;              /**< network order; 0: the caller's choice */
	char filter_id[64];              /**< Filter-Id of its Accept (a QoS profile); "": none */
};

struct aaa_config {
	/** 0..AAA_MAX_SERVERS, tried in order. None: local users only
	 * (n_users of them): answers come from the list, at once (through
	 * aaa_poll() all the same), there is no thread and no accounting. */
	uint8_t n_servers;
	struct aaa_server servers[AAA_MAX_SERVERS];
	uint32_t timeout_ms;         /**< per transmission; whole seconds in fact (3000) */
	uint8_t retries;             /**< transmissions per server, 1..10 (3) */
	char nas_identifier[AAA_NAS_ID_MAX]; /**< NAS-Identifier; "": not sent ("bng") */
	/** NAS-IP-Address, network order; 0: radcli sends the address the
	 * request leaves from. */
	uint32_t nas_ip;
	uint8_t nas_port_type;       /**< AAA_PORT_TYPE_VIRTUAL (default) or _ETHERNET */
	/** Acct-Interim-Interval, seconds, reported in results of an Accept
	 * that carries none; 0: no interim accounting (0). */
	uint32_t interim_interval;
	uint32_t queue_size;         /**< requests outstanding, power of 2, 1..65536 (1024) */
	/** RADIUS exchanges under way at once: threads, each with its own
	 * radcli handle, 1..AAA_MAX_THREADS (4). A session's requests (by
	 * aaa_session.nas_port) always go to the same thread, so its
	 * accounting Start, Interim-Updates and Stop leave in order. */
	uint8_t threads;
	char dictionary[AAA_PATH_MAX]; /**< radcli dictionary ("/etc/radcli/dictionary") */
	uint32_t n_users;            /**< local users (servers: none), 1..AAA_MAX_USERS */
	const struct aaa_local_user *users; /**< copied by aaa_create() */
};

#define AAA_MAX_USERS (1u << 20)

/** Fill @p c with the defaults shown in parentheses above, and no server. */
void aaa_config_defaults(struct aaa_config *c);

/* --- Lifecycle ---------------------------------------------------------------------- */

struct aaa;

/**
 * Build the radcli handle in memory (no configuration file), load the
 * dictionary, allocate the slots and rings, and start the RADIUS thread
 * (a DPDK control thread, off the lcores' CPUs).
 * @return it, or NULL with rte_errno EINVAL (no server, a setting out of
 *         range, an unterminated or unusable string, servers sharing a host
 *         with different secrets), ENOENT (dictionary unreadable), EEXIST
 *         (name in use), ENOMEM, or the thread's creation error.
 */
struct aaa *aaa_create(const char *name, int socket_id, const struct aaa_config *cfg);

/**
 * Stop the RADIUS thread and free everything; NULL is a no-op. Waits for the
 * exchange in progress, if any (at most n_servers x retries x timeout);
 * requests not yet started and results not yet polled are dropped.
 */
void aaa_free(struct aaa *a);

/* --- Requests ------------------------------------------------------------------------- */

enum aaa_request {
	AAA_REQ_PAP = 1,
	AAA_REQ_CHAP,
	AAA_REQ_ACCT_START,
	AAA_REQ_ACCT_INTERIM,
	AAA_REQ_ACCT_STOP,
};

/** Accounting kinds (Acct-Status-Type, RFC 2866 5.1). */
enum aaa_acct_type {
	AAA_ACCT_START = 1,
	AAA_ACCT_STOP = 2,
	AAA_ACCT_INTERIM = 3,
};

/** The session a request is about, sent with every request. */
struct aaa_session {
	uint32_t nas_port;           /**< NAS-Port: the session's id (or handle) */
	struct rte_ether_addr mac;   /**< Calling-Station-Id, as "AA-BB-CC-DD-EE-FF" */
};

/** What an Accounting-Request reports. */
struct aaa_acct_data {
	const char *session_id;      /**< Acct-Session-Id, 1..AAA_SESSION_ID_MAX chars */
	uint32_t framed_ip;          /**< Framed-IP-Address, network order; 0: not sent */
	/** Counts since the session began; above 32 bits the Gigawords
	 * attributes carry the high part (RFC 2869 5.1, 5.2). */
	uint64_t in_octets, out_octets;
	uint32_t in_packets, out_packets;
	uint32_t session_time;       /**< Acct-Session-Time, s (INTERIM, STOP) */
	uint32_t terminate_cause;    /**< Acct-Terminate-Cause (STOP; 0: not sent) */
};

/**
 * Queue a PAP authentication of @p user with @p password.
 * @return 0, -EINVAL (NULL argument, empty or too long @p user, @p password
 *         longer than AAA_PASS_MAX; counted as invalid), -ENOBUFS (every
 *         slot outstanding; counted as queue_full).
 */
int aaa_auth_pap(struct aaa *a, uint64_t tag, const char *user, const char *password,
		 const struct aaa_session *s);

/**
 * Queue a CHAP-MD5 authentication: the server checks @p response against
 * MD5(@p chap_id || secret || @p challenge) (RFC 1994), sent as
 * CHAP-Password and CHAP-Challenge.
 * @return as aaa_auth_pap().
 */
int aaa_auth_chap(struct aaa *a, uint64_t tag, const char *user, uint8_t chap_id,
		  const uint8_t challenge[AAA_CHAP_LEN], const uint8_t response[AAA_CHAP_LEN],
		  const struct aaa_session *s);

/**
 * Queue an Accounting-Request of @p type for @p user.
 * @return 0, -EINVAL (NULL argument, unknown @p type, user or session id
 *         empty or too long), -ENOTSUP (no server has an acct_port),
 *         -ENOBUFS (every slot outstanding).
 */
int aaa_acct(struct aaa *a, uint64_t tag, enum aaa_acct_type type, const char *user,
	     const struct aaa_acct_data *d, const struct aaa_session *s);

/* --- Completions ------------------------------------------------------------------------ */

/**
 * Copy up to @p max finished requests' results into @p out, oldest first,
 * and free their slots. Never waits.
 * @return how many (0 when none is ready), or -EINVAL (@p a or @p out NULL).
 */
int aaa_poll(struct aaa *a, struct aaa_result *out, unsigned int max);

/** Requests submitted whose result aaa_poll() has not handed over yet. */
unsigned int aaa_pending(const struct aaa *a);

/** Requests that may be outstanding at once (the configured queue_size). */
unsigned int aaa_queue_size(const struct aaa *a);

/** The counters. */
const struct aaa_stats *aaa_stats_get(const struct aaa *a);

#endif /* AAA_H */
