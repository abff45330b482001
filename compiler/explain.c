/*
 * explain.c — `smmc explain`: the long description of a diagnostic code
 * (from docs/diagnostics.md, compiled into the library so the two cannot
 * disagree), and the cascade behind each effective target value.
 */
#include "smmc.h"
#include "explain.h"

#include <string.h>

extern const char smm_diagnostics_md[];

/* The section of docs/diagnostics.md for diagnostic id: from its anchor
 * line to the next anchor (or the end). */
bool explain_code_text(int id, const char **start, size_t *len)
{
    char anchor[32];
    snprintf(anchor, sizeof anchor, "<a id=\"%s\"></a>", diag_info[id].code);
    for (char *p = anchor; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    const char *a = strstr(smm_diagnostics_md, anchor);
    if (!a)
        return false;
    a += strlen(anchor);
    while (*a == '\n')
        a++;
    const char *e = strstr(a, "<a id=\"");
    if (!e)
        e = a + strlen(a);
    while (e > a && (e[-1] == '\n' || e[-1] == ' '))
        e--;
    *start = a;
    *len = (size_t)(e - a);
    return true;
}

int explain_code(const char *key, FILE *out)
{
    int id = diag_lookup(key);
    if (id < 0)
        return -1;
    const char *text;
    size_t len;
    const DiagInfo *d = &diag_info[id];
    if (!explain_code_text(id, &text, &len)) {
        fprintf(out, "## %s %s\n\n%s.\n", d->code, d->name, d->summary);
        return 0;
    }
    fwrite(text, 1, len, out);
    fputc('\n', out);
    return 0;
}

void explain_list_codes(FILE *out)
{
    static const char *const sev[] = {"off", "note", "remark", "warning", "error"};
    fprintf(out, "%-6s  %-25s  %-8s  %s\n", "code", "name", "default", "summary");
    for (int i = 0; i < DIAG_COUNT; i++) {
        const DiagInfo *d = &diag_info[i];
        fprintf(out, "%-6s  %-25s  %-8s  %s\n", d->code, d->name, sev[d->severity], d->summary);
    }
    fprintf(out, "\nsmmc explain CODE (or NAME) prints the long description, an example and the fix.\n");
}

const char *explain_suggest(const char *word)
{
    const char *cands[2 * DIAG_COUNT];
    for (int i = 0; i < DIAG_COUNT; i++) {
        cands[2 * i] = diag_info[i].code;
        cands[2 * i + 1] = diag_info[i].name;
    }
    return diag_suggest(word, cands, 2 * DIAG_COUNT);
}

void explain_not_found(Session *s, const char *word, const char *where)
{
    Decl *decl = global_lookup(s, word);
    Diag *d = s->pending;
    if ((decl && decl->kind == DECL_PROFILE) || !d || d->id != D_UNKNOWN_NAME)
        return;
    const char *hint = explain_suggest(word);
    diag_note(s, d, LOC_NONE, "looked for a profile in %s", where);
    if (hint)
        diag_note(s, d, LOC_NONE, "no diagnostic is called '%s' either; did you mean '%s' (smmc explain %s)?",
                  word, hint, hint);
}

/* ---------------------------------------------------------------- cascade */

static void print_setting(Session *s, FILE *out, const Setting *st, const Model *m, int attr, bool wins)
{
    SourceFile *f = source_get(s, st->path.loc.file);
    LineCol lc = source_linecol(f, st->path.loc.start);
    char where[64];
    switch (st->block->kind) {
    case LAYER_BODY: snprintf(where, sizeof where, "body"); break;
    case LAYER_SECTOR: snprintf(where, sizeof where, "sector %.40s", st->block->name.text); break;
    case LAYER_SYSTEM: snprintf(where, sizeof where, "system %.40s", st->block->name.text); break;
    default:
        snprintf(where, sizeof where, "sector %.20s system %.20s", st->block->outer->name.text,
                 st->block->name.text);
        break;
    }
    char value[32];
    if (attr == 0)
        snprintf(value, sizeof value, "%d", st->comp.value);
    else
        snprintf(value, sizeof value, "%s", scope_name(st->scope.value));
    fprintf(out, "    %s:%u:%u: %s%s = %s in %s of %s%s%s%s\n", f->display, lc.line, lc.column,
            m->nodes[st->node].id, st->forced ? ".*" : "", value, where, st->owner->name,
            st->because ? " because \"" : "", st->because ? st->because : "", st->because ? "\"" : "");
    if (wins)
        fprintf(out, "    => effective\n");
}

void explain_practice(Session *s, const Variant *v, int pi, FILE *out)
{
    const Model *m = v->profile->model;
    const MNode *n = &m->nodes[m->practices[pi]];
    const EffAttr *c = &v->eff[pi * 2], *sc = &v->eff[pi * 2 + 1];
    fprintf(out, "%s (%s): %d %s\n", n->id, n->path, c->value, scope_name(sc->value));
    for (int attr = 0; attr < 2; attr++) {
        const EffAttr *e = attr == 0 ? c : sc;
        fprintf(out, "  %s %s", attr == 0 ? "comprehensiveness" : "scope",
                attr == 0 ? (const char *[]){"0", "1", "2", "3", "4"}[e->value < 0 ? 0 : e->value]
                          : scope_name(e->value));
        if (e->node < 0) {
            fprintf(out, ": no setting reaches %s, its domain or its dimension (default)\n", n->id);
            continue;
        }
        if (e->node != n->index)
            fprintf(out, ", inherited from %s '%s'", m->nodes[e->node].kind == MN_DOMAIN ? "domain" : "dimension",
                    m->nodes[e->node].id);
        fputs(":\n", out);
        /* application order: lowest layer first, root first — the reverse of
         * the provenance chains, which list the winner first */
        Vec order = {0};
        for (int l = 0; l < 4; l++)
            for (const Prov *pv = e->seg[l]; pv; pv = pv->next)
                vec_push(&order, (void *)pv->s);
        const Setting *win = eff_winner(e);
        for (size_t i = order.n; i-- > 0;)
            print_setting(s, out, order.v[i], m, attr, order.v[i] == win);
        vec_free(&order);
    }
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const ReqLink *rl = v->layers[l]->requires; rl; rl = rl->next) {
            const Require *r = rl->r;
            const MNode *rn = &m->nodes[r->node];
            if (n->practice < rn->first_practice || n->practice >= rn->first_practice + rn->npractices)
                continue;
            SourceFile *f = source_get(s, r->loc.file);
            LineCol lc = source_linecol(f, r->loc.start);
            fprintf(out, "  required: %s %s", r->op == REQ_GE ? ">=" : "<=",
                    r->comp.value >= 0 ? (const char *[]){"0", "1", "2", "3", "4"}[r->comp.value] : "");
            if (r->scope.value != SCOPE_UNSET)
                fprintf(out, "%s%s", r->comp.value >= 0 ? " " : "", scope_name(r->scope.value));
            fprintf(out, " by %s at %s:%u:%u%s%s\n", r->owner->name, f->display, lc.line, lc.column,
                    r->because ? ": " : "", r->because ? r->because : "");
        }
    }
}
