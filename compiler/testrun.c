/*
 * testrun.c — `smmc test`: run the test declarations (language.md §8,
 * tool.md §6) and write their results.
 *
 * A test's names were resolved by resolve_tests() (resolve.c); here each
 * expectation is compared with what the subject resolves to:
 *   - a target subject: the variant PROFILE [sector S] [system Y], computed
 *     by the cascade as `compile` computes it;
 *   - an assessment subject: the assessment's target variant for value
 *     expectations, and the gap analysis of that one assessment (check.c,
 *     run in a sink session so its gaps are counted, not reported) for
 *     `status`, `gaps` and `errors`.
 * A failed expectation is one `expectation-failed` error at the `expect`,
 * saying what was found and what was expected, with a note at the setting
 * (or the assessment line) that produced the value found — the provenance
 * `explain` shows.  Only the tests of the root files run (not those of
 * imported files), in declaration order.
 */
#include "smmc.h"
#include "check_format.h"

#include <fnmatch.h>
#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

typedef struct Outcome {
    const Test *t;
    int expects, failed;
    Vec diags; /* the expectation-failed diagnostics (Diag*) */
} Outcome;

struct TestRun {
    Outcome *out;
    size_t n;
    int passed, failed;
};

static const char *op_text(int op)
{
    return op == REQ_GE ? ">=" : op == REQ_LE ? "<=" : "=";
}

static bool compare(int found, int op, long want)
{
    return op == REQ_GE ? found >= want : op == REQ_LE ? found <= want : found == want;
}

static const char *subject_text(Session *s, const Test *t)
{
    if (t->assessment)
        return arena_printf(s->arena, "assessment %s", t->assessment->name);
    return arena_printf(s->arena, "%s%s%s%s%s", t->profile->name, t->sector ? " sector " : "",
                        t->sector ? t->sector : "", t->system ? " system " : "", t->system ? t->system : "");
}

static const char *layer_word(const Setting *w)
{
    if (!w)
        return "default";
    LayerKind k = w->block ? w->block->kind : LAYER_BODY;
    return k == LAYER_BODY ? "body" : k == LAYER_SECTOR ? "sector" : "system";
}

static int layer_kind(const Setting *w)
{
    if (!w)
        return LAYER_DEFAULT;
    LayerKind k = w->block ? w->block->kind : LAYER_BODY;
    return k == LAYER_SECTOR_SYSTEM ? LAYER_SYSTEM : (int)k;
}

/* A note at the setting that produced attribute attr of practice i. */
static void winner_note(Session *s, Diag *d, const Variant *v, int i, int attr)
{
    const Model *m = v->profile->model;
    const MNode *n = &m->nodes[m->practices[i]];
    const EffAttr *e = &v->eff[i * 2 + attr];
    const Setting *w = eff_winner(e);
    const char *val = attr == 0 ? arena_printf(s->arena, "%d", e->value) : scope_name(e->value);
    if (!w) {
        diag_note(s, d, v->profile->ast->name.loc, "no setting of '%s' reaches '%s'; default %s",
                  v->profile->name, n->id, val);
        return;
    }
    diag_note(s, d, w->path.loc, "%s %s set here by %s (%s layer%s%s%s)", attr == 0 ? "comprehensiveness" : "scope",
              val, w->owner->name, layer_word(w), w->node != n->index ? ", on '" : "",
              w->node != n->index ? w->path.text : "", w->node != n->index ? "'" : "");
}

static Diag *fail(Session *s, Outcome *o, const Expect *e, const char *fmt, ...) SMM_PRINTF(4, 5);
static Diag *fail(Session *s, Outcome *o, const Expect *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Diag *d = diag_vat(s, D_EXPECT_FAILED, e->loc, fmt, ap);
    va_end(ap);
    o->failed++;
    if (d)
        vec_push(&o->diags, d);
    return d;
}

static const char *more_text(Session *s, int more, const Expect *e)
{
    return more ? arena_printf(s->arena, " (and %d more practice%s under '%s')", more, more == 1 ? "" : "s",
                               e->path.text)
                : "";
}

/* expect PATH OP C [SCOPE]: every practice under PATH. */
static void expect_value(Session *s, Outcome *o, const Expect *e, const Variant *v)
{
    const Model *m = v->profile->model;
    const MNode *n = &m->nodes[e->node];
    int first = -1, more = 0;
    bool bad_c = false, bad_s = false;
    for (int i = n->first_practice; i < n->first_practice + n->npractices; i++) {
        int c = v->eff[i * 2].value, sc = v->eff[i * 2 + 1].value;
        bool fc = e->comp.value >= 0 && !compare(c, e->op, e->comp.value);
        bool fs = e->scope.value != SCOPE_UNSET && !compare(sc, e->op, e->scope.value);
        if (!fc && !fs)
            continue;
        if (first < 0) {
            first = i;
            bad_c = fc;
            bad_s = fs;
        } else {
            more++;
        }
    }
    if (first < 0)
        return;
    const MNode *p = &m->nodes[m->practices[first]];
    const char *want = op_text(e->op);
    if (e->comp.value >= 0)
        want = arena_printf(s->arena, "%s %d", want, e->comp.value);
    if (e->scope.value != SCOPE_UNSET)
        want = arena_printf(s->arena, "%s %s", want, scope_name(e->scope.value));
    Diag *d = fail(s, o, e, "%s is %d %s in %s; expected %s%s", p->id, v->eff[first * 2].value,
                   scope_name(v->eff[first * 2 + 1].value), subject_text(s, o->t), want, more_text(s, more, e));
    if (!d)
        return;
    if (bad_c)
        winner_note(s, d, v, first, 0);
    if (bad_s && (!bad_c || eff_winner(&v->eff[first * 2]) != eff_winner(&v->eff[first * 2 + 1])))
        winner_note(s, d, v, first, 1);
}

/* expect PATH set_by PROFILE [LAYER]: the comprehensiveness winner. */
static void expect_set_by(Session *s, Outcome *o, const Expect *e, const Variant *v)
{
    const Model *m = v->profile->model;
    const MNode *n = &m->nodes[e->node];
    int first = -1, more = 0;
    for (int i = n->first_practice; i < n->first_practice + n->npractices; i++) {
        const Setting *w = eff_winner(&v->eff[i * 2]);
        bool ok = e->layer_kind == LAYER_DEFAULT
                      ? w == NULL
                      : w && w->owner == e->set_by && (e->layer_kind < 0 || layer_kind(w) == e->layer_kind);
        if (ok)
            continue;
        if (first < 0)
            first = i;
        else
            more++;
    }
    if (first < 0)
        return;
    const MNode *p = &m->nodes[m->practices[first]];
    const Setting *w = eff_winner(&v->eff[first * 2]);
    const char *found = w ? arena_printf(s->arena, "set by %s (%s layer)", w->owner->name, layer_word(w))
                          : "not set by any profile (the default)";
    const char *want = e->layer_kind == LAYER_DEFAULT ? "the default"
                       : e->layer.text ? arena_printf(s->arena, "%s (%s layer)", e->set_by->name, e->layer.text)
                                       : e->set_by->name;
    Diag *d = fail(s, o, e, "%s in %s is %s; expected %s%s", p->id, subject_text(s, o->t), found, want,
                   more_text(s, more, e));
    if (d)
        winner_note(s, d, v, first, 0);
}

/* Does consideration id apply to practice node p of the variant? */
static bool considers(const Variant *v, int p, const char *id)
{
    const MNode *n = &v->profile->model->nodes[p];
    for (int l = 1; l <= 4; l++)
        for (const Consideration *c = n->considers[l]; c; c = c->next)
            if (c->id == id)
                return true;
    for (int l = 0; l < 4; l++)
        for (const ConsLink *c = v->layers[l] ? v->layers[l]->considers : NULL; c; c = c->next)
            if (c->c->node == p && c->c->id.text == id)
                return true;
    return false;
}

/* expect PATH considers ID: ID applies to a practice under PATH. */
static void expect_considers(Session *s, Outcome *o, const Expect *e, const Variant *v)
{
    const Model *m = v->profile->model;
    const MNode *n = &m->nodes[e->node];
    for (int i = n->first_practice; i < n->first_practice + n->npractices; i++)
        if (considers(v, m->practices[i], e->id.text))
            return;
    Diag *d = fail(s, o, e, "consideration '%s' does not apply to '%s' in %s", e->id.text, e->path.text,
                   subject_text(s, o->t));
    if (!d)
        return;
    const Consideration *c = ptrmap_get(&m->considers, e->id.text);
    if (c) {
        diag_note(s, d, c->loc, "'%s' is a consideration of '%s' in the model", e->id.text,
                  m->nodes[c->practice].id);
        return;
    }
    /* a profile's: where it is added, and for which practice */
    const Profile *p = v->profile;
    for (int k = 0; k < p->nmro; k++) {
        const AstProfile *q = p->mro[k]->ast;
        const Block *blocks[64];
        int nb = 0;
        blocks[nb++] = &q->body;
        for (const Block *b = q->sectors; b && nb < 62; b = b->next) {
            blocks[nb++] = b;
            for (const Block *y = b->systems; y && nb < 63; y = y->next)
                blocks[nb++] = y;
        }
        for (const Block *b = q->systems; b && nb < 64; b = b->next)
            blocks[nb++] = b;
        for (int j = 0; j < nb; j++)
            for (const ProfConsider *pc = blocks[j]->considers; pc; pc = pc->next)
                if (pc->id.text == e->id.text) {
                    const Block *b = blocks[j];
                    if (b->kind == LAYER_BODY)
                        diag_note(s, d, pc->loc, "'%s' is added here, for '%s', by %s", e->id.text,
                                  pc->path.text, p->mro[k]->name);
                    else
                        diag_note(s, d, pc->loc, "'%s' is added here, for '%s', in the %s block '%s' of %s",
                                  e->id.text, pc->path.text, b->kind == LAYER_SECTOR ? "sector" : "system",
                                  b->name.text, p->mro[k]->name);
                    return;
                }
    }
}

/* The gap analysis of one assessment, in a session of its own: its
 * diagnostics are what `errors` counts, not findings of this run. */
typedef struct AssessRun {
    Session *sink;
    CheckRun *run;
    const AssessResult *r;
    int errors;
} AssessRun;

static void assess_run(Session *s, const Test *t, AssessRun *ar)
{
    ar->sink = session_sink(s, s->arena);
    ar->sink->policy.max_errors = 0;
    ar->run = check_run(ar->sink, t->assessment->name);
    ar->r = ar->run->n ? ar->run->results[0] : NULL;
    for (const Diag *d = ar->sink->diags; d; d = d->next)
        ar->errors += d->sev == SEV_ERROR;
}

static void assess_free(AssessRun *ar)
{
    if (ar->run)
        check_free(ar->run);
    session_sink_free(ar->sink);
}

static void status_note(Session *s, Diag *d, const Test *t, const PracticeResult *pr)
{
    const MNode *n = &t->profile->model->nodes[pr->node];
    if (pr->waiver)
        diag_note(s, d, pr->waiver->loc, "waived here");
    else if (pr->entry)
        diag_note(s, d, pr->entry->loc, "'%s' recorded here", n->id);
    else
        diag_note(s, d, t->assessment->ast->name.loc, "assessment '%s' has no line for '%s'", t->assessment->name,
                  n->id);
}

static void expect_status(Session *s, Outcome *o, const Expect *e, const AssessRun *ar)
{
    const Model *m = o->t->profile->model;
    const MNode *n = &m->nodes[e->node];
    const PracticeResult *first = NULL;
    int more = 0;
    for (int i = n->first_practice; ar->r && i < n->first_practice + n->npractices; i++) {
        const PracticeResult *pr = &ar->r->practices[i];
        if ((int)pr->status == e->status)
            continue;
        if (!first)
            first = pr;
        else
            more++;
    }
    if (!first)
        return;
    Diag *d = fail(s, o, e, "%s has status %s in assessment %s; expected %s%s", m->nodes[first->node].id,
                   status_name(first->status), o->t->assessment->name, status_name((PracticeStatus)e->status),
                   more_text(s, more, e));
    if (d)
        status_note(s, d, o->t, first);
}

static void expect_count(Session *s, Outcome *o, const Expect *e, const AssessRun *ar)
{
    int found = e->kind == EX_GAPS ? (ar->r ? ar->r->counts[ST_GAP] : 0) : ar->errors;
    if (compare(found, e->op, e->count))
        return;
    const char *what = e->kind == EX_GAPS ? "practices with status gap" : "error diagnostics";
    Diag *d = fail(s, o, e, "assessment %s has %d %s; expected %s %ld", o->t->assessment->name, found, what,
                   op_text(e->op), e->count);
    if (!d)
        return;
    int shown = 0;
    if (e->kind == EX_GAPS) {
        const Model *m = o->t->profile->model;
        for (int i = 0; ar->r && i < m->npractices && shown < 5; i++)
            if (ar->r->practices[i].status == ST_GAP && ++shown)
                status_note(s, d, o->t, &ar->r->practices[i]);
    } else {
        for (const Diag *x = ar->sink->diags; x && shown < 5; x = x->next)
            if (x->sev == SEV_ERROR && ++shown)
                diag_note(s, d, x->loc, "%s [%s]", x->msg, diag_info[x->id].name);
    }
    if (shown == 0)
        diag_note(s, d, o->t->assessment->ast->name.loc, "assessment '%s' is here", o->t->assessment->name);
}

static void run_test(Session *s, Outcome *o)
{
    const Test *t = o->t;
    Variant v = {0};
    Hold h;
    guard_hold(&h, hold_variant, &v);
    variant_compute(s, &v, t->profile, t->sector, t->system);
    AssessRun ar = {0};
    if (t->assessment)
        assess_run(s, t, &ar);
    for (const Expect *e = t->ast->expects; e; e = e->next) {
        o->expects++;
        switch (e->kind) {
        case EX_VALUE: expect_value(s, o, e, &v); break;
        case EX_SET_BY: expect_set_by(s, o, e, &v); break;
        case EX_CONSIDERS: expect_considers(s, o, e, &v); break;
        case EX_STATUS: expect_status(s, o, e, &ar); break;
        case EX_GAPS:
        case EX_ERRORS: expect_count(s, o, e, &ar); break;
        }
    }
    if (t->assessment)
        assess_free(&ar);
    guard_drop(&h);
    variant_free(&v);
}

static bool in_root(const Session *s, const Test *t)
{
    for (size_t i = 0; i < s->units.n; i++) {
        const Unit *u = s->units.v[i];
        if (u->is_root && u->src->id == t->ast->loc.file)
            return true;
    }
    return false;
}

TestRun *testrun_run(Session *s, const char *glob)
{
    TestRun *r = xcalloc(1, sizeof *r);
    if (!s->prog || s->errors)
        return r;
    Program *pg = s->prog;
    r->out = xcalloc(pg->tests.n + 1, sizeof *r->out);
    int max = s->policy.max_errors; /* every failure is reported */
    s->policy.max_errors = 0;
    for (size_t i = 0; i < pg->tests.n; i++) {
        const Test *t = pg->tests.v[i];
        if (!t->ok || !in_root(s, t) || (glob && fnmatch(glob, t->name, 0) != 0))
            continue;
        Outcome *o = &r->out[r->n++];
        o->t = t;
        run_test(s, o);
        if (o->failed)
            r->failed++;
        else
            r->passed++;
    }
    s->policy.max_errors = max;
    if (r->n == 0) {
        if (glob)
            diag_at(s, D_NO_TESTS, LOC_NONE, "no test matches --run '%s' (%zu test%s in the inputs)", glob,
                    pg->tests.n, pg->tests.n == 1 ? "" : "s");
        else
            diag_at(s, D_NO_TESTS, LOC_NONE,
                    "no test found in the inputs; declare one: test NAME { target PROFILE expect PATH >= LEVEL }");
    }
    smm_flush_diagnostics(s);
    return r;
}

void testrun_counts(const TestRun *r, int *tests, int *passed, int *failed)
{
    *tests = (int)r->n;
    *passed = r->passed;
    *failed = r->failed;
}

void testrun_free(TestRun *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        vec_free(&r->out[i].diags);
    free(r->out);
    free(r);
}

/* ---------------------------------------------------------------- writers */

static DiagPos test_pos(Session *s, const Test *t)
{
    return diag_pos(s, t->ast->name.loc);
}

static int write_text(Session *s, const TestRun *r, FILE *out, bool quiet)
{
    if (quiet) /* -q: only the diagnostics, as check -q */
        return 0;
    for (size_t i = 0; i < r->n; i++) {
        const Outcome *o = &r->out[i];
        DiagPos p = test_pos(s, o->t);
        if (o->failed)
            fprintf(out, "FAIL %s (%s:%u): %d of %d expectations failed\n", o->t->name, p.file, p.line, o->failed,
                    o->expects);
        else
            fprintf(out, "PASS %s (%s:%u)\n", o->t->name, p.file, p.line);
    }
    fprintf(out, "%zu test%s: %d passed, %d failed\n", r->n, r->n == 1 ? "" : "s", r->passed, r->failed);
    return ferror(out) ? -1 : 0;
}

static int write_json(Session *s, const TestRun *r, FILE *out)
{
    json_t *root = json_object(), *tests = json_array(), *diags = json_array();
    for (size_t i = 0; i < r->n; i++) {
        const Outcome *o = &r->out[i];
        DiagPos p = test_pos(s, o->t);
        json_t *t = json_object();
        json_object_set_new(t, "name", json_string(o->t->name));
        json_object_set_new(t, "title", o->t->ast->title ? json_string(o->t->ast->title) : json_null());
        json_object_set_new(t, "file", json_string(p.file));
        json_object_set_new(t, "line", json_integer(p.line));
        json_object_set_new(t, "status", json_string(o->failed ? "failed" : "passed"));
        json_object_set_new(t, "expectations", json_integer(o->expects));
        json_object_set_new(t, "failed", json_integer(o->failed));
        json_array_append_new(tests, t);
    }
    for (const Diag *d = s->diags; d; d = d->next)
        if (d->sev != SEV_IGNORED)
            json_array_append_new(diags, diag_to_json(s, d));
    json_t *sum = json_object();
    json_object_set_new(sum, "tests", json_integer((json_int_t)r->n));
    json_object_set_new(sum, "passed", json_integer(r->passed));
    json_object_set_new(sum, "failed", json_integer(r->failed));
    json_object_set_new(root, "tests", tests);
    json_object_set_new(root, "summary", sum);
    json_object_set_new(root, "diagnostics", diags);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    fputc('\n', out);
    return rc != 0 || ferror(out) ? -1 : 0;
}

#define X(s) ((const xmlChar *)(s))

static void junit_failure(Session *s, xmlTextWriterPtr w, const Diag *d)
{
    xmlTextWriterStartElement(w, X("failure"));
    xmlTextWriterWriteAttribute(w, X("message"), X(d->msg));
    xmlTextWriterWriteAttribute(w, X("type"), X(diag_info[d->id].name));
    Buf text = {0};
    diag_render_text(s, d, &text, false);
    xmlTextWriterWriteString(w, X(buf_cstr(&text)));
    buf_free(&text);
    xmlTextWriterEndElement(w);
}

/* One testsuite "smmc test", one testcase per test (classname: its file),
 * one <failure> per failed expectation.  Inputs that do not compile give a
 * testcase "compile" with a failure per error, so the report is never
 * green when the gate is not. */
static int write_junit(Session *s, const TestRun *r, FILE *out)
{
    xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
    xmlTextWriterPtr w = buf ? xmlNewTextWriter(buf) : NULL;
    if (!w)
        return -1;
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, X("  "));
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    int other = 0; /* errors that are not a failed expectation */
    for (const Diag *d = s->diags; d; d = d->next)
        other += d->sev == SEV_ERROR && d->id != D_EXPECT_FAILED;
    int tests = (int)r->n + (other > 0), failures = r->failed + (other > 0);
    xmlTextWriterStartElement(w, X("testsuites"));
    xmlTextWriterWriteAttribute(w, X("name"), X("smmc test"));
    xmlTextWriterWriteFormatAttribute(w, X("tests"), "%d", tests);
    xmlTextWriterWriteFormatAttribute(w, X("failures"), "%d", failures);
    xmlTextWriterWriteAttribute(w, X("errors"), X("0"));
    xmlTextWriterStartElement(w, X("testsuite"));
    xmlTextWriterWriteAttribute(w, X("name"), X("smmc test"));
    xmlTextWriterWriteFormatAttribute(w, X("tests"), "%d", tests);
    xmlTextWriterWriteFormatAttribute(w, X("failures"), "%d", failures);
    xmlTextWriterWriteAttribute(w, X("errors"), X("0"));
    xmlTextWriterWriteAttribute(w, X("skipped"), X("0"));
    if (other) {
        xmlTextWriterStartElement(w, X("testcase"));
        xmlTextWriterWriteAttribute(w, X("classname"), X("smmc"));
        xmlTextWriterWriteAttribute(w, X("name"), X("compile"));
        for (const Diag *d = s->diags; d; d = d->next)
            if (d->sev == SEV_ERROR && d->id != D_EXPECT_FAILED)
                junit_failure(s, w, d);
        xmlTextWriterEndElement(w);
    }
    for (size_t i = 0; i < r->n; i++) {
        const Outcome *o = &r->out[i];
        xmlTextWriterStartElement(w, X("testcase"));
        xmlTextWriterWriteAttribute(w, X("classname"), X(test_pos(s, o->t).file));
        xmlTextWriterWriteAttribute(w, X("name"), X(o->t->name));
        for (size_t k = 0; k < o->diags.n; k++)
            junit_failure(s, w, o->diags.v[k]);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    return ferror(out) ? -1 : 0;
}

int testrun_write(Session *s, const TestRun *r, smm_format fmt, FILE *out)
{
    CheckRun none = {0};
    switch (fmt) {
    case SMM_FORMAT_TEXT: return write_text(s, r, out, s->opt.quiet);
    case SMM_FORMAT_JSON: return write_json(s, r, out);
    case SMM_FORMAT_JUNIT: return write_junit(s, r, out);
    case SMM_FORMAT_SARIF: return check_write_sarif(s, &none, out);
    case SMM_FORMAT_GITHUB: return check_write_github(s, &none, out);
    default: return -1;
    }
}
