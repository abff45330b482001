/*
 * source.c — source files and the line table.
 *
 * Locations are byte spans; a file's line table (the offset of every line
 * start) is built once, on first use, so lexing never pays for it.  Columns
 * count UTF-8 code points, 1-based, as the spec asks.  A UTF-8 BOM is
 * removed when the file is added; CR before LF is part of the line's text
 * and trimmed when a line is printed.
 */
#include "smmc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *read_stream(FILE *f, size_t *len)
{
    /* room for the whole file (its size as a hint) and two NULs: the
     * scanner works in this buffer (yy_scan_buffer) instead of a copy */
    struct stat st;
    bool known = fstat(fileno(f), &st) == 0;
    if (known && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return NULL;
    }
    size_t cap = known && S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 3 : 1 << 16;
    size_t n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (cap - n < 3) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n - 2, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int err = errno;
        free(buf);
        errno = err ? err : EIO;
        return NULL;
    }
    buf[n] = buf[n + 1] = 0;
    *len = n;
    return buf;
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = read_stream(f, len);
    int err = errno;
    fclose(f);
    errno = err;
    return text;
}

/* Takes ownership of text (heap); text may be NULL and set later with
 * source_set_text (a file registered before it is read). */
SourceFile *source_add(Session *s, const char *path, char *text, size_t len)
{
    SourceFile *f = arena_alloc(s->arena, sizeof *f);
    f->id = (uint32_t)s->sources.n + 1;
    vec_push(&s->sources, f);
    source_set_path(s, f, path);
    if (text) /* last: nothing fails after the session owns the text */
        source_set_text(f, text, len);
    return f;
}

void source_set_path(Session *s, SourceFile *f, const char *path)
{
    if (f->path && strcmp(f->path, path) == 0)
        return;
    f->path = arena_strdup(s->arena, path);
    f->display = f->path[0] == '.' && f->path[1] == '/' ? f->path + 2 : f->path;
}

void source_set_text(SourceFile *f, char *text, size_t len)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        memmove(text, text + 3, len - 3);
        len -= 3;
        text[len] = text[len + 1] = 0;
        f->bom = 3;
    }
    f->text = text;
    f->len = len;
}

SourceFile *source_get(const Session *s, uint32_t id)
{
    if (id == 0 || id > s->sources.n)
        return NULL;
    return s->sources.v[id - 1];
}

static void build_lines(SourceFile *f)
{
    size_t n = 1;
    for (size_t i = 0; i < f->len; i++)
        n += f->text[i] == '\n';
    f->lines = xmalloc(n * sizeof *f->lines);
    f->nlines = 0;
    f->lines[f->nlines++] = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            f->lines[f->nlines++] = (uint32_t)(i + 1);
}

/* Columns count code points from the line start.  The last answer is kept
 * (memo_*): the next offset on the same line at or after it counts on from
 * there, so N diagnostics on one long line cost O(line), not O(N x line). */
LineCol source_linecol(SourceFile *f, uint32_t offset)
{
    if (!f->lines)
        build_lines(f);
    if (offset > f->len)
        offset = (uint32_t)f->len;
    size_t lo = 0, hi = f->nlines; /* last line start <= offset */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (f->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t from = f->lines[lo], col = 1;
    if (f->memo_line == lo + 1 && f->memo_off <= offset)
        from = f->memo_off, col = f->memo_col;
    for (uint32_t i = from; i < offset; i++)
        col += ((unsigned char)f->text[i] & 0xC0) != 0x80;
    f->memo_line = (uint32_t)lo + 1;
    f->memo_off = offset;
    f->memo_col = col;
    return (LineCol){(uint32_t)lo + 1, col};
}

const char *source_line(SourceFile *f, uint32_t line, size_t *len)
{
    if (!f->lines)
        build_lines(f);
    if (line == 0 || line > f->nlines) {
        *len = 0;
        return "";
    }
    const char *start = f->text + f->lines[line - 1];
    /* the line ends where the next begins (after its '\n'), or at the end */
    const char *end = line < f->nlines ? f->text + f->lines[line] - 1 : f->text + f->len;
    if (end > start && end[-1] == '\r')
        end--;
    *len = (size_t)(end - start);
    return start;
}

Loc loc_join(Loc a, Loc b)
{
    if (a.file == 0)
        return b;
    if (b.file == 0 || b.file != a.file)
        return a;
    return (Loc){a.file, a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
}

smm_span source_span(Session *s, Loc loc, bool display)
{
    smm_span sp = {0};
    SourceFile *f = loc.file ? source_get(s, loc.file) : NULL;
    if (!f)
        return sp;
    sp.file = display ? f->display : f->path;
    sp.start = loc.start;
    sp.end = loc.end;
    LineCol a = source_linecol(f, loc.start), b = source_linecol(f, loc.end);
    sp.line = a.line;
    sp.column = a.column;
    sp.end_line = b.line;
    sp.end_column = b.column;
    return sp;
}
