/*
 * cli_report.c — `smmc report`: compile, evaluate the assessments as `check`
 * does, and draw the gap analysis of one of them (tool.md §5) as a
 * self-contained HTML page, GitHub Markdown, or one SVG file per chart in a
 * directory.
 *
 * The report is not a gate: gaps are its content, so it exits 0 once
 * written.  Compile errors (anything but the gap-analysis findings) print
 * as diagnostics and exit 1 before anything is written; files are written
 * atomically, so a failed run leaves the previous report untouched.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const formats[] = {"html", "svg", "markdown", "oscal-poam"};

/* The format from --format, else from the name of -o; -1 after a usage message. */
static int pick_format(const CliOpts *o)
{
    if (o->format_name) {
        for (int i = 0; i < 4; i++)
            if (!strcmp(o->format_name, formats[i]))
                return i;
        const char *hint = cli_suggest(o->format_name, formats, 4);
        fprintf(stderr, "smmc report: invalid value '%s' for --format%s%s%s; expected html, svg, markdown or "
                        "oscal-poam\n",
                o->format_name, hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        return -1;
    }
    const char *path = o->output;
    if (!strcmp(path, "-")) {
        fprintf(stderr, "smmc report: cannot infer the format of standard output; give --format html or "
                        "--format markdown\n");
        return -1;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return SMM_REPORT_SVG;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!*base || !dot || dot == base)
        return SMM_REPORT_SVG; /* "charts/", "charts" or ".hidden": a directory of SVG files */
    if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
        return SMM_REPORT_HTML;
    if (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown"))
        return SMM_REPORT_MARKDOWN;
    if (!strcasecmp(dot, ".svg"))
        return SMM_REPORT_SVG;
    fprintf(stderr, "smmc report: cannot infer the format from '%s' (use .html, .md, or a directory for SVG); "
                    "give --format html, svg, markdown or oscal-poam\n",
            path);
    return -1;
}

/* mkdir -p */
static bool make_dirs(const char *path)
{
    char *p = cli_strdup(path);
    bool ok = true;
    for (char *q = p + 1; ok; q++) {
        if (*q != '/' && *q)
            continue;
        char c = *q;
        *q = 0;
        struct stat st;
        if (stat(p, &st) != 0) {
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                ok = false;
        } else if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            ok = false;
        }
        *q = c;
        if (!c)
            break;
    }
    if (!ok)
        fprintf(stderr, "smmc report: cannot create directory '%s': %s\n", path, strerror(errno));
    free(p);
    return ok;
}

static bool write_one(smm_session *s, const smm_check_run *run, size_t focus, int fmt, int chart,
                      const char *path)
{
    Output out;
    if (!output_open(&out, path))
        return false;
    int e = smm_report_write(s, run, focus, (smm_report_format)fmt, chart, out.f);
    if (e != 0 && smm_internal_error(s))
        fprintf(stderr, "smmc: internal error: %s\n", smm_internal_error(s));
    return output_close(&out, e == 0);
}

static bool write_report(smm_session *s, const smm_check_run *run, size_t focus, int fmt, const char *path)
{
    if (fmt != SMM_REPORT_SVG)
        return write_one(s, run, focus, fmt, 0, path);
    if (!make_dirs(path))
        return false;
    bool ok = true;
    for (int c = 0; c < smm_report_chart_count() && ok; c++) {
        if (!smm_report_chart_applies(run, focus, c))
            continue;
        size_t n = strlen(path);
        char *file = cli_printf("%s%s%s.svg", path, n && path[n - 1] == '/' ? "" : "/", smm_report_chart_name(c));
        ok = write_one(s, run, focus, fmt, c, file);
        free(file);
    }
    return ok;
}

static void list_names(const char *what, const char *const *names, size_t n)
{
    fprintf(stderr, "%s", what);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "\n  %s", names[i]);
    fputc('\n', stderr);
}

/* Why no assessment could be chosen: there is none, the one asked for is
 * not there (the names are listed), or several targets have histories
 * (names: the latest of each, nheads of them). */
static void no_focus(const smm_check_run *run, const char *asked, const char **names, size_t nheads)
{
    size_t n = smm_check_count(run);
    if (n == 0) {
        fprintf(stderr, "smmc report: no assessment in the input files: nothing to report\n");
    } else if (asked) {
        for (size_t i = 0; i < n; i++) {
            smm_assessment_result ar;
            smm_check_result(run, i, &ar);
            names[i] = ar.name;
        }
        const char *hint = cli_suggest(asked, names, n);
        fprintf(stderr, "smmc report: no assessment named '%s'%s%s%s\n", asked, hint ? "; did you mean '" : "",
                hint ? hint : "", hint ? "'?" : "");
        list_names("the input files hold:", names, n);
    } else {
        list_names("smmc report: the input files hold assessments of several targets; choose one with "
                   "--assessment NAME:",
                   names, nheads);
    }
}

/* The report format, once -o, the format and the inputs make a report
 * that can be written; -1 after a usage message. */
static int usable_output(const CliOpts *o)
{
    if (!o->output) {
        fprintf(stderr, "smmc report: -o PATH is required: a .html or .md file, or a directory for the SVG charts "
                        "(see 'smmc report --help')\n");
        return -1;
    }
    int fmt = pick_format(o);
    if (fmt < 0)
        return -1;
    if (fmt == SMM_REPORT_SVG && !strcmp(o->output, "-")) {
        fprintf(stderr, "smmc report: --format svg writes one file per chart into a directory; -o - is not one\n");
        return -1;
    }
    if (o->nfiles == 0) {
        fprintf(stderr, "smmc report: no input files (see 'smmc report --help')\n");
        return -1;
    }
    return fmt;
}

int cli_report(int argc, char **argv)
{
    CliOpts o;
    int rc = cli_parse(argc, argv, &o, O_INCLUDE | O_OUTPUT | O_FORMAT | O_GATE,
                       "[--format html|svg|markdown|oscal-poam] -o PATH [OPTIONS] FILE...",
                       "Compile FILEs, evaluate the assessments as `smmc check` does, and draw the gap\n"
                       "analysis of one of them: heat map, bar chart, radar, roadmap and, for a dated\n"
                       "history of one target, progress over time (docs/reports.md).\n"
                       "  html      one self-contained, printable page (-o report.html)\n"
                       "  markdown  summary table and roadmap for a pull-request comment (-o gaps.md)\n"
                       "  svg       one standalone SVG per chart in the directory PATH (created if missing):\n"
                       "            heatmap.svg, bars.svg, radar.svg and history.svg\n"
                       "  oscal-poam  the roadmap as an OSCAL 1.2.1 plan of action and milestones (-o poam.json;\n"
                       "            docs/oscal.md)\n"
                       "The format defaults from PATH: .html/.htm, .md, else .svg or a directory.\n"
                       "--assessment NAME picks one assessment; by default, the latest of the only history.\n"
                       "Exit 0 once the report is written, gaps or not; 1 on compile errors (nothing written).");
    if (rc >= 0)
        return cli_free(&o), rc;
    int fmt = usable_output(&o);
    if (fmt < 0)
        return cli_free(&o), SMM_EXIT_USAGE;

    CliRun r;
    cli_check_inputs(&o, NULL, &r);
    smm_session *s = r.s;
    smm_check_run *run = r.run;
    const char **names = NULL;
    if (!r.compiled || smm_input_error_count(s)) {
        cli_print_diagnostics(s, false);
        rc = !r.loaded ? SMM_EXIT_USAGE : SMM_EXIT_ERRORS;
        goto done;
    }
    cli_print_diagnostics(s, false); /* warnings only: the findings are the report */

    size_t n = smm_check_count(run), nheads = 0;
    names = cli_alloc((n + 1) * sizeof *names);
    long focus = smm_report_focus(run, o.assessment, names, &nheads);
    if (focus < 0) {
        no_focus(run, o.assessment, names, nheads);
        rc = SMM_EXIT_USAGE;
        goto done;
    }
    rc = write_report(s, run, (size_t)focus, fmt, o.output) ? SMM_EXIT_OK : SMM_EXIT_USAGE;

done:
    rc = cli_status(s, rc);
    free(names);
    smm_check_free(run);
    smm_free(s);
    cli_free(&o);
    return rc;
}
