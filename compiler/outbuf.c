/*
 * outbuf.c — the IR emitters' buffered writer and line/column cache.
 *
 * The emitters write many short pieces (a key, a number, a literal); going
 * through stdio for each cost more than the bytes themselves, so pieces are
 * copied into one 64 KiB buffer and written in blocks.  The cache is
 * direct-mapped on (file, offset): a target refers to the settings and
 * requirements of its ancestors, which other targets print again.
 */
#include "outbuf.h"

#include <stdlib.h>

enum { LC_BITS = 12 };

struct OutLc {
    uint64_t key; /* (file << 32 | offset) + 1; 0 = empty */
    LineCol lc;
};

void outbuf_init(OutBuf *o, FILE *f)
{
    o->f = f;
    o->b = xmalloc(OUTBUF_CAP);
    o->n = 0;
    o->cap = OUTBUF_CAP;
    o->rc = 0;
    o->lc = xcalloc((size_t)1 << LC_BITS, sizeof *o->lc);
}

void outbuf_init_mem(OutBuf *o, const OutBuf *from)
{
    o->f = NULL;
    o->cap = 256;
    o->b = xmalloc(o->cap);
    o->n = 0;
    o->rc = 0;
    o->lc = from->lc;
}

char *outbuf_take(OutBuf *o, size_t *len)
{
    outbuf_put(o, "", 1);
    *len = o->n - 1;
    char *b = o->b;
    o->b = NULL;
    return b;
}

void outbuf_flush(OutBuf *o)
{
    if (!o->f)
        return;
    if (o->n && fwrite(o->b, 1, o->n, o->f) != o->n)
        o->rc = -1;
    o->n = 0;
}

int outbuf_finish(OutBuf *o)
{
    outbuf_flush(o);
    free(o->b);
    free(o->lc);
    o->b = NULL;
    o->lc = NULL;
    return o->rc || ferror(o->f) ? -1 : 0;
}

void outbuf_discard(void *ob)
{
    OutBuf *o = ob;
    free(o->b);
    if (o->f)
        free(o->lc);
    o->b = NULL;
    o->lc = NULL;
}

void outbuf_put_slow(OutBuf *o, const char *p, size_t n)
{
    if (!o->f) {
        while (o->cap - o->n < n)
            o->cap *= 2;
        o->b = xrealloc(o->b, o->cap);
        memcpy(o->b + o->n, p, n);
        o->n += n;
        return;
    }
    outbuf_flush(o);
    if (n > OUTBUF_CAP) {
        if (fwrite(p, 1, n, o->f) != n)
            o->rc = -1;
        return;
    }
    memcpy(o->b, p, n);
    o->n = n;
}

void outbuf_int(OutBuf *o, long long v)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    outbuf_put(o, p, (size_t)(buf + sizeof buf - p));
}

LineCol outbuf_linecol(OutBuf *o, Session *s, uint32_t file, uint32_t offset)
{
    uint64_t key = ((uint64_t)file << 32 | offset) + 1;
    OutLc *c = &o->lc[(key * 0x9E3779B97F4A7C15ull) >> (64 - LC_BITS)];
    if (c->key != key) {
        c->key = key;
        c->lc = source_linecol(source_get(s, file), offset);
    }
    return c->lc;
}
