/*
 * fmt.c — the canonical layout of .smm source (`smmc fmt`).
 *
 * The formatter works on tokens, not on the AST: it must keep comments and
 * blank lines (which the flex scanner drops) and must format files that do
 * not parse.  Its scanner (fmt_scan.c) mirrors grammar/lexer.l's token
 * classes and refuses, with "LINE:COL: what", any text the compiler could
 * not tokenize either; this file turns its items into lines, decides each
 * line's indentation and alignment, and writes them.  Invariant: the output holds the input's tokens, in
 * order and with the same text, and its comments, in order and with the
 * same text (NUL bytes and all: nothing here stops at a NUL); only
 * whitespace and line breaks change (CRLF becomes LF, also inside
 * triple-quoted strings, whose value the lexer's dedent makes the same
 * either way except for a stray '\r' it leaves on the last line).  One
 * deliberate exception moves a token past a comment: a '{' alone on its
 * line joins the header above, and goes before that header's trailing line
 * comment (`x  # c` then `{` becomes `x {  # c`), since a '{' after a line
 * comment would be inside it; a '{' with a comment of its own stays on its
 * line instead, and so does one below a comment line.
 *
 * The canonical layout (docs/fmt.md is the user's version):
 *   - LF line endings, no BOM, no trailing whitespace, exactly one final
 *     newline (an empty file stays empty).
 *   - Two spaces of indentation per open '{'.  A line that continues the
 *     statement of the line above (`because "…"` under a setting, the rest
 *     of a profile header) gets one more level.  Comment-only lines take the
 *     indentation of the code line that follows them (the block's inner
 *     indentation before a '}').
 *   - Line breaks are the user's: statements are neither joined nor split,
 *     except that '{' ends its line (tokens after it move to the next line;
 *     a '{' alone on a line joins the line above), and '}' stands on its own
 *     line (with an optional ';' and comments after it).
 *   - One space between tokens on a line; none before ',' and ';', none
 *     between a name and `.*` (`x.* = 3`).  A line comment ends its line two
 *     spaces after the last token.
 *   - Runs of blank lines become one; none at the start of the file, after
 *     a '{' or before a '}'.
 *   - In a run of consecutive setting lines (`NAME = …`, `NAME.* = …`) at
 *     one indentation, the '=' signs are aligned (as gofmt aligns a block of
 *     assignments); a blank line, a comment line, a continuation line or
 *     another statement ends the run, but an assessment's
 *     `NAME not_applicable …` line does not (it has no '=' of its own).
 *   - Strings, triple-quoted strings and comments are copied as written;
 *     comment lines lose their trailing whitespace, and the inner lines of a
 *     block comment that starts its line move with it when re-indented (if
 *     they were all indented at least as far as the comment).
 * Deciding "continuation" needs the statement structure, so a small state
 * machine follows the grammar's item lists: which keywords start an item
 * in which block (model, dimension, … profile, sector/system, assessment),
 * and how many tokens an item needs at least.  It only chooses indentation;
 * a misjudged line cannot change the meaning of the file.
 */
#include "fmt_int.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- lines */

/* A logical output line: items order[a..b) of the formatter. */
typedef struct {
    size_t a, b;
    bool blank_before;   /* a blank line above it (the user's, then the one kept) */
    long first_tok;      /* index into items of the first token, -1 if none */
    long last_tok;
    int depth;           /* brace depth (for a '}' line, the outer one) */
    bool cont;           /* continues the statement of an earlier line */
    int indent;          /* spaces */
    size_t name_width;   /* > 0: a setting line whose '=' may be aligned */
    size_t eq_at;        /* position (in order) of that '=' */
    bool not_applicable; /* `NAME not_applicable …`: within a run of settings */
    size_t pad;          /* extra spaces before that '=' */
    bool comment;        /* ends with a line comment after code */
    long code_width;     /* width of the code before it, -1 if it spans lines */
    size_t comment_pad;  /* spaces before the line comment (>= 2) */
} Line;

typedef struct {
    Scan sc;
    size_t *order;
    size_t norder;
    Line *lines;
    size_t nlines, lcap;
} Fmt;

static void order_push(Fmt *f, size_t idx)
{
    f->order[f->norder++] = idx;
}

static void new_line(Fmt *f, bool blank)
{
    if (f->nlines == f->lcap) {
        f->lcap = f->lcap ? f->lcap * 2 : 128;
        f->lines = xrealloc(f->lines, f->lcap * sizeof *f->lines);
    }
    Line *l = &f->lines[f->nlines++];
    memset(l, 0, sizeof *l);
    l->a = l->b = f->norder;
    l->blank_before = blank;
}

/* The last token (not comment) of the current last line, or NULL. */
static const Item *last_token(const Fmt *f)
{
    if (!f->nlines)
        return NULL;
    const Line *l = &f->lines[f->nlines - 1];
    for (size_t k = l->b; k > l->a; k--) {
        const Item *it = &f->sc.items[f->order[k - 1]];
        if (!is_comment(it))
            return it;
    }
    return NULL;
}

/* Is there a comment right after the '{' at items[i], on its line? */
static bool comment_follows(const Fmt *f, size_t i)
{
    return i + 1 < f->sc.nitems && f->sc.items[i + 1].nl == 0 && is_comment(&f->sc.items[i + 1]);
}

/* Split the item stream into output lines: the user's line breaks, plus a
 * break after '{' and around '}'; a '{' that starts a line joins the line
 * above when that line holds a token (it goes before that line's trailing
 * line comment, unless comments follow the '{' too). */
static void build_lines(Fmt *f)
{
    const Item *items = f->sc.items;
    f->order = xmalloc((f->sc.nitems + 1) * sizeof *f->order);
    enum { NONE, AFTER_OPEN, AFTER_CLOSE } split = NONE;
    for (size_t i = 0; i < f->sc.nitems; i++) {
        const Item *it = &items[i];
        bool brk = it->nl > 0 || f->nlines == 0;
        if (it->kind == T_LBRACE && it->nl > 0 && f->nlines) {
            const Item *prev = last_token(f);
            Line *l = &f->lines[f->nlines - 1];
            const Item *tail = &items[f->order[l->b - 1]];
            bool tail_line_comment = tail->kind == T_LCOMMENT;
            const Item *lead = NULL; /* the line's first token */
            for (size_t k = l->a; k < l->b && !lead; k++)
                if (!is_comment(&items[f->order[k]]))
                    lead = &items[f->order[k]];
            if (prev && prev->kind != T_LBRACE && lead->kind != T_RBRACE &&
                !(tail_line_comment && comment_follows(f, i))) {
                if (tail_line_comment) {
                    f->order[l->b - 1] = i;
                    order_push(f, (size_t)(tail - items));
                } else {
                    order_push(f, i);
                }
                l->b = f->norder;
                split = AFTER_OPEN;
                continue;
            }
        }
        if (brk) {
            new_line(f, it->nl > 1);
            split = NONE;
        } else if ((split == AFTER_OPEN && !is_comment(it)) ||
                   (split == AFTER_CLOSE && !is_comment(it) && it->kind != T_SEMI) ||
                   it->kind == T_RBRACE) {
            new_line(f, false); /* the line so far is not empty: items follow no break */
        }
        order_push(f, i);
        f->lines[f->nlines - 1].b = f->norder;
        if (it->kind == T_LBRACE)
            split = AFTER_OPEN;
        else if (it->kind == T_RBRACE)
            split = AFTER_CLOSE;
        else if (!is_comment(it) && !(split == AFTER_CLOSE && it->kind == T_SEMI))
            split = NONE;
    }
}

/* ---------------------------------------------------------------- statements */

/* The kind of block a '{' opens, from the first word of its statement. */
typedef enum {
    B_TOP, B_MODEL, B_DIM, B_DOM, B_PRAC, B_LEVEL, B_PROFILE, B_SECTOR, B_SYSTEM, B_ASSESS,
    B_TEST, B_OTHER,
} Nest;

typedef struct {
    int ntok;
    const Item *first, *second, *prev;
    bool need_brace; /* a header that ends with '{' (profile, assessment, …) */
} Stmt;

typedef struct {
    Nest *stack;
    size_t depth, cap;
    Stmt st;
} Tracker;

static Nest current_block(const Tracker *t)
{
    return t->depth ? t->stack[t->depth - 1] : B_TOP;
}

/* The next token after items[i] (comments skipped), or NULL. */
static const Item *next_token(const Fmt *f, size_t i)
{
    for (size_t k = i + 1; k < f->sc.nitems; k++)
        if (!is_comment(&f->sc.items[k]))
            return &f->sc.items[k];
    return NULL;
}

/* `sector NAME {` / `system NAME {` — the token filter's two-token
 * lookahead (parse.c), here over the whole item stream. */
static bool block_header(const Fmt *f, const Item *it)
{
    if (it->kind != T_WORD || (it->word != W_SECTOR && it->word != W_SYSTEM))
        return false;
    const Item *a = next_token(f, (size_t)(it - f->sc.items));
    if (!a || !is_ident(a))
        return false;
    const Item *b = next_token(f, (size_t)(a - f->sc.items));
    return b && b->kind == T_LBRACE;
}

/* `test NAME {` / `test NAME "` (and the same for `assessment`): a
 * declaration, as the token filter (parse.c) decides.  Elsewhere `test` is
 * a name, and `assessment NAME` inside a test is its subject. */
static bool declaration(const Fmt *f, const Item *it)
{
    const Item *a = next_token(f, (size_t)(it - f->sc.items));
    if (!a || !is_ident(a))
        return false;
    const Item *b = next_token(f, (size_t)(a - f->sc.items));
    return b && (b->kind == T_LBRACE || b->kind == T_STRING);
}

/* Does `it` start a top-level declaration (closing the blocks left open)? */
static bool starts_top(const Fmt *f, const Item *it, Nest b)
{
    if (it->kind != T_WORD)
        return false;
    Word w = it->word;
    if (w == W_TEST || (w == W_ASSESSMENT && b == B_TEST))
        return declaration(f, it);
    return w != W_NAME && (word_info(w)->fmt & KF_TOP);
}

/* Can `it` start an item of a block of kind b (parser.y's *_item rules)? */
static bool starts_item(const Fmt *f, const Item *it, Nest b)
{
    if (it->kind != T_WORD)
        return false;
    Word w = it->word;
    if (starts_top(f, it, b))
        return true; /* the token filter closes open blocks before these */
    if (w == W_EXPECT)
        return true; /* in a test, or reported where it stands */
    if (block_header(f, it))
        return true; /* `sector NAME {` is a block wherever it appears */
    switch (b) {
    case B_TOP:
        return false;
    case B_MODEL:
        return w == W_VERSION || w == W_DOC || w == W_ALIAS || w == W_DIMENSION;
    case B_DIM:
        return w == W_DOC || w == W_DOMAIN;
    case B_DOM:
        return w == W_DOC || w == W_PRACTICE;
    case B_PRAC:
        return w == W_DOC || w == W_LEVEL;
    case B_LEVEL:
        return w == W_CONSIDER;
    case B_PROFILE:
    case B_SECTOR:
    case B_SYSTEM: {
        if (w == W_NAME || w == W_REQUIRE || w == W_CONSIDER || w == W_DOC || w == W_TAGS ||
            w == W_ROLLUP)
            return true;
        if (w == W_EVIDENCE) {
            const Item *a = next_token(f, (size_t)(it - f->sc.items));
            return a && a->kind == T_WORD;
        }
        return false;
    }
    case B_ASSESS:
        return w == W_NAME || w == W_TARGET || w == W_DATE || w == W_ASSESSOR || w == W_DOC ||
               w == W_MET || w == W_WAIVE;
    case B_TEST:
        return w == W_TARGET || w == W_ASSESSMENT;
    case B_OTHER:
        return true;
    }
    return false;
}

/* Does the statement so far need more tokens (its shortest form)? */
static bool stmt_incomplete(const Stmt *st, Nest b)
{
    if (st->ntok == 0)
        return false;
    if (st->need_brace)
        return true;
    const Item *first = st->first;
    if (first->kind != T_WORD)
        return false;
    int min = 1;
    switch (first->word) {
    case W_NAME:
        if (st->ntok == 1)
            return true;
        switch (st->second->kind) {
        case T_EQ: min = 3; break;      /* x = L */
        case T_DOTSTAR: min = 4; break; /* x.* = L, x.* scope S */
        case T_WORD:
            min = st->second->word == W_SCOPE ? 3 : st->second->word == W_NOT_APPLICABLE ? 4 : 2;
            break;
        default: min = 2; break;
        }
        break;
    case W_CONSIDER: min = b == B_LEVEL ? 3 : 6; break;  /* consider x level L id "" */
    default: min = word_info(first->word)->fmt & KF_MIN; break; /* keywords.def */
    }
    return st->ntok < min;
}

/* Does the last token need an operand (so the next line continues)? */
static bool wants_operand(const Stmt *st)
{
    const Item *p = st->prev;
    if (!p || st->ntok == 0)
        return false;
    switch (p->kind) {
    case T_EQ: case T_COMMA: case T_DOTSTAR: case T_GE: case T_LE:
        return true;
    case T_WORD:
        if (st->ntok < 2)
            return false;
        return p->word != W_NAME && (word_info(p->word)->fmt & KF_OPERAND);
    default:
        return false;
    }
}

static Nest block_of(const Fmt *f, const Stmt *st)
{
    if (st->ntok == 0 || st->first->kind != T_WORD)
        return B_OTHER;
    switch (st->first->word) {
    case W_MODEL: return B_MODEL;
    case W_DIMENSION: return B_DIM;
    case W_DOMAIN: return B_DOM;
    case W_PRACTICE: return B_PRAC;
    case W_LEVEL: return B_LEVEL;
    case W_PROFILE: return B_PROFILE;
    case W_ASSESSMENT: return B_ASSESS;
    case W_TEST: return B_TEST;
    case W_SECTOR: return block_header(f, st->first) ? B_SECTOR : B_OTHER;
    case W_SYSTEM: return block_header(f, st->first) ? B_SYSTEM : B_OTHER;
    default: return B_OTHER;
    }
}

static void track_token(const Fmt *f, Tracker *t, const Item *it)
{
    Stmt *st = &t->st;
    switch (it->kind) {
    case T_LBRACE:
        if (t->depth == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 16;
            t->stack = xrealloc(t->stack, t->cap * sizeof *t->stack);
        }
        t->stack[t->depth++] = block_of(f, st);
        memset(st, 0, sizeof *st);
        return;
    case T_RBRACE:
        if (t->depth)
            t->depth--;
        memset(st, 0, sizeof *st);
        return;
    case T_SEMI:
        memset(st, 0, sizeof *st);
        return;
    default:
        break;
    }
    if (st->ntok == 0) {
        st->first = it;
        st->need_brace = it->kind == T_WORD &&
                         (it->word == W_PROFILE || it->word == W_MODEL ||
                          (it->word == W_ASSESSMENT && (current_block(t) != B_TEST || declaration(f, it))) ||
                          (it->word == W_TEST && declaration(f, it)) || block_header(f, it));
    } else if (st->ntok == 1) {
        st->second = it;
    }
    if (st->ntok < 1000)
        st->ntok++;
    st->prev = it;
}

enum { MAX_INDENT_LEVELS = 64 }; /* deeper nesting is an error anyway (parse.h) */

/* Depth, continuation and indentation of every line; then comment-only
 * lines take the indentation of the code line below them. */
static void layout_lines(Fmt *f)
{
    Tracker t = {0};
    const Item *items = f->sc.items;
    for (size_t li = 0; li < f->nlines; li++) {
        Line *l = &f->lines[li];
        l->first_tok = l->last_tok = -1;
        for (size_t k = l->a; k < l->b; k++)
            if (!is_comment(&items[f->order[k]])) {
                if (l->first_tok < 0)
                    l->first_tok = (long)f->order[k];
                l->last_tok = (long)f->order[k];
            }
        if (l->first_tok < 0)
            continue;
        const Item *ft = &items[l->first_tok];
        if (ft->kind == T_RBRACE) {
            l->depth = t.depth ? (int)t.depth - 1 : 0;
        } else if (ft->kind == T_LBRACE) {
            l->depth = (int)t.depth; /* a '{' that could not join its header */
        } else {
            l->depth = (int)t.depth;
            Nest b = current_block(&t);
            if (t.st.ntok == 0)
                l->cont = false;
            else if (stmt_incomplete(&t.st, b) || wants_operand(&t.st))
                l->cont = true;
            else
                l->cont = !starts_item(f, ft, b);
            if (!l->cont)
                memset(&t.st, 0, sizeof t.st);
            /* as the token filter does, a top-level keyword closes the
             * blocks left open above it */
            if (!l->cont && t.depth && starts_top(f, ft, b)) {
                t.depth = 0;
                l->depth = 0;
            }
        }
        int levels = l->depth + (l->cont ? 1 : 0);
        l->indent = 2 * (levels > MAX_INDENT_LEVELS ? MAX_INDENT_LEVELS : levels);
        for (size_t k = l->a; k < l->b; k++)
            if (!is_comment(&items[f->order[k]]))
                track_token(f, &t, &items[f->order[k]]);
    }
    /* blank lines kept: not at the start, after a '{' or before a '}' */
    for (size_t li = 0; li < f->nlines; li++) {
        Line *l = &f->lines[li];
        const Line *up = li ? &f->lines[li - 1] : NULL;
        if (!up || items[f->order[l->a]].kind == T_RBRACE ||
            (up->last_tok >= 0 && items[up->last_tok].kind == T_LBRACE))
            l->blank_before = false;
    }
    /* comment-only lines, bottom up */
    int below = 0;
    for (size_t li = f->nlines; li-- > 0;) {
        Line *l = &f->lines[li];
        if (l->first_tok >= 0) {
            const Item *ft = &items[l->first_tok];
            int inner = l->depth + 1 > MAX_INDENT_LEVELS ? MAX_INDENT_LEVELS : l->depth + 1;
            below = ft->kind == T_RBRACE ? 2 * inner : l->indent;
        } else {
            l->indent = below;
        }
    }
    free(t.stack);
}

/* Settings lines (`NAME = …`, `NAME.* = …`) in runs: align their '='.  A
 * setting with `because` on its line is left as written and ends the run:
 * it reads as a sentence, and its long name would push the short ones'
 * '=' to the right (the spec's §5 example is written that way).  An
 * assessment's `NAME not_applicable …` line is one of its entries: it has
 * no '=' to align and does not end the run around it. */
static void mark_setting(const Fmt *f, Line *l)
{
    const Item *items = f->sc.items;
    if (l->cont || l->b - l->a < 2)
        return;
    const Item *a = &items[f->order[l->a]];
    if (a->kind != T_WORD || a->word != W_NAME)
        return;
    size_t at = l->a + 1;
    size_t w = a->end - a->start;
    const Item *b = &items[f->order[at]];
    if (b->kind == T_WORD && b->word == W_NOT_APPLICABLE) {
        l->not_applicable = true;
        return;
    }
    if (b->kind == T_DOTSTAR && at + 1 < l->b) {
        w += 2;
        b = &items[f->order[++at]];
    }
    if (b->kind != T_EQ)
        return;
    for (size_t k = at + 1; k < l->b; k++)
        if (items[f->order[k]].kind == T_WORD && items[f->order[k]].word == W_BECAUSE)
            return;
    l->name_width = w;
    l->eq_at = at;
}

static void align_settings(Fmt *f)
{
    for (size_t li = 0; li < f->nlines; li++)
        mark_setting(f, &f->lines[li]);
    for (size_t li = 0; li < f->nlines;) {
        const Line *first = &f->lines[li];
        if (!first->name_width) {
            li++;
            continue;
        }
        size_t end = li + 1, width = first->name_width;
        for (; end < f->nlines; end++) {
            const Line *l = &f->lines[end];
            if ((!l->name_width && !l->not_applicable) || l->blank_before || l->indent != first->indent)
                break;
            if (l->name_width > width)
                width = l->name_width;
        }
        for (size_t k = li; k < end; k++)
            if (f->lines[k].name_width)
                f->lines[k].pad = width - f->lines[k].name_width;
        li = end;
    }
}

/* ---------------------------------------------------------------- output */

static bool trailing_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void put_spaces(Buf *out, size_t n)
{
    static const char sp[] = "                                ";
    while (n) {
        size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
        buf_putn(out, sp, k);
        n -= k;
    }
}

/* A block comment: each inner line loses its trailing whitespace; if the
 * comment starts its line and every inner line is indented at least as far
 * (with spaces), the inner lines move with it to `indent`. */
static void put_block_comment(Buf *out, const char *s, size_t n, long was, int indent)
{
    bool shift = was != NO_INDENT;
    for (size_t i = 0; i < n && shift;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        if (i > 0) {
            size_t t = e;
            while (t > i && trailing_space(s[t - 1]))
                t--;
            size_t sp = 0;
            while (i + sp < t && s[i + sp] == ' ')
                sp++;
            if (t > i && sp < (size_t)was)
                shift = false;
        }
        i = e + 1;
    }
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        size_t t = e;
        while (t > i && trailing_space(s[t - 1]))
            t--;
        if (i > 0 && shift && t > i) {
            i += (size_t)was;
            put_spaces(out, (size_t)indent);
        }
        buf_putn(out, s + i, t - i);
        if (e < n)
            buf_putc(out, '\n');
        i = e + 1;
    }
}

static void put_item(Buf *out, const Fmt *f, const Item *it, bool first, int indent)
{
    const char *s = f->sc.s + it->start;
    size_t n = it->end - it->start;
    switch (it->kind) {
    case T_LCOMMENT:
        while (n && trailing_space(s[n - 1]))
            n--;
        buf_putn(out, s, n);
        break;
    case T_BCOMMENT:
        put_block_comment(out, s, n, first ? it->indent : NO_INDENT, indent);
        break;
    case T_TSTRING:
        for (size_t i = 0; i < n; i++)
            if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
                buf_putc(out, s[i]);
        break;
    default:
        buf_putn(out, s, n);
        break;
    }
}

/* Width in code points of b[from..], or -1 if it holds a newline. */
static long text_width(const Buf *b, size_t from)
{
    long w = 0;
    for (size_t i = from; i < b->n; i++) {
        unsigned char c = (unsigned char)b->s[i];
        if (c == '\n')
            return -1;
        if ((c & 0xC0) != 0x80)
            w++;
    }
    return w;
}

/* One line's code (everything but a trailing line comment), indented. */
static void put_code(const Fmt *f, const Line *l, size_t end, Buf *out)
{
    const Item *items = f->sc.items;
    put_spaces(out, (size_t)l->indent);
    for (size_t k = l->a; k < end; k++) {
        const Item *it = &items[f->order[k]];
        if (k > l->a) {
            const Item *before = &items[f->order[k - 1]];
            if (it->kind == T_LCOMMENT)
                buf_puts(out, "  ");
            else if (it->kind == T_COMMA || it->kind == T_SEMI)
                ;
            else if (it->kind == T_DOTSTAR && before->kind == T_WORD)
                ;
            else
                buf_putc(out, ' ');
            if (l->name_width && k == l->eq_at)
                put_spaces(out, l->pad);
        }
        put_item(out, f, it, k == l->a, l->indent);
    }
}

/* Trailing line comments of consecutive lines at one indentation start in
 * one column, two spaces after the longest code (gofmt does the same). */
static void align_comments(Fmt *f)
{
    const Item *items = f->sc.items;
    Buf tmp = {0};
    for (size_t li = 0; li < f->nlines; li++) {
        Line *l = &f->lines[li];
        l->comment = l->b - l->a >= 2 && l->first_tok >= 0 &&
                     items[f->order[l->b - 1]].kind == T_LCOMMENT;
        if (!l->comment)
            continue;
        tmp.n = 0;
        put_code(f, l, l->b - 1, &tmp);
        l->code_width = text_width(&tmp, 0);
        l->comment_pad = 2;
    }
    buf_free(&tmp);
    for (size_t li = 0; li < f->nlines;) {
        const Line *l = &f->lines[li];
        if (!l->comment || l->code_width < 0) {
            li++;
            continue;
        }
        size_t end = li + 1;
        long width = l->code_width;
        while (end < f->nlines && f->lines[end].comment && f->lines[end].code_width >= 0 &&
               !f->lines[end].blank_before && f->lines[end].indent == l->indent) {
            if (f->lines[end].code_width > width)
                width = f->lines[end].code_width;
            end++;
        }
        for (size_t k = li; k < end; k++)
            f->lines[k].comment_pad = 2 + (size_t)(width - f->lines[k].code_width);
        li = end;
    }
}

static void emit(const Fmt *f, Buf *out)
{
    const Item *items = f->sc.items;
    for (size_t li = 0; li < f->nlines; li++) {
        const Line *l = &f->lines[li];
        if (l->blank_before)
            buf_putc(out, '\n');
        if (l->comment) {
            put_code(f, l, l->b - 1, out);
            put_spaces(out, l->comment_pad);
            put_item(out, f, &items[f->order[l->b - 1]], false, l->indent);
        } else {
            put_code(f, l, l->b, out);
        }
        buf_putc(out, '\n');
    }
}

int fmt_source(const char *text, size_t len, Buf *out, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        text += 3, len -= 3;
    Fmt f;
    memset(&f, 0, sizeof f);
    f.sc.s = text;
    f.sc.n = len;
    f.sc.err = err;
    f.sc.errlen = errlen;
    int rc = fmt_scan(&f.sc);
    if (rc == 0) {
        build_lines(&f);
        layout_lines(&f);
        align_settings(&f);
        align_comments(&f);
        emit(&f, out);
    }
    free(f.sc.items);
    free(f.order);
    free(f.lines);
    return rc;
}
