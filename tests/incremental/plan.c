/*
 * plan.c — what the incremental-analysis test (incr.c) asks both sessions
 * after each edit: the default variants of every profile (as the texts
 * show them) and the positions for hovers; and the fixed scenario that
 * checks what an analysis kept (smm_get_stats).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incr.h"

static size_t lines_buf[MAXLINES];
static Prof prof_buf[MAXPROF];

void incr_free_queries(World *w)
{
    for (size_t i = 0; i < w->nqueries; i++) {
        free(w->queries[i].profile);
        free(w->queries[i].sector);
        free(w->queries[i].system);
    }
    w->nqueries = 0;
    w->npos = 0;
}

/* ---------------------------------------------------------------- queries */

/* Every profile of the library as the texts show it. */
typedef struct {
    const File *f;
    Prof p;
} Entry;

static Entry table[MAXPROF];

static size_t scan_library(const World *w)
{
    size_t n = 0;
    for (size_t i = 0; i < w->nfiles && n < MAXPROF; i++) {
        size_t k = tx_profiles(&w->files[i], prof_buf, MAXPROF - n);
        for (size_t j = 0; j < k; j++)
            table[n++] = (Entry){&w->files[i], prof_buf[j]};
    }
    return n;
}

static size_t find_entry(size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(table[i].p.name) == len && !memcmp(table[i].p.name, name, len))
            return i;
    return n;
}

static void add_query(World *w, const char *profile, const char *sector, const char *system)
{
    for (size_t i = 0; i < w->nqueries; i++) {
        const Query *q = &w->queries[i];
        if (!strcmp(q->profile, profile) && !strcmp(q->sector ? q->sector : "", sector ? sector : "") &&
            !strcmp(q->system ? q->system : "", system ? system : ""))
            return;
    }
    if (w->nqueries == w->capqueries) {
        w->capqueries = w->capqueries ? w->capqueries * 2 : 256;
        w->queries = realloc(w->queries, w->capqueries * sizeof *w->queries);
        if (!w->queries)
            exit(2);
    }
    w->queries[w->nqueries++] = (Query){strdup(profile), sector ? strdup(sector) : NULL, system ? strdup(system) : NULL};
}

/* The variants that the blocks of entry e open, as queries of `profile`. */
static void block_queries(World *w, const Entry *e, const char *profile)
{
    char sector[96] = "", name[96];
    for (size_t i = e->p.hdr_end + 1; i < e->p.end; i = tx_eol(e->f, i) + 1) {
        size_t k = tx_indent(e->f, i);
        if (k == 2 && e->f->text[i + k] == '}')
            sector[0] = 0;
        if (!tx_is_block(e->f, i))
            continue;
        tx_ident(e->f, i + k + 7, name, sizeof name);
        bool is_sector = e->f->text[i + k + 1] == 'e';
        if (k == 2 && is_sector) {
            snprintf(sector, sizeof sector, "%s", name);
            add_query(w, profile, name, NULL);
        } else if (k == 2) {
            add_query(w, profile, NULL, name);
        } else if (k == 4 && !is_sector && sector[0]) {
            add_query(w, profile, sector, name);
        }
    }
}

/* A profile's base variant and those its own and its ancestors' blocks
 * open (the default variants, as far as the texts show them). */
static void profile_queries(World *w, size_t n, size_t me)
{
    size_t todo[64], ntodo = 0, seen = 0;
    todo[ntodo++] = me;
    add_query(w, table[me].p.name, NULL, NULL);
    while (seen < ntodo) {
        const Entry *e = &table[todo[seen++]];
        block_queries(w, e, table[me].p.name);
        size_t at[8], len[8], np = tx_parents(e->f, &e->p, at, len, 8);
        for (size_t k = 0; k < np && ntodo < 64; k++) {
            size_t a = find_entry(n, e->f->text + at[k], len[k]);
            bool dup = a == n;
            for (size_t j = 0; j < ntodo && !dup; j++)
                dup = todo[j] == a;
            if (!dup)
                todo[ntodo++] = a;
        }
    }
}

static void add_pos(World *w, const File *f, size_t offset)
{
    if (w->npos == w->cappos) {
        w->cappos = w->cappos ? w->cappos * 2 : 128;
        w->pos = realloc(w->pos, w->cappos * sizeof *w->pos);
        if (!w->pos)
            exit(2);
    }
    w->pos[w->npos++] = (Pos){f->path, (uint32_t)offset};
}

/* Hovers at each parent name and each profile's first setting in the
 * files edited last. */
static void plan_positions(World *w, size_t n)
{
    for (size_t i = 0; i < n && w->npos < 400; i++) {
        const Entry *e = &table[i];
        int fi = (int)(e->f - w->files);
        if (fi != w->recent[0] && fi != w->recent[1] && fi != w->recent[2])
            continue;
        size_t at[8], len[8], np = tx_parents(e->f, &e->p, at, len, 8);
        for (size_t k = 0; k < np; k++)
            add_pos(w, e->f, at[k] + len[k] / 2);
        size_t first = tx_lines(e->f, e->p.hdr_end + 1, e->p.end, tx_is_setting, lines_buf);
        if (first)
            add_pos(w, e->f, lines_buf[0] + tx_indent(e->f, lines_buf[0]) + 1);
    }
}

/* Keep `budget` of the queries, at random (their own generator: the
 * edits do not depend on the budget), in their order. */
static void sample_queries(World *w)
{
    size_t keep = w->budget;
    for (size_t i = 0; i < keep; i++) {
        w->qrng ^= w->qrng << 13, w->qrng ^= w->qrng >> 7, w->qrng ^= w->qrng << 17;
        size_t j = i + (size_t)(w->qrng % (w->nqueries - i));
        Query t = w->queries[i];
        w->queries[i] = w->queries[j], w->queries[j] = t;
    }
    for (size_t i = keep; i < w->nqueries; i++) {
        free(w->queries[i].profile);
        free(w->queries[i].sector);
        free(w->queries[i].system);
    }
    w->nqueries = keep;
}

/* What the next comparison asks both sessions: every default variant of
 * every profile in the reuse scenario, every 50th step and the last;
 * else a sample of them (INCR_VARIANTS). */
void incr_plan_queries(World *w)
{
    incr_free_queries(w);
    size_t n = scan_library(w);
    for (size_t i = 0; i < n; i++)
        profile_queries(w, n, i);
    bool all = w->step == 0 || w->step % 50 == 0 || w->step == w->steps;
    if (!all && w->budget && w->budget < w->nqueries)
        sample_queries(w);
    plan_positions(w, n);
}

/* ---------------------------------------------------------------- the reuse scenario */

static bool expect(const World *w, bool ok, const char *what, const smm_stats *st)
{
    if (!ok)
        fprintf(stderr,
                "incr: seed %lu: reuse scenario: %s\n  parsed %d (+%d kept), profiles %d (%d kept), models %d (%d "
                "kept)\n",
                w->seed, what, st->parsed, st->reused_parses, st->profiles, st->reused_profiles, st->models,
                st->reused_models);
    return ok;
}

/* Set the first setting of profile e to a value it does not have. */
static void set_first_value(World *w, const Entry *e)
{
    File *f = (File *)e->f;
    size_t n = tx_lines(f, e->p.hdr_end + 1, e->p.end, tx_is_setting, lines_buf);
    const char *eq = n ? tx_find(f->text + lines_buf[0], tx_eol(f, lines_buf[0]) - lines_buf[0], " = ", 3) : NULL;
    if (!eq) {
        fprintf(stderr, "incr: reuse scenario: %s has no setting to change\n", e->p.name);
        exit(2);
    }
    size_t at = (size_t)(eq - f->text) + 3, end = tx_eol(f, at);
    const char *val = end - at == 8 && !memcmp(f->text + at, "1 system", 8) ? "2 general" : "1 system";
    tx_hist(w, "scenario: %s: change the first setting of %s\n", f->path, e->p.name);
    incr_open(w, f);
    tx_splice(w, f, at, end - at, val);
}

/* The profiles that derive from entry r (as the texts say). */
static int descendants(size_t n, size_t r)
{
    static bool mark[MAXPROF];
    memset(mark, 0, sizeof mark);
    mark[r] = true;
    int count = 0;
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < n; i++) {
            size_t at[8], len[8], np = tx_parents(table[i].f, &table[i].p, at, len, 8);
            for (size_t k = 0; k < np && !mark[i]; k++) {
                size_t a = find_entry(n, table[i].f->text + at[k], len[k]);
                if (a < n && mark[a])
                    mark[i] = more = true, count++;
            }
        }
    }
    return count;
}

/* The first and the last profile of the library (the root of the first
 * hierarchy, a leaf), and how many profiles share the leaf's file. */
static void ends(World *w, size_t n, size_t *root, size_t *leaf, int *in_leaf_file)
{
    *root = *leaf = n;
    for (size_t i = 0; i < n; i++) {
        if (table[i].f->kind != F_LIB)
            continue;
        if (*root == n || strcmp(table[i].f->path, table[*root].f->path) < 0)
            *root = i;
        if (*leaf == n || strcmp(table[i].f->path, table[*leaf].f->path) >= 0)
            *leaf = i;
    }
    if (*root == n) {
        fprintf(stderr, "incr: %s: no library profiles\n", w->libdir);
        exit(2);
    }
    *in_leaf_file = 0;
    for (size_t i = 0; i < n; i++)
        *in_leaf_file += table[i].f == table[*leaf].f;
}

/* What an analysis keeps: nothing when new; unless SMM_EXPECT_REUSE=0,
 * everything when nothing changed, and every profile outside an edited
 * leaf file and the model after a leaf edit; never the edited profile,
 * nor, after an edit of the root of a hierarchy, its descendants.  Each
 * round also compares with a new session. */
int incr_scenario(World *w)
{
    const char *env = getenv("SMM_EXPECT_REUSE");
    bool reuse = !env || strcmp(env, "0") != 0;
    size_t n = scan_library(w), root, leaf;
    int in_leaf;
    ends(w, n, &root, &leaf, &in_leaf);
    Entry r = table[root], l = table[leaf];
    int desc = descendants(n, root);
    smm_stats st;
    bool ok = true;
    if (incr_round(w, &st))
        return 1;
    ok &= expect(w, !st.reused_parses && !st.reused_profiles && !st.reused_models, "a new session kept something", &st);
    if (incr_round(w, &st))
        return 1;
    ok &= expect(w, !reuse || (st.reused_profiles == st.profiles && st.reused_models == st.models && !st.parsed),
                 "nothing changed, yet not everything was kept", &st);
    set_first_value(w, &l);
    if (incr_round(w, &st))
        return 1;
    ok &= expect(w, st.reused_profiles <= st.profiles - 1, "the edited leaf profile was kept", &st);
    ok &= expect(w, !reuse || (st.reused_profiles >= st.profiles - in_leaf && st.reused_models == st.models),
                 "a leaf edit did not keep the profiles of the other files and the model", &st);
    incr_revert(w, (File *)l.f);
    set_first_value(w, &r);
    if (incr_round(w, &st))
        return 1;
    ok &= expect(w, st.reused_profiles <= st.profiles - 1 - desc,
                 "the root of a hierarchy was edited, yet its descendants were kept", &st);
    incr_revert(w, (File *)r.f);
    if (!ok)
        fprintf(stderr, "incr: seed %lu: reuse scenario failed (history:\n%s)\n", w->seed, w->history);
    else
        printf("incr: reuse scenario: %s; root %s with %d descendants, leaf file of %d profiles\n",
               reuse ? "reuse expected" : "reuse not required (SMM_EXPECT_REUSE=0)", r.p.name, desc, in_leaf);
    return !ok;
}
