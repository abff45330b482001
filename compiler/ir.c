/*
 * ir.c — which variants the intermediate form holds, and the entry point
 * that dispatches to the XML or JSON writer.
 *
 * By default: every profile's base target, one per visible sector, one per
 * visible system, one per system nested in a sector (language.md §5.3), in
 * declaration order.  `--profile P [--sector S] [--system Y]` selects one.
 */
#include "ir.h"
#include "oscal.h"

#include <string.h>

bool ir_resolve_selection(Session *s, const smm_selection *in, IrSelection *out)
{
    memset(out, 0, sizeof *out);
    if (!in || !in->profile) {
        if (in && (in->sector || in->system)) {
            diag_at(s, D_UNKNOWN_VARIANT, LOC_NONE, "--sector and --system need --profile");
            return false;
        }
        return true;
    }
    Name pn = {intern_cstr(s->names, in->profile), LOC_NONE};
    Decl *d = global_lookup(s, pn.text);
    if (!d || d->kind != DECL_PROFILE) {
        report_unknown_global(s, pn, "profile", DECL_PROFILE);
        return false;
    }
    out->profile = ptrmap_get(&s->prog->profile_by_ast, d->u.profile);
    if (in->sector) {
        Name n = {intern_cstr(s->names, in->sector), LOC_NONE};
        if (!(out->sector = profile_check_variant(s, out->profile, n, true)))
            return false;
    }
    if (in->system) {
        Name n = {intern_cstr(s->names, in->system), LOC_NONE};
        if (!(out->system = profile_check_variant(s, out->profile, n, false)) ||
            !profile_check_pair(s, out->profile, out->sector, n))
            return false;
    }
    return true;
}

void ir_for_each_selected(Session *s, const IrSelection *sel, VariantFn fn, void *arg)
{
    Variant v = {0};
    if (sel->profile) {
        variant_compute(s, &v, sel->profile, sel->sector, sel->system);
        fn(s, &v, arg);
    } else if (sel->unit) {
        for (const Decl *d = sel->unit->decls; d; d = d->next)
            if (d->kind == DECL_PROFILE) {
                Profile *p = ptrmap_get(&s->prog->profile_by_ast, d->u.profile);
                if (p && p->model)
                    for_each_default_variant(s, p, &v, VARIANT_FULL, fn, arg);
            }
    } else {
        for (size_t i = 0; i < s->prog->profiles.n; i++)
            for_each_default_variant(s, s->prog->profiles.v[i], &v, VARIANT_FULL, fn, arg);
    }
    variant_free(&v);
}

int smm_emit_ir(smm_session *s, FILE *out, smm_emit fmt, smm_provenance prov, const smm_selection *in)
{
    IrSelection sel;
    if (!ir_resolve_selection(s, in, &sel)) {
        smm_flush_diagnostics(s);
        return 1;
    }
    switch (fmt) {
    case SMM_EMIT_JSON: return ir_emit_json(s, out, prov, &sel);
    case SMM_EMIT_XML: return ir_emit_xml(s, out, prov, &sel);
    case SMM_EMIT_OSCAL_CATALOG: return oscal_emit_catalog(s, out, &sel);
    case SMM_EMIT_OSCAL_PROFILE: return oscal_emit_profile(s, out, &sel);
    default:
        return 0;
    }
}
