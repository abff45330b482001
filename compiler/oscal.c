/*
 * oscal.c — what every OSCAL document smmc writes shares, and the two
 * documents `smmc compile` writes (tool.md §8, docs/oscal.md):
 *
 *   --emit oscal-catalog  the model: dimensions and domains as nested
 *                         groups, practices as controls (control id =
 *                         practice id), one "objective" part per
 *                         comprehensiveness level 1..4 with the level's
 *                         considerations as sub-parts (ids kept), and two
 *                         parameters per control, the target
 *                         comprehensiveness and scope, with their choices;
 *   --emit oscal-profile  one resolved target: imports the catalog, sets
 *                         both parameters of every practice, with where each
 *                         value came from (props and remarks) and the
 *                         `require` bounds as parameter constraints; the
 *                         profile's own considerations are added to the
 *                         level parts by `alters`.
 *
 * Invariants: the same inputs give the same bytes (UUIDs are version 5
 * UUIDs of names, times come from the inputs, order is model order); every
 * string is cleaned for the schemas' patterns (StringDatatype and
 * MarkupLine forbid line breaks and, for the former, white space at the
 * ends) before jansson escapes it, and the text of markup fields is
 * escaped for Markdown (oscal_markdown): smmc writes plain text, never
 * formatting.
 */
#include "oscal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const oscal_level_words[5] = {"none", "minimum", "ad hoc", "consistent", "formalized"};

/* ---------------------------------------------------------------- UUIDs */

const char *oscal_uuid(Session *s, const char *fmt, ...)
{
    static const unsigned char url_ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                             0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    unsigned char ns[16], u[16];
    uuid_v5(url_ns, OSCAL_NS, strlen(OSCAL_NS), ns);
    char small[256], *name = small;
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        n = 0;
    } else if ((size_t)n >= sizeof small) {
        name = xmalloc((size_t)n + 1);
        vsnprintf(name, (size_t)n + 1, fmt, ap2);
    }
    va_end(ap2);
    va_end(ap);
    uuid_v5(ns, name, (size_t)n, u);
    if (name != small)
        free(name);
    char text[37];
    uuid_format(u, text);
    return arena_strdup(s->arena, text);
}

/* ---------------------------------------------------------------- text */

/* The next code point of valid UTF-8 at p (its length in *len), or -1 for
 * a byte that starts no valid sequence (*len = 1). */
static long next_cp(const unsigned char *p, int *len)
{
    unsigned c = p[0];
    int n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    *len = 1;
    if (n == 0)
        return -1;
    long cp = n == 1 ? (long)c : n == 2 ? (long)(c & 0x1f) : n == 3 ? (long)(c & 0x0f) : (long)(c & 0x07);
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return -1;
        cp = cp << 6 | (p[i] & 0x3f);
    }
    static const long min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return -1;
    *len = n;
    return cp;
}

/* White space as JavaScript's \s (the schemas' patterns run as ECMAScript
 * regular expressions with the u flag). */
static bool js_space(long cp)
{
    return (cp >= 9 && cp <= 13) || cp == 32 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000 || cp == 0xfeff;
}

/* What '.' does not match: the line terminators. */
static bool js_line_end(long cp)
{
    return cp == 10 || cp == 13 || cp == 0x2028 || cp == 0x2029;
}

/* Valid UTF-8 (invalid bytes → U+FFFD); one_line: line terminators become
 * spaces and white space at the ends goes.  Heap string. */
static char *clean(const char *text, bool one_line)
{
    Buf b = {0};
    size_t keep = 0; /* length up to the last non-space */
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        int len;
        long cp = next_cp(p, &len);
        if (cp < 0) {
            buf_puts(&b, "\xef\xbf\xbd");
            keep = b.n;
        } else if (one_line && js_space(cp)) {
            if (b.n > 0)
                buf_putn(&b, js_line_end(cp) ? " " : (const char *)p, js_line_end(cp) ? 1 : (size_t)len);
        } else {
            buf_putn(&b, (const char *)p, (size_t)len);
            keep = b.n;
        }
        p += len;
    }
    if (one_line)
        b.n = keep;
    buf_putc(&b, 0);
    return b.s;
}

json_t *oscal_line(const char *text)
{
    if (!text)
        return NULL;
    char *c = clean(text, true);
    json_t *j = *c ? json_string(c) : NULL;
    free(c);
    return j;
}

/* ---------------------------------------------------------------- Markdown */

/* OSCAL's markup types (MarkupLine, MarkupMultiline) are CommonMark, and
 * smmc's text is plain: a title "*Draft*", a doc line "# 1" or "1. first",
 * a reason with <b> in it would render as emphasis, a heading, a list, raw
 * HTML.  md_line and md_escape put a backslash before the ASCII punctuation
 * that would start markup where it stands (CommonMark 0.31, "Backslash
 * escapes") and nowhere else, so the JSON stays readable and renders as
 * the text.  GitHub's extensions (tables, strikethrough) are not CommonMark
 * and not escaped. */

static bool md_blank(int c)
{
    return c == 0 || c == ' ' || c == '\t';
}

static bool md_alnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool md_punct(int c)
{
    return c > 0x20 && c < 0x7f && !md_alnum(c);
}

/* Whether the line p[0..n) is a thematic break (three or more of one of
 * - * _, white space between) or a setext underline (= or - only). */
static bool md_rule(const char *p, size_t n)
{
    char c = p[0];
    int count = 0;
    bool spaced = false;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == c)
            count++;
        else if (p[i] == ' ' || p[i] == '\t')
            spaced = true;
        else
            return false;
    }
    if ((c == '=' || c == '-') && !spaced)
        return true;
    return (c == '-' || c == '*' || c == '_') && count >= 3;
}

/* The offset in line p[0..n) of the character that would open a block
 * (heading, block quote, list item, rule, code fence) at its start, or -1.
 * An ordered list's marker is escaped at its delimiter ("1\. "). */
static long md_block_start(const char *p, size_t n)
{
    size_t i = 0;
    switch (p[0]) {
    case '#':
        while (i < n && i < 7 && p[i] == '#')
            i++;
        return i <= 6 && (i == n || md_blank(p[i])) ? 0 : -1;
    case '>': return 0;
    case '-': case '+': case '*':
        if (n == 1 || md_blank(p[1]))
            return 0;
        return md_rule(p, n) ? 0 : -1;
    case '_': case '=': return md_rule(p, n) ? 0 : -1;
    case '~': return n >= 3 && p[1] == '~' && p[2] == '~' ? 0 : -1;
    default:
        while (i < n && i < 10 && p[i] >= '0' && p[i] <= '9')
            i++;
        if (i >= 1 && i <= 9 && i < n && (p[i] == '.' || p[i] == ')') && (i + 1 == n || md_blank(p[i + 1])))
            return (long)i;
        return -1;
    }
}

/* Whether '&' at p starts an entity or a numeric character reference. */
static bool md_entity(const char *p)
{
    size_t i = 1, digits = 0;
    bool hex = false;
    if (p[1] == '#') {
        i = 2;
        hex = p[2] == 'x' || p[2] == 'X';
        i += hex;
        while (hex ? (md_alnum(p[i]) && strchr("0123456789abcdefABCDEF", p[i])) : (p[i] >= '0' && p[i] <= '9'))
            i++, digits++;
        return digits >= 1 && digits <= (hex ? 6u : 7u) && p[i] == ';';
    }
    if (!md_alnum(p[1]) || (p[1] >= '0' && p[1] <= '9'))
        return false;
    while (md_alnum(p[i]))
        i++;
    return p[i] == ';';
}

/* Whether the character at p[i] of line p[0..n) must be escaped inline. */
static bool md_inline(const char *p, size_t n, size_t i)
{
    int prev = i ? (unsigned char)p[i - 1] : 0, next = i + 1 < n ? (unsigned char)p[i + 1] : 0;
    switch (p[i]) {
    case '\\': return next == 0 || md_punct(next);
    case '`': case '[': return true;
    /* a run of * or _ with white space on both sides cannot open or close
     * emphasis; _ between letters or digits cannot either */
    case '*': return !(md_blank(prev) && md_blank(next));
    case '_': return !(md_blank(prev) && md_blank(next)) && !(md_alnum(prev) && md_alnum(next));
    case '<': return !md_blank(next); /* a tag, an autolink, an HTML block */
    case '&': return md_entity(p + i);
    default: return false;
    }
}

/* One line, without its line end and surrounding white space, escaped. */
static void md_line(Buf *b, const char *p, size_t n)
{
    long block = n ? md_block_start(p, n) : -1;
    for (size_t i = 0; i < n; i++) {
        if ((long)i == block || md_inline(p, n, i))
            buf_putc(b, '\\');
        buf_putc(b, p[i]);
    }
}

char *oscal_markdown(const char *text, bool multiline)
{
    Buf b = {0};
    bool para = false, gap = false; /* in a paragraph; a blank line since */
    for (const char *p = text; *p;) {
        size_t len = multiline ? strcspn(p, "\r\n") : strlen(p);
        const char *end = p + len;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *e = end;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > p) {
            if (para)
                buf_puts(&b, gap ? "\n\n" : "\n");
            md_line(&b, p, (size_t)(e - p));
            para = true;
            gap = false;
        } else {
            gap = para;
        }
        p = end + (*end == '\r' && end[1] == '\n' ? 2 : *end ? 1 : 0);
    }
    buf_putc(&b, 0);
    return b.s;
}

/* clean, then escaped for Markdown; NULL when nothing is left of a line */
static json_t *markup(const char *text, bool multiline)
{
    if (!text)
        return NULL;
    char *c = clean(text, !multiline);
    char *m = oscal_markdown(c, multiline);
    json_t *j = *m || multiline ? json_string(m) : NULL;
    free(m);
    free(c);
    return j;
}

json_t *oscal_markup_line(const char *text)
{
    return markup(text, false);
}

json_t *oscal_markup(const char *text)
{
    return markup(text, true);
}

void oscal_set_markup_line(json_t *obj, const char *key, const char *text, const char *fallback)
{
    json_t *j = oscal_markup_line(text);
    if (!j)
        j = oscal_markup_line(fallback);
    if (j)
        json_object_set_new(obj, key, j);
}

void oscal_set_markup(json_t *obj, const char *key, const char *text)
{
    json_t *j = oscal_markup(text);
    if (j)
        json_object_set_new(obj, key, j);
}

void oscal_set_array(json_t *obj, const char *key, json_t *arr)
{
    if (json_array_size(arr))
        json_object_set_new(obj, key, arr);
    else
        json_decref(arr);
}

void oscal_prop(json_t *obj, const char *name, const char *value)
{
    json_t *v = oscal_line(value);
    if (!v)
        return;
    json_t *props = json_object_get(obj, "props");
    if (!props) {
        props = json_array();
        json_object_set_new(obj, "props", props);
    }
    json_t *p = json_object();
    json_object_set_new(p, "name", json_string(name));
    json_object_set_new(p, "ns", json_string(OSCAL_NS));
    json_object_set_new(p, "value", v);
    json_array_append_new(props, p);
}

void oscal_propf(json_t *obj, const char *name, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    oscal_prop(obj, name, buf);
}

/* ---------------------------------------------------------------- times */

/* The schemas' date-time pattern accepts years 1900..2999 only. */
static bool date_in_range(DateLit d)
{
    return d.y >= 1900 && d.y <= 2999 && d.m >= 1 && d.d >= 1;
}

const char *oscal_default_time(Session *s)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (env && *env) {
        char *end;
        errno = 0;
        long long v = strtoll(env, &end, 10);
        time_t t = (time_t)v;
        struct tm tm;
        if (!*end && errno == 0 && v >= 0 && gmtime_r(&t, &tm) && tm.tm_year + 1900 <= 2999)
            return arena_printf(s->arena, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    DateLit latest = {0};
    if (s->prog)
        for (size_t i = 0; i < s->prog->assessments.n; i++) {
            const Assessment *a = s->prog->assessments.v[i];
            if (date_in_range(a->ast->date) && date_key(a->ast->date) > date_key(latest))
                latest = a->ast->date;
        }
    if (latest.y)
        return arena_printf(s->arena, "%04d-%02d-%02dT00:00:00Z", latest.y, latest.m, latest.d);
    return "1970-01-01T00:00:00Z";
}

const char *oscal_time(Session *s, DateLit d)
{
    if (!date_in_range(d))
        return oscal_default_time(s);
    return arena_printf(s->arena, "%04d-%02d-%02dT00:00:00Z", d.y, d.m, d.d);
}

json_t *oscal_metadata(const char *title, const char *last_modified, const char *version)
{
    json_t *m = json_object();
    oscal_set_markup_line(m, "title", title, "untitled");
    json_object_set_new(m, "last-modified", json_string(last_modified));
    json_t *v = oscal_line(version);
    json_object_set_new(m, "version", v ? v : json_string("unversioned"));
    json_object_set_new(m, "oscal-version", json_string(OSCAL_VERSION));
    oscal_prop(m, "generator", "smmc " SMM_VERSION);
    return m;
}

const char *oscal_where(Session *s, Loc loc)
{
    SourceFile *f = source_get(s, loc.file);
    if (!f)
        return NULL;
    LineCol lc = source_linecol(f, loc.start);
    return arena_printf(s->arena, "%s:%u:%u", f->display, lc.line, lc.column);
}

int oscal_write(const char *model, json_t *body, FILE *out)
{
    json_t *doc = json_object();
    json_object_set_new(doc, model, body);
    int rc = json_dumpf(doc, out, JSON_INDENT(2));
    json_decref(doc);
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    return rc || ferror(out) ? -1 : 0;
}

/* ---------------------------------------------------------------- catalog */

/* The model a catalog is written for: the model of --profile, else the
 * only model of the inputs that no other model extends (a model and its
 * extensions are one catalog: the extension's).  NULL after a message. */
static const Model *catalog_model(Session *s, const IrSelection *sel)
{
    if (sel->profile)
        return sel->profile->model;
    Vec leaves = {0};
    for (size_t i = 0; i < s->prog->models.n; i++) {
        const Model *m = s->prog->models.v[i];
        bool base = false;
        for (size_t j = 0; j < s->prog->models.n && !base; j++)
            base = ((const Model *)s->prog->models.v[j])->base == m;
        if (!base)
            vec_push(&leaves, (void *)m);
    }
    const Model *m = leaves.n == 1 ? leaves.v[0] : NULL;
    FILE *err = s->diag_out ? s->diag_out : stderr;
    if (leaves.n == 0)
        fprintf(err, "smmc: the input files define no model: nothing to write as an OSCAL catalog\n");
    else if (!m) {
        fprintf(err, "smmc: the input files define several models; choose one with --profile P (the catalog of "
                     "P's model):");
        for (size_t i = 0; i < leaves.n; i++)
            fprintf(err, " %s", ((const Model *)leaves.v[i])->name);
        fputc('\n', err);
    }
    vec_free(&leaves);
    return m;
}

static const char *catalog_file(Session *s, const Model *m)
{
    return arena_printf(s->arena, "%s.catalog.json", m->name);
}

static json_t *level_part(Session *s, const MNode *n, int level)
{
    json_t *part = json_object();
    json_object_set_new(part, "id", json_string(arena_printf(s->arena, "%s.level-%d", n->id, level)));
    json_object_set_new(part, "name", json_string("objective"));
    json_object_set_new(part, "title",
                        oscal_markup_line(arena_printf(s->arena, "Level %d: %s", level, oscal_level_words[level])));
    oscal_propf(part, "level", "%d", level);
    oscal_set_markup(part, "prose", n->objective[level]);
    json_t *subs = json_array();
    for (const Consideration *c = n->considers[level]; c; c = c->next) {
        json_t *cp = json_object();
        json_object_set_new(cp, "id", json_string(c->id));
        json_object_set_new(cp, "name", json_string("consideration"));
        json_object_set_new(cp, "ns", json_string(OSCAL_NS));
        oscal_set_markup(cp, "prose", c->text);
        json_array_append_new(subs, cp);
    }
    oscal_set_array(part, "parts", subs);
    return part;
}

static json_t *param(Session *s, const MNode *n, bool scope)
{
    json_t *p = json_object();
    json_object_set_new(p, "id", json_string(arena_printf(s->arena, "%s.%s", n->id,
                                                          scope ? "scope" : "comprehensiveness")));
    json_object_set_new(p, "label", oscal_markup_line(scope ? "target scope" : "target comprehensiveness"));
    json_object_set_new(p, "usage",
                        oscal_markup(scope ? "The scope the target asks of this practice: general, industry "
                                            "(sector-specific) or system (specific to the system)."
                                          : "The comprehensiveness level the target asks of this practice: "
                                            "0 none, 1 minimum, 2 ad hoc, 3 consistent, 4 formalized."));
    json_t *sel = json_object(), *choice = json_array();
    json_object_set_new(sel, "how-many", json_string("one"));
    if (scope) {
        for (int i = SCOPE_GENERAL; i <= SCOPE_SYSTEM; i++)
            json_array_append_new(choice, json_string(scope_name(i)));
    } else {
        for (int i = 0; i <= 4; i++)
            json_array_append_new(choice, json_string(arena_printf(s->arena, "%d", i)));
    }
    json_object_set_new(sel, "choice", choice);
    json_object_set_new(p, "select", sel);
    return p;
}

static json_t *control(Session *s, const MNode *n)
{
    json_t *c = json_object();
    json_object_set_new(c, "id", json_string(n->id));
    json_object_set_new(c, "class", json_string("practice"));
    oscal_set_markup_line(c, "title", n->title, n->id);
    json_t *params = json_array();
    json_array_append_new(params, param(s, n, false));
    json_array_append_new(params, param(s, n, true));
    json_object_set_new(c, "params", params);
    oscal_prop(c, "path", n->path);
    json_t *parts = json_array();
    for (int l = 1; l <= 4; l++)
        json_array_append_new(parts, level_part(s, n, l));
    json_object_set_new(c, "parts", parts);
    return c;
}

/* The group of dimension or domain k, with its sub-groups and controls. */
static json_t *group(Session *s, const Model *m, int k)
{
    const MNode *n = &m->nodes[k];
    json_t *g = json_object();
    json_object_set_new(g, "id", json_string(n->id));
    json_object_set_new(g, "class", json_string(n->kind == MN_DIMENSION ? "dimension" : "domain"));
    oscal_set_markup_line(g, "title", n->title, n->id);
    oscal_prop(g, "path", n->path);
    json_t *groups = json_array(), *controls = json_array();
    for (int i = k + 1; i < m->nnodes; i++) {
        if (m->nodes[i].parent != k)
            continue;
        if (m->nodes[i].kind == MN_PRACTICE)
            json_array_append_new(controls, control(s, &m->nodes[i]));
        else
            json_array_append_new(groups, group(s, m, i));
    }
    oscal_set_array(g, "groups", groups);
    oscal_set_array(g, "controls", controls);
    return g;
}

int oscal_emit_catalog(Session *s, FILE *out, const IrSelection *sel)
{
    const Model *m = catalog_model(s, sel);
    if (!m)
        return 2;
    json_t *cat = json_object();
    json_object_set_new(cat, "uuid", json_string(oscal_uuid(s, "catalog/%s", m->name)));
    json_t *md = oscal_metadata(m->title ? m->title : m->name, oscal_default_time(s), m->version);
    oscal_prop(md, "model", m->name);
    for (const Model *b = m->base; b; b = b->base)
        oscal_prop(md, "extends", b->name);
    oscal_set_markup(md, "remarks", m->ast ? m->ast->doc : NULL);
    json_object_set_new(cat, "metadata", md);
    json_t *groups = json_array(), *controls = json_array();
    for (int i = 0; i < m->nnodes; i++) {
        if (m->nodes[i].parent >= 0)
            continue;
        if (m->nodes[i].kind == MN_PRACTICE)
            json_array_append_new(controls, control(s, &m->nodes[i]));
        else
            json_array_append_new(groups, group(s, m, i));
    }
    oscal_set_array(cat, "controls", controls);
    oscal_set_array(cat, "groups", groups);
    return oscal_write("catalog", cat, out);
}

/* ---------------------------------------------------------------- profile */

/* "body", "sector S", "system Y", "sector S system Y" */
static const char *block_name(Session *s, const Block *b)
{
    switch (b->kind) {
    case LAYER_SECTOR: return arena_printf(s->arena, "sector %s", b->name.text);
    case LAYER_SYSTEM: return arena_printf(s->arena, "system %s", b->name.text);
    case LAYER_SECTOR_SYSTEM:
        return arena_printf(s->arena, "sector %s system %s", b->outer ? b->outer->name.text : "?", b->name.text);
    default: return "body";
    }
}

/* The set-parameter of one attribute of practice i: the value, where the
 * winning setting is and the settings it overrode (props), and the bounds
 * the requirements put on it (constraints). */
static json_t *set_param(Session *s, const Variant *v, int i, int attr, smm_provenance prov)
{
    const Model *m = v->profile->model;
    const MNode *n = &m->nodes[m->practices[i]];
    const EffAttr *e = &v->eff[i * 2 + attr];
    json_t *sp = json_object();
    json_object_set_new(sp, "param-id",
                        json_string(arena_printf(s->arena, "%s.%s", n->id, attr ? "scope" : "comprehensiveness")));
    json_t *vals = json_array();
    json_array_append_new(vals, json_string(attr ? scope_name(e->value) : arena_printf(s->arena, "%d", e->value)));
    bool first = true;
    for (int l = 0; l < 4; l++)
        for (const Prov *pv = e->seg[l]; pv; pv = pv->next) {
            const Setting *st = pv->s;
            const char *where = oscal_where(s, st->path.loc);
            if (first) {
                oscal_prop(sp, "source", where);
                oscal_prop(sp, "profile", st->owner->name);
                oscal_prop(sp, "layer", layer_name(st->block->kind));
                if (st->block->kind != LAYER_BODY)
                    oscal_prop(sp, "block", block_name(s, st->block));
                oscal_prop(sp, "node", m->nodes[st->node].path);
                oscal_prop(sp, "because", st->because);
            } else if (prov == SMM_PROV_FULL) {
                oscal_prop(sp, "overrides", arena_printf(s->arena, "%s (%s) at %s on %s", st->owner->name,
                                                         block_name(s, st->block), where ? where : "?",
                                                         m->nodes[st->node].path));
            }
            first = false;
        }
    if (first)
        oscal_prop(sp, "layer", "default");
    json_object_set_new(sp, "values", vals);
    /* requirements on this practice and attribute, each once */
    json_t *cons = json_array();
    Vec seen = {0};
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const ReqLink *rl = v->layers[l]->requires; rl; rl = rl->next) {
            const Require *r = rl->r;
            int want = require_want(r, attr);
            const MNode *rn = &m->nodes[r->node];
            if (want < 0 || i < rn->first_practice || i >= rn->first_practice + rn->npractices)
                continue;
            bool dup = false;
            for (size_t k = 0; k < seen.n && !dup; k++)
                dup = seen.v[k] == r;
            if (dup)
                continue;
            vec_push(&seen, (void *)r);
            const char *wv = attr ? scope_name(want) : arena_printf(s->arena, "%d", want);
            const char *op = r->op == REQ_GE ? ">=" : "<=";
            json_t *c = json_object();
            const char *where = oscal_where(s, r->loc);
            json_object_set_new(
                c, "description",
                oscal_markup(arena_printf(s->arena, "%s %s: required by %s (%s) at %s on %s%s%s", op, wv,
                                        r->owner->name, block_name(s, r->block), where ? where : "?", rn->path,
                                        r->because ? ", because " : "", r->because ? r->because : "")));
            json_t *tests = json_array(), *t = json_object();
            json_object_set_new(t, "expression", json_string(arena_printf(s->arena, "%s.%s %s %s", n->id,
                                                                           attr ? "scope" : "comprehensiveness",
                                                                           op, wv)));
            json_array_append_new(tests, t);
            json_object_set_new(c, "tests", tests);
            json_array_append_new(cons, c);
        }
    }
    vec_free(&seen);
    oscal_set_array(sp, "constraints", cons);
    return sp;
}

/* The profile's own considerations (`consider`), added to the level parts
 * of the catalog's controls. */
static json_t *alters(Session *s, const Variant *v)
{
    const Model *m = v->profile->model;
    json_t *alts = json_array();
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const ConsLink *cl = v->layers[l]->considers; cl; cl = cl->next) {
            const ProfConsider *c = cl->c;
            if (c->node < 0 || c->level.value < 1 || c->level.value > 4)
                continue;
            const MNode *n = &m->nodes[c->node];
            json_t *a = json_object(), *adds = json_array(), *add = json_object(), *parts = json_array();
            json_object_set_new(a, "control-id", json_string(n->id));
            json_object_set_new(add, "position", json_string("ending"));
            json_object_set_new(add, "by-id",
                                json_string(arena_printf(s->arena, "%s.level-%d", n->id, c->level.value)));
            json_t *p = json_object();
            json_object_set_new(p, "id", json_string(c->id.text));
            json_object_set_new(p, "name", json_string("consideration"));
            json_object_set_new(p, "ns", json_string(OSCAL_NS));
            oscal_prop(p, "profile", c->owner->name);
            oscal_prop(p, "layer", block_name(s, c->block));
            oscal_prop(p, "source", oscal_where(s, c->loc));
            oscal_set_markup(p, "prose", c->text);
            json_array_append_new(parts, p);
            json_object_set_new(add, "parts", parts);
            json_array_append_new(adds, add);
            json_object_set_new(a, "adds", adds);
            json_array_append_new(alts, a);
        }
    }
    return alts;
}

int oscal_emit_profile(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel)
{
    if (!sel->profile) {
        FILE *err = s->diag_out ? s->diag_out : stderr;
        fprintf(err, "smmc: an OSCAL profile is one resolved target: give --profile P [--sector S] [--system Y]\n");
        return 2;
    }
    Profile *p = sel->profile;
    const Model *m = p->model;
    Variant v = {0};
    Hold h;
    guard_hold(&h, hold_variant, &v);
    variant_compute(s, &v, p, sel->sector, sel->system);
    json_t *prof = json_object();
    json_object_set_new(prof, "uuid", json_string(oscal_uuid(s, "profile/%s/%s/%s", p->name,
                                                             sel->sector ? sel->sector : "",
                                                             sel->system ? sel->system : "")));
    const char *name = arena_printf(s->arena, "%s%s%s%s%s", p->name, sel->sector ? " sector " : "",
                                    sel->sector ? sel->sector : "", sel->system ? " system " : "",
                                    sel->system ? sel->system : "");
    const char *title = p->ast->title ? arena_printf(s->arena, "%s (%s)", p->ast->title, name) : name;
    json_t *md = oscal_metadata(title, oscal_default_time(s), m->version);
    oscal_prop(md, "profile", p->name);
    oscal_prop(md, "sector", sel->sector);
    oscal_prop(md, "system", sel->system);
    oscal_prop(md, "model", m->name);
    for (int i = 0; i < p->nparents; i++)
        oscal_prop(md, "extends", p->parents[i]->name);
    oscal_prop(md, "rollup", p->rollup);
    oscal_prop(md, "evidence", p->evidence_strict ? "strict" : "claimed");
    for (const StrList *t = p->ast->tags; t; t = t->next)
        oscal_prop(md, "tag", t->text);
    oscal_set_markup(md, "remarks", p->ast->doc);
    json_object_set_new(prof, "metadata", md);

    const char *res = oscal_uuid(s, "catalog-resource/%s", m->name);
    json_t *imports = json_array(), *imp = json_object();
    json_object_set_new(imp, "href", json_string(arena_printf(s->arena, "#%s", res)));
    json_object_set_new(imp, "include-all", json_object());
    json_array_append_new(imports, imp);
    json_object_set_new(prof, "imports", imports);

    json_t *modify = json_object(), *sps = json_array();
    for (int i = 0; i < m->npractices; i++) {
        json_array_append_new(sps, set_param(s, &v, i, 0, prov));
        json_array_append_new(sps, set_param(s, &v, i, 1, prov));
    }
    oscal_set_array(modify, "set-parameters", sps);
    json_t *alts = alters(s, &v);
    oscal_set_array(modify, "alters", alts);
    if (json_object_size(modify))
        json_object_set_new(prof, "modify", modify);
    else
        json_decref(modify);

    json_t *bm = json_object(), *resources = json_array(), *r = json_object(), *rlinks = json_array(),
           *rl = json_object();
    json_object_set_new(r, "uuid", json_string(res));
    json_object_set_new(r, "title", oscal_markup_line(arena_printf(s->arena, "The %s catalog", m->name)));
    json_object_set_new(r, "description",
                        oscal_markup(arena_printf(s->arena, "smmc compile --emit oscal-catalog --profile %s -o %s",
                                                 p->name, catalog_file(s, m))));
    json_object_set_new(rl, "href", json_string(catalog_file(s, m)));
    json_object_set_new(rl, "media-type", json_string("application/oscal.catalog+json"));
    json_array_append_new(rlinks, rl);
    json_object_set_new(r, "rlinks", rlinks);
    json_array_append_new(resources, r);
    json_object_set_new(bm, "resources", resources);
    json_object_set_new(prof, "back-matter", bm);
    guard_drop(&h);
    variant_free(&v);
    return oscal_write("profile", prof, out);
}
