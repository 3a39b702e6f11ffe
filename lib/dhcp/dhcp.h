/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * DHCPv4 server core (RFC 2131, 2132, 3046) for the management lcore: a
 * codec for BOOTP/DHCP messages (UDP payloads), the server state machine
 * (DISCOVER/OFFER, REQUEST in every client state, DECLINE, RELEASE,
 * INFORM), address pools with exclusions and static reservations, a lease
 * table keyed by client and by address, and an append-only lease file that
 * makes every lease durable before its ACK is handed back, so a bngd killed
 * at any moment restarts with every lease a client may hold.
 *
 * No packet I/O: the caller hands in UDP payloads with where they came from
 * (struct dhcp_rx_meta) and gets back the reply bytes with where they must
 * go (struct dhcp_reply). Addresses are in network order everywhere; times
 * are wall-clock milliseconds since the Unix epoch (dhcp_clock_ms()),
 * because leases outlive the process and the lease file holds absolute
 * times. One server is used by one thread; nothing here is thread-safe.
 */
#ifndef DHCP_H
#define DHCP_H

#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>

/* --- Protocol constants ---------------------------------------------------- */

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define DHCP_FIXED_LEN   236  /**< BOOTP header up to the vendor area */
#define DHCP_MIN_LEN     240  /**< fixed part and magic cookie */
#define DHCP_BOOTP_MIN   300  /**< smallest BOOTP message (RFC 951): replies are padded to it */
#define DHCP_MAGIC       0x63825363u
#define DHCP_FLAG_BROADCAST 0x8000u
#define DHCP_OP_REQUEST  1
#define DHCP_OP_REPLY    2
#define DHCP_HTYPE_ETHER 1

/** Options the codec reads or writes (RFC 2132, RFC 3046). */
enum dhcp_option {
	DHCP_OPT_PAD = 0,
	DHCP_OPT_SUBNET_MASK = 1,
	DHCP_OPT_ROUTER = 3,
	DHCP_OPT_DNS = 6,
	DHCP_OPT_HOSTNAME = 12,
	DHCP_OPT_DOMAIN = 15,
	DHCP_OPT_REQUESTED_IP = 50,
	DHCP_OPT_LEASE_TIME = 51,
	DHCP_OPT_OVERLOAD = 52,
	DHCP_OPT_MSG_TYPE = 53,
	DHCP_OPT_SERVER_ID = 54,
	DHCP_OPT_PARAM_LIST = 55,
	DHCP_OPT_MESSAGE = 56,
	DHCP_OPT_MAX_MSG_SIZE = 57,
	DHCP_OPT_T1 = 58,
	DHCP_OPT_T2 = 59,
	DHCP_OPT_CLIENT_ID = 61,
	DHCP_OPT_AGENT_INFO = 82,
	DHCP_OPT_END = 255,
};

#define DHCP_AGENT_CIRCUIT_ID 1 /**< option 82 sub-option */
#define DHCP_AGENT_REMOTE_ID  2

/* _(ENUM_SUFFIX, value, "name") */
#define DHCP_FOREACH_TYPE(_)            \
	_(DISCOVER, 1, "discover")      \
	_(OFFER, 2, "offer")            \
	_(REQUEST, 3, "request")        \
	_(DECLINE, 4, "decline")        \
	_(ACK, 5, "ack")                \
	_(NAK, 6, "nak")                \
	_(RELEASE, 7, "release")        \
	_(INFORM, 8, "inform")

enum dhcp_msg_type {
#define DHCP_TYPE_ENUM(e, v, n) DHCP_##e = v,
	DHCP_FOREACH_TYPE(DHCP_TYPE_ENUM)
#undef DHCP_TYPE_ENUM
	DHCP_TYPE_MAX /**< one past the last type: counters are indexed by type */
};

/** Name of a message type ("discover"); "?" when unknown. */
const char *dhcp_msg_type_name(unsigned int type);

/* --- Codec ------------------------------------------------------------------ */

/* Every way a message can be malformed. _(ENUM_SUFFIX, "name", "explanation") */
#define DHCP_FOREACH_ERR(_)                                                            \
	_(NONE, "none", "well formed")                                                 \
	_(SHORT, "short_message", "shorter than the BOOTP header and magic cookie")     \
	_(BAD_OP, "bad_op", "op is neither BOOTREQUEST nor BOOTREPLY")                \
	_(BAD_HTYPE, "bad_htype", "hardware type is not Ethernet")                    \
	_(BAD_HLEN, "bad_hlen", "hardware address length is not 6")                   \
	_(BAD_COOKIE, "bad_magic_cookie", "vendor area does not start with the DHCP magic cookie") \
	_(OPT_TRUNC, "truncated_option", "option code with no length octet before the end of its field") \
	_(OPT_OVERFLOW, "option_overflow", "option length runs past the end of its field") \
	_(NO_END, "missing_end", "options field not terminated by an end option")      \
	_(NO_TYPE, "missing_message_type", "no DHCP message type option (plain BOOTP)") \
	_(BAD_TYPE, "unknown_message_type", "message type outside 1..8")              \
	_(DUP_OPTION, "duplicate_option", "an option the server reads appears twice") \
	_(BAD_OPT_LEN, "bad_option_length", "an option the server reads has the wrong length or value") \
	_(BAD_AGENT, "bad_relay_agent_info", "relay agent information sub-options malformed") \
	_(BAD_OVERLOAD, "bad_overload", "option overload value invalid or outside the options field")

enum dhcp_err {
#define DHCP_ERR_ENUM(e, n, h) DHCP_ERR_##e,
	DHCP_FOREACH_ERR(DHCP_ERR_ENUM)
#undef DHCP_ERR_ENUM
	DHCP_ERR_MAX
};

/** Metric-style name of a parse error ("option_overflow"); "?" if out of range. */
const char *dhcp_err_name(unsigned int err);
/** One-line explanation of a parse error, for the console. */
const char *dhcp_err_help(unsigned int err);

#define DHCP_OPT_DATA_MAX 255 /**< longest option payload */

/** A parsed message. Option fields are zero when the option is absent. */
struct dhcp_msg {
	uint8_t op, htype, hlen, hops;
	uint32_t xid;                 /**< as on the wire (opaque) */
	uint16_t secs;                /**< host order */
	uint16_t flags;               /**< host order; DHCP_FLAG_BROADCAST */
	uint32_t ciaddr, yiaddr, siaddr, giaddr; /**< network order */
	struct rte_ether_addr chaddr;
	uint8_t type;                 /**< option 53, enum dhcp_msg_type */
	uint8_t overload;             /**< option 52 value, 0 if absent */
	uint8_t has_lease_time;
	uint8_t has_agent;            /**< option 82 present */
	uint32_t requested_ip;        /**< option 50, network order */
	uint32_t server_id;           /**< option 54, network order */
	uint32_t lease_time;          /**< option 51, seconds, host order */
	uint16_t max_msg_size;        /**< option 57, host order */
	uint8_t client_id_len;        /**< option 61 (type octet included) */
	uint8_t hostname_len;
	uint8_t prl_len;
	uint8_t agent_len;            /**< whole option 82 payload, echoed back as is */
	uint8_t circuit_len, remote_len;
	uint8_t has_circuit, has_remote;
	uint8_t client_id[DHCP_OPT_DATA_MAX];
	char hostname[DHCP_OPT_DATA_MAX + 1]; /**< NUL-terminated */
	uint8_t prl[DHCP_OPT_DATA_MAX];
	uint8_t agent[DHCP_OPT_DATA_MAX];
	uint8_t circuit_id[DHCP_OPT_DATA_MAX];
	uint8_t remote_id[DHCP_OPT_DATA_MAX];
};

/**
 * Parse the UDP payload @p buf of @p len bytes. Options in sname and file
 * are read when option 52 says so (options field first, then file, then
 * sname, RFC 2131 4.1); each field must end with an end option.
 * @return DHCP_ERR_NONE, or the first malformation found (@p m is then
 *         partly filled and must not be used).
 */
enum dhcp_err dhcp_msg_parse(const uint8_t *buf, size_t len, struct dhcp_msg *m);

#define DHCP_MAX_DNS    4
#define DHCP_DOMAIN_MAX 64  /**< domain name, NUL included */
#define DHCP_NAME_MAX   32

/** What a reply carries beyond the request's own fields. */
struct dhcp_reply_params {
	uint8_t type;             /**< DHCP_OFFER, DHCP_ACK or DHCP_NAK */
	uint16_t flags;           /**< flags field of the reply (host order) */
	uint32_t yiaddr, ciaddr;  /**< network order */
	uint32_t server_id;       /**< network order */
	uint32_t lease_s;         /**< 0: no lease time, T1, T2 (INFORM, NAK) */
	uint32_t mask, router;    /**< network order; 0: option left out */
	uint32_t n_dns;
	uint32_t dns[DHCP_MAX_DNS];
	const char *domain;       /**< NULL or "": left out */
	const char *message;      /**< option 56 text, NULL: none */
};

/**
 * Write a BOOTREPLY to @p req into @p buf, which holds at least @p limit
 * bytes (the largest reply the client accepts): message type, server id,
 * lease time with T1 = lease/2 and T2 = 7/8 lease, mask, router, DNS,
 * domain, message, the request's option 82 echoed unchanged as the last
 * option (RFC 3046 2.2), end, zero padding up to DHCP_BOOTP_MIN bytes.
 * Configuration options that do not fit in @p limit bytes are left out,
 * the least needed first (domain, DNS, router, mask), and counted in
 * @p omitted (may be NULL).
 * @return the length written, or -EINVAL (bad arguments, @p limit below
 *         DHCP_BOOTP_MIN), -ENOSPC (the mandatory options do not fit).
 */
int dhcp_msg_write_reply(uint8_t *buf, size_t limit, const struct dhcp_msg *req,
			 const struct dhcp_reply_params *p, unsigned int *omitted);

/* --- Relay agent ------------------------------------------------------------- */

/**
 * A client's message @p in (parsed into @p m) on its way to a server, into
 * @p out: hops + 1, giaddr set to @p giaddr and option 82 added (circuit
 * id and remote id sub-options, each left out when its length is 0),
 * unless a relay nearer the client did both already; padded to 300 bytes.
 * @return the length, -ELOOP (hops at the limit, 16), -EINVAL (option
 *         overload: not relayed), -ENOSPC.
 */
int dhcp_relay_to_server(const uint8_t *in, size_t len, const struct dhcp_msg *m, uint32_t giaddr,
			 const uint8_t *circuit, uint8_t circuit_len, const uint8_t *remote,
			 uint8_t remote_len, uint8_t *out, size_t cap);

/**
 * A server's reply @p in (parsed into @p m) on its way back to the client,
 * into @p out, without option 82 (RFC 3046 2.2). @return the length,
 * -EINVAL, -ENOSPC.
 */
int dhcp_relay_to_client(const uint8_t *in, size_t len, const struct dhcp_msg *m, uint8_t *out,
			 size_t cap);

/* --- Configuration ----------------------------------------------------------- */

#define DHCP_MAX_POOLS        64
#define DHCP_MAX_EXCLUDE      64
#define DHCP_MAX_RESERVATIONS 4096
#define DHCP_POOL_MAX_SIZE    (1u << 20) /**< addresses in one pool */
#define DHCP_CLIENT_ID_MAX    64  /**< longer client ids are refused */
#define DHCP_AGENT_ID_MAX     64  /**< longer circuit / remote ids are refused */
#define DHCP_MIN_LEASE_S      60  /**< a client may ask for a shorter lease, not below this */

/**
 * An address pool. Either a range (first..last) or a prefix (prefix_len
 * 8..30: every host address but the network and broadcast ones); the
 * router, the server address and the excluded addresses are never handed
 * out. Pools must not overlap.
 */
struct dhcp_pool_config {
	char name[DHCP_NAME_MAX];     /**< unique, no blanks: names the pool in the lease file */
	uint32_t first, last;         /**< network order; both 0: use prefix */
	uint32_t prefix;              /**< network order */
	uint8_t prefix_len;
	uint32_t mask;                /**< network order; 0: from prefix_len (required for a range) */
	uint32_t router;              /**< network order; 0: none */
	uint32_t n_dns;
	uint32_t dns[DHCP_MAX_DNS];   /**< network order */
	char domain[DHCP_DOMAIN_MAX]; /**< "" : none */
	uint32_t lease_s;             /**< 0: dhcp_config.default_lease_s */
	uint16_t tenant;              /**< class / tenant served from this pool */
	uint32_t n_exclude;
	uint32_t exclude[DHCP_MAX_EXCLUDE]; /**< network order */
};

/** A static reservation: this client always gets @p addr (inside a pool). */
struct dhcp_reservation {
	uint32_t addr;                /**< network order */
	uint8_t by_circuit;           /**< 0: match chaddr; 1: match the option 82 circuit id */
	uint8_t circuit_len;
	struct rte_ether_addr mac;
	uint8_t circuit_id[DHCP_AGENT_ID_MAX];
};

struct dhcp_config {
	uint32_t server_id;           /**< our address (option 54, reply source), network order */
	uint32_t n_pools;
	struct dhcp_pool_config pools[DHCP_MAX_POOLS];
	uint32_t n_reservations;
	struct dhcp_reservation reservations[DHCP_MAX_RESERVATIONS];
	uint32_t max_leases;          /**< offered, bound and declined entries together */
	uint32_t default_lease_s;
	uint32_t offer_hold_s;        /**< an offered address is kept for its client this long */
	uint32_t decline_hold_s;      /**< a declined address rests this long */
	uint32_t discover_rate;       /**< DISCOVERs per second per MAC; 0: unlimited */
	uint32_t discover_burst;
	uint32_t rate_slots;          /**< MACs tracked by the rate limiter (power of 2) */
	uint32_t expire_batch;        /**< lease slots one dhcp_server_expire() call visits */
	int socket_id;
};

/** Fill @p c with defaults: no pools, 65536 leases, 1 h leases, 2 DISCOVER/s burst 8. */
void dhcp_config_defaults(struct dhcp_config *c);

/* --- Leases ------------------------------------------------------------------- */

enum dhcp_lease_state {
	DHCP_LEASE_FREE = 0,      /**< unused slot */
	DHCP_LEASE_OFFERED,       /**< held for a client between OFFER and REQUEST */
	DHCP_LEASE_BOUND,
	DHCP_LEASE_DECLINED,      /**< address reported in use by a client: resting */
};

struct dhcp_lease {
	uint32_t addr;            /**< network order */
	uint8_t state;            /**< enum dhcp_lease_state */
	uint8_t client_id_len;    /**< 0: the client is identified by its MAC */
	uint8_t circuit_len, remote_len;
	struct rte_ether_addr mac;
	uint16_t pool;            /**< index in dhcp_config.pools */
	uint16_t tenant;
	uint16_t port;            /**< port the client was last seen on */
	uint16_t svlan, cvlan;    /**< outer / inner VLAN id, 0: none */
	uint64_t start_ms, expiry_ms;
	uint8_t client_id[DHCP_CLIENT_ID_MAX];
	uint8_t circuit_id[DHCP_AGENT_ID_MAX];
	uint8_t remote_id[DHCP_AGENT_ID_MAX];
};

/* Why a bound lease ended. _(ENUM_SUFFIX, "name") */
#define DHCP_FOREACH_END(_)             \
	_(RELEASE, "release")           \
	_(EXPIRY, "expiry")             \
	_(DECLINE, "decline")           \
	_(CLEARED, "cleared")           \
	_(MOVED, "moved")

enum dhcp_end_reason {
#define DHCP_END_ENUM(e, n) DHCP_END_##e,
	DHCP_FOREACH_END(DHCP_END_ENUM)
#undef DHCP_END_ENUM
	DHCP_END_MAX
};

/** Name of an end reason ("expiry"); "?" if out of range. */
const char *dhcp_end_name(unsigned int reason);

/**
 * Lease events for the subscriber table. on_bound runs for every ACK that
 * binds or extends a lease (treat it as insert-or-update), on_end when a
 * bound lease goes away. Offers and declined addresses raise no event. The
 * lease pointer is valid during the call only.
 */
struct dhcp_callbacks {
	void (*on_bound)(const struct dhcp_lease *l, void *arg);
	void (*on_end)(const struct dhcp_lease *l, enum dhcp_end_reason reason, void *arg);
};

/* --- Server ------------------------------------------------------------------- */

struct dhcp_server;

/** Where a message came from. */
struct dhcp_rx_meta {
	uint16_t port;
	uint16_t svlan, cvlan;    /**< outer / inner VLAN id, 0: none */
	uint16_t tenant;          /**< class / tenant: selects the pools */
};

enum dhcp_result {
	DHCP_RESULT_REPLY = 0,    /**< send out->buf */
	DHCP_RESULT_NO_REPLY,     /**< nothing to send; out->reason says why */
	DHCP_RESULT_ERROR,        /**< the server failed (lease not durable); out->reason */
};

/*
 * Why a message got no reply, or why it got a NAK.
 * _(ENUM_SUFFIX, "name", "explanation")
 */
#define DHCP_FOREACH_REASON(_)                                                         \
	_(NONE, "none", "answered")                                                    \
	_(MALFORMED, "malformed", "the message did not parse (see the parse errors)")  \
	_(NOT_REQUEST, "not_a_request", "BOOTREPLY sent to the server")                \
	_(UNEXPECTED_TYPE, "unexpected_type", "OFFER, ACK or NAK sent to the server")   \
	_(RATE_LIMITED, "rate_limited", "DISCOVER over the per-MAC rate")              \
	_(CLIENT_ID_TOO_LONG, "client_id_too_long", "client identifier longer than the server keeps") \
	_(AGENT_ID_TOO_LONG, "agent_id_too_long", "circuit or remote id longer than the server keeps") \
	_(NO_POOL, "no_pool", "no pool serves the client's tenant")                    \
	_(POOL_EXHAUSTED, "pool_exhausted", "no free address in the client's pools")    \
	_(TABLE_FULL, "lease_table_full", "lease table full (max_leases)")            \
	_(OTHER_SERVER, "other_server_selected", "REQUEST for another server: our offer is withdrawn") \
	_(NO_ADDRESS, "request_without_address", "REQUEST naming no server id, address or ciaddr") \
	_(UNKNOWN_CLIENT, "unknown_client", "INIT-REBOOT or REBIND from a client we have no record of") \
	_(NAK_NO_BINDING, "nak_no_binding", "REQUEST for an offer we did not make") \
	_(NAK_WRONG_ADDRESS, "nak_wrong_address", "requested address is not the client's") \
	_(NAK_WRONG_SUBNET, "nak_wrong_subnet", "requested address is outside the client's subnets") \
	_(RELEASED, "released", "RELEASE: lease freed")                                \
	_(DECLINED, "declined", "DECLINE: address set aside")                         \
	_(RELEASE_UNKNOWN, "release_unknown", "RELEASE of an address the client does not hold") \
	_(DECLINE_UNKNOWN, "decline_unknown", "DECLINE of an address the client was not given") \
	_(INFORM_NO_CIADDR, "inform_without_ciaddr", "INFORM with ciaddr 0")          \
	_(STORE_FAILED, "lease_store_failed", "lease file write failed: no ACK without a durable lease") \
	_(REPLY_FAILED, "reply_build_failed", "the reply did not fit the client's maximum message size")

enum dhcp_reason {
#define DHCP_REASON_ENUM(e, n, h) DHCP_REASON_##e,
	DHCP_FOREACH_REASON(DHCP_REASON_ENUM)
#undef DHCP_REASON_ENUM
	DHCP_REASON_MAX
};

/** Metric-style name of a reason ("pool_exhausted"); "?" if out of range. */
const char *dhcp_reason_name(unsigned int reason);
/** One-line explanation of a reason, for the console (also the text of a NAK). */
const char *dhcp_reason_help(unsigned int reason);

/** How the reply's link-layer destination is found. */
enum dhcp_l2_dst {
	DHCP_L2_CHADDR = 0,       /**< dst_mac = client's chaddr (unicast to yiaddr / ciaddr) */
	DHCP_L2_BROADCAST,        /**< dst_mac = ff:ff:ff:ff:ff:ff, dst_ip 255.255.255.255 */
	DHCP_L2_ROUTED,           /**< to a relay agent: resolve dst_ip as a next hop */
};

#define DHCP_REPLY_BUF 1024

struct dhcp_reply {
	uint8_t result;           /**< enum dhcp_result */
	uint8_t reason;           /**< enum dhcp_reason (also set for NAK) */
	uint8_t parse_err;        /**< enum dhcp_err when reason is MALFORMED */
	uint8_t type;             /**< type of the reply sent, 0: none */
	uint8_t l2;               /**< enum dhcp_l2_dst */
	uint16_t src_port, dst_port; /**< host order */
	uint32_t src_ip, dst_ip;  /**< network order */
	struct rte_ether_addr dst_mac;
	uint16_t len;
	uint8_t buf[DHCP_REPLY_BUF];
};

/* Counters beyond messages and reasons. _(ENUM_SUFFIX, "name", "explanation") */
#define DHCP_FOREACH_STAT(_)                                                             \
	_(OFFERS_EXPIRED, "offers_expired", "offers never requested, address taken back")  \
	_(LEASES_EXPIRED, "leases_expired", "bound leases that ran out")                   \
	_(DECLINES_EXPIRED, "declines_expired", "declined addresses back in their pool")    \
	_(OPTIONS_OMITTED, "options_omitted", "configuration options left out of a full reply") \
	_(RATE_EVICTIONS, "rate_evictions", "rate limiter slots taken from a still-active MAC") \
	_(STORE_WRITES, "store_writes", "lines appended to the lease file")                \
	_(STORE_ERRORS, "store_errors", "lease file appends that failed")                  \
	_(REPLAY_LINES, "replay_lines", "lease file lines read at start")                  \
	_(REPLAY_LEASES, "replay_leases", "leases restored at start")                      \
	_(REPLAY_CORRUPT, "replay_corrupt", "lease file lines skipped as corrupt")         \
	_(REPLAY_TRUNCATED, "replay_truncated", "unterminated last line (crash mid-write) ignored") \
	_(REPLAY_EXPIRED, "replay_expired", "leases in the file already expired at start") \
	_(REPLAY_ORPHAN, "replay_orphan", "leases whose pool or address is gone from the config") \
	_(REPLAY_FULL, "replay_full", "leases dropped at start: lease table full")          \
	_(COMPACTIONS, "compactions", "lease file rewrites")

enum dhcp_stat {
#define DHCP_STAT_ENUM(e, n, h) DHCP_STAT_##e,
	DHCP_FOREACH_STAT(DHCP_STAT_ENUM)
#undef DHCP_STAT_ENUM
	DHCP_STAT_MAX
};

/** Metric-style name of a counter ("leases_expired"); "?" if out of range. */
const char *dhcp_stat_name(unsigned int stat);
/** One-line explanation of a counter, for the console. */
const char *dhcp_stat_help(unsigned int stat);

/** Every counter of a server; the name functions above label them. */
struct dhcp_counters {
	uint64_t rx[DHCP_TYPE_MAX];           /**< messages in, by type */
	uint64_t tx[DHCP_TYPE_MAX];           /**< replies out, by type */
	uint64_t reason[DHCP_REASON_MAX];
	uint64_t parse_err[DHCP_ERR_MAX];
	uint64_t stat[DHCP_STAT_MAX];
};

/** Wall-clock milliseconds since the Unix epoch (CLOCK_REALTIME). */
uint64_t dhcp_clock_ms(void);

/**
 * Create a server: validate @p cfg as a whole, allocate every table, then
 * replay @p lease_file (NULL: leases in memory only; a missing file is
 * created): later lines win, leases expired at dhcp_clock_ms() are dropped,
 * corrupt lines and an unterminated last line are skipped and counted. The
 * file is then rewritten with the live leases only (write, fsync, rename).
 * @return the server, or NULL with rte_errno: EINVAL (bad config: pool
 *         overlap, bad range, reservation outside its pool, ...), ENOMEM,
 *         or the errno of the lease file operation that failed.
 */
struct dhcp_server *dhcp_server_create(const struct dhcp_config *cfg, const char *lease_file);

/** dhcp_server_create() with the replay's notion of "now" given (tests, tools). */
struct dhcp_server *dhcp_server_create_at(const struct dhcp_config *cfg, const char *lease_file,
					  uint64_t now_ms);

/**
 * Free a server. Writes nothing: the lease file is always up to date, so
 * this is the same as a crash as far as leases go. NULL is a no-op.
 */
void dhcp_server_free(struct dhcp_server *srv);

/**
 * Register lease callbacks (NULL @p cb: none). on_bound is called at once
 * for every lease already bound (those restored from the lease file), so
 * the caller's table starts in step with the server's.
 */
void dhcp_server_callbacks_set(struct dhcp_server *srv, const struct dhcp_callbacks *cb,
			       void *arg);

/**
 * Handle one message from a client (or relay agent). @p out always gets
 * a result and a reason; with DHCP_RESULT_REPLY also the reply bytes and
 * its addressing (RFC 2131 4.1): to the relay's giaddr port 67 when
 * giaddr is set (NAK with the broadcast bit), to 255.255.255.255 for a
 * NAK or when the broadcast flag is set, to ciaddr when set, else to
 * yiaddr at chaddr. An ACK that binds a lease is returned only after the
 * lease line is on disk (fdatasync).
 * @return out->result, or -EINVAL (NULL arguments).
 */
int dhcp_server_input(struct dhcp_server *srv, const uint8_t *msg, size_t len,
		      const struct dhcp_rx_meta *meta, uint64_t now_ms, struct dhcp_reply *out);

/**
 * Take back offers, leases and declined addresses whose time has come,
 * visiting at most cfg.expire_batch lease slots from where the previous
 * call stopped (call it periodically; a full sweep takes
 * max_leases / expire_batch calls). @return how many ended.
 */
unsigned int dhcp_server_expire(struct dhcp_server *srv, uint64_t now_ms);

/**
 * Rewrite the lease file with the live leases only (the create-time
 * compaction, for a caller that wants to bound the file's growth).
 * @return 0, or -errno of the failed file operation (the old file stays).
 */
int dhcp_server_compact(struct dhcp_server *srv, uint64_t now_ms);

/** The server's counters (read only; valid as long as the server). */
const struct dhcp_counters *dhcp_server_counters(const struct dhcp_server *srv);

/** Lease file lines appended since the last compaction (0 without a file). */
uint64_t dhcp_server_store_lines(const struct dhcp_server *srv);

/* --- Lease table queries (console, subscriber table) ------------------------ */

/**
 * Call @p fn for every lease (offered, bound, declined) until it returns
 * non-zero. @p fn must not change the table. @return the leases visited.
 */
unsigned int dhcp_lease_foreach(const struct dhcp_server *srv,
				int (*fn)(const struct dhcp_lease *l, void *arg), void *arg);

/** The lease of address @p addr (network order), or NULL. */
const struct dhcp_lease *dhcp_lease_lookup(const struct dhcp_server *srv, uint32_t addr);

/**
 * Remove the lease of @p addr whatever its state (console "clear"); a bound
 * lease ends with DHCP_END_CLEARED. @return 0, -ENOENT (no lease), -EINVAL.
 */
int dhcp_lease_clear(struct dhcp_server *srv, uint32_t addr);

struct dhcp_pool_usage {
	const char *name;
	uint32_t size;            /**< addresses in the range */
	uint32_t fixed;           /**< excluded or reserved: never handed out dynamically */
	uint32_t offered, bound, declined;
	uint32_t free;            /**< available for dynamic allocation */
};

/** Usage of pool @p pool. @return 0, or -EINVAL (no such pool). */
int dhcp_pool_usage(const struct dhcp_server *srv, unsigned int pool, struct dhcp_pool_usage *u);

/** Number of pools of the server. */
unsigned int dhcp_pool_count(const struct dhcp_server *srv);

#endif /* DHCP_H */
