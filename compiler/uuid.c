/*
 * uuid.c — SHA-1 (FIPS 180-4) and name-based UUIDs, version 5 (RFC 4122
 * §4.3), for the OSCAL writers: every OSCAL object needs a UUID, and the
 * same input must give the same bytes, so UUIDs are derived from names.
 *
 * SHA-1 is written here rather than linked: libsmm links only jansson (and
 * opens libxml2 on demand), neither exports a hash, and OpenSSL would be a
 * new dependency for eighty lines.  SHA-1 is used only as RFC 4122 asks,
 * to spread names over UUIDs, not for security.  Pure functions, no state;
 * tests/unit/test_uuid.c checks them against the FIPS and RFC vectors.
 */
#include "smmc.h"

#include <string.h>

static uint32_t rol(uint32_t x, int n)
{
    return x << n | x >> (32 - n);
}

/* One 64-byte block into the state h. */
static void sha1_block(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[i * 4] << 24 | (uint32_t)p[i * 4 + 1] << 16 | (uint32_t)p[i * 4 + 2] << 8 |
               (uint32_t)p[i * 4 + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

/* SHA-1 of the concatenation of two byte strings (RFC 4122 hashes a
 * namespace followed by a name; no copy needed). */
static void sha1_2(const void *a, size_t alen, const void *b, size_t blen, unsigned char out[20])
{
    uint32_t h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    unsigned char block[64];
    size_t fill = 0;
    const unsigned char *parts[2] = {a, b};
    size_t lens[2] = {alen, blen};
    for (int k = 0; k < 2; k++) {
        const unsigned char *p = parts[k];
        size_t n = lens[k];
        while (n > 0) {
            if (fill == 0 && n >= 64) {
                sha1_block(h, p);
                p += 64;
                n -= 64;
                continue;
            }
            size_t take = 64 - fill < n ? 64 - fill : n;
            memcpy(block + fill, p, take);
            fill += take;
            p += take;
            n -= take;
            if (fill == 64) {
                sha1_block(h, block);
                fill = 0;
            }
        }
    }
    uint64_t bits = ((uint64_t)alen + blen) * 8;
    block[fill++] = 0x80;
    if (fill > 56) {
        memset(block + fill, 0, 64 - fill);
        sha1_block(h, block);
        fill = 0;
    }
    memset(block + fill, 0, 56 - fill);
    for (int i = 0; i < 8; i++)
        block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    sha1_block(h, block);
    for (int i = 0; i < 5; i++) {
        out[i * 4] = (unsigned char)(h[i] >> 24);
        out[i * 4 + 1] = (unsigned char)(h[i] >> 16);
        out[i * 4 + 2] = (unsigned char)(h[i] >> 8);
        out[i * 4 + 3] = (unsigned char)h[i];
    }
}

void sha1(const void *data, size_t len, unsigned char out[20])
{
    sha1_2(data, len, "", 0, out);
}

void uuid_v5(const unsigned char ns[16], const char *name, size_t len, unsigned char out[16])
{
    unsigned char md[20];
    sha1_2(ns, 16, name, len, md);
    memcpy(out, md, 16);
    out[6] = (unsigned char)((out[6] & 0x0f) | 0x50); /* version 5 */
    out[8] = (unsigned char)((out[8] & 0x3f) | 0x80); /* the RFC 4122 variant */
}

void uuid_format(const unsigned char u[16], char out[37])
{
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex[u[i] >> 4];
        *o++ = hex[u[i] & 15];
    }
    *o = 0;
}

bool uuid_parse(const char *s, unsigned char out[16])
{
    int n = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '-' && (p - s == 8 || p - s == 13 || p - s == 18 || p - s == 23))
            continue;
        int v = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
                : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
        if (v < 0 || n >= 32)
            return false;
        if (n % 2 == 0)
            out[n / 2] = (unsigned char)(v << 4);
        else
            out[n / 2] |= (unsigned char)v;
        n++;
    }
    return n == 32 && strlen(s) == 36;
}
