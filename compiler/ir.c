/*
 * ir.c — which variants the intermediate form holds, the tables of
 * profiles, settings, requirements and considerations a document refers to (IR
 * revision 2, tool.md §4), and the one entry point
 * that drives the XML or JSON writer through them (smm_emit_ir, in
 * driver.c, picks the writer).
 *
 * By default: every profile's base target, one per visible sector, one per
 * visible system, one per system nested in a sector (language.md §5.3), in
 * declaration order.  `--profile P [--sector S] [--system Y]` selects one.
 */
#include "ir.h"

#include <stdlib.h>
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
    if (!out->profile) /* not resolved (keep_going): the caller finds no profile */
        return true;
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

/* Every selected variant, in document order. */
static void for_each_selected(Session *s, const IrSelection *sel, VariantFn fn, void *arg)
{
    Variant v = {0};
    Hold h;
    guard_hold(&h, hold_variant, &v);
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
    guard_drop(&h);
    variant_free(&v);
}

/* ---------------------------------------------------------------- the tables
 * The tables are written before the first target, so that the targets can
 * be streamed: a first walk over the selected variants marks the settings
 * their chains refer to (the winners only with --provenance winner), the
 * requirements and considerations of their layers and their profiles;
 * each table lists what was marked in source order (profiles in
 * declaration order).  Memory: a word or two per setting,
 * requirement and consideration of the program, whatever the number of
 * variants. */

typedef struct {
    IrDoc doc;
    bool *profiles;             /* [Profile.order]: some target is of it */
    uint32_t *index, *req_index, *cons_index;
    const Require **reqs;       /* [ord], when marked */
    const ProfConsider **cons;  /* [ord], when marked */
    char (*num)[12];
    const IrWriter *w;
    void *state;                /* the writer's */
} Table;

/* Also guard_hold's release: after a failure, the writer discards. */
static void table_free(void *ctx)
{
    Table *t = ctx;
    if (t->state)
        t->w->discard(t->state);
    free(t->state);
    free(t->index);
    free(t->profiles);
    free(t->req_index);
    free(t->cons_index);
    free(t->reqs);
    free(t->cons);
    free(t->num);
}

static void mark_items(Table *t, const Variant *v)
{
    /* the body layer (3) of a sector's or system's variant is the base
     * variant's, marked with it */
    for (int l = 0; l < (v->base ? 3 : 4); l++) {
        const MergedLayer *ly = v->layers[l];
        if (!ly)
            continue;
        for (const ReqLink *k = ly->requires; k; k = k->next)
            t->reqs[k->r->ord] = k->r;
        for (const ConsLink *k = ly->considers; k; k = k->next)
            t->cons[k->c->ord] = k->c;
    }
}

static void mark_variant(Session *s, Variant *v, void *arg)
{
    (void)s;
    Table *t = arg;
    int n = v->profile->model->npractices * 2;
    for (int k = 0; k < n; k++) {
        const EffAttr *e = &v->eff[k];
        /* most of a sector's or system's chains are the base variant's,
         * which for_each_default_variant hands over first: marked then */
        if (v->base && !memcmp(e->seg, v->base[k].seg, sizeof e->seg))
            continue;
        bool any = false;
        for (int l = 0; l < 4 && !(any && t->doc.prov == SMM_PROV_WINNER); l++)
            for (const Prov *pv = e->seg[l]; pv; pv = pv->next) {
                t->index[pv->s->ord] = 1;
                any = true;
                if (t->doc.prov == SMM_PROV_WINNER)
                    break;
            }
        t->doc.has_default |= !any;
    }
    t->profiles[v->profile->order] = true;
    mark_items(t, v);
}

/* Number the marked entries of a table in source order: [ord] = index + 1. */
static uint32_t number(uint32_t *index, size_t n, uint32_t next)
{
    for (size_t i = 0; i < n; i++)
        if (index[i])
            index[i] = ++next;
    return next;
}

static void build_table(Session *s, const IrSelection *sel, Table *t)
{
    size_t n = s->prog->settings.n;
    size_t nr = (size_t)s->prog->nrequires, nc = (size_t)s->prog->nconsiders;
    t->index = xcalloc(n ? n : 1, sizeof *t->index);
    t->profiles = xcalloc(s->prog->profiles.n + 1, sizeof *t->profiles);
    t->req_index = xcalloc(nr ? nr : 1, sizeof *t->req_index);
    t->cons_index = xcalloc(nc ? nc : 1, sizeof *t->cons_index);
    t->reqs = xcalloc(nr ? nr : 1, sizeof *t->reqs);
    t->cons = xcalloc(nc ? nc : 1, sizeof *t->cons);
    t->doc.index = t->index;
    t->doc.req_index = t->req_index;
    t->doc.cons_index = t->cons_index;
    for_each_selected(s, sel, mark_variant, t);
    t->doc.nsettings = number(t->index, n, t->doc.has_default);
    for (size_t i = 0; i < nr; i++)
        t->req_index[i] = t->reqs[i] != NULL;
    for (size_t i = 0; i < nc; i++)
        t->cons_index[i] = t->cons[i] != NULL;
    t->doc.nrequirements = number(t->req_index, nr, 0);
    t->doc.nconsiderations = number(t->cons_index, nc, 0);
    size_t most = t->doc.nsettings;
    if (t->doc.nrequirements > most)
        most = t->doc.nrequirements;
    if (t->doc.nconsiderations > most)
        most = t->doc.nconsiderations;
    t->num = xmalloc((most ? most : 1) * sizeof *t->num);
    for (size_t i = 0; i < most; i++) /* at most 10 digits */
        t->num[i][0] = (char)snprintf(t->num[i] + 1, sizeof t->num[i] - 1, "%u", (unsigned)i);
    t->doc.num = (const char (*)[12])t->num;
}

typedef struct {
    const IrWriter *w;
    void *state;
} Drive;

static void write_target(Session *s, Variant *v, void *arg)
{
    Drive *d = arg;
    d->w->target(d->state, s, v);
}

int ir_emit(Session *s, FILE *out, const IrWriter *w, smm_provenance prov, const IrSelection *sel)
{
    Table t = {.doc = {.prov = prov}, .w = w};
    Hold h;
    guard_hold(&h, table_free, &t);
    build_table(s, sel, &t);
    t.state = xcalloc(1, w->size);
    Drive d = {w, t.state};
    w->begin(d.state, s, out, &t.doc);
    for (size_t i = 0; i < s->prog->profiles.n; i++)
        if (t.profiles[i])
            w->profile(d.state, s, s->prog->profiles.v[i]);
    if (t.doc.has_default)
        w->setting(d.state, s, NULL, 0);
    for (size_t i = 0; i < s->prog->settings.n; i++)
        if (t.index[i])
            w->setting(d.state, s, s->prog->settings.v[i], t.index[i] - 1);
    for (int i = 0; i < s->prog->nrequires; i++)
        if (t.reqs[i])
            w->requirement(d.state, s, t.reqs[i], t.req_index[i] - 1);
    for (int i = 0; i < s->prog->nconsiders; i++)
        if (t.cons[i])
            w->consideration(d.state, s, t.cons[i], t.cons_index[i] - 1);
    for_each_selected(s, sel, write_target, &d);
    int rc = w->end(d.state, s);
    guard_drop(&h);
    free(t.state);
    t.state = NULL;
    table_free(&t);
    return rc;
}

int ir_emit_json(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel)
{
    return ir_emit(s, out, &ir_json_writer, prov, sel);
}

int ir_emit_xml(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel)
{
    return ir_emit(s, out, &ir_xml_writer, prov, sel);
}
