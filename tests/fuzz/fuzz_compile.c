/*
 * fuzz_compile.c — libFuzzer target for the whole library pipeline.
 *
 * One input is one root unit in memory.  It is parsed (imports resolve
 * against the stdlib: $SMM_STDLIB, else ./stdlib), analyzed, every
 * diagnostic is rendered GCC-style (source line and caret, the code most
 * exposed to odd offsets), and when the unit is clean its IR is written in
 * both formats and its assessments are checked.  Output goes to /dev/null.
 * The session owns everything, so smm_free() must leave nothing behind:
 * LeakSanitizer and valgrind (through tests/fuzz/replay_main.c) check it.
 *
 *   make fuzz FUZZ_SECONDS=300      libFuzzer + ASan + UBSan (clang)
 *   make fuzz-replay                the corpus and stored crashers, any cc
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "smmc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *stdlib_dir = getenv("SMM_STDLIB");
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.color = SMM_COLOR_NEVER;
    opt.stdlib_dir = stdlib_dir && *stdlib_dir ? stdlib_dir : "stdlib";
    opt.today = "2026-06-30"; /* reproducible waiver expiry */
    smm_session *s = smm_new(&opt);

    smm_add_buffer(s, "fuzz.smm", (const char *)data, size);
    int errors = smm_analyze(s);

    /* render every diagnostic, in both colour modes */
    Buf b = {0};
    for (const Diag *d = s->diags; d; d = d->next) {
        b.n = 0;
        diag_render_text(s, d, &b, (size & 1) != 0);
    }
    buf_free(&b);

    if (errors == 0) {
        FILE *out = fopen("/dev/null", "w");
        if (out) {
            smm_emit_ir(s, out, SMM_EMIT_XML, SMM_PROV_FULL, NULL);
            smm_emit_ir(s, out, SMM_EMIT_JSON, SMM_PROV_WINNER, NULL);
            fclose(out);
        }
        CheckRun *run = check_run(s, NULL);
        check_free(run);
    }
    (void)smm_error_count(s);
    (void)smm_exit_status(s);
    smm_free(s);
    return 0;
}
