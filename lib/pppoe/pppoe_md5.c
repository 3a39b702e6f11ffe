/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * MD5 for CHAP-MD5 (RFC 1994) and HMAC-MD5 (RFC 2104) for the AC-Cookie,
 * from OpenSSL's libcrypto. MD5 is weak against collisions, not against
 * the uses here (a challenge-response and a keyed MAC).
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "pppoe_priv.h"

/* MD5 over up to three pieces; NULL pieces are skipped. */
static void
md5_3(const void *a, size_t al, const void *b, size_t bl, const void *c, size_t cl,
      uint8_t digest[PPPOE_MD5_LEN])
{
	EVP_MD_CTX *x = EVP_MD_CTX_new();
	unsigned int n = 0;

	/* Only allocation can fail here; a zeroed digest then matches nothing. */
	if (x == NULL || EVP_DigestInit_ex(x, EVP_md5(), NULL) != 1 ||
	    (a != NULL && EVP_DigestUpdate(x, a, al) != 1) ||
	    (b != NULL && EVP_DigestUpdate(x, b, bl) != 1) ||
	    (c != NULL && EVP_DigestUpdate(x, c, cl) != 1) ||
	    EVP_DigestFinal_ex(x, digest, &n) != 1 || n != PPPOE_MD5_LEN)
		memset(digest, 0, PPPOE_MD5_LEN);
	EVP_MD_CTX_free(x);
}

void
pppoe_md5(const void *data, size_t len, uint8_t digest[PPPOE_MD5_LEN])
{
	md5_3(data, len, NULL, 0, NULL, 0, digest);
}

void
pppoe_hmac_md5(const uint8_t key[16], const void *data, size_t len, uint8_t mac[PPPOE_MD5_LEN])
{
	unsigned int n = 0;

	if (HMAC(EVP_md5(), key, 16, data, len, mac, &n) == NULL || n != PPPOE_MD5_LEN)
		memset(mac, 0, PPPOE_MD5_LEN);
}

void
pppoe_chap_md5(uint8_t id, const void *secret, size_t secret_len, const uint8_t *challenge,
	       size_t challenge_len, uint8_t response[PPPOE_MD5_LEN])
{
	md5_3(&id, 1, secret, secret_len, challenge, challenge_len, response);
}

int
pppoe_chap_md5_check(uint8_t id, const void *secret, size_t secret_len, const uint8_t *challenge,
		     size_t challenge_len, const uint8_t response[PPPOE_MD5_LEN])
{
	uint8_t want[PPPOE_MD5_LEN];

	if (secret == NULL || challenge == NULL || response == NULL)
		return 0;
	pppoe_chap_md5(id, secret, secret_len, challenge, challenge_len, want);
	return CRYPTO_memcmp(want, response, PPPOE_MD5_LEN) == 0;
}
