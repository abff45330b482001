/*
 * incr.c — a differential test of incremental analysis: a long-lived
 * session that an editor keeps across edits (smm_reset, overlays, roots
 * again, smm_analyze) must answer exactly as a brand-new session given
 * the same texts.
 *
 *   incr SEED STEPS STDLIB LIBDIR
 *
 * LIBDIR holds a library whose root file all.smm imports every file (the
 * bench generator's output, bench/gen.c; its check.smm is opened too when
 * present).  Each step applies one random, realistic edit (edits.c) to the
 * current text of a library file, the stdlib model or all.smm, keeping
 * edited texts as overlays across steps as an editor keeps unsaved buffers
 * (and sometimes closing one, back to the disk text), then analyzes in the
 * long-lived session and in a new one, exactly as the language server
 * does (lsp_workspace.c: every open document a root and an overlay,
 * keep_going, jobs = 1, smm_check when there are assessments, a new
 * session when the files parsed again outnumber those held, plus 16).
 * Each session's answers are written out as lines — the analysis result,
 * every diagnostic with its notes and fix-its, the declarations and
 * symbols, the check results, every practice of every default variant of
 * every profile (value and provenance), hovers and definitions at the
 * edited files' parent names and first settings — and the two texts must
 * be equal.  On the first difference the edit history and both lines are
 * printed and the exit status is 1.
 *
 * Comparing every practice of every variant costs five analyses, so a
 * step compares a random sample of INCR_VARIANTS variants (default 200;
 * 0 = all), drawn apart from the edits, and the reuse scenario, every
 * 50th step and the last compare them all.  INCR_DUMP=DIR leaves the last
 * two snapshots in DIR (incremental.txt, fresh.txt) for a diff;
 * INCR_VERBOSE=1 prints what each step parsed and kept; INCR_JOBS=N runs
 * both sessions with N threads (the server uses 1).
 *
 * Before the random walk, a fixed scenario checks what is reused
 * (smm_get_stats): editing the root of a hierarchy must not keep its
 * descendants; an unchanged re-analysis and a leaf edit must keep every
 * profile outside the edited file and the model (SMM_EXPECT_REUSE=0: need
 * not).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smm.h"
#include "incr.h"

/* ---------------------------------------------------------------- helpers */

void *incr_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fputs("incr: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

char *incr_strndup(const char *s, size_t n)
{
    char *d = incr_alloc(n + 1);
    memcpy(d, s, n);
    return d;
}

/* Print a string with its newlines and tabs escaped (one line per item). */
static void put_escaped(FILE *out, const char *s)
{
    if (!s) {
        fputs("(null)", out);
        return;
    }
    for (; *s; s++)
        if (*s == '\n')
            fputs("\\n", out);
        else if (*s == '\t')
            fputs("\\t", out);
        else
            fputc(*s, out);
}

static void put_span(FILE *out, const smm_span *sp)
{
    fprintf(out, " @%s:%u-%u(%u:%u-%u:%u)", sp->file ? sp->file : "-", sp->start, sp->end, sp->line, sp->column,
            sp->end_line, sp->end_column);
}

/* ---------------------------------------------------------------- sessions */

smm_session *incr_session(const World *w)
{
    smm_options opt = {0};
    opt.include_dirs = (const char **)w->include;
    opt.ninclude = 1;
    opt.stdlib_dir = w->stdlib;
    opt.color = SMM_COLOR_NEVER;
    opt.buffer_diagnostics = true;
    const char *jobs = getenv("INCR_JOBS"); /* the server's 1, or threads */
    opt.jobs = jobs && atoi(jobs) > 0 ? atoi(jobs) : 1;
    opt.keep_going = true;
    smm_session *s = smm_new(&opt);
    if (!s) {
        fputs("incr: smm_new failed\n", stderr);
        exit(2);
    }
    return s;
}

static void count_assessments(void *ctx, smm_decl_kind kind, const char *name)
{
    (void)name;
    *(size_t *)ctx += kind == SMM_DECL_ASSESSMENT;
}

/* The language server's analysis (lsp_analyze): overlays for the open
 * documents, each of them a root, smm_analyze, smm_check when there are
 * assessments.  Returns smm_analyze's result. */
static int analyze(const World *w, smm_session *s)
{
    for (size_t i = 0; i < w->nopen; i++) {
        const File *f = &w->files[w->open[i]];
        smm_set_overlay(s, f->path, f->text, f->len);
    }
    for (size_t i = 0; i < w->nopen; i++)
        smm_add_file(s, w->files[w->open[i]].path);
    size_t assessments = 0;
    for (size_t u = 0; u < smm_unit_count(s); u++)
        smm_unit_declarations(s, u, count_assessments, &assessments);
    int rc = smm_analyze(s);
    if (rc == 0 && assessments)
        smm_check_free(smm_check(s, NULL));
    return rc;
}

/* The long-lived session for the next analysis, as next_session() in
 * lsp_workspace.c decides: reset, or new when the files parsed again in
 * it outnumber the files it holds plus 16. */
static smm_session *next_session(World *w)
{
    if (w->live && w->reparsed <= (long)smm_unit_count(w->live) + 16 && smm_reset(w->live) == 0)
        return w->live;
    smm_free(w->live);
    w->live = incr_session(w);
    w->reparsed = 0;
    w->live_fresh = true;
    return w->live;
}

/* ---------------------------------------------------------------- snapshot */

static int put_diag(void *ctx, const smm_diagnostic *d)
{
    FILE *out = ctx;
    fprintf(out, "diag %s %s sev=%d gate=%d base=%d", d->code, d->name, (int)d->severity, d->gate, d->baselined);
    put_span(out, &d->span);
    fprintf(out, " [%s/%s] ", d->assessment ? d->assessment : "-", d->practice ? d->practice : "-");
    put_escaped(out, d->message);
    fputc('\n', out);
    for (size_t i = 0; i < d->nnotes; i++) {
        fputs("  note", out);
        put_span(out, &d->notes[i].span);
        fputc(' ', out);
        put_escaped(out, d->notes[i].message);
        fputc('\n', out);
    }
    for (size_t i = 0; i < d->nfixits; i++) {
        fputs("  fixit", out);
        put_span(out, &d->fixits[i].span);
        fputs(" -> ", out);
        put_escaped(out, d->fixits[i].replacement);
        fputc('\n', out);
    }
    return 0;
}

static void put_decl(void *ctx, smm_decl_kind kind, const char *name)
{
    fprintf(ctx, "decl %d %s\n", (int)kind, name);
}

static int put_symbol(void *ctx, const smm_symbol *sym)
{
    FILE *out = ctx;
    fprintf(out, "sym %d %s parent=%d ", (int)sym->kind, sym->name, sym->parent);
    put_escaped(out, sym->detail);
    put_span(out, &sym->span);
    put_span(out, &sym->name_span);
    fputc('\n', out);
    return 0;
}

static void put_check(FILE *out, smm_session *s)
{
    smm_check_run *run = smm_check(s, NULL);
    for (size_t i = 0; run && i < smm_check_count(run); i++) {
        smm_assessment_result r;
        if (!smm_check_result(run, i, &r))
            continue;
        fprintf(out, "check %s -> %s [%s/%s] met=%d gaps=%d over=%d na=%d nap=%d waived=%d\n", r.name, r.target,
                r.sector ? r.sector : "-", r.system ? r.system : "-", r.met, r.gaps, r.over_target,
                r.not_assessed, r.not_applicable, r.waived);
        for (size_t k = 0; k < smm_check_practice_count(run, i); k++) {
            smm_practice_result p;
            if (smm_check_practice(run, i, k, &p))
                fprintf(out, "  %s %s t=%d/%d c=%d/%d g=%d/%d a=%d\n", p.practice, p.status, p.target_level,
                        p.target_scope, p.current_level, p.current_scope, p.gap_level, p.gap_scope, p.assessed);
        }
    }
    smm_check_free(run);
}

/* Every practice of one variant of a profile: value and provenance. */
static void put_variant(FILE *out, smm_session *s, const World *w, const char *profile, const char *sector,
                        const char *system)
{
    smm_selection sel = {profile, sector, system};
    for (size_t k = 0; k < w->npractices; k++) {
        smm_value v = {0};
        bool ok = smm_resolve_value(s, &sel, w->practices[k], &v);
        fprintf(out, "value %s [%s/%s] %s ok=%d", profile, sector ? sector : "-", system ? system : "-",
                w->practices[k], ok);
        if (ok) {
            fprintf(out, " %d %s by=%s layer=%s", v.level, v.scope ? v.scope : "-", v.set_by ? v.set_by : "-",
                    v.layer ? v.layer : "-");
            put_span(out, &v.where);
        }
        fprintf(out, " errors=%d\n", smm_error_count(s)); /* what the query reported */
        if (!ok) /* one failed selection says enough (and reported itself) */
            break;
    }
}

static void put_values(FILE *out, smm_session *s, const World *w)
{
    for (size_t i = 0; i < w->nqueries; i++) {
        const Query *q = &w->queries[i];
        put_variant(out, s, w, q->profile, q->sector, q->system);
    }
}

static int put_def(void *ctx, const smm_span *sp)
{
    fputs("  def", ctx);
    put_span(ctx, sp);
    fputc('\n', ctx);
    return 0;
}

static void put_positions(FILE *out, smm_session *s, const World *w)
{
    for (size_t i = 0; i < w->npos; i++) {
        const Pos *p = &w->pos[i];
        smm_span range = {0};
        char *h = smm_hover(s, p->file, p->offset, &range);
        fprintf(out, "hover %s:%u", p->file, p->offset);
        put_span(out, &range);
        fputc(' ', out);
        put_escaped(out, h ? h : "(none)");
        fprintf(out, " errors=%d\n", smm_error_count(s));
        free(h);
        smm_definitions(s, p->file, p->offset, put_def, out);
    }
}

/* Everything the session answers, one item a line; the caller frees it. */
static char *snapshot(smm_session *s, const World *w, int rc, size_t *len)
{
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);
    if (!out)
        exit(2);
    fprintf(out, "analyze %d errors %d input-errors %d exit %d\n", rc, smm_error_count(s),
            smm_input_error_count(s), smm_exit_status(s));
    smm_stats st;
    smm_get_stats(s, &st);
    fprintf(out, "counts profiles=%d models=%d files=%d\n", st.profiles, st.models, st.parsed + st.reused_parses);
    for (size_t u = 0; u < smm_unit_count(s); u++) {
        fprintf(out, "unit %zu %s\n", u, smm_unit_path(s, u));
        smm_unit_declarations(s, u, put_decl, out);
    }
    smm_each_diagnostic(s, put_diag, out);
    smm_symbols(s, NULL, NULL, put_symbol, out);
    if (rc == 0)
        put_check(out, s);
    put_values(out, s, w);
    put_positions(out, s, w);
    fputs("after queries\n", out);
    smm_each_diagnostic(s, put_diag, out);
    fprintf(out, "errors %d internal ", smm_error_count(s));
    put_escaped(out, smm_internal_error(s));
    fputc('\n', out);
    fclose(out);
    return buf;
}

/* ---------------------------------------------------------------- comparing */

static void print_line(const char *label, const char *text, size_t at)
{
    const char *e = strchr(text + at, '\n');
    fprintf(stderr, "  %s: %.*s\n", label, (int)(e ? (size_t)(e - text - at) : strlen(text + at)), text + at);
}

/* 0 when equal; else print where they first differ and return 1. */
static int compare(const World *w, const char *what, const char *inc, const char *fresh)
{
    if (!strcmp(inc, fresh))
        return 0;
    size_t i = 0, line = 1, start = 0;
    for (; inc[i] && inc[i] == fresh[i]; i++)
        if (inc[i] == '\n')
            line++, start = i + 1;
    fprintf(stderr, "incr: seed %lu step %d: %s: the incremental and the fresh analysis differ at item %zu\n",
            w->seed, w->step, what, line);
    print_line("incremental", inc, start);
    print_line("fresh      ", fresh, start);
    fprintf(stderr, "edit history (%d steps):\n%s", w->step, w->history ? w->history : "");
    fprintf(stderr, "open documents:");
    for (size_t k = 0; k < w->nopen; k++)
        fprintf(stderr, " %s", w->files[w->open[k]].path);
    fprintf(stderr, "\nreproduce: INCR_VARIANTS=%zu incr %lu %d %s %s\n", w->budget, w->seed, w->step, w->stdlib,
            w->libdir);
    return 1;
}

static void stats_line(FILE *out, const char *who, const smm_stats *st)
{
    fprintf(out, "%s: parsed %d (+%d kept), profiles %d (%d kept), models %d (%d kept)\n", who, st->parsed,
            st->reused_parses, st->profiles, st->reused_profiles, st->models, st->reused_models);
}

/* What holds of any analysis's statistics, reuse or not. */
static int check_stats(const World *w, const smm_stats *inc, const smm_stats *fresh)
{
    bool ok = fresh->reused_parses == 0 && fresh->reused_profiles == 0 && fresh->reused_models == 0 &&
              inc->reused_profiles <= inc->profiles && inc->reused_models <= inc->models &&
              inc->reused_profiles >= 0 && inc->reused_models >= 0 && inc->profiles == fresh->profiles &&
              inc->models == fresh->models &&
              inc->parsed + inc->reused_parses == fresh->parsed + fresh->reused_parses;
    if (ok)
        return 0;
    fprintf(stderr, "incr: seed %lu step %d: inconsistent statistics\n", w->seed, w->step);
    stats_line(stderr, "  incremental", inc);
    stats_line(stderr, "  fresh      ", fresh);
    fprintf(stderr, "edit history:\n%s", w->history ? w->history : "");
    return 1;
}

/* With INCR_DUMP=DIR, the last snapshots are left in DIR for a diff. */
static void dump(const char *name, const char *text, size_t len)
{
    const char *dir = getenv("INCR_DUMP");
    if (!dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

/* Analyze the current texts in the long-lived session and in a new one
 * and compare everything; *st receives the long-lived session's stats. */
int incr_round(World *w, smm_stats *st)
{
    smm_session *live = next_session(w);
    bool was_fresh = w->live_fresh;
    w->live_fresh = false;
    int rc_live = analyze(w, live);
    smm_get_stats(live, st);
    if (!was_fresh)
        w->reparsed += st->parsed;
    smm_session *fresh = incr_session(w);
    int rc_fresh = analyze(w, fresh);
    smm_stats fst;
    smm_get_stats(fresh, &fst);
    incr_plan_queries(w);
    size_t n1, n2;
    char *a = snapshot(live, w, rc_live, &n1), *b = snapshot(fresh, w, rc_fresh, &n2);
    dump("incremental.txt", a, n1);
    dump("fresh.txt", b, n2);
    int bad = compare(w, "results", a, b) || check_stats(w, st, &fst);
    free(a);
    free(b);
    smm_free(fresh);
    w->sum_profiles += st->profiles;
    w->sum_reused += st->reused_profiles;
    return bad;
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fputs("usage: incr SEED STEPS STDLIB LIBDIR\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc != 5)
        usage();
    char *end;
    World w = {0};
    w.seed = strtoul(argv[1], &end, 10);
    int steps = atoi(argv[2]);
    if (*end || steps < 0)
        usage();
    w.stdlib = argv[3];
    w.libdir = argv[4];
    w.include[0] = w.libdir;
    w.steps = steps;
    w.rng = w.seed * 2654435761u + 1;
    w.qrng = w.seed * 40503u + 7;
    const char *budget = getenv("INCR_VARIANTS");
    w.budget = budget ? strtoul(budget, NULL, 10) : 200;
    incr_load(&w);
    int bad = incr_scenario(&w);
    for (w.step = 1; !bad && w.step <= steps; w.step++) {
        incr_edit(&w);
        smm_stats st;
        bad = incr_round(&w, &st);
        if (getenv("INCR_VERBOSE")) {
            fprintf(stderr, "step %d ", w.step);
            stats_line(stderr, "kept", &st);
        }
    }
    if (!bad)
        printf("incr: seed %lu: %d steps, %zu files, incremental = fresh (profiles kept %ld of %ld)\n", w.seed,
               steps, w.nfiles, w.sum_reused, w.sum_profiles);
    smm_free(w.live);
    incr_free(&w);
    return bad;
}
