/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * pppoe: the management lcore's PPPoE server, discovery (RFC 2516, RFC
 * 4638) and the PPP control protocols of each session (LCP, RFC 1661; PAP,
 * RFC 1334; CHAP-MD5, RFC 1994; IPCP, RFC 1332 and RFC 1877; IPv6CP, RFC
 * 5072, when asked for), as a pure
 * protocol engine. It does no I/O: the caller hands it a received frame's
 * bytes (Ethernet onward, up to two VLAN tags), either a discovery frame
 * (EtherType 0x8863) or a session frame carrying a PPP control protocol
 * (0x8864), and gets back, in a caller-owned struct pppoe_out, the frames to
 * transmit and the events to act on: authenticate this user, assign this
 * session an address, this session is up, this session is down.
 * Authentication and address assignment are asynchronous: the engine waits
 * for pppoe_auth_result() and pppoe_ipcp_assign(), which may come much
 * later (RADIUS). pppoe_timer() does every timed thing (retransmissions,
 * keepalives, give-ups) in bounded steps.
 *
 * Sessions are named by a 32-bit handle: the PPPoE session id in the low 16
 * bits and a generation in the high 16 bits, so that a verdict that arrives
 * for a session that ended and whose id went to a newer one is refused.
 *
 * Single-threaded: one lcore owns a struct pppoe. Nothing is allocated per
 * packet: the session table, the per-MAC counts and the rate limiters are
 * sized at creation. Times are 32-bit milliseconds compared with serial
 * arithmetic; addresses are in network order.
 */
#ifndef PPPOE_H
#define PPPOE_H

#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>

/* --- Limits ------------------------------------------------------------------ */

#define PPPOE_NAME_MAX       12    /**< engine name, NUL included */
#define PPPOE_AC_NAME_MAX    64    /**< AC-Name (and CHAP name), NUL included */
#define PPPOE_SERVICE_MAX    64    /**< a Service-Name, NUL included */
#define PPPOE_MAX_SERVICES   8
#define PPPOE_MAX_SESSIONS   65534 /**< session ids 1..65534 */
#define PPPOE_MRU_DEFAULT    1492  /**< RFC 2516 7: 1500 - PPPoE and PPP headers */
#define PPPOE_MRU_MIN        128   /**< smaller MRUs asked for are Nak'd up to this */
#define PPPOE_PAYLOAD_MAX    1500  /**< largest PPP-Max-Payload honoured (RFC 4638) */
#define PPPOE_USER_MAX       128   /**< PAP Peer-ID / CHAP Name, NUL not included */
#define PPPOE_PASS_MAX       128   /**< PAP password, NUL not included */
#define PPPOE_MSG_MAX        64    /**< verdict message sent in Ack/Nak, Success/Failure */
#define PPPOE_CHALLENGE_LEN  16    /**< CHAP challenge we send */
#define PPPOE_MD5_LEN        16
#define PPPOE_COOKIE_LEN     16
#define PPPOE_TAG_ECHO_MAX   256   /**< longest Host-Uniq / Relay-Session-Id echoed */
#define PPPOE_MAX_AUTH       2

/* Every frame fits: the largest is an Echo-Reply or Protocol-Reject of
 * PPPOE_PAYLOAD_MAX bytes behind two VLAN tags (14 + 8 + 6 + 1500). */
#define PPPOE_FRAME_MAX  1536
#define PPPOE_OUT_FRAMES 32
#define PPPOE_OUT_EVENTS 16
/** Room a pppoe_input() call, an API call or one session's timer step needs. */
#define PPPOE_ROOM_FRAMES 6
#define PPPOE_ROOM_EVENTS 2

/* --- Reasons ------------------------------------------------------------------ */

/* _(ENUM_SUFFIX, "metric_name", "human explanation"). Every frame that
 * pppoe_input() handles records one of these: OK when acted on, otherwise
 * why it was dropped or refused. */
#define PPPOE_FOREACH_REASON(_)                                                     \
	_(OK, "none", "handled")                                                    \
	_(NO_PORT, "no_port", "PPPoE not enabled on this port")                     \
	_(ETH_TRUNC, "eth_truncated", "frame shorter than its Ethernet and VLAN headers") \
	_(VLAN_TOO_DEEP, "vlan_too_deep", "more than two VLAN tags")                \
	_(NOT_PPPOE, "not_pppoe", "EtherType is neither PPPoE discovery nor session") \
	_(ETH_BAD_SRC, "eth_bad_source", "Ethernet source is multicast, broadcast, zero or our own") \
	_(ETH_DST_OTHER, "eth_dst_not_ours", "unicast to another MAC, or a broadcast that must be unicast") \
	_(HDR_TRUNC, "header_truncated", "shorter than the 6-byte PPPoE header")      \
	_(BAD_VER_TYPE, "bad_version_type", "PPPoE version or type is not 1")       \
	_(LEN_BEYOND_FRAME, "length_beyond_frame", "PPPoE length runs past the frame") \
	_(TAG_TRUNC, "tag_truncated", "a tag header or value runs past the payload") \
	_(TAG_TOO_LONG, "tag_too_long", "Host-Uniq or Relay-Session-Id longer than we echo") \
	_(BAD_MAX_PAYLOAD, "bad_max_payload", "PPP-Max-Payload tag not 2 bytes long") \
	_(NO_SERVICE_NAME, "missing_service_name", "PADI or PADR without a Service-Name tag") \
	_(NO_COOKIE, "missing_cookie", "PADR without an AC-Cookie tag")             \
	_(BAD_COOKIE, "bad_cookie", "PADR whose AC-Cookie we did not give this client (or expired)") \
	_(SERVICE_NOT_OFFERED, "service_not_offered", "Service-Name not offered: no PADO, or a PADS with Service-Name-Error") \
	_(PADI_RATE_MAC, "padi_rate_mac", "PADI over the per-MAC rate")             \
	_(PADI_RATE_PORT, "padi_rate_port", "PADI over the per-port rate")          \
	_(MAC_LIMIT, "mac_session_limit", "PADR refused: sessions per MAC at the limit (PADS with AC-System-Error)") \
	_(SESSION_LIMIT, "session_limit", "PADR refused: session table full (PADS with AC-System-Error)") \
	_(BAD_SESSION_ID, "bad_session_id", "PADI or PADR with a nonzero session id") \
	_(UNKNOWN_SESSION, "unknown_session", "no session of this id for this port, MAC and VLANs") \
	_(WRONG_CODE, "wrong_code", "a code only a server sends (PADO, PADS), or a session frame with a nonzero code") \
	_(BAD_CODE, "bad_code", "unknown PPPoE discovery code")                     \
	_(PPP_TRUNC, "ppp_truncated", "session payload shorter than a PPP protocol field") \
	_(PPP_BAD_PROTO, "ppp_bad_protocol", "PPP protocol field invalid (compressed or even low octet)") \
	_(DATA_FRAME, "ppp_data", "an IPv4 or IPv6 data packet: the data plane's, not ours") \
	_(NOT_NOW, "ppp_not_now", "control packet the session's phase or state does not accept") \
	_(CP_TRUNC, "cp_truncated", "control packet shorter than its header, or its length beyond the payload") \
	_(CP_BAD_OPTION, "cp_bad_option", "configuration option of length < 2 or running past the packet") \
	_(CP_BAD_ID, "cp_bad_id", "reply whose identifier matches no request of ours") \
	_(CP_BAD_REPLY, "cp_bad_reply", "Configure-Ack/Nak/Reject that does not match our request") \
	_(AUTH_BAD, "auth_malformed", "PAP or CHAP packet malformed, or name / password too long") \
	_(AUTH_PENDING, "auth_pending", "authentication retransmitted while the verdict is pending") \
	_(OUT_FULL, "out_full", "the caller's pppoe_out has no room for the answer")

enum pppoe_reason {
#define PPPOE_REASON_ENUM(e, n, h) PPPOE_R_##e,
	PPPOE_FOREACH_REASON(PPPOE_REASON_ENUM)
#undef PPPOE_REASON_ENUM
	PPPOE_R_MAX
};

/** Metric-style name of a reason ("bad_cookie"); "?" out of range. */
const char *pppoe_reason_name(unsigned int reason);
/** One-line explanation of a reason. */
const char *pppoe_reason_help(unsigned int reason);

/* Why a session ended. The caller may pass ADMIN, SESSION_TIMEOUT,
 * IDLE_TIMEOUT, AAA_DISCONNECT or SHUTDOWN to pppoe_session_terminate(). */
#define PPPOE_FOREACH_DOWN(_)                                                       \
	_(NONE, "none", "not down")                                                  \
	_(PADT, "padt", "the client sent PADT")                                      \
	_(PEER_TERMINATE, "peer_terminate", "the client sent an LCP Terminate-Request") \
	_(ADMIN, "admin", "terminated by the operator")                             \
	_(SESSION_TIMEOUT, "session_timeout", "session time limit reached")         \
	_(IDLE_TIMEOUT, "idle_timeout", "idle time limit reached")                  \
	_(AAA_DISCONNECT, "aaa_disconnect", "disconnected by the AAA server")       \
	_(SHUTDOWN, "shutdown", "the appliance is stopping")                        \
	_(ECHO_TIMEOUT, "echo_timeout", "the client stopped answering LCP Echo-Requests") \
	_(LCP_FAILED, "lcp_failed", "LCP did not converge (Max-Configure, Max-Failure)") \
	_(LOOPBACK, "loopback", "looped-back link: our own Magic-Number came back")   \
	_(AUTH_REFUSED, "auth_refused", "the client rejected every authentication protocol we offer") \
	_(AUTH_FAILED, "auth_failed", "authentication refused by the AAA verdict")  \
	_(AUTH_TIMEOUT, "auth_timeout", "no authentication, or no verdict, in auth_timeout_ms") \
	_(ADDR_TIMEOUT, "addr_timeout", "no address assigned in addr_timeout_ms")   \
	_(IPCP_FAILED, "ipcp_failed", "IPCP did not converge or was rejected")     \
	_(NCP_DOWN, "ncp_down", "the client closed IPCP")                          \
	_(RENEGOTIATION, "renegotiation", "the client restarted LCP or IPCP negotiation on an open link") \
	_(PROTO_REJECTED, "proto_rejected", "the client rejected an LCP code we need")

enum pppoe_down_reason {
#define PPPOE_DOWN_ENUM(e, n, h) PPPOE_DOWN_##e,
	PPPOE_FOREACH_DOWN(PPPOE_DOWN_ENUM)
#undef PPPOE_DOWN_ENUM
	PPPOE_DOWN_MAX
};

/** Metric-style name of a down reason ("echo_timeout"); "?" out of range. */
const char *pppoe_down_name(unsigned int reason);
/** One-line explanation of a down reason. */
const char *pppoe_down_help(unsigned int reason);

/* --- Counters ------------------------------------------------------------------ */

#define PPPOE_FOREACH_STAT(_)                                                       \
	_(padi_in, "PADI received")                                                 \
	_(pado_out, "PADO sent")                                                    \
	_(padr_in, "PADR received")                                                 \
	_(pads_out, "PADS sent with a session id")                                  \
	_(pads_err_out, "PADS sent with an error tag (session id 0)")               \
	_(padr_retransmits, "PADR of a session just made: its PADS sent again")      \
	_(padt_in, "PADT received")                                                 \
	_(padt_out, "PADT sent")                                                    \
	_(padt_unknown_out, "PADT sent for session frames of an unknown session")   \
	_(lcp_in, "LCP packets received")                                           \
	_(lcp_out, "LCP packets sent")                                              \
	_(lcp_echo_req_out, "LCP Echo-Requests sent (keepalive)")                   \
	_(lcp_echo_rep_in, "LCP Echo-Replies received")                             \
	_(lcp_echo_req_in, "LCP Echo-Requests received")                            \
	_(lcp_echo_rep_out, "LCP Echo-Replies sent")                                \
	_(lcp_code_rej_out, "Code-Rejects sent (LCP, IPCP, IPv6CP)")                \
	_(lcp_proto_rej_out, "Protocol-Rejects sent (CCP, IPv6CP when off, ...)")   \
	_(ipcp_in, "IPCP packets received")                                         \
	_(ipcp_out, "IPCP packets sent")                                            \
	_(ipv6cp_in, "IPv6CP packets received")                                     \
	_(ipv6cp_out, "IPv6CP packets sent")                                        \
	_(pap_in, "PAP packets received")                                           \
	_(pap_out, "PAP packets sent")                                              \
	_(chap_in, "CHAP packets received")                                         \
	_(chap_out, "CHAP packets sent")                                            \
	_(auth_requests, "authentication requests handed to the caller")            \
	_(auth_ok, "authentication verdicts: accepted")                             \
	_(auth_fail, "authentication verdicts: refused")                            \
	_(sessions_created, "sessions created (PADS with a session id)")            \
	_(sessions_up, "sessions up (IPCP opened)")                                 \
	_(sessions_down, "sessions ended, for any reason")                          \
	_(rate_evictions, "PADI rate slots taken over from another MAC before refilling")

struct pppoe_stats {
#define PPPOE_STAT_FIELD(n, h) uint64_t n;
	PPPOE_FOREACH_STAT(PPPOE_STAT_FIELD)
#undef PPPOE_STAT_FIELD
	uint64_t reason[PPPOE_R_MAX];      /**< by enum pppoe_reason */
	uint64_t down[PPPOE_DOWN_MAX];     /**< sessions ended, by enum pppoe_down_reason */
};

#define PPPOE_STATS \
	(sizeof(struct pppoe_stats) / sizeof(uint64_t) - PPPOE_R_MAX - PPPOE_DOWN_MAX)

/** Name / explanation of the i-th named counter of struct pppoe_stats (before reason[]). */
const char *pppoe_stat_name(unsigned int i);
const char *pppoe_stat_help(unsigned int i);

/* --- Configuration ---------------------------------------------------------------- */

enum pppoe_auth_proto {
	PPPOE_AUTH_NONE = 0,
	PPPOE_AUTH_PAP,      /**< RFC 1334, protocol 0xc023 */
	PPPOE_AUTH_CHAP_MD5, /**< RFC 1994, protocol 0xc223, algorithm 5 */
};

/** Name of an authentication protocol ("chap-md5"). */
const char *pppoe_auth_name(unsigned int proto);

struct pppoe_config {
	char ac_name[PPPOE_AC_NAME_MAX]; /**< AC-Name tag and CHAP Name ("bng") */
	/** Service-Names offered. None: any name is offered. An empty entry
	 * makes any name acceptable too. A PADI asking for the empty name
	 * ("any service") always gets a PADO. */
	uint8_t n_services;
	char services[PPPOE_MAX_SERVICES][PPPOE_SERVICE_MAX];
	uint32_t max_sessions;      /**< session table size, 1..65534 (4096) */
	uint16_t max_per_mac;       /**< sessions per (port, MAC) (2) */
	/** Largest PPP payload we carry, 1492..1500 (1492). Above 1492, a
	 * client's PPP-Max-Payload (RFC 4638) is honoured up to this, and LCP
	 * may negotiate an MRU that large. */
	uint16_t max_payload;
	uint32_t padi_rate_mac;     /**< PADI per second per MAC; 0: unlimited (2) */
	uint32_t padi_burst_mac;    /**< bucket depth (5) */
	uint32_t padi_rate_port;    /**< PADI per second per port; 0: unlimited (200) */
	uint32_t padi_burst_port;   /**< (400) */
	/** PADT answering a session frame (data or PPP control) of a session
	 * we do not know, so that a client that missed the end of its session
	 * (our restart, a lost PADT) starts over: per second per port; 0: none
	 * sent (100). The bucket holds a second's worth. */
	uint32_t padt_unknown_rate;
	uint32_t rate_slots;        /**< MACs the PADI limiter tracks, power of 2 (4096) */
	uint32_t cookie_period_ms;  /**< a cookie is valid one to two periods (30000) */
	uint8_t cookie_secret[16];  /**< HMAC key of AC-Cookies; all zero: random at creation */
	/** Authentication protocols offered in LCP, in order of preference
	 * (CHAP-MD5, PAP); n_auth 0: no authentication. */
	uint8_t n_auth;
	uint8_t auth[PPPOE_MAX_AUTH];
	uint32_t restart_ms;        /**< LCP/IPCP restart timer, CHAP retransmission (3000) */
	uint8_t max_configure;      /**< Configure-Requests sent without answer (10) */
	uint8_t max_terminate;      /**< Terminate-Requests sent without answer (2) */
	uint8_t max_failure;        /**< Configure-Naks sent before rejecting instead (5) */
	uint8_t echo_failures;      /**< Echo-Requests unanswered before giving up (3) */
	uint32_t echo_interval_ms;  /**< LCP keepalive period; 0: off (30000) */
	uint32_t auth_timeout_ms;   /**< from LCP up to the verdict (30000) */
	uint32_t addr_timeout_ms;   /**< from auth success to pppoe_ipcp_assign() (30000) */
	uint32_t local_addr;        /**< our IPCP IP-Address, network order; 0: not sent */
	/** IPv6CP (RFC 5072): 1: opened in the network phase, Interface-Identifiers
	 * negotiated (ours random); whether it opens, fails or closes, the session
	 * lives on IPCP. 0: IPv6CP is Protocol-Rejected (0). */
	uint8_t ipv6;
	uint32_t timer_budget;      /**< sessions pppoe_timer() visits per call (1024) */
};

/** Fill @p c with the defaults shown in parentheses above (AC-Name "bng"). */
void pppoe_config_defaults(struct pppoe_config *c);

/* --- Engine ------------------------------------------------------------------------ */

struct pppoe;

/**
 * Create an engine with no port enabled.
 * @return it, or NULL with rte_errno EINVAL (a zero or out-of-range
 *         setting, an unknown or repeated auth protocol, an unterminated
 *         name, a name longer than PPPOE_NAME_MAX - 1), EEXIST (name in use)
 *         or ENOMEM.
 */
struct pppoe *pppoe_create(const char *name, int socket, const struct pppoe_config *cfg);

/** Free; NULL is a no-op. Sessions vanish without PADT: terminate them first. */
void pppoe_free(struct pppoe *e);

/**
 * Serve PPPoE on @p port with @p mac as the access concentrator's address
 * (the source of everything sent there, the destination clients unicast to).
 * Enabling an enabled port changes its MAC.
 * @return 0, -EINVAL (port >= RTE_MAX_ETHPORTS, multicast or zero MAC).
 */
int pppoe_port_enable(struct pppoe *e, uint16_t port, const struct rte_ether_addr *mac);

/** The engine's counters. */
const struct pppoe_stats *pppoe_stats_get(const struct pppoe *e);

/* --- Output ------------------------------------------------------------------------ */

struct pppoe_frame {
	uint16_t port;
	uint16_t len;
	uint8_t data[PPPOE_FRAME_MAX]; /**< Ethernet onward, padded to 60 bytes */
};

enum pppoe_event_type {
	/** Verify @c username: PAP with @c password, or CHAP-MD5 with
	 * @c chap_id, @c challenge and @c response (pppoe_chap_md5_check() for
	 * local users). Answer with pppoe_auth_result(). */
	PPPOE_EV_AUTH_REQUEST = 1,
	/** The session reached the network phase (authenticated, or no
	 * authentication configured): answer with pppoe_ipcp_assign(). */
	PPPOE_EV_NETWORK,
	/** IPCP opened: forward @c addr over session @c session_id to @c mac on
	 * @c port and VLANs; send it at most @c mru bytes of PPP payload. */
	PPPOE_EV_SESSION_UP,
	/** The session ended for @c reason; the fields say what it was. Sent
	 * once per session created, up or not. */
	PPPOE_EV_SESSION_DOWN,
};

struct pppoe_event {
	uint8_t type;            /**< enum pppoe_event_type */
	uint8_t reason;          /**< SESSION_DOWN: enum pppoe_down_reason */
	uint8_t auth_proto;      /**< enum pppoe_auth_proto */
	uint8_t chap_id;         /**< AUTH_REQUEST, CHAP: the Response's identifier */
	uint32_t handle;
	uint16_t session_id;
	uint16_t port;
	uint16_t svlan, cvlan;   /**< outer, inner VLAN ids; 0: none */
	struct rte_ether_addr mac;
	uint16_t mru;            /**< SESSION_UP: the client's MRU */
	uint32_t addr, dns1, dns2; /**< SESSION_UP and DOWN, network order */
	uint32_t duration_ms;    /**< SESSION_DOWN: since the PADS */
	uint32_t uptime_ms;      /**< SESSION_DOWN: since SESSION_UP; 0: never up */
	uint32_t echo_sent, echo_replies; /**< SESSION_DOWN: keepalive counts */
	uint8_t was_up;          /**< SESSION_DOWN: a SESSION_UP was sent */
	uint8_t username_len, password_len, response_len;
	char username[PPPOE_USER_MAX + 1]; /**< NUL-terminated; bytes as received */
	char password[PPPOE_PASS_MAX + 1]; /**< AUTH_REQUEST, PAP */
	uint8_t challenge[PPPOE_CHALLENGE_LEN];
	uint8_t response[PPPOE_MD5_LEN];
};

/**
 * What one call produced. The caller owns it and empties it with
 * pppoe_out_reset(); pppoe appends. A call that lacks room for its worst
 * case (PPPOE_ROOM_FRAMES, PPPOE_ROOM_EVENTS) does nothing and says so.
 */
struct pppoe_out {
	uint16_t n_frames, n_events;
	struct pppoe_frame frames[PPPOE_OUT_FRAMES];
	struct pppoe_event events[PPPOE_OUT_EVENTS];
};

static inline void
pppoe_out_reset(struct pppoe_out *o)
{
	o->n_frames = 0;
	o->n_events = 0;
}

/* --- Protocol input and timers ------------------------------------------------------ */

/**
 * Process a frame received on @p port: discovery (PADI, PADR, PADT) or a
 * session's PPP control packet (LCP, PAP, CHAP, IPCP, IPv6CP when on; other
 * protocols are Protocol-Rejected once LCP is open).
 * @return PPPOE_R_OK when acted on, otherwise why it was not or what was
 *         refused (each return is counted in pppoe_stats.reason[]).
 */
enum pppoe_reason pppoe_input(struct pppoe *e, uint16_t port, const uint8_t *frame, uint16_t len,
			      uint32_t now_ms, struct pppoe_out *out);

/**
 * Timed work, bounded: visits at most timer_budget sessions, continuing
 * where the last call stopped: LCP/IPCP/IPv6CP restart timers (retransmission,
 * Max-Configure, Max-Terminate), CHAP retransmissions, the authentication
 * and address deadlines, the LCP echo keepalive. Stops early when @p out
 * lacks room for one more session's work; call again once drained.
 * @return the number of sessions visited.
 */
uint32_t pppoe_timer(struct pppoe *e, uint32_t now_ms, struct pppoe_out *out);

/* --- Asynchronous answers ----------------------------------------------------------- */

/**
 * The verdict on a PPPOE_EV_AUTH_REQUEST: sends PAP Authenticate-Ack/Nak or
 * CHAP Success/Failure carrying @p message (NULL: none; cut to
 * PPPOE_MSG_MAX). Accepted: the session enters the network phase
 * (PPPOE_EV_NETWORK). Refused: LCP is terminated, then PADT.
 * @return 0, -ENOENT (no such session), -EALREADY (no verdict awaited),
 *         -ENOBUFS (no room in @p out).
 */
int pppoe_auth_result(struct pppoe *e, uint32_t handle, int ok, const char *message,
		      uint32_t now_ms, struct pppoe_out *out);

/**
 * The address of a session in the network phase, and its DNS servers (0:
 * none; DNS options asked for are then rejected). Starts IPCP: the client's
 * IP-Address 0.0.0.0 (or any other) is Nak'd with @p addr; SESSION_UP comes
 * when IPCP opens.
 * @return 0, -ENOENT, -EINVAL (@p addr 0, multicast, broadcast or
 *         loopback), -EALREADY (not waiting for an address), -ENOBUFS.
 */
int pppoe_ipcp_assign(struct pppoe *e, uint32_t handle, uint32_t addr, uint32_t dns1,
		      uint32_t dns2, uint32_t now_ms, struct pppoe_out *out);

/**
 * End a session for @p reason: LCP Terminate-Request (retransmitted up to
 * max_terminate times), then PADT and SESSION_DOWN once the client
 * acknowledges or the retries run out; at once when LCP is not negotiating.
 * @return 0, -ENOENT, -EINVAL (@p reason NONE or out of range), -EALREADY
 *         (already ending), -ENOBUFS.
 */
int pppoe_session_terminate(struct pppoe *e, uint32_t handle, enum pppoe_down_reason reason,
			    uint32_t now_ms, struct pppoe_out *out);

/* --- Authentication helpers ----------------------------------------------------------- */

/** MD5 of @p len bytes (RFC 1321). */
void pppoe_md5(const void *data, size_t len, uint8_t digest[PPPOE_MD5_LEN]);

/** The CHAP-MD5 response: MD5(id || secret || challenge) (RFC 1994 4.1). */
void pppoe_chap_md5(uint8_t id, const void *secret, size_t secret_len, const uint8_t *challenge,
		    size_t challenge_len, uint8_t response[PPPOE_MD5_LEN]);

/**
 * Check a CHAP-MD5 response against a local user's @p secret, in constant
 * time. @return 1 when it matches, 0 otherwise.
 */
int pppoe_chap_md5_check(uint8_t id, const void *secret, size_t secret_len,
			 const uint8_t *challenge, size_t challenge_len,
			 const uint8_t response[PPPOE_MD5_LEN]);

/* --- Sessions ---------------------------------------------------------------------- */

#define PPPOE_HANDLE_SID(h) ((uint16_t)((h) & 0xffffu))

/** RFC 1661 3.2 phases. */
enum pppoe_phase {
	PPPOE_PH_DEAD = 0,
	PPPOE_PH_ESTABLISH,    /**< LCP negotiating */
	PPPOE_PH_AUTHENTICATE, /**< waiting for the client's credentials or the verdict */
	PPPOE_PH_NETWORK,      /**< waiting for an address, IPCP negotiating, or up */
	PPPOE_PH_TERMINATE,    /**< ending */
};

/** RFC 1661 4.2 automaton states, of LCP, IPCP and IPv6CP. */
enum pppoe_cp_state {
	PPPOE_CP_INITIAL = 0,
	PPPOE_CP_STARTING,
	PPPOE_CP_CLOSED,
	PPPOE_CP_STOPPED,
	PPPOE_CP_CLOSING,
	PPPOE_CP_STOPPING,
	PPPOE_CP_REQ_SENT,
	PPPOE_CP_ACK_RCVD,
	PPPOE_CP_ACK_SENT,
	PPPOE_CP_OPENED,
};

/** Name of a phase ("network"); "?" out of range. */
const char *pppoe_phase_name(unsigned int phase);
/** Name of an automaton state ("Ack-Sent"); "?" out of range. */
const char *pppoe_cp_state_name(unsigned int state);

struct pppoe_session_info {
	uint32_t handle;
	uint16_t session_id;
	uint16_t port;
	uint16_t svlan, cvlan;
	struct rte_ether_addr mac;
	uint8_t phase;           /**< enum pppoe_phase */
	uint8_t lcp_state, ipcp_state, ipv6cp_state; /**< enum pppoe_cp_state */
	uint8_t auth_proto;      /**< negotiated (or being offered) */
	uint8_t up;              /**< IPCP opened, SESSION_UP sent */
	uint16_t mru;            /**< the client's MRU */
	uint16_t our_mru;        /**< ours, as last requested */
	uint32_t magic, peer_magic;
	uint32_t addr, dns1, dns2;
	/** IPv6CP Interface-Identifiers, the 8 octets read most significant
	 * first: ours (as last requested) and the client's (as last Acked); 0: none. */
	uint64_t ifid, peer_ifid;
	uint32_t age_ms;         /**< since the PADS */
	uint32_t uptime_ms;      /**< since SESSION_UP; 0 when not up */
	uint32_t echo_sent, echo_replies;
	uint8_t echo_outstanding; /**< Echo-Requests unanswered in a row */
	char username[PPPOE_USER_MAX + 1];
};

/**
 * The session of (@p port, @p mac, @p session_id), as the data plane knows
 * it. @return its handle, or 0 when there is none.
 */
uint32_t pppoe_session_find(const struct pppoe *e, uint16_t port, const struct rte_ether_addr *mac,
			    uint16_t session_id);

/** A session's state at @p now_ms. @return 0, -ENOENT. */
int pppoe_session_get(const struct pppoe *e, uint32_t handle, uint32_t now_ms,
		      struct pppoe_session_info *info);

/**
 * Walk the sessions for display: start with *cursor = 0.
 * @return 0 with @p info filled and *cursor advanced, -ENOENT at the end.
 */
int pppoe_session_next(const struct pppoe *e, uint32_t *cursor, uint32_t now_ms,
		       struct pppoe_session_info *info);

/** Number of sessions, in any phase. */
uint32_t pppoe_session_count(const struct pppoe *e);

#endif /* PPPOE_H */
