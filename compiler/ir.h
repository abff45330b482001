/*
 * ir.h — the intermediate form: which variants a document holds, the table
 * of settings, requirements and considerations it refers to (ir.c), and the writers that print it
 * (emit_json.c, emit_xml.c).
 *
 * The dispatch is one-way: ir.c selects the variants, computes the
 * document's tables and drives a writer through its IrWriter
 * entries; the writers know nothing of ir.c — they see the document
 * (IrDoc) and one item at a time.
 */
#ifndef SMMC_IR_H
#define SMMC_IR_H

#include "smmc.h"
#include <jansson.h>

/* A resolved selection: one variant, or every default variant of every
 * profile (profile == NULL). */
typedef struct IrSelection {
    Profile *profile;
    const char *sector, *system;
    const Unit *unit; /* when set (and no profile): the profiles declared in this file */
} IrSelection;

/* IR revision 2: a document lists each setting its provenance chains refer
 * to once, in its settings table; a chain is a list of indices into it.
 * When some attribute has no setting at all, entry 0 is the default (no
 * file, layer "default"). */
typedef struct IrDoc {
    smm_provenance prov;
    const uint32_t *index; /* [Setting.ord] = index in the table + 1; 0: not in it */
    bool has_default;      /* entry 0 is the default */
    size_t nsettings;      /* entries, the default included */
    /* The requirements and considerations of the selected variants'
     * layers, listed once each in source order; a target lists indices
     * into these tables.  [ord] = index + 1; 0: not in it. */
    const uint32_t *req_index, *cons_index;
    size_t nrequirements, nconsiderations;
    /* [i] = the decimal digits of index i, [i][0] their count: written
     * for every entry of every chain, so converted once */
    const char (*num)[12];
} IrDoc;

/* Index of a chain's entry in the table. */
static inline uint32_t ir_setting_index(const IrDoc *d, const Setting *st)
{
    return d->index[st->ord] - 1;
}

static inline uint32_t ir_requirement_index(const IrDoc *d, const Require *r)
{
    return d->req_index[r->ord] - 1;
}

static inline uint32_t ir_consideration_index(const IrDoc *d, const ProfConsider *c)
{
    return d->cons_index[c->ord] - 1;
}

/* Its decimal digits (n of them; the 11 bytes from the pointer may be
 * read, so a writer can copy a fixed size). */
static inline const char *ir_index_digits(const IrDoc *d, uint32_t index, size_t *n)
{
    *n = (size_t)d->num[index][0];
    return d->num[index] + 1;
}

/* A writer: begin (header and models), each profile of a target (what
 * every variant of it shares: title, doc, tags, rollup, evidence), each
 * setting of the table in order
 * (NULL = the default entry), each requirement, each consideration, each
 * target, end (or discard, when a failure unwinds the emission).  w is the writer's state
 * (IrWriter.size bytes, zeroed); end returns 0 or -1 on a write error. */
typedef struct IrWriter {
    size_t size;
    void (*begin)(void *w, Session *s, FILE *out, const IrDoc *d);
    void (*profile)(void *w, Session *s, const Profile *p);
    void (*setting)(void *w, Session *s, const Setting *st, uint32_t index);
    void (*requirement)(void *w, Session *s, const Require *r, uint32_t index);
    void (*consideration)(void *w, Session *s, const ProfConsider *c, uint32_t index);
    void (*target)(void *w, Session *s, const Variant *v);
    int (*end)(void *w, Session *s);
    void (*discard)(void *w); /* after a failure: free what begin made, write nothing */
} IrWriter;

extern const IrWriter ir_json_writer, ir_json_reference_writer, ir_xml_writer;

/* Write the IR of sel with writer w: ir.c's one entry for every caller;
 * 0, or -1 on a write error. */
int ir_emit(Session *s, FILE *out, const IrWriter *w, smm_provenance prov, const IrSelection *sel);
/* ir_emit with ir_json_writer, ir_xml_writer */
int ir_emit_json(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel);
int ir_emit_xml(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel);
/* Resolve a command-line selection; reports and returns false on error. */
bool ir_resolve_selection(Session *s, const smm_selection *in, IrSelection *out);

/* The tree forms (jansson) the direct JSON writer is held to byte for byte
 * (tests/unit/test_emit_json.c writes through ir_json_reference_writer). */
json_t *ir_json_model(const Model *m);
json_t *ir_json_profile(const Profile *p);
json_t *ir_json_setting(Session *s, const Setting *st);
json_t *ir_json_requirement(Session *s, const Require *r);
json_t *ir_json_consideration(const ProfConsider *c);
json_t *ir_json_target(Session *s, const Variant *v, const IrDoc *d);

#endif
