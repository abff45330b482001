/*
 * emit_xml.c — the intermediate form as XML.  The schema is
 * stdlib/schema/smm-ir.rng; tests validate every emitted document with it.
 *
 * The document is streamed through a small writer (start/attr/text/end
 * below) that produces exactly the bytes libxml2's xmlTextWriter gives with
 * indentation "  " and encoding UTF-8 (the calls this file used to make): the
 * same indentation rules, `/>` for empty elements, and the same escaping —
 * any attribute value or text that needs escaping is escaped by libxml2
 * itself (xmlAttrSerializeTxtContent, xmlEncodeSpecialChars); the rest, most
 * of the document, is copied as is.  xmlTextWriter's per-call overhead made
 * the XML writer run at ~50 MB/s; this one is several times faster.  Nothing
 * is kept in memory but a 64 KiB buffer.
 */
#include "ir.h"

#include <libxml/entities.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

enum { XOUT_CAP = 1 << 16, XMAX_DEPTH = 16 };

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

/* Bytes an attribute value makes libxml2 escape. */
static const bool attr_special[256] = {['\n'] = 1, ['\r'] = 1, ['\t'] = 1, ['"'] = 1,
                                       ['<'] = 1,  ['>'] = 1,  ['&'] = 1};

typedef struct {
    FILE *f;
    LcEntry *lc;
    char *b;
    size_t n;
    int rc;
    const char *open[XMAX_DEPTH]; /* names of the open elements */
    int depth;
    bool tag_open;  /* the innermost start tag still takes attributes */
    bool doindent;  /* xmlTextWriter's flag: indent before the next end tag */
    xmlBufferPtr esc; /* scratch for libxml2's attribute escaping */
    xmlDocPtr doc;    /* as xmlTextWriter's own: no nodes, encoding "UTF-8" */
    smm_provenance prov;
} XmlEmit;

static void xflush(XmlEmit *e)
{
    if (e->n && fwrite(e->b, 1, e->n, e->f) != e->n)
        e->rc = -1;
    e->n = 0;
}

static void xput_slow(XmlEmit *e, const char *p, size_t n)
{
    xflush(e);
    if (n > XOUT_CAP) {
        if (fwrite(p, 1, n, e->f) != n)
            e->rc = -1;
        return;
    }
    memcpy(e->b, p, n);
    e->n = n;
}

static inline void xput(XmlEmit *e, const char *p, size_t n)
{
    if (XOUT_CAP - e->n < n) {
        xput_slow(e, p, n);
        return;
    }
    memcpy(e->b + e->n, p, n);
    e->n += n;
}

#define XLIT(e, lit) xput((e), lit, sizeof lit - 1)

static void indent(XmlEmit *e)
{
    for (int i = 1; i < e->depth; i++)
        XLIT(e, "  ");
}

/* Attribute value: xmlTextWriterWriteAttribute escapes \n \r \t " < > &
 * (its document has an encoding, so other bytes are written as they are). */
static void attr_value(XmlEmit *e, const char *value)
{
    size_t n = 0;
    bool special = false;
    for (unsigned char c; (c = (unsigned char)value[n]) != 0; n++)
        special |= attr_special[c];
    if (!special) {
        xput(e, value, n);
        return;
    }
    xmlBufferEmpty(e->esc);
    xmlAttrSerializeTxtContent(e->esc, e->doc, NULL, (const xmlChar *)value);
    xput(e, (const char *)xmlBufferContent(e->esc), (size_t)xmlBufferLength(e->esc));
}

static void attr(XmlEmit *e, const char *name, const char *value)
{
    if (!value)
        return;
    if (!e->tag_open) {
        e->rc = -1; /* xmlTextWriter refuses an attribute outside a start tag */
        return;
    }
    XLIT(e, " ");
    xput(e, name, strlen(name));
    XLIT(e, "=\"");
    attr_value(e, value);
    XLIT(e, "\"");
}

static void attr_int(XmlEmit *e, const char *name, long value)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long u = value < 0 ? 0ul - (unsigned long)value : (unsigned long)value;
    *--p = 0;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (value < 0)
        *--p = '-';
    attr(e, name, p);
}

static void start(XmlEmit *e, const char *name)
{
    if (e->depth == XMAX_DEPTH) {
        e->rc = -1;
        return;
    }
    if (e->tag_open)
        XLIT(e, ">\n"); /* the parent's start tag */
    e->open[e->depth++] = name;
    e->tag_open = true;
    indent(e);
    XLIT(e, "<");
    xput(e, name, strlen(name));
}

/* Character content: xmlEncodeSpecialChars escapes < > & " and \r. */
static void text(XmlEmit *e, const char *content)
{
    if (!content || e->depth == 0) {
        e->rc = -1;
        return;
    }
    if (e->tag_open) {
        XLIT(e, ">");
        e->tag_open = false;
    }
    e->doindent = false;
    if (!strpbrk(content, "<>&\"\r")) {
        xput(e, content, strlen(content));
        return;
    }
    xmlChar *esc = xmlEncodeSpecialChars(NULL, (const xmlChar *)content);
    if (!esc) {
        e->rc = -1;
        return;
    }
    xput(e, (const char *)esc, strlen((const char *)esc));
    xmlFree(esc);
}

static void end(XmlEmit *e)
{
    if (e->depth == 0) {
        e->rc = -1;
        return;
    }
    const char *name = e->open[e->depth - 1];
    if (e->tag_open) {
        XLIT(e, "/>");
        e->doindent = true;
    } else {
        if (e->doindent)
            indent(e);
        e->doindent = true;
        XLIT(e, "</");
        xput(e, name, strlen(name));
        XLIT(e, ">");
    }
    XLIT(e, "\n");
    e->depth--;
    e->tag_open = false;
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
                    text(e, c->text);
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
    LineCol lc = linecol(s, e->lc, loc.file, loc.start);
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
            text(e, c->text);
            end(e);
        }
    }
    end(e);
}

int ir_emit_xml(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel)
{
    XmlEmit e = {0};
    e.f = out;
    e.prov = prov;
    e.doindent = true;
    e.b = xmalloc(XOUT_CAP);
    e.lc = xcalloc((size_t)1 << LC_BITS, sizeof(LcEntry));
    e.esc = xmlBufferCreate();
    e.doc = xmlNewDoc(NULL);
    if (!e.esc || !e.doc) {
        xmlBufferFree(e.esc);
        xmlFreeDoc(e.doc);
        free(e.b);
        free(e.lc);
        return -1;
    }
    e.doc->encoding = xmlStrdup((const xmlChar *)"UTF-8");
    XLIT(&e, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    start(&e, "smm-ir");
    attr_int(&e, "version", SMM_IR_VERSION);
    attr(&e, "generator", "smmc " SMM_VERSION);
    for (size_t i = 0; i < s->prog->models.n; i++)
        write_model(&e, s->prog->models.v[i]);
    ir_for_each_selected(s, sel, write_target, &e);
    end(&e);
    xflush(&e);
    xmlBufferFree(e.esc);
    xmlFreeDoc(e.doc);
    free(e.b);
    free(e.lc);
    return e.rc || ferror(out) ? -1 : 0;
}
