/*
 * incr.h — what the differential test of incremental analysis shares
 * between its driver (incr.c: sessions, snapshots, comparison), its texts
 * (text.c), its editor (edits.c: the files, the random edits) and its plan
 * (plan.c: the queries, the reuse scenario).
 */
#ifndef INCR_H
#define INCR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smm.h"

enum { F_ROOT, F_LIB, F_MODEL, F_OTHER }; /* all.smm, lib/NAME.smm, the stdlib model, the rest */

typedef struct {
    char *path;     /* as the session loaded it (smm_unit_path) */
    char *disk;     /* the text on disk */
    char *text;     /* the editor's text (== disk when not open) */
    size_t len, disklen;
    int kind;
    bool open;      /* an open document: an overlay and a root */
    char *prebreak; /* the text before a syntax error was inserted, or NULL */
} File;

/* A variant whose practices are compared. */
typedef struct {
    char *profile, *sector, *system;
} Query;

/* A position for hover and definitions. */
typedef struct {
    const char *file;
    uint32_t offset;
} Pos;

typedef struct {
    unsigned long seed;
    uint64_t rng;       /* the edits */
    uint64_t qrng;      /* which variants a step compares (not the edits) */
    size_t budget;      /* variants compared per step; 0 = all */
    int steps;
    const char *stdlib, *libdir;
    const char *include[1]; /* -I LIBDIR: the sessions keep the pointer */
    File *files;
    size_t nfiles;
    size_t open[64]; /* indices into files, in the server's order */
    size_t nopen;
    char **practices;
    size_t npractices;
    Query *queries;
    size_t nqueries, capqueries;
    Pos *pos;
    size_t npos, cappos;
    int step;
    int last_file;      /* the file edited last, or -1 */
    int recent[3];      /* the files edited recently (hovers look there) */
    char *history;      /* one line (or a few) per edit */
    size_t histlen;
    smm_session *live;  /* the long-lived session */
    long reparsed;      /* parses in it since it was new */
    bool live_fresh;
    long sum_profiles, sum_reused;
} World;

void *incr_alloc(size_t n);
char *incr_strndup(const char *s, size_t n);

/* incr.c: a session with the language server's options; analyze in the
 * long-lived and in a new session and compare, nonzero on a difference
 * (printed). */
smm_session *incr_session(const World *w);
int incr_round(World *w, smm_stats *st);

/* text.c: the edit history, splicing, line scans */
typedef struct {
    size_t start, hdr_end, end; /* `profile` .. its header's '\n' .. after the closing "}\n" */
    char name[96];
} Prof;

enum { MAXPROF = 4096, MAXLINES = 8192 };

void tx_hist(World *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tx_splice(World *w, File *f, size_t at, size_t del, const char *ins);
size_t tx_eol(const File *f, size_t i);
bool tx_at_word(const File *f, size_t i, const char *word);
const char *tx_find(const char *h, size_t n, const char *needle, size_t nn);
size_t tx_ident(const File *f, size_t i, char *out, size_t cap);
size_t tx_profiles(const File *f, Prof *out, size_t max);
size_t tx_lines(const File *f, size_t a, size_t b, bool (*keep)(const File *, size_t), size_t *out);
size_t tx_indent(const File *f, size_t i);
bool tx_is_setting(const File *f, size_t i);
bool tx_is_member(const File *f, size_t i);
bool tx_is_block(const File *f, size_t i);
bool tx_is_import(const File *f, size_t i);
size_t tx_parents(const File *f, const Prof *p, size_t *at, size_t *len, size_t max);

/* edits.c: the files, the random edits */
void incr_load(World *w);
void incr_free(World *w);
void incr_edit(World *w);
void incr_open(World *w, File *f);
bool incr_revert(World *w, File *f);

/* plan.c: the queries of a comparison, the reuse scenario */
void incr_plan_queries(World *w);
void incr_free_queries(World *w);
int incr_scenario(World *w);

#endif
