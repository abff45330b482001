/*
 * ast.c — node builders for the grammar, and literal checks that need no
 * context (level words, calendar dates, level ranges).
 *
 * Grammar actions call these and nothing else.  Block bodies arrive as Item
 * lists; the ast_new_* / ast_add_* builders sort items into the node's
 * fields, keeping source order.  No name is looked up here.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

Name ast_name(ParseCtx *ctx, const char *text, size_t len, Loc loc)
{
    return (Name){intern(ctx->s->names, text, len), loc};
}

const char *ast_string(ParseCtx *ctx, const char *text, size_t len)
{
    return arena_strndup(ctx->s->arena, text, len);
}

const char *ast_concat(ParseCtx *ctx, const char *a, const char *b)
{
    return arena_printf(ctx->s->arena, "%s%s", a, b);
}

static const char *const level_words[] = {"none", "minimum", "ad_hoc", "consistent", "formalized"};

LevelLit ast_level_int(ParseCtx *ctx, long v, Loc loc)
{
    if (v < 0)
        return (LevelLit){-2, NULL, loc}; /* malformed number, already reported */
    if (v > 4) {
        diag_at(ctx->s, D_INVALID_LEVEL, loc,
                "comprehensiveness level %ld is out of range; levels are 0..4", v);
        return (LevelLit){-2, NULL, loc};
    }
    return (LevelLit){(int)v, NULL, loc};
}

LevelLit ast_level_word(ParseCtx *ctx, Name word)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(word.text, level_words[i]) == 0)
            return (LevelLit){i, level_words[i], word.loc};
    const char *hint = diag_suggest(word.text, level_words, 5);
    Diag *d = diag_at(ctx->s, D_INVALID_LEVEL, word.loc, "unknown level '%s'%s%s%s", word.text,
                      hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
    diag_note(ctx->s, d, LOC_NONE,
              "levels are 0..4 or none, minimum, ad_hoc, consistent, formalized");
    if (hint)
        diag_fix(ctx->s, d, word.loc, hint);
    return (LevelLit){-2, NULL, word.loc};
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

const char *ast_date_from_today(ParseCtx *ctx, int days)
{
    struct tm tm = {0};
    int y, m, d;
    if (ctx->s->opt.today && sscanf(ctx->s->opt.today, "%d-%d-%d", &y, &m, &d) == 3) {
        tm.tm_year = y - 1900, tm.tm_mon = m - 1, tm.tm_mday = d;
    } else {
        time_t now = time(NULL);
        struct tm *t = gmtime(&now);
        if (t)
            tm = *t;
    }
    tm.tm_mday += days;
    tm.tm_hour = 12;
    time_t when = timegm(&tm);
    struct tm *t = gmtime(&when);
    if (!t)
        return " until YYYY-MM-DD";
    return arena_printf(ctx->s->arena, " until %04d-%02d-%02d", t->tm_year + 1900, t->tm_mon + 1, t->tm_mday);
}

bool date_valid(int y, int m, int d)
{
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

DateLit ast_date(ParseCtx *ctx, const char *text, Loc loc)
{
    int y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
    static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December"};
    if (m < 1 || m > 12) {
        diag_at(ctx->s, D_INVALID_DATE, loc, "invalid date %.10s: there is no month %d", text, m);
        return (DateLit){0, 0, 0, loc};
    }
    if (!date_valid(y, m, d)) {
        diag_at(ctx->s, D_INVALID_DATE, loc, "invalid date %.10s: %s %d has %d days", text,
                months[m - 1], y, days_in_month(y, m));
        return (DateLit){0, 0, 0, loc};
    }
    return (DateLit){y, m, d, loc};
}

Item *ast_item(ParseCtx *ctx, ItemKind kind, Loc loc, void *node)
{
    Item *it = arena_alloc(ctx->items, sizeof *it);
    it->kind = kind;
    it->loc = loc;
    it->node = node;
    return it;
}

ItemList ast_items_append(ItemList l, Item *it)
{
    if (!it)
        return l;
    if (l.tail)
        l.tail->next = it;
    else
        l.head = it;
    l.tail = it;
    return l;
}

StrList *ast_strlist(ParseCtx *ctx, const char *text, Loc loc, StrList *next)
{
    StrList *l = arena_alloc(ctx->s->arena, sizeof *l);
    l->text = text;
    l->loc = loc;
    l->next = next;
    return l;
}

NameList *ast_namelist(ParseCtx *ctx, Name n)
{
    NameList *l = arena_alloc(ctx->s->arena, sizeof *l);
    l->name = n;
    return l;
}

/* Append node to a singly linked list whose link field is `next`. */
#define APPEND(tailp, node)         \
    do {                            \
        *(tailp) = (node);          \
        (tailp) = &(node)->next;    \
    } while (0)

/* ---------------------------------------------------------------- models */

AstConsider *ast_new_consider_def(ParseCtx *ctx, Name id, const char *text, Loc loc)
{
    AstConsider *c = arena_alloc(ctx->s->arena, sizeof *c);
    c->id = id;
    c->text = text;
    c->loc = loc;
    return c;
}

AstLevel *ast_new_level(ParseCtx *ctx, LevelLit level, const char *objective, ItemList body, Loc loc)
{
    AstLevel *l = arena_alloc(ctx->s->arena, sizeof *l);
    l->level = level;
    l->objective = objective;
    l->loc = loc;
    AstConsider **tail = &l->considers;
    for (Item *it = body.head; it; it = it->next) {
        AstConsider *c = it->node;
        APPEND(tail, c);
    }
    return l;
}

AstAlias *ast_new_alias(ParseCtx *ctx, Name target, Name alias, Loc loc)
{
    AstAlias *a = arena_alloc(ctx->s->arena, sizeof *a);
    a->target = target;
    a->alias = alias;
    a->loc = loc;
    return a;
}

/* The grammar accepts every model item in every node body (one item list),
 * so the hierarchy is enforced here: a node in the wrong place is reported
 * with the rule it breaks and left out.  `parent` is NULL for the model's
 * own body. */
static const char *const node_words[] = {"dimension", "domain", "practice"};
static const char *const node_home[] = {
    "dimensions belong at the top level of a model",
    "domains belong inside a dimension",
    "practices belong inside a domain",
};

static bool node_item_fits(ParseCtx *ctx, const AstMNode *parent, const Item *it)
{
    const char *where = parent ? arena_printf(ctx->s->arena, "inside a %s", node_words[parent->kind])
                               : "at the top level of a model";
    switch (it->kind) {
    case IT_MNODE: {
        const AstMNode *c = it->node;
        MNodeKind want = parent ? (MNodeKind)(parent->kind + 1) : MN_DIMENSION;
        if (c->kind == want && (!parent || parent->kind != MN_PRACTICE))
            return true;
        diag_at(ctx->s, D_SYNTAX, c->loc, "a %s cannot appear %s; %s", node_words[c->kind], where,
                node_home[c->kind]);
        return false;
    }
    case IT_LEVEL:
        if (parent && parent->kind == MN_PRACTICE)
            return true;
        diag_at(ctx->s, D_SYNTAX, ((const AstLevel *)it->node)->loc,
                "a level cannot appear %s; levels belong inside a practice", where);
        return false;
    case IT_VERSION:
    case IT_ALIAS:
        if (!parent)
            return true;
        diag_at(ctx->s, D_SYNTAX, it->loc, "'%s' cannot appear %s; it belongs at the top level of the model",
                it->kind == IT_VERSION ? "version" : "alias", where);
        return false;
    default:
        return true;
    }
}

AstMNode *ast_new_mnode(ParseCtx *ctx, MNodeKind kind, Name id, const char *title, ItemList body,
                        Loc loc)
{
    AstMNode *n = arena_alloc(ctx->s->arena, sizeof *n);
    n->kind = kind;
    n->id = id;
    n->title = title;
    n->loc = loc;
    AstMNode **ctail = &n->children;
    AstLevel **ltail = &n->levels;
    for (Item *it = body.head; it; it = it->next) {
        if (!node_item_fits(ctx, n, it))
            continue;
        switch (it->kind) {
        case IT_DOC: n->doc = it->str; break;
        case IT_MNODE: { AstMNode *c = it->node; APPEND(ctail, c); break; }
        case IT_LEVEL: { AstLevel *l = it->node; APPEND(ltail, l); break; }
        default: break;
        }
    }
    return n;
}

static void add_decl(ParseCtx *ctx, DeclKind kind, void *node)
{
    Unit *u = ctx->unit;
    Decl *d = arena_alloc(ctx->s->arena, sizeof *d);
    d->kind = kind;
    d->u.model = node;
    if (!u->decls_tail)
        u->decls_tail = &u->decls;
    APPEND(u->decls_tail, d);
}

void ast_add_model(ParseCtx *ctx, Name name, const char *title, Name base, ItemList body, Loc loc)
{
    AstModel *m = arena_alloc(ctx->s->arena, sizeof *m);
    m->name = name;
    m->title = title;
    m->base = base;
    m->loc = loc_join(loc, name.loc);
    AstMNode **dtail = &m->dims;
    AstAlias **atail = &m->aliases;
    for (Item *it = body.head; it; it = it->next) {
        if (!node_item_fits(ctx, NULL, it))
            continue;
        switch (it->kind) {
        case IT_VERSION: m->version = it->str; break;
        case IT_DOC: m->doc = it->str; break;
        case IT_MNODE: { AstMNode *d = it->node; APPEND(dtail, d); break; }
        case IT_ALIAS: { AstAlias *a = it->node; APPEND(atail, a); break; }
        default: break;
        }
    }
    add_decl(ctx, DECL_MODEL, m);
}

/* ---------------------------------------------------------------- profiles */

Setting *ast_new_setting(ParseCtx *ctx, Name path, bool forced, LevelLit comp, ScopeLit scope,
                         const char *because, Loc loc)
{
    Setting *st = arena_alloc(ctx->s->arena, sizeof *st);
    st->path = path;
    st->forced = forced;
    st->comp = comp;
    st->scope = scope;
    st->because = because;
    st->loc = loc;
    st->node = -1;
    return st;
}

Require *ast_new_require(ParseCtx *ctx, Name path, int op, LevelLit comp, ScopeLit scope,
                         const char *because, Loc loc)
{
    Require *r = arena_alloc(ctx->s->arena, sizeof *r);
    r->path = path;
    r->op = (ReqOp)op;
    r->comp = comp;
    r->scope = scope;
    r->because = because;
    r->loc = loc;
    r->node = -1;
    return r;
}

ProfConsider *ast_new_prof_consider(ParseCtx *ctx, Name path, LevelLit level, Name id,
                                    const char *text, Loc loc)
{
    ProfConsider *c = arena_alloc(ctx->s->arena, sizeof *c);
    c->path = path;
    c->level = level;
    c->id = id;
    c->text = text;
    c->loc = loc;
    c->node = -1;
    return c;
}

static const char *block_word(LayerKind k)
{
    return k == LAYER_SECTOR ? "sector" : "system";
}

/* Sort a layer's items into a block.  The grammar accepts every profile item
 * in every block (one item list), so the nesting rules are enforced here:
 * metadata belongs to the profile body, and only a sector block holds
 * (system) blocks. */
static void fill_block(ParseCtx *ctx, Block *b, ItemList body)
{
    Setting **stail = &b->settings;
    Require **rtail = &b->requires;
    ProfConsider **ctail = &b->considers;
    Block **btail = &b->systems;
    for (Item *it = body.head; it; it = it->next) {
        switch (it->kind) {
        case IT_SETTING: { Setting *s = it->node; s->block = b; APPEND(stail, s); break; }
        case IT_REQUIRE: { Require *r = it->node; r->block = b; APPEND(rtail, r); break; }
        case IT_CONSIDER: { ProfConsider *c = it->node; c->block = b; APPEND(ctail, c); break; }
        case IT_EXPECT: ast_stray_expect(ctx, it); break;
        case IT_BLOCK: {
            Block *n = it->node;
            if (b->kind == LAYER_BODY) /* top-level blocks are sorted by the profile */
                break;
            if (b->kind == LAYER_SECTOR && n->kind == LAYER_SYSTEM) {
                n->kind = LAYER_SECTOR_SYSTEM;
                n->outer = b;
                APPEND(btail, n);
            } else if (b->kind == LAYER_SECTOR) {
                diag_at(ctx->s, D_SYNTAX, n->loc,
                        "a sector block cannot appear inside a sector block; sector blocks do not nest");
            } else {
                Diag *d = diag_at(ctx->s, D_SYNTAX, n->loc,
                                  "a %s block cannot appear inside a system block", block_word(n->kind));
                diag_note(ctx->s, d, LOC_NONE,
                          "a system within a sector is written as a system block inside the sector block");
            }
            break;
        }
        case IT_DOC:
        case IT_TAGS:
        case IT_ROLLUP:
        case IT_EVIDENCE_MODE:
            if (b->kind != LAYER_BODY) {
                static const char *const words[] = {[IT_DOC] = "doc", [IT_TAGS] = "tags",
                                                    [IT_ROLLUP] = "rollup", [IT_EVIDENCE_MODE] = "evidence"};
                diag_at(ctx->s, D_SYNTAX, it->loc,
                        "'%s' describes the whole profile; write it outside the %s block",
                        words[it->kind], block_word(b->kind == LAYER_SECTOR ? LAYER_SECTOR : LAYER_SYSTEM));
            }
            break;
        default: break;
        }
    }
}

Block *ast_new_block(ParseCtx *ctx, LayerKind kind, Name name, ItemList body, Loc loc)
{
    Block *b = arena_alloc(ctx->s->arena, sizeof *b);
    b->kind = kind;
    b->name = name;
    b->loc = loc;
    fill_block(ctx, b, body);
    return b;
}

void ast_add_profile(ParseCtx *ctx, Name name, const char *title, ProfileHead head, ItemList body,
                     Loc loc)
{
    AstProfile *p = arena_alloc(ctx->s->arena, sizeof *p);
    p->name = name;
    p->title = title;
    p->model = head.model;
    p->parents = head.parents;
    p->loc = loc_join(loc, name.loc);
    p->body.kind = LAYER_BODY;
    p->body.loc = p->loc;
    fill_block(ctx, &p->body, body);
    Block **sectail = &p->sectors, **systail = &p->systems;
    StrList **tagtail = &p->tags;
    for (Item *it = body.head; it; it = it->next) {
        switch (it->kind) {
        case IT_DOC: p->doc = it->str; break;
        case IT_TAGS:
            *tagtail = it->strs;
            while (*tagtail)
                tagtail = &(*tagtail)->next;
            break;
        case IT_ROLLUP:
            if (strcmp(it->name.text, "min") && strcmp(it->name.text, "mean"))
                diag_at(ctx->s, D_INVALID_VALUE, it->name.loc,
                        "unknown roll-up '%s'; expected 'min' or 'mean'", it->name.text);
            else
                p->rollup = it->name;
            break;
        case IT_EVIDENCE_MODE:
            if (strcmp(it->name.text, "strict"))
                diag_at(ctx->s, D_INVALID_VALUE, it->name.loc,
                        "unknown evidence mode '%s'; expected 'evidence strict'", it->name.text);
            else
                p->evidence_strict = true, p->evidence_loc = it->loc;
            break;
        case IT_BLOCK: {
            Block *b = it->node;
            b->outer = NULL;
            if (b->kind == LAYER_SECTOR)
                APPEND(sectail, b);
            else
                APPEND(systail, b);
            break;
        }
        default: break;
        }
    }
    add_decl(ctx, DECL_PROFILE, p);
}

/* ---------------------------------------------------------------- assessments */

AEntry *ast_new_entry(ParseCtx *ctx, AEntryKind kind, Name path, Loc loc)
{
    AEntry *e = arena_alloc(ctx->s->arena, sizeof *e);
    e->kind = kind;
    e->path = path;
    e->loc = loc;
    e->node = -1;
    e->comp.value = -1;
    e->scope.value = SCOPE_UNSET;
    return e;
}

void ast_add_assessment(ParseCtx *ctx, Name name, const char *title, ItemList body, Loc loc)
{
    AstAssessment *a = arena_alloc(ctx->s->arena, sizeof *a);
    a->name = name;
    a->title = title;
    a->loc = loc_join(loc, name.loc);
    AEntry **etail = &a->entries;
    for (Item *it = body.head; it; it = it->next) {
        switch (it->kind) {
        case IT_TARGET:
            if (a->target.text) {
                Diag *d = diag_at(ctx->s, D_SYNTAX, it->loc, "assessment '%s' has a second target",
                                  name.text);
                diag_note(ctx->s, d, a->target_loc, "first target here");
                break;
            }
            a->target = it->name;
            a->sector = it->name2;
            a->system = it->name3;
            a->target_loc = it->loc;
            break;
        case IT_DATE:
            if (a->date.loc.file) {
                Diag *d = diag_at(ctx->s, D_SYNTAX, it->loc, "assessment '%s' has a second date", name.text);
                diag_note(ctx->s, d, a->date.loc, "first date here");
                break;
            }
            a->date = it->date;
            break;
        case IT_EXPECT: ast_stray_expect(ctx, it); break;
        case IT_ASSESSOR: a->assessor = it->str; break;
        case IT_DOC: a->doc = it->str; break;
        case IT_ENTRY: { AEntry *e = it->node; APPEND(etail, e); break; }
        default: break;
        }
    }
    add_decl(ctx, DECL_ASSESSMENT, a);
}

void ast_add_import(ParseCtx *ctx, Name name, Loc loc)
{
    Unit *u = ctx->unit;
    Import *im = arena_alloc(ctx->s->arena, sizeof *im);
    im->name = name;
    im->loc = loc;
    if (!u->imports_tail)
        u->imports_tail = &u->imports;
    APPEND(u->imports_tail, im);
}

/* ---------------------------------------------------------------- tests */

Item *ast_expect(ParseCtx *ctx, ExpectKind kind, Name path, Loc loc)
{
    Expect *e = arena_alloc(ctx->s->arena, sizeof *e);
    e->kind = kind;
    e->path = path;
    e->loc = loc;
    e->node = -1;
    e->layer_kind = -1;
    e->comp.value = -1;
    e->scope.value = SCOPE_UNSET;
    return ast_item(ctx, IT_EXPECT, loc, e);
}

void ast_expect_value(ParseCtx *ctx, Item *it, int op, LevelLit comp, ScopeLit scope)
{
    (void)ctx;
    Expect *e = it->node;
    e->op = op;
    e->comp = comp;
    e->scope = scope;
}

/* SET_BY: the profile and the layer; CONSIDERS: the consideration;
 * STATUS: the status word, checked here (it needs no lookup). */
void ast_expect_names(ParseCtx *ctx, Item *it, Name a, Name b)
{
    Expect *e = it->node;
    if (e->kind == EX_SET_BY) {
        e->profile = a;
        e->layer = b;
        if (b.text)
            e->layer_kind = !strcmp(b.text, "body") ? LAYER_BODY : !strcmp(b.text, "sector") ? LAYER_SECTOR
                            : !strcmp(b.text, "system")                                      ? LAYER_SYSTEM
                                                                                              : LAYER_DEFAULT;
        return;
    }
    e->id = a;
    if (e->kind != EX_STATUS)
        return;
    const char *names[ST_COUNT];
    for (int st = 0; st < ST_COUNT; st++) {
        names[st] = status_name((PracticeStatus)st);
        if (!strcmp(a.text, names[st])) {
            e->status = st;
            return;
        }
    }
    const char *hint = diag_suggest(a.text, names, ST_COUNT);
    if (hint)
        diag_fix(ctx->s, diag_at(ctx->s, D_INVALID_EXPECT, a.loc, "unknown status '%s'; did you mean '%s'?", a.text, hint),
                 a.loc, hint);
    else
        diag_at(ctx->s, D_INVALID_EXPECT, a.loc,
                "unknown status '%s'; a status is one of met, gap, over-target, not-assessed, "
                "not-applicable, waived", a.text);
    e->status = -1;
}

void ast_expect_count(ParseCtx *ctx, Item *it, int op, long n, Loc loc)
{
    (void)ctx;
    (void)loc;
    Expect *e = it->node;
    e->op = op;
    e->count = n; /* a malformed number is -1, already reported */
}

/* An `expect` where no test encloses it: at the top level, or in a profile
 * or an assessment. */
void ast_stray_expect(ParseCtx *ctx, Item *it)
{
    diag_at(ctx->s, D_EXPECT_MISPLACED, loc_join(it->loc, it->loc),
            "'expect' outside a test; put it in a test declaration: "
            "test NAME { target PROFILE ... expect ... }");
}

static const char *expect_word(const Expect *e)
{
    switch (e->kind) {
    case EX_STATUS: return "status";
    case EX_GAPS: return "gaps";
    default: return "errors";
    }
}

void ast_add_test(ParseCtx *ctx, Name name, const char *title, ItemList body, Loc loc)
{
    AstTest *t = arena_alloc(ctx->s->arena, sizeof *t);
    t->name = name;
    t->title = title;
    t->loc = loc_join(loc, name.loc);
    Expect **etail = &t->expects;
    for (Item *it = body.head; it; it = it->next) {
        switch (it->kind) {
        case IT_TARGET:
        case IT_SUBJECT:
            if (t->subject_loc.file) {
                Diag *d = diag_at(ctx->s, D_TEST_STRUCTURE, it->loc,
                                  "test '%s' has a second subject; a test has one: write a test per subject",
                                  name.text);
                diag_note(ctx->s, d, t->subject_loc, "first subject here");
                break;
            }
            t->subject_loc = it->loc;
            if (it->kind == IT_TARGET) {
                t->target = it->name;
                t->sector = it->name2;
                t->system = it->name3;
            } else {
                t->assessment = it->name;
            }
            break;
        case IT_EXPECT: { Expect *e = it->node; APPEND(etail, e); break; }
        default: break;
        }
    }
    if (!t->subject_loc.file)
        diag_at(ctx->s, D_TEST_STRUCTURE, t->loc,
                "test '%s' has no subject; add 'target PROFILE [sector S] [system Y]' or 'assessment NAME'",
                name.text);
    else if (!t->expects)
        diag_at(ctx->s, D_TEST_STRUCTURE, t->loc,
                "test '%s' has no expectation; add one, e.g. 'expect PRACTICE >= 2'", name.text);
    for (Expect *e = t->expects; e && t->target.text; e = e->next)
        if (e->kind == EX_STATUS || e->kind == EX_GAPS || e->kind == EX_ERRORS)
            diag_at(ctx->s, D_INVALID_EXPECT, e->loc,
                    "a '%s' expectation needs an assessment: the subject of test '%s' is a target; "
                    "write 'assessment NAME' as the subject, or expect a value ('expect PATH >= LEVEL')",
                    expect_word(e), name.text);
    add_decl(ctx, DECL_TEST, t);
}

/* ---------------------------------------------------------------- reuse
 * The semantic phases write into the tree (the fields marked "filled by
 * resolve.c").  A parse kept across analyses (smm_reset) is given back as
 * the parser left it, so nothing of an earlier analysis -- a pointer to a
 * Profile freed with it, a node of a model since changed -- reaches the
 * next one, even for a declaration that no longer resolves. */

static void block_reset(Block *b)
{
    for (; b; b = b->next) {
        for (Setting *st = b->settings; st; st = st->next)
            st->node = -1, st->owner = NULL, st->ord = 0;
        for (Require *r = b->requires; r; r = r->next)
            r->node = -1, r->owner = NULL, r->ord = 0;
        for (ProfConsider *c = b->considers; c; c = c->next)
            c->node = -1, c->owner = NULL, c->ord = 0;
        block_reset(b->systems);
    }
}

void ast_profile_reset(AstProfile *p)
{
    Block *body = &p->body;
    Block *next = body->next;
    body->next = NULL; /* the body is no list member; walk it alone */
    block_reset(body);
    body->next = next;
    block_reset(p->sectors);
    block_reset(p->systems);
}

/* profiles: also the profiles' fields (a full analysis follows; in an
 * incremental one declare_globals resets those of the profiles not kept). */
void ast_unit_reset(Unit *u, bool profiles)
{
    for (Decl *d = u->decls; d; d = d->next) {
        switch (d->kind) {
        case DECL_PROFILE:
            if (profiles)
                ast_profile_reset(d->u.profile);
            break;
        case DECL_ASSESSMENT:
            for (AEntry *e = d->u.assessment->entries; e; e = e->next)
                e->node = -1;
            break;
        case DECL_TEST:
            for (Expect *e = d->u.test->expects; e; e = e->next)
                e->node = -1, e->set_by = NULL; /* layer_kind, status: the parser's */
            break;
        case DECL_MODEL: break;
        }
    }
}
