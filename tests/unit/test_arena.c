/*
 * test_arena.c — the allocation funnel, the arena, Vec and Buf (arena.c).
 *
 * The funnel's failure path calls exit(70), so those tests run the failing
 * allocation in a forked child and check its exit status and message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "smmc.h"

/* ---------------------------------------------------------------- arena */

static void arena_alignment(void **state)
{
    (void)state;
    Arena *a = arena_new();
    static const size_t sizes[] = {1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 4095};
    for (int round = 0; round < 50; round++)
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            void *p = arena_alloc(a, sizes[i]);
            assert_non_null(p);
            assert_int_equal((uintptr_t)p % 8, 0);
            assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        }
    arena_free(a);
}

static void arena_zeroed_and_disjoint(void **state)
{
    (void)state;
    Arena *a = arena_new();
    enum { N = 2000 };
    unsigned char *blocks[N];
    size_t lens[N];
    for (int i = 0; i < N; i++) {
        lens[i] = (size_t)(i % 97) + 1;
        blocks[i] = arena_alloc(a, lens[i]);
        for (size_t k = 0; k < lens[i]; k++)
            assert_int_equal(blocks[i][k], 0);
        /* dirty every block: a later block overlapping it would not be 0 */
        memset(blocks[i], 0xA5, lens[i]);
    }
    /* every block still holds exactly its own pattern (no overlap) */
    for (int i = 0; i < N; i++) {
        memset(blocks[i], i & 0xFF, lens[i]);
    }
    for (int i = 0; i < N; i++)
        for (size_t k = 0; k < lens[i]; k++)
            assert_int_equal(blocks[i][k], i & 0xFF);
    arena_free(a);
}

static void arena_bytes_accounting(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_int_equal(arena_bytes(a), 0);
    (void)arena_alloc(a, 10);
    size_t first = arena_bytes(a);
    assert_int_equal(first, 64 * 1024); /* one minimum chunk */
    /* small allocations are served from that chunk */
    for (int i = 0; i < 100; i++)
        (void)arena_alloc(a, 100);
    assert_int_equal(arena_bytes(a), first);
    arena_free(a);
}

/* The chunk sizes (arena.c): the first chunk is 64 KB, or the first
 * request if bigger; after it, chunks are 2 MB less a small header, or a
 * request bigger than that. */
enum { FIRST_CHUNK = 64 * 1024, HUGE = 2 * 1024 * 1024 };

static bool is_huge_chunk(size_t bytes)
{
    return bytes > HUGE - 64 && bytes <= HUGE;
}

static void arena_big_allocations(void **state)
{
    (void)state;
    Arena *a = arena_new();
    unsigned char *small = arena_alloc(a, 32);
    memset(small, 1, 32);
    size_t before = arena_bytes(a);
    assert_int_equal(before, FIRST_CHUNK);

    size_t big = 1000 * 1000; /* bigger than the first chunk */
    unsigned char *p = arena_alloc(a, big);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % 8, 0);
    for (size_t i = 0; i < big; i++)
        if (p[i] != 0)
            fail_msg("big allocation not zeroed at %zu", i);
    memset(p, 0xEE, big); /* writable over its whole length */
    assert_true(is_huge_chunk(arena_bytes(a) - before)); /* it fits a huge chunk */

    /* later small requests use the huge chunk's free space (no new chunk) */
    size_t after = arena_bytes(a);
    unsigned char *q = arena_alloc(a, 64);
    assert_int_equal(arena_bytes(a), after);
    assert_true(q < p || q >= p + big);
    for (int i = 0; i < 64; i++)
        assert_int_equal(q[i], 0);
    assert_int_equal(small[0], 1);
    assert_int_equal(p[big - 1], 0xEE);

    /* a request bigger than a huge chunk gets a chunk of its own, behind
     * the head, whose free space stays in use */
    size_t bigger = 3 * 1024 * 1024;
    unsigned char *h = arena_alloc(a, bigger);
    h[bigger - 1] = 9;
    assert_int_equal(arena_bytes(a), after + bigger);
    (void)arena_alloc(a, 64);
    assert_int_equal(arena_bytes(a), after + bigger);

    /* a big request as the very first allocation */
    Arena *b = arena_new();
    unsigned char *r = arena_alloc(b, 200 * 1024);
    assert_int_equal(arena_bytes(b), 200 * 1024);
    r[200 * 1024 - 1] = 7;
    (void)arena_alloc(b, 8);
    arena_free(b);
    arena_free(a);
}

static void arena_chunk_boundary(void **state)
{
    (void)state;
    Arena *a = arena_new();
    /* fill most of the first chunk, then ask for more than remains */
    unsigned char *x = arena_alloc(a, 64 * 1024 - 16);
    unsigned char *y = arena_alloc(a, 32);
    assert_true(is_huge_chunk(arena_bytes(a) - FIRST_CHUNK)); /* the second chunk is huge */
    assert_true(y < x || y >= x + 64 * 1024 - 16);
    memset(x, 0xFF, 64 * 1024 - 16);
    for (int i = 0; i < 32; i++)
        assert_int_equal(y[i], 0);
    /* exactly one chunk's worth */
    unsigned char *z = arena_alloc(a, 64 * 1024);
    memset(z, 3, 64 * 1024);
    assert_int_equal(y[31], 0);
    arena_free(a);
    arena_free(NULL); /* harmless */
}

static void arena_strings(void **state)
{
    (void)state;
    Arena *a = arena_new();
    const char *src = "hello, world";
    char *s = arena_strndup(a, src, 5);
    assert_string_equal(s, "hello");
    assert_ptr_not_equal(s, src);
    assert_int_equal(s[5], 0);

    char *e = arena_strndup(a, src, 0);
    assert_string_equal(e, "");

    /* bytes after an embedded NUL are copied too */
    char *n = arena_strndup(a, "ab\0cd", 5);
    assert_memory_equal(n, "ab\0cd", 6);

    char *d = arena_strdup(a, "profile");
    assert_string_equal(d, "profile");

    char *p = arena_printf(a, "%s-%d-%c-%05.1f", "x", 42, 'z', 3.5);
    assert_string_equal(p, "x-42-z-003.5");
    char *empty = arena_printf(a, "%s", "");
    assert_non_null(empty);
    assert_string_equal(empty, "");

    /* a result bigger than a chunk */
    char *big = arena_printf(a, "%*s|", 100000, "end");
    assert_int_equal(strlen(big), 100001);
    assert_string_equal(big + 100000 - 3, "end|");
    assert_int_equal(big[0], ' ');
    arena_free(a);
}

/* ---------------------------------------------------------------- Vec */

static void vec_push_grow_free(void **state)
{
    (void)state;
    Vec v = {0};
    int items[1000];
    for (int i = 0; i < 1000; i++) {
        items[i] = i;
        vec_push(&v, &items[i]);
        assert_int_equal(v.n, (size_t)i + 1);
        assert_true(v.cap >= v.n);
    }
    for (int i = 0; i < 1000; i++)
        assert_ptr_equal(v.v[i], &items[i]);
    assert_int_equal(v.cap, 1024); /* 8, 16, ... doubling */
    vec_push(&v, NULL);
    assert_null(v.v[1000]);
    vec_free(&v);
    assert_null(v.v);
    assert_int_equal(v.n, 0);
    assert_int_equal(v.cap, 0);
    vec_free(&v); /* freeing twice is harmless after reset */
}

/* ---------------------------------------------------------------- Buf */

static void buf_basics(void **state)
{
    (void)state;
    Buf b = {0};
    assert_string_equal(buf_cstr(&b), "");
    assert_int_equal(b.n, 0);
    buf_puts(&b, "abc");
    buf_putc(&b, '-');
    buf_putn(&b, "xyz123", 3);
    assert_string_equal(buf_cstr(&b), "abc-xyz");
    assert_int_equal(b.n, 7);
    buf_printf(&b, "%s", ""); /* nothing appended */
    assert_int_equal(b.n, 7);
    buf_putc(&b, 0); /* an embedded NUL counts */
    assert_int_equal(b.n, 8);
    assert_int_equal(b.s[7], 0);
    buf_free(&b);
    assert_null(b.s);
    assert_int_equal(b.n, 0);

    Buf e = {0};
    buf_printf(&e, "%s", "");
    assert_string_equal(buf_cstr(&e), "");
    buf_free(&e);
}

static void buf_printf_growth(void **state)
{
    (void)state;
    Buf b = {0};
    char *expect = calloc(1, 200000);
    size_t en = 0;
    for (int i = 0; i < 5000; i++) {
        buf_printf(&b, "[%d:%s]", i, i % 3 ? "abc" : "defghijk");
        en += (size_t)sprintf(expect + en, "[%d:%s]", i, i % 3 ? "abc" : "defghijk");
        assert_int_equal(b.n, en);
        assert_true(b.cap > b.n); /* room for the NUL */
        assert_int_equal(b.s[b.n], 0);
    }
    assert_string_equal(buf_cstr(&b), expect);
    buf_free(&b);

    /* one print bigger than the initial capacity, then more */
    Buf c = {0};
    buf_puts(&c, "x");
    buf_printf(&c, "%*d", 1000, 7);
    assert_int_equal(c.n, 1001);
    assert_int_equal(c.s[1000], '7');
    assert_int_equal(c.s[999], ' ');
    buf_printf(&c, "%s", "tail");
    assert_string_equal(c.s + 1001, "tail");
    buf_free(&c);
    free(expect);
}

/* ---------------------------------------------------------------- funnel */

/* LeakSanitizer checks at exit(), not at _exit(): a child asks for the
 * check itself (a weak reference: NULL without the sanitizer; valgrind
 * checks at any exit).  A leak ends the child with LeakSanitizer's status. */
extern void __lsan_do_leak_check(void) __attribute__((weak));

static void child_exit(int status)
{
    if (__lsan_do_leak_check)
        __lsan_do_leak_check();
    _exit(status);
}

/* Run fn in a child with smm_alloc_fail_after = n; returns the child's wait
 * status and its stderr in err (NUL-terminated). */
static int run_child(long n, void (*fn)(void), char *err, size_t errcap)
{
    int pfd[2];
    if (pipe(pfd) != 0)
        fail_msg("pipe failed");
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork failed");
    if (pid == 0) {
        close(pfd[0]);
        dup2(pfd[1], 2);
        smm_alloc_fail_after = n;
        fn();
        child_exit(42); /* survived every allocation */
    }
    close(pfd[1]);
    size_t got = 0;
    ssize_t r;
    while (got + 1 < errcap && (r = read(pfd[0], err + got, errcap - 1 - got)) > 0)
        got += (size_t)r;
    err[got] = 0;
    close(pfd[0]);
    int st;
    if (waitpid(pid, &st, 0) != pid)
        fail_msg("waitpid failed");
    return st;
}

static void one_xmalloc(void)
{
    free(xmalloc(16));
}

static void two_allocs(void)
{
    void *a = xmalloc(8);
    char *b = xstrdup("x");
    free(a);
    free(b);
}

static void three_allocs(void)
{
    void *a = xcalloc(2, 8);
    a = xrealloc(a, 64);
    void *c = xmalloc(1); /* the third one fails */
    free(a);
    free(c);
}

static void arena_allocs(void)
{
    Arena *a = arena_new(); /* 1: the Arena itself */
    (void)arena_alloc(a, 8); /* 2: the first chunk */
    (void)arena_alloc(a, 8); /* no allocation */
    arena_free(a);
}

static void funnel_fails_loudly(void **state)
{
    (void)state;
    char err[512];
    /* with no guard to unwind to (a worker thread), the funnel aborts */
    int st = run_child(0, one_xmalloc, err, sizeof err);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGABRT);
    assert_non_null(strstr(err, "out of memory"));

    st = run_child(-1, one_xmalloc, err, sizeof err); /* never fails */
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 42);
    assert_string_equal(err, "");
}

static void funnel_fail_after_n(void **state)
{
    (void)state;
    char err[512];
    /* two allocations allowed: xmalloc + xstrdup succeed */
    int st = run_child(2, two_allocs, err, sizeof err);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 42);
    /* one allowed: xstrdup (through xmalloc) fails */
    st = run_child(1, two_allocs, err, sizeof err);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
    /* xcalloc and xrealloc count too */
    st = run_child(2, three_allocs, err, sizeof err);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
    st = run_child(3, three_allocs, err, sizeof err);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 42);
    /* the arena allocates through the funnel: struct + first chunk */
    st = run_child(1, arena_allocs, err, sizeof err);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
    st = run_child(2, arena_allocs, err, sizeof err);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 42);
}

static const char sweep_src[] =
    "model m { dimension d { domain o { practice p { level 1 \"one\" { consider c.one \"x\" } } "
    "practice q } } }\n"
    "profile a model m { d = 2 general; p = 3 industry because \"r\"\n"
    "  require p >= 2\n"
    "  sector s { q = 1 system; system y { q = 2 } }\n"
    "  system y { o.* = 4 } }\n"
    "profile b extends a { consider p level 2 b.c \"more\" }\n"
    "assessment x { target b sector s date 2026-01-31 p = 2 evidence \"e\" met c.one }\n";

static smm_session *sweep_session(void)
{
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.stdlib_dir = "/nonexistent";
    smm_session *s = smm_new(&opt);
    if (!s)
        _exit(43); /* out of memory, reported as a NULL session */
    return s;
}

/* The child's end: 43 when the session reports the out-of-memory (the
 * internal error, exit status 70), 42 when nothing failed.  The session
 * is freed either way: under valgrind or LeakSanitizer, whatever the
 * unwind left behind is a leak, and the child's exit status says so. */
static void sweep_end(smm_session *s)
{
    const char *internal = smm_internal_error(s);
    bool oom = internal && !strcmp(internal, "out of memory");
    if (internal && !oom)
        _exit(44);
    if (oom && smm_exit_status(s) != SMM_EXIT_INTERNAL)
        _exit(45);
    smm_free(s); /* a stopped session can still be freed */
    if (oom)
        child_exit(43);
}

/* smmc compile: IR as JSON and XML, then a check as text. */
static void compile_sweep_src(void)
{
    smm_session *s = sweep_session();
    smm_add_buffer(s, "t.smm", sweep_src, sizeof sweep_src - 1);
    smm_analyze(s);
    FILE *out = fopen("/dev/null", "w");
    smm_emit_ir(s, out, SMM_EMIT_JSON, SMM_PROV_FULL, NULL);
    smm_emit_ir(s, out, SMM_EMIT_XML, SMM_PROV_FULL, NULL);
    smm_check_run *run = smm_check(s, NULL);
    smm_check_write(s, run, SMM_FORMAT_TEXT, out);
    smm_check_free(run);
    fclose(out);
    sweep_end(s);
}

/* smmc check: one run written in each result format not built as a
 * jansson tree (a failure half-way through one leaks the tree so far:
 * JSON, SARIF and OSCAL are not swept). */
static void check_sweep_src(void)
{
    smm_session *s = sweep_session();
    smm_add_buffer(s, "t.smm", sweep_src, sizeof sweep_src - 1);
    smm_analyze(s);
    FILE *out = fopen("/dev/null", "w");
    smm_check_run *run = smm_check(s, "x");
    static const smm_format formats[] = {SMM_FORMAT_TEXT, SMM_FORMAT_JUNIT, SMM_FORMAT_GITHUB, SMM_FORMAT_CSV};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        smm_check_write(s, run, formats[i], out);
    smm_check_free(run);
    smm_print_diagnostics(s, out, 0);
    fclose(out);
    sweep_end(s);
}

static char sweep_path[64]; /* a file holding sweep_src (the language server reads files) */

/* The language server's session: analyze, edit (an overlay), reset and
 * analyze again (what is kept is reused), a hover, and once more. */
static void lsp_sweep_src(void)
{
    smm_session *s = sweep_session();
    smm_add_file(s, sweep_path);
    smm_analyze(s);
    static char edited[sizeof sweep_src];
    memcpy(edited, sweep_src, sizeof sweep_src);
    memcpy(strstr(edited, "p = 2 evidence"), "p = 1", 5);
    smm_reset(s);
    smm_set_overlay(s, sweep_path, edited, sizeof edited - 1);
    smm_add_file(s, sweep_path);
    smm_analyze(s);
    smm_span range;
    free(smm_hover(s, sweep_path, (uint32_t)(strstr(sweep_src, "p = 3") - sweep_src), &range));
    smm_reset(s);
    smm_add_file(s, sweep_path);
    smm_analyze(s);
    sweep_end(s);
}

/* Fail the n-th allocation of fn's work, for every n (every
 * SMM_SWEEP_STRIDE-th under valgrind, where each child costs a leak
 * check): the library must come back to its caller with the internal
 * error (43 here), or succeed (42) — never end the process, crash or
 * leak. */
static void sweep(void (*fn)(void))
{
    char err[4096];
    const char *env = getenv("SMM_SWEEP_STRIDE");
    long stride = env && atol(env) > 0 ? atol(env) : 1;
    long n;
    for (n = 0; n < 100000; n += stride) {
        int st = run_child(n, fn, err, sizeof err);
        if (WIFSIGNALED(st))
            fail_msg("allocation %ld failing killed the compiler with signal %d", n, WTERMSIG(st));
        assert_true(WIFEXITED(st));
        if (WEXITSTATUS(st) == 42)
            break;
        if (WEXITSTATUS(st) != 43)
            fail_msg("allocation %ld failing: exit status %d, stderr: %s", n, WEXITSTATUS(st), err);
    }
    assert_true(n > 10); /* the work did allocate */
    print_message("survived failure of each of its %ld allocations (stride %ld)\n", n, stride);
}

static void funnel_sweep_compile(void **state)
{
    (void)state;
    sweep(compile_sweep_src);
}

static void funnel_sweep_check(void **state)
{
    (void)state;
    sweep(check_sweep_src);
}

static void funnel_sweep_lsp(void **state)
{
    (void)state;
    snprintf(sweep_path, sizeof sweep_path, "/tmp/smm-sweep-%ld.smm", (long)getpid());
    FILE *f = fopen(sweep_path, "w");
    assert_non_null(f);
    fputs(sweep_src, f);
    fclose(f);
    sweep(lsp_sweep_src);
    unlink(sweep_path);
}

static void fails_in_guard(void *ctx)
{
    *(int *)ctx = 1;
    smm_fatal("the test's failure");
}

static void allocates_in_guard(void *ctx)
{
    (void)ctx;
    one_xmalloc();
}

static void returns_in_guard(void *ctx)
{
    *(int *)ctx = 2;
}

/* guard_run returns the failure's message instead of ending the process,
 * and guards nest. */
static void guard_unwinds(void **state)
{
    (void)state;
    int step = 0;
    assert_string_equal(guard_run(fails_in_guard, &step), "the test's failure");
    assert_int_equal(step, 1);
    assert_null(guard_run(returns_in_guard, &step));
    assert_int_equal(step, 2);
    /* an out-of-memory inside a guard comes back as a message too */
    smm_alloc_fail_after = 0;
    const char *msg = guard_run(allocates_in_guard, NULL);
    smm_alloc_fail_after = -1;
    assert_string_equal(msg, "out of memory");
}

/* guard_build's test object: two heap parts, the second may fail. */
typedef struct {
    char *first, *second;
    int undone;
} TwoParts;

static void two_parts_make(void *ctx)
{
    TwoParts *t = ctx;
    t->first = xmalloc(16);
    t->second = xmalloc(16);
}

static void two_parts_undo(void *ctx)
{
    TwoParts *t = ctx;
    free(t->first);
    free(t->second);
    t->undone++;
}

static void builds_two_parts(void *ctx)
{
    guard_build(two_parts_make, two_parts_undo, ctx);
}

/* guard_build: when the build fails half-way, undo runs once (and frees
 * the part made) and the failure reaches the outer guard; when it does not
 * fail, undo does not run. */
static void guard_build_undoes(void **state)
{
    (void)state;
    TwoParts t = {0};
    smm_alloc_fail_after = 1;
    const char *msg = guard_run(builds_two_parts, &t);
    smm_alloc_fail_after = -1;
    assert_string_equal(msg, "out of memory");
    assert_int_equal(t.undone, 1);
    assert_non_null(t.first);
    assert_null(t.second);
    TwoParts ok = {0};
    assert_null(guard_run(builds_two_parts, &ok));
    assert_int_equal(ok.undone, 0);
    assert_non_null(ok.second);
    free(ok.first);
    free(ok.second);
}

/* Past HUGE_AFTER the arena takes 2 MB chunks: many allocations stay
 * valid, zeroed and disjoint across them, and the byte count grows. */
static void arena_huge_chunks(void **state)
{
    (void)state;
    Arena *a = arena_new();
    enum { N = 40000, SZ = 1000 }; /* 40 MB: well past the switch */
    unsigned char **p = malloc(sizeof *p * N);
    for (int i = 0; i < N; i++) {
        p[i] = arena_alloc(a, SZ);
        for (int k = 0; k < SZ; k++)
            assert_int_equal(p[i][k], 0);
        memset(p[i], i & 0xFF, SZ);
    }
    for (int i = 0; i < N; i += 97)
        for (int k = 0; k < SZ; k += 111)
            assert_int_equal(p[i][k], i & 0xFF);
    assert_true(arena_bytes(a) >= (size_t)N * SZ);
    /* a request larger than a huge chunk still gets its own */
    unsigned char *big = arena_alloc(a, 3 * 1024 * 1024);
    big[3 * 1024 * 1024 - 1] = 1;
    free(p);
    arena_free(a);
}

/* arena_merge moves every chunk: the memory stays valid, the head's free
 * space stays usable, and the byte counts add up. */
static void arena_merge_moves_chunks(void **state)
{
    (void)state;
    Arena *a = arena_new(), *b = arena_new(), *empty = arena_new();
    char *sa = arena_strdup(a, "in a");
    char *sb[100];
    for (int i = 0; i < 100; i++)
        sb[i] = arena_printf(b, "string %d of b, long enough to fill chunks: %0400d", i, i);
    size_t ta = arena_bytes(a), tb = arena_bytes(b);
    arena_merge(a, b);
    arena_merge(a, empty);
    assert_int_equal(arena_bytes(a), ta + tb);
    assert_string_equal(sa, "in a");
    for (int i = 0; i < 100; i++)
        assert_int_equal(strncmp(sb[i], "string ", 7), 0);
    char *after = arena_strdup(a, "after");
    assert_string_equal(after, "after");
    assert_int_equal(arena_bytes(a), ta + tb); /* came from a's head chunk */
    Arena *c = arena_new();
    arena_merge(c, a); /* into an empty arena */
    assert_string_equal(sa, "in a");
    arena_free(c);
}

/* arena_reset empties the arena but keeps its oldest chunk for reuse. */
static void arena_reset_reuses(void **state)
{
    (void)state;
    Arena *a = arena_new();
    char *first = arena_alloc(a, 100);
    for (int i = 0; i < 1000; i++)
        arena_alloc(a, 1000); /* several chunks */
    assert_true(arena_bytes(a) > 1000 * 1000);
    arena_reset(a);
    size_t kept = arena_bytes(a);
    assert_true(kept > 0 && kept < 1000 * 1000);
    char *again = arena_alloc(a, 100);
    assert_ptr_equal(again, first); /* the same memory, zeroed */
    for (int i = 0; i < 100; i++)
        assert_int_equal(again[i], 0);
    arena_reset(a);
    arena_reset(a); /* twice is harmless */
    Arena *empty = arena_new();
    arena_reset(empty);
    assert_int_equal(arena_bytes(empty), 0);
    arena_free(empty);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_alignment),
        cmocka_unit_test(arena_zeroed_and_disjoint),
        cmocka_unit_test(arena_bytes_accounting),
        cmocka_unit_test(arena_big_allocations),
        cmocka_unit_test(arena_chunk_boundary),
        cmocka_unit_test(arena_strings),
        cmocka_unit_test(arena_huge_chunks),
        cmocka_unit_test(arena_merge_moves_chunks),
        cmocka_unit_test(arena_reset_reuses),
        cmocka_unit_test(vec_push_grow_free),
        cmocka_unit_test(buf_basics),
        cmocka_unit_test(buf_printf_growth),
        cmocka_unit_test(funnel_fails_loudly),
        cmocka_unit_test(funnel_fail_after_n),
        cmocka_unit_test(funnel_sweep_compile),
        cmocka_unit_test(funnel_sweep_check),
        cmocka_unit_test(funnel_sweep_lsp),
        cmocka_unit_test(guard_unwinds),
        cmocka_unit_test(guard_build_undoes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
