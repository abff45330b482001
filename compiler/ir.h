/*
 * ir.h — the intermediate form's writers (emit_json.c, emit_xml.c) and the
 * variant selection they share (ir.c).
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

void ir_for_each_selected(Session *s, const IrSelection *sel, VariantFn fn, void *arg);
int ir_emit_json(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel);
/* reference = true writes every target through jansson (ir_json_target):
 * slower, and the yardstick the direct writer must match byte for byte. */
int ir_emit_json_writer(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel, bool reference);
int ir_emit_xml(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel);
json_t *ir_json_model(const Model *m);
json_t *ir_json_target(Session *s, const Variant *v, smm_provenance prov);
/* Resolve a command-line selection; reports and returns false on error. */
bool ir_resolve_selection(Session *s, const smm_selection *in, IrSelection *out);

#endif
