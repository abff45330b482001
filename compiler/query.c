/*
 * query.c — what an editor asks of a session (smm.h, "editor queries"):
 * what is at a position, hover text, definitions, references, completion
 * candidates, symbols, and the resolved value of a practice with its
 * provenance.
 *
 * Everything starts from a file and a byte offset.  The syntax tree of
 * that file is walked to find the innermost name under the offset (a Hit);
 * the semantic objects hung off the tree (Profile, Model, Assessment)
 * answer the rest when the session analyzed cleanly, the tree alone when
 * it did not (symbols, completion and profile hovers still work on a file
 * whose parse recovered).  Queries only read the session, except that
 * computing a variant or a check run allocates in its arena.
 */
#include "smmc.h"
#include "ir.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- files */

static bool source_is(const SourceFile *f, const char *path)
{
    return f->text && (!strcmp(f->path, path) || !strcmp(f->display, path));
}

/* The file at path as the last analysis loaded it: a unit's; else the
 * newest source of that name (a session reset by smm_reset keeps the
 * older texts of files parsed again). */
static SourceFile *find_source(const Session *s, const char *path)
{
    if (!path)
        return NULL;
    for (size_t i = 0; i < s->units.n; i++) {
        SourceFile *f = ((Unit *)s->units.v[i])->src;
        if (source_is(f, path))
            return f;
    }
    for (size_t i = s->sources.n; i-- > 0;)
        if (source_is(s->sources.v[i], path))
            return s->sources.v[i];
    return NULL;
}

static Unit *unit_of(const Session *s, const SourceFile *f)
{
    for (size_t i = 0; f && i < s->units.n; i++)
        if (((Unit *)s->units.v[i])->src == f)
            return s->units.v[i];
    return NULL;
}

const char *smm_source_text(smm_session *s, const char *path, size_t *len)
{
    SourceFile *f = find_source(s, path);
    if (!f)
        return NULL;
    if (len)
        *len = f->len;
    return f->text;
}

static smm_span span_of(Session *s, Loc loc)
{
    smm_span sp = {0};
    SourceFile *f = loc.file ? source_get(s, loc.file) : NULL;
    if (!f)
        return sp;
    sp.file = f->path;
    sp.start = loc.start;
    sp.end = loc.end;
    LineCol a = source_linecol(f, loc.start), b = source_linecol(f, loc.end);
    sp.line = a.line;
    sp.column = a.column;
    sp.end_line = b.line;
    sp.end_column = b.column;
    return sp;
}

/* ---------------------------------------------------------------- hits */

typedef enum {
    HIT_NONE,
    HIT_IMPORT,        /* im */
    HIT_PROFILE_DECL,  /* prof */
    HIT_PROFILE_REF,   /* name (extends, target) */
    HIT_MODEL_REF,     /* name */
    HIT_MODEL_DECL,    /* model */
    HIT_MNODE,         /* model, mnode */
    HIT_PATH,          /* name: a node path in the context of prof / assess, setting when a setting */
    HIT_LEVEL,         /* level literal of a setting, requirement or assessment line */
    HIT_BLOCK,         /* block of prof */
    HIT_CONSID,        /* name: a consideration id (met, consider) */
    HIT_ASSESS_DECL,   /* assess */
    HIT_VARIANT_REF,   /* name: sector/system named by an assessment (sector = is_sector) */
    HIT_TEST_DECL,     /* test */
} HitKind;

typedef struct Hit {
    HitKind kind;
    Loc loc;                 /* the span under the offset */
    Name name;
    const Import *im;
    AstProfile *prof;        /* enclosing profile */
    AstModel *model;
    const AstMNode *mnode;
    const Block *block;
    const Setting *setting;
    const AEntry *entry;
    AstAssessment *assess;   /* enclosing assessment */
    AstTest *test;
    LevelLit level;
    bool is_sector;
} Hit;

static bool covers(Loc l, uint32_t file, uint32_t off)
{
    return l.file == file && l.start <= off && off <= l.end && l.end > l.start;
}

static bool hit_name(Hit *h, HitKind kind, Name n, uint32_t file, uint32_t off)
{
    if (!n.text || !covers(n.loc, file, off))
        return false;
    h->kind = kind;
    h->name = n;
    h->loc = n.loc;
    return true;
}

static bool walk_block(Hit *h, const Block *b, uint32_t file, uint32_t off)
{
    if (b->kind != LAYER_BODY && b->name.text && covers(b->name.loc, file, off)) {
        h->kind = HIT_BLOCK;
        h->block = b;
        h->loc = b->name.loc;
        return true;
    }
    for (const Setting *st = b->settings; st; st = st->next) {
        if (hit_name(h, HIT_PATH, st->path, file, off)) {
            h->setting = st;
            h->block = b;
            return true;
        }
        if (st->comp.value >= 0 && covers(st->comp.loc, file, off)) {
            h->kind = HIT_LEVEL;
            h->level = st->comp;
            h->loc = st->comp.loc;
            h->name = st->path;
            h->setting = st;
            h->block = b;
            return true;
        }
    }
    for (const Require *r = b->requires; r; r = r->next)
        if (hit_name(h, HIT_PATH, r->path, file, off)) {
            h->block = b;
            return true;
        }
    for (const ProfConsider *c = b->considers; c; c = c->next)
        if (hit_name(h, HIT_PATH, c->path, file, off) || hit_name(h, HIT_CONSID, c->id, file, off)) {
            h->block = b;
            return true;
        }
    for (const Block *n = b->systems; n; n = n->next)
        if (walk_block(h, n, file, off))
            return true;
    return false;
}

static bool walk_mnodes(Hit *h, AstModel *m, const AstMNode *n, uint32_t file, uint32_t off)
{
    for (; n; n = n->next) {
        if (covers(n->id.loc, file, off)) {
            h->kind = HIT_MNODE;
            h->model = m;
            h->mnode = n;
            h->loc = n->id.loc;
            h->name = n->id;
            return true;
        }
        for (const AstLevel *l = n->levels; l; l = l->next)
            for (const AstConsider *c = l->considers; c; c = c->next)
                if (hit_name(h, HIT_CONSID, c->id, file, off))
                    return true;
        if (walk_mnodes(h, m, n->children, file, off))
            return true;
    }
    return false;
}

/* The innermost name at off in unit u; decls are in source order, so the
 * enclosing one is the last that starts before off. */
static Hit hit_at(Unit *u, uint32_t off)
{
    Hit h = {0};
    uint32_t file = u->src->id;
    for (const Import *im = u->imports; im; im = im->next)
        if (covers(im->name.loc, file, off)) {
            h.kind = HIT_IMPORT;
            h.im = im;
            h.loc = im->name.loc;
            h.name = im->name;
            return h;
        }
    Decl *enclosing = NULL;
    for (Decl *d = u->decls; d; d = d->next) {
        Loc l = d->kind == DECL_PROFILE      ? d->u.profile->loc
                : d->kind == DECL_MODEL      ? d->u.model->loc
                : d->kind == DECL_ASSESSMENT ? d->u.assessment->loc
                                             : d->u.test->loc;
        if (l.start <= off)
            enclosing = d;
    }
    if (!enclosing)
        return h;
    switch (enclosing->kind) {
    case DECL_PROFILE: {
        AstProfile *p = enclosing->u.profile;
        h.prof = p;
        if (hit_name(&h, HIT_PROFILE_DECL, p->name, file, off) || hit_name(&h, HIT_MODEL_REF, p->model, file, off))
            return h;
        for (NameList *n = p->parents; n; n = n->next)
            if (hit_name(&h, HIT_PROFILE_REF, n->name, file, off))
                return h;
        if (walk_block(&h, &p->body, file, off))
            return h;
        for (const Block *b = p->sectors; b; b = b->next)
            if (walk_block(&h, b, file, off))
                return h;
        for (const Block *b = p->systems; b; b = b->next)
            if (walk_block(&h, b, file, off))
                return h;
        h.kind = HIT_NONE;
        return h;
    }
    case DECL_MODEL: {
        AstModel *m = enclosing->u.model;
        h.model = m;
        if (hit_name(&h, HIT_MODEL_DECL, m->name, file, off) || hit_name(&h, HIT_MODEL_REF, m->base, file, off))
            return h;
        walk_mnodes(&h, m, m->dims, file, off);
        return h;
    }
    case DECL_ASSESSMENT: {
        AstAssessment *a = enclosing->u.assessment;
        h.assess = a;
        if (hit_name(&h, HIT_ASSESS_DECL, a->name, file, off) || hit_name(&h, HIT_PROFILE_REF, a->target, file, off))
            return h;
        if (hit_name(&h, HIT_VARIANT_REF, a->sector, file, off)) {
            h.is_sector = true;
            return h;
        }
        if (hit_name(&h, HIT_VARIANT_REF, a->system, file, off))
            return h;
        for (const AEntry *e = a->entries; e; e = e->next) {
            if (hit_name(&h, e->kind == AE_MET ? HIT_CONSID : HIT_PATH, e->path, file, off)) {
                h.entry = e;
                return h;
            }
            if (e->kind == AE_LEVEL && e->comp.value >= 0 && covers(e->comp.loc, file, off)) {
                h.kind = HIT_LEVEL;
                h.level = e->comp;
                h.loc = e->comp.loc;
                h.name = e->path;
                h.entry = e;
                return h;
            }
        }
        h.kind = HIT_NONE;
        return h;
    }
    case DECL_TEST: {
        AstTest *t = enclosing->u.test;
        h.test = t;
        if (hit_name(&h, HIT_TEST_DECL, t->name, file, off) || hit_name(&h, HIT_PROFILE_REF, t->target, file, off))
            return h;
        h.kind = HIT_NONE;
        return h;
    }
    }
    return h;
}

/* ---------------------------------------------------------------- semantic lookups */

/* How far the analysis went cleanly (Session.clean_phases): the objects of
 * a phase that reported errors may be half resolved, so a query only uses
 * what the clean phases made. */
enum { PH_DECLARE = 1, PH_MODELS, PH_PROFILES, PH_VALIDATE, PH_ASSESSMENTS };

static bool ready(const Session *s, int phase)
{
    return !s->internal && s->prog && s->clean_phases >= phase;
}

static Profile *profile_of_ast(Session *s, const AstProfile *ap)
{
    return ap && ready(s, PH_PROFILES) ? ptrmap_get(&s->prog->profile_by_ast, ap) : NULL;
}

static Decl *decl_named(Session *s, const char *name)
{
    return name && ready(s, PH_DECLARE) ? global_lookup(s, name) : NULL;
}

/* The profile declaration named name: through the global table when the
 * session resolved, else by scanning every unit's declarations. */
static AstProfile *ast_profile_named(Session *s, const char *name)
{
    Decl *d = decl_named(s, name);
    if (d)
        return d->kind == DECL_PROFILE ? d->u.profile : NULL;
    for (size_t i = 0; name && i < s->units.n; i++)
        for (Decl *x = ((Unit *)s->units.v[i])->decls; x; x = x->next)
            if (x->kind == DECL_PROFILE && x->u.profile->name.text && !strcmp(x->u.profile->name.text, name))
                return x->u.profile;
    return NULL;
}

static AstModel *ast_model_named(Session *s, const char *name)
{
    for (size_t i = 0; name && i < s->units.n; i++)
        for (Decl *x = ((Unit *)s->units.v[i])->decls; x; x = x->next)
            if (x->kind == DECL_MODEL && x->u.model->name.text && !strcmp(x->u.model->name.text, name))
                return x->u.model;
    return NULL;
}

static Model *model_of_ast(Session *s, const AstModel *am)
{
    for (size_t i = 0; am && ready(s, PH_MODELS) && i < s->prog->models.n; i++)
        if (((Model *)s->prog->models.v[i])->ast == am)
            return s->prog->models.v[i];
    return NULL;
}

static Assessment *assessment_of_ast(Session *s, const AstAssessment *aa)
{
    for (size_t i = 0; aa && ready(s, PH_ASSESSMENTS) && i < s->prog->assessments.n; i++)
        if (((Assessment *)s->prog->assessments.v[i])->ast == aa)
            return s->prog->assessments.v[i];
    return NULL;
}

static Model *model_named(Session *s, const char *name)
{
    for (size_t i = 0; name && ready(s, PH_MODELS) && i < s->prog->models.n; i++)
        if (!strcmp(((Model *)s->prog->models.v[i])->name, name))
            return s->prog->models.v[i];
    return NULL;
}

/* The model of a profile from the syntax tree alone (its `model`, else its
 * first parent's, ...): for a workspace whose profiles did not all resolve. */
static Model *ast_profile_model(Session *s, const AstProfile *ap, int depth)
{
    if (!ap || depth > 64)
        return NULL;
    if (ap->model.text)
        return model_named(s, ap->model.text);
    for (const NameList *n = ap->parents; n; n = n->next) {
        Model *m = ast_profile_model(s, ast_profile_named(s, n->name.text), depth + 1);
        if (m)
            return m;
    }
    return NULL;
}

/* The model a hit's path is relative to. */
static Model *context_model(Session *s, const Hit *h)
{
    if (!ready(s, PH_PROFILES)) {
        if (h->prof)
            return ast_profile_model(s, h->prof, 0);
        if (h->assess)
            return ast_profile_model(s, ast_profile_named(s, h->assess->target.text), 0);
        return NULL;
    }
    if (h->prof) {
        Profile *p = profile_of_ast(s, h->prof);
        return p ? p->model : NULL;
    }
    if (h->assess) {
        Assessment *a = assessment_of_ast(s, h->assess);
        if (a)
            return a->profile ? a->profile->model : NULL;
        /* the assessments did not resolve: their target profiles did */
        Profile *p = profile_of_ast(s, ast_profile_named(s, h->assess->target.text));
        return p ? p->model : NULL;
    }
    return NULL;
}

/* A node path as written → node index, quietly (no diagnostic). */
static int node_of_path(const Model *m, const char *path)
{
    return m && path ? model_find(m, path) : -1;
}

/* The variant a block stands for. */
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
    variant_compute(s, &v, p, sector, system);
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
    Profile *p = profile_of_ast(s, ap);
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

/* ---------------------------------------------------------------- hover */

typedef struct {
    Session *s;
    const char *file;
    uint32_t offset;
    smm_span range;
    char *text;
} HoverCall;

static void hover(HoverCall *c)
{
    Session *s = c->s;
    Unit *u = unit_of(s, find_source(s, c->file));
    if (!u)
        return;
    Hit h = hit_at(u, c->offset);
    Buf b = {0};
    bool ok = ready(s, PH_MODELS);
    switch (h.kind) {
    case HIT_PROFILE_DECL: profile_text(s, &b, h.prof); break;
    case HIT_PROFILE_REF: {
        AstProfile *ap = ast_profile_named(s, h.name.text);
        if (ap)
            profile_text(s, &b, ap);
        break;
    }
    case HIT_MODEL_DECL:
    case HIT_MODEL_REF: {
        AstModel *am = h.kind == HIT_MODEL_DECL ? h.model : ast_model_named(s, h.name.text);
        if (am) {
            buf_printf(&b, "**model** `%s`", am->name.text);
            if (am->title)
                buf_printf(&b, " — %s", am->title);
            if (am->version)
                buf_printf(&b, "\n\nversion %s", am->version);
            buf_putc(&b, '\n');
        }
        break;
    }
    case HIT_IMPORT:
        buf_printf(&b, "**import** `%s`\n", h.name.text);
        for (size_t i = 0; i < s->units.n; i++) {
            const char *p = ((Unit *)s->units.v[i])->src->path;
            size_t n = strlen(p);
            char *rel = arena_printf(s->arena, "/%s.smm", h.name.text);
            for (char *q = rel; *q; q++)
                if (*q == '.' && strcmp(q, ".smm"))
                    *q = '/';
            if (n >= strlen(rel) && !strcmp(p + n - strlen(rel), rel)) {
                buf_printf(&b, "\n%s\n", p);
                break;
            }
        }
        break;
    case HIT_MNODE: {
        Model *m = model_of_ast(s, h.model);
        int node = -1;
        for (int i = 0; m && i < m->nnodes; i++)
            if (m->nodes[i].ast == h.mnode)
                node = i;
        if (node >= 0)
            node_title_text(&b, m, node);
        else
            buf_printf(&b, "**%s** `%s`%s%s\n", kind_word(h.mnode->kind), h.mnode->id.text,
                       h.mnode->title ? " — " : "", h.mnode->title ? h.mnode->title : "");
        break;
    }
    case HIT_PATH:
    case HIT_LEVEL: {
        Model *m = ok ? context_model(s, &h) : NULL;
        int node = node_of_path(m, h.name.text);
        if (node < 0)
            break;
        if (h.kind == HIT_LEVEL && m->nodes[node].kind == MN_PRACTICE && h.level.value >= 0 &&
            h.level.value <= 4) {
            const char *obj = m->nodes[node].objective[h.level.value];
            buf_printf(&b, "**level %d** of `%s`\n\n%s\n", h.level.value, m->nodes[node].path,
                       obj ? obj : h.level.value == 0 ? "no objective: the practice is not required"
                                                      : "the model states no objective for this level");
            break;
        }
        node_title_text(&b, m, node);
        if (h.prof && ready(s, PH_MODELS)) {
            /* this profile's value when it and its ancestors resolved, even
             * when others did not (keep_going) or did not validate */
            Profile *p = ptrmap_get(&s->prog->profile_by_ast, h.prof);
            p = p && p->settled ? p : NULL;
            const char *sector, *system;
            block_variant(h.block, &sector, &system);
            if (p && p->model)
                practice_value_text(s, &b, p, sector, system, node);
        } else if (h.assess) {
            Assessment *a = assessment_of_ast(s, h.assess);
            if (a && a->profile && m->nodes[node].kind == MN_PRACTICE)
                assessment_practice_text(s, &b, a, node);
        }
        break;
    }
    case HIT_BLOCK: {
        const char *sector, *system;
        block_variant(h.block, &sector, &system);
        buf_printf(&b, "**%s** block of `%s`\n", h.block->kind == LAYER_SECTOR ? "sector" : "system",
                   h.prof->name.text);
        Profile *p = ready(s, PH_PROFILES) ? profile_of_ast(s, h.prof) : NULL;
        if (p)
            buf_printf(&b, "\nvisible sectors: %d, systems: %d in the linearization\n", p->nsectors, p->nsystems);
        (void)sector;
        (void)system;
        break;
    }
    case HIT_CONSID: {
        Model *m = ok ? context_model(s, &h) : NULL;
        Consideration *k = m ? ptrmap_get(&m->considers, h.name.text) : NULL;
        if (k)
            buf_printf(&b, "**consideration** `%s` (level %d of `%s`)\n\n%s\n", k->id, k->level,
                       m->nodes[k->practice].path, k->text ? k->text : "");
        break;
    }
    case HIT_ASSESS_DECL: {
        AstAssessment *a = h.assess;
        buf_printf(&b, "**assessment** `%s`%s%s\n\ntarget `%s`\n", a->name.text, a->title ? " — " : "",
                   a->title ? a->title : "", a->target.text ? a->target.text : "?");
        Assessment *sa = ready(s, PH_ASSESSMENTS) ? assessment_of_ast(s, a) : NULL;
        CheckRun *run = sa ? check_run(s, sa->name) : NULL;
        for (size_t i = 0; run && i < run->n; i++)
            if (run->results[i]->a == sa) {
                const int *k = run->results[i]->counts;
                buf_printf(&b, "\n%d met, %d gaps, %d over target, %d not assessed, %d n/a, %d waived\n",
                           k[ST_MET], k[ST_GAP], k[ST_OVER_TARGET], k[ST_NOT_ASSESSED], k[ST_NOT_APPLICABLE],
                           k[ST_WAIVED]);
            }
        check_free(run);
        break;
    }
    case HIT_TEST_DECL:
        buf_printf(&b, "**test** `%s`%s%s\n", h.test->name.text, h.test->title ? " — " : "",
                   h.test->title ? h.test->title : "");
        break;
    default: break;
    }
    if (b.n) {
        c->text = xstrdup(buf_cstr(&b));
        c->range = span_of(s, h.loc);
    }
    buf_free(&b);
}

/* ---------------------------------------------------------------- definitions, references */

typedef struct {
    Session *s;
    const char *file;
    uint32_t offset;
    bool with_decl;
    int (*fn)(void *ctx, const smm_span *sp);
    void *ctx;
    size_t n;
    bool stop;
    Vec seen;
} LocCall;

static void emit_loc(LocCall *c, Loc loc)
{
    if (c->stop || !loc.file)
        return;
    for (size_t i = 0; i < c->seen.n; i += 2)
        if ((uintptr_t)c->seen.v[i] == ((uintptr_t)loc.file << 32 | loc.start) &&
            (uintptr_t)c->seen.v[i + 1] == loc.end)
            return;
    vec_push(&c->seen, (void *)((uintptr_t)loc.file << 32 | loc.start));
    vec_push(&c->seen, (void *)(uintptr_t)loc.end);
    smm_span sp = span_of(c->s, loc);
    c->n++;
    if (c->fn(c->ctx, &sp))
        c->stop = true;
}

/* Every block named like b (same kind) along the linearization of p. */
static void blocks_named(LocCall *c, Profile *p, const Block *b)
{
    for (int i = 0; p && i < p->nmro; i++) {
        AstProfile *ap = p->mro[i]->ast;
        const Block *list = b->kind == LAYER_SYSTEM ? ap->systems : ap->sectors;
        for (const Block *x = list; x; x = x->next) {
            if (b->kind == LAYER_SECTOR_SYSTEM) {
                if (b->outer && x->name.text == b->outer->name.text)
                    for (const Block *y = x->systems; y; y = y->next)
                        if (y->name.text == b->name.text)
                            emit_loc(c, y->name.loc);
            } else if (x->name.text == b->name.text) {
                emit_loc(c, x->name.loc);
            }
        }
    }
}

static void definitions(LocCall *c)
{
    Session *s = c->s;
    Unit *u = unit_of(s, find_source(s, c->file));
    if (!u)
        return;
    Hit h = hit_at(u, c->offset);
    switch (h.kind) {
    case HIT_PROFILE_DECL: emit_loc(c, h.prof->name.loc); break;
    case HIT_PROFILE_REF: {
        AstProfile *ap = ast_profile_named(s, h.name.text);
        if (ap)
            emit_loc(c, ap->name.loc);
        break;
    }
    case HIT_MODEL_REF: {
        AstModel *am = ast_model_named(s, h.name.text);
        if (am)
            emit_loc(c, am->name.loc);
        break;
    }
    case HIT_IMPORT: {
        /* the unit the import loaded: its path ends in the import's a/b/c.smm */
        char *rel = arena_printf(s->arena, "/%s.smm", h.name.text);
        for (char *q = rel; *q; q++)
            if (*q == '.' && strcmp(q, ".smm"))
                *q = '/';
        size_t rn = strlen(rel);
        for (size_t i = 0; i < s->units.n; i++) {
            SourceFile *f = ((Unit *)s->units.v[i])->src;
            size_t n = strlen(f->path);
            if ((n >= rn && !strcmp(f->path + n - rn, rel)) || (n == rn - 1 && !strcmp(f->path, rel + 1))) {
                emit_loc(c, (Loc){f->id, 0, 0});
                break;
            }
        }
        break;
    }
    case HIT_PATH:
    case HIT_LEVEL: {
        Model *m = context_model(s, &h);
        int node = node_of_path(m, h.name.text);
        if (node >= 0)
            emit_loc(c, m->nodes[node].ast ? m->nodes[node].ast->id.loc : m->nodes[node].loc);
        break;
    }
    case HIT_MNODE: emit_loc(c, h.mnode->id.loc); break;
    case HIT_CONSID: {
        Model *m = context_model(s, &h);
        Consideration *k = m ? ptrmap_get(&m->considers, h.name.text) : NULL;
        if (k)
            emit_loc(c, k->loc);
        break;
    }
    case HIT_BLOCK: blocks_named(c, profile_of_ast(s, h.prof), h.block); break;
    case HIT_VARIANT_REF: {
        Assessment *a = assessment_of_ast(s, h.assess);
        if (a && a->profile) {
            Block probe = {.kind = h.is_sector ? LAYER_SECTOR : LAYER_SYSTEM, .name = h.name};
            blocks_named(c, a->profile, &probe);
        }
        break;
    }
    case HIT_ASSESS_DECL: emit_loc(c, h.assess->name.loc); break;
    case HIT_TEST_DECL: emit_loc(c, h.test->name.loc); break;
    case HIT_MODEL_DECL: emit_loc(c, h.model->name.loc); break;
    default: break;
    }
}

/* Every place the profile named `name` is named: its declaration (when
 * with_decl), extends lists, assessment and test targets. */
static void profile_refs(LocCall *c, const char *name)
{
    Session *s = c->s;
    for (size_t i = 0; i < s->units.n; i++)
        for (Decl *d = ((Unit *)s->units.v[i])->decls; d; d = d->next) {
            if (d->kind == DECL_PROFILE) {
                if (c->with_decl && d->u.profile->name.text == name)
                    emit_loc(c, d->u.profile->name.loc);
                for (NameList *n = d->u.profile->parents; n; n = n->next)
                    if (n->name.text == name)
                        emit_loc(c, n->name.loc);
            } else if (d->kind == DECL_ASSESSMENT && d->u.assessment->target.text == name) {
                emit_loc(c, d->u.assessment->target.loc);
            } else if (d->kind == DECL_TEST && d->u.test->target.text == name) {
                emit_loc(c, d->u.test->target.loc);
            }
        }
}

static void block_settings(LocCall *c, const Block *b, const Model *m, int node)
{
    for (const Setting *st = b->settings; st; st = st->next)
        if (st->node == node || node_of_path(m, st->path.text) == node)
            emit_loc(c, st->path.loc);
    for (const Block *n = b->systems; n; n = n->next)
        block_settings(c, n, m, node);
}

/* Every setting of node (of model m) in every profile on that model. */
static void practice_refs(LocCall *c, const Model *m, int node)
{
    Session *s = c->s;
    if (c->with_decl && m->nodes[node].ast)
        emit_loc(c, m->nodes[node].ast->id.loc);
    for (size_t i = 0; i < s->prog->profiles.n; i++) {
        Profile *p = s->prog->profiles.v[i];
        if (p->model != m)
            continue;
        block_settings(c, &p->ast->body, m, node);
        for (const Block *b = p->ast->sectors; b; b = b->next)
            block_settings(c, b, m, node);
        for (const Block *b = p->ast->systems; b; b = b->next)
            block_settings(c, b, m, node);
    }
}

static void references(LocCall *c)
{
    Session *s = c->s;
    Unit *u = unit_of(s, find_source(s, c->file));
    if (!u)
        return;
    Hit h = hit_at(u, c->offset);
    switch (h.kind) {
    case HIT_PROFILE_DECL: profile_refs(c, h.prof->name.text); break;
    case HIT_PROFILE_REF: profile_refs(c, h.name.text); break;
    case HIT_PATH:
    case HIT_LEVEL:
    case HIT_MNODE: {
        Model *m = NULL;
        int node = -1;
        if (h.kind == HIT_MNODE) {
            m = model_of_ast(s, h.model);
            for (int i = 0; m && i < m->nnodes; i++)
                if (m->nodes[i].ast == h.mnode)
                    node = i;
        } else {
            m = context_model(s, &h);
            node = node_of_path(m, h.name.text);
        }
        if (m && node >= 0 && ready(s, PH_VALIDATE))
            practice_refs(c, m, node);
        break;
    }
    default: break;
    }
}

/* ---------------------------------------------------------------- rename */

bool smm_rename_target(smm_session *s, const char *file, uint32_t offset, smm_span *name_span, const char **name)
{
    Unit *u = unit_of(s, find_source(s, file));
    if (!u || s->internal)
        return false;
    Hit h = hit_at(u, offset);
    const char *n = h.kind == HIT_PROFILE_DECL ? h.prof->name.text : h.kind == HIT_PROFILE_REF ? h.name.text : NULL;
    if (!n || !ast_profile_named(s, n))
        return false;
    *name_span = span_of(s, h.loc);
    *name = n;
    return true;
}

/* ---------------------------------------------------------------- completion */

typedef struct {
    Session *s;
    const char *file;
    uint32_t offset;
    int (*fn)(void *ctx, const smm_completion *c);
    void *ctx;
    size_t n;
    bool stop;
    PtrMap seen;
    const char *prefix; /* interned-free: the word typed so far */
} CompleteCall;

static void offer(CompleteCall *c, smm_completion_kind kind, const char *label, const char *detail)
{
    if (c->stop || !label)
        return;
    size_t pl = strlen(c->prefix);
    /* by prefix, or by the last segment of a dotted path */
    const char *last = strrchr(label, '.');
    if (pl && strncmp(label, c->prefix, pl) && !(last && !strncmp(last + 1, c->prefix, pl)))
        return;
    const char *key = intern_cstr(c->s->names, label);
    if (ptrmap_get(&c->seen, key))
        return;
    ptrmap_put(&c->seen, key, (void *)1);
    smm_completion comp = {label, kind, detail};
    c->n++;
    if (c->fn(c->ctx, &comp))
        c->stop = true;
}

static bool ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '.' || ch == '-' || (unsigned char)ch >= 0x80;
}

/* The word before position i (skipping blanks), copied into w. */
static size_t prev_word(const char *t, size_t i, char *w, size_t cap)
{
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
        i--;
    size_t e = i;
    if (i > 0 && !ident_char(t[i - 1])) {
        w[0] = t[i - 1];
        w[1] = 0;
        return i - 1;
    }
    while (i > 0 && ident_char(t[i - 1]))
        i--;
    size_t n = e - i < cap - 1 ? e - i : cap - 1;
    memcpy(w, t + i, n);
    w[n] = 0;
    return i;
}

static const char *const keywords_top[] = {"import", "model", "profile", "assessment", "test"};
static const char *const keywords_profile[] = {"model",   "extends", "doc",      "tags", "rollup", "evidence",
                                               "require", "consider", "sector", "system", "because"};
static const char *const keywords_assessment[] = {"target", "sector", "system", "date",   "assessor", "doc",
                                                  "evidence", "met",  "waive",  "not_applicable", "because",
                                                  "until", "owner"};
static const char *const level_words[] = {"none", "minimum", "ad_hoc", "consistent", "formalized"};
static const char *const scope_words[] = {"general", "industry", "system"};

static void offer_paths(CompleteCall *c, const Model *m)
{
    for (int i = 0; m && i < m->nnodes && !c->stop; i++) {
        const MNode *n = &m->nodes[i];
        smm_completion_kind k = n->kind == MN_PRACTICE ? SMM_COMPLETE_PRACTICE
                                : n->kind == MN_DOMAIN ? SMM_COMPLETE_DOMAIN
                                                       : SMM_COMPLETE_DIMENSION;
        offer(c, k, n->id, n->title);
        offer(c, k, n->path, n->title);
    }
}

static void offer_profiles(CompleteCall *c)
{
    Session *s = c->s;
    for (size_t i = 0; i < s->units.n; i++)
        for (Decl *d = ((Unit *)s->units.v[i])->decls; d; d = d->next)
            if (d->kind == DECL_PROFILE)
                offer(c, SMM_COMPLETE_PROFILE, d->u.profile->name.text, d->u.profile->title);
}

static void complete(CompleteCall *c)
{
    Session *s = c->s;
    SourceFile *f = find_source(s, c->file);
    Unit *u = unit_of(s, f);
    if (!f || c->offset > f->len)
        return;
    const char *t = f->text;
    size_t i = c->offset;
    while (i > 0 && ident_char(t[i - 1]))
        i--;
    char prefix[256];
    size_t pn = c->offset - i < sizeof prefix - 1 ? c->offset - i : sizeof prefix - 1;
    memcpy(prefix, t + i, pn);
    prefix[pn] = 0;
    c->prefix = prefix;
    char w1[128], w2[128];
    size_t j = prev_word(t, i, w1, sizeof w1);
    prev_word(t, j, w2, sizeof w2);
    bool line_start = true;
    for (size_t k = i; k > 0 && t[k - 1] != '\n'; k--)
        if (t[k - 1] != ' ' && t[k - 1] != '\t')
            line_start = false;
    /* the enclosing declaration */
    Hit h = u ? hit_at(u, c->offset) : (Hit){0};
    if (u && !h.prof && !h.assess && !h.model && !h.test) {
        Decl *enc = NULL;
        for (Decl *d = u->decls; d; d = d->next) {
            Loc l = d->kind == DECL_PROFILE      ? d->u.profile->loc
                    : d->kind == DECL_MODEL      ? d->u.model->loc
                    : d->kind == DECL_ASSESSMENT ? d->u.assessment->loc
                                                 : d->u.test->loc;
            if (l.start <= c->offset)
                enc = d;
        }
        if (enc && enc->kind == DECL_PROFILE)
            h.prof = enc->u.profile;
        else if (enc && enc->kind == DECL_ASSESSMENT)
            h.assess = enc->u.assessment;
    }
    Model *m = context_model(s, &h);
    if (!m && h.prof && h.prof->model.text && ready(s, PH_MODELS)) {
        for (size_t k = 0; k < s->prog->models.n; k++)
            if (!strcmp(((Model *)s->prog->models.v[k])->name, h.prof->model.text))
                m = s->prog->models.v[k];
    }
    if (!strcmp(w1, "extends") || !strcmp(w1, "target") || (!strcmp(w1, ",") && h.prof && !line_start)) {
        offer_profiles(c);
        return;
    }
    if (!strcmp(w1, "met")) {
        for (size_t k = 0; m && k < m->considers.cap; k++)
            if (m->considers.keys[k]) {
                const Consideration *x = m->considers.vals[k];
                offer(c, SMM_COMPLETE_CONSIDERATION, x->id, x->text);
            }
        return;
    }
    if (!strcmp(w1, "=") || !strcmp(w1, ">=") || !strcmp(w1, "<=") || !strcmp(w1, ">") || !strcmp(w1, "<")) {
        static const char *const digits[] = {"0", "1", "2", "3", "4"};
        for (int k = 0; k < 5; k++)
            offer(c, SMM_COMPLETE_LEVEL, digits[k], level_words[k]);
        for (int k = 0; k < 5; k++)
            offer(c, SMM_COMPLETE_LEVEL, level_words[k], digits[k]);
        return;
    }
    if (!strcmp(w1, "scope") || (w1[0] >= '0' && w1[0] <= '4' && !w1[1] && !line_start)) {
        for (int k = 0; k < 3; k++)
            offer(c, SMM_COMPLETE_SCOPE, scope_words[k], NULL);
        return;
    }
    for (int k = 0; k < 5 && !line_start; k++)
        if (!strcmp(w1, level_words[k])) {
            for (int q = 0; q < 3; q++)
                offer(c, SMM_COMPLETE_SCOPE, scope_words[q], NULL);
            return;
        }
    if (!strcmp(w1, "sector") || !strcmp(w1, "system")) {
        bool sector = !strcmp(w1, "sector");
        Profile *p = h.prof ? profile_of_ast(s, h.prof) : NULL;
        if (!p && h.assess) {
            Assessment *a = assessment_of_ast(s, h.assess);
            p = a ? a->profile : NULL;
            if (!p && h.assess->target.text) {
                AstProfile *ap = ast_profile_named(s, h.assess->target.text);
                p = profile_of_ast(s, ap);
            }
        }
        for (int k = 0; p && k < (sector ? p->nsectors : p->nsystems); k++)
            offer(c, SMM_COMPLETE_VARIANT, sector ? p->sectors[k] : p->systems[k], NULL);
        if (h.prof && p)
            return; /* a new block may take a new name: nothing more to offer */
        if (!h.prof)
            return;
    }
    if (!strcmp(w1, "model") && h.prof) {
        for (size_t k = 0; k < s->units.n; k++)
            for (Decl *d = ((Unit *)s->units.v[k])->decls; d; d = d->next)
                if (d->kind == DECL_MODEL)
                    offer(c, SMM_COMPLETE_MODEL, d->u.model->name.text, d->u.model->title);
        return;
    }
    if (!strcmp(w1, "require") || !strcmp(w1, "consider") || !strcmp(w1, "waive") ||
        !strcmp(w1, "not_applicable")) {
        offer_paths(c, m);
        return;
    }
    if (h.prof || h.assess) {
        if (line_start || !strcmp(w1, "{") || !strcmp(w1, ";") || !strcmp(w1, "}")) {
            const char *const *kw = h.prof ? keywords_profile : keywords_assessment;
            size_t nk = h.prof ? sizeof keywords_profile / sizeof *kw : sizeof keywords_assessment / sizeof *kw;
            offer_paths(c, m);
            for (size_t k = 0; k < nk; k++)
                offer(c, SMM_COMPLETE_KEYWORD, kw[k], NULL);
        }
        return;
    }
    if (line_start)
        for (size_t k = 0; k < sizeof keywords_top / sizeof *keywords_top; k++)
            offer(c, SMM_COMPLETE_KEYWORD, keywords_top[k], NULL);
}

/* ---------------------------------------------------------------- symbols */

typedef struct {
    Session *s;
    const char *file; /* NULL: every file */
    const char *query;
    int (*fn)(void *ctx, const smm_symbol *sym);
    void *ctx;
    size_t n;
    bool stop;
} SymCall;

static int sym_emit(SymCall *c, smm_symbol_kind kind, Name name, Loc whole, const char *detail, int parent)
{
    if (c->stop || !name.text)
        return -1;
    if (c->query && *c->query && !strstr(name.text, c->query))
        return -1;
    smm_symbol sym = {kind, name.text, detail, span_of(c->s, whole.file ? whole : name.loc), span_of(c->s, name.loc),
                      parent};
    int index = (int)c->n++;
    if (c->fn(c->ctx, &sym))
        c->stop = true;
    return index;
}

static void sym_blocks(SymCall *c, const Block *list, int parent)
{
    for (const Block *b = list; b; b = b->next) {
        int me = sym_emit(c, b->kind == LAYER_SECTOR ? SMM_SYM_SECTOR : SMM_SYM_SYSTEM, b->name, b->loc,
                          b->kind == LAYER_SECTOR ? "sector" : "system", parent);
        sym_blocks(c, b->systems, me);
    }
}

static void symbols_of(SymCall *c, Unit *u)
{
    for (Decl *d = u->decls; d && !c->stop; d = d->next)
        switch (d->kind) {
        case DECL_PROFILE: {
            AstProfile *p = d->u.profile;
            int me = sym_emit(c, SMM_SYM_PROFILE, p->name, p->loc, p->title, -1);
            if (!c->query || !*c->query) {
                sym_blocks(c, p->sectors, me);
                sym_blocks(c, p->systems, me);
            }
            break;
        }
        case DECL_MODEL: sym_emit(c, SMM_SYM_MODEL, d->u.model->name, d->u.model->loc, d->u.model->title, -1); break;
        case DECL_ASSESSMENT:
            sym_emit(c, SMM_SYM_ASSESSMENT, d->u.assessment->name, d->u.assessment->loc, d->u.assessment->title, -1);
            break;
        case DECL_TEST: sym_emit(c, SMM_SYM_TEST, d->u.test->name, d->u.test->loc, d->u.test->title, -1); break;
        }
}

/* ---------------------------------------------------------------- the values */

typedef struct {
    Session *s;
    const smm_selection *sel;
    const char *practice;
    smm_value *out;
    bool ok;
} ValueCall;

static void resolve_value(ValueCall *c)
{
    Session *s = c->s;
    IrSelection is;
    if (!ir_resolve_selection(s, c->sel, &is) || !is.profile || !is.profile->model)
        return;
    const Model *m = is.profile->model;
    int node = model_resolve_path(s, is.profile->model, (Name){intern_cstr(s->names, c->practice), LOC_NONE});
    if (node < 0 || m->nodes[node].kind != MN_PRACTICE)
        return;
    int k = m->nodes[node].practice;
    Variant v = {0};
    variant_compute(s, &v, is.profile, is.sector, is.system);
    const Setting *win = eff_winner(&v.eff[k * 2]);
    c->out->level = v.eff[k * 2].value;
    c->out->scope = scope_name(v.eff[k * 2 + 1].value);
    c->out->set_by = win ? win->owner->name : NULL;
    c->out->layer = win ? layer_name(win->block->kind) : layer_name(LAYER_DEFAULT);
    c->out->where = win ? span_of(s, win->path.loc) : (smm_span){0};
    variant_free(&v);
    c->ok = true;
}

/* ---------------------------------------------------------------- entry points (guarded) */

typedef struct {
    int what;
    void *call;
} QueryCall;

static void run_query(void *ctx)
{
    QueryCall *q = ctx;
    switch (q->what) {
    case 0: hover(q->call); break;
    case 1: definitions(q->call); break;
    case 2: references(q->call); break;
    case 3: complete(q->call); break;
    case 5: resolve_value(q->call); break;
    default: {
        SymCall *c = q->call;
        for (size_t i = 0; i < c->s->units.n && !c->stop; i++) {
            Unit *u = c->s->units.v[i];
            if (!c->file || u->src == find_source(c->s, c->file))
                symbols_of(c, u);
        }
    }
    }
}

static bool run_guarded(Session *s, int what, void *call)
{
    if (s->internal)
        return false;
    QueryCall q = {what, call};
    const char *msg = guard_run(run_query, &q);
    if (msg) {
        session_fail(s, msg);
        return false;
    }
    return true;
}

char *smm_hover(smm_session *s, const char *file, uint32_t offset, smm_span *range)
{
    HoverCall c = {.s = s, .file = file, .offset = offset};
    if (!run_guarded(s, 0, &c)) {
        free(c.text);
        return NULL;
    }
    if (range)
        *range = c.range;
    return c.text;
}

size_t smm_definitions(smm_session *s, const char *file, uint32_t offset, int (*fn)(void *ctx, const smm_span *sp),
                       void *ctx)
{
    LocCall c = {.s = s, .file = file, .offset = offset, .with_decl = true, .fn = fn, .ctx = ctx};
    run_guarded(s, 1, &c);
    vec_free(&c.seen);
    return c.n;
}

size_t smm_references(smm_session *s, const char *file, uint32_t offset, bool with_declaration,
                      int (*fn)(void *ctx, const smm_span *sp), void *ctx)
{
    LocCall c = {.s = s, .file = file, .offset = offset, .with_decl = with_declaration, .fn = fn, .ctx = ctx};
    run_guarded(s, 2, &c);
    vec_free(&c.seen);
    return c.n;
}

size_t smm_completions(smm_session *s, const char *file, uint32_t offset,
                       int (*fn)(void *ctx, const smm_completion *c), void *ctx)
{
    CompleteCall c = {.s = s, .file = file, .offset = offset, .fn = fn, .ctx = ctx, .prefix = ""};
    run_guarded(s, 3, &c);
    ptrmap_free(&c.seen);
    return c.n;
}

size_t smm_symbols(smm_session *s, const char *file, const char *query, int (*fn)(void *ctx, const smm_symbol *sym),
                   void *ctx)
{
    SymCall c = {.s = s, .file = file, .query = query, .fn = fn, .ctx = ctx};
    run_guarded(s, 4, &c);
    return c.n;
}

bool smm_resolve_value(smm_session *s, const smm_selection *sel, const char *practice, smm_value *out)
{
    ValueCall c = {s, sel, practice, out, false};
    if (!practice)
        return false;
    run_guarded(s, 5, &c);
    smm_flush_diagnostics(s);
    return c.ok;
}
