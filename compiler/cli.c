/*
 * cli.c — option parsing shared by every subcommand (GNU getopt_long
 * conventions), the session set-up they share, and atomic output files.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    OPT_STDLIB = 256, OPT_EMIT, OPT_PROVENANCE, OPT_PROFILE, OPT_SECTOR, OPT_SYSTEM,
    OPT_FORMAT, OPT_COLOR, OPT_BASELINE, OPT_EVIDENCE, OPT_TODAY, OPT_ASSESSMENT,
    OPT_CHECK, OPT_HELP, OPT_MD, OPT_RUN, OPT_VERIFY,
};

static const struct option long_opts[] = {
    {"stdlib", required_argument, NULL, OPT_STDLIB},
    {"emit", required_argument, NULL, OPT_EMIT},
    {"provenance", required_argument, NULL, OPT_PROVENANCE},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"sector", required_argument, NULL, OPT_SECTOR},
    {"system", required_argument, NULL, OPT_SYSTEM},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"evidence", no_argument, NULL, OPT_EVIDENCE},
    {"today", required_argument, NULL, OPT_TODAY},
    {"assessment", required_argument, NULL, OPT_ASSESSMENT},
    {"check", no_argument, NULL, OPT_CHECK},
    {"run", required_argument, NULL, OPT_RUN},
    {"verify", no_argument, NULL, OPT_VERIFY},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static const struct {
    unsigned flag;
    const char *text;
} option_help[] = {
    {O_INCLUDE, "  -I DIR               add DIR to the import search path (after the importing and root files' directories)\n"
                "  --stdlib DIR         the standard library (default: $SMM_STDLIB, else the installed one)\n"
                "  -j N, --jobs=N       threads for parsing and validation (default: one per CPU, at most 8;\n"
                "                       1 = none); the output is the same for every N\n"},
    {O_OUTPUT, "  -o FILE              write the output to FILE, atomically ('-' = stdout)\n"},
    {O_EMIT, "  --emit xml|json|none the IR format (default xml; none = resolve and validate only)\n"
             "  --emit oscal-catalog|oscal-profile  the model as an OSCAL catalog, or the target of\n"
             "                       --profile P as an OSCAL profile (docs/oscal.md)\n"
             "  --provenance full|winner  every setting along the cascade, or only the winner (default full)\n"},
    {O_SELECT, "  --profile P          only the target P (with --sector S and/or --system Y)\n"
               "  --sector S, --system Y  select the variant of --profile\n"},
    {O_FORMAT, "  --format F           output format (see above)\n"},
    {O_WARN, "  -W NAME, -Wno-NAME   enable or disable a diagnostic by name (smmc explain lists them)\n"
             "  -Werror, -Werror=NAME  treat warnings (or one diagnostic) as errors\n"
             "  -fmax-errors=N       stop after N errors (default 50; 0 = no limit)\n"
             "  --color auto|always|never  colour diagnostics (auto honours NO_COLOR and a non-tty)\n"
             "  -q, --quiet          print only diagnostics, no summary\n"},
    {O_BASELINE, "  --baseline FILE      a previous `check --format json` result: only new findings count\n"},
    {O_GATE, "  --evidence           evidence mode: a level counts only if its considerations are met\n"
             "  --today YYYY-MM-DD   the date waivers are judged against (default: the system date)\n"
             "  --assessment NAME    only this assessment\n"},
    {O_DATES, "  --evidence           evidence mode: a level counts only if its considerations are met\n"
              "  --today YYYY-MM-DD   the date waivers are judged against (default: the system date)\n"},
    {O_CHECKFMT, "  --check              do not write; exit 1 if a file is not formatted\n"},
    {O_RUN, "  --run GLOB           only the tests whose name matches GLOB (shell pattern: medical.*)\n"},
    {O_VERIFY, "  --verify             verify mode: compare the diagnostics with the file's expect-error:,\n"
               "                       expect-warning: and expect-note: comments instead of printing them\n"},
    {O_DEPS, "  -MD                  also write make-style dependency files (OUTDIR/NAME.d)\n"},
};

const char *cli_suggest(const char *word, const char *const *cands, size_t n)
{
    return smm_suggest(word, cands, n);
}

/* ---------------------------------------------------------------- heap */

void *cli_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("smmc: internal error: out of memory\n", stderr);
        exit(SMM_EXIT_INTERNAL);
    }
    return p;
}

char *cli_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(cli_alloc(n), s, n);
}

char *cli_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = cli_alloc((size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    return p;
}

void cli_list_push(CliList *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **v = cli_alloc(cap * sizeof *v);
        if (l->n)
            memcpy(v, l->v, l->n * sizeof *v);
        free(l->v);
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (char *)s;
}

void cli_list_free(CliList *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

int cli_status(const smm_session *s, int rc)
{
    return s && smm_internal_error(s) ? SMM_EXIT_INTERNAL : rc;
}

/* A formatted option name for messages; lives until the next call. */
static const char *long_name(const char *opt)
{
    static char buf[64];
    snprintf(buf, sizeof buf, "--%s", opt);
    return buf;
}

static int bad_value(const char *opt, const char *val, const char *const *allowed, size_t n)
{
    const char *hint = cli_suggest(val, allowed, n);
    fprintf(stderr, "smmc: invalid value '%s' for %s%s%s%s; expected ", val, opt,
            hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", allowed[i]);
    fputc('\n', stderr);
    return SMM_EXIT_USAGE;
}

static int pick(const char *opt, const char *val, const char *const *allowed, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(val, allowed[i])) {
            *out = (int)i;
            return -1;
        }
    return bad_value(opt, val, allowed, n);
}

/* The OSCAL outputs and the command that writes each: asking another
 * command (or option) for one is a usage error that names the right one. */
static const struct {
    const char *value, *cmd, *opt, *how;
} oscal_outputs[] = {
    {"oscal-catalog", "compile", "--emit", "smmc compile --emit oscal-catalog"},
    {"oscal-profile", "compile", "--emit", "smmc compile --emit oscal-profile --profile P"},
    {"oscal", "check", "--format", "smmc check --format oscal"},
    {"oscal-poam", "report", "--format", "smmc report --format oscal-poam"},
};

static int oscal_elsewhere(const char *cmd, const char *opt, const char *val)
{
    for (size_t i = 0; i < sizeof oscal_outputs / sizeof oscal_outputs[0]; i++) {
        if (strcmp(val, oscal_outputs[i].value))
            continue;
        if (!strcmp(cmd, oscal_outputs[i].cmd) && !strcmp(opt, oscal_outputs[i].opt))
            return -1;
        fprintf(stderr, "smmc %s: %s %s is not an output of this command; use '%s' (see docs/oscal.md)\n", cmd,
                opt, val, oscal_outputs[i].how);
        return SMM_EXIT_USAGE;
    }
    return -1;
}

static void help(const char *cmd, unsigned allowed, const char *synopsis, const char *description)
{
    printf("usage: smmc %s %s\n\n%s\n\noptions:\n", cmd, synopsis, description);
    for (size_t i = 0; i < sizeof option_help / sizeof option_help[0]; i++)
        if (allowed & option_help[i].flag)
            fputs(option_help[i].text, stdout);
    printf("  --help               this text\n\nExit status: 0 clean, 1 errors, 2 usage or I/O error, "
           "70 internal error.\n");
}

static int reject(const char *cmd, const char *opt)
{
    fprintf(stderr, "smmc %s: option '%s' does not apply to this command (see 'smmc %s --help')\n",
            cmd, opt, cmd);
    return SMM_EXIT_USAGE;
}

/* The option table: which class of options (O_*) a command must accept
 * for option c to apply; 0 for --help and the errors. */
static unsigned option_class(int c, unsigned allowed)
{
    switch (c) {
    case 'I': case 'j': case OPT_STDLIB: return O_INCLUDE;
    case 'o': return O_OUTPUT;
    case OPT_EMIT: case OPT_PROVENANCE: return O_EMIT;
    case OPT_PROFILE: case OPT_SECTOR: case OPT_SYSTEM: return O_SELECT;
    case OPT_FORMAT: return O_FORMAT;
    case 'W': case 'f': case OPT_COLOR: case 'q': return O_WARN;
    case OPT_BASELINE: return O_BASELINE;
    case OPT_EVIDENCE: case OPT_TODAY: return allowed & O_DATES ? O_DATES : O_GATE;
    case OPT_ASSESSMENT: return O_GATE;
    case OPT_CHECK: return O_CHECKFMT;
    case OPT_RUN: return O_RUN;
    case OPT_VERIFY: return O_VERIFY;
    default: return 0;
    }
}

/* The option getopt_long just returned (c, long_opts[longindex] or -1), as
 * the user spelled it, for messages; short names are written into
 * shortname ("-?"). */
static const char *spelled(int c, int longindex, char **args, char *shortname)
{
    if (longindex >= 0)
        return long_name(long_opts[longindex].name);
    if ((c == '?' || c == ':') && !(optopt > 0 && optopt < 256))
        return args[optind - 1];
    shortname[1] = (char)(c == '?' || c == ':' ? optopt : c);
    return shortname;
}

/* -j N: at most SMM_MAX_JOBS threads. */
static int set_jobs(CliOpts *o, const char *name, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < 1) {
        fprintf(stderr, "smmc: %s expects a number of threads (1 or more), not '%s'\n", name, arg);
        return SMM_EXIT_USAGE;
    }
    o->opt.jobs = v > SMM_MAX_JOBS ? SMM_MAX_JOBS : (int)v;
    return -1;
}

/* -fmax-errors=N, the one -f option. */
static int set_max_errors(CliOpts *o, const char *arg)
{
    char *end;
    if (strncmp(arg, "max-errors=", 11) || !arg[11] || (strtol(arg + 11, &end, 10) < 0) || *end) {
        fprintf(stderr, "smmc: unknown option '-f%s' (did you mean -fmax-errors=N?)\n", arg);
        return SMM_EXIT_USAGE;
    }
    o->opt.max_errors = (int)strtol(arg + 11, NULL, 10);
    return -1;
}

/* The output options: --emit, --provenance, --format and --color.  An
 * OSCAL value another command writes is pointed there; report formats
 * (commands without O_WARN) are checked by the command. */
static int set_output_kind(CliOpts *o, int c, unsigned allowed, const char *arg)
{
    static const char *const emits[] = {"xml", "json", "none", "oscal-catalog", "oscal-profile"};
    static const char *const provs[] = {"full", "winner"};
    static const char *const formats[] = {"text", "json", "sarif", "junit", "github", "csv", "oscal"};
    static const char *const colors[] = {"auto", "always", "never"};
    int v = 0, rc;
    switch (c) {
    case OPT_EMIT:
        if ((rc = oscal_elsewhere(o->cmd, "--emit", arg)) >= 0)
            return rc;
        rc = pick("--emit", arg, emits, 5, &v);
        o->emit = (smm_emit)v;
        return rc;
    case OPT_PROVENANCE:
        rc = pick("--provenance", arg, provs, 2, &v);
        o->prov = (smm_provenance)v;
        return rc;
    case OPT_FORMAT:
        o->format_name = arg;
        o->explicit_format = true;
        if ((rc = oscal_elsewhere(o->cmd, "--format", arg)) >= 0)
            return rc;
        if (!(allowed & O_WARN))
            return -1;
        rc = pick("--format", arg, formats, 7, &v);
        o->format = (smm_format)v;
        return rc;
    default: /* OPT_COLOR */
        rc = pick("--color", arg, colors, 3, &v);
        o->opt.color = (smm_color)v;
        return rc;
    }
}

/* Applies option c (spelled name) to o: -1 to go on, else the exit
 * status (0 after --help). */
static int apply_option(CliOpts *o, int c, const char *name, unsigned allowed, const char *synopsis,
                        const char *description)
{
    switch (c) {
    case 'I': cli_list_push(&o->includes, optarg); break;
    case OPT_STDLIB: o->opt.stdlib_dir = optarg; break;
    case 'j': return set_jobs(o, name, optarg);
    case 'o': o->output = optarg; break;
    case OPT_EMIT: case OPT_PROVENANCE: case OPT_FORMAT: case OPT_COLOR:
        return set_output_kind(o, c, allowed, optarg);
    case OPT_PROFILE: o->sel.profile = optarg; break;
    case OPT_SECTOR: o->sel.sector = optarg; break;
    case OPT_SYSTEM: o->sel.system = optarg; break;
    case 'W': cli_list_push(&o->warnings, optarg); break;
    case 'f': return set_max_errors(o, optarg);
    case 'q': o->opt.quiet = true; break;
    case OPT_BASELINE: o->baseline = optarg; break;
    case OPT_EVIDENCE: o->opt.evidence = true; break;
    case OPT_TODAY:
        o->opt.today = optarg;
        if (!smm_date_valid(optarg)) {
            fprintf(stderr, "smmc: --today expects a valid date YYYY-MM-DD, not '%s'\n", optarg);
            return SMM_EXIT_USAGE;
        }
        break;
    case OPT_ASSESSMENT: o->assessment = optarg; break;
    case OPT_CHECK: o->check_only = true; break;
    case OPT_RUN: o->run = optarg; break;
    case OPT_VERIFY: o->verify = true; break;
    case 'h':
    case OPT_HELP:
        help(o->cmd, allowed, synopsis, description);
        return 0;
    case ':':
        fprintf(stderr, "smmc %s: option '%s' needs a value\n", o->cmd, name);
        return SMM_EXIT_USAGE;
    default:
        fprintf(stderr, "smmc %s: unknown option '%s' (see 'smmc %s --help')\n", o->cmd, name, o->cmd);
        return SMM_EXIT_USAGE;
    }
    return -1;
}

/* -MD is not expressible in getopt: argv without it into args (NULL
 * ended), its count into *n; -1, or the exit status when the command takes
 * no -MD. */
static int take_md(int argc, char **argv, CliOpts *o, unsigned allowed, char **args, int *n)
{
    *n = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-MD")) {
            if (!(allowed & O_DEPS))
                return reject(o->cmd, "-MD");
            o->deps = true;
            continue;
        }
        args[(*n)++] = argv[i];
    }
    args[*n] = NULL;
    return -1;
}

int cli_parse(int argc, char **argv, CliOpts *o, unsigned allowed, const char *synopsis,
              const char *description)
{
    memset(o, 0, sizeof *o);
    o->cmd = argv[0];
    o->opt.max_errors = 50;
    o->emit = SMM_EMIT_XML;
    o->prov = SMM_PROV_FULL;
    o->format = SMM_FORMAT_TEXT;
    char **args = cli_alloc(sizeof(char *) * (size_t)(argc + 1));
    int n, rc = take_md(argc, argv, o, allowed, args, &n);
    if (rc >= 0)
        return free(args), rc;
    optind = 0;
    opterr = 0;
    int c, longindex;
    char shortname[3] = "-?";
    while (rc < 0 && (longindex = -1, c = getopt_long(n, args, ":I:j:o:W:f:qh", long_opts, &longindex)) != -1) {
        const char *name = spelled(c, longindex, args, shortname);
        unsigned need = option_class(c, allowed);
        if (need && !(allowed & need)) {
            rc = reject(o->cmd, name);
            break;
        }
        rc = apply_option(o, c, name, allowed, synopsis, description);
    }
    if (rc < 0) {
        o->nfiles = n - optind;
        o->files = cli_alloc(sizeof(char *) * (size_t)(o->nfiles + 1));
        memcpy(o->files, args + optind, sizeof(char *) * (size_t)o->nfiles);
    }
    free(args);
    o->opt.include_dirs = (const char **)o->includes.v;
    o->opt.ninclude = o->includes.n;
    return rc;
}

/* A command's one session, at the end of the run: the process exits next,
 * and the kernel takes the memory back at once, where free() would visit a
 * million objects of a big library one by one.  The session stays
 * reachable from here, so valgrind and LeakSanitizer see no leak; the
 * library's own smm_free is exercised by the unit and fuzz tests. */
void cli_session_exit(smm_session *s)
{
    static smm_session *kept;
    if (kept)
        smm_free(kept);
    kept = s;
}

void cli_free(CliOpts *o)
{
    cli_list_free(&o->includes);
    cli_list_free(&o->warnings);
    free(o->files);
}

/* The compiled-in stdlib may not exist when running from a build tree:
 * fall back to ../stdlib beside the executable. */
const char *cli_default_stdlib(void)
{
    const char *env = getenv("SMM_STDLIB");
    if (env && *env)
        return env;
    struct stat st;
    if (stat(SMM_STDLIB_DEFAULT, &st) == 0 && S_ISDIR(st.st_mode))
        return SMM_STDLIB_DEFAULT;
    static char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 16);
    if (n > 0) {
        buf[n] = 0;
        char *slash = strrchr(buf, '/');
        static char real[PATH_MAX];
        if (slash) {
            strcpy(slash, "/../stdlib");
            if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
                return realpath(buf, real) ? real : buf;
        }
    }
    return SMM_STDLIB_DEFAULT;
}

smm_session *cli_session(CliOpts *o)
{
    if (!o->opt.stdlib_dir)
        o->opt.stdlib_dir = cli_default_stdlib();
    smm_session *s = smm_new(&o->opt);
    if (!s) {
        fputs("smmc: internal error: out of memory\n", stderr);
        exit(SMM_EXIT_INTERNAL);
    }
    for (size_t i = 0; i < o->warnings.n; i++)
        if (!smm_warning_option(s, o->warnings.v[i])) {
            const char *spec = o->warnings.v[i];
            const char *name = strchr(spec, '=') ? strchr(spec, '=') + 1
                               : !strncmp(spec, "no-", 3) ? spec + 3 : spec;
            int id = smm_diagnostic_lookup(name);
            if (id >= 0)
                fprintf(stderr, "smmc: warning: '-W%s' ignored: '%s' is an error that cannot be disabled\n",
                        spec, name);
            else {
                int count = smm_diagnostic_count();
                const char **names = cli_alloc((size_t)count * sizeof *names);
                for (int k = 0; k < count; k++)
                    names[k] = smm_diagnostic_name(k);
                const char *hint = cli_suggest(name, names, (size_t)count);
                free(names);
                if (hint)
                    fprintf(stderr, "smmc: warning: unknown diagnostic '%s' in '-W%s'; did you mean '%s'?\n",
                            name, spec, hint);
                else
                    fprintf(stderr, "smmc: warning: unknown diagnostic in '-W%s' (smmc explain lists them)\n",
                            spec);
            }
        }
    return s;
}

bool cli_load(smm_session *s, CliOpts *o)
{
    bool ok = true;
    for (int i = 0; i < o->nfiles; i++) {
        bool is_stdin = !strcmp(o->files[i], "-");
        if ((is_stdin ? smm_add_stream(s, "<stdin>", stdin) : smm_add_file(s, o->files[i])) < 0)
            ok = false;
    }
    smm_flush_diagnostics(s);
    return ok;
}

void cli_check_inputs(CliOpts *o, const char *assessment, CliRun *r)
{
    o->opt.buffer_diagnostics = true;
    r->s = cli_session(o);
    r->loaded = cli_load(r->s, o) && !smm_io_failed(r->s);
    r->compiled = r->loaded && smm_analyze(r->s) == 0;
    r->run = r->compiled ? smm_check(r->s, assessment) : NULL;
    r->compiled = r->compiled && r->run;
}

void cli_print_diagnostics(smm_session *s, bool gate)
{
    smm_print_diagnostics(s, stderr, gate ? SMM_PRINT_GATE : 0);
}

/* ---------------------------------------------------------------- output */

/* Temporary files being written: removed if the process dies before they
 * are renamed (a fatal error exits at once; a crash handler calls
 * cli_remove_temp_files), so no run leaves a half-written file behind. */
enum { MAX_PENDING = 16 };
static const char *pending[MAX_PENDING];

void cli_remove_temp_files(void) /* async-signal-safe */
{
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending[i])
            unlink(pending[i]);
}

static void track_temp(const char *tmp, bool add)
{
    static bool registered;
    if (add && !registered) {
        registered = true;
        atexit(cli_remove_temp_files);
    }
    for (int i = 0; i < MAX_PENDING; i++)
        if (add ? !pending[i] : pending[i] == tmp) {
            pending[i] = add ? tmp : NULL;
            return;
        }
}

bool output_open(Output *out, const char *path)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    if (!path || !strcmp(path, "-")) {
        out->f = stdout;
        return true;
    }
    size_t n = strlen(path);
    out->tmp = cli_alloc(n + 16);
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(out->tmp, path, dir);
    sprintf(out->tmp + dir, ".%s.XXXXXX", path + dir);
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        fprintf(stderr, "smmc: cannot write '%s': %s\n", path, strerror(errno));
        free(out->tmp);
        out->tmp = NULL;
        return false;
    }
    track_temp(out->tmp, true);
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask); /* as a plain fopen would create it */
    out->f = fdopen(fd, "w");
    return out->f != NULL;
}

bool output_close(Output *out, bool ok)
{
    if (!out->f)
        return false;
    if (out->f == stdout) {
        ok = fflush(stdout) == 0 && ok;
        out->f = NULL;
        return ok;
    }
    bool wrote = fflush(out->f) == 0 && !ferror(out->f);
    wrote = fclose(out->f) == 0 && wrote;
    out->f = NULL;
    track_temp(out->tmp, false);
    if (ok && wrote && rename(out->tmp, out->path) == 0) {
        free(out->tmp);
        return true;
    }
    if (ok)
        fprintf(stderr, "smmc: cannot write '%s': %s\n", out->path, strerror(errno));
    unlink(out->tmp);
    free(out->tmp);
    return false;
}

/* ---------------------------------------------------------------- files */

/*
 * The directory walk of build, test and explain: every *.smm file under a
 * directory, hidden entries skipped, sorted by path.  Symbolic links are
 * followed (a library may link in shared profiles), but each directory is
 * entered once and each file listed once, by device and inode; the
 * directory walked and those above it count as entered.  The walk goes in
 * rounds: first the real tree, following no link; then the links met, in
 * path order, each followed only to what nothing before it reached; then
 * the links met there, and so on.  So a loop (lib/up -> ..), a self link
 * (lib/self -> .) or a second link to a directory adds nothing, and a link
 * into the tree never renames a file found under its real path.  A
 * dangling link named *.smm stays in the list, so that the command says it
 * cannot be read; other dangling links are skipped.  A directory that
 * cannot be read is reported, and the walk goes on without it.
 */
typedef struct FileId {
    dev_t dev;
    ino_t ino;
    bool used;
} FileId;

typedef struct Walk {
    CliList *out;
    FileId *seen;   /* the directories entered and the files listed: a hash set */
    size_t nseen, capseen;
    CliList links;  /* links met in this round (heap paths), for the next */
    bool unreadable; /* a directory could not be read */
} Walk;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Records st's file; false when it was already recorded.  The set is an
 * open-addressing hash table, so a library of many thousand files stays
 * linear. */
static bool walk_first_visit(Walk *w, const struct stat *st)
{
    if (2 * (w->nseen + 1) > w->capseen) {
        FileId *old = w->seen;
        size_t oldcap = w->capseen;
        w->capseen = oldcap ? oldcap * 2 : 64;
        w->seen = cli_alloc(w->capseen * sizeof *w->seen);
        memset(w->seen, 0, w->capseen * sizeof *w->seen);
        w->nseen = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].used)
                walk_first_visit(w, &(struct stat){.st_dev = old[i].dev, .st_ino = old[i].ino});
        free(old);
    }
    size_t h = ((size_t)st->st_ino * 0x9e3779b97f4a7c15u) ^ (size_t)st->st_dev;
    for (size_t i = h & (w->capseen - 1);; i = (i + 1) & (w->capseen - 1)) {
        FileId *f = &w->seen[i];
        if (!f->used) {
            *f = (FileId){st->st_dev, st->st_ino, true};
            w->nseen++;
            return true;
        }
        if (f->dev == st->st_dev && f->ino == st->st_ino)
            return false;
    }
}

/* Marks dir and every directory above it as entered: a link to one of them
 * (lib/up -> .., lib/self -> .) leads back into the walk's own path. */
static void walk_mark_path(Walk *w, const char *dir)
{
    struct stat st, up;
    if (stat(dir, &st) != 0)
        return;
    walk_first_visit(w, &st);
    char *path = cli_printf("%s/..", dir);
    while (stat(path, &up) == 0 && walk_first_visit(w, &up)) {
        char *next = cli_printf("%s/..", path);
        free(path);
        path = next;
    }
    free(path);
}

static bool is_smm_name(const char *path)
{
    size_t len = strlen(path);
    return len > 4 && !strcmp(path + len - 4, ".smm");
}

/* The visible entries of dir as heap paths "dir/name", in name order. */
static void walk_read_dir(Walk *w, const char *dir, CliList *paths)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "smmc: cannot read '%s': %s\n", dir, strerror(errno));
        w->unreadable = true;
        return;
    }
    const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            cli_list_push(paths, cli_printf("%s%s%s", dir, sep, e->d_name));
    closedir(d);
    if (paths->n)
        qsort(paths->v, paths->n, sizeof *paths->v, cmp_str);
}

static void walk_dir(Walk *w, const char *dir);

/* One entry of a directory (a heap path, taken): a link waits for the next
 * round; a directory is entered, a *.smm file listed, each the first time. */
static void walk_entry(Walk *w, char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        free(path);
    } else if (S_ISLNK(st.st_mode)) {
        cli_list_push(&w->links, path);
    } else if (S_ISDIR(st.st_mode)) {
        if (walk_first_visit(w, &st))
            walk_dir(w, path);
        free(path);
    } else if (S_ISREG(st.st_mode) && is_smm_name(path) && walk_first_visit(w, &st)) {
        cli_list_push(w->out, path);
    } else {
        free(path);
    }
}

static void walk_dir(Walk *w, const char *dir)
{
    CliList paths = {0};
    walk_read_dir(w, dir, &paths);
    for (size_t i = 0; i < paths.n; i++)
        walk_entry(w, paths.v[i]);
    cli_list_free(&paths);
}

/* A link met in the last round (a heap path, taken), followed. */
static void walk_link(Walk *w, char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (is_smm_name(path)) { /* dangling, or a loop of links */
            cli_list_push(w->out, path);
            return;
        }
    } else if (S_ISDIR(st.st_mode)) {
        if (walk_first_visit(w, &st))
            walk_dir(w, path);
    } else if (S_ISREG(st.st_mode) && is_smm_name(path) && walk_first_visit(w, &st)) {
        cli_list_push(w->out, path);
        return;
    }
    free(path);
}

bool cli_find_smm(const char *dir, CliList *out)
{
    Walk w = {.out = out};
    size_t first = out->n;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return true; /* nothing below it */
    walk_mark_path(&w, dir);
    walk_dir(&w, dir);
    while (w.links.n) {
        CliList round = w.links;
        w.links = (CliList){0};
        qsort(round.v, round.n, sizeof *round.v, cmp_str);
        for (size_t i = 0; i < round.n; i++)
            walk_link(&w, round.v[i]);
        cli_list_free(&round);
    }
    free(w.seen);
    if (out->n > first)
        qsort(out->v + first, out->n - first, sizeof(void *), cmp_str);
    return !w.unreadable;
}
