/*
 * query_complete.c — completion candidates (smm_completions): keywords
 * where the grammar allows them, practice paths, levels, scopes, profile,
 * block and consideration names, from the word before the position.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>


static void offer(CompleteCall *c, smm_completion_kind kind, const char *label, const char *detail)
{
    if (c->stop || !label)
        return;
    size_t pl = strlen(c->prefix);
    /* by prefix, or by the last segment of a dotted path */
    const char *last = strrchr(label, '.');
    if (pl && strncmp(label, c->prefix, pl) && !(last && !strncmp(last + 1, c->prefix, pl)))
        return;
    const char *key = intern_cstr(c->s->names, label);
    if (ptrmap_get(&c->seen, key))
        return;
    ptrmap_put(&c->seen, key, (void *)1);
    smm_completion comp = {label, kind, detail};
    c->n++;
    if (c->fn(c->ctx, &comp))
        c->stop = true;
}

static bool ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '.' || ch == '-' || (unsigned char)ch >= 0x80;
}

/* The word before position i (skipping blanks), copied into w. */
static size_t prev_word(const char *t, size_t i, char *w, size_t cap)
{
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
        i--;
    size_t e = i;
    if (i > 0 && !ident_char(t[i - 1])) {
        w[0] = t[i - 1];
        w[1] = 0;
        return i - 1;
    }
    while (i > 0 && ident_char(t[i - 1]))
        i--;
    size_t n = e - i < cap - 1 ? e - i : cap - 1;
    memcpy(w, t + i, n);
    w[n] = 0;
    return i;
}

static const char *const keywords_top[] = {"import", "model", "profile", "assessment", "test"};
static const char *const keywords_profile[] = {"model",   "extends", "doc",      "tags", "rollup", "evidence",
                                               "require", "consider", "sector", "system", "because"};
static const char *const keywords_assessment[] = {"target", "sector", "system", "date",   "assessor", "doc",
                                                  "evidence", "met",  "waive",  "not_applicable", "because",
                                                  "until", "owner"};
static const char *const level_words[] = {"none", "minimum", "ad_hoc", "consistent", "formalized"};
static const char *const scope_words[] = {"general", "industry", "system"};

static void offer_paths(CompleteCall *c, const Model *m)
{
    for (int i = 0; m && i < m->nnodes && !c->stop; i++) {
        const MNode *n = &m->nodes[i];
        smm_completion_kind k = n->kind == MN_PRACTICE ? SMM_COMPLETE_PRACTICE
                                : n->kind == MN_DOMAIN ? SMM_COMPLETE_DOMAIN
                                                       : SMM_COMPLETE_DIMENSION;
        offer(c, k, n->id, n->title);
        offer(c, k, n->path, n->title);
    }
}

static void offer_profiles(CompleteCall *c)
{
    Session *s = c->s;
    for (size_t i = 0; i < s->units.n; i++)
        for (Decl *d = ((Unit *)s->units.v[i])->decls; d; d = d->next)
            if (d->kind == DECL_PROFILE)
                offer(c, SMM_COMPLETE_PROFILE, d->u.profile->name.text, d->u.profile->title);
}

/* The declaration around the offset when the hit has none (the offset is
 * in blank space): the last one starting before it. */
static void enclosing_decl(Unit *u, uint32_t offset, Hit *h)
{
    if (h->prof || h->assess || h->model || h->test)
        return;
    Decl *enc = NULL;
    for (Decl *d = u->decls; d; d = d->next) {
        Loc l = d->kind == DECL_PROFILE      ? d->u.profile->loc
                : d->kind == DECL_MODEL      ? d->u.model->loc
                : d->kind == DECL_ASSESSMENT ? d->u.assessment->loc
                                             : d->u.test->loc;
        if (l.start <= offset)
            enc = d;
    }
    if (enc && enc->kind == DECL_PROFILE)
        h->prof = enc->u.profile;
    else if (enc && enc->kind == DECL_ASSESSMENT)
        h->assess = enc->u.assessment;
}

/* The model of the place: the hit's context, else the profile's `model`. */
static Model *place_model(Session *s, const Hit *h)
{
    Model *m = query_context_model(s, h);
    if (!m && h->prof && h->prof->model.text && query_ready(s, PH_MODELS)) {
        for (size_t k = 0; k < s->prog->models.n; k++)
            if (!strcmp(((Model *)s->prog->models.v[k])->name, h->prof->model.text))
                m = s->prog->models.v[k];
    }
    return m;
}

/* Levels after a comparison, scopes after a level; true when w1 called for them. */
static bool complete_values(CompleteCall *c, const char *w1, bool line_start)
{
    if (!strcmp(w1, "=") || !strcmp(w1, ">=") || !strcmp(w1, "<=") || !strcmp(w1, ">") || !strcmp(w1, "<")) {
        static const char *const digits[] = {"0", "1", "2", "3", "4"};
        for (int k = 0; k < 5; k++)
            offer(c, SMM_COMPLETE_LEVEL, digits[k], level_words[k]);
        for (int k = 0; k < 5; k++)
            offer(c, SMM_COMPLETE_LEVEL, level_words[k], digits[k]);
        return true;
    }
    bool after_level = !strcmp(w1, "scope") || (w1[0] >= '0' && w1[0] <= '4' && !w1[1] && !line_start);
    for (int k = 0; k < 5 && !line_start; k++)
        after_level = after_level || !strcmp(w1, level_words[k]);
    for (int k = 0; k < 3 && after_level; k++)
        offer(c, SMM_COMPLETE_SCOPE, scope_words[k], NULL);
    return after_level;
}

/* After `sector`/`system`: the names visible in the profile (an
 * assessment's target's); true when nothing more is to be offered. */
static bool complete_variants(CompleteCall *c, const Hit *h, bool sector)
{
    Session *s = c->s;
    Profile *p = h->prof ? query_profile(s, h->prof) : NULL;
    if (!p && h->assess) {
        Assessment *a = query_assessment(s, h->assess);
        p = a ? a->profile : NULL;
        if (!p && h->assess->target.text)
            p = query_profile(s, query_ast_profile(s, h->assess->target.text));
    }
    for (int k = 0; p && k < (sector ? p->nsectors : p->nsystems); k++)
        offer(c, SMM_COMPLETE_VARIANT, sector ? p->sectors[k] : p->systems[k], NULL);
    /* a new block may take a new name: nothing more to offer */
    return !h->prof || p;
}

/* Keywords and paths at the start of a line (or after a brace) in a
 * declaration; top-level keywords outside one. */
static void complete_keywords(CompleteCall *c, const Hit *h, Model *m, const char *w1, bool line_start)
{
    if (h->prof || h->assess) {
        if (line_start || !strcmp(w1, "{") || !strcmp(w1, ";") || !strcmp(w1, "}")) {
            const char *const *kw = h->prof ? keywords_profile : keywords_assessment;
            size_t nk = h->prof ? sizeof keywords_profile / sizeof *kw : sizeof keywords_assessment / sizeof *kw;
            offer_paths(c, m);
            for (size_t k = 0; k < nk; k++)
                offer(c, SMM_COMPLETE_KEYWORD, kw[k], NULL);
        }
        return;
    }
    if (line_start)
        for (size_t k = 0; k < sizeof keywords_top / sizeof *keywords_top; k++)
            offer(c, SMM_COMPLETE_KEYWORD, keywords_top[k], NULL);
}

static void complete(void *ctx)
{
    CompleteCall *c = ctx;
    Session *s = c->s;
    SourceFile *f = query_source(s, c->file);
    Unit *u = query_unit(s, f);
    if (!f || c->offset > f->len)
        return;
    const char *t = f->text;
    size_t i = c->offset;
    while (i > 0 && ident_char(t[i - 1]))
        i--;
    char prefix[256];
    size_t pn = c->offset - i < sizeof prefix - 1 ? c->offset - i : sizeof prefix - 1;
    memcpy(prefix, t + i, pn);
    prefix[pn] = 0;
    c->prefix = prefix;
    char w1[128], w2[128];
    size_t j = prev_word(t, i, w1, sizeof w1);
    prev_word(t, j, w2, sizeof w2);
    bool line_start = true;
    for (size_t k = i; k > 0 && t[k - 1] != '\n'; k--)
        if (t[k - 1] != ' ' && t[k - 1] != '\t')
            line_start = false;
    Hit h = u ? query_hit(u, c->offset) : (Hit){0};
    if (u)
        enclosing_decl(u, c->offset, &h);
    Model *m = place_model(s, &h);
    if (!strcmp(w1, "extends") || !strcmp(w1, "target") || (!strcmp(w1, ",") && h.prof && !line_start)) {
        offer_profiles(c);
    } else if (!strcmp(w1, "met")) {
        for (size_t k = 0; m && k < m->considers.cap; k++)
            if (m->considers.keys[k]) {
                const Consideration *x = m->considers.vals[k];
                offer(c, SMM_COMPLETE_CONSIDERATION, x->id, x->text);
            }
    } else if (complete_values(c, w1, line_start)) {
    } else if ((!strcmp(w1, "sector") || !strcmp(w1, "system")) && complete_variants(c, &h, !strcmp(w1, "sector"))) {
    } else if (!strcmp(w1, "model") && h.prof) {
        for (size_t k = 0; k < s->units.n; k++)
            for (Decl *d = ((Unit *)s->units.v[k])->decls; d; d = d->next)
                if (d->kind == DECL_MODEL)
                    offer(c, SMM_COMPLETE_MODEL, d->u.model->name.text, d->u.model->title);
    } else if (!strcmp(w1, "require") || !strcmp(w1, "consider") || !strcmp(w1, "waive") ||
               !strcmp(w1, "not_applicable")) {
        offer_paths(c, m);
    } else {
        complete_keywords(c, &h, m, w1, line_start);
    }
}

size_t smm_completions(smm_session *s, const char *file, uint32_t offset,
                       int (*fn)(void *ctx, const smm_completion *c), void *ctx)
{
    CompleteCall c = {.s = s, .file = file, .offset = offset, .fn = fn, .ctx = ctx, .prefix = ""};
    query_guarded(s, complete, &c);
    ptrmap_free(&c.seen);
    return c.n;
}
