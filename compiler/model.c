/*
 * model.c — the global namespace and model resolution.
 *
 * declare_globals() enters every model, profile and assessment into one
 * namespace of qualified names (duplicates are errors showing both places).
 * resolve_models() turns each model's AST — and, for `model M extends B`,
 * its base chain — into a flat node table in model order (a DFS: dimension,
 * its domains, their practices), so that every node's practices are one
 * contiguous range.  Ids, aliases and dotted paths all map to node indices.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static Loc decl_loc(const Decl *d)
{
    switch (d->kind) {
    case DECL_MODEL: return d->u.model->name.loc;
    case DECL_PROFILE: return d->u.profile->name.loc;
    case DECL_TEST: return d->u.test->name.loc;
    default: return d->u.assessment->name.loc;
    }
}

static const char *decl_kind_name(DeclKind k)
{
    return k == DECL_MODEL ? "model" : k == DECL_PROFILE ? "profile" : k == DECL_TEST ? "test" : "assessment";
}

static const char *decl_name(const Decl *d)
{
    switch (d->kind) {
    case DECL_MODEL: return d->u.model->name.text;
    case DECL_PROFILE: return d->u.profile->name.text;
    case DECL_TEST: return d->u.test->name.text;
    default: return d->u.assessment->name.text;
    }
}

Decl *global_lookup(Session *s, const char *interned)
{
    return ptrmap_get(&s->prog->globals, interned);
}

/* The file that `import NAME` would load, when NAME is not loaded: the
 * likeliest cause of an unknown model (`model iic.smm` without `import
 * iic.smm`).  Searched like an import, with the referencing file's directory
 * standing in for the root's. */
static const char *import_candidate(Session *s, Name n)
{
    Buf rel = {0};
    for (const char *p = n.text; *p; p++)
        buf_putc(&rel, *p == '.' ? '/' : *p);
    buf_puts(&rel, ".smm");
    const char *found = NULL;
    SourceFile *f = source_get(s, n.loc.file);
    char *dir = NULL;
    if (f) {
        const char *slash = strrchr(f->path, '/');
        dir = slash ? arena_strndup(s->arena, f->path, (size_t)(slash - f->path)) : arena_strdup(s->arena, ".");
    }
    for (size_t i = 0; !found && i < s->opt.ninclude + 2; i++) {
        const char *d = i == 0 ? dir : i <= s->opt.ninclude ? s->opt.include_dirs[i - 1] : s->opt.stdlib_dir;
        if (!d)
            continue;
        const char *path = strcmp(d, ".") == 0 ? arena_strdup(s->arena, buf_cstr(&rel))
                                               : arena_printf(s->arena, "%s/%s", d, buf_cstr(&rel));
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            found = path;
    }
    buf_free(&rel);
    return found;
}

void report_unknown_global(Session *s, Name n, const char *kind, DeclKind want)
{
    Decl *d = global_lookup(s, n.text);
    if (d) {
        Diag *dg = diag_at(s, D_WRONG_KIND, n.loc, "'%s' is %s %s, not %s %s", n.text,
                           d->kind == DECL_ASSESSMENT ? "an" : "a", decl_kind_name(d->kind),
                           want == DECL_ASSESSMENT ? "an" : "a", kind);
        diag_note(s, dg, decl_loc(d), "'%s' is defined here", n.text);
        return;
    }
    Vec cands = {0};
    for (size_t i = 0; i < s->units.n; i++)
        for (Decl *x = ((Unit *)s->units.v[i])->decls; x; x = x->next)
            if (x->kind == want)
                vec_push(&cands, (void *)decl_name(x));
    const char *hint = diag_suggest(n.text, (const char *const *)cands.v, cands.n);
    if (hint) {
        diag_fix(s, diag_at(s, D_UNKNOWN_NAME, n.loc, "unknown %s '%s'; did you mean '%s'?", kind, n.text, hint),
                 n.loc, hint);
    } else {
        Diag *dg = diag_at(s, D_UNKNOWN_NAME, n.loc, "unknown %s '%s'", kind, n.text);
        const char *file = import_candidate(s, n);
        if (file)
            diag_note(s, dg, LOC_NONE, "nothing imports it: add 'import %s' (found at %s)", n.text, file);
    }
    vec_free(&cands);
}

static void enter_names(Session *s, const Unit *u)
{
    Program *pg = s->prog;
    for (Decl *d = u->decls; d; d = d->next) {
        const char *name = decl_name(d);
        if (!name)
            continue;
        Decl *prev = ptrmap_get(&pg->globals, name);
        if (prev) {
            Diag *dg = diag_at(s, D_DUPLICATE, decl_loc(d), "redefinition of '%s'", name);
            diag_note(s, dg, decl_loc(prev), "previous definition of %s '%s' is here",
                      decl_kind_name(prev->kind), name);
            continue;
        }
        ptrmap_put(&pg->globals, name, d);
    }
}

/* The models of the analysis before, when the model declarations are
 * those it built (reuse.c), into the program. */
static bool keep_models(Session *s)
{
    if (!s->reuse.on)
        return false;
    Program *pg = s->prog;
    Vec decls = {0};
    for (size_t i = 0; i < s->units.n; i++)
        for (Decl *d = ((Unit *)s->units.v[i])->decls; d; d = d->next)
            if (d->kind == DECL_MODEL && d->u.model->name.text &&
                ptrmap_get(&pg->globals, d->u.model->name.text) == d)
                vec_push(&decls, d->u.model);
    bool kept = reuse_models(s, &decls);
    vec_free(&decls);
    if (kept)
        for (size_t i = 0; i < s->reuse.models.n; i++)
            vec_push(&pg->models, s->reuse.models.v[i]);
    return kept;
}

/* A profile into the program: the one an analysis before resolved, when
 * nothing it depends on changed, else a new one whose tree forgets what
 * an earlier analysis wrote into it. */
static void declare_profile(Session *s, AstProfile *a, const char *name)
{
    Program *pg = s->prog;
    Profile *p = reuse_profile(s, a);
    if (p) {
        p->reused = true;
        s->reused_profiles++;
    } else {
        p = arena_alloc(s->arena, sizeof *p);
        p->name = name;
        p->ast = a;
        reuse_forget(s, a);
        ast_profile_reset(a);
    }
    p->order = (int)pg->profiles.n;
    vec_push(&pg->profiles, p);
}

/* Names are entered imports first, each file after the files it imports
 * and in the order of the imports (the order in which the import walks
 * finished with them, s->finished), then the files named on the command
 * line in their order.  The definition entered second is the one blamed,
 * so a clash between the file being compiled and a library it imports is
 * reported in the file being compiled, one between a file and what it
 * imports in the importing file, and one between two imports at the later
 * import — as within one file, the later definition is the redefinition.
 * The program's tables keep declaration order (roots first), which is the
 * order of the IR. */
void declare_globals(Session *s)
{
    Program *pg = s->prog;
    PtrMap entered = {0};
    for (size_t i = 0; i < s->finished.n; i++) {
        Unit *u = s->finished.v[i];
        if (!u->is_root && !ptrmap_get(&entered, u)) {
            ptrmap_put(&entered, u, u);
            enter_names(s, u);
        }
    }
    for (size_t i = s->units.n; i-- > 0;) /* any the walks did not finish */
        if (!((Unit *)s->units.v[i])->is_root && !ptrmap_get(&entered, s->units.v[i]))
            enter_names(s, s->units.v[i]);
    ptrmap_free(&entered);
    for (size_t i = 0; i < s->units.n; i++)
        if (((Unit *)s->units.v[i])->is_root)
            enter_names(s, s->units.v[i]);
    s->reuse.models_kept = keep_models(s);
    s->reused_models = s->reuse.models_kept ? (int)pg->models.n : 0;
    for (size_t i = 0; i < s->units.n; i++) {
        for (Decl *d = ((Unit *)s->units.v[i])->decls; d; d = d->next) {
            const char *name = decl_name(d);
            if (!name || ptrmap_get(&pg->globals, name) != d) {
                if (d->kind == DECL_PROFILE) { /* a redefinition: nothing of an analysis before */
                    reuse_forget(s, d->u.profile);
                    ast_profile_reset(d->u.profile);
                }
                continue;
            }
            switch (d->kind) {
            case DECL_MODEL:
                if (!s->reuse.models_kept) {
                    Model *m = arena_alloc(s->arena, sizeof *m);
                    m->name = name;
                    m->ast = d->u.model;
                    vec_push(&pg->models, m);
                    reuse_built_model(s, m);
                }
                break;
            case DECL_PROFILE:
                declare_profile(s, d->u.profile, name);
                break;
            case DECL_ASSESSMENT: {
                Assessment *a = arena_alloc(s->arena, sizeof *a);
                a->name = name;
                a->ast = d->u.assessment;
                vec_push(&pg->assessments, a);
                break;
            }
            case DECL_TEST: {
                Test *t = arena_alloc(s->arena, sizeof *t);
                t->name = name;
                t->ast = d->u.test;
                vec_push(&pg->tests, t);
                break;
            }
            }
        }
    }
}

/* ---------------------------------------------------------------- building */

/* A model under construction: a tree that extensions can re-open. */
typedef struct TNode {
    MNodeKind kind;
    const char *id;
    const char *title;
    const AstMNode *ast;   /* the declaration (first one) */
    Loc loc;
    Vec children;          /* TNode* */
    const char *objective[5];
    Consideration *considers[5], **ctail[5];
    bool level_seen[5];
} TNode;

typedef struct Builder {
    Session *s;
    Model *m;
    bool quiet;    /* applying a base model: its errors were reported with it */
    Vec all;       /* every TNode, for freeing */
    PtrMap ids;    /* id → TNode* (ids are unique in a model) */
    Vec dims;      /* top-level TNode* */
} Builder;

static TNode *tnode_new(Builder *b, const AstMNode *a)
{
    TNode *t = vec_push_new(&b->all, sizeof *t); /* the builder frees what it lists */
    t->kind = a->kind;
    t->id = a->id.text;
    t->title = a->title;
    t->ast = a;
    t->loc = a->id.loc;
    for (int i = 0; i < 5; i++)
        t->ctail[i] = &t->considers[i];
    ptrmap_put(&b->ids, t->id, t);
    return t;
}

static const char *const kind_names[] = {"dimension", "domain", "practice"};

static Diag *build_error(Builder *b, DiagId id, Loc loc, const char *fmt, ...) SMM_PRINTF(4, 5);
static Diag *build_error(Builder *b, DiagId id, Loc loc, const char *fmt, ...)
{
    if (b->quiet)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    Diag *d = diag_vat(b->s, id, loc, fmt, ap);
    va_end(ap);
    return d;
}

static void add_levels(Builder *b, TNode *t, const AstMNode *a)
{
    Session *s = b->s;
    for (const AstLevel *l = a->levels; l; l = l->next) {
        int n = l->level.value;
        if (n < 0)
            continue; /* invalid literal, reported by the parser */
        if (n == 0) {
            build_error(b, D_DUPLICATE_LEVEL, l->level.loc,
                        "level 0 (none) has no objective or considerations; levels are 1..4 here");
            continue;
        }
        if (t->level_seen[n] && a == t->ast) {
            build_error(b, D_DUPLICATE_LEVEL, l->level.loc, "level %d of '%s' is defined twice", n, t->id);
            continue;
        }
        t->level_seen[n] = true;
        if (l->objective)
            t->objective[n] = l->objective;
        for (const AstConsider *c = l->considers; c; c = c->next) {
            Consideration *prev = ptrmap_get(&b->m->considers, c->id.text);
            if (prev) {
                Diag *d = build_error(b, D_DUPLICATE_CONSIDER, c->id.loc,
                                      "consideration '%s' is defined twice", c->id.text);
                diag_note(s, d, prev->loc, "first defined here");
                continue;
            }
            Consideration *k = arena_alloc(s->arena, sizeof *k);
            k->id = c->id.text;
            k->text = c->text;
            k->level = n;
            k->loc = c->id.loc;
            k->origin = b->m->name;
            k->layer = LAYER_BODY;
            *t->ctail[n] = k;
            t->ctail[n] = &k->next;
            ptrmap_put(&b->m->considers, k->id, k);
        }
    }
}

/* Apply one AST node (and its subtree) under parent (NULL = top level).
 * `reopen` is true for extensions, where an existing id merges into the
 * node instead of being a duplicate. */
static void apply_node(Builder *b, TNode *parent, const AstMNode *a, bool reopen)
{
    Session *s = b->s;
    TNode *t = ptrmap_get(&b->ids, a->id.text);
    if (t) {
        TNode *tparent = NULL;
        if (reopen && t->kind == a->kind) {
            /* the node must be re-opened where it lives */
            for (size_t i = 0; parent && i < parent->children.n; i++)
                if (parent->children.v[i] == t)
                    tparent = parent;
            bool top = !parent && t->kind == MN_DIMENSION;
            if (top || tparent) {
                if (a->title)
                    t->title = a->title;
                add_levels(b, t, a);
                for (const AstMNode *c = a->children; c; c = c->next)
                    apply_node(b, t, c, reopen);
                return;
            }
        }
        Diag *d = build_error(b, D_DUPLICATE_NODE, a->id.loc, "%s id '%s' is already used in model '%s'",
                              kind_names[a->kind], a->id.text, b->m->name);
        diag_note(s, d, t->loc, "'%s' is the %s defined here", t->id, kind_names[t->kind]);
        return;
    }
    MNodeKind want = parent ? (MNodeKind)(parent->kind + 1) : MN_DIMENSION;
    if (a->kind != want) {
        build_error(b, D_SYNTAX, a->loc, "a %s cannot appear %s%s", kind_names[a->kind],
                    parent ? "inside a " : "at the top level of a model",
                    parent ? kind_names[parent->kind] : "");
        return;
    }
    t = tnode_new(b, a);
    if (parent)
        vec_push(&parent->children, t);
    else
        vec_push(&b->dims, t);
    add_levels(b, t, a);
    for (const AstMNode *c = a->children; c; c = c->next)
        apply_node(b, t, c, reopen);
}

static void flatten(Builder *b, TNode *t, int parent, const char *ppath, Vec *out_nodes)
{
    Session *s = b->s;
    MNode *n = arena_alloc(s->arena, sizeof *n);
    n->kind = t->kind;
    n->id = t->id;
    n->title = t->title ? t->title : t->id;
    n->ast = t->ast;
    n->loc = t->loc;
    n->parent = parent;
    n->index = (int)out_nodes->n;
    n->practice = -1;
    n->path = ppath ? intern_cstr(s->names, arena_printf(s->arena, "%s.%s", ppath, t->id)) : t->id;
    for (int i = 0; i < 5; i++) {
        n->objective[i] = t->objective[i];
        n->considers[i] = t->considers[i];
    }
    vec_push(out_nodes, n);
    for (size_t i = 0; i < t->children.n; i++)
        flatten(b, t->children.v[i], n->index, n->path, out_nodes);
}

static void build_model(Session *s, Model *m);

static void apply_model_ast(Builder *b, Model *m, bool reopen)
{
    for (const AstMNode *d = m->ast->dims; d; d = d->next)
        apply_node(b, NULL, d, reopen);
}

/* The Model declared under a name, or NULL (not a model). */
static Model *model_named(Session *s, const char *name)
{
    Decl *d = global_lookup(s, name);
    if (!d || d->kind != DECL_MODEL)
        return NULL;
    for (size_t i = 0; i < s->prog->models.n; i++)
        if (((Model *)s->prog->models.v[i])->ast == d->u.model)
            return s->prog->models.v[i];
    return NULL;
}

/* m extends base, and base is being built: print the whole cycle, at the
 * `extends` that closes it. */
static void report_model_cycle(Session *s, Model *m, Model *base)
{
    Buf b = {0};
    buf_printf(&b, "%s", m->name);
    for (Model *x = base; x; x = model_named(s, x->ast->base.text)) {
        buf_printf(&b, " -> %s", x->name);
        if (x == m || !x->ast->base.text)
            break;
    }
    Diag *d = diag_at(s, D_CYCLE, m->ast->base.loc, "inheritance cycle: %s", buf_cstr(&b));
    for (Model *x = base; x && x != m; x = model_named(s, x->ast->base.text))
        diag_note(s, d, x->ast->name.loc, "model '%s' is defined here", x->name);
    buf_free(&b);
}

/* m's base models, root last, into chain (built first); false when a base
 * is unknown, in a cycle or failed (reported). */
static bool model_bases(Session *s, Model *m, Vec *chain)
{
    AstModel *am = m->ast;
    if (!am->base.text)
        return true;
    Model *base = model_named(s, am->base.text);
    if (!base) {
        report_unknown_global(s, am->base, "model", DECL_MODEL);
        return false;
    }
    if (base->state == RES_ACTIVE) {
        report_model_cycle(s, m, base);
        return false;
    }
    build_model(s, base); /* as deep as the `extends` chain of models */
    if (base->state == RES_FAILED)
        return false;
    m->base = base;
    if (!m->version)
        m->version = base->version;
    for (Model *x = base; x; x = x->base)
        vec_push(chain, x);
    return true;
}

/* The flat node table in DFS order, the practice list, ids and paths. */
static void node_table(Session *s, Model *m, Builder *b)
{
    Vec nodes = {0};
    for (size_t i = 0; i < b->dims.n; i++)
        flatten(b, b->dims.v[i], -1, NULL, &nodes);
    m->nnodes = (int)nodes.n;
    m->nodes = arena_alloc(s->arena, sizeof(MNode) * (nodes.n ? nodes.n : 1));
    int np = 0;
    for (size_t i = 0; i < nodes.n; i++) {
        m->nodes[i] = *(MNode *)nodes.v[i];
        np += m->nodes[i].kind == MN_PRACTICE;
    }
    vec_free(&nodes);
    m->npractices = np;
    m->practices = arena_alloc(s->arena, sizeof(int) * (size_t)(np ? np : 1));
    np = 0;
    for (int i = 0; i < m->nnodes; i++) {
        MNode *n = &m->nodes[i];
        if (n->kind == MN_PRACTICE) {
            n->practice = np;
            m->practices[np++] = i;
        }
        ptrmap_put(&m->by_id, n->id, (void *)(intptr_t)(i + 1));
        ptrmap_put(&m->by_id, n->path, (void *)(intptr_t)(i + 1));
        for (int l = 1; l <= 4; l++)
            for (Consideration *c = n->considers[l]; c; c = c->next)
                c->practice = i;
    }
}

/* Practice ranges: a node's practices are contiguous in DFS order. */
static void practice_ranges(Model *m)
{
    for (int i = 0; i < m->nnodes; i++) {
        MNode *n = &m->nodes[i];
        bool practice = n->kind == MN_PRACTICE;
        n->first_practice = practice ? n->practice : -1;
        n->npractices = practice;
    }
    for (int i = 0; i < m->nnodes; i++) {
        MNode *n = &m->nodes[i];
        if (n->kind != MN_PRACTICE)
            continue;
        for (int p = n->parent; p >= 0; p = m->nodes[p].parent) {
            MNode *a = &m->nodes[p];
            if (a->first_practice < 0)
                a->first_practice = n->practice;
            a->npractices++;
        }
    }
    for (int i = 0; i < m->nnodes; i++)
        if (m->nodes[i].first_practice < 0)
            m->nodes[i].first_practice = 0;
}

/* Aliases of the bases (root first, quietly: their mistakes were reported
 * when they were built), then m's own. */
static void model_aliases(Session *s, Model *m, Builder *b, const Vec *chain)
{
    for (size_t i = chain->n + 1; i-- > 0;) {
        const Model *x = i < chain->n ? chain->v[i] : m;
        b->quiet = i < chain->n;
        for (const AstAlias *al = x->ast->aliases; al; al = al->next) {
            int target = model_find(m, al->target.text);
            if (target < 0) {
                if (!b->quiet)
                    model_resolve_path(s, m, al->target);
                continue;
            }
            int other = model_find(m, al->alias.text);
            if (other >= 0 && other != target) {
                const MNode *o = &m->nodes[other];
                Diag *d = o->id == al->alias.text
                              ? build_error(b, D_DUPLICATE_NODE, al->alias.loc,
                                            "alias '%s' is already the name of a %s", al->alias.text,
                                            kind_names[o->kind])
                              : build_error(b, D_DUPLICATE_NODE, al->alias.loc, "alias '%s' already names '%s'",
                                            al->alias.text, o->id);
                diag_note(s, d, o->loc, "'%s' is defined here", o->id);
                continue;
            }
            ptrmap_put(&m->by_id, al->alias.text, (void *)(intptr_t)(target + 1));
        }
    }
}

/* Also guard_hold's release: when a model's build fails half-way. */
static void builder_free(void *ctx)
{
    Builder *b = ctx;
    for (size_t i = 0; i < b->all.n; i++) {
        TNode *t = b->all.v[i];
        vec_free(&t->children);
        free(t);
    }
    vec_free(&b->all);
    vec_free(&b->dims);
    ptrmap_free(&b->ids);
}

static void build_model(Session *s, Model *m)
{
    if (m->state != RES_NEW)
        return;
    m->state = RES_ACTIVE;
    m->title = m->ast->title ? m->ast->title : m->name;
    m->version = m->ast->version;
    Vec chain = {0}; /* the bases, root last */
    Hold hc, hb;
    guard_hold(&hc, hold_vec, &chain);
    if (!model_bases(s, m, &chain)) {
        guard_drop(&hc);
        vec_free(&chain);
        m->state = RES_FAILED;
        return;
    }
    /* The bases are applied quietly: their own mistakes were reported when
     * they were built, and would otherwise be repeated once per extension. */
    Builder b = {s, m, true, {0}, {0}, {0}};
    guard_hold(&hb, builder_free, &b);
    for (size_t i = chain.n; i-- > 0;)
        apply_model_ast(&b, chain.v[i], i + 1 < chain.n);
    b.quiet = false;
    apply_model_ast(&b, m, chain.n > 0);
    node_table(s, m, &b);
    practice_ranges(m);
    model_aliases(s, m, &b, &chain);
    guard_drop(&hb);
    guard_drop(&hc);
    builder_free(&b);
    vec_free(&chain);
    m->state = RES_DONE;
}

void resolve_models(Session *s)
{
    Program *pg = s->prog;
    if (s->reuse.models_kept) { /* built by an analysis before: what it reported */
        reuse_take(s, (Diag *const *)s->reuse.model_diags.v, s->reuse.model_diags.n);
        for (size_t i = 0; i < s->reuse.model_diags.n; i++)
            vec_push(&pg->model_diags, s->reuse.model_diags.v[i]);
        return;
    }
    Diag **from = s->diags_tail;
    for (size_t i = 0; i < pg->models.n; i++)
        build_model(s, pg->models.v[i]);
    for (Diag *d = *from; d; d = d->next)
        vec_push(&pg->model_diags, d);
}

int model_find(const Model *m, const char *interned)
{
    intptr_t v = (intptr_t)ptrmap_get(&m->by_id, interned);
    return v ? (int)v - 1 : -1;
}

static void unknown_node(Session *s, Model *m, const char *word, Loc loc)
{
    const char **cands = xmalloc(sizeof(char *) * (m->by_id.n + 1));
    size_t n = 0;
    for (size_t i = 0; i < m->by_id.cap; i++)
        if (m->by_id.keys[i] && !strchr(m->by_id.keys[i], '.'))
            cands[n++] = m->by_id.keys[i];
    const char *hint = diag_suggest(word, cands, n);
    free(cands);
    if (hint) {
        Diag *d = diag_at(s, D_UNKNOWN_NODE, loc,
                          "model '%s' has no dimension, domain or practice '%s'; did you mean '%s'?", m->name, word,
                          hint);
        if (loc.end - loc.start == strlen(word)) /* the whole name, not one segment of a path */
            diag_fix(s, d, loc, hint);
    }
    else
        diag_at(s, D_UNKNOWN_NODE, loc, "model '%s' has no dimension, domain or practice '%s'",
                m->name, word);
}

int model_resolve_path(Session *s, Model *m, Name path)
{
    int n = model_find(m, path.text);
    if (n >= 0)
        return n;
    /* A dotted path: every part must exist and nest in its predecessor. */
    const char *p = path.text;
    int prev = -1;
    uint32_t off = 0;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        const char *part = intern(s->names, p, len);
        Loc ploc = {path.loc.file, path.loc.start + off, path.loc.start + off + (uint32_t)len};
        int cur = model_find(m, part);
        if (cur < 0) {
            unknown_node(s, m, part, ploc);
            return -1;
        }
        if (prev >= 0 && m->nodes[cur].parent != prev) {
            Diag *d = diag_at(s, D_PATH_MISMATCH, path.loc, "'%s' is not part of '%s' in model '%s'",
                              part, m->nodes[prev].id, m->name);
            diag_note(s, d, m->nodes[cur].loc, "'%s' is %s", part, m->nodes[cur].path);
            return -1;
        }
        prev = cur;
        if (!dot)
            break;
        off += (uint32_t)len + 1;
        p = dot + 1;
    }
    return prev;
}
