/*
 * outbuf.h — the buffered writer the IR emitters share (outbuf.c): bytes go
 * to a FILE in 64 KiB blocks, the first write error is kept, and line and
 * column of source positions come through a small cache (the same few
 * settings and requirements are printed for many targets).  A buffer
 * without a FILE grows in memory instead: a writer renders a piece it will
 * print many times once, into such a buffer, and keeps the bytes.
 */
#ifndef SMMC_OUTBUF_H
#define SMMC_OUTBUF_H

#include "smmc.h"

#include <stdio.h>
#include <string.h>

enum { OUTBUF_CAP = 1 << 16 };

typedef struct OutLc OutLc;

typedef struct OutBuf {
    FILE *f;   /* NULL: in memory */
    char *b;
    size_t n, cap;
    int rc;    /* -1 after a failed write (or a writer's own error) */
    OutLc *lc; /* line/column cache */
} OutBuf;

void outbuf_init(OutBuf *o, FILE *f);
/* A buffer in memory sharing from's line/column cache; outbuf_take hands
 * its bytes over (NUL-terminated, *len without the NUL). */
void outbuf_init_mem(OutBuf *o, const OutBuf *from);
char *outbuf_take(OutBuf *o, size_t *len);
/* Flushes, frees; returns 0, or -1 if any write failed. */
int outbuf_finish(OutBuf *o);
/* Free o's buffer, and its cache if o owns it (a file's), writing
 * nothing: after a failure (also guard_hold's release). */
void outbuf_discard(void *o);
void outbuf_flush(OutBuf *o);
void outbuf_put_slow(OutBuf *o, const char *p, size_t n);
void outbuf_int(OutBuf *o, long long v);
/* Line and column (code points) of byte offset in file. */
LineCol outbuf_linecol(OutBuf *o, Session *s, uint32_t file, uint32_t offset);

/* inline: most pieces are short literals, copied with a few moves */
static inline void outbuf_put(OutBuf *o, const char *p, size_t n)
{
    if (o->cap - o->n < n) {
        outbuf_put_slow(o, p, n);
        return;
    }
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

#define OUT_LIT(o, lit) outbuf_put((o), lit, sizeof lit - 1)

#endif
