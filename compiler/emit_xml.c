/*
 * emit_xml.c — the intermediate form as XML, streamed through libxml2's
 * xmlTextWriter (well-formed and escaped by construction; nothing is kept
 * in memory but the writer's buffer).  The schema is
 * stdlib/schema/smm-ir.rng; tests validate every emitted document with it.
 */
#include "ir.h"

#include <libxml/xmlwriter.h>

typedef struct {
    xmlTextWriterPtr w;
    smm_provenance prov;
    int rc;
} XmlEmit;

#define X(s) ((const xmlChar *)(s))

static void attr(XmlEmit *e, const char *name, const char *value)
{
    if (value && xmlTextWriterWriteAttribute(e->w, X(name), X(value)) < 0)
        e->rc = -1;
}

static void attr_int(XmlEmit *e, const char *name, long value)
{
    if (xmlTextWriterWriteFormatAttribute(e->w, X(name), "%ld", value) < 0)
        e->rc = -1;
}

static void start(XmlEmit *e, const char *name)
{
    if (xmlTextWriterStartElement(e->w, X(name)) < 0)
        e->rc = -1;
}

static void end(XmlEmit *e)
{
    if (xmlTextWriterEndElement(e->w) < 0)
        e->rc = -1;
}

static void write_model(XmlEmit *e, const Model *m)
{
    start(e, "model");
    attr(e, "name", m->name);
    attr(e, "title", m->title);
    attr(e, "version", m->version);
    int open = 0; /* elements open below <model> */
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        int depth = (int)n->kind; /* dimension 0, domain 1, practice 2 */
        while (open > depth) {
            end(e);
            open--;
        }
        static const char *const names[] = {"dimension", "domain", "practice"};
        start(e, names[n->kind]);
        open++;
        attr(e, "id", n->id);
        attr(e, "title", n->title);
        if (n->kind == MN_PRACTICE) {
            attr(e, "path", n->path);
            for (int l = 1; l <= 4; l++) {
                start(e, "level");
                attr_int(e, "value", l);
                attr(e, "objective", n->objective[l]);
                for (const Consideration *c = n->considers[l]; c; c = c->next) {
                    start(e, "consideration");
                    attr(e, "id", c->id);
                    if (xmlTextWriterWriteString(e->w, X(c->text)) < 0)
                        e->rc = -1;
                    end(e);
                }
                end(e);
            }
        }
    }
    while (open-- > 0)
        end(e);
    end(e);
}

static void write_location(XmlEmit *e, Session *s, Loc loc)
{
    SourceFile *f = source_get(s, loc.file);
    LineCol lc = source_linecol(f, loc.start);
    attr(e, "file", f->display);
    attr_int(e, "line", lc.line);
    attr_int(e, "column", lc.column);
}

static void write_origin(XmlEmit *e, Session *s, const Setting *st, const Model *m)
{
    start(e, "origin");
    write_location(e, s, st->path.loc);
    attr(e, "profile", st->owner->name);
    attr(e, "layer", layer_name(st->block->kind));
    if (st->block->kind == LAYER_SECTOR)
        attr(e, "sector", st->block->name.text);
    if (st->block->kind == LAYER_SECTOR_SYSTEM)
        attr(e, "sector", st->block->outer->name.text);
    if (st->block->kind == LAYER_SYSTEM || st->block->kind == LAYER_SECTOR_SYSTEM)
        attr(e, "system", st->block->name.text);
    attr(e, "node", m->nodes[st->node].id);
    if (st->forced)
        attr(e, "forced", "true");
    if (st->comp.value >= 0)
        attr_int(e, "value", st->comp.value);
    if (st->scope.value != SCOPE_UNSET)
        attr(e, "scope", scope_name(st->scope.value));
    attr(e, "because", st->because);
    end(e);
}

static void write_provenance(XmlEmit *e, Session *s, const EffAttr *ea, const Model *m, const char *which)
{
    start(e, "provenance");
    attr(e, "attribute", which);
    bool any = false;
    for (int l = 0; l < 4 && !(any && e->prov == SMM_PROV_WINNER); l++)
        for (const Prov *pv = ea->seg[l]; pv && !(any && e->prov == SMM_PROV_WINNER); pv = pv->next) {
            write_origin(e, s, pv->s, m);
            any = true;
        }
    if (!any) {
        start(e, "origin");
        attr(e, "layer", "default");
        end(e);
    }
    end(e);
}

static void write_target(Session *s, Variant *v, void *arg)
{
    XmlEmit *e = arg;
    const Profile *p = v->profile;
    const Model *m = p->model;
    start(e, "target");
    attr(e, "profile", p->name);
    attr(e, "sector", v->sector);
    attr(e, "system", v->system);
    attr(e, "model", m->name);
    attr(e, "title", p->ast->title);
    attr(e, "rollup", p->rollup);
    attr(e, "evidence", p->evidence_strict ? "strict" : "claimed");
    for (int i = 0; i < m->npractices; i++) {
        const MNode *n = &m->nodes[m->practices[i]];
        start(e, "practice");
        attr(e, "id", n->id);
        attr(e, "path", n->path);
        attr_int(e, "comprehensiveness", v->eff[i * 2].value);
        attr(e, "scope", scope_name(v->eff[i * 2 + 1].value));
        write_provenance(e, s, &v->eff[i * 2], m, "comprehensiveness");
        write_provenance(e, s, &v->eff[i * 2 + 1], m, "scope");
        end(e);
    }
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const ReqLink *rl = v->layers[l]->requires; rl; rl = rl->next) {
            const Require *r = rl->r;
            start(e, "requirement");
            attr(e, "node", m->nodes[r->node].id);
            attr(e, "op", r->op == REQ_GE ? ">=" : "<=");
            if (r->comp.value >= 0)
                attr_int(e, "comprehensiveness", r->comp.value);
            if (r->scope.value != SCOPE_UNSET)
                attr(e, "scope", scope_name(r->scope.value));
            attr(e, "profile", r->owner->name);
            write_location(e, s, r->loc);
            attr(e, "because", r->because);
            end(e);
        }
        for (const ConsLink *cl = v->layers[l]->considers; cl; cl = cl->next) {
            const ProfConsider *c = cl->c;
            start(e, "consideration");
            attr(e, "practice", m->nodes[c->node].id);
            attr_int(e, "level", c->level.value);
            attr(e, "id", c->id.text);
            attr(e, "profile", c->owner->name);
            attr(e, "layer", layer_name(c->block->kind));
            if (xmlTextWriterWriteString(e->w, X(c->text)) < 0)
                e->rc = -1;
            end(e);
        }
    }
    end(e);
}

int ir_emit_xml(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel)
{
    xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
    if (!buf)
        return -1;
    XmlEmit e = {xmlNewTextWriter(buf), prov, 0};
    if (!e.w)
        return -1;
    xmlTextWriterSetIndent(e.w, 1);
    xmlTextWriterSetIndentString(e.w, X("  "));
    if (xmlTextWriterStartDocument(e.w, "1.0", "UTF-8", NULL) < 0)
        e.rc = -1;
    start(&e, "smm-ir");
    attr_int(&e, "version", SMM_IR_VERSION);
    attr(&e, "generator", "smmc " SMM_VERSION);
    for (size_t i = 0; i < s->prog->models.n; i++)
        write_model(&e, s->prog->models.v[i]);
    ir_for_each_selected(s, sel, write_target, &e);
    end(&e);
    if (xmlTextWriterEndDocument(e.w) < 0)
        e.rc = -1;
    xmlFreeTextWriter(e.w); /* flushes and frees buf */
    return e.rc || ferror(out) ? -1 : 0;
}
