/*
 * oscal_results.c — the OSCAL documents of `smmc check --format oscal`
 * (assessment results) and `smmc report --format oscal-poam` (plan of
 * action and milestones); tool.md §8, docs/oscal.md.
 *
 * Assessment results: one result per assessment (source order), with
 *   - an observation per practice the assessment says something about (a
 *     level line, a not_applicable line, or met considerations), carrying
 *     every evidence string as relevant evidence;
 *   - a finding per practice of the model on the objective part of its
 *     target level, its status `satisfied` or `not-satisfied`, and smmc's
 *     own status (met, gap, over-target, not-assessed, not-applicable,
 *     waived), which OSCAL has no word for, as a prop in smmc's namespace
 *     (with `baselined` when --baseline matched it);
 *   - a risk per waiver line: a deviation (status deviation-approved while
 *     it applies, and a risk-log entry approving it until the expiry), its
 *     reason, owner and expiry (the risk's deadline).
 * The plan of action: one POA&M item and one risk per roadmap step
 * (report_roadmap.c, in its order), the next level's objective as the
 * risk's remediation and the considerations of that level not yet met as
 * its tasks (a waived gap adds its expiry as a milestone); then one item
 * per required practice not yet assessed.
 *
 * Deterministic: UUIDs from names (assessment, practice, consideration),
 * times from the assessment dates, model and source order.
 */
#include "oscal.h"
#include "check_format.h"
#include "report.h"

#include <string.h>

/* An href for a source file: a relative reference, percent-encoded. */
static const char *file_href(Session *s, const char *path)
{
    Buf b = {0};
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            buf_putc(&b, *p);
        else
            buf_printf(&b, "%%%02X", *p);
    }
    const char *r = arena_strdup(s->arena, b.n ? buf_cstr(&b) : ".");
    buf_free(&b);
    return r;
}

static const char *target_name(Session *s, const Assessment *a)
{
    return arena_printf(s->arena, "%s%s%s%s%s", a->profile ? a->profile->name : "?", a->sector ? " sector " : "",
                        a->sector ? a->sector : "", a->system ? " system " : "", a->system ? a->system : "");
}

static const char *level_text(Session *s, int c, int scope)
{
    return arena_printf(s->arena, "%d (%s) %s", c, c >= 0 && c <= 4 ? oscal_level_words[c] : "?", scope_name(scope));
}

/* The latest assessment date of a set of results, as a timestamp. */
static const char *results_time(Session *s, AssessResult *const *v, size_t n)
{
    DateLit latest = {0};
    for (size_t i = 0; i < n; i++) {
        DateLit d = v[i]->a->ast->date;
        if (d.y && date_key(d) > date_key(latest))
            latest = d;
    }
    return oscal_time(s, latest);
}

/* The date part of a timestamp, as a document version. */
static const char *version_of(Session *s, const char *time)
{
    return arena_strndup(s->arena, time, 10);
}

/* ------------------------------------------------------------ assessment results */

static json_t *observation(Session *s, const AssessResult *r, const PracticeResult *pr, const PtrMap *met_by_node)
{
    const Assessment *a = r->a;
    const MNode *n = &r->model->nodes[pr->node];
    const Vec *met = ptrmap_get(met_by_node, n->id);
    if (!pr->entry && !met)
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(oscal_uuid(s, "observation/%s/%s", a->name, n->id)));
    oscal_set_markup_line(o, "title", n->title, n->id);
    const char *desc;
    if (pr->entry && pr->entry->kind == AE_NOT_APPLICABLE)
        desc = arena_printf(s->arena, "%s: not applicable.", n->id);
    else if (pr->entry)
        desc = arena_printf(s->arena, "%s: assessed at comprehensiveness %s.", n->id,
                            level_text(s, pr->claimed_c, pr->current_s));
    else
        desc = arena_printf(s->arena, "%s: no level assessed; considerations met.", n->id);
    json_object_set_new(o, "description", oscal_markup(desc));
    oscal_prop(o, "practice", n->id);
    if (pr->entry && pr->entry->kind == AE_LEVEL) {
        oscal_propf(o, "assessed-comprehensiveness", "%d", pr->claimed_c);
        oscal_prop(o, "assessed-scope", scope_name(pr->current_s));
        if (pr->current_c != pr->claimed_c)
            oscal_propf(o, "counted-comprehensiveness", "%d", pr->current_c);
    }
    oscal_prop(o, "source", pr->entry ? oscal_where(s, pr->entry->loc) : NULL);
    json_t *methods = json_array();
    json_array_append_new(methods, json_string("EXAMINE"));
    json_object_set_new(o, "methods", methods);
    json_t *ev = json_array();
    if (pr->entry)
        for (const StrList *e = pr->entry->evidence; e; e = e->next) {
            json_t *re = json_object();
            json_object_set_new(re, "description", oscal_markup(e->text));
            json_array_append_new(ev, re);
        }
    for (size_t i = 0; met && i < met->n; i++) {
        const AEntry *m = met->v[i];
        const StrList *e = m->evidence;
        do {
            json_t *re = json_object();
            json_object_set_new(re, "description",
                                oscal_markup(e ? e->text : arena_printf(s->arena, "consideration %s met",
                                                                      m->path.text)));
            oscal_prop(re, "consideration", m->path.text);
            oscal_prop(re, "source", oscal_where(s, m->loc));
            json_array_append_new(ev, re);
        } while (e && (e = e->next));
    }
    oscal_set_array(o, "relevant-evidence", ev);
    json_object_set_new(o, "collected", json_string(oscal_time(s, a->ast->date)));
    if (pr->entry && pr->entry->because)
        oscal_set_markup(o, "remarks", pr->entry->because);
    return o;
}

/* OSCAL's objective state for an smmc status, and the reason. */
static void objective_state(PracticeStatus st, const char **state, const char **reason)
{
    switch (st) {
    case ST_MET: *state = "satisfied"; *reason = "pass"; break;
    case ST_OVER_TARGET: *state = "satisfied"; *reason = "pass"; break;
    case ST_NOT_APPLICABLE: *state = "satisfied"; *reason = "other"; break;
    case ST_GAP: *state = "not-satisfied"; *reason = "fail"; break;
    case ST_WAIVED: *state = "not-satisfied"; *reason = "other"; break;
    default: *state = "not-satisfied"; *reason = "other"; break;
    }
}

/* The practices (ids) of assessment a with a finding --baseline matched
 * (known debt: it does not count toward the gate), in *out. */
static void baselined_practices(const Session *s, const CheckRun *run, const Assessment *a, PtrMap *out)
{
    if (run->baselined == 0)
        return;
    for (const Diag *d = s->diags; d; d = d->next)
        if (d->baselined && d->assessment == a->name && d->practice)
            ptrmap_put(out, d->practice, (void *)d);
}

static json_t *finding(Session *s, const AssessResult *r, const PracticeResult *pr, bool observed,
                       const PtrMap *baselined)
{
    const Assessment *a = r->a;
    const MNode *n = &r->model->nodes[pr->node];
    json_t *f = json_object();
    json_object_set_new(f, "uuid", json_string(oscal_uuid(s, "finding/%s/%s", a->name, n->id)));
    json_object_set_new(f, "title", oscal_markup_line(arena_printf(s->arena, "%s: %s", n->id, status_name(pr->status))));
    const char *desc;
    if (pr->status == ST_NOT_APPLICABLE)
        desc = arena_printf(s->arena, "%s is not applicable to this target.", n->id);
    else if (!pr->assessed)
        desc = arena_printf(s->arena, "Target %s; not assessed.", level_text(s, pr->target_c, pr->target_s));
    else
        desc = arena_printf(s->arena, "Target %s; current %s; gap %d in comprehensiveness, %d in scope.",
                            level_text(s, pr->target_c, pr->target_s), level_text(s, pr->current_c, pr->current_s),
                            pr->gap_c, pr->gap_s);
    json_object_set_new(f, "description", oscal_markup(desc));
    oscal_prop(f, "practice", n->id);
    oscal_prop(f, "status", status_name(pr->status));
    oscal_propf(f, "target-comprehensiveness", "%d", pr->target_c);
    oscal_prop(f, "target-scope", scope_name(pr->target_s));
    if (pr->assessed) {
        oscal_propf(f, "current-comprehensiveness", "%d", pr->current_c);
        oscal_prop(f, "current-scope", scope_name(pr->current_s));
        oscal_propf(f, "gap-comprehensiveness", "%d", pr->gap_c);
        oscal_propf(f, "gap-scope", "%d", pr->gap_s);
    }
    if (pr->previous_c >= 0) {
        oscal_propf(f, "previous-comprehensiveness", "%d", pr->previous_c);
        oscal_prop(f, "previous-scope", scope_name(pr->previous_s));
    }
    if (pr->regression)
        oscal_prop(f, "regression", "true");
    if (ptrmap_get(baselined, n->id))
        oscal_prop(f, "baselined", "true");
    json_t *t = json_object();
    json_object_set_new(t, "type", json_string("objective-id"));
    /* the objective part of the target level in the catalog (the control
     * itself when the target asks for nothing) */
    json_object_set_new(t, "target-id", json_string(pr->target_c >= 1 && pr->target_c <= 4
                                                        ? arena_printf(s->arena, "%s.level-%d", n->id, pr->target_c)
                                                        : n->id));
    oscal_prop(t, "status", status_name(pr->status));
    const char *state, *reason;
    objective_state(pr->status, &state, &reason);
    json_t *st = json_object();
    json_object_set_new(st, "state", json_string(state));
    json_object_set_new(st, "reason", json_string(reason));
    json_object_set_new(t, "status", st);
    json_object_set_new(f, "target", t);
    if (observed) {
        json_t *ro = json_array(), *o = json_object();
        json_object_set_new(o, "observation-uuid", json_string(oscal_uuid(s, "observation/%s/%s", a->name, n->id)));
        json_array_append_new(ro, o);
        json_object_set_new(f, "related-observations", ro);
    }
    if (pr->waiver) {
        json_t *rr = json_array(), *o = json_object();
        json_object_set_new(o, "risk-uuid", json_string(oscal_uuid(s, "risk/%s/%s", a->name, n->id)));
        json_array_append_new(rr, o);
        json_object_set_new(f, "related-risks", rr);
    }
    return f;
}

/* The waiver as the risk's log: one entry, the deviation approved from the
 * assessment's date until the waiver's. */
static json_t *deviation_log(Session *s, const Assessment *a, const AEntry *w)
{
    const MNode *n = &a->profile->model->nodes[w->node];
    json_t *log = json_object(), *entries = json_array(), *e = json_object();
    json_object_set_new(e, "uuid", json_string(oscal_uuid(s, "deviation/%s/%s", a->name, n->id)));
    json_object_set_new(e, "title", oscal_markup_line(arena_printf(s->arena, "Deviation approved until %04d-%02d-%02d",
                                                             w->until.y, w->until.m, w->until.d)));
    oscal_set_markup(e, "description", w->because);
    json_object_set_new(e, "start", json_string(oscal_time(s, a->ast->date)));
    json_object_set_new(e, "end", json_string(oscal_time(s, w->until)));
    oscal_prop(e, "owner", w->owner);
    json_object_set_new(e, "status-change", json_string("deviation-approved"));
    json_array_append_new(entries, e);
    json_object_set_new(log, "entries", entries);
    return log;
}

/* A waiver line as a risk: a deviation while it applies. */
static json_t *waiver_risk(Session *s, const AssessResult *r, const AEntry *w, long today)
{
    const Assessment *a = r->a;
    const MNode *n = &r->model->nodes[w->node];
    const PracticeResult *pr = &r->practices[r->model->nodes[w->node].practice];
    const char *state = pr->waiver == w ? "applied" : date_key(w->until) < today ? "expired" : "unused";
    json_t *k = json_object();
    json_object_set_new(k, "uuid", json_string(oscal_uuid(s, "risk/%s/%s", a->name, n->id)));
    json_object_set_new(k, "title", oscal_markup_line(arena_printf(s->arena, "Waiver: %s", n->id)));
    json_object_set_new(k, "description", oscal_markup(w->because ? w->because : "(no reason given)"));
    json_object_set_new(k, "statement",
                        oscal_markup(arena_printf(s->arena, "The gap in %s is accepted until %04d-%02d-%02d%s%s (%s).",
                                                n->id, w->until.y, w->until.m, w->until.d,
                                                w->owner ? "; owner: " : "", w->owner ? w->owner : "", state)));
    oscal_prop(k, "practice", n->id);
    oscal_prop(k, "waiver", state);
    oscal_prop(k, "reason", w->because);
    oscal_prop(k, "owner", w->owner);
    oscal_propf(k, "until", "%04d-%02d-%02d", w->until.y, w->until.m, w->until.d);
    oscal_prop(k, "source", oscal_where(s, w->loc));
    json_object_set_new(k, "status", json_string(!strcmp(state, "applied") ? "deviation-approved"
                                                 : !strcmp(state, "expired") ? "open" : "closed"));
    json_object_set_new(k, "deadline", json_string(oscal_time(s, w->until)));
    json_object_set_new(k, "risk-log", deviation_log(s, a, w));
    return k;
}

/* A result's metadata: who assessed what, against which target, when, and
 * how the levels were computed; every control reviewed. */
static void result_head(Session *s, const AssessResult *r, json_t *res)
{
    const Assessment *a = r->a;
    const AstAssessment *aa = a->ast;
    json_object_set_new(res, "uuid", json_string(oscal_uuid(s, "result/%s", a->name)));
    oscal_set_markup_line(res, "title", aa->title, a->name);
    Buf d = {0};
    buf_printf(&d, "Assessment %s against the target %s.", a->name, target_name(s, a));
    if (aa->doc)
        buf_printf(&d, "\n\n%s", aa->doc);
    json_object_set_new(res, "description", oscal_markup(buf_cstr(&d)));
    buf_free(&d);
    json_object_set_new(res, "start", json_string(oscal_time(s, aa->date)));
    oscal_prop(res, "assessment", a->name);
    oscal_prop(res, "profile", a->profile ? a->profile->name : NULL);
    oscal_prop(res, "sector", a->sector);
    oscal_prop(res, "system", a->system);
    oscal_prop(res, "model", r->model->name);
    oscal_prop(res, "assessor", aa->assessor);
    if (aa->date.y)
        oscal_propf(res, "date", "%04d-%02d-%02d", aa->date.y, aa->date.m, aa->date.d);
    oscal_prop(res, "evidence", r->evidence ? "strict" : "claimed");
    oscal_prop(res, "rollup", r->mean ? "mean" : "min");
    if (r->previous)
        oscal_prop(res, "previous", r->previous->a->name);
    oscal_prop(res, "source", oscal_where(s, aa->loc));
    json_t *rc = json_object(), *sels = json_array(), *sel = json_object();
    json_object_set_new(sel, "include-all", json_object());
    json_array_append_new(sels, sel);
    json_object_set_new(rc, "control-selections", sels);
    json_object_set_new(res, "reviewed-controls", rc);
}

/* The id of the practice a `met` entry's consideration belongs to: one of
 * the model's, else one the target profile adds, else the practice the
 * entry was resolved to; NULL if none. */
static const char *met_practice(const AssessResult *r, const AEntry *e)
{
    const Model *m = r->model;
    const Consideration *c = ptrmap_get(&m->considers, e->path.text);
    const char *pid = c ? m->nodes[c->practice].id : NULL;
    for (int l = 0; l < 4 && !pid; l++)
        for (const ConsLink *cl = r->variant.layers[l] ? r->variant.layers[l]->considers : NULL; cl && !pid;
             cl = cl->next)
            if (cl->c->id.text == e->path.text && cl->c->node >= 0)
                pid = m->nodes[cl->c->node].id;
    if (!pid && e->node >= 0)
        pid = m->nodes[e->node].id;
    return pid;
}

/* The `met` entries by practice id, into met (values: Vec of AEntry *,
 * each also pushed on owned, which met_free releases). */
static void met_by_practice(const AssessResult *r, PtrMap *met, Vec *owned)
{
    for (const AEntry *e = r->a->ast->entries; e; e = e->next) {
        if (e->kind != AE_MET)
            continue;
        const char *pid = met_practice(r, e);
        if (!pid)
            continue;
        Vec *v = ptrmap_get(met, pid);
        if (!v) {
            v = xcalloc(1, sizeof *v);
            vec_push(owned, v);
            ptrmap_put(met, pid, v);
        }
        vec_push(v, (void *)e);
    }
}

static void met_free(PtrMap *met, Vec *owned)
{
    for (size_t i = 0; i < owned->n; i++) {
        vec_free(owned->v[i]);
        free(owned->v[i]);
    }
    vec_free(owned);
    ptrmap_free(met);
}

static json_t *result(Session *s, const CheckRun *run, const AssessResult *r)
{
    const Assessment *a = r->a;
    const Model *m = r->model;
    json_t *res = json_object();
    result_head(s, r, res);
    PtrMap met = {0};
    Vec owned = {0};
    met_by_practice(r, &met, &owned);
    json_t *obs = json_array(), *finds = json_array(), *risks = json_array();
    PtrMap known = {0};
    baselined_practices(s, run, a, &known);
    for (int i = 0; i < m->npractices; i++) {
        const PracticeResult *pr = &r->practices[i];
        json_t *o = observation(s, r, pr, &met);
        if (o)
            json_array_append_new(obs, o);
        json_array_append_new(finds, finding(s, r, pr, o != NULL, &known));
    }
    met_free(&met, &owned);
    ptrmap_free(&known);
    for (const AEntry *e = a->ast->entries; e; e = e->next)
        if (e->kind == AE_WAIVE && e->node >= 0 && m->nodes[e->node].practice >= 0)
            json_array_append_new(risks, waiver_risk(s, r, e, run->today));
    oscal_set_array(res, "observations", obs);
    oscal_set_array(res, "risks", risks);
    json_object_set_new(res, "findings", finds);
    return res;
}

/* The back-matter resource standing for the assessment plan OSCAL wants
 * imported: smmc has none apart from the .smm sources, which it links. */
static json_t *sources_resource(Session *s, AssessResult *const *v, size_t n, const char *uuid)
{
    json_t *r = json_object(), *rlinks = json_array();
    json_object_set_new(r, "uuid", json_string(uuid));
    json_object_set_new(r, "title", oscal_markup_line("smmc assessment sources"));
    json_object_set_new(r, "description",
                        oscal_markup("smmc has no separate assessment plan: each assessment names its target "
                                    "profile, and these .smm files hold the assessments."));
    PtrMap seen = {0};
    for (size_t i = 0; i < n; i++) {
        SourceFile *f = source_get(s, v[i]->a->ast->loc.file);
        if (!f || ptrmap_get(&seen, f))
            continue;
        ptrmap_put(&seen, f, f);
        json_t *l = json_object();
        json_object_set_new(l, "href", json_string(file_href(s, f->display)));
        json_object_set_new(l, "media-type", json_string("text/plain"));
        json_array_append_new(rlinks, l);
    }
    ptrmap_free(&seen);
    oscal_set_array(r, "rlinks", rlinks);
    return r;
}

int check_write_oscal(Session *s, const CheckRun *run, FILE *out)
{
    if (run->n == 0)
        return -1; /* the CLI says why before calling */
    Buf names = {0};
    for (size_t i = 0; i < run->n; i++)
        buf_printf(&names, "%s%s", i ? "," : "", run->results[i]->a->name);
    json_t *ar = json_object();
    json_object_set_new(ar, "uuid", json_string(oscal_uuid(s, "assessment-results/%s", buf_cstr(&names))));
    buf_free(&names);
    const AstAssessment *one = run->results[0]->a->ast;
    const char *title = run->n == 1 ? (one->title ? one->title : run->results[0]->a->name)
                                    : arena_printf(s->arena, "smmc check: %zu assessments", run->n);
    const char *time = results_time(s, run->results, run->n);
    json_t *md = oscal_metadata(title, time, version_of(s, time));
    oscal_propf(md, "today", "%04ld-%02ld-%02ld", run->today / 10000, run->today / 100 % 100, run->today % 100);
    json_object_set_new(ar, "metadata", md);
    const char *plan = oscal_uuid(s, "assessment-sources/%s", run->results[0]->a->name);
    json_t *ap = json_object();
    json_object_set_new(ap, "href", json_string(arena_printf(s->arena, "#%s", plan)));
    json_object_set_new(ar, "import-ap", ap);
    json_t *results = json_array();
    for (size_t i = 0; i < run->n; i++)
        json_array_append_new(results, result(s, run, run->results[i]));
    json_object_set_new(ar, "results", results);
    json_t *bm = json_object(), *resources = json_array();
    json_array_append_new(resources, sources_resource(s, run->results, run->n, plan));
    json_object_set_new(bm, "resources", resources);
    json_object_set_new(ar, "back-matter", bm);
    return oscal_write("assessment-results", ar, out);
}

/* ---------------------------------------------------------------- POA&M */

static json_t *task(Session *s, const Assessment *a, const MNode *n, const Consideration *c)
{
    json_t *t = json_object();
    json_object_set_new(t, "uuid", json_string(oscal_uuid(s, "task/%s/%s/%s", a->name, n->id, c->id)));
    json_object_set_new(t, "type", json_string("action"));
    oscal_set_markup_line(t, "title", arena_printf(s->arena, "Meet %s: %s", c->id, c->text ? c->text : ""), c->id);
    oscal_set_markup(t, "description", c->text);
    oscal_prop(t, "consideration", c->id);
    oscal_propf(t, "level", "%d", c->level);
    oscal_prop(t, "origin", c->origin);
    if (c->layer_name)
        oscal_prop(t, "layer", c->layer_name);
    return t;
}

/* A step as words: "Raise comprehensiveness from 2 (ad hoc) to 3
 * (consistent)", and/or the scope to narrow; plain text in the arena. */
static const char *step_title(Session *s, const RoadStep *st)
{
    const PracticeResult *pr = st->pr;
    Buf t = {0};
    if (st->next_c > 0)
        buf_printf(&t, "Raise comprehensiveness from %d (%s) to %d (%s)", pr->current_c,
                   oscal_level_words[pr->current_c < 0 ? 0 : pr->current_c], st->next_c, oscal_level_words[st->next_c]);
    if (pr->gap_s > 0)
        buf_printf(&t, "%s the scope from %s to %s", st->next_c > 0 ? "; narrow" : "Narrow", scope_name(pr->current_s),
                   scope_name(pr->target_s));
    const char *r = t.n ? arena_strdup(s->arena, buf_cstr(&t)) : NULL;
    buf_free(&t);
    return r;
}

static json_t *step_risk(Session *s, const AssessResult *r, const RoadStep *st)
{
    const Assessment *a = r->a;
    const PracticeResult *pr = st->pr;
    const MNode *n = st->node;
    json_t *k = json_object();
    json_object_set_new(k, "uuid", json_string(oscal_uuid(s, "poam-risk/%s/%s", a->name, n->id)));
    json_object_set_new(k, "title", oscal_markup_line(arena_printf(s->arena, "%s below its target", n->id)));
    json_object_set_new(k, "description",
                        oscal_markup(arena_printf(s->arena, "Target %s; current %s.",
                                                level_text(s, pr->target_c, pr->target_s),
                                                level_text(s, pr->current_c, pr->current_s))));
    json_object_set_new(k, "statement",
                        oscal_markup(arena_printf(s->arena, "%s is %d level%s short of the target of %s.", n->id, st->gap,
                                                st->gap == 1 ? "" : "s", target_name(s, a))));
    oscal_prop(k, "practice", n->id);
    oscal_propf(k, "gap", "%d", st->gap);
    json_object_set_new(k, "status", json_string(st->waiver ? "deviation-approved" : "open"));
    if (st->waiver) {
        oscal_prop(k, "waiver", "applied");
        oscal_prop(k, "reason", st->waiver->because);
        oscal_prop(k, "owner", st->waiver->owner);
        json_object_set_new(k, "deadline", json_string(oscal_time(s, st->waiver->until)));
    }
    json_t *rem = json_object();
    json_object_set_new(rem, "uuid", json_string(oscal_uuid(s, "remediation/%s/%s", a->name, n->id)));
    json_object_set_new(rem, "lifecycle", json_string("recommendation"));
    oscal_set_markup_line(rem, "title", step_title(s, st), "Close the gap");
    const char *obj = st->objective ? st->objective
                      : st->next_c > 0 ? arena_printf(s->arena, "Level %d (%s) of %s.", st->next_c,
                                                      oscal_level_words[st->next_c], n->id)
                                       : arena_printf(s->arena, "Apply %s at the %s scope.", n->id,
                                                      scope_name(pr->target_s));
    json_object_set_new(rem, "description", oscal_markup(obj));
    if (st->next_c > 0)
        oscal_propf(rem, "next-level", "%d", st->next_c);
    if (pr->target_c > st->next_c && st->next_c > 0)
        oscal_propf(rem, "then", "%d", pr->target_c);
    json_t *tasks = json_array();
    for (int i = 0; i < st->nunmet; i++)
        json_array_append_new(tasks, task(s, a, n, st->unmet[i]));
    if (st->waiver) { /* the milestone: the gap must be closed when the waiver expires */
        const AEntry *w = st->waiver;
        json_t *m = json_object(), *timing = json_object(), *on = json_object();
        json_object_set_new(m, "uuid", json_string(oscal_uuid(s, "milestone/%s/%s", a->name, n->id)));
        json_object_set_new(m, "type", json_string("milestone"));
        json_object_set_new(m, "title", oscal_markup_line(arena_printf(s->arena, "The waiver for %s expires", n->id)));
        json_object_set_new(m, "description",
                            oscal_markup(arena_printf(s->arena, "Close the gap by %04d-%02d-%02d, when the waiver "
                                                              "expires, or renew it.",
                                                    w->until.y, w->until.m, w->until.d)));
        json_object_set_new(on, "date", json_string(oscal_time(s, w->until)));
        json_object_set_new(timing, "on-date", on);
        json_object_set_new(m, "timing", timing);
        json_array_append_new(tasks, m);
    }
    oscal_set_array(rem, "tasks", tasks);
    json_t *rems = json_array();
    json_array_append_new(rems, rem);
    json_object_set_new(k, "remediations", rems);
    if (st->waiver)
        json_object_set_new(k, "risk-log", deviation_log(s, a, st->waiver));
    return k;
}

static json_t *item(const char *uuid, const char *title, const char *desc, const char *risk_uuid)
{
    json_t *it = json_object();
    json_object_set_new(it, "uuid", json_string(uuid));
    oscal_set_markup_line(it, "title", title, "untitled");
    json_object_set_new(it, "description", oscal_markup(desc));
    if (risk_uuid) {
        json_t *rr = json_array(), *o = json_object();
        json_object_set_new(o, "risk-uuid", json_string(risk_uuid));
        json_array_append_new(rr, o);
        json_object_set_new(it, "related-risks", rr);
    }
    return it;
}

int report_write_oscal_poam(Session *s, const CheckRun *run, const AssessResult *r, FILE *out)
{
    (void)run;
    const Assessment *a = r->a;
    Roadmap rm;
    roadmap_build(r, &rm);
    json_t *poam = json_object();
    json_object_set_new(poam, "uuid", json_string(oscal_uuid(s, "poam/%s", a->name)));
    const char *time = oscal_time(s, a->ast->date);
    json_t *md = oscal_metadata(arena_printf(s->arena, "Plan of action: %s", a->ast->title ? a->ast->title : a->name),
                                time, version_of(s, time));
    oscal_prop(md, "assessment", a->name);
    oscal_prop(md, "profile", a->profile ? a->profile->name : NULL);
    oscal_prop(md, "sector", a->sector);
    oscal_prop(md, "system", a->system);
    json_object_set_new(poam, "metadata", md);
    json_t *risks = json_array(), *items = json_array();
    for (int i = 0; i < rm.nsteps; i++) {
        const RoadStep *st = &rm.steps[i];
        const PracticeResult *pr = st->pr;
        json_t *k = step_risk(s, r, st);
        const char *risk_uuid = json_string_value(json_object_get(k, "uuid"));
        const char *rt = step_title(s, st);
        Buf d = {0};
        buf_printf(&d, "%s: %s.", report_title(st->node), rt ? rt : "close the gap");
        if (st->objective)
            buf_printf(&d, "\n\nLevel %d objective: %s", st->next_c, st->objective);
        if (st->waiver)
            buf_printf(&d, "\n\nWaived until %04d-%02d-%02d.", st->waiver->until.y, st->waiver->until.m,
                       st->waiver->until.d);
        json_t *it = item(oscal_uuid(s, "poam-item/%s/%s", a->name, st->node->id),
                          arena_printf(s->arena, "%s: %s", st->node->id, rt ? rt : "close the gap"), buf_cstr(&d),
                          risk_uuid);
        buf_free(&d);
        oscal_propf(it, "priority", "%d", i + 1);
        oscal_prop(it, "practice", st->node->id);
        oscal_prop(it, "status", status_name(pr->status));
        oscal_propf(it, "gap", "%d", st->gap);
        oscal_propf(it, "target-comprehensiveness", "%d", pr->target_c);
        oscal_prop(it, "target-scope", scope_name(pr->target_s));
        oscal_propf(it, "current-comprehensiveness", "%d", pr->current_c);
        oscal_prop(it, "current-scope", scope_name(pr->current_s));
        json_array_append_new(items, it);
        json_array_append_new(risks, k);
    }
    for (int i = 0; i < rm.nunassessed; i++) {
        const PracticeResult *pr = rm.unassessed[i];
        const MNode *n = &r->model->nodes[pr->node];
        json_t *it = item(oscal_uuid(s, "poam-item/%s/%s", a->name, n->id),
                          arena_printf(s->arena, "%s: assess it", n->id),
                          arena_printf(s->arena, "%s is not assessed: its gap to the target %s is unknown. Assess it "
                                                 "first.",
                                       report_title(n), level_text(s, pr->target_c, pr->target_s)),
                          NULL);
        oscal_propf(it, "priority", "%d", rm.nsteps + i + 1);
        oscal_prop(it, "practice", n->id);
        oscal_prop(it, "status", status_name(pr->status));
        oscal_propf(it, "target-comprehensiveness", "%d", pr->target_c);
        oscal_prop(it, "target-scope", scope_name(pr->target_s));
        json_array_append_new(items, it);
    }
    if (json_array_size(items) == 0) /* a POA&M needs one item: say there is nothing to do */
        json_array_append_new(items, item(oscal_uuid(s, "poam-item/%s", a->name), "No open gap",
                                          arena_printf(s->arena, "Assessment %s meets its target %s.", a->name,
                                                       target_name(s, a)),
                                          NULL));
    oscal_set_array(poam, "risks", risks);
    json_object_set_new(poam, "poam-items", items);
    roadmap_free(&rm);
    return oscal_write("plan-of-action-and-milestones", poam, out);
}
