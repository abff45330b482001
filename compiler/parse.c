/*
 * parse.c — the token filter between scanner and parser, and the parse
 * driver for one file.
 *
 * The filter (pp_lex) does what the LALR(1) grammar cannot:
 *   1. `sector NAME {` and `system NAME {` become SECTOR_BLOCK/SYSTEM_BLOCK
 *      (two tokens of lookahead; language.md §5.1), so `x = 4 system` then
 *      `system handheld {` parse as a setting with a scope and a block.
 *   2. It tracks open braces.  A top-level keyword (`model`, `profile`,
 *      `assessment`, `import`) met inside a block, or the end of file, closes
 *      the open blocks with one error that names the unclosed '{' — Lua's
 *      "'}' expected (to close '{' at line 12)" — instead of letting the
 *      parser swallow the next declaration.  Braces whose file is 0 close
 *      silently: already reported, or swallowed by an unterminated string or
 *      comment (the scanner marks them).
 *   3. It bounds nesting: '{' beyond MAX_NESTING is reported once and dropped
 *      with its matching '}', so 200 000 nested braces cost one diagnostic.
 *   4. Fix-its (below): a few common slips are reported with a hint and the
 *      tokens repaired, so they cost one diagnostic and no cascade.
 *   5. Indentation explains brace mistakes (rustc, Python 3.10): a block
 *      closed by a '}' indented as an outer block's is named as the one
 *      probably left open, and a block head whose next lines are indented
 *      as its body gets the '{' it lacks (reported once).
 *   5. Tests (language.md §8): the words of an expectation (`set_by`,
 *      `considers`, `status`, `gaps`, `errors`, and `body`/`default` after
 *      `set_by P`) are keywords only right after `expect`, so they stay
 *      usable as names everywhere else; `test NAME {` and `test NAME "` are
 *      declarations (closing blocks left open), `test` elsewhere a name; and
 *      `assessment NAME` directly inside a test is its subject.
 *
 * Syntax errors are reported at most once per line (lexical errors count),
 * which with bison's own three-token rule keeps recovery from cascading.
 * A file that is mostly not text is reported once and not parsed, and a
 * file's diagnostics are shown in source order.
 */
#include "lexicon.h"
#include "parse.h"
#include "parser.h"
#include "lexer.h"

#include <stdlib.h>
#include <string.h>

Diag *parse_syntax_error(ParseCtx *ctx, Loc loc, const char *fmt, ...)
{
    LineCol lc = smm_scan_linecol(ctx, loc.start);
    if (ctx->syntax_errors && lc.line == ctx->last_error_line)
        return NULL;
    ctx->last_error_line = lc.line;
    ctx->syntax_errors++;
    va_list ap;
    va_start(ap, fmt);
    Diag *d = diag_vat(ctx->s, D_SYNTAX, loc, fmt, ap);
    va_end(ap);
    return d;
}

void parse_fix_insert(ParseCtx *ctx, Diag *d, Loc loc, const char *text)
{
    diag_fix(ctx->s, d, (Loc){loc.file, loc.end, loc.end}, text);
}

/* Where "end of file" is shown: just after the last non-blank byte, so the
 * caret sits on the last line of text rather than on an empty line. */
static Loc eof_loc(const ParseCtx *ctx)
{
    uint32_t end = (uint32_t)ctx->src->len;
    while (end > 0 && strchr(" \t\r\n\f\v", ctx->src->text[end - 1]))
        end--;
    return (Loc){ctx->src->id, end, end};
}

/* The lookahead is a ring of LOOK_MAX tokens from look_head: peek hands out
 * pointers into it, valid until the next call of next, drop_first or
 * push_front. */
static void raw_token(ParseCtx *ctx, Token *t)
{
    *t = (Token){0};
    if (ctx->eof) {
        t->kind = PP_EOF;
        t->loc = eof_loc(ctx);
        return;
    }
    t->kind = smm_scan(&t->val, &t->loc, ctx);
    if (t->kind == PP_EOF) {
        ctx->eof = true;
        t->loc = eof_loc(ctx);
    }
}

static Token *look_at(ParseCtx *ctx, int i)
{
    return &ctx->look[(ctx->look_head + i) & (LOOK_MAX - 1)];
}

static const Token *peek(ParseCtx *ctx, int i)
{
    while (ctx->nlook <= i)
        raw_token(ctx, look_at(ctx, ctx->nlook++));
    return look_at(ctx, i);
}

static void drop_first(ParseCtx *ctx)
{
    ctx->look_head = (ctx->look_head + 1) & (LOOK_MAX - 1);
    ctx->nlook--;
}

static Token next(ParseCtx *ctx)
{
    Token t = *peek(ctx, 0);
    drop_first(ctx);
    return t;
}

/* At most three tokens are looked at and one pushed back (see
 * close_open_blocks and check_level), so the ring never overflows. */
static void push_front(ParseCtx *ctx, Token t)
{
    ctx->look_head = (ctx->look_head + LOOK_MAX - 1) & (LOOK_MAX - 1);
    ctx->nlook++;
    *look_at(ctx, 0) = t;
}

static bool is_top_keyword(int kind)
{
    return kind == KW_MODEL || kind == KW_PROFILE || kind == KW_ASSESSMENT || kind == KW_IMPORT;
}

static bool same_line(const ParseCtx *ctx, Loc a, Loc b);

/* Keywords the grammar accepts as a name after a keyword (`ident`):
 * KN_IDENT in keywords.def. */
static bool is_name(int kind)
{
    switch (kind) {
    case NAME:
        return true;
#define KEYWORD(id, spelling, name, fmt) case KW_##id: return name == KN_IDENT;
#include "keywords.def"
#undef KEYWORD
    default:
        return false;
    }
}

/* t (`test` or `assessment`) followed by NAME then '{' or a title starts a
 * declaration. */
static bool starts_declaration(ParseCtx *ctx)
{
    int b = peek(ctx, 1)->kind;
    return is_name(peek(ctx, 0)->kind) && (b == '{' || b == STRING);
}

/* t is the name spelled like keyword k (a KN_CONTEXT word of keywords.def). */
static bool name_is(const Token *t, KeywordId k)
{
    return t->kind == NAME && strcmp(t->val.name.text, smm_keywords[k].text) == 0;
}

/* After `expect`: `gaps`/`errors` before an operator, and `set_by`,
 * `considers`, `status` after the path, are the expectation's keywords. */
static void expect_words(ParseCtx *ctx)
{
    (void)peek(ctx, 1); /* both tokens in the ring */
    Token *a = look_at(ctx, 0), *b = look_at(ctx, 1);
    if (a->kind == NAME && (b->kind == '=' || b->kind == GE || b->kind == LE)) {
        if (name_is(a, KWI_GAPS))
            a->kind = KW_GAPS;
        else if (name_is(a, KWI_ERRORS))
            a->kind = KW_ERRORS;
        return;
    }
    if (a->kind != NAME)
        return;
    if (name_is(b, KWI_SET_BY))
        b->kind = KW_SET_BY;
    else if (name_is(b, KWI_CONSIDERS))
        b->kind = KW_CONSIDERS;
    else if (name_is(b, KWI_STATUS))
        b->kind = KW_STATUS;
}

/* After `set_by`: `PROFILE body` / `PROFILE default` on the same line. */
static void layer_word(ParseCtx *ctx)
{
    (void)peek(ctx, 2); /* three tokens in the ring */
    Token *p = look_at(ctx, 0), *w = look_at(ctx, 1);
    if (!is_name(p->kind) || !same_line(ctx, p->loc, w->loc))
        return;
    int k = look_at(ctx, 2)->kind;
    if (k == '=' || k == DOTSTAR || k == KW_SCOPE || k == KW_NOT_APPLICABLE)
        return; /* `body = 3`: a setting of a practice named body */
    if (name_is(w, KWI_BODY))
        w->kind = KW_BODY;
    else if (name_is(w, KWI_DEFAULT))
        w->kind = KW_DEFAULT;
}

/* ---------------------------------------------------------------- indentation
 * Braces decide the structure; indentation only explains a mistake, as
 * rustc and Python 3.10 use it: a block left open is usually the one whose
 * '}' went missing before a line indented no deeper than its opening line,
 * and a missing '{' shows as a head whose next lines are indented as a body.
 * A file whose braces balance is never judged by its indentation. */

/* Blanks before the first character of the line holding `at`; *start is
 * where that line starts. */
static uint32_t line_indent(const ParseCtx *ctx, uint32_t at, uint32_t *start)
{
    uint32_t b = at;
    while (b > 0 && ctx->src->text[b - 1] != '\n')
        b--;
    uint32_t i = b;
    while (i < at && (ctx->src->text[i] == ' ' || ctx->src->text[i] == '\t'))
        i++;
    if (start)
        *start = b;
    return i - b;
}

static bool first_on_line(const ParseCtx *ctx, Loc at)
{
    uint32_t start;
    return start = 0, line_indent(ctx, at.start, &start) == at.start - start;
}

/* A '}' at the start of a line, indented less than the line of the '{' it
 * closes and exactly as an outer open '{' is: it was probably meant for that
 * one, and the inner block is the one left open.  Remembered until the
 * braces balance again; used only if they do not (close_open_blocks). */
static void note_dedented_close(ParseCtx *ctx, Loc close)
{
    int inner = ctx->depth - 1;
    if (ctx->suspect_open.file || ctx->braces[inner].file == 0 || !first_on_line(ctx, close))
        return;
    uint32_t ind = line_indent(ctx, close.start, NULL);
    if (ind >= ctx->brace_indent[inner])
        return;
    for (int j = inner - 1; j >= 0; j--) {
        if (ctx->brace_indent[j] == ind && ctx->braces[j].file != 0) {
            ctx->suspect_open = ctx->braces[inner];
            ctx->suspect_close = close;
            return;
        }
    }
}

/* The first line after the one holding `open` that is indented no deeper
 * than it (blank and comment lines aside), at or before `limit`. */
static uint32_t dedent_line(const ParseCtx *ctx, Loc open, uint32_t limit)
{
    const char *t = ctx->src->text;
    uint32_t ind = line_indent(ctx, open.start, NULL);
    uint32_t line = smm_scan_linecol((ParseCtx *)ctx, open.start).line;
    uint32_t i = open.start;
    while (i < limit) {
        while (i < limit && t[i] != '\n')
            i++;
        if (i >= limit)
            break;
        i++, line++;
        uint32_t k = i;
        while (k < limit && (t[k] == ' ' || t[k] == '\t'))
            k++;
        if (k >= limit || t[k] == '\n' || t[k] == '\r' || t[k] == '#' || (t[k] == '/' && t[k + 1] == '/'))
            continue;
        if (k - i <= ind)
            return line;
    }
    return smm_scan_linecol((ParseCtx *)ctx, limit).line;
}

/* The error for a block left open when a '}' indented as an outer block's
 * closed it (see note_dedented_close): at the '{' that is probably
 * unclosed, with the '}' that closed it and the token that revealed it. */
static void report_unclosed_by_indent(ParseCtx *ctx, Token t)
{
    Loc open = ctx->suspect_open, close = ctx->suspect_close;
    uint32_t close_line = smm_scan_linecol(ctx, close.start).line;
    Loc outer = LOC_NONE;
    uint32_t ind = line_indent(ctx, close.start, NULL);
    for (int j = ctx->depth - 1; j >= 0 && !outer.file; j--)
        if (ctx->brace_indent[j] == ind && ctx->braces[j].file)
            outer = ctx->braces[j];
    if (!outer.file)
        outer = ctx->braces[0];
    uint32_t outer_line = smm_scan_linecol(ctx, outer.start).line;
    Diag *d = diag_at(ctx->s, D_SYNTAX, open,
                      "this '{' is probably never closed: expected '}' before line %u, "
                      "which is indented no deeper than this one",
                      dedent_line(ctx, open, close.start));
    diag_note(ctx->s, d, close, "the '}' at line %u is indented as the '{' at line %u, "
              "which it was probably meant to close", close_line, outer_line);
    if (t.kind == PP_EOF)
        diag_note(ctx->s, d, eof_loc(ctx), "the block at line %u is still open at the end of file", outer_line);
    else
        diag_note(ctx->s, d, t.loc, "the block at line %u is still open at %s", outer_line,
                  pp_token_name(t.kind));
}

/* A block left open: report once, then feed the parser one '}' per call
 * (the revealing token is pushed back each time) until every open brace is
 * closed.  Reported braces are marked with file 0, so the calls that follow
 * close them silently; the lookahead buffer never holds more than one
 * pushed-back token. */
static int close_open_blocks(ParseCtx *ctx, Token t, PP_STYPE *val, Loc *loc)
{
    Loc open = ctx->braces[ctx->depth - 1];
    if (open.file != 0 && ctx->suspect_open.file) {
        report_unclosed_by_indent(ctx, t);
        ctx->suspect_open = LOC_NONE;
        ctx->syntax_errors++;
        ctx->last_error_line = smm_scan_linecol(ctx, t.loc.start).line;
        for (int i = 0; i < ctx->depth; i++)
            ctx->braces[i].file = 0;
    } else if (open.file != 0) {
        LineCol lc = smm_scan_linecol(ctx, open.start);
        const char *more = ctx->depth == 1 ? ""
                           : ctx->depth == 2 ? ", and the block around it"
                                             : arena_printf(ctx->s->arena, ", and the %d blocks around it",
                                                            ctx->depth - 1);
        if (t.kind == PP_EOF) {
            Diag *d = diag_at(ctx->s, D_SYNTAX, eof_loc(ctx),
                              "expected '}' at end of file (to close '{' at line %u%s)", lc.line, more);
            diag_note(ctx->s, d, open, "block opened here");
        } else {
            Diag *d = diag_at(ctx->s, D_SYNTAX, t.loc,
                              "expected '}' before %s (to close '{' at line %u%s)",
                              pp_token_name(t.kind), lc.line, more);
            diag_note(ctx->s, d, open, "block opened here");
        }
        ctx->syntax_errors++;
        ctx->last_error_line = smm_scan_linecol(ctx, t.loc.start).line;
        for (int i = 0; i < ctx->depth; i++)
            ctx->braces[i].file = 0;
    }
    push_front(ctx, t);
    ctx->depth--;
    *loc = (Loc){t.loc.file, t.loc.start, t.loc.start};
    *val = (PP_STYPE){0};
    return '}';
}

/* ---------------------------------------------------------------- fix-its
 * Three common slips are reported with a hint and then parsed as if
 * corrected, so each costs one diagnostic and no follow-on errors:
 *   - a level missing after '=' (`x =` then the next statement): a
 *     placeholder level, already reported, is fed to the parser;
 *   - a misspelled scope after a level (`= 3 sytem`);
 *   - a misspelled statement keyword at the start of a line (`requre x`);
 *   - a stray name after the end of a statement (`= 2 general junk`).
 * Only tokens that no valid input can have in that position are touched. */

typedef struct {
    const char *word;
    int kind;
} Word;

static const Word scope_words[] = {
    {"general", KW_GENERAL}, {"industry", KW_INDUSTRY}, {"sector", KW_SECTOR}, {"system", KW_SYSTEM},
};

/* Every keyword with its token (keywords.def); those that start a
 * statement, a declaration or a block are the candidates for a misspelled
 * statement keyword. */
static const struct {
    const char *word;
    int kind;
    unsigned char name, fmt;
} keywords[] = {
#define KEYWORD(id, spelling, name, fmt) {spelling, KW_##id, name, fmt},
#include "keywords.def"
#undef KEYWORD
};

static size_t statement_words(Word *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0] && n < cap; i++)
        if (keywords[i].name != KN_CONTEXT && (keywords[i].fmt & (KF_MIN | KF_TOP | KF_BLOCK)))
            out[n++] = (Word){keywords[i].word, keywords[i].kind};
    return n;
}

/* The keyword among words[] that `text` is probably a misspelling of, or 0. */
static int suggest_word(const char *text, const Word *words, size_t n, const char **hint)
{
    const char *cands[KWI_COUNT] = {0};
    if (n > KWI_COUNT)
        n = KWI_COUNT;
    for (size_t i = 0; i < n; i++)
        cands[i] = words[i].word;
    *hint = diag_suggest(text, cands, n);
    for (size_t i = 0; *hint && i < n; i++)
        if (words[i].word == *hint)
            return words[i].kind;
    return 0;
}

/* Tokens that can follow a name that starts a setting or an assessment line. */
static bool continues_statement(int kind)
{
    return kind == '=' || kind == DOTSTAR || kind == KW_SCOPE || kind == KW_NOT_APPLICABLE;
}

static bool same_line(const ParseCtx *ctx, Loc a, Loc b)
{
    if (a.file != b.file || b.start < a.end)
        return false;
    return memchr(ctx->src->text + a.end, '\n', b.start - a.end) == NULL;
}

static bool at_line_start(const ParseCtx *ctx, Loc at)
{
    for (uint32_t i = at.start; i > 0; i--) {
        char c = ctx->src->text[i - 1];
        if (c == '\n')
            return true;
        if (c != ' ' && c != '\t')
            return false;
    }
    return true;
}

/* look[i] is a name right after a level: a misspelled scope? */
static void fix_scope(ParseCtx *ctx, int i)
{
    Token *x = look_at(ctx, i);
    const char *hint;
    int kind = suggest_word(x->val.name.text, scope_words, sizeof scope_words / sizeof scope_words[0], &hint);
    if (!kind)
        return;
    diag_fix(ctx->s, parse_syntax_error(ctx, x->loc, "unknown scope '%s'; did you mean '%s'?", x->val.name.text, hint),
             x->loc, hint);
    x->kind = kind;
}

/* A name at the start of a line followed by another operand on the same
 * line, where only a keyword can stand: a misspelled keyword? */
static Token fix_keyword(ParseCtx *ctx, Token t)
{
    if (strchr(t.val.name.text, '.') || !at_line_start(ctx, t.loc))
        return t;
    const Token *a = peek(ctx, 0);
    if ((a->kind != NAME && a->kind != INT && a->kind != STRING) || !same_line(ctx, t.loc, a->loc))
        return t;
    const char *hint;
    Word words[KWI_COUNT];
    int kind = suggest_word(t.val.name.text, words, statement_words(words, KWI_COUNT), &hint);
    if (!kind)
        return t;
    diag_fix(ctx->s, parse_syntax_error(ctx, t.loc, "unknown keyword '%s'; did you mean '%s'?", t.val.name.text, hint),
             t.loc, hint);
    t.kind = kind;
    return t;
}

/* t ends a statement (a level, a scope, a string) and a lone name follows
 * on the same line: `gov = 2 general junk`.  The name is reported where it
 * is and dropped, instead of the parser complaining about the next line. */
static void drop_trailing_name(ParseCtx *ctx, Token t)
{
    const Token *a = peek(ctx, 0);
    if (a->kind != NAME || !same_line(ctx, t.loc, a->loc))
        return;
    int k = peek(ctx, 1)->kind;
    if (continues_statement(k) || k == STRING || k == '{' || k == ',')
        return;
    parse_syntax_error(ctx, a->loc, "unexpected name '%s' after the end of a statement", a->val.name.text);
    drop_first(ctx);
}

/* After '=' (or '>=', '<='): a missing level, or a misspelled scope. */
static void check_level(ParseCtx *ctx, Token t)
{
    const Token *a = peek(ctx, 0), *b = peek(ctx, 1);
    if (t.kind == '=' && a->kind == NAME && continues_statement(b->kind)) {
        parse_syntax_error(ctx, t.loc,
                           "expected a level after '=': 0..4 or none, minimum, ad_hoc, consistent, formalized");
        Token missing = {.kind = INT, .loc = {t.loc.file, t.loc.end, t.loc.end}};
        missing.val.num = -1; /* an invalid level, already reported */
        push_front(ctx, missing);
        return;
    }
    if ((a->kind == INT || a->kind == NAME) && b->kind == NAME && same_line(ctx, a->loc, b->loc) &&
        !continues_statement(peek(ctx, 2)->kind))
        fix_scope(ctx, 1);
}

/* ---------------------------------------------------------------- missing '{'
 * A block head (`profile …`, `assessment …`, `model …`, `sector NAME`,
 * `system NAME`) whose next line is indented deeper and starts a statement
 * of its body is missing its '{': reported once at the end of the head,
 * and a '{' is fed to the parser there, so the body parses as a body and
 * its '}' closes it. */

/* Does a token of this kind (followed by one of kind `after`) start a
 * statement of the body of `head`, which no head can continue with? */
static bool starts_body(int head, int kind, int after)
{
    bool setting = kind == NAME && continues_statement(after);
    switch (head) {
    case KW_PROFILE:
    case KW_SECTOR:
    case KW_SYSTEM:
        return setting || kind == KW_REQUIRE || kind == KW_CONSIDER || kind == KW_DOC || kind == KW_TAGS ||
               kind == KW_ROLLUP || kind == KW_EVIDENCE || kind == KW_SECTOR || kind == KW_SYSTEM;
    case KW_ASSESSMENT:
        return setting || kind == KW_TARGET || kind == KW_DATE || kind == KW_ASSESSOR || kind == KW_DOC ||
               kind == KW_MET || kind == KW_WAIVE;
    case KW_TEST:
        return kind == KW_TARGET || kind == KW_ASSESSMENT || kind == KW_EXPECT;
    case KW_MODEL:
        return kind == KW_VERSION || kind == KW_DOC || kind == KW_ALIAS || kind == KW_DIMENSION ||
               kind == KW_DOMAIN || kind == KW_PRACTICE;
    default:
        return false;
    }
}

/* `first` starts a line below the head at `head`: indented deeper? */
static bool indented_as_body(const ParseCtx *ctx, Loc head, Loc first)
{
    return first_on_line(ctx, first) && line_indent(ctx, first.start, NULL) > line_indent(ctx, head.start, NULL);
}

static void report_missing_open(ParseCtx *ctx, Loc after)
{
    parse_syntax_error(ctx, (Loc){after.file, after.end, after.end},
                       "expected '{' at the end of this line: the lines below are indented as its body");
}

/* One more open block, its '{' at brace (file 0: already reported
 * missing) and its indent the one of the line holding offset indent_at.
 * A top-level block after a `test` head is a test's body. */
static void push_block(ParseCtx *ctx, Loc brace, uint32_t indent_at)
{
    if (ctx->depth == 0) {
        ctx->in_test = ctx->test_header;
        ctx->test_header = false;
    }
    ctx->brace_indent[ctx->depth] = line_indent(ctx, indent_at, NULL);
    ctx->braces[ctx->depth++] = brace;
    ctx->head_kind = 0;
}

/* The '{' fed for a missing one: already reported, so it closes silently. */
static int feed_open(ParseCtx *ctx, PP_STYPE *val, Loc *loc)
{
    Loc at = {ctx->prev_loc.file, ctx->prev_loc.end, ctx->prev_loc.end};
    push_block(ctx, (Loc){0, at.start, at.end}, ctx->head_loc.start);
    *val = (PP_STYPE){0};
    *loc = at;
    ctx->prev_loc = at;
    return '{';
}

/* t starts a line after a top-level head: the body, missing its '{'? */
static bool missing_open(ParseCtx *ctx, Token t)
{
    if (!first_on_line(ctx, t.loc) || !starts_body(ctx->head_kind, t.kind, peek(ctx, 0)->kind))
        return false;
    ctx->head_kind = 0; /* a statement of the body: the head is over either way */
    if (!indented_as_body(ctx, ctx->head_loc, t.loc) || ctx->depth == MAX_NESTING || ctx->excess)
        return false;
    report_missing_open(ctx, ctx->prev_loc);
    return true;
}

/* `sector NAME {` and `system NAME {` open a block: the kind the parser
 * needs to tell them from the settings `sector NAME` (SECTOR_BLOCK or
 * SYSTEM_BLOCK), else t's own.  Also a block when the body is indented
 * below without its '{': that is reported, and a '{' fed after NAME. */
static int block_keyword(ParseCtx *ctx, Token t)
{
    int b = peek(ctx, 1)->kind;
    bool name = is_name(peek(ctx, 0)->kind);
    int block = t.kind == KW_SECTOR ? SECTOR_BLOCK : SYSTEM_BLOCK;
    if (name && b == '{')
        return block;
    if (name && ctx->depth > 0 && first_on_line(ctx, t.loc) && starts_body(t.kind, b, peek(ctx, 2)->kind) &&
        indented_as_body(ctx, t.loc, peek(ctx, 1)->loc) && ctx->depth < MAX_NESTING && !ctx->excess) {
        Loc nm = peek(ctx, 0)->loc;
        report_missing_open(ctx, nm);
        ctx->inject_open_at = nm.end + 1;
        ctx->head_loc = t.loc;
        return block;
    }
    return t.kind;
}

/* A '{': one more open block, unless that passes the nesting limit
 * (reported once); then it and everything up to its '}' nest no deeper
 * (excess counts them) and false drops it. */
static bool open_block(ParseCtx *ctx, Token t)
{
    if (ctx->excess || ctx->depth == MAX_NESTING) {
        if (!ctx->excess)
            diag_at(ctx->s, D_TOO_DEEP, t.loc, "blocks nested more than %d deep", MAX_NESTING);
        ctx->excess++;
        return false;
    }
    push_block(ctx, t.loc, t.loc.start);
    return true;
}

/* A '}': closes the innermost block; false drops it (the match of a '{'
 * past the nesting limit, or one with no block open). */
static bool close_block(ParseCtx *ctx, Token t)
{
    if (ctx->excess) {
        ctx->excess--;
        return false;
    }
    if (ctx->depth == 0) {
        parse_syntax_error(ctx, t.loc, "unmatched '}'");
        return false;
    }
    note_dedented_close(ctx, t.loc);
    if (--ctx->depth == 0)
        ctx->suspect_open = LOC_NONE;
    return true;
}

/* The unclosed-block bookkeeping for any other token: a declaration's
 * keyword (or the end of file) while a block is open means that block was
 * never closed -- false, and the caller closes them.  At top level, the
 * head of a declaration that takes a body is noted, for the missing '{'
 * check. */
static bool declaration_head(ParseCtx *ctx, Token t)
{
    switch (t.kind) {
    case KW_TEST:
    case KW_ASSESSMENT:
        /* a `test` word that starts no declaration, and `assessment NAME`
         * inside a test (its subject), are not heads */
        if ((t.kind == KW_TEST || (ctx->depth == 1 && ctx->in_test)) && !starts_declaration(ctx))
            return true;
        if (ctx->depth > 0)
            return false;
        ctx->test_header = t.kind == KW_TEST;
        ctx->head_kind = t.kind;
        ctx->head_loc = t.loc;
        return true;
    case PP_EOF:
        return ctx->depth == 0;
    default:
        if (ctx->depth > 0 && is_top_keyword(t.kind))
            return false;
        if (ctx->depth == 0 && is_top_keyword(t.kind))
            ctx->test_header = false;
        if (ctx->depth == 0 && (t.kind == KW_PROFILE || (t.kind == KW_MODEL && ctx->head_kind != KW_PROFILE))) {
            ctx->head_kind = t.kind;
            ctx->head_loc = t.loc;
        }
        return true;
    }
}

int pp_lex(PP_STYPE *val, Loc *loc, ParseCtx *ctx)
{
    for (;;) {
        if (ctx->s->too_many_errors)
            return PP_EOF;
        if (ctx->inject_open) {
            ctx->inject_open = false;
            return feed_open(ctx, val, loc);
        }
        Token t = next(ctx);
        if (t.kind == NAME)
            t = fix_keyword(ctx, t);
        if (ctx->head_kind && t.kind != '{' && missing_open(ctx, t)) {
            push_front(ctx, t);
            return feed_open(ctx, val, loc);
        }
        switch (t.kind) {
        case '=':
        case GE:
        case LE:
            check_level(ctx, t);
            break;
        case KW_SCOPE:
            if (peek(ctx, 0)->kind == NAME)
                fix_scope(ctx, 0);
            break;
        case INT:
        case STRING:
        case KW_GENERAL:
        case KW_INDUSTRY:
            drop_trailing_name(ctx, t);
            break;
        case KW_SECTOR:
        case KW_SYSTEM:
            t.kind = block_keyword(ctx, t);
            break;
        case KW_EXPECT:
            expect_words(ctx);
            break;
        case KW_SET_BY:
            layer_word(ctx);
            break;
        case '{':
            if (!open_block(ctx, t))
                continue;
            break;
        case '}':
            if (!close_block(ctx, t))
                continue;
            break;
        default:
            if (!declaration_head(ctx, t))
                return close_open_blocks(ctx, t, val, loc);
            break;
        }
        *val = t.val;
        *loc = t.loc;
        ctx->prev_loc = t.loc;
        if (ctx->inject_open_at && ctx->inject_open_at == t.loc.end + 1) {
            ctx->inject_open_at = 0;
            ctx->inject_open = true;
        }
        return t.kind;
    }
}

/* A file that is mostly not text (an image, an archive, random bytes) is
 * reported once, at its first offending byte, instead of byte run by byte
 * run.  The test looks at the first 8 KiB: more than one byte in eight
 * that is a control character or not UTF-8.  A text file with a stray NUL
 * or a Latin-1 accent is parsed and reported normally. */
static bool looks_binary(const SourceFile *src, size_t *bad_out, size_t *sample_out, uint32_t *first_out)
{
    const unsigned char *t = (const unsigned char *)src->text;
    size_t n = src->len < 8192 ? src->len : 8192, bad = 0;
    uint32_t first = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = t[i];
        size_t k = 1;
        bool ok;
        if (c < 0x80) {
            ok = c >= 0x20 ? c != 0x7F : (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v');
        } else {
            k = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
            ok = k > 0;
            for (size_t j = 1; ok && j < k; j++)
                ok = i + j >= src->len || (t[i + j] & 0xC0) == 0x80;
            if (!ok)
                k = 1;
        }
        if (!ok && bad++ == 0)
            first = (uint32_t)i;
        i += k;
    }
    *bad_out = bad;
    *sample_out = n;
    *first_out = first;
    return bad >= 8 && bad * 8 > n;
}

/* The parse's scratch (the scanner's blocks are in the session's arena). */
static void parse_unwind(void *c)
{
    ParseCtx *ctx = c;
    buf_free(&ctx->str);
    arena_free(ctx->items);
}

/* Parse one file into a Unit.  s is the parse's own session (see
 * session_sink): its diagnostics are collected in the order they are found,
 * never printed, and the caller adopts them (diag_adopt), which shows a
 * file's diagnostics in source order — the builders report some errors when
 * a block closes, after the errors inside it. */
Unit *parse_source(Session *s, SourceFile *src)
{
    Unit *u = arena_alloc(s->arena, sizeof *u);
    u->src = src;
    ParseCtx ctx = {0};
    ctx.s = s;
    ctx.src = src;
    ctx.unit = u;
    if (src->len > UINT32_MAX - 1) {
        diag_at(s, D_IO, LOC_NONE, "%s: file too large", src->display);
        return u;
    }
    size_t bad, sample;
    uint32_t first_bad;
    if (looks_binary(src, &bad, &sample, &first_bad)) {
        diag_at(s, D_INVALID_UTF8, (Loc){src->id, first_bad, first_bad + 1},
                "this does not look like .smm source: %zu of the first %zu bytes are not UTF-8 text",
                bad, sample);
        return u;
    }
    Hold h;
    guard_hold(&h, parse_unwind, &ctx);
    ctx.items = arena_new();
    smm_scan_init(&ctx, src->text, src->len);
    int rc = pp_parse(&ctx);
    if (rc == 2)
        diag_at(s, D_TOO_DEEP, (Loc){src->id, ctx.offset, ctx.offset},
                "input too deeply nested for the parser");
    smm_scan_destroy(&ctx);
    smm_flush_diagnostics(s);
    guard_drop(&h);
    parse_unwind(&ctx);
    return u;
}
