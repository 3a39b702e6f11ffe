/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * pppoe internals shared by its files: wire constants, the engine, the
 * session and its three RFC 1661 automata (LCP, IPCP, IPv6CP), the parsed
 * received frame, and the helpers each file uses to build frames and report
 * into a struct pppoe_out. pppoe.c owns the engine and the input and timer
 * entry points, pppoe_session.c the table, pppoe_disc.c discovery,
 * pppoe_fsm.c the automaton, pppoe_ppp.c LCP, IPCP and IPv6CP, pppoe_auth.c
 * PAP and CHAP, pppoe_md5.c MD5 and HMAC-MD5 (OpenSSL).
 */
#ifndef PPPOE_PRIV_H
#define PPPOE_PRIV_H

#include <stdint.h>

#include "bng_bytes.h"
#include <string.h>

#include <rte_config.h>
#include <rte_hash.h>

#include "bng_time.h"
#include "pppoe.h"

/* --- Wire constants ------------------------------------------------------------- */

#define PPPOE_ETH_DISC  0x8863
#define PPPOE_ETH_SESS  0x8864
#define PPPOE_ETH_MIN   60
#define PPPOE_MAX_VLAN  2
#define PPPOE_HDR_LEN   6
#define PPPOE_VER_TYPE  0x11

/* RFC 2516 5 codes */
#define PPPOE_CODE_SESS 0x00
#define PPPOE_CODE_PADO 0x07
#define PPPOE_CODE_PADI 0x09
#define PPPOE_CODE_PADR 0x19
#define PPPOE_CODE_PADS 0x65
#define PPPOE_CODE_PADT 0xa7

/* RFC 2516 appendix A, RFC 4638 tags */
#define PPPOE_TAG_EOL         0x0000
#define PPPOE_TAG_SERVICE     0x0101
#define PPPOE_TAG_AC_NAME     0x0102
#define PPPOE_TAG_HOST_UNIQ   0x0103
#define PPPOE_TAG_COOKIE      0x0104
#define PPPOE_TAG_RELAY_ID    0x0110
#define PPPOE_TAG_MAX_PAYLOAD 0x0120
#define PPPOE_TAG_SERVICE_ERR 0x0201
#define PPPOE_TAG_SYSTEM_ERR  0x0202
#define PPPOE_TAG_GENERIC_ERR 0x0203

/* PPP protocols */
#define PPP_IP     0x0021
#define PPP_IPV6   0x0057
#define PPP_IPCP   0x8021
#define PPP_IPV6CP 0x8057
#define PPP_LCP    0xc021
#define PPP_PAP    0xc023
#define PPP_CHAP   0xc223

/* RFC 1661 5 codes (IPCP uses 1..7) */
#define CP_CONF_REQ  1
#define CP_CONF_ACK  2
#define CP_CONF_NAK  3
#define CP_CONF_REJ  4
#define CP_TERM_REQ  5
#define CP_TERM_ACK  6
#define CP_CODE_REJ  7
#define CP_PROTO_REJ 8
#define CP_ECHO_REQ  9
#define CP_ECHO_REP  10
#define CP_DISC_REQ  11
#define CP_HDR_LEN   4

/* LCP options (RFC 1661 6) */
#define LCP_OPT_MRU   1
#define LCP_OPT_AUTH  3
#define LCP_OPT_MAGIC 5
#define CHAP_ALG_MD5  5

/* IPCP options (RFC 1332 3, RFC 1877) */
#define IPCP_OPT_ADDR 3
#define IPCP_OPT_DNS1 129
#define IPCP_OPT_DNS2 131

/* IPv6CP options (RFC 5072 4) */
#define IPV6CP_OPT_IFID 1
#define IPV6CP_IFID_LEN 10

#define PPPOE_CP_REQ_MAX   32  /**< our Configure-Request options, at most */
#define PPPOE_LOOPBACK_MAX 3   /**< own Magic-Numbers seen before declaring a loop */
#define PPPOE_RATE_WAYS    4
#define PPPOE_NO_SLOT      UINT32_MAX
#define PPPOE_SID_SPACE    65536

/* --- Received frames -------------------------------------------------------------- */

/** VLAN tags as on the wire (TPID, TCI), outer first. */
struct pppoe_tags {
	uint8_t n;
	uint8_t b[4 * PPPOE_MAX_VLAN];
};

/** A received frame, parsed once by pppoe_input(). */
struct pppoe_rx {
	const uint8_t *pl;        /**< PPPoE payload (after the 6-byte header) */
	uint16_t pl_len;          /**< from the PPPoE length field */
	uint16_t port;
	uint8_t code;
	uint16_t sid;
	uint16_t svlan, cvlan;
	struct rte_ether_addr dst, src;
	struct pppoe_tags tags;   /**< copied into answers */
	uint32_t now;
};

/* --- Sessions ----------------------------------------------------------------------- */

/** The control protocols that run an RFC 1661 automaton. */
enum pppoe_layer {
	PPPOE_L_LCP = 0,
	PPPOE_L_IPCP,
	PPPOE_L_IPV6CP,
	PPPOE_L_MAX,
};

/** One RFC 1661 automaton (LCP, IPCP or IPv6CP of a session). */
struct pppoe_fsm {
	uint8_t state;            /**< enum pppoe_cp_state */
	uint8_t layer;            /**< enum pppoe_layer */
	uint8_t id;               /**< identifier of our last Configure- or Terminate-Request */
	uint8_t pending;          /**< our Configure-Request awaits its answer */
	uint8_t restart;          /**< restart counter */
	uint8_t naks;             /**< Configure-Naks sent since the last Ack sent (Max-Failure) */
	uint8_t timer_on;
	uint8_t req_len;
	uint32_t deadline;
	uint8_t req[PPPOE_CP_REQ_MAX]; /**< options of our last Configure-Request */
};

enum pppoe_auth_state {
	AUTH_ST_IDLE = 0,
	AUTH_ST_WAIT_PEER,        /**< PAP: no request yet; CHAP: challenge sent */
	AUTH_ST_WAIT_VERDICT,     /**< credentials handed to the caller */
	AUTH_ST_DONE,             /**< verdict given (auth_ok) */
};

struct pppoe_sess {
	uint32_t handle;
	uint16_t sid;
	uint16_t port;
	uint16_t svlan, cvlan;
	struct rte_ether_addr mac;
	struct pppoe_tags tags;
	uint8_t in_use;
	uint8_t phase;            /**< enum pppoe_phase */
	uint8_t closing;          /**< pppoe_sess_close() ran: LCP terminating or done */
	uint8_t finished;         /**< PADT sent / received and SESSION_DOWN given: free it */
	uint8_t up;               /**< SESSION_UP given */
	uint8_t down_reason;      /**< the first reason to end, kept */
	uint8_t pending_close;    /**< reason to close with once the current event is done */
	uint8_t lcp_seen;         /**< an LCP packet came from the client */
	uint8_t lcp_done;         /**< LCP This-Layer-Finished: PADT and SESSION_DOWN due */
	/* LCP negotiation */
	uint8_t send_mru, send_magic, send_auth;
	uint8_t auth_idx;         /**< index in cfg.auth of the protocol offered */
	uint8_t auth_tried;       /**< bit per cfg.auth index refused by the client */
	uint8_t loops;            /**< our Magic-Number seen coming back */
	uint16_t max_mru;         /**< 1492, or the RFC 4638 payload agreed in discovery */
	uint16_t our_mru;
	uint16_t peer_mru;
	uint32_t magic, peer_magic;
	/* authentication */
	uint8_t auth_proto;       /**< enum pppoe_auth_proto settled when LCP opened */
	uint8_t auth_state;       /**< enum pppoe_auth_state */
	uint8_t auth_id;          /**< CHAP challenge / PAP request identifier */
	uint8_t auth_ok;
	uint8_t auth_retx;        /**< CHAP challenges left to send */
	uint8_t msg_len;
	char msg[PPPOE_MSG_MAX];  /**< the verdict message, for retransmitted requests */
	uint8_t challenge[PPPOE_CHALLENGE_LEN];
	uint8_t user_len;
	char user[PPPOE_USER_MAX + 1];
	/* network */
	uint8_t has_addr;
	uint8_t send_addr;        /**< our IP-Address in IPCP requests */
	uint32_t addr, dns1, dns2;
	uint8_t send_ifid;        /**< our Interface-Identifier in IPv6CP requests */
	uint64_t ifid, peer_ifid; /**< IPv6CP Interface-Identifiers (RFC 5072 4.1); 0: none */
	/* keepalive */
	uint8_t echo_off;         /**< the client Code-Rejected Echo-Request */
	uint8_t echo_out;         /**< unanswered in a row */
	uint8_t echo_id;
	uint8_t rej_id;           /**< identifier of our last Code- or Protocol-Reject */
	uint32_t echo_sent, echo_replies;
	/* timers: each armed when its flag is set */
	uint8_t t_auth, t_chap, t_net, t_echo;
	uint32_t auth_deadline, chap_deadline, net_deadline, echo_deadline;
	uint32_t created_ms, up_ms;
	/* PADR retransmission detection */
	uint16_t hu_len;
	uint32_t hu_crc;
	uint32_t live_idx;        /**< place in pppoe.live */
	int32_t mac_pos;          /**< position in the per-MAC hash */
	struct pppoe_fsm lcp, ipcp, ipv6cp;
};

/** Per-MAC PADI token bucket; tokens in thousandths of a PADI. */
struct pppoe_rate_slot {
	struct rte_ether_addr mac;
	uint8_t valid;
	uint32_t last_ms;
	uint64_t tokens;
};

struct pppoe_port {
	uint8_t enabled;
	uint8_t rate_valid;       /**< the bucket below has been filled once */
	struct rte_ether_addr mac;
	uint32_t last_ms;         /**< PADI bucket of the port */
	uint64_t tokens;
	uint8_t padt_valid;       /**< the unknown-session PADT bucket has been filled once */
	uint32_t padt_last_ms;
	uint64_t padt_tokens;
};

struct pppoe {
	struct pppoe_config cfg;
	struct pppoe_stats st;
	struct pppoe_port ports[RTE_MAX_ETHPORTS];
	uint8_t secret[16];
	struct pppoe_sess *sess;  /**< [cfg.max_sessions] */
	uint32_t *sid_slot;       /**< [65536] session id -> slot + 1, 0: none */
	uint16_t *sid_gen;        /**< [65536] generation of each id's current or last use */
	uint16_t *sid_free;       /**< ring of free session ids, FIFO */
	uint32_t sid_head, sid_count;
	uint32_t *slot_free;      /**< stack of free slots */
	uint32_t n_slot_free;
	uint32_t *live;           /**< slots in use, dense; removal swaps the last in */
	uint32_t n_live;
	uint32_t cursor;          /**< pppoe_timer()'s next place in live[] */
	struct rte_hash *mac_h;   /**< (port, MAC) -> position in mac_cnt / mac_last */
	uint16_t *mac_cnt;
	uint16_t *mac_last;       /**< the MAC's newest session id */
	struct pppoe_rate_slot *rate; /**< [rate_sets * PPPOE_RATE_WAYS] */
	uint32_t rate_sets;
	char name[PPPOE_NAME_MAX];
};

/* --- Small helpers --------------------------------------------------------------- */

/** Is there room in @p o for a call's worst case? */
static inline int
pppoe_out_room(const struct pppoe_out *o)
{
	return o->n_frames + PPPOE_ROOM_FRAMES <= PPPOE_OUT_FRAMES &&
	       o->n_events + PPPOE_ROOM_EVENTS <= PPPOE_OUT_EVENTS;
}

/* --- pppoe.c: frames and events ----------------------------------------------------- */

/**
 * Start a frame for @p port in @p o: Ethernet header from our port MAC, the
 * VLAN tags, the EtherType, and the PPPoE header with @p code and @p sid
 * (its length written by pppoe_frame_end()). @return the frame (*off past
 * the PPPoE header) or NULL when @p o is full.
 */
struct pppoe_frame *pppoe_frame_start(struct pppoe *e, struct pppoe_out *o, uint16_t port,
				      const struct rte_ether_addr *dst,
				      const struct pppoe_tags *tags, uint16_t ethertype,
				      uint8_t code, uint16_t sid, uint16_t *off);

/**
 * Finish a frame whose PPPoE payload starts at @p pl_off (the *off that
 * pppoe_frame_start() gave) and ends at @p end: length field, padding.
 */
void pppoe_frame_end(struct pppoe_out *o, struct pppoe_frame *f, uint16_t pl_off, uint16_t end);

/** Append an event about @p s, filled with the session's identity; NULL when @p o is full. */
struct pppoe_event *pppoe_event_put(struct pppoe_out *o, uint8_t type, const struct pppoe_sess *s);

/* --- pppoe_session.c ------------------------------------------------------------------ */

/** The session of id @p sid, or NULL. */
struct pppoe_sess *pppoe_sess_by_sid(const struct pppoe *e, uint16_t sid);

/** The session of @p handle (id and generation), or NULL. */
struct pppoe_sess *pppoe_sess_by_handle(const struct pppoe *e, uint32_t handle);

/** Sessions of (@p port, @p mac); *last_sid set to the newest's id when any. */
uint16_t pppoe_mac_sessions(const struct pppoe *e, uint16_t port, const struct rte_ether_addr *mac,
			    uint16_t *last_sid);

/**
 * A new session for the client of @p rx: id, slot, per-MAC count.
 * @return it, or NULL: -ENOSPC (table or ids exhausted) in *err.
 */
struct pppoe_sess *pppoe_sess_alloc(struct pppoe *e, const struct pppoe_rx *rx, int *err);

/** Give back a session's id, slot and per-MAC count. */
void pppoe_sess_release(struct pppoe *e, struct pppoe_sess *s);

/** PADI token buckets: per MAC, then per port. @return PPPOE_R_OK or the limit hit. */
/** May a PADT answer an unknown session's frame on @p port now? (1: yes, token taken) */
int pppoe_padt_unknown_allow(struct pppoe *e, uint16_t port, uint32_t now);

enum pppoe_reason pppoe_padi_allow(struct pppoe *e, uint16_t port, const struct rte_ether_addr *mac,
				   uint32_t now);

/** Fill @p info from @p s at @p now. */
void pppoe_sess_info(const struct pppoe_sess *s, uint32_t now, struct pppoe_session_info *info);

/* --- pppoe_disc.c ------------------------------------------------------------------- */

enum pppoe_reason pppoe_disc_input(struct pppoe *e, const struct pppoe_rx *rx,
				   struct pppoe_out *out);

/** Answer the session frame @p rx of an unknown session with a PADT (rate-limited per port). */
void pppoe_padt_unknown(struct pppoe *e, const struct pppoe_rx *rx, struct pppoe_out *out);

/** Send a PADT for @p s. */
void pppoe_padt_send(struct pppoe *e, struct pppoe_sess *s, struct pppoe_out *out);

/* --- pppoe_fsm.c: the RFC 1661 automaton -------------------------------------------- */

/** A received Configure-Request, answered by the protocol's option code. */
struct pppoe_cp_rx {
	uint8_t code, id;
	const uint8_t *data;      /**< after the 4-byte header */
	uint16_t len;             /**< data length */
	const uint8_t *pkt;       /**< the whole packet (for Code-Reject) */
	uint16_t pkt_len;
};

/**
 * The header of the control packet @p p (@p len bytes after the PPP
 * protocol field); octets past its Length are padding (RFC 1661 5).
 * @return PPPOE_R_OK or PPPOE_R_CP_TRUNC.
 */
static inline enum pppoe_reason
pppoe_cp_parse(const uint8_t *p, uint16_t len, struct pppoe_cp_rx *cp)
{
	uint16_t l;

	if (len < CP_HDR_LEN)
		return PPPOE_R_CP_TRUNC;
	l = bng_get16(p + 2);
	if (l < CP_HDR_LEN || l > len)
		return PPPOE_R_CP_TRUNC;
	cp->code = p[0];
	cp->id = p[1];
	cp->data = p + CP_HDR_LEN;
	cp->len = (uint16_t)(l - CP_HDR_LEN);
	cp->pkt = p;
	cp->pkt_len = l;
	return PPPOE_R_OK;
}

void pppoe_fsm_init(struct pppoe_fsm *f, enum pppoe_layer layer);
void pppoe_fsm_up(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
		  struct pppoe_out *out);
void pppoe_fsm_down(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f);
void pppoe_fsm_open(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
		    struct pppoe_out *out);
void pppoe_fsm_close(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
		     struct pppoe_out *out);
void pppoe_fsm_timeout(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
		       struct pppoe_out *out);
/** The peer Protocol-Rejected this automaton's protocol (RXJ-, RFC 1661 4.1). */
void pppoe_fsm_rxj(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f, uint32_t now,
		   struct pppoe_out *out);
/** Codes 1..7 of a control protocol. @return PPPOE_R_OK or why it was dropped. */
enum pppoe_reason pppoe_fsm_input(struct pppoe *e, struct pppoe_sess *s, struct pppoe_fsm *f,
				  const struct pppoe_cp_rx *cp, uint32_t now,
				  struct pppoe_out *out);

/** Send a control packet @p code / @p id with @p len bytes of @p data on @p proto. */
void pppoe_cp_send(struct pppoe *e, struct pppoe_sess *s, uint16_t proto, uint8_t code,
		   uint8_t id, const uint8_t *data, uint16_t len, struct pppoe_out *out);

/** Send a packet built as @p a then @p b (either may be empty), cut to the client's MRU. */
void pppoe_cp_send2(struct pppoe *e, struct pppoe_sess *s, uint16_t proto, uint8_t code,
		    uint8_t id, const uint8_t *a, uint16_t alen, const uint8_t *b, uint16_t blen,
		    struct pppoe_out *out);

/* --- pppoe_ppp.c: LCP, IPCP and IPv6CP ------------------------------------------------ */

/** Our Configure-Request options. @return their length (<= PPPOE_CP_REQ_MAX). */
uint16_t pppoe_cp_build_req(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer,
			    uint8_t *buf);

/**
 * Answer the client's Configure-Request options @p opt: the Ack, Nak or
 * Reject options in @p resp. @return CP_CONF_ACK/NAK/REJ, or -1 (malformed).
 */
int pppoe_cp_check_req(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer,
		       const uint8_t *opt, uint16_t len, int nak_ok, uint8_t *resp,
		       uint16_t *resp_len);

/** Apply a Configure-Nak / -Reject of our request. @return 0, or -1 (invalid: discard). */
int pppoe_cp_rcv_nak(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer, int rej,
		     const uint8_t *opt, uint16_t len);

/** This-Layer-Up / -Down / -Finished of each layer (This-Layer-Started does nothing here). */
void pppoe_cp_tlu(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer, uint32_t now,
		  struct pppoe_out *out);
void pppoe_cp_tld(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer);
void pppoe_cp_tlf(struct pppoe *e, struct pppoe_sess *s, enum pppoe_layer layer);

/** A session frame's PPP packet @p p of @p len bytes. */
enum pppoe_reason pppoe_ppp_input(struct pppoe *e, struct pppoe_sess *s, const uint8_t *p,
				  uint16_t len, uint32_t now, struct pppoe_out *out);

/** Start LCP on a new session (after its PADS). */
void pppoe_ppp_start(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out);

/** Enter the network phase: PPPOE_EV_NETWORK, the address deadline, IPv6CP opened when on. */
void pppoe_ppp_network(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out);

/** LCP is leaving Opened (the session ends): the NCPs go Down. */
void pppoe_ppp_ncps_down(struct pppoe *e, struct pppoe_sess *s);

/**
 * End the session for @p reason (the first reason is kept): LCP Close, or
 * finish at once when LCP is not negotiating.
 */
void pppoe_sess_close(struct pppoe *e, struct pppoe_sess *s, uint8_t reason, uint32_t now,
		      struct pppoe_out *out);

/** PADT (when @p padt) and SESSION_DOWN; the session is freed by the caller's pppoe_sess_post(). */
void pppoe_sess_finish(struct pppoe *e, struct pppoe_sess *s, int padt, uint32_t now,
		       struct pppoe_out *out);

/** After each event: run a deferred close, finish once LCP finished, free a finished session. */
void pppoe_sess_post(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out);

/** One session's timers. */
void pppoe_sess_timer(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out);

/* --- pppoe_auth.c ------------------------------------------------------------------------ */

/** LCP opened with authentication: PAP waits, CHAP challenges. */
void pppoe_auth_start(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out);
enum pppoe_reason pppoe_pap_input(struct pppoe *e, struct pppoe_sess *s, const uint8_t *p,
				  uint16_t len, uint32_t now, struct pppoe_out *out);
enum pppoe_reason pppoe_chap_input(struct pppoe *e, struct pppoe_sess *s, const uint8_t *p,
				   uint16_t len, uint32_t now, struct pppoe_out *out);
/** CHAP retransmissions and the authentication deadline. */
void pppoe_auth_timer(struct pppoe *e, struct pppoe_sess *s, uint32_t now, struct pppoe_out *out);

/* --- pppoe_md5.c -------------------------------------------------------------------------- */

/** HMAC-MD5 (RFC 2104) with a 16-byte key. */
void pppoe_hmac_md5(const uint8_t key[16], const void *data, size_t len,
		    uint8_t mac[PPPOE_MD5_LEN]);

#endif /* PPPOE_PRIV_H */
