/*
 * main.c — the smmc command line: parses options and calls the library.
 *
 * Each subcommand is a function of (argc, argv) that fills smm_options,
 * runs the pipeline through smm.h / cli.h and returns the exit status of
 * tool.md §2.  No compiler logic lives here.
 */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A bug must never look like a clean run or a gate result: report it and
 * exit with the internal-error status (tool.md §2).  Sanitizer builds
 * report crashes themselves. */
#if !defined(__SANITIZE_ADDRESS__)
static void on_crash(int sig)
{
    static const char msg[] = "smmc: internal error: the compiler crashed (signal ";
    static const char tail[] = "); this is a bug in smmc, please report it with the input that caused it\n";
    char num[4] = {(char)('0' + sig / 10 % 10), (char)('0' + sig % 10), 0, 0};
    cli_remove_temp_files();
    if (write(2, msg, sizeof msg - 1) < 0 || write(2, sig >= 10 ? num : num + 1, sig >= 10 ? 2 : 1) < 0 ||
        write(2, tail, sizeof tail - 1) < 0)
        _exit(SMM_EXIT_INTERNAL);
    _exit(SMM_EXIT_INTERNAL);
}

#endif

static void install_crash_handlers(void)
{
#if !defined(__SANITIZE_ADDRESS__)
    static char altstack[64 * 1024]; /* so a stack overflow can be reported too */
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
#endif
}

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"compile", cli_compile, "parse, resolve and validate; write the resolved IR"},
    {"check", cli_check, "evaluate assessments against their targets; exit by the gate"},
    {"report", cli_report, "the gap analysis as pictures: HTML, SVG, Markdown"},
    {"explain", cli_explain, "explain a diagnostic code, or how a target was derived"},
    {"diff", cli_diff, "what changed between two assessments or two targets"},
    {"fmt", cli_fmt, "canonical formatting of .smm files"},
    {"build", cli_build, "compile a whole profile library into a directory"},
    {"lsp", cli_lsp, "the language server (LSP 3.17 on stdin/stdout) for editors"},
    {"test", cli_test, "run the test declarations of a profile library"},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *f)
{
    fprintf(f, "usage: smmc COMMAND [OPTIONS] FILE...\n\n"
               "smmc compiles IoT Security Maturity Model profiles and checks assessments\n"
               "against them, reporting gaps as compiler diagnostics.\n\ncommands:\n");
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "  %-9s %s\n", "help", "help on a command: smmc help check");
    fprintf(f, "\nsmmc COMMAND --help lists the command's options.  smmc --version prints the version.\n"
               "Exit status: 0 clean, 1 errors (compile errors or gate failure), 2 usage or I/O\n"
               "error, 70 internal error.  Documentation: docs/cli.md, man smmc.\n");
}

int main(int argc, char **argv)
{
    install_crash_handlers();
    if (argc < 2) {
        usage(stderr);
        return SMM_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("smmc %s (IR version %d)\n", SMM_VERSION, SMM_IR_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help")) {
        if (argc < 3) {
            usage(stdout);
            return 0;
        }
        for (int i = 0; i < NCOMMANDS; i++)
            if (!strcmp(argv[2], commands[i].name)) {
                char help_flag[] = "--help";
                char *args[] = {argv[2], help_flag, NULL};
                return commands[i].run(2, args);
            }
        fprintf(stderr, "smmc: unknown command '%s'\n", argv[2]);
        return SMM_EXIT_USAGE;
    }
    for (int i = 0; i < NCOMMANDS; i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    const char *names[NCOMMANDS];
    for (int i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    const char *hint = cli_suggest(cmd, names, NCOMMANDS);
    fprintf(stderr, "smmc: unknown command '%s'%s%s%s\n", cmd, hint ? "; did you mean '" : "",
            hint ? hint : "", hint ? "'?" : "");
    fprintf(stderr, "Run 'smmc --help' for the list of commands.\n");
    return SMM_EXIT_USAGE;
}
