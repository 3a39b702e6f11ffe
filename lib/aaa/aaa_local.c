/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Local users: when no RADIUS server is configured, lib/aaa answers from a
 * list of users given at creation (name, password, optional address),
 * indexed by name in an rte_hash. PAP compares the password, CHAP-MD5
 * checks MD5(identifier || secret || challenge) (RFC 1994 4.1) with
 * OpenSSL; both comparisons take the same time whatever the bytes.
 * Answers are immediate but still handed over by aaa_poll(), so the caller
 * has one path for local and RADIUS verdicts.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <rte_hash.h>
#include <rte_jhash.h>
#include <rte_malloc.h>

#include "aaa_priv.h"

struct aaa_local {
	struct rte_hash *by_name;        /**< key: the name, NUL-padded; data: its index */
	struct aaa_local_user *users;    /**< [n] */
	uint32_t n;
};

typedef char user_key[AAA_USER_MAX + 1];

static int
terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

int
aaa_local_check(const struct aaa_config *c)
{
	if (c->n_users == 0 || c->n_users > AAA_MAX_USERS || c->users == NULL)
		return -EINVAL;
	for (uint32_t i = 0; i < c->n_users; i++) {
		const struct aaa_local_user *u = &c->users[i];

		if (!terminated(u->name, sizeof(u->name)) || u->name[0] == '\0' ||
		    !terminated(u->password, sizeof(u->password)))
			return -EINVAL;
	}
	if (c->queue_size == 0 || c->queue_size > AAA_QUEUE_MAX ||
	    (c->queue_size & (c->queue_size - 1)) != 0)
		return -EINVAL;
	return 0;
}

int
aaa_local_open(struct aaa *a, int socket_id)
{
	char hname[RTE_HASH_NAMESIZE];
	struct aaa_local *l;
	user_key k;

	l = rte_zmalloc_socket("aaa_local", sizeof(*l), 0, socket_id);
	if (l == NULL)
		return -ENOMEM;
	a->local = l;
	snprintf(hname, sizeof(hname), "aaa_u_%s", a->name);
	l->by_name = rte_hash_create(&(struct rte_hash_parameters){
		.name = hname, .entries = RTE_MAX(a->cfg.n_users, 8u), .key_len = sizeof(user_key),
		.hash_func = rte_jhash, .socket_id = socket_id });
	l->users = rte_malloc_socket("aaa_users", sizeof(*l->users) * a->cfg.n_users, 0, socket_id);
	if (l->by_name == NULL || l->users == NULL)
		return -ENOMEM;
	memcpy(l->users, a->cfg.users, sizeof(*l->users) * a->cfg.n_users);
	l->n = a->cfg.n_users;
	a->cfg.users = NULL;   /* the caller's; ours is the copy */
	for (uint32_t i = 0; i < l->n; i++) {
		memset(k, 0, sizeof(k));
		strcpy(k, l->users[i].name);
		if (rte_hash_lookup(l->by_name, k) >= 0)
			return -EINVAL;
		if (rte_hash_add_key_data(l->by_name, k, (void *)(uintptr_t)i) < 0)
			return -ENOMEM;
	}
	return 0;
}

void
aaa_local_close(struct aaa *a)
{
	struct aaa_local *l = a->local;

	if (l == NULL)
		return;
	if (l->users != NULL)
		explicit_bzero(l->users, sizeof(*l->users) * l->n);
	rte_hash_free(l->by_name);
	rte_free(l->users);
	rte_free(l);
	a->local = NULL;
}

/* Equal strings, in a time that depends on the lengths only. */
static int
same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la == lb && CRYPTO_memcmp(a, b, la) == 0;
}

static int
chap_ok(const struct aaa_req *r, const char *secret)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c != NULL && EVP_DigestInit_ex(c, EVP_md5(), NULL) == 1 &&
		 EVP_DigestUpdate(c, &r->chap_id, 1) == 1 &&
		 EVP_DigestUpdate(c, secret, strlen(secret)) == 1 &&
		 EVP_DigestUpdate(c, r->u.chap.challenge, AAA_CHAP_LEN) == 1 &&
		 EVP_DigestFinal_ex(c, md, &n) == 1 && n == AAA_CHAP_LEN;

	EVP_MD_CTX_free(c);
	return ok && CRYPTO_memcmp(md, r->u.chap.response, AAA_CHAP_LEN) == 0;
}

void
aaa_local_answer(struct aaa *a, struct aaa_req *r)
{
	const struct aaa_local *l = a->local;
	const struct aaa_local_user *u = NULL;
	void *data;
	user_key k;
	int ok;

	memset(&r->res, 0, sizeof(r->res));
	r->res.tag = r->tag;
	r->res.request = r->request;
	memset(k, 0, sizeof(k));
	memcpy(k, r->user, strnlen(r->user, AAA_USER_MAX));
	if (rte_hash_lookup_data(l->by_name, k, &data) >= 0)
		u = &l->users[(uintptr_t)data];
	else
		a->stats.unknown_users++;
	if (r->request == AAA_REQ_PAP) {
		ok = u != NULL && same_secret(r->u.password, u->password);
		explicit_bzero(r->u.password, sizeof(r->u.password));
	} else {
		ok = u != NULL && chap_ok(r, u->password);
	}
	r->res.kind = ok ? AAA_RES_ACCEPT : AAA_RES_REJECT;
	if (ok) {
		r->res.framed_ip = u->framed_ip;
		snprintf(r->res.filter_id, sizeof(r->res.filter_id), "%s", u->filter_id);
	}
	r->res.interim_interval = a->cfg.interim_interval;
}
