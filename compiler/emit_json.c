/*
 * emit_json.c — the intermediate form as JSON (tool.md §4), through jansson.
 *
 * jansson is used instead of hand-written JSON so that escaping, UTF-8 and
 * number formatting are right by construction.  The document is streamed:
 * the models first, then one target object at a time, each built, dumped
 * and freed, so memory stays flat however many variants are written.  Keys
 * keep insertion order, so output is byte-deterministic.
 */
#include "smmc.h"
#include "ir.h"

#include <jansson.h>
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

static int dump(json_t *j, FILE *out)
{
    int rc = json_dumpf(j, out, JSON_COMPACT);
    json_decref(j);
    return rc;
}

typedef struct {
    FILE *out;
    smm_provenance prov;
    bool first;
    int rc;
} JsonEmit;

static void emit_target(Session *s, Variant *v, void *arg)
{
    JsonEmit *e = arg;
    if (e->rc)
        return;
    if (fputs(e->first ? "\n" : ",\n", e->out) < 0)
        e->rc = -1;
    e->first = false;
    if (dump(ir_json_target(s, v, e->prov), e->out))
        e->rc = -1;
}

int ir_emit_json(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel)
{
    JsonEmit e = {out, prov, true, 0};
    fprintf(out, "{\"smm_ir\": %d,\n\"generator\": \"smmc %s\",\n\"models\": [", SMM_IR_VERSION,
            SMM_VERSION);
    for (size_t i = 0; i < s->prog->models.n; i++) {
        fputs(i ? ",\n" : "\n", out);
        if (dump(ir_json_model(s->prog->models.v[i]), out))
            return -1;
    }
    fputs("],\n\"targets\": [", out);
    ir_for_each_selected(s, sel, emit_target, &e);
    fputs("]}\n", out);
    return e.rc || ferror(out) ? -1 : 0;
}
