/*
 * cli_fmt.c — `smmc fmt [--check] [-o FILE] FILE|DIR|-...`: canonical
 * formatting (fmt.c) of .smm files.
 *
 * Without -o each file is rewritten in place, atomically (temp file beside
 * it + rename, through a symlink to its target, keeping its permissions),
 * and only when its text changes.  `-` reads stdin and writes stdout.  A
 * directory stands for every *.smm file below it (hidden entries skipped),
 * in name order.  --check writes nothing: each file that would change is
 * named on stderr with the first line that differs, and the exit status
 * is 1.  Text that does not tokenize is never rewritten (exit 1); an
 * unreadable or unwritable file is exit 2.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int worst(int a, int b)
{
    /* 2 (I/O) outranks 1 (unformatted or untokenizable) outranks 0 */
    return a > b ? a : b;
}

/* One line of s (without its newline), the `line`-th (0-based). */
static const char *nth_line(const char *s, size_t n, size_t line, size_t *len)
{
    size_t i = 0;
    for (size_t k = 0; k < line && i < n; i++)
        if (s[i] == '\n')
            k++;
    size_t e = i;
    while (e < n && s[e] != '\n')
        e++;
    *len = e - i;
    return i < n ? s + i : NULL;
}

/* One line of the --check hint, at most 200 bytes of it: written by length,
 * since a comment may hold a NUL ('%.*s' would stop there). */
static void hint_line(char sign, const char *s, size_t n)
{
    fprintf(stderr, "  %c", sign);
    fwrite(s, 1, n > 200 ? 200 : n, stderr);
    fputs(n > 200 ? "…\n" : "\n", stderr);
}

/* --check: name the file and show the first line that differs, as a
 * unified diff would ("@@ -L +L @@", then - and + lines). */
static void report_unformatted(const char *name, const char *old, size_t oldn, const char *new,
                               size_t newn)
{
    size_t line = 0, i = 0;
    bool bom = oldn >= 3 && !memcmp(old, "\xEF\xBB\xBF", 3);
    size_t j = bom ? 3 : 0;
    /* first differing byte; count lines up to it */
    while (i < newn && j < oldn && old[j] == new[i]) {
        if (new[i] == '\n')
            line++;
        i++, j++;
    }
    fprintf(stderr, "%s: not formatted\n", name);
    if (bom && i == newn && j == oldn) {
        fprintf(stderr, "  (byte order mark: formatted files have none)\n");
        return;
    }
    size_t ol, nlen;
    const char *o = nth_line(bom ? old + 3 : old, bom ? oldn - 3 : oldn, line, &ol);
    const char *nw = nth_line(new, newn, line, &nlen);
    fprintf(stderr, "  @@ -%zu +%zu @@\n", line + 1, line + 1);
    if (o) {
        while (ol && o[ol - 1] == '\r')
            ol--;
        hint_line('-', o, ol);
    }
    if (nw)
        hint_line('+', nw, nlen);
    if (o && nw && ol == nlen && !memcmp(o, nw, ol))
        fprintf(stderr, "  (%s)\n", o + ol == old + oldn ? "no newline at end of file"
                                                        : "line endings or trailing whitespace differ");
}

/* Rewrite `path` in place with text, atomically, keeping its mode. */
static bool rewrite(const char *path, const char *text, size_t n)
{
    char real[PATH_MAX];
    const char *target = realpath(path, real) ? real : path;
    struct stat st;
    bool have_mode = stat(target, &st) == 0;
    Output out;
    if (!output_open(&out, target))
        return false;
    if (have_mode)
        fchmod(fileno(out.f), st.st_mode & 07777);
    if (n)
        fwrite(text, 1, n, out.f);
    if (!output_close(&out, true)) {
        fprintf(stderr, "smmc fmt: '%s' left unchanged\n", path);
        return false;
    }
    return true;
}

typedef struct {
    bool check;
    Output *sink; /* -o: all output goes there */
    int rc;
} FmtRun;

static void fmt_one(FmtRun *r, const char *path)
{
    bool is_stdin = !strcmp(path, "-");
    const char *name = is_stdin ? "<stdin>" : path;
    size_t len = 0;
    char *text = is_stdin ? smm_read_stream(stdin, &len) : smm_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "smmc fmt: cannot read '%s': %s\n", name, strerror(errno));
        r->rc = worst(r->rc, SMM_EXIT_USAGE);
        return;
    }
    char *out = NULL;
    size_t outn = 0;
    char err[256];
    if (smm_format_source(text, len, &out, &outn, err, sizeof err) != 0) {
        const char *msg = strstr(err, ": "); /* err is "LINE:COL: what" */
        if (msg && err[0] >= '0' && err[0] <= '9')
            fprintf(stderr, "%s:%.*s: error: %s\n", name, (int)(msg - err), err, msg + 2);
        else
            fprintf(stderr, "%s: error: %s\n", name, err);
        r->rc = worst(r->rc, SMM_EXIT_ERRORS);
    } else if (r->check) {
        if (outn != len || memcmp(out, text, len)) {
            report_unformatted(name, text, len, out, outn);
            r->rc = worst(r->rc, SMM_EXIT_ERRORS);
        }
    } else if (r->sink) {
        if (outn)
            fwrite(out, 1, outn, r->sink->f);
    } else if (is_stdin) {
        if (outn)
            fwrite(out, 1, outn, stdout);
    } else if (outn != len || memcmp(out, text, len)) {
        if (!rewrite(path, out, outn))
            r->rc = worst(r->rc, SMM_EXIT_USAGE);
    }
    free(out);
    free(text);
}

/* Every *.smm below dir (cli_find_smm: in name order, hidden entries
 * skipped, links followed once). */
static void fmt_dir(FmtRun *r, const char *dir)
{
    CliList files = {0};
    if (!cli_find_smm(dir, &files))
        r->rc = worst(r->rc, SMM_EXIT_USAGE);
    for (size_t i = 0; i < files.n; i++) {
        fmt_one(r, files.v[i]);
        free(files.v[i]);
    }
    cli_list_free(&files);
}

int cli_fmt(int argc, char **argv)
{
    CliOpts o;
    int rc = cli_parse(argc, argv, &o, O_OUTPUT | O_CHECKFMT,
                       "[--check] [-o FILE] FILE|DIR|-...",
                       "Rewrite FILEs in the canonical .smm layout (docs/fmt.md): two-space\n"
                       "indentation per block, '{' at the end of its line and '}' on its own,\n"
                       "one space between tokens, aligned '=' in runs of settings, single blank\n"
                       "lines, LF line endings.  Comments and line breaks between statements are\n"
                       "kept; strings are never touched; formatting twice changes nothing.\n"
                       "\n"
                       "Each file is rewritten in place (atomically, only if it changes); a\n"
                       "directory means every .smm file below it; '-' reads stdin and writes\n"
                       "stdout.  -o - writes all results to stdout, -o FILE writes the result of\n"
                       "a single input to FILE.  --check writes nothing: it lists each file that\n"
                       "is not formatted, with the first line that differs, and exits 1.\n"
                       "A file that does not tokenize (unterminated string or comment, invalid\n"
                       "character) is reported and left alone (exit 1); an unreadable file is\n"
                       "exit 2.");
    if (rc >= 0)
        return cli_free(&o), rc;
    if (o.nfiles == 0) {
        fprintf(stderr, "smmc fmt: no input files ('-' reads stdin; see 'smmc fmt --help')\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    if (o.check_only && o.output) {
        fprintf(stderr, "smmc fmt: --check writes nothing; it cannot be combined with -o\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    bool to_stdout = o.output && !strcmp(o.output, "-");
    if (o.output && !to_stdout) {
        struct stat st;
        if (o.nfiles > 1 || (strcmp(o.files[0], "-") && stat(o.files[0], &st) == 0 &&
                             S_ISDIR(st.st_mode))) {
            fprintf(stderr, "smmc fmt: -o FILE needs exactly one input file (use -o - for stdout)\n");
            return cli_free(&o), SMM_EXIT_USAGE;
        }
    }
    int nstdin = 0;
    for (int i = 0; i < o.nfiles; i++)
        nstdin += !strcmp(o.files[i], "-");
    if (nstdin > 1) {
        fprintf(stderr, "smmc fmt: '-' (stdin) can be given only once\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    Output sink;
    FmtRun r = {o.check_only, NULL, 0};
    if (o.output) {
        if (!output_open(&sink, o.output))
            return cli_free(&o), SMM_EXIT_USAGE;
        r.sink = &sink;
    }
    for (int i = 0; i < o.nfiles; i++) {
        const char *path = o.files[i];
        struct stat st;
        if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            fmt_dir(&r, path);
        else
            fmt_one(&r, path);
    }
    if (r.sink) {
        /* -o FILE: a failed input leaves FILE as it was */
        bool ok = r.rc == 0 || to_stdout;
        if (!output_close(&sink, ok) && ok)
            r.rc = SMM_EXIT_USAGE;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "smmc fmt: cannot write to stdout: %s\n", strerror(errno));
        r.rc = worst(r.rc, SMM_EXIT_USAGE);
    }
    cli_free(&o);
    return r.rc;
}
