/*
 * query.c — what an editor asks of a session (smm.h, "editor queries"):
 * what is at a position, definitions, references, symbols, and the
 * resolved value of a practice with its provenance; hover text is
 * query_hover.c's, completion candidates query_complete.c's, and what the
 * three share is declared in query.h.
 *
 * Everything starts from a file and a byte offset.  The syntax tree of
 * that file is walked to find the innermost name under the offset (a Hit);
 * the semantic objects hung off the tree (Profile, Model, Assessment)
 * answer the rest when the session analyzed cleanly, the tree alone when
 * it did not (symbols, completion and profile hovers still work on a file
 * whose parse recovered).  Queries only read the session, except that
 * computing a variant or a check run allocates in its arena.
 */
#include "query.h"
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
SourceFile *query_source(const Session *s, const char *path)
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

Unit *query_unit(const Session *s, const SourceFile *f)
{
    for (size_t i = 0; f && i < s->units.n; i++)
        if (((Unit *)s->units.v[i])->src == f)
            return s->units.v[i];
    return NULL;
}

const char *smm_source_text(smm_session *s, const char *path, size_t *len)
{
    SourceFile *f = query_source(s, path);
    if (!f)
        return NULL;
    if (len)
        *len = f->len;
    return f->text;
}

/* ---------------------------------------------------------------- hits */


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
static void hit_in_profile(Hit *h, AstProfile *p, uint32_t file, uint32_t off)
{
    h->prof = p;
    if (hit_name(h, HIT_PROFILE_DECL, p->name, file, off) || hit_name(h, HIT_MODEL_REF, p->model, file, off))
        return;
    for (NameList *n = p->parents; n; n = n->next)
        if (hit_name(h, HIT_PROFILE_REF, n->name, file, off))
            return;
    if (walk_block(h, &p->body, file, off))
        return;
    for (const Block *b = p->sectors; b; b = b->next)
        if (walk_block(h, b, file, off))
            return;
    for (const Block *b = p->systems; b; b = b->next)
        if (walk_block(h, b, file, off))
            return;
    h->kind = HIT_NONE;
}

static void hit_in_assessment(Hit *h, AstAssessment *a, uint32_t file, uint32_t off)
{
    h->assess = a;
    if (hit_name(h, HIT_ASSESS_DECL, a->name, file, off) || hit_name(h, HIT_PROFILE_REF, a->target, file, off))
        return;
    if (hit_name(h, HIT_VARIANT_REF, a->sector, file, off)) {
        h->is_sector = true;
        return;
    }
    if (hit_name(h, HIT_VARIANT_REF, a->system, file, off))
        return;
    for (const AEntry *e = a->entries; e; e = e->next) {
        if (hit_name(h, e->kind == AE_MET ? HIT_CONSID : HIT_PATH, e->path, file, off)) {
            h->entry = e;
            return;
        }
        if (e->kind == AE_LEVEL && e->comp.value >= 0 && covers(e->comp.loc, file, off)) {
            h->kind = HIT_LEVEL;
            h->level = e->comp;
            h->loc = e->comp.loc;
            h->name = e->path;
            h->entry = e;
            return;
        }
    }
    h->kind = HIT_NONE;
}

Hit query_hit(Unit *u, uint32_t off)
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
    case DECL_PROFILE: hit_in_profile(&h, enclosing->u.profile, file, off); break;
    case DECL_MODEL: {
        AstModel *m = enclosing->u.model;
        h.model = m;
        if (!hit_name(&h, HIT_MODEL_DECL, m->name, file, off) && !hit_name(&h, HIT_MODEL_REF, m->base, file, off))
            walk_mnodes(&h, m, m->dims, file, off);
        break;
    }
    case DECL_ASSESSMENT: hit_in_assessment(&h, enclosing->u.assessment, file, off); break;
    case DECL_TEST: {
        AstTest *t = enclosing->u.test;
        h.test = t;
        if (!hit_name(&h, HIT_TEST_DECL, t->name, file, off) && !hit_name(&h, HIT_PROFILE_REF, t->target, file, off))
            h.kind = HIT_NONE;
        break;
    }
    }
    return h;
}

/* ---------------------------------------------------------------- semantic lookups */

bool query_ready(const Session *s, int phase)
{
    return !s->internal && s->prog && s->clean_phases >= phase;
}

Profile *query_profile(Session *s, const AstProfile *ap)
{
    return ap && query_ready(s, PH_PROFILES) ? ptrmap_get(&s->prog->profile_by_ast, ap) : NULL;
}

static Decl *decl_named(Session *s, const char *name)
{
    return name && query_ready(s, PH_DECLARE) ? global_lookup(s, name) : NULL;
}

/* The profile declaration named name: through the global table when the
 * session resolved, else by scanning every unit's declarations. */
AstProfile *query_ast_profile(Session *s, const char *name)
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

AstModel *query_ast_model(Session *s, const char *name)
{
    for (size_t i = 0; name && i < s->units.n; i++)
        for (Decl *x = ((Unit *)s->units.v[i])->decls; x; x = x->next)
            if (x->kind == DECL_MODEL && x->u.model->name.text && !strcmp(x->u.model->name.text, name))
                return x->u.model;
    return NULL;
}

Model *query_model(Session *s, const AstModel *am)
{
    for (size_t i = 0; am && query_ready(s, PH_MODELS) && i < s->prog->models.n; i++)
        if (((Model *)s->prog->models.v[i])->ast == am)
            return s->prog->models.v[i];
    return NULL;
}

Assessment *query_assessment(Session *s, const AstAssessment *aa)
{
    for (size_t i = 0; aa && query_ready(s, PH_ASSESSMENTS) && i < s->prog->assessments.n; i++)
        if (((Assessment *)s->prog->assessments.v[i])->ast == aa)
            return s->prog->assessments.v[i];
    return NULL;
}

static Model *model_named(Session *s, const char *name)
{
    for (size_t i = 0; name && query_ready(s, PH_MODELS) && i < s->prog->models.n; i++)
        if (!strcmp(((Model *)s->prog->models.v[i])->name, name))
            return s->prog->models.v[i];
    return NULL;
}

/* The profiles ast_profile_model has walked: each is tried once, so a
 * cycle of profiles with several parents costs no more than a tree. */
typedef struct {
    const AstProfile *v[128];
    size_t n;
} AstSeen;

/* The model of a profile from the syntax tree alone (its `model`, else its
 * first parent's, ...): for a workspace whose profiles did not all resolve. */
static Model *ast_profile_model_walk(Session *s, const AstProfile *ap, AstSeen *seen)
{
    if (!ap || seen->n == sizeof seen->v / sizeof *seen->v)
        return NULL;
    for (size_t i = 0; i < seen->n; i++)
        if (seen->v[i] == ap)
            return NULL; /* walked already, and it gave no model */
    seen->v[seen->n++] = ap;
    if (ap->model.text)
        return model_named(s, ap->model.text);
    for (const NameList *n = ap->parents; n; n = n->next) {
        Model *m = ast_profile_model_walk(s, query_ast_profile(s, n->name.text), seen);
        if (m)
            return m;
    }
    return NULL;
}

static Model *ast_profile_model(Session *s, const AstProfile *ap)
{
    AstSeen seen = {.n = 0};
    return ast_profile_model_walk(s, ap, &seen);
}

/* The model a hit's path is relative to. */
Model *query_context_model(Session *s, const Hit *h)
{
    if (!query_ready(s, PH_PROFILES)) {
        if (h->prof)
            return ast_profile_model(s, h->prof);
        if (h->assess)
            return ast_profile_model(s, query_ast_profile(s, h->assess->target.text));
        return NULL;
    }
    if (h->prof) {
        Profile *p = query_profile(s, h->prof);
        return p ? p->model : NULL;
    }
    if (h->assess) {
        Assessment *a = query_assessment(s, h->assess);
        if (a)
            return a->profile ? a->profile->model : NULL;
        /* the assessments did not resolve: their target profiles did */
        Profile *p = query_profile(s, query_ast_profile(s, h->assess->target.text));
        return p ? p->model : NULL;
    }
    return NULL;
}

/* A node path as written → node index, quietly (no diagnostic). */
int query_node(const Model *m, const char *path)
{
    return m && path ? model_find(m, path) : -1;
}

/* The variant a block stands for. */

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
    smm_span sp = source_span(c->s, loc, false);
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
    Unit *u = query_unit(s, query_source(s, c->file));
    if (!u)
        return;
    Hit h = query_hit(u, c->offset);
    switch (h.kind) {
    case HIT_PROFILE_DECL: emit_loc(c, h.prof->name.loc); break;
    case HIT_PROFILE_REF: {
        AstProfile *ap = query_ast_profile(s, h.name.text);
        if (ap)
            emit_loc(c, ap->name.loc);
        break;
    }
    case HIT_MODEL_REF: {
        AstModel *am = query_ast_model(s, h.name.text);
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
        Model *m = query_context_model(s, &h);
        int node = query_node(m, h.name.text);
        if (node >= 0)
            emit_loc(c, m->nodes[node].ast ? m->nodes[node].ast->id.loc : m->nodes[node].loc);
        break;
    }
    case HIT_MNODE: emit_loc(c, h.mnode->id.loc); break;
    case HIT_CONSID: {
        Model *m = query_context_model(s, &h);
        Consideration *k = m ? ptrmap_get(&m->considers, h.name.text) : NULL;
        if (k)
            emit_loc(c, k->loc);
        break;
    }
    case HIT_BLOCK: blocks_named(c, query_profile(s, h.prof), h.block); break;
    case HIT_VARIANT_REF: {
        Assessment *a = query_assessment(s, h.assess);
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
        if (st->node == node || query_node(m, st->path.text) == node)
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
    Unit *u = query_unit(s, query_source(s, c->file));
    if (!u)
        return;
    Hit h = query_hit(u, c->offset);
    switch (h.kind) {
    case HIT_PROFILE_DECL: profile_refs(c, h.prof->name.text); break;
    case HIT_PROFILE_REF: profile_refs(c, h.name.text); break;
    case HIT_PATH:
    case HIT_LEVEL:
    case HIT_MNODE: {
        Model *m = NULL;
        int node = -1;
        if (h.kind == HIT_MNODE) {
            m = query_model(s, h.model);
            for (int i = 0; m && i < m->nnodes; i++)
                if (m->nodes[i].ast == h.mnode)
                    node = i;
        } else {
            m = query_context_model(s, &h);
            node = query_node(m, h.name.text);
        }
        if (m && node >= 0 && query_ready(s, PH_VALIDATE))
            practice_refs(c, m, node);
        break;
    }
    default: break;
    }
}

/* ---------------------------------------------------------------- rename */

bool smm_rename_target(smm_session *s, const char *file, uint32_t offset, smm_span *name_span, const char **name)
{
    Unit *u = query_unit(s, query_source(s, file));
    if (!u || s->internal)
        return false;
    Hit h = query_hit(u, offset);
    const char *n = h.kind == HIT_PROFILE_DECL ? h.prof->name.text : h.kind == HIT_PROFILE_REF ? h.name.text : NULL;
    if (!n || !query_ast_profile(s, n))
        return false;
    *name_span = source_span(s, h.loc, false);
    *name = n;
    return true;
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
    smm_symbol sym = {kind, name.text, detail, source_span(c->s, whole.file ? whole : name.loc, false), source_span(c->s, name.loc, false),
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

void query_variant(Session *s, Variant *v, Profile *p, const char *sector, const char *system)
{
    Session *sink = session_sink(s, s->arena);
    Hold h;
    guard_hold(&h, hold_sink, sink);
    variant_compute(sink, v, p, sector, system);
    guard_drop(&h);
    session_sink_free(sink);
}

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
    Hold h;
    guard_hold(&h, hold_variant, &v);
    query_variant(s, &v, is.profile, is.sector, is.system);
    const Setting *win = eff_winner(&v.eff[k * 2]);
    c->out->level = v.eff[k * 2].value;
    c->out->scope = scope_name(v.eff[k * 2 + 1].value);
    c->out->set_by = win ? win->owner->name : NULL;
    c->out->layer = win ? layer_name(win->block->kind) : layer_name(LAYER_DEFAULT);
    c->out->where = win ? source_span(s, win->path.loc, false) : (smm_span){0};
    guard_drop(&h);
    variant_free(&v);
    c->ok = true;
}

/* ---------------------------------------------------------------- entry points (guarded) */

static void run_definitions(void *ctx)
{
    definitions(ctx);
}

static void run_references(void *ctx)
{
    references(ctx);
}

static void run_symbols(void *ctx)
{
    SymCall *c = ctx;
    for (size_t i = 0; i < c->s->units.n && !c->stop; i++) {
        Unit *u = c->s->units.v[i];
        if (!c->file || u->src == query_source(c->s, c->file))
            symbols_of(c, u);
    }
}

static void run_value(void *ctx)
{
    resolve_value(ctx);
}

/* Run a query under a guard: false when the session was stopped, before
 * or by it. */
bool query_guarded(Session *s, GuardFn fn, void *call)
{
    if (s->internal)
        return false;
    const char *msg = guard_run(fn, call);
    if (msg) {
        session_fail(s, msg);
        return false;
    }
    return true;
}

size_t smm_definitions(smm_session *s, const char *file, uint32_t offset, int (*fn)(void *ctx, const smm_span *sp),
                       void *ctx)
{
    LocCall c = {.s = s, .file = file, .offset = offset, .with_decl = true, .fn = fn, .ctx = ctx};
    query_guarded(s, run_definitions, &c);
    vec_free(&c.seen);
    return c.n;
}

size_t smm_references(smm_session *s, const char *file, uint32_t offset, bool with_declaration,
                      int (*fn)(void *ctx, const smm_span *sp), void *ctx)
{
    LocCall c = {.s = s, .file = file, .offset = offset, .with_decl = with_declaration, .fn = fn, .ctx = ctx};
    query_guarded(s, run_references, &c);
    vec_free(&c.seen);
    return c.n;
}

size_t smm_symbols(smm_session *s, const char *file, const char *query, int (*fn)(void *ctx, const smm_symbol *sym),
                   void *ctx)
{
    SymCall c = {.s = s, .file = file, .query = query, .fn = fn, .ctx = ctx};
    query_guarded(s, run_symbols, &c);
    return c.n;
}

bool smm_resolve_value(smm_session *s, const smm_selection *sel, const char *practice, smm_value *out)
{
    ValueCall c = {s, sel, practice, out, false};
    if (!practice)
        return false;
    query_guarded(s, run_value, &c);
    smm_flush_diagnostics(s);
    return c.ok;
}

