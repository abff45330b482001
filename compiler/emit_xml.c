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
 * the XML writer run at ~50 MB/s; this one is several times faster.  What
 * every target repeats — each practice's id and path — is written once
 * into memory and copied after that; with the 64 KiB output buffer
 * (outbuf.c) that is all the writer keeps, however many targets it writes.
 * Profiles (what their variants share), settings, requirements and
 * considerations are tables written once each
 * before the targets (ir.c owns them); a target names its entries by
 * idrefs.
 */
#include "ir.h"
#include "outbuf.h"

#include <libxml/entities.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

enum { XMAX_DEPTH = 16 };

/* Bytes an attribute value makes libxml2 escape. */
static const bool attr_special[256] = {['\n'] = 1, ['\r'] = 1, ['\t'] = 1, ['"'] = 1,
                                       ['<'] = 1,  ['>'] = 1,  ['&'] = 1};

struct XPiece {
    size_t n;
    char *s;
};

typedef struct {
    OutBuf o;
    const IrDoc *d;
    const char *open[XMAX_DEPTH]; /* names of the open elements */
    int depth;
    bool tag_open;  /* the innermost start tag still takes attributes */
    bool doindent;  /* xmlTextWriter's flag: indent before the next end tag */
    xmlBufferPtr esc; /* scratch for libxml2's attribute escaping */
    xmlDocPtr doc;    /* as xmlTextWriter's own: no nodes, encoding "UTF-8" */
    Buf refs;         /* scratch for a list of idrefs */
    const Model *model;     /* the model of ids: */
    struct XPiece *ids;     /* each practice's ` id="…" path="…"` */
} XmlEmit;

#define XLIT(e, lit) OUT_LIT(&(e)->o, lit)

static inline void xput(XmlEmit *e, const char *p, size_t n)
{
    outbuf_put(&e->o, p, n);
}

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
        e->o.rc = -1; /* xmlTextWriter refuses an attribute outside a start tag */
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
        e->o.rc = -1;
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
        e->o.rc = -1;
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
        e->o.rc = -1;
        return;
    }
    xput(e, (const char *)esc, strlen((const char *)esc));
    xmlFree(esc);
}

static void end(XmlEmit *e)
{
    if (e->depth == 0) {
        e->o.rc = -1;
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
    LineCol lc = outbuf_linecol(&e->o, s, loc.file, loc.start);
    attr(e, "file", f->display);
    attr_int(e, "line", lc.line);
    attr_int(e, "column", lc.column);
}

/* An entry of the settings table: id "sN" for index N. */
static void attr_id(XmlEmit *e, const char *name, uint32_t index)
{
    char id[16];
    snprintf(id, sizeof id, "s%u", (unsigned)index);
    attr(e, name, id);
}

static void write_setting(void *w, Session *s, const Setting *st, uint32_t index)
{
    XmlEmit *e = w;
    start(e, "setting");
    attr_id(e, "id", index);
    if (!st) {
        attr(e, "layer", "default");
        end(e);
        return;
    }
    write_location(e, s, st->path.loc);
    attr(e, "profile", st->owner->name);
    attr(e, "layer", layer_name(st->block->kind));
    if (st->block->kind == LAYER_SECTOR)
        attr(e, "sector", st->block->name.text);
    if (st->block->kind == LAYER_SECTOR_SYSTEM)
        attr(e, "sector", st->block->outer->name.text);
    if (st->block->kind == LAYER_SYSTEM || st->block->kind == LAYER_SECTOR_SYSTEM)
        attr(e, "system", st->block->name.text);
    attr(e, "node", st->owner->model->nodes[st->node].id);
    if (st->forced)
        attr(e, "forced", "true");
    if (st->comp.value >= 0)
        attr_int(e, "value", st->comp.value);
    if (st->scope.value != SCOPE_UNSET)
        attr(e, "scope", scope_name(st->scope.value));
    attr(e, "because", st->because);
    end(e);
}

/* <provenance attribute="..." settings="s12 s7"/>: the chain as idrefs,
 * winner first (e->refs is scratch, reused) */
static void write_provenance(XmlEmit *e, const EffAttr *ea, const char *which)
{
    e->refs.n = 0;
    for (int l = 0; l < 4; l++)
        for (const Prov *pv = ea->seg[l]; pv; pv = pv->next) {
            size_t n;
            const char *digits = ir_index_digits(e->d, ir_setting_index(e->d, pv->s), &n);
            buf_puts(&e->refs, e->refs.n ? " s" : "s");
            buf_putn(&e->refs, digits, n);
            if (e->d->prov == SMM_PROV_WINNER)
                goto done;
        }
    if (e->refs.n == 0)
        buf_puts(&e->refs, "s0"); /* the default */
done:
    start(e, "provenance");
    attr(e, "attribute", which);
    attr(e, "settings", buf_cstr(&e->refs));
    end(e);
}

static void free_ids(XmlEmit *e)
{
    for (int i = 0; e->ids && i < e->model->npractices; i++)
        free(e->ids[i].s);
    free(e->ids);
    e->ids = NULL;
}

/* The id and path attributes of model m's practices, escaped once (kept
 * for one model: a document rarely has more). */
static void practice_ids(XmlEmit *e, const Model *m)
{
    if (e->model == m)
        return;
    free_ids(e);
    e->model = m;
    e->ids = xcalloc((size_t)m->npractices, sizeof *e->ids);
    OutBuf file = e->o;
    Hold h;
    guard_hold(&h, outbuf_discard, &file); /* e->o is a scratch buffer meanwhile */
    e->o = (OutBuf){0};
    bool tag_open = e->tag_open;
    e->tag_open = true; /* attr() writes only into a start tag */
    for (int i = 0; i < m->npractices; i++) {
        const MNode *n = &m->nodes[m->practices[i]];
        outbuf_init_mem(&e->o, &file);
        attr(e, "id", n->id);
        attr(e, "path", n->path);
        e->ids[i].s = outbuf_take(&e->o, &e->ids[i].n);
    }
    guard_drop(&h);
    e->o = file;
    e->tag_open = tag_open;
}

static void write_practices(XmlEmit *e, const Variant *v)
{
    const Model *m = v->profile->model;
    practice_ids(e, m);
    for (int i = 0; i < m->npractices; i++) {
        start(e, "practice");
        outbuf_put(&e->o, e->ids[i].s, e->ids[i].n);
        attr_int(e, "comprehensiveness", v->eff[i * 2].value);
        attr(e, "scope", scope_name(v->eff[i * 2 + 1].value));
        write_provenance(e, &v->eff[i * 2], "comprehensiveness");
        write_provenance(e, &v->eff[i * 2 + 1], "scope");
        end(e);
    }
}

/* An entry of the profiles table: what every variant of p shares. */
static void write_profile(void *w, Session *s, const Profile *p)
{
    XmlEmit *e = w;
    (void)s;
    if (!e->doc)
        return;
    start(e, "profile");
    attr(e, "name", p->name);
    attr(e, "title", p->ast->title);
    attr(e, "rollup", p->rollup);
    attr(e, "evidence", p->evidence_strict ? "strict" : "claimed");
    if (p->ast->doc) {
        start(e, "doc");
        text(e, p->ast->doc);
        end(e);
    }
    for (const StrList *t = p->ast->tags; t; t = t->next) {
        start(e, "tag");
        text(e, t->text);
        end(e);
    }
    end(e);
}

/* An entry of the requirements table: id "rN" for index N. */
static void write_requirement(void *w, Session *s, const Require *r, uint32_t index)
{
    XmlEmit *e = w;
    if (!e->doc)
        return;
    char id[16];
    snprintf(id, sizeof id, "r%u", (unsigned)index);
    start(e, "requirement");
    attr(e, "id", id);
    attr(e, "node", r->owner->model->nodes[r->node].id);
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

/* An entry of the considerations table: key "cN" for index N (its id is
 * the consideration's own). */
static void write_consideration(void *w, Session *s, const ProfConsider *c, uint32_t index)
{
    XmlEmit *e = w;
    (void)s;
    if (!e->doc)
        return;
    char key[16];
    snprintf(key, sizeof key, "c%u", (unsigned)index);
    start(e, "consideration");
    attr(e, "key", key);
    attr(e, "practice", c->owner->model->nodes[c->node].id);
    attr_int(e, "level", c->level.value);
    attr(e, "id", c->id.text);
    attr(e, "profile", c->owner->name);
    attr(e, "layer", layer_name(c->block->kind));
    text(e, c->text);
    end(e);
}

/* requirements="r0 r3" or considerations="c1" of a target: its layers'
 * entries in turn (left out when there is none) */
static void write_item_refs(XmlEmit *e, const Variant *v, bool req)
{
    e->refs.n = 0;
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const Link *k = req ? v->layers[l]->requires : v->layers[l]->considers; k; k = k->next) {
            size_t n;
            uint32_t i = req ? ir_requirement_index(e->d, k->r) : ir_consideration_index(e->d, k->c);
            const char *digits = ir_index_digits(e->d, i, &n);
            if (e->refs.n)
                buf_puts(&e->refs, " ");
            buf_puts(&e->refs, req ? "r" : "c");
            buf_putn(&e->refs, digits, n);
        }
    }
    if (e->refs.n)
        attr(e, req ? "requirements" : "considerations", buf_cstr(&e->refs));
}

static void write_target(void *w, Session *s, const Variant *v)
{
    (void)s;
    XmlEmit *e = w;
    const Profile *p = v->profile;
    const Model *m = p->model;
    start(e, "target");
    attr(e, "profile", p->name);
    attr(e, "sector", v->sector);
    attr(e, "system", v->system);
    attr(e, "model", m->name);
    write_item_refs(e, v, true);
    write_item_refs(e, v, false);
    write_practices(e, v);
    end(e);
}

static void xml_begin(void *w, Session *s, FILE *out, const IrDoc *d)
{
    XmlEmit *e = w;
    outbuf_init(&e->o, out);
    e->d = d;
    e->doindent = true;
    e->esc = xmlBufferCreate();
    e->doc = xmlNewDoc(NULL);
    if (!e->esc || !e->doc) {
        e->o.rc = -1;
        return;
    }
    e->doc->encoding = xmlStrdup((const xmlChar *)"UTF-8");
    XLIT(e, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    start(e, "smm-ir");
    attr_int(e, "version", SMM_IR_VERSION);
    attr(e, "generator", "smmc " SMM_VERSION);
    for (size_t i = 0; i < s->prog->models.n; i++)
        write_model(e, s->prog->models.v[i]);
}

static int xml_end(void *w, Session *s)
{
    XmlEmit *e = w;
    if (e->esc && e->doc)
        end(e);
    (void)s;
    free_ids(e);
    xmlBufferFree(e->esc);
    xmlFreeDoc(e->doc);
    buf_free(&e->refs);
    return outbuf_finish(&e->o);
}

/* Each entry checks nothing of a failed start: attr() and text() need a
 * scratch buffer only when a value must be escaped, and end() writes to a
 * buffer whose error is kept. */
static void xml_setting(void *w, Session *s, const Setting *st, uint32_t index)
{
    if (((XmlEmit *)w)->doc)
        write_setting(w, s, st, index);
}

static void xml_target(void *w, Session *s, const Variant *v)
{
    if (((XmlEmit *)w)->doc && !((XmlEmit *)w)->o.rc)
        write_target(w, s, v);
}

static void xml_discard(void *w)
{
    XmlEmit *e = w;
    free_ids(e);
    xmlBufferFree(e->esc);
    xmlFreeDoc(e->doc);
    buf_free(&e->refs);
    outbuf_discard(&e->o);
}

const IrWriter ir_xml_writer = {sizeof(XmlEmit),   xml_begin,           write_profile, xml_setting,
                                write_requirement, write_consideration, xml_target,    xml_end,
                                xml_discard};
