/*
 * emit_json.c — the intermediate form as JSON (tool.md §4, revision 2).
 *
 * The document is streamed: the models, the tables of profiles, settings,
 * requirements and considerations, then one target at a time, so memory
 * stays flat however many variants are written.  ir.c drives the writer
 * (ir_json_writer) and owns the tables; a provenance chain, and a target's
 * requirements and considerations, are written as indices into them.
 *
 * Two forms of each piece: a tree through jansson (ir_json_model,
 * ir_json_profile, ir_json_setting, ir_json_requirement, ir_json_consideration,
 * ir_json_target) and a direct writer (jsetting, jtarget
 * and what they call) that writes exactly the bytes
 * json_dumpf(tree, JSON_COMPACT) would — building, dumping and freeing the
 * jansson objects of a target made the writer ~10x slower.  The models go
 * through jansson (written once); ir_json_reference_writer writes every
 * piece through jansson, and tests/unit/test_emit_json.c holds the two
 * writers to the same bytes.  A change to one form must be mirrored in the
 * other.  The direct writer renders what every target repeats (each
 * practice's beginning) once per document and copies it after that.
 * Requirements and considerations are tables like the settings (written
 * once each, before the targets); a target lists indices into them.
 */
#include "ir.h"
#include "outbuf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *ir_json_model(const Model *m)
{
    json_t *jm = json_object();
    json_object_set_new(jm, "name", json_string(m->name));
    json_object_set_new(jm, "title", json_string(m->title));
    json_object_set_new(jm, "version", str_or_null(m->version));
    json_t *dims = json_array();
    json_t *cur_dim = NULL, *cur_dom = NULL;
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        json_t *jn = json_object();
        json_object_set_new(jn, "id", json_string(n->id));
        json_object_set_new(jn, "title", json_string(n->title));
        if (n->kind == MN_DIMENSION) {
            cur_dim = json_array();
            json_object_set_new(jn, "domains", cur_dim);
            json_array_append_new(dims, jn);
        } else if (n->kind == MN_DOMAIN) {
            cur_dom = json_array();
            json_object_set_new(jn, "practices", cur_dom);
            json_array_append_new(cur_dim, jn);
        } else {
            json_object_set_new(jn, "path", json_string(n->path));
            json_t *levels = json_array();
            for (int l = 1; l <= 4; l++) {
                json_t *jl = json_object();
                json_object_set_new(jl, "level", json_integer(l));
                json_object_set_new(jl, "objective", str_or_null(n->objective[l]));
                json_t *cs = json_array();
                for (const Consideration *c = n->considers[l]; c; c = c->next) {
                    json_t *jc = json_object();
                    json_object_set_new(jc, "id", json_string(c->id));
                    json_object_set_new(jc, "text", json_string(c->text));
                    json_array_append_new(cs, jc);
                }
                json_object_set_new(jl, "considerations", cs);
                json_array_append_new(levels, jl);
            }
            json_object_set_new(jn, "levels", levels);
            json_array_append_new(cur_dom, jn);
        }
    }
    json_object_set_new(jm, "dimensions", dims);
    return jm;
}

json_t *ir_json_setting(Session *s, const Setting *st)
{
    json_t *o = json_object();
    if (!st) {
        json_object_set_new(o, "file", json_null());
        json_object_set_new(o, "layer", json_string("default"));
        return o;
    }
    const Model *m = st->owner->model;
    SourceFile *f = source_get(s, st->path.loc.file);
    LineCol lc = source_linecol(f, st->path.loc.start);
    json_object_set_new(o, "file", json_string(f->display));
    json_object_set_new(o, "line", json_integer(lc.line));
    json_object_set_new(o, "column", json_integer(lc.column));
    json_object_set_new(o, "profile", json_string(st->owner->name));
    json_object_set_new(o, "layer", json_string(layer_name(st->block->kind)));
    if (st->block->kind != LAYER_BODY) {
        json_object_set_new(o, "sector", str_or_null(st->block->kind == LAYER_SECTOR ? st->block->name.text
                                                    : st->block->outer ? st->block->outer->name.text : NULL));
        json_object_set_new(o, "system", str_or_null(st->block->kind == LAYER_SECTOR ? NULL
                                                                                    : st->block->name.text));
    }
    json_object_set_new(o, "node", json_string(m->nodes[st->node].id));
    if (st->forced)
        json_object_set_new(o, "forced", json_true());
    json_object_set_new(o, "value", st->comp.value >= 0 ? json_integer(st->comp.value) : json_null());
    json_object_set_new(o, "scope", st->scope.value != SCOPE_UNSET ? json_string(scope_name(st->scope.value))
                                                                   : json_null());
    if (st->because)
        json_object_set_new(o, "because", json_string(st->because));
    return o;
}

static json_t *provenance_json(const EffAttr *e, const IrDoc *d)
{
    json_t *a = json_array();
    for (int l = 0; l < 4; l++)
        for (const Prov *pv = e->seg[l]; pv; pv = pv->next) {
            json_array_append_new(a, json_integer(ir_setting_index(d, pv->s)));
            if (d->prov == SMM_PROV_WINNER)
                return a;
        }
    if (json_array_size(a) == 0)
        json_array_append_new(a, json_integer(0)); /* the default */
    return a;
}

static json_t *tags_json(const StrList *tags)
{
    json_t *a = json_array();
    for (const StrList *t = tags; t; t = t->next)
        json_array_append_new(a, json_string(t->text));
    return a;
}

static json_t *practices_json(const Variant *v, const IrDoc *d)
{
    const Model *m = v->profile->model;
    json_t *ps = json_array();
    for (int i = 0; i < m->npractices; i++) {
        const MNode *n = &m->nodes[m->practices[i]];
        const EffAttr *c = &v->eff[i * 2], *sc = &v->eff[i * 2 + 1];
        json_t *jp = json_object();
        json_object_set_new(jp, "id", json_string(n->id));
        json_object_set_new(jp, "path", json_string(n->path));
        json_object_set_new(jp, "comprehensiveness", json_integer(c->value));
        json_object_set_new(jp, "scope", json_string(scope_name(sc->value)));
        json_t *pv = json_object();
        json_object_set_new(pv, "comprehensiveness", provenance_json(c, d));
        json_object_set_new(pv, "scope", provenance_json(sc, d));
        json_object_set_new(jp, "provenance", pv);
        json_array_append_new(ps, jp);
    }
    return ps;
}

json_t *ir_json_requirement(Session *s, const Require *r)
{
    const Model *m = r->owner->model;
    json_t *jr = json_object();
    json_object_set_new(jr, "node", json_string(m->nodes[r->node].id));
    json_object_set_new(jr, "op", json_string(r->op == REQ_GE ? ">=" : "<="));
    json_object_set_new(jr, "comprehensiveness", r->comp.value >= 0 ? json_integer(r->comp.value) : json_null());
    json_object_set_new(jr, "scope", r->scope.value != SCOPE_UNSET ? json_string(scope_name(r->scope.value))
                                                                   : json_null());
    json_object_set_new(jr, "because", str_or_null(r->because));
    json_object_set_new(jr, "profile", json_string(r->owner->name));
    SourceFile *f = source_get(s, r->path.loc.file);
    LineCol lc = source_linecol(f, r->loc.start);
    json_object_set_new(jr, "file", json_string(f->display));
    json_object_set_new(jr, "line", json_integer(lc.line));
    json_object_set_new(jr, "column", json_integer(lc.column));
    return jr;
}

json_t *ir_json_consideration(const ProfConsider *c)
{
    const Model *m = c->owner->model;
    json_t *jc = json_object();
    json_object_set_new(jc, "practice", json_string(m->nodes[c->node].id));
    json_object_set_new(jc, "level", json_integer(c->level.value));
    json_object_set_new(jc, "id", json_string(c->id.text));
    json_object_set_new(jc, "text", json_string(c->text));
    json_object_set_new(jc, "profile", json_string(c->owner->name));
    json_object_set_new(jc, "layer", json_string(layer_name(c->block->kind)));
    return jc;
}

json_t *ir_json_profile(const Profile *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "title", str_or_null(p->ast->title));
    json_object_set_new(o, "doc", str_or_null(p->ast->doc));
    json_object_set_new(o, "tags", tags_json(p->ast->tags));
    json_object_set_new(o, "rollup", json_string(p->rollup));
    json_object_set_new(o, "evidence", json_string(p->evidence_strict ? "strict" : "claimed"));
    return o;
}

json_t *ir_json_target(Session *s, const Variant *v, const IrDoc *d)
{
    (void)s;
    const Profile *p = v->profile;
    const Model *m = p->model;
    json_t *t = json_object();
    json_object_set_new(t, "profile", json_string(p->name));
    json_object_set_new(t, "sector", str_or_null(v->sector));
    json_object_set_new(t, "system", str_or_null(v->system));
    json_object_set_new(t, "model", json_string(m->name));
    json_object_set_new(t, "practices", practices_json(v, d));
    json_t *reqs = json_array(), *cons = json_array();
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const ReqLink *rl = v->layers[l]->requires; rl; rl = rl->next)
            json_array_append_new(reqs, json_integer(ir_requirement_index(d, rl->r)));
        for (const ConsLink *cl = v->layers[l]->considers; cl; cl = cl->next)
            json_array_append_new(cons, json_integer(ir_consideration_index(d, cl->c)));
    }
    json_object_set_new(t, "requirements", reqs);
    json_object_set_new(t, "considerations", cons);
    return t;
}

/* ---------------------------------------------------------------- direct writer */

/* Byte classes: 1 needs escaping in a JSON string, 2 is not ASCII. */
static const unsigned char jclass[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
    [0x80] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* json_string() accepts only valid UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF); for anything else it returns NULL and
 * json_object_set_new() leaves the key out.  The writer does the same. */
static bool utf8_ok(const char *str)
{
    const unsigned char *p = (const unsigned char *)str;
    while (*p) {
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        int n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, cp = c & 0x07;
        else
            return false;
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (n == 2 && cp < 0x800) ||
            (n == 3 && cp < 0x10000))
            return false;
        p += n + 1;
    }
    return true;
}

/* A string as jansson dumps it: \" \\ \b \f \n \r \t, other control
 * characters as \u00XX (upper-case hex), every other byte as is. */
static void jstring(OutBuf *o, const char *str)
{
    OUT_LIT(o, "\"");
    const char *run = str;
    for (const char *p = str; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        outbuf_put(o, run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case '"': OUT_LIT(o, "\\\""); break;
        case '\\': OUT_LIT(o, "\\\\"); break;
        case '\b': OUT_LIT(o, "\\b"); break;
        case '\f': OUT_LIT(o, "\\f"); break;
        case '\n': OUT_LIT(o, "\\n"); break;
        case '\r': OUT_LIT(o, "\\r"); break;
        case '\t': OUT_LIT(o, "\\t"); break;
        default: {
            char seq[8];
            snprintf(seq, sizeof seq, "\\u%04X", (unsigned)c);
            outbuf_put(o, seq, 6);
        }
        }
    }
    outbuf_put(o, run, strlen(run));
    OUT_LIT(o, "\"");
}

/* An object member's key ("\"key\":", a literal), with the comma before
 * every member but the first. */
static inline void jkey(OutBuf *o, bool *first, const char *quoted_key, size_t len)
{
    if (!*first)
        OUT_LIT(o, ",");
    *first = false;
    outbuf_put(o, quoted_key, len);
}

#define JKEY(o, first, key) jkey((o), (first), "\"" key "\":", sizeof "\"" key "\":" - 1)

/* "key":"value"; left out when value is NULL or not UTF-8 (json_string).
 * One pass finds the length and whether the string needs escaping or a
 * UTF-8 check; most strings need neither and are copied as they are. */
static inline void jkv_str(OutBuf *o, bool *first, const char *quoted_key, size_t klen, const char *v)
{
    if (!v)
        return;
    unsigned char cls = 0;
    size_t n = 0;
    for (unsigned char c; (c = (unsigned char)v[n]) != 0; n++)
        cls |= jclass[c];
    if ((cls & 2) && !utf8_ok(v))
        return;
    jkey(o, first, quoted_key, klen);
    if (cls & 1) {
        jstring(o, v);
    } else {
        OUT_LIT(o, "\"");
        outbuf_put(o, v, n);
        OUT_LIT(o, "\"");
    }
}

#define JSTR(o, first, key, value) jkv_str((o), (first), "\"" key "\":", sizeof "\"" key "\":" - 1, (value))

/* "key":"value" or "key":null (str_or_null) */
#define JSTR_OR_NULL(o, first, key, value)                                                         \
    do {                                                                                           \
        const char *w_ = (value);                                                                  \
        if (!w_) {                                                                                 \
            JKEY(o, first, key);                                                                   \
            OUT_LIT(o, "null");                                                                       \
        } else                                                                                     \
            JSTR(o, first, key, w_);                                                               \
    } while (0)

#define JINT(o, first, key, value)                                                                 \
    do {                                                                                           \
        JKEY(o, first, key);                                                                       \
        outbuf_int(o, (value));                                                                          \
    } while (0)

#define JNULL(o, first, key)                                                                       \
    do {                                                                                           \
        JKEY(o, first, key);                                                                       \
        OUT_LIT(o, "null");                                                                        \
    } while (0)

/* ir_json_setting() */
static void jsetting(OutBuf *o, Session *s, const Setting *st)
{
    if (!st) {
        OUT_LIT(o, "{\"file\":null,\"layer\":\"default\"}");
        return;
    }
    bool first = true;
    SourceFile *f = source_get(s, st->path.loc.file);
    LineCol lc = outbuf_linecol(o, s, st->path.loc.file, st->path.loc.start);
    OUT_LIT(o, "{");
    JSTR(o, &first, "file", f->display);
    JINT(o, &first, "line", lc.line);
    JINT(o, &first, "column", lc.column);
    JSTR(o, &first, "profile", st->owner->name);
    JSTR(o, &first, "layer", layer_name(st->block->kind));
    if (st->block->kind != LAYER_BODY) {
        JSTR_OR_NULL(o, &first, "sector", st->block->kind == LAYER_SECTOR ? st->block->name.text
                                          : st->block->outer ? st->block->outer->name.text : NULL);
        JSTR_OR_NULL(o, &first, "system", st->block->kind == LAYER_SECTOR ? NULL : st->block->name.text);
    }
    JSTR(o, &first, "node", st->owner->model->nodes[st->node].id);
    if (st->forced) {
        JKEY(o, &first, "forced");
        OUT_LIT(o, "true");
    }
    if (st->comp.value >= 0)
        JINT(o, &first, "value", st->comp.value);
    else
        JNULL(o, &first, "value");
    if (st->scope.value != SCOPE_UNSET)
        JSTR(o, &first, "scope", scope_name(st->scope.value));
    else
        JNULL(o, &first, "scope");
    if (st->because)
        JSTR(o, &first, "because", st->because);
    OUT_LIT(o, "}");
}

/* tags_json(): array elements are members with an empty key (jkey
 * writes the commas); a string that is not UTF-8 is left out */
static void jtags(OutBuf *o, const StrList *tags)
{
    OUT_LIT(o, "[");
    bool first = true;
    for (const StrList *t = tags; t; t = t->next)
        jkv_str(o, &first, "", 0, t->text);
    OUT_LIT(o, "]");
}

/* ir_json_profile() */
static void jprofile(OutBuf *o, const Profile *p)
{
    bool first = true;
    OUT_LIT(o, "{");
    JSTR(o, &first, "name", p->name);
    JSTR_OR_NULL(o, &first, "title", p->ast->title);
    JSTR_OR_NULL(o, &first, "doc", p->ast->doc);
    JKEY(o, &first, "tags");
    jtags(o, p->ast->tags);
    JSTR(o, &first, "rollup", p->rollup);
    JSTR(o, &first, "evidence", p->evidence_strict ? "strict" : "claimed");
    OUT_LIT(o, "}");
}

/* ir_json_requirement() */
static void jrequirement(OutBuf *o, Session *s, const Require *r)
{
    const Model *m = r->owner->model;
    bool rf = true;
    OUT_LIT(o, "{");
    JSTR(o, &rf, "node", m->nodes[r->node].id);
    JSTR(o, &rf, "op", r->op == REQ_GE ? ">=" : "<=");
    if (r->comp.value >= 0)
        JINT(o, &rf, "comprehensiveness", r->comp.value);
    else
        JNULL(o, &rf, "comprehensiveness");
    if (r->scope.value != SCOPE_UNSET)
        JSTR(o, &rf, "scope", scope_name(r->scope.value));
    else
        JNULL(o, &rf, "scope");
    JSTR_OR_NULL(o, &rf, "because", r->because);
    JSTR(o, &rf, "profile", r->owner->name);
    SourceFile *f = source_get(s, r->path.loc.file);
    LineCol lc = outbuf_linecol(o, s, r->path.loc.file, r->loc.start);
    JSTR(o, &rf, "file", f->display);
    JINT(o, &rf, "line", lc.line);
    JINT(o, &rf, "column", lc.column);
    OUT_LIT(o, "}");
}

/* ir_json_consideration() */
static void jconsideration(OutBuf *o, const ProfConsider *c)
{
    const Model *m = c->owner->model;
    bool cf = true;
    OUT_LIT(o, "{");
    JSTR(o, &cf, "practice", m->nodes[c->node].id);
    JINT(o, &cf, "level", c->level.value);
    JSTR(o, &cf, "id", c->id.text);
    JSTR(o, &cf, "text", c->text);
    JSTR(o, &cf, "profile", c->owner->name);
    JSTR(o, &cf, "layer", layer_name(c->block->kind));
    OUT_LIT(o, "}");
}

/* ---------------------------------------------------------------- the writer
 *
 * {"smm_ir": 2,
 * "generator": "smmc VERSION",
 * "models": [
 * MODEL,
 * ...],
 * "profiles": [
 * PROFILE,
 * ...],
 * "settings": [
 * SETTING,
 * ...],
 * "requirements": [
 * REQUIREMENT,
 * ...],
 * "considerations": [
 * CONSIDERATION,
 * ...],
 * "targets": [
 * TARGET,
 * ...]}
 */

typedef struct {
    size_t n;
    char *s;
} Piece;

/* The document's top-level arrays after "models", in order. */
typedef enum { SEC_PROFILES, SEC_SETTINGS, SEC_REQUIREMENTS, SEC_CONSIDERATIONS, SEC_TARGETS } Section;

typedef struct {
    OutBuf o;
    const IrDoc *d;
    bool reference; /* every piece through jansson */
    Section section; /* the array being written */
    bool first;
    /* The piece every target repeats, rendered once: each practice's
     * {"id":…,"path":…,"comprehensiveness": of one model. */
    const Model *model;
    Piece *prefix;
} JsonWriter;

static void put_piece(OutBuf *o, const Piece *p)
{
    outbuf_put(o, p->s, p->n);
}

/* An index into one of the document's tables. */
static inline void jindex(JsonWriter *j, uint32_t index)
{
    OutBuf *o = &j->o;
    size_t n;
    const char *digits = ir_index_digits(j->d, index, &n);
    if (o->cap - o->n >= 11) { /* a fixed-size copy: a few moves, no call */
        memcpy(o->b + o->n, digits, 11);
        o->n += n;
    } else {
        outbuf_put(o, digits, n);
    }
}

/* provenance_json() */
static void jprovenance(JsonWriter *j, const EffAttr *e)
{
    OutBuf *o = &j->o;
    OUT_LIT(o, "[");
    bool any = false;
    for (int l = 0; l < 4; l++)
        for (const Prov *pv = e->seg[l]; pv; pv = pv->next) {
            if (any)
                OUT_LIT(o, ",");
            jindex(j, ir_setting_index(j->d, pv->s));
            any = true;
            if (j->d->prov == SMM_PROV_WINNER)
                goto done;
        }
    if (!any)
        OUT_LIT(o, "0");
done:
    OUT_LIT(o, "]");
}

static void free_prefix(JsonWriter *j)
{
    for (int i = 0; j->prefix && i < j->model->npractices; i++)
        free(j->prefix[i].s);
    free(j->prefix);
    j->prefix = NULL;
}

/* The practices' constant beginnings for model m (kept for one model: a
 * document rarely has more). */
static void practice_prefixes(JsonWriter *j, const Model *m)
{
    if (j->model == m)
        return;
    free_prefix(j);
    j->model = m;
    j->prefix = xcalloc((size_t)m->npractices, sizeof *j->prefix);
    for (int i = 0; i < m->npractices; i++) {
        const MNode *n = &m->nodes[m->practices[i]];
        OutBuf t = {0};
        bool pf = true;
        Hold h;
        guard_hold(&h, outbuf_discard, &t);
        outbuf_init_mem(&t, &j->o);
        OUT_LIT(&t, "{");
        JSTR(&t, &pf, "id", n->id);
        JSTR(&t, &pf, "path", n->path);
        JKEY(&t, &pf, "comprehensiveness");
        j->prefix[i].s = outbuf_take(&t, &j->prefix[i].n);
        guard_drop(&h);
    }
}

/* practices_json() */
static void jpractices(JsonWriter *j, const Variant *v)
{
    OutBuf *o = &j->o;
    const Model *m = v->profile->model;
    practice_prefixes(j, m);
    OUT_LIT(o, "[");
    for (int i = 0; i < m->npractices; i++) {
        if (i)
            OUT_LIT(o, ",");
        put_piece(o, &j->prefix[i]);
        outbuf_int(o, v->eff[i * 2].value);
        OUT_LIT(o, ",\"scope\":\"");
        const char *scope = scope_name(v->eff[i * 2 + 1].value);
        outbuf_put(o, scope, strlen(scope));
        OUT_LIT(o, "\",\"provenance\":{\"comprehensiveness\":");
        jprovenance(j, &v->eff[i * 2]);
        OUT_LIT(o, ",\"scope\":");
        jprovenance(j, &v->eff[i * 2 + 1]);
        OUT_LIT(o, "}}");
    }
    OUT_LIT(o, "]");
}

/* "key":[...] of a target's requirements (req) or considerations, every
 * layer's in turn: indices into the document's tables */
static void jitems(JsonWriter *j, const Variant *v, bool req)
{
    OutBuf *o = &j->o;
    OUT_LIT(o, "[");
    bool any = false;
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const Link *k = req ? v->layers[l]->requires : v->layers[l]->considers; k; k = k->next) {
            if (any)
                OUT_LIT(o, ",");
            any = true;
            jindex(j, req ? ir_requirement_index(j->d, k->r) : ir_consideration_index(j->d, k->c));
        }
    }
    OUT_LIT(o, "]");
}

/* ir_json_target(), dumped compactly */
static void jtarget(JsonWriter *j, const Variant *v)
{
    OutBuf *o = &j->o;
    const Profile *p = v->profile;
    bool first = true;
    OUT_LIT(o, "{");
    JSTR(o, &first, "profile", p->name);
    JSTR_OR_NULL(o, &first, "sector", v->sector);
    JSTR_OR_NULL(o, &first, "system", v->system);
    JSTR(o, &first, "model", p->model->name);
    JKEY(o, &first, "practices");
    jpractices(j, v);
    JKEY(o, &first, "requirements");
    jitems(j, v, true);
    JKEY(o, &first, "considerations");
    jitems(j, v, false);
    OUT_LIT(o, "}");
}

/* A jansson tree, dumped compactly into the buffer and freed. */
static void jdump(OutBuf *o, json_t *j)
{
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!text) {
        o->rc = -1;
        return;
    }
    outbuf_put(o, text, strlen(text));
    free(text);
}

static void jw_begin(void *w, Session *s, FILE *out, const IrDoc *d)
{
    JsonWriter *j = w;
    outbuf_init(&j->o, out);
    j->d = d;
    j->first = true;
    OUT_LIT(&j->o, "{\"smm_ir\": ");
    outbuf_int(&j->o, SMM_IR_VERSION);
    OUT_LIT(&j->o, ",\n\"generator\": \"smmc " SMM_VERSION "\",\n\"models\": [");
    for (size_t i = 0; i < s->prog->models.n; i++) {
        if (i)
            OUT_LIT(&j->o, ",");
        OUT_LIT(&j->o, "\n");
        jdump(&j->o, ir_json_model(s->prog->models.v[i]));
    }
    OUT_LIT(&j->o, "],\n\"profiles\": [");
}

static void jw_reference_begin(void *w, Session *s, FILE *out, const IrDoc *d)
{
    jw_begin(w, s, out, d);
    ((JsonWriter *)w)->reference = true;
}

/* "\n" before an array's first element, ",\n" before the others */
static void jw_next(JsonWriter *j)
{
    if (j->first)
        OUT_LIT(&j->o, "\n");
    else
        OUT_LIT(&j->o, ",\n");
    j->first = false;
}

/* Close the arrays before section sec and open the ones up to it (an
 * empty table is written as []). */
static void jw_enter(JsonWriter *j, Section sec)
{
    static const char *const open[] = {
        [SEC_SETTINGS] = "],\n\"settings\": [",
        [SEC_REQUIREMENTS] = "],\n\"requirements\": [",
        [SEC_CONSIDERATIONS] = "],\n\"considerations\": [",
        [SEC_TARGETS] = "],\n\"targets\": [",
    };
    while (j->section < sec) {
        j->section++;
        outbuf_put(&j->o, open[j->section], strlen(open[j->section]));
        j->first = true;
    }
}

static void jw_profile(void *w, Session *s, const Profile *p)
{
    JsonWriter *j = w;
    (void)s;
    jw_next(j);
    if (j->reference)
        jdump(&j->o, ir_json_profile(p));
    else
        jprofile(&j->o, p);
}

static void jw_setting(void *w, Session *s, const Setting *st, uint32_t index)
{
    JsonWriter *j = w;
    (void)index; /* the table is written in index order */
    jw_enter(j, SEC_SETTINGS);
    jw_next(j);
    if (j->reference)
        jdump(&j->o, ir_json_setting(s, st));
    else
        jsetting(&j->o, s, st);
}

static void jw_requirement(void *w, Session *s, const Require *r, uint32_t index)
{
    JsonWriter *j = w;
    (void)index; /* in index order */
    jw_enter(j, SEC_REQUIREMENTS);
    jw_next(j);
    if (j->reference)
        jdump(&j->o, ir_json_requirement(s, r));
    else
        jrequirement(&j->o, s, r);
}

static void jw_consideration(void *w, Session *s, const ProfConsider *c, uint32_t index)
{
    JsonWriter *j = w;
    (void)s, (void)index; /* in index order */
    jw_enter(j, SEC_CONSIDERATIONS);
    jw_next(j);
    if (j->reference)
        jdump(&j->o, ir_json_consideration(c));
    else
        jconsideration(&j->o, c);
}

static void jw_target(void *w, Session *s, const Variant *v)
{
    JsonWriter *j = w;
    if (j->o.rc)
        return;
    jw_enter(j, SEC_TARGETS);
    jw_next(j);
    if (j->reference)
        jdump(&j->o, ir_json_target(s, v, j->d));
    else
        jtarget(j, v);
}

static int jw_end(void *w, Session *s)
{
    JsonWriter *j = w;
    (void)s;
    jw_enter(j, SEC_TARGETS);
    free_prefix(j);
    OUT_LIT(&j->o, "]}\n");
    return outbuf_finish(&j->o);
}

static void jw_discard(void *w)
{
    JsonWriter *j = w;
    free_prefix(j);
    outbuf_discard(&j->o);
}

const IrWriter ir_json_writer = {sizeof(JsonWriter), jw_begin,         jw_profile, jw_setting,
                                 jw_requirement,     jw_consideration, jw_target,  jw_end, jw_discard};
const IrWriter ir_json_reference_writer = {sizeof(JsonWriter), jw_reference_begin, jw_profile, jw_setting,
                                           jw_requirement,     jw_consideration,   jw_target,  jw_end,
                                           jw_discard};
