/*
 * query_hover.c — hover text (smm_hover): what the name under a position
 * is, and for a practice path in a profile its resolved value with where
 * it was set; profiles, levels, blocks, considerations, assessments.
 */
#include "query.h"
#include "ir.h"

#include <stdlib.h>
#include <string.h>

static void block_variant(const Block *b, const char **sector, const char **system)
{
    *sector = *system = NULL;
    if (!b)
        return;
    switch (b->kind) {
    case LAYER_SECTOR: *sector = b->name.text; break;
    case LAYER_SYSTEM: *system = b->name.text; break;
    case LAYER_SECTOR_SYSTEM:
        *sector = b->outer ? b->outer->name.text : NULL;
        *system = b->name.text;
        break;
    default: break;
    }
}

/* ---------------------------------------------------------------- text */

static void where_text(Session *s, Buf *b, Loc loc)
{
    SourceFile *f = loc.file ? source_get(s, loc.file) : NULL;
    if (!f) {
        buf_puts(b, "?");
        return;
    }
    LineCol lc = source_linecol(f, loc.start);
    buf_printf(b, "%s:%u", f->display, lc.line);
}

static const char *block_layer_text(Session *s, const Block *b)
{
    switch (b->kind) {
    case LAYER_BODY: return "body";
    case LAYER_SECTOR: return arena_printf(s->arena, "sector %s", b->name.text);
    case LAYER_SYSTEM: return arena_printf(s->arena, "system %s", b->name.text);
    default:
        return arena_printf(s->arena, "sector %s system %s", b->outer ? b->outer->name.text : "?", b->name.text);
    }
}

static void setting_text(Session *s, Buf *b, const Setting *st, int attr)
{
    if (attr == 0)
        buf_printf(b, "`%d`", st->comp.value);
    else
        buf_printf(b, "`%s`", scope_name(st->scope.value));
    buf_printf(b, " in the %s of `%s` (", block_layer_text(s, st->block), st->owner->name);
    where_text(s, b, st->path.loc);
    buf_puts(b, ")");
}

/* One attribute of a practice in a variant: value, winner, what it overrode. */
static void attr_text(Session *s, Buf *b, const Model *m, const EffAttr *e, int attr)
{
    buf_printf(b, "- %s **%s**", attr == 0 ? "comprehensiveness" : "scope",
               attr == 0 ? arena_printf(s->arena, "%d", e->value) : scope_name(e->value));
    const Setting *win = eff_winner(e);
    if (!win) {
        buf_puts(b, " (default: nothing sets it)\n");
        return;
    }
    buf_puts(b, ", set ");
    if (e->node >= 0 && m->nodes[e->node].kind != MN_PRACTICE)
        buf_printf(b, "through %s `%s` ", m->nodes[e->node].kind == MN_DOMAIN ? "domain" : "dimension",
                   m->nodes[e->node].id);
    buf_puts(b, "to ");
    setting_text(s, b, win, attr);
    /* what it overrode: the next setting along the chains */
    const Setting *next = NULL;
    bool seen = false;
    for (int l = 0; l < 4 && !next; l++)
        for (const Prov *pv = e->seg[l]; pv && !next; pv = pv->next) {
            if (pv->s == win)
                seen = true;
            else if (seen)
                next = pv->s;
        }
    if (next) {
        buf_puts(b, "; it overrode ");
        setting_text(s, b, next, attr);
    }
    buf_putc(b, '\n');
}

static void practice_value_text(Session *s, Buf *b, Profile *p, const char *sector, const char *system, int node)
{
    const Model *m = p->model;
    Variant v = {0};
    Hold h;
    guard_hold(&h, hold_variant, &v);
    query_variant(s, &v, p, sector, system);
    buf_printf(b, "\n`%s`", p->name);
    if (sector)
        buf_printf(b, " sector `%s`", sector);
    if (system)
        buf_printf(b, " system `%s`", system);
    buf_puts(b, ":\n\n");
    const MNode *n = &m->nodes[node];
    int shown = 0;
    for (int k = n->first_practice; k < n->first_practice + n->npractices && shown < 12; k++, shown++) {
        const MNode *pn = &m->nodes[m->practices[k]];
        if (n->kind != MN_PRACTICE)
            buf_printf(b, "**%s**\n", pn->id);
        attr_text(s, b, m, &v.eff[k * 2], 0);
        attr_text(s, b, m, &v.eff[k * 2 + 1], 1);
    }
    if (n->npractices > shown)
        buf_printf(b, "- … and %d more practices\n", n->npractices - shown);
    guard_drop(&h);
    variant_free(&v);
}

static const char *kind_word(MNodeKind k)
{
    return k == MN_DIMENSION ? "dimension" : k == MN_DOMAIN ? "domain" : "practice";
}

static void node_title_text(Buf *b, const Model *m, int node)
{
    const MNode *n = &m->nodes[node];
    buf_printf(b, "**%s** `%s`", kind_word(n->kind), n->path);
    if (n->title)
        buf_printf(b, " — %s", n->title);
    buf_printf(b, "\n\nmodel `%s`\n", m->name);
}

static void profile_text(Session *s, Buf *b, AstProfile *ap)
{
    buf_printf(b, "**profile** `%s`", ap->name.text);
    if (ap->title)
        buf_printf(b, " — %s", ap->title);
    buf_putc(b, '\n');
    if (ap->doc)
        buf_printf(b, "\n%s\n", ap->doc);
    if (ap->parents) {
        buf_puts(b, "\nextends");
        for (NameList *n = ap->parents; n; n = n->next)
            buf_printf(b, "%s `%s`", n == ap->parents ? "" : ",", n->name.text);
        buf_putc(b, '\n');
    }
    Profile *p = query_profile(s, ap);
    if (p && p->model)
        buf_printf(b, "\nmodel `%s`\n", p->model->name);
    if (p && p->nmro > 1) {
        buf_puts(b, "\nlinearization:");
        for (int i = 0; i < p->nmro; i++)
            buf_printf(b, "%s `%s`", i ? " →" : "", p->mro[i]->name);
        buf_putc(b, '\n');
    }
    buf_puts(b, "\ndefined at ");
    where_text(s, b, ap->name.loc);
    buf_putc(b, '\n');
}

/* target, current, gap, status of practice node in assessment a */
static void assessment_practice_text(Session *s, Buf *b, Assessment *a, int node)
{
    CheckRun *run = check_run(s, a->name);
    for (size_t i = 0; run && i < run->n; i++) {
        AssessResult *r = run->results[i];
        if (r->a != a)
            continue;
        for (int k = 0; k < r->model->npractices; k++) {
            PracticeResult *pr = &r->practices[k];
            if (pr->node != node)
                continue;
            buf_printf(b, "\nassessment `%s` of `%s`:\n\n", a->name, a->profile->name);
            buf_printf(b, "- target **%d %s**\n", pr->target_c, scope_name(pr->target_s));
            if (pr->assessed)
                buf_printf(b, "- current **%d %s**\n", pr->current_c, scope_name(pr->current_s));
            else
                buf_puts(b, "- current: not assessed\n");
            buf_printf(b, "- gap **%d** (scope %d)\n- status **%s**\n", pr->gap_c, pr->gap_s, status_name(pr->status));
        }
    }
    check_free(run);
}


static void model_hover(Buf *b, const AstModel *am)
{
    buf_printf(b, "**model** `%s`", am->name.text);
    if (am->title)
        buf_printf(b, " — %s", am->title);
    if (am->version)
        buf_printf(b, "\n\nversion %s", am->version);
    buf_putc(b, '\n');
}

/* An import: its name and the file it loaded. */
static void import_hover(Session *s, Buf *b, const Hit *h)
{
    buf_printf(b, "**import** `%s`\n", h->name.text);
    for (size_t i = 0; i < s->units.n; i++) {
        const char *p = ((Unit *)s->units.v[i])->src->path;
        size_t n = strlen(p);
        char *rel = arena_printf(s->arena, "/%s.smm", h->name.text);
        for (char *q = rel; *q; q++)
            if (*q == '.' && strcmp(q, ".smm"))
                *q = '/';
        if (n >= strlen(rel) && !strcmp(p + n - strlen(rel), rel)) {
            buf_printf(b, "\n%s\n", p);
            return;
        }
    }
}

static void mnode_hover(Session *s, Buf *b, const Hit *h)
{
    Model *m = query_model(s, h->model);
    int node = -1;
    for (int i = 0; m && i < m->nnodes; i++)
        if (m->nodes[i].ast == h->mnode)
            node = i;
    if (node >= 0)
        node_title_text(b, m, node);
    else
        buf_printf(b, "**%s** `%s`%s%s\n", kind_word(h->mnode->kind), h->mnode->id.text,
                   h->mnode->title ? " — " : "", h->mnode->title ? h->mnode->title : "");
}

/* A path or a level in a profile or an assessment: the node's title, and
 * the profile's resolved value there (of the variant of the block it is
 * in) or the assessment's target, current, gap and status; on a level,
 * the model's objective. */
static void path_hover(Session *s, Buf *b, const Hit *h)
{
    Model *m = query_ready(s, PH_MODELS) ? query_context_model(s, h) : NULL;
    int node = query_node(m, h->name.text);
    if (node < 0)
        return;
    if (h->kind == HIT_LEVEL && m->nodes[node].kind == MN_PRACTICE && h->level.value >= 0 && h->level.value <= 4) {
        const char *obj = m->nodes[node].objective[h->level.value];
        buf_printf(b, "**level %d** of `%s`\n\n%s\n", h->level.value, m->nodes[node].path,
                   obj ? obj : h->level.value == 0 ? "no objective: the practice is not required"
                                                   : "the model states no objective for this level");
        return;
    }
    node_title_text(b, m, node);
    if (h->prof) {
        /* this profile's value when it and its ancestors resolved, even
         * when others did not (keep_going) or did not validate */
        Profile *p = ptrmap_get(&s->prog->profile_by_ast, h->prof);
        const char *sector, *system;
        block_variant(h->block, &sector, &system);
        if (p && p->settled && p->model)
            practice_value_text(s, b, p, sector, system, node);
    } else if (h->assess) {
        Assessment *a = query_assessment(s, h->assess);
        if (a && a->profile && m->nodes[node].kind == MN_PRACTICE)
            assessment_practice_text(s, b, a, node);
    }
}

static void block_hover(Session *s, Buf *b, const Hit *h)
{
    buf_printf(b, "**%s** block of `%s`\n", h->block->kind == LAYER_SECTOR ? "sector" : "system",
               h->prof->name.text);
    Profile *p = query_ready(s, PH_PROFILES) ? query_profile(s, h->prof) : NULL;
    if (p)
        buf_printf(b, "\nvisible sectors: %d, systems: %d in the linearization\n", p->nsectors, p->nsystems);
}

static void consid_hover(Session *s, Buf *b, const Hit *h)
{
    Model *m = query_ready(s, PH_MODELS) ? query_context_model(s, h) : NULL;
    Consideration *k = m ? ptrmap_get(&m->considers, h->name.text) : NULL;
    if (k)
        buf_printf(b, "**consideration** `%s` (level %d of `%s`)\n\n%s\n", k->id, k->level,
                   m->nodes[k->practice].path, k->text ? k->text : "");
}

/* An assessment: its target and, after a clean analysis, its counts. */
static void assessment_hover(Session *s, Buf *b, AstAssessment *a)
{
    buf_printf(b, "**assessment** `%s`%s%s\n\ntarget `%s`\n", a->name.text, a->title ? " — " : "",
               a->title ? a->title : "", a->target.text ? a->target.text : "?");
    Assessment *sa = query_ready(s, PH_ASSESSMENTS) ? query_assessment(s, a) : NULL;
    CheckRun *run = sa ? check_run(s, sa->name) : NULL;
    for (size_t i = 0; run && i < run->n; i++)
        if (run->results[i]->a == sa) {
            const int *k = run->results[i]->counts;
            buf_printf(b, "\n%d met, %d gaps, %d over target, %d not assessed, %d n/a, %d waived\n", k[ST_MET],
                       k[ST_GAP], k[ST_OVER_TARGET], k[ST_NOT_ASSESSED], k[ST_NOT_APPLICABLE], k[ST_WAIVED]);
        }
    check_free(run);
}

static void hover(void *ctx)
{
    HoverCall *c = ctx;
    Session *s = c->s;
    Unit *u = query_unit(s, query_source(s, c->file));
    if (!u)
        return;
    Hit h = query_hit(u, c->offset);
    Buf b = {0};
    Hold hb;
    guard_hold(&hb, hold_buf, &b);
    switch (h.kind) {
    case HIT_PROFILE_DECL: profile_text(s, &b, h.prof); break;
    case HIT_PROFILE_REF: {
        AstProfile *ap = query_ast_profile(s, h.name.text);
        if (ap)
            profile_text(s, &b, ap);
        break;
    }
    case HIT_MODEL_DECL:
    case HIT_MODEL_REF: {
        AstModel *am = h.kind == HIT_MODEL_DECL ? h.model : query_ast_model(s, h.name.text);
        if (am)
            model_hover(&b, am);
        break;
    }
    case HIT_IMPORT: import_hover(s, &b, &h); break;
    case HIT_MNODE: mnode_hover(s, &b, &h); break;
    case HIT_PATH:
    case HIT_LEVEL: path_hover(s, &b, &h); break;
    case HIT_BLOCK: block_hover(s, &b, &h); break;
    case HIT_CONSID: consid_hover(s, &b, &h); break;
    case HIT_ASSESS_DECL: assessment_hover(s, &b, h.assess); break;
    case HIT_TEST_DECL:
        buf_printf(&b, "**test** `%s`%s%s\n", h.test->name.text, h.test->title ? " — " : "",
                   h.test->title ? h.test->title : "");
        break;
    default: break;
    }
    if (b.n) {
        c->text = xstrdup(buf_cstr(&b));
        c->range = source_span(s, h.loc, false);
    }
    guard_drop(&hb);
    buf_free(&b);
}

char *smm_hover(smm_session *s, const char *file, uint32_t offset, smm_span *range)
{
    HoverCall c = {.s = s, .file = file, .offset = offset};
    if (!query_guarded(s, hover, &c)) {
        free(c.text);
        return NULL;
    }
    if (range)
        *range = c.range;
    return c.text;
}
