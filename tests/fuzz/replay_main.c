/*
 * replay_main.c — a main() for a fuzz target (fuzz_compile.c, fuzz_lsp.c)
 * without libFuzzer; REPLAY_NAME names it in the output.
 *
 * Feeds every regular file named on the command line, or found (not
 * recursively) in a directory named there, to LLVMFuzzerTestOneInput and
 * prints "fuzz-replay: N passed, 0 failed".  A crash or a sanitizer report
 * kills the process, which is the failure signal; under valgrind a leak
 * or an invalid access changes the exit status.  A missing directory is
 * skipped (tests/fuzz/crashers may be empty or absent).  SQLite's
 * test/fuzzcheck.c does the same for its stored crashers.
 */
#ifndef REPLAY_NAME
#define REPLAY_NAME "fuzz-replay"
#endif

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path, int *failed)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "FAIL " REPLAY_NAME ": cannot open %s: %s\n", path, strerror(errno));
        (*failed)++;
        return 0;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (!buf || err) {
        fprintf(stderr, "FAIL " REPLAY_NAME ": cannot read %s\n", path);
        free(buf);
        (*failed)++;
        return 0;
    }
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            continue; /* missing: nothing stored yet */
        if (!S_ISDIR(st.st_mode)) {
            passed += replay_file(argv[i], &failed);
            continue;
        }
        DIR *dir = opendir(argv[i]);
        if (!dir)
            continue;
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *e;
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                char **nn = realloc(names, cap * sizeof *names);
                if (!nn)
                    break;
                names = nn;
            }
            size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
            names[n] = malloc(len);
            if (!names[n])
                break;
            snprintf(names[n], len, "%s/%s", argv[i], e->d_name);
            n++;
        }
        closedir(dir);
        if (n)
            qsort(names, n, sizeof *names, cmp_str); /* a stable order */
        for (size_t k = 0; k < n; k++) {
            if (stat(names[k], &st) == 0 && S_ISREG(st.st_mode))
                passed += replay_file(names[k], &failed);
            free(names[k]);
        }
        free(names);
    }
    printf(REPLAY_NAME ": %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
