/*
 * emit_json.c — the intermediate form as JSON (tool.md §4), through jansson.
 *
 * The document is streamed: the models first, then one target object at a
 * time, so memory stays flat however many variants are written.  The models
 * and ir_json_target() (the tree form of a target, for callers that want a
 * json_t) go through jansson.  The targets of a document — nearly all of its
 * bytes — are written by a direct writer (jtarget() below) that produces
 * exactly the bytes json_dumpf(ir_json_target(...), JSON_COMPACT) would:
 * building, dumping and freeing ~100 jansson objects per target made the
 * JSON writer run at ~30 MB/s; writing the bytes directly is ~10x faster.
 * Any change to ir_json_target() must be mirrored in jtarget() and the
 * functions it calls (and vice versa).
 */
#include "smmc.h"
#include "ir.h"

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

static json_t *origin_json(Session *s, const Setting *st, const Model *m)
{
    json_t *o = json_object();
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

static json_t *provenance_json(Session *s, const EffAttr *e, const Model *m, smm_provenance prov)
{
    json_t *a = json_array();
    for (int l = 0; l < 4; l++)
        for (const Prov *pv = e->seg[l]; pv; pv = pv->next) {
            json_array_append_new(a, origin_json(s, pv->s, m));
            if (prov == SMM_PROV_WINNER)
                return a;
        }
    if (json_array_size(a) == 0) {
        json_t *o = json_object();
        json_object_set_new(o, "file", json_null());
        json_object_set_new(o, "layer", json_string("default"));
        json_array_append_new(a, o);
    }
    return a;
}

json_t *ir_json_target(Session *s, const Variant *v, smm_provenance prov)
{
    const Profile *p = v->profile;
    const Model *m = p->model;
    json_t *t = json_object();
    json_object_set_new(t, "profile", json_string(p->name));
    json_object_set_new(t, "sector", str_or_null(v->sector));
    json_object_set_new(t, "system", str_or_null(v->system));
    json_object_set_new(t, "model", json_string(m->name));
    json_object_set_new(t, "title", str_or_null(p->ast->title));
    json_object_set_new(t, "rollup", json_string(p->rollup));
    json_object_set_new(t, "evidence", json_string(p->evidence_strict ? "strict" : "claimed"));
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
        json_object_set_new(pv, "comprehensiveness", provenance_json(s, c, m, prov));
        json_object_set_new(pv, "scope", provenance_json(s, sc, m, prov));
        json_object_set_new(jp, "provenance", pv);
        json_array_append_new(ps, jp);
    }
    json_object_set_new(t, "practices", ps);
    json_t *reqs = json_array(), *cons = json_array();
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const ReqLink *rl = v->layers[l]->requires; rl; rl = rl->next) {
            const Require *r = rl->r;
            json_t *jr = json_object();
            json_object_set_new(jr, "node", json_string(m->nodes[r->node].id));
            json_object_set_new(jr, "op", json_string(r->op == REQ_GE ? ">=" : "<="));
            json_object_set_new(jr, "comprehensiveness", r->comp.value >= 0 ? json_integer(r->comp.value)
                                                                             : json_null());
            json_object_set_new(jr, "scope", r->scope.value != SCOPE_UNSET
                                                 ? json_string(scope_name(r->scope.value))
                                                 : json_null());
            json_object_set_new(jr, "because", str_or_null(r->because));
            json_object_set_new(jr, "profile", json_string(r->owner->name));
            SourceFile *f = source_get(s, r->path.loc.file);
            LineCol lc = source_linecol(f, r->loc.start);
            json_object_set_new(jr, "file", json_string(f->display));
            json_object_set_new(jr, "line", json_integer(lc.line));
            json_object_set_new(jr, "column", json_integer(lc.column));
            json_array_append_new(reqs, jr);
        }
        for (const ConsLink *cl = v->layers[l]->considers; cl; cl = cl->next) {
            const ProfConsider *c = cl->c;
            json_t *jc = json_object();
            json_object_set_new(jc, "practice", json_string(m->nodes[c->node].id));
            json_object_set_new(jc, "level", json_integer(c->level.value));
            json_object_set_new(jc, "id", json_string(c->id.text));
            json_object_set_new(jc, "text", json_string(c->text));
            json_object_set_new(jc, "profile", json_string(c->owner->name));
            json_object_set_new(jc, "layer", json_string(layer_name(c->block->kind)));
            json_array_append_new(cons, jc);
        }
    }
    json_object_set_new(t, "requirements", reqs);
    json_object_set_new(t, "considerations", cons);
    return t;
}

/* ---------------------------------------------------------------- direct writer */

/* Line and column of a source position, through a direct-mapped cache:
 * every target repeats the origins of its ancestors' settings. */
enum { LC_BITS = 14 };
typedef struct {
    uint64_t key; /* (file << 32 | offset) + 1; 0 = empty */
    LineCol lc;
} LcEntry;

static LineCol linecol(Session *s, LcEntry *cache, uint32_t file, uint32_t offset)
{
    uint64_t key = ((uint64_t)file << 32 | offset) + 1;
    LcEntry *c = &cache[(key * 0x9E3779B97F4A7C15ull) >> (64 - LC_BITS)];
    if (c->key != key) {
        c->key = key;
        c->lc = source_linecol(source_get(s, file), offset);
    }
    return c->lc;
}

/* Output buffer: bytes go to FILE in large blocks. */
typedef struct {
    FILE *f;
    char *b;
    size_t n;
    int rc;
    LcEntry *lc;
} JOut;

enum { JOUT_CAP = 1 << 16 };

/* Byte classes: 1 needs escaping in a JSON string, 2 is not ASCII. */
static const unsigned char jclass[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
    [0x80] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static void jflush(JOut *o)
{
    if (o->n && fwrite(o->b, 1, o->n, o->f) != o->n)
        o->rc = -1;
    o->n = 0;
}

static void jput_slow(JOut *o, const char *p, size_t n)
{
    jflush(o);
    if (n > JOUT_CAP) {
        if (fwrite(p, 1, n, o->f) != n)
            o->rc = -1;
        return;
    }
    memcpy(o->b, p, n);
    o->n = n;
}

/* inline: most pieces are short literals, copied with a few moves */
static inline void jput(JOut *o, const char *p, size_t n)
{
    if (JOUT_CAP - o->n < n) {
        jput_slow(o, p, n);
        return;
    }
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

#define JLIT(o, lit) jput((o), lit, sizeof lit - 1)

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
static void jstring(JOut *o, const char *str)
{
    JLIT(o, "\"");
    const char *run = str;
    for (const char *p = str; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        jput(o, run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case '"': JLIT(o, "\\\""); break;
        case '\\': JLIT(o, "\\\\"); break;
        case '\b': JLIT(o, "\\b"); break;
        case '\f': JLIT(o, "\\f"); break;
        case '\n': JLIT(o, "\\n"); break;
        case '\r': JLIT(o, "\\r"); break;
        case '\t': JLIT(o, "\\t"); break;
        default: {
            char seq[8];
            snprintf(seq, sizeof seq, "\\u%04X", (unsigned)c);
            jput(o, seq, 6);
        }
        }
    }
    jput(o, run, strlen(run));
    JLIT(o, "\"");
}

/* An object member's key ("\"key\":", a literal), with the comma before
 * every member but the first. */
static inline void jkey(JOut *o, bool *first, const char *quoted_key, size_t len)
{
    if (!*first)
        JLIT(o, ",");
    *first = false;
    jput(o, quoted_key, len);
}

#define JKEY(o, first, key) jkey((o), (first), "\"" key "\":", sizeof "\"" key "\":" - 1)

/* "key":"value"; left out when value is NULL or not UTF-8 (json_string).
 * One pass finds the length and whether the string needs escaping or a
 * UTF-8 check; most strings need neither and are copied as they are. */
static inline void jkv_str(JOut *o, bool *first, const char *quoted_key, size_t klen, const char *v)
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
        JLIT(o, "\"");
        jput(o, v, n);
        JLIT(o, "\"");
    }
}

#define JSTR(o, first, key, value) jkv_str((o), (first), "\"" key "\":", sizeof "\"" key "\":" - 1, (value))

/* "key":"value" or "key":null (str_or_null) */
#define JSTR_OR_NULL(o, first, key, value)                                                         \
    do {                                                                                           \
        const char *w_ = (value);                                                                  \
        if (!w_) {                                                                                 \
            JKEY(o, first, key);                                                                   \
            JLIT(o, "null");                                                                       \
        } else                                                                                     \
            JSTR(o, first, key, w_);                                                               \
    } while (0)

static void jint(JOut *o, long long v)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    jput(o, p, (size_t)(buf + sizeof buf - p));
}

#define JINT(o, first, key, value)                                                                 \
    do {                                                                                           \
        JKEY(o, first, key);                                                                       \
        jint(o, (value));                                                                          \
    } while (0)

/* origin_json() */
static void jorigin(JOut *o, Session *s, const Setting *st, const Model *m)
{
    bool first = true;
    SourceFile *f = source_get(s, st->path.loc.file);
    LineCol lc = linecol(s, o->lc, st->path.loc.file, st->path.loc.start);
    JLIT(o, "{");
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
    JSTR(o, &first, "node", m->nodes[st->node].id);
    if (st->forced) {
        JKEY(o, &first, "forced");
        JLIT(o, "true");
    }
    if (st->comp.value >= 0)
        JINT(o, &first, "value", st->comp.value);
    else {
        JKEY(o, &first, "value");
        JLIT(o, "null");
    }
    if (st->scope.value != SCOPE_UNSET)
        JSTR(o, &first, "scope", scope_name(st->scope.value));
    else {
        JKEY(o, &first, "scope");
        JLIT(o, "null");
    }
    if (st->because)
        JSTR(o, &first, "because", st->because);
    JLIT(o, "}");
}

/* provenance_json() */
static void jprovenance(JOut *o, Session *s, const EffAttr *e, const Model *m, smm_provenance prov)
{
    JLIT(o, "[");
    bool any = false;
    for (int l = 0; l < 4; l++)
        for (const Prov *pv = e->seg[l]; pv; pv = pv->next) {
            if (any)
                JLIT(o, ",");
            jorigin(o, s, pv->s, m);
            any = true;
            if (prov == SMM_PROV_WINNER)
                goto done;
        }
    if (!any)
        JLIT(o, "{\"file\":null,\"layer\":\"default\"}");
done:
    JLIT(o, "]");
}

/* ir_json_target(), dumped compactly */
static void jtarget(JOut *o, Session *s, const Variant *v, smm_provenance prov)
{
    const Profile *p = v->profile;
    const Model *m = p->model;
    bool first = true;
    JLIT(o, "{");
    JSTR(o, &first, "profile", p->name);
    JSTR_OR_NULL(o, &first, "sector", v->sector);
    JSTR_OR_NULL(o, &first, "system", v->system);
    JSTR(o, &first, "model", m->name);
    JSTR_OR_NULL(o, &first, "title", p->ast->title);
    JSTR(o, &first, "rollup", p->rollup);
    JSTR(o, &first, "evidence", p->evidence_strict ? "strict" : "claimed");
    JKEY(o, &first, "practices");
    JLIT(o, "[");
    for (int i = 0; i < m->npractices; i++) {
        const MNode *n = &m->nodes[m->practices[i]];
        const EffAttr *c = &v->eff[i * 2], *sc = &v->eff[i * 2 + 1];
        bool pf = true;
        if (i)
            JLIT(o, ",");
        JLIT(o, "{");
        JSTR(o, &pf, "id", n->id);
        JSTR(o, &pf, "path", n->path);
        JINT(o, &pf, "comprehensiveness", c->value);
        JSTR(o, &pf, "scope", scope_name(sc->value));
        JKEY(o, &pf, "provenance");
        JLIT(o, "{\"comprehensiveness\":");
        jprovenance(o, s, c, m, prov);
        JLIT(o, ",\"scope\":");
        jprovenance(o, s, sc, m, prov);
        JLIT(o, "}}");
    }
    JLIT(o, "]");
    /* requirements and considerations: two arrays filled in one pass over
     * the layers, so the considerations wait in a second buffer */
    JKEY(o, &first, "requirements");
    JLIT(o, "[");
    bool any_r = false;
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const ReqLink *rl = v->layers[l]->requires; rl; rl = rl->next) {
            const Require *r = rl->r;
            bool rf = true;
            if (any_r)
                JLIT(o, ",");
            any_r = true;
            JLIT(o, "{");
            JSTR(o, &rf, "node", m->nodes[r->node].id);
            JSTR(o, &rf, "op", r->op == REQ_GE ? ">=" : "<=");
            if (r->comp.value >= 0)
                JINT(o, &rf, "comprehensiveness", r->comp.value);
            else {
                JKEY(o, &rf, "comprehensiveness");
                JLIT(o, "null");
            }
            if (r->scope.value != SCOPE_UNSET)
                JSTR(o, &rf, "scope", scope_name(r->scope.value));
            else {
                JKEY(o, &rf, "scope");
                JLIT(o, "null");
            }
            JSTR_OR_NULL(o, &rf, "because", r->because);
            JSTR(o, &rf, "profile", r->owner->name);
            SourceFile *f = source_get(s, r->path.loc.file);
            LineCol lc = linecol(s, o->lc, r->path.loc.file, r->loc.start);
            JSTR(o, &rf, "file", f->display);
            JINT(o, &rf, "line", lc.line);
            JINT(o, &rf, "column", lc.column);
            JLIT(o, "}");
        }
    }
    JLIT(o, "]");
    JKEY(o, &first, "considerations");
    JLIT(o, "[");
    bool any_c = false;
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const ConsLink *cl = v->layers[l]->considers; cl; cl = cl->next) {
            const ProfConsider *c = cl->c;
            bool cf = true;
            if (any_c)
                JLIT(o, ",");
            any_c = true;
            JLIT(o, "{");
            JSTR(o, &cf, "practice", m->nodes[c->node].id);
            JINT(o, &cf, "level", c->level.value);
            JSTR(o, &cf, "id", c->id.text);
            JSTR(o, &cf, "text", c->text);
            JSTR(o, &cf, "profile", c->owner->name);
            JSTR(o, &cf, "layer", layer_name(c->block->kind));
            JLIT(o, "}");
        }
    }
    JLIT(o, "]}");
}

static int dump(json_t *j, FILE *out)
{
    int rc = json_dumpf(j, out, JSON_COMPACT);
    json_decref(j);
    return rc;
}

typedef struct {
    JOut o;
    smm_provenance prov;
    bool first;
    bool reference; /* targets through jansson (tests compare both writers) */
} JsonEmit;

static void emit_target(Session *s, Variant *v, void *arg)
{
    JsonEmit *e = arg;
    if (e->o.rc)
        return;
    if (e->first)
        JLIT(&e->o, "\n");
    else
        JLIT(&e->o, ",\n");
    e->first = false;
    if (e->reference) {
        jflush(&e->o);
        if (dump(ir_json_target(s, v, e->prov), e->o.f))
            e->o.rc = -1;
        return;
    }
    jtarget(&e->o, s, v, e->prov);
}

int ir_emit_json(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel)
{
    return ir_emit_json_writer(s, out, prov, sel, false);
}

int ir_emit_json_writer(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel, bool reference)
{
    JsonEmit e = {{out, NULL, 0, 0, NULL}, prov, true, reference};
    fprintf(out, "{\"smm_ir\": %d,\n\"generator\": \"smmc %s\",\n\"models\": [", SMM_IR_VERSION,
            SMM_VERSION);
    for (size_t i = 0; i < s->prog->models.n; i++) {
        fputs(i ? ",\n" : "\n", out);
        if (dump(ir_json_model(s->prog->models.v[i]), out))
            return -1;
    }
    fputs("],\n\"targets\": [", out);
    e.o.b = xmalloc(JOUT_CAP);
    e.o.lc = xcalloc((size_t)1 << LC_BITS, sizeof(LcEntry));
    ir_for_each_selected(s, sel, emit_target, &e);
    jflush(&e.o);
    free(e.o.b);
    free(e.o.lc);
    fputs("]}\n", out);
    return e.o.rc || ferror(out) ? -1 : 0;
}
