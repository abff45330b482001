/*
 * driver.c — the public entry points of smm.h that run the compiler's
 * phases: sessions, inputs, the pipeline (smm_analyze), IR, check, report,
 * explain, diff and the formatter.
 *
 * The pipeline reads like the phases: parse (with the imports, while
 * loading) → declare → models → profiles (linearize, resolve settings) →
 * validate (cascade + requirements) → assessments → tests, each phase only when
 * the ones before it were clean, so one mistake does not echo through
 * later phases.
 *
 * Every entry point runs its work under a guard (arena.c): an internal
 * failure inside (out of memory, the scanner's fatal error, libxml2
 * missing) comes back here instead of ending the process, stops the
 * session (session_fail) and turns the call into an error result.  A
 * stopped session does nothing more; it can still be freed.
 */
#include "smmc.h"
#include "check_format.h"
#include "diff.h"
#include "explain.h"
#include "fmt.h"
#include "ir.h"
#include "oscal.h"
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Run fn(ctx) under a guard for session s; false when s was stopped
 * before or by it. */
static bool guarded(Session *s, GuardFn fn, void *ctx)
{
    if (s->internal)
        return false;
    const char *msg = guard_run(fn, ctx);
    if (msg) {
        session_fail(s, msg);
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- sessions */

typedef struct {
    const smm_options *opt;
    Session *s;
} NewCall;

static void do_new(void *ctx)
{
    NewCall *c = ctx;
    c->s = session_new(c->opt);
}

smm_session *smm_new(const smm_options *opt)
{
    NewCall c = {opt, NULL};
    if (guard_run(do_new, &c))
        return NULL; /* out of memory half-way: what was made is lost */
    return c.s;
}

/* The whole session at once: its files, the loader's and the resolver's
 * tables, its threads and its arenas. */
void smm_free(smm_session *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->sources.n; i++) {
        SourceFile *f = s->sources.v[i];
        free(f->text);
        free(f->lines);
    }
    vec_free(&s->sources);
    vec_free(&s->units);
    vec_free(&s->finished);
    pool_free(s->pool);
    program_free(s);
    reuse_free(s);
    loader_free(s);
    intern_free(s->names);
    arena_free(s->name_arena);
    if (s->parked) /* stopped while loading */
        s->arena = s->parked;
    arena_free(s->arena);
    arena_free(s->keep);
    free(s);
}

/* ---------------------------------------------------------------- inputs */

typedef struct {
    Session *s;
    const char *name;
    const char *data;
    size_t len;
    FILE *f;
    int rc;
} AddCall;

static void do_add_file(void *ctx)
{
    AddCall *c = ctx;
    c->rc = load_file(c->s, c->name);
}

static void do_add_buffer(void *ctx)
{
    AddCall *c = ctx;
    c->rc = load_buffer(c->s, c->name, c->data, c->len);
}

static void do_add_stream(void *ctx)
{
    AddCall *c = ctx;
    c->rc = load_stream(c->s, c->name, c->f);
}

static void do_overlay(void *ctx)
{
    AddCall *c = ctx;
    load_overlay(c->s, c->name, c->data, c->len);
    c->rc = 0;
}

int smm_add_file(smm_session *s, const char *path)
{
    AddCall c = {.s = s, .name = path};
    return guarded(s, do_add_file, &c) ? c.rc : -1;
}

int smm_add_buffer(smm_session *s, const char *name, const char *data, size_t len)
{
    AddCall c = {.s = s, .name = name, .data = data, .len = len};
    return guarded(s, do_add_buffer, &c) ? c.rc : -1;
}

int smm_add_stream(smm_session *s, const char *name, FILE *f)
{
    AddCall c = {.s = s, .name = name, .f = f};
    return guarded(s, do_add_stream, &c) ? c.rc : -1;
}

int smm_set_overlay(smm_session *s, const char *path, const char *text, size_t len)
{
    AddCall c = {.s = s, .name = path, .data = text, .len = len};
    return guarded(s, do_overlay, &c) ? c.rc : -1;
}

static void do_reset(void *ctx)
{
    Session *s = ctx;
    smm_flush_diagnostics(s);
    load_reset(s);
    s->units.n = 0;
    s->finished.n = 0;
    s->diags = NULL;
    s->diags_tail = &s->diags;
    s->ndiags = 0;
    s->errors = s->warnings = 0;
    s->too_many_errors = s->told_too_many = false;
    s->pending = NULL;
    s->io_failed = false;
    reuse_keep(s); /* before clean_phases goes: it says what may be kept */
    program_free(s);
    reuse_start(s);
    s->clean_phases = 0;
}

int smm_reset(smm_session *s)
{
    return guarded(s, do_reset, s) ? 0 : -1;
}

void smm_load_stats(const smm_session *s, int *parsed, int *reused)
{
    *parsed = s->parses;
    *reused = s->reused_parses;
}

void smm_get_stats(const smm_session *s, smm_stats *out)
{
    const Program *pg = s->prog;
    *out = (smm_stats){
        .parsed = s->parses,
        .reused_parses = s->reused_parses,
        .profiles = pg ? (int)pg->profiles.n : 0,
        .reused_profiles = s->reused_profiles,
        .models = pg ? (int)pg->models.n : 0,
        .reused_models = s->reused_models,
    };
}

typedef struct {
    Session *s;
    FILE *out;
    unsigned flags;
} PrintCall;

static void do_print(void *ctx)
{
    PrintCall *c = ctx;
    diag_print_all(c->s, c->out, c->flags);
}

void smm_print_diagnostics(smm_session *s, FILE *out, unsigned flags)
{
    PrintCall c = {s, out, flags};
    const char *msg = guard_run(do_print, &c);
    if (msg)
        fprintf(out, "smmc: internal error: %s\n", msg);
}

/* ---------------------------------------------------------------- the pipeline */

/* The phases of smm_analyze, in order (Session.clean_phases counts them). */
static void (*const phases[])(Session *) = {
    declare_globals,   resolve_models, resolve_profiles, validate_profiles,
    resolve_assessments, resolve_tests, /* the tests' names; `smmc test` runs them */
};

/* Each phase only when the ones before were clean; with keep_going
 * (editors), syntax errors do not stop the phases, only new errors do. */
static void analyze(void *ctx)
{
    Session *s = ctx;
    int base = s->opt.keep_going ? s->errors : 0;
    s->reused_profiles = s->reused_models = 0;
    reuse_check_policy(s);
    for (size_t i = 0; i < sizeof phases / sizeof phases[0] && s->errors == base; i++) {
        phases[i](s);
        s->clean_phases += s->errors == base;
    }
    smm_flush_diagnostics(s);
}

int smm_analyze(smm_session *s)
{
    if (!guarded(s, analyze, s))
        return s->errors ? s->errors : 1;
    return s->errors;
}

/* ---------------------------------------------------------------- IR */

typedef struct {
    Session *s;
    FILE *out;
    smm_emit fmt;
    smm_provenance prov;
    const smm_selection *sel;
    size_t unit;
    int rc;
} EmitCall;

static void do_emit(void *ctx)
{
    EmitCall *c = ctx;
    IrSelection sel;
    if (!ir_resolve_selection(c->s, c->sel, &sel)) {
        smm_flush_diagnostics(c->s);
        c->rc = 1;
        return;
    }
    switch (c->fmt) {
    case SMM_EMIT_JSON: c->rc = ir_emit_json(c->s, c->out, c->prov, &sel); break;
    case SMM_EMIT_XML: c->rc = ir_emit_xml(c->s, c->out, c->prov, &sel); break;
    case SMM_EMIT_OSCAL_CATALOG: c->rc = oscal_emit_catalog(c->s, c->out, &sel); break;
    case SMM_EMIT_OSCAL_PROFILE: c->rc = oscal_emit_profile(c->s, c->out, c->prov, &sel); break;
    default: c->rc = 0; break;
    }
}

int smm_emit_ir(smm_session *s, FILE *out, smm_emit fmt, smm_provenance prov, const smm_selection *sel)
{
    EmitCall c = {.s = s, .out = out, .fmt = fmt, .prov = prov, .sel = sel};
    return guarded(s, do_emit, &c) ? c.rc : -1;
}

size_t smm_unit_count(const smm_session *s)
{
    return s->units.n;
}

const char *smm_unit_path(const smm_session *s, size_t unit)
{
    return unit < s->units.n ? ((const Unit *)s->units.v[unit])->src->path : NULL;
}

static void do_emit_unit(void *ctx)
{
    EmitCall *c = ctx;
    IrSelection sel = {.unit = c->s->units.v[c->unit]};
    c->rc = c->fmt == SMM_EMIT_JSON  ? ir_emit_json(c->s, c->out, c->prov, &sel)
            : c->fmt == SMM_EMIT_XML ? ir_emit_xml(c->s, c->out, c->prov, &sel)
                                     : 0;
}

int smm_emit_ir_unit(smm_session *s, FILE *out, smm_emit fmt, smm_provenance prov, size_t unit)
{
    EmitCall c = {.s = s, .out = out, .fmt = fmt, .prov = prov, .unit = unit};
    if (unit >= s->units.n)
        return -1;
    return guarded(s, do_emit_unit, &c) ? c.rc : -1;
}

void smm_unit_declarations(const smm_session *s, size_t unit,
                           void (*fn)(void *ctx, smm_decl_kind kind, const char *name), void *ctx)
{
    if (unit >= s->units.n)
        return;
    const Unit *u = s->units.v[unit];
    for (const Decl *d = u->decls; d; d = d->next)
        fn(ctx, (smm_decl_kind)d->kind,
           d->kind == DECL_PROFILE      ? d->u.profile->name.text
           : d->kind == DECL_MODEL      ? d->u.model->name.text
           : d->kind == DECL_ASSESSMENT ? d->u.assessment->name.text
                                        : d->u.test->name.text);
}

/* ---------------------------------------------------------------- check */

typedef struct {
    Session *s;
    const char *name;
    CheckRun *run;
    const CheckRun *crun;
    smm_format fmt;
    FILE *out;
    int rc;
} CheckCall;

static void do_check(void *ctx)
{
    CheckCall *c = ctx;
    Session *s = c->s;
    /* -fmax-errors applies to what is reported, i.e. after a baseline:
     * known findings must not use up the limit and hide a new one */
    int max = s->policy.max_errors;
    s->policy.max_errors = 0;
    c->run = check_run(s, c->name);
    s->policy.max_errors = max;
}

smm_check_run *smm_check(smm_session *s, const char *assessment)
{
    CheckCall c = {.s = s, .name = assessment};
    return guarded(s, do_check, &c) ? c.run : NULL;
}

void smm_check_free(smm_check_run *run)
{
    check_free(run);
}

static void do_baseline(void *ctx)
{
    CheckCall *c = ctx;
    CheckRun empty = {0};
    c->rc = baseline_apply(c->s, c->run ? c->run : &empty, c->name);
}

int smm_baseline(smm_session *s, smm_check_run *run, const char *path)
{
    CheckCall c = {.s = s, .run = run, .name = path};
    return guarded(s, do_baseline, &c) ? c.rc : -1;
}

void smm_limit_errors(smm_session *s)
{
    int max = s->policy.max_errors, n = 0;
    if (max <= 0)
        return;
    for (Diag *d = s->diags; d; d = d->next) {
        if (d->sev != SEV_ERROR || d->baselined || ++n < max)
            continue;
        d->next = NULL;
        s->diags_tail = &d->next;
        s->too_many_errors = true;
        return;
    }
}

static int (*const check_writers[])(Session *, const CheckRun *, FILE *) = {
    [SMM_FORMAT_TEXT] = check_write_text,     [SMM_FORMAT_JSON] = check_write_json,
    [SMM_FORMAT_SARIF] = check_write_sarif,   [SMM_FORMAT_JUNIT] = check_write_junit,
    [SMM_FORMAT_GITHUB] = check_write_github, [SMM_FORMAT_CSV] = check_write_csv,
    [SMM_FORMAT_OSCAL] = check_write_oscal,
};

static void do_check_write(void *ctx)
{
    CheckCall *c = ctx;
    CheckRun empty = {0};
    c->rc = check_writers[c->fmt](c->s, c->crun ? c->crun : &empty, c->out);
}

int smm_check_write(smm_session *s, const smm_check_run *run, smm_format fmt, FILE *out)
{
    if ((unsigned)fmt >= sizeof check_writers / sizeof check_writers[0])
        return -1;
    CheckCall c = {.s = s, .crun = run, .fmt = fmt, .out = out};
    return guarded(s, do_check_write, &c) ? c.rc : -1;
}

size_t smm_check_count(const smm_check_run *run)
{
    return run ? run->n : 0;
}

bool smm_check_result(const smm_check_run *run, size_t i, smm_assessment_result *out)
{
    if (!run || i >= run->n)
        return false;
    const AssessResult *r = run->results[i];
    const Assessment *a = r->a;
    out->name = a->name;
    out->target = a->profile ? a->profile->name : NULL;
    out->sector = a->sector;
    out->system = a->system;
    out->met = r->counts[ST_MET];
    out->gaps = r->counts[ST_GAP];
    out->over_target = r->counts[ST_OVER_TARGET];
    out->not_assessed = r->counts[ST_NOT_ASSESSED];
    out->not_applicable = r->counts[ST_NOT_APPLICABLE];
    out->waived = r->counts[ST_WAIVED];
    return true;
}

size_t smm_check_practice_count(const smm_check_run *run, size_t i)
{
    return run && i < run->n ? (size_t)run->results[i]->model->npractices : 0;
}

bool smm_check_practice(const smm_check_run *run, size_t i, size_t k, smm_practice_result *out)
{
    if (k >= smm_check_practice_count(run, i))
        return false;
    const AssessResult *r = run->results[i];
    const PracticeResult *p = &r->practices[k];
    out->practice = r->model->nodes[p->node].path;
    out->status = status_name(p->status);
    out->assessed = p->assessed;
    out->target_level = p->target_c;
    out->target_scope = p->target_s;
    out->current_level = p->current_c;
    out->current_scope = p->current_s;
    out->gap_level = p->gap_c;
    out->gap_scope = p->gap_s;
    return true;
}

/* OSCAL assessment results and plan of action (oscal_results.c writes them) */

typedef struct {
    Session *s;
    FILE *out;
    const char *name;
    bool poam;
    int rc;
} OscalCall;

static void do_oscal(void *ctx)
{
    OscalCall *c = ctx;
    CheckRun *run = check_run(c->s, c->poam ? NULL : c->name);
    if (c->poam) {
        const AssessResult *r = run ? report_focus(run, c->name, NULL) : NULL;
        c->rc = r ? report_write_oscal_poam(c->s, run, r, c->out) : 1;
    } else {
        c->rc = run && run->n ? check_write_oscal(c->s, run, c->out) : 1;
    }
    check_free(run);
}

int smm_check_oscal(smm_session *s, FILE *out, const char *only)
{
    OscalCall c = {s, out, only, false, 0};
    return guarded(s, do_oscal, &c) ? c.rc : -1;
}

int smm_report_oscal_poam(smm_session *s, FILE *out, const char *name)
{
    OscalCall c = {s, out, name, true, 0};
    return guarded(s, do_oscal, &c) ? c.rc : -1;
}

/* ---------------------------------------------------------------- tests, verify mode */

typedef struct {
    Session *s;
    const char *glob;
    TestRun *run;
    const TestRun *crun;
    smm_format fmt;
    FILE *out;
    int rc;
} TestCall;

static void do_tests(void *ctx)
{
    TestCall *c = ctx;
    c->run = testrun_run(c->s, c->glob);
}

smm_test_run *smm_run_tests(smm_session *s, const char *glob)
{
    TestCall c = {.s = s, .glob = glob};
    return guarded(s, do_tests, &c) ? c.run : NULL;
}

void smm_test_counts(const smm_test_run *r, int *tests, int *passed, int *failed)
{
    if (!r) {
        *tests = *passed = *failed = 0;
        return;
    }
    testrun_counts(r, tests, passed, failed);
}

static void do_test_write(void *ctx)
{
    TestCall *c = ctx;
    c->rc = testrun_write(c->s, c->crun, c->fmt, c->out);
}

int smm_test_write(smm_session *s, const smm_test_run *r, smm_format fmt, FILE *out)
{
    if (!r)
        return -1;
    TestCall c = {.s = s, .crun = r, .fmt = fmt, .out = out};
    return guarded(s, do_test_write, &c) ? c.rc : -1;
}

void smm_test_free(smm_test_run *r)
{
    testrun_free(r);
}

static void do_verify(void *ctx)
{
    TestCall *c = ctx;
    c->rc = verify_diagnostics(c->s);
}

int smm_verify(smm_session *s)
{
    TestCall c = {.s = s};
    return guarded(s, do_verify, &c) ? c.rc : -1;
}

/* ---------------------------------------------------------------- report */

long smm_report_focus(const smm_check_run *run, const char *name, const char **heads, size_t *nheads)
{
    Vec h = {0};
    const AssessResult *r = report_focus(run, name, heads ? &h : NULL);
    if (nheads)
        *nheads = h.n;
    for (size_t i = 0; heads && i < h.n; i++)
        heads[i] = ((const AssessResult *)h.v[i])->a->name;
    vec_free(&h);
    for (size_t i = 0; r && i < run->n; i++)
        if (run->results[i] == r)
            return (long)i;
    return -1;
}

int smm_report_chart_count(void)
{
    return CHART_COUNT;
}

const char *smm_report_chart_name(int chart)
{
    return chart >= 0 && chart < CHART_COUNT ? report_chart_name((ReportChart)chart) : NULL;
}

bool smm_report_chart_applies(const smm_check_run *run, size_t focus, int chart)
{
    return run && focus < run->n && chart >= 0 && chart < CHART_COUNT &&
           report_chart_applies(run->results[focus], (ReportChart)chart);
}

typedef struct {
    Session *s;
    const CheckRun *run;
    const AssessResult *r;
    smm_report_format fmt;
    int chart;
    FILE *out;
    int rc;
} ReportCall;

static void do_report(void *ctx)
{
    ReportCall *c = ctx;
    c->rc = c->fmt == SMM_REPORT_HTML         ? report_write_html(c->s, c->run, c->r, c->out)
            : c->fmt == SMM_REPORT_MARKDOWN   ? report_write_markdown(c->s, c->run, c->r, c->out)
            : c->fmt == SMM_REPORT_OSCAL_POAM ? report_write_oscal_poam(c->s, c->run, c->r, c->out)
                                              : report_write_svg(c->s, c->r, (ReportChart)c->chart, c->out);
}

int smm_report_write(smm_session *s, const smm_check_run *run, size_t focus, smm_report_format fmt,
                     int chart, FILE *out)
{
    if (!run || focus >= run->n || (fmt == SMM_REPORT_SVG && (chart < 0 || chart >= CHART_COUNT)))
        return -1;
    ReportCall c = {s, run, run->results[focus], fmt, chart, out, 0};
    return guarded(s, do_report, &c) ? c.rc : -1;
}

/* ---------------------------------------------------------------- explain, diff */

void smm_explain_list_codes(FILE *out)
{
    explain_list_codes(out);
}

int smm_explain_code(const char *code_or_name, FILE *out)
{
    return explain_code(code_or_name, out);
}

const char *smm_diagnostic_suggest(const char *word)
{
    return explain_suggest(word);
}

typedef struct {
    Session *s, *s2;
    const smm_selection *sel, *sel2;
    const char *practice;
    const char *where;
    FILE *out;
    int rc;
} ExplainCall;

static void do_explain(void *ctx)
{
    ExplainCall *c = ctx;
    Session *s = c->s;
    IrSelection is;
    c->rc = 1;
    if (!ir_resolve_selection(s, c->sel, &is)) {
        explain_not_found(s, c->sel->profile, c->where ? c->where : "the files loaded");
        return;
    }
    if (!is.profile)
        return;
    const Model *m = is.profile->model;
    int only = -1;
    if (c->practice) {
        Name pn = {intern_cstr(s->names, c->practice), LOC_NONE};
        int node = model_resolve_path(s, is.profile->model, pn);
        if (node < 0)
            return;
        if (m->nodes[node].kind != MN_PRACTICE) {
            diag_at(s, D_NOT_PRACTICE, LOC_NONE, "'%s' is not a practice", c->practice);
            return;
        }
        only = m->nodes[node].practice;
    }
    Variant v = {0};
    Hold h;
    guard_hold(&h, hold_variant, &v);
    variant_compute(s, &v, is.profile, is.sector, is.system);
    fprintf(c->out, "%s%s%s%s%s (model %s)\n", is.profile->name, is.sector ? " sector " : "",
            is.sector ? is.sector : "", is.system ? " system " : "", is.system ? is.system : "", m->name);
    for (int i = 0; i < m->npractices; i++)
        if (only < 0 || only == i) {
            fputc('\n', c->out);
            explain_practice(s, &v, i, c->out);
        }
    guard_drop(&h);
    variant_free(&v);
    c->rc = 0;
}

int smm_explain_target(smm_session *s, const smm_selection *sel, const char *practice, const char *where,
                       FILE *out)
{
    ExplainCall c = {.s = s, .sel = sel, .practice = practice, .where = where, .out = out};
    bool ok = guarded(s, do_explain, &c);
    smm_flush_diagnostics(s);
    return ok ? c.rc : 1;
}

static void do_diff_targets(void *ctx)
{
    ExplainCall *c = ctx;
    IrSelection ia, ib;
    c->rc = -1;
    if (!ir_resolve_selection(c->s, c->sel, &ia) || !ir_resolve_selection(c->s2, c->sel2, &ib) || !ia.profile ||
        !ib.profile)
        return;
    Variant va = {0}, vb = {0};
    Hold ha, hb;
    guard_hold(&ha, hold_variant, &va);
    guard_hold(&hb, hold_variant, &vb);
    variant_compute(c->s, &va, ia.profile, ia.sector, ia.system);
    variant_compute(c->s2, &vb, ib.profile, ib.sector, ib.system);
    fprintf(c->out, "%s -> %s\n", ia.profile->name, ib.profile->name);
    c->rc = diff_targets(c->s, &va, c->s2, &vb, c->out);
    fprintf(c->out, "%d value%s moved\n", c->rc, c->rc == 1 ? "" : "s");
    guard_drop(&hb);
    guard_drop(&ha);
    variant_free(&va);
    variant_free(&vb);
}

int smm_diff_targets(smm_session *sa, const smm_selection *a, smm_session *sb, const smm_selection *b, FILE *out)
{
    ExplainCall c = {.s = sa, .s2 = sb, .sel = a, .sel2 = b, .out = out};
    if (sb->internal)
        return -1;
    bool ok = guarded(sa, do_diff_targets, &c);
    smm_flush_diagnostics(sa);
    if (sb != sa)
        smm_flush_diagnostics(sb);
    return ok ? c.rc : -1;
}

int smm_diff_assessments(const smm_check_run *a, size_t ia, const smm_check_run *b, size_t ib, FILE *out)
{
    if (!a || !b || ia >= a->n || ib >= b->n)
        return -1;
    return diff_assessments(a->results[ia], b->results[ib], out);
}

/* ---------------------------------------------------------------- formatter, utilities */

typedef struct {
    const char *text;
    size_t len;
    Buf out;
    char *err;
    size_t errlen;
    int rc;
} FmtCall;

static void do_format(void *ctx)
{
    FmtCall *c = ctx;
    c->rc = fmt_source(c->text, c->len, &c->out, c->err, c->errlen);
}

int smm_format_source(const char *text, size_t len, char **out, size_t *outlen, char *err, size_t errlen)
{
    FmtCall c = {.text = text, .len = len, .err = err, .errlen = errlen};
    const char *msg = guard_run(do_format, &c);
    if (msg || c.rc != 0) {
        if (msg && errlen)
            snprintf(err, errlen, "internal error: %s", msg);
        buf_free(&c.out);
        return -1;
    }
    buf_cstr(&c.out);
    *out = c.out.s ? c.out.s : calloc(1, 1);
    *outlen = c.out.n;
    return *out ? 0 : -1;
}

typedef struct {
    const char *path;
    FILE *f;
    size_t *len;
    char *text;
} ReadCall;

static void do_read(void *ctx)
{
    ReadCall *c = ctx;
    c->text = c->f ? read_stream(c->f, c->len) : read_file(c->path, c->len);
}

char *smm_read_file(const char *path, size_t *len)
{
    ReadCall c = {.path = path, .len = len};
    if (guard_run(do_read, &c)) {
        errno = ENOMEM;
        return NULL;
    }
    return c.text;
}

char *smm_read_stream(FILE *f, size_t *len)
{
    ReadCall c = {.f = f, .len = len};
    if (guard_run(do_read, &c)) {
        errno = ENOMEM;
        return NULL;
    }
    return c.text;
}

bool smm_date_valid(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    return s[4] == '-' && s[7] == '-' && date_valid(y, m, d);
}
