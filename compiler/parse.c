/*
 * parse.c — the token filter between scanner and parser, and the parse
 * driver for one file.
 *
 * The filter (pp_lex) does three things the LALR(1) grammar cannot:
 *   1. `sector NAME {` and `system NAME {` become SECTOR_BLOCK/SYSTEM_BLOCK
 *      (two tokens of lookahead; language.md §5.1), so `x = 4 system` then
 *      `system handheld {` parse as a setting with a scope and a block.
 *   2. It tracks open braces.  A top-level keyword (`model`, `profile`,
 *      `assessment`, `import`) met inside a block, or the end of file, closes
 *      the open blocks with one error that names the unclosed '{' — Lua's
 *      "'}' expected (to close '{' at line 12)" — instead of letting the
 *      parser swallow the next declaration.
 *   3. It bounds nesting: '{' beyond MAX_NESTING is reported once and dropped
 *      with its matching '}', so 200 000 nested braces cost one diagnostic.
 *
 * Syntax errors are reported at most once per line, which with bison's own
 * three-token rule keeps recovery from cascading.
 */
#include "parse.h"
#include "parser.h"
#include "lexer.h"

#include <stdlib.h>
#include <string.h>

void parse_syntax_error(ParseCtx *ctx, Loc loc, const char *fmt, ...)
{
    LineCol lc = source_linecol(ctx->src, loc.start);
    if (ctx->syntax_errors && lc.line == ctx->last_error_line)
        return;
    ctx->last_error_line = lc.line;
    ctx->syntax_errors++;
    va_list ap;
    va_start(ap, fmt);
    diag_vat(ctx->s, D_SYNTAX, loc, fmt, ap);
    va_end(ap);
}

static Token raw_token(ParseCtx *ctx)
{
    Token t = {0};
    if (ctx->eof) {
        t.kind = PP_EOF;
        t.loc = (Loc){ctx->src->id, (uint32_t)ctx->src->len, (uint32_t)ctx->src->len};
        return t;
    }
    t.kind = smm_scan(&t.val, &t.loc, ctx);
    if (t.kind == PP_EOF) {
        ctx->eof = true;
        t.loc = (Loc){ctx->src->id, (uint32_t)ctx->src->len, (uint32_t)ctx->src->len};
    }
    return t;
}

static Token peek(ParseCtx *ctx, int i)
{
    while (ctx->nlook <= i)
        ctx->look[ctx->nlook++] = raw_token(ctx);
    return ctx->look[i];
}

static Token next(ParseCtx *ctx)
{
    Token t = peek(ctx, 0);
    memmove(&ctx->look[0], &ctx->look[1], sizeof(Token) * (size_t)(ctx->nlook - 1));
    ctx->nlook--;
    return t;
}

static void push_front(ParseCtx *ctx, Token t)
{
    memmove(&ctx->look[1], &ctx->look[0], sizeof(Token) * (size_t)ctx->nlook);
    ctx->look[0] = t;
    ctx->nlook++;
}

static bool is_top_keyword(int kind)
{
    return kind == KW_MODEL || kind == KW_PROFILE || kind == KW_ASSESSMENT || kind == KW_IMPORT;
}

/* A block left open: report once, then feed the parser one '}' per open
 * brace (pushed back in front of the token that revealed it). */
static int close_open_blocks(ParseCtx *ctx, Token t, PP_STYPE *val, Loc *loc)
{
    Loc open = ctx->braces[ctx->depth - 1];
    LineCol lc = source_linecol(ctx->src, open.start);
    const char *before = t.kind == PP_EOF ? "at end of file" : NULL;
    Diag *d;
    if (before)
        d = diag_at(ctx->s, D_SYNTAX, t.loc, "expected '}' at end of file (to close '{' at line %u)",
                    lc.line);
    else
        d = diag_at(ctx->s, D_SYNTAX, t.loc, "expected '}' before '%s' (to close '{' at line %u)",
                    pp_token_name(t.kind), lc.line);
    diag_note(ctx->s, d, open, "block opened here");
    ctx->syntax_errors++;
    ctx->last_error_line = source_linecol(ctx->src, t.loc.start).line;
    push_front(ctx, t);
    ctx->depth--;
    Token close = {.kind = '}', .loc = {t.loc.file, t.loc.start, t.loc.start}};
    /* The remaining open braces close silently. */
    for (int i = 0; i < ctx->depth; i++)
        push_front(ctx, close);
    ctx->depth = 0;
    *loc = close.loc;
    *val = close.val;
    return '}';
}

int pp_lex(PP_STYPE *val, Loc *loc, ParseCtx *ctx)
{
    for (;;) {
        if (ctx->s->too_many_errors)
            return PP_EOF;
        Token t = next(ctx);
        switch (t.kind) {
        case KW_SECTOR:
        case KW_SYSTEM: {
            Token a = peek(ctx, 0), b = peek(ctx, 1);
            bool name = a.kind == NAME || a.kind == KW_TARGET || a.kind == KW_DATE ||
                        a.kind == KW_OWNER || a.kind == KW_UNTIL || a.kind == KW_VERSION ||
                        a.kind == KW_ASSESSOR || a.kind == KW_GENERAL || a.kind == KW_INDUSTRY;
            if (name && b.kind == '{')
                t.kind = t.kind == KW_SECTOR ? SECTOR_BLOCK : SYSTEM_BLOCK;
            break;
        }
        case '{':
            if (ctx->excess || ctx->depth == MAX_NESTING) {
                if (!ctx->excess)
                    diag_at(ctx->s, D_TOO_DEEP, t.loc, "blocks nested more than %d deep", MAX_NESTING);
                ctx->excess++;
                continue;
            }
            ctx->braces[ctx->depth++] = t.loc;
            break;
        case '}':
            if (ctx->excess) {
                ctx->excess--;
                continue;
            }
            if (ctx->depth == 0) {
                parse_syntax_error(ctx, t.loc, "unmatched '}'");
                continue;
            }
            ctx->depth--;
            break;
        case PP_EOF:
            if (ctx->depth > 0)
                return close_open_blocks(ctx, t, val, loc);
            break;
        default:
            if (ctx->depth > 0 && is_top_keyword(t.kind))
                return close_open_blocks(ctx, t, val, loc);
            break;
        }
        *val = t.val;
        *loc = t.loc;
        return t.kind;
    }
}

Unit *parse_unit(Session *s, SourceFile *src)
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
    smm_scan_init(&ctx, src->text, src->len);
    int rc = pp_parse(&ctx);
    if (rc == 2)
        diag_at(s, D_TOO_DEEP, (Loc){src->id, ctx.offset, ctx.offset},
                "input too deeply nested for the parser");
    smm_scan_destroy(&ctx);
    buf_free(&ctx.str);
    vec_push(&s->units, u);
    return u;
}
