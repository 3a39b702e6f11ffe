/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * BOOTP/DHCP codec: a parser that checks every length against the field
 * it lives in and names the first malformation it meets, and the writer of
 * OFFER/ACK/NAK replies. Neither allocates; both are bounded by the
 * message length (each option step moves forward by at least one octet).
 */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>

#include "bng_stats.h"
#include "dhcp.h"

/* Offsets in the fixed part of a BOOTP message (RFC 2131 figure 1). */
#define OFF_OP     0
#define OFF_HTYPE  1
#define OFF_HLEN   2
#define OFF_HOPS   3
#define OFF_XID    4
#define OFF_SECS   8
#define OFF_FLAGS  10
#define OFF_CIADDR 12
#define OFF_YIADDR 16
#define OFF_SIADDR 20
#define OFF_GIADDR 24
#define OFF_CHADDR 28
#define OFF_SNAME  44
#define OFF_FILE   108
#define OFF_COOKIE 236
#define LEN_CHADDR 16
#define LEN_SNAME  64
#define LEN_FILE   128

#define OVERLOAD_FILE  1
#define OVERLOAD_SNAME 2

static const char *const type_names[DHCP_TYPE_MAX] = {
#define DHCP_TYPE_NAME(e, v, n) [v] = n,
	DHCP_FOREACH_TYPE(DHCP_TYPE_NAME)
#undef DHCP_TYPE_NAME
};

BNG_ENUM_STRINGS(DHCP_FOREACH_ERR, dhcp_err_name, dhcp_err_help)

const char *
dhcp_msg_type_name(unsigned int type)
{
	return type < DHCP_TYPE_MAX && type_names[type] != NULL ? type_names[type] : "?";
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Addresses are kept as they are on the wire (network order). */
static uint32_t
get_addr(const uint8_t *p)
{
	uint32_t a;

	memcpy(&a, p, 4);
	return a;
}

/* Option 82: a list of sub-option/length/value, no pad, no end (RFC 3046 2.0). */
static enum dhcp_err
parse_agent(const uint8_t *v, uint8_t len, struct dhcp_msg *m)
{
	unsigned int i = 0;

	if (len < 2)
		return DHCP_ERR_BAD_OPT_LEN;
	memcpy(m->agent, v, len);
	m->agent_len = len;
	m->has_agent = 1;
	while (i < len) {
		uint8_t code, sl;

		if (i + 2u > len)
			return DHCP_ERR_BAD_AGENT;
		code = v[i];
		sl = v[i + 1];
		if (i + 2u + sl > len)
			return DHCP_ERR_BAD_AGENT;
		if (code == DHCP_AGENT_CIRCUIT_ID) {
			if (m->has_circuit)
				return DHCP_ERR_BAD_AGENT;
			m->has_circuit = 1;
			m->circuit_len = sl;
			memcpy(m->circuit_id, v + i + 2, sl);
		} else if (code == DHCP_AGENT_REMOTE_ID) {
			if (m->has_remote)
				return DHCP_ERR_BAD_AGENT;
			m->has_remote = 1;
			m->remote_len = sl;
			memcpy(m->remote_id, v + i + 2, sl);
		}
		i += 2u + sl;
	}
	return DHCP_ERR_NONE;
}

/*
 * One option the server reads; others are skipped. Each may appear once:
 * a second copy would let the client say two things at once (RFC 2131 4.1:
 * options appear only once unless the options document says otherwise).
 */
static enum dhcp_err
parse_option(uint8_t code, const uint8_t *v, uint8_t len, int in_options, uint64_t seen[4],
	     struct dhcp_msg *m)
{
	uint64_t bit = 1ull << (code & 63);

	/* Only the options field may say where more options are. */
	if (code == DHCP_OPT_OVERLOAD && !in_options)
		return DHCP_ERR_BAD_OVERLOAD;
	switch (code) {
	case DHCP_OPT_MSG_TYPE:
	case DHCP_OPT_REQUESTED_IP:
	case DHCP_OPT_SERVER_ID:
	case DHCP_OPT_LEASE_TIME:
	case DHCP_OPT_MAX_MSG_SIZE:
	case DHCP_OPT_OVERLOAD:
	case DHCP_OPT_CLIENT_ID:
	case DHCP_OPT_HOSTNAME:
	case DHCP_OPT_PARAM_LIST:
	case DHCP_OPT_AGENT_INFO:
		if (seen[code >> 6] & bit)
			return DHCP_ERR_DUP_OPTION;
		seen[code >> 6] |= bit;
		break;
	default:
		return DHCP_ERR_NONE;
	}
	switch (code) {
	case DHCP_OPT_MSG_TYPE:
		if (len != 1)
			return DHCP_ERR_BAD_OPT_LEN;
		m->type = v[0];
		break;
	case DHCP_OPT_REQUESTED_IP:
		if (len != 4)
			return DHCP_ERR_BAD_OPT_LEN;
		m->requested_ip = get_addr(v);
		break;
	case DHCP_OPT_SERVER_ID:
		if (len != 4)
			return DHCP_ERR_BAD_OPT_LEN;
		m->server_id = get_addr(v);
		break;
	case DHCP_OPT_LEASE_TIME:
		if (len != 4)
			return DHCP_ERR_BAD_OPT_LEN;
		m->lease_time = get32(v);
		m->has_lease_time = 1;
		break;
	case DHCP_OPT_MAX_MSG_SIZE:
		/* RFC 2132 9.10: the minimum legal value is 576. */
		if (len != 2 || ((uint16_t)(v[0] << 8 | v[1])) < 576)
			return DHCP_ERR_BAD_OPT_LEN;
		m->max_msg_size = (uint16_t)(v[0] << 8 | v[1]);
		break;
	case DHCP_OPT_OVERLOAD:
		if (len != 1)
			return DHCP_ERR_BAD_OPT_LEN;
		if (v[0] < 1 || v[0] > 3)
			return DHCP_ERR_BAD_OVERLOAD;
		m->overload = v[0];
		break;
	case DHCP_OPT_CLIENT_ID:
		/* RFC 2132 9.14: type octet and at least one octet of id. */
		if (len < 2)
			return DHCP_ERR_BAD_OPT_LEN;
		memcpy(m->client_id, v, len);
		m->client_id_len = len;
		break;
	case DHCP_OPT_HOSTNAME:
		if (len < 1)
			return DHCP_ERR_BAD_OPT_LEN;
		memcpy(m->hostname, v, len);
		m->hostname[len] = '\0';
		m->hostname_len = len;
		break;
	case DHCP_OPT_PARAM_LIST:
		if (len < 1)
			return DHCP_ERR_BAD_OPT_LEN;
		memcpy(m->prl, v, len);
		m->prl_len = len;
		break;
	case DHCP_OPT_AGENT_INFO:
		return parse_agent(v, len, m);
	}
	return DHCP_ERR_NONE;
}

/* The options of one field (options, file or sname), which must end with an end option. */
static enum dhcp_err
parse_field(const uint8_t *p, size_t len, int in_options, uint64_t seen[4], struct dhcp_msg *m)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = p[i], olen;
		enum dhcp_err e;

		if (code == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (code == DHCP_OPT_END)
			return DHCP_ERR_NONE;
		if (i + 1 >= len)
			return DHCP_ERR_OPT_TRUNC;
		olen = p[i + 1];
		if (i + 2 + olen > len)
			return DHCP_ERR_OPT_OVERFLOW;
		e = parse_option(code, p + i + 2, olen, in_options, seen, m);
		if (e != DHCP_ERR_NONE)
			return e;
		i += 2u + olen;
	}
	return DHCP_ERR_NO_END;
}

enum dhcp_err
dhcp_msg_parse(const uint8_t *buf, size_t len, struct dhcp_msg *m)
{
	uint64_t seen[4] = { 0 };
	enum dhcp_err e;

	if (buf == NULL || m == NULL || len < DHCP_MIN_LEN)
		return DHCP_ERR_SHORT;
	/* Only the fixed fields: the option arrays are written when present. */
	memset(m, 0, offsetof(struct dhcp_msg, client_id));
	m->hostname[0] = '\0';
	m->op = buf[OFF_OP];
	m->htype = buf[OFF_HTYPE];
	m->hlen = buf[OFF_HLEN];
	m->hops = buf[OFF_HOPS];
	if (m->op != DHCP_OP_REQUEST && m->op != DHCP_OP_REPLY)
		return DHCP_ERR_BAD_OP;
	if (m->htype != DHCP_HTYPE_ETHER)
		return DHCP_ERR_BAD_HTYPE;
	if (m->hlen != RTE_ETHER_ADDR_LEN)
		return DHCP_ERR_BAD_HLEN;
	if (get32(buf + OFF_COOKIE) != DHCP_MAGIC)
		return DHCP_ERR_BAD_COOKIE;
	memcpy(&m->xid, buf + OFF_XID, 4);
	m->secs = (uint16_t)(buf[OFF_SECS] << 8 | buf[OFF_SECS + 1]);
	m->flags = (uint16_t)(buf[OFF_FLAGS] << 8 | buf[OFF_FLAGS + 1]);
	m->ciaddr = get_addr(buf + OFF_CIADDR);
	m->yiaddr = get_addr(buf + OFF_YIADDR);
	m->siaddr = get_addr(buf + OFF_SIADDR);
	m->giaddr = get_addr(buf + OFF_GIADDR);
	memcpy(m->chaddr.addr_bytes, buf + OFF_CHADDR, RTE_ETHER_ADDR_LEN);

	e = parse_field(buf + DHCP_MIN_LEN, len - DHCP_MIN_LEN, 1, seen, m);
	/* RFC 2131 4.1: file is read before sname. */
	if (e == DHCP_ERR_NONE && (m->overload & OVERLOAD_FILE))
		e = parse_field(buf + OFF_FILE, LEN_FILE, 0, seen, m);
	if (e == DHCP_ERR_NONE && (m->overload & OVERLOAD_SNAME))
		e = parse_field(buf + OFF_SNAME, LEN_SNAME, 0, seen, m);
	if (e != DHCP_ERR_NONE)
		return e;
	if (!(seen[DHCP_OPT_MSG_TYPE >> 6] & 1ull << (DHCP_OPT_MSG_TYPE & 63)))
		return DHCP_ERR_NO_TYPE;
	if (m->type < DHCP_DISCOVER || m->type > DHCP_INFORM)
		return DHCP_ERR_BAD_TYPE;
	return DHCP_ERR_NONE;
}

/* --- Writer ----------------------------------------------------------------- */

struct opt_writer {
	uint8_t *buf;
	size_t pos, limit;
};

static int
put_opt(struct opt_writer *w, uint8_t code, const void *v, size_t len)
{
	if (len > DHCP_OPT_DATA_MAX || w->pos + 2 + len > w->limit)
		return -ENOSPC;
	w->buf[w->pos] = code;
	w->buf[w->pos + 1] = (uint8_t)len;
	memcpy(w->buf + w->pos + 2, v, len);
	w->pos += 2 + len;
	return 0;
}

static int
put_opt32(struct opt_writer *w, uint8_t code, uint32_t host_value)
{
	uint32_t be = rte_cpu_to_be_32(host_value);

	return put_opt(w, code, &be, 4);
}

int
dhcp_msg_write_reply(uint8_t *buf, size_t limit, const struct dhcp_msg *req,
		     const struct dhcp_reply_params *p, unsigned int *omitted)
{
	static const uint8_t cookie[4] = { 0x63, 0x82, 0x53, 0x63 };
	struct opt_writer w = { .buf = buf, .pos = DHCP_MIN_LEN };
	size_t tail, domain_len = 0;
	unsigned int left_out = 0;
	uint8_t type;
	uint16_t flags_be;

	if (buf == NULL || req == NULL || p == NULL || limit < DHCP_BOOTP_MIN ||
	    p->n_dns > DHCP_MAX_DNS ||
	    (p->type != DHCP_OFFER && p->type != DHCP_ACK && p->type != DHCP_NAK))
		return -EINVAL;
	memset(buf, 0, DHCP_BOOTP_MIN);
	buf[OFF_OP] = DHCP_OP_REPLY;
	buf[OFF_HTYPE] = DHCP_HTYPE_ETHER;
	buf[OFF_HLEN] = RTE_ETHER_ADDR_LEN;
	memcpy(buf + OFF_XID, &req->xid, 4);
	flags_be = rte_cpu_to_be_16(p->flags);
	memcpy(buf + OFF_FLAGS, &flags_be, 2);
	memcpy(buf + OFF_CIADDR, &p->ciaddr, 4);
	memcpy(buf + OFF_YIADDR, &p->yiaddr, 4);
	memcpy(buf + OFF_GIADDR, &req->giaddr, 4);
	memcpy(buf + OFF_CHADDR, req->chaddr.addr_bytes, RTE_ETHER_ADDR_LEN);
	memcpy(buf + OFF_COOKIE, cookie, 4);

	/* Room kept at the end for the echoed option 82 and the end option. */
	tail = 1 + (req->has_agent ? 2u + req->agent_len : 0);
	if (limit < DHCP_MIN_LEN + tail)
		return -ENOSPC;
	w.limit = limit - tail;
	type = p->type;
	if (put_opt(&w, DHCP_OPT_MSG_TYPE, &type, 1) != 0 ||
	    put_opt(&w, DHCP_OPT_SERVER_ID, &p->server_id, 4) != 0)
		return -ENOSPC;
	if (p->lease_s != 0) {
		uint32_t t1 = p->lease_s / 2;
		uint32_t t2 = (uint32_t)((uint64_t)p->lease_s * 7 / 8);

		if (put_opt32(&w, DHCP_OPT_LEASE_TIME, p->lease_s) != 0 ||
		    put_opt32(&w, DHCP_OPT_T1, t1) != 0 || put_opt32(&w, DHCP_OPT_T2, t2) != 0)
			return -ENOSPC;
	}
	if (p->message != NULL)
		left_out += put_opt(&w, DHCP_OPT_MESSAGE, p->message,
				    strnlen(p->message, DHCP_OPT_DATA_MAX)) != 0;
	/* Most needed first, so a short limit drops the domain before the mask. */
	if (p->mask != 0)
		left_out += put_opt(&w, DHCP_OPT_SUBNET_MASK, &p->mask, 4) != 0;
	if (p->router != 0)
		left_out += put_opt(&w, DHCP_OPT_ROUTER, &p->router, 4) != 0;
	if (p->n_dns != 0)
		left_out += put_opt(&w, DHCP_OPT_DNS, p->dns, 4 * p->n_dns) != 0;
	if (p->domain != NULL)
		domain_len = strnlen(p->domain, DHCP_DOMAIN_MAX);
	if (domain_len != 0)
		left_out += put_opt(&w, DHCP_OPT_DOMAIN, p->domain, domain_len) != 0;
	/* RFC 3046 2.2: echoed unchanged, and SHOULD be the last option. */
	w.limit = limit - 1;
	if (req->has_agent && put_opt(&w, DHCP_OPT_AGENT_INFO, req->agent, req->agent_len) != 0)
		return -ENOSPC;
	buf[w.pos++] = DHCP_OPT_END;
	if (w.pos < DHCP_BOOTP_MIN)
		w.pos = DHCP_BOOTP_MIN; /* the zeroes written above are pad options */
	if (omitted != NULL)
		*omitted = left_out;
	return (int)w.pos;
}
