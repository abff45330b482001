# smmc — IoT Security Maturity Model compiler and checker.
#
#   make            build build/libsmm.a and build/smmc
#   make demo       install what is missing, build, compile the stdlib,
#                   check an example assessment and write its report
#   make check      install what is missing, build, run every test
#   make asan       the test suite under AddressSanitizer + UBSan
#   make valgrind   the test suite under valgrind (leaks count)
#   make tsan       the thread tests under ThreadSanitizer
#   make fuzz       build and run the libFuzzer targets for a while (clang)
#   make bench      the scaling benchmark (see bench/README.md)
#   make vsix       the VS Code extension (editors/vscode) as $(B)/smm-VERSION.vsix
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean
#
# Generated files (scanner, parser, embedded docs) go to $(B)/, never to git.

PREFIX  ?= /usr/local
DESTDIR ?=
B       ?= build
CC      ?= cc
FLEX    ?= flex
BISON   ?= bison
PKG_CONFIG ?= pkg-config
HOSTCC  ?= cc

SMM_STDLIB_DEFAULT ?= $(PREFIX)/share/smmc/stdlib
# A published docs/diagnostics.md (make DOCS_URL=https://…/docs/diagnostics.md)
# gives SARIF rules a helpUri and the tool an informationUri; without one
# there are none (the rules carry their explanation as help text).
DOCS_URL ?=

XML_CFLAGS  := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS    := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null || echo -lxml2)
JSON_CFLAGS := $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
JSON_LIBS   := $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null || echo -ljansson)

OPT     ?= -O3 -g
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wundef -Wcast-align \
           -Wwrite-strings -Wnull-dereference -Wvla -Werror
SAN     ?=
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(OPT) $(SAN) \
             -Icompiler -I$(B) $(XML_CFLAGS) $(JSON_CFLAGS) \
             -DSMM_STDLIB_DEFAULT='"$(SMM_STDLIB_DEFAULT)"' -DSMM_DOCS_URL='"$(DOCS_URL)"' $(CFLAGS)
LDLIBS_ALL = $(XML_LIBS) $(JSON_LIBS) -lm -pthread $(LDLIBS)

# The command line and the language server: front ends on smm.h, not in libsmm.
LSP_SRC := $(sort $(wildcard compiler/lsp*.c))
CLI_SRC := compiler/main.c $(sort $(wildcard compiler/cli*.c)) $(LSP_SRC)
LIB_SRC := $(filter-out $(CLI_SRC),$(sort $(wildcard compiler/*.c)))
LIB_OBJ := $(patsubst compiler/%.c,$(B)/obj/%.o,$(LIB_SRC)) \
           $(B)/obj/lexer.o $(B)/obj/parser.o $(B)/obj/embedded_docs.o
HDRS    := $(wildcard compiler/*.h) compiler/diagnostics.def compiler/keywords.def $(B)/parser.h $(B)/lexer.h $(B)/kwslots.h $(B)/config.stamp

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))

.PHONY: FORCE all deps deps-browser check demo asan tsan valgrind fuzz bench install clean unit-bins \
        unit golden spec-examples fuzz-replay docs-check e2e vsix incr-bins
.DELETE_ON_ERROR:

all: $(B)/smmc

deps:
	@scripts/install-deps

deps-browser:
	@scripts/install-deps --browser

# ---------------------------------------------------------------- generated
$(B)/parser.c $(B)/parser.h &: grammar/parser.y | $(B)
	$(BISON) -Wall -Werror --defines=$(B)/parser.h -o $(B)/parser.c $<

# The scanner must not back up (each byte then costs one table step and no
# bookkeeping): like bison's %expect 0, a rule that brings backing up back
# fails the build, and $(B)/lexer.backup says which states.
$(B)/lexer.c $(B)/lexer.h &: grammar/lexer.l | $(B)
	$(FLEX) --backup-file=$(B)/lexer.backup --header-file=$(B)/lexer.h -o $(B)/lexer.c $<
	@grep -q '^No backing up' $(B)/lexer.backup || { \
	  echo "$<: the scanner backs up (see $(B)/lexer.backup); add rules for the prefixes listed" >&2; \
	  rm -f $(B)/lexer.c $(B)/lexer.h; exit 1; }

# The keyword hash table is laid out at build time (scripts/kwgen.c), so
# the scanner's threads share a constant and nothing is built at run time.
# A host tool: built with the host compiler, no sanitizers.
$(B)/kwslots.h: compiler/keywords.def compiler/lexicon.h scripts/kwgen.c | $(B)
	$(HOSTCC) -std=c11 -Icompiler -o $(B)/kwgen scripts/kwgen.c
	$(B)/kwgen > $@

# The installed stdlib path is compiled in: rebuild when PREFIX changes.
$(B)/config.stamp: FORCE | $(B)
	@echo '$(SMM_STDLIB_DEFAULT) $(DOCS_URL)' | cmp -s - $@ || echo '$(SMM_STDLIB_DEFAULT) $(DOCS_URL)' > $@
FORCE:

# docs/diagnostics.md is compiled in: `smmc explain CODE` prints from it, so
# the documentation and the tool cannot disagree.
$(B)/embedded_docs.c: docs/diagnostics.md scripts/embed.sh | $(B)
	scripts/embed.sh smm_diagnostics_md $< > $@

$(B) $(B)/obj $(B)/tests:
	@mkdir -p $@

# ---------------------------------------------------------------- library + CLI
$(B)/obj/%.o: compiler/%.c $(HDRS) | $(B)/obj
	$(CC) $(CFLAGS_ALL) $(WARN) -c -o $@ $<

# Generated code is compiled without -Werror pedantry it was not written for.
$(B)/obj/lexer.o: $(B)/lexer.c $(HDRS) | $(B)/obj
	$(CC) $(CFLAGS_ALL) -Wall -Wno-unused-function -Wno-sign-compare -c -o $@ $<
$(B)/obj/parser.o: $(B)/parser.c $(HDRS) | $(B)/obj
	$(CC) $(CFLAGS_ALL) -Wall -c -o $@ $<
$(B)/obj/embedded_docs.o: $(B)/embedded_docs.c | $(B)/obj
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/libsmm.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/smmc: $(CLI_SRC) $(B)/libsmm.a $(HDRS)
	$(CC) $(CFLAGS_ALL) $(WARN) -o $@ $(CLI_SRC) $(B)/libsmm.a $(LDLIBS_ALL)

# ---------------------------------------------------------------- tests
$(B)/tests/test_%: tests/unit/test_%.c tests/unit/util.h $(B)/libsmm.a $(HDRS) | $(B)/tests
	$(CC) $(CFLAGS_ALL) $(WARN) -Wno-missing-prototypes -o $@ $< $(B)/libsmm.a $(LDLIBS_ALL) -lcmocka

$(B)/tests/fuzz_replay: tests/fuzz/fuzz_compile.c tests/fuzz/fuzz_invariants.c tests/fuzz/replay_main.c $(B)/libsmm.a | $(B)/tests
	$(CC) $(CFLAGS_ALL) $(WARN) -o $@ tests/fuzz/fuzz_compile.c tests/fuzz/fuzz_invariants.c tests/fuzz/replay_main.c \
	  $(B)/libsmm.a $(LDLIBS_ALL)

# The differential test of incremental analysis (tests/incremental/run.sh)
# and the generator of the libraries it edits (a host tool, no sanitizers).
INCR_SRC := $(addprefix tests/incremental/,incr.c text.c edits.c plan.c)
$(B)/tests/incr: $(INCR_SRC) tests/incremental/incr.h $(B)/libsmm.a | $(B)/tests
	$(CC) $(CFLAGS_ALL) $(WARN) -o $@ $(INCR_SRC) $(B)/libsmm.a $(LDLIBS_ALL)

$(B)/tests/bench-gen: bench/gen.c | $(B)/tests
	$(HOSTCC) -std=c11 -O2 -o $@ bench/gen.c

incr-bins: $(B)/tests/incr $(B)/tests/bench-gen

unit-bins: $(UNIT_BIN)

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do $(TEST_WRAP) $$t || fail=1; done; exit $$fail

golden: $(B)/smmc
	@SMMC="$(TEST_WRAP) $(CURDIR)/$(B)/smmc" tests/run-golden.sh

spec-examples: $(B)/smmc
	@SMMC="$(TEST_WRAP) $(CURDIR)/$(B)/smmc" tests/spec-examples.sh

# The language server's loop (lsp.c, not in libsmm) fed whole client sessions.
$(B)/tests/fuzz_lsp_replay: tests/fuzz/fuzz_lsp.c tests/fuzz/replay_main.c $(LSP_SRC) compiler/lsp.h compiler/lsp_int.h \
                            $(B)/libsmm.a | $(B)/tests
	$(CC) $(CFLAGS_ALL) $(WARN) -DREPLAY_NAME='"fuzz-lsp-replay"' -o $@ tests/fuzz/fuzz_lsp.c \
	  tests/fuzz/replay_main.c $(LSP_SRC) $(B)/libsmm.a $(LDLIBS_ALL)

fuzz-replay: $(B)/tests/fuzz_replay $(B)/tests/fuzz_lsp_replay
	@$(TEST_WRAP) $(B)/tests/fuzz_replay tests/fuzz/corpus tests/fuzz/crashers
	@$(TEST_WRAP) $(B)/tests/fuzz_lsp_replay tests/fuzz/lsp-corpus tests/fuzz/lsp-crashers

e2e: $(B)/smmc
	@SMMC="$(TEST_WRAP) $(CURDIR)/$(B)/smmc" tests/run-e2e.sh

docs-check: $(B)/smmc
	@SMMC="$(TEST_WRAP) $(CURDIR)/$(B)/smmc" tests/docs/run.sh

# Every test suite; prints one closing "N passed, N failed" line.
check: deps-browser
	@$(MAKE) --no-print-directory all
	@tests/run-all.sh "$(B)"

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(B)/smmc

asan:
	@$(MAKE) --no-print-directory B=build-asan OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  all unit-bins incr-bins build-asan/tests/fuzz_replay build-asan/tests/fuzz_lsp_replay
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/run-all.sh build-asan

valgrind: all
	@SMM_VALGRIND=1 tests/run-all.sh "$(B)"

# The thread suite under ThreadSanitizer (make check runs it too).
tsan:
	@tests/parallel/tsan.sh

fuzz:
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang OPT="-O1 -g" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" build-fuzz/libsmm.a
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icompiler -Ibuild-fuzz \
	  -o build-fuzz/fuzz_compile tests/fuzz/fuzz_compile.c tests/fuzz/fuzz_invariants.c build-fuzz/libsmm.a $(LDLIBS_ALL)
	mkdir -p build-fuzz/corpus build-fuzz/artifacts && cp tests/fuzz/corpus/* build-fuzz/corpus/
	build-fuzz/fuzz_compile -max_total_time=$(or $(FUZZ_SECONDS),60) -max_len=4096 -timeout=10 \
	  -artifact_prefix=build-fuzz/artifacts/ -dict=tests/fuzz/smm.dict \
	  build-fuzz/corpus tests/fuzz/corpus
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icompiler -Ibuild-fuzz \
	  -o build-fuzz/fuzz_lsp tests/fuzz/fuzz_lsp.c $(LSP_SRC) build-fuzz/libsmm.a $(LDLIBS_ALL)
	mkdir -p build-fuzz/lsp-corpus && cp tests/fuzz/lsp-corpus/* build-fuzz/lsp-corpus/
	build-fuzz/fuzz_lsp -max_total_time=$(or $(FUZZ_SECONDS),60) -max_len=16384 -timeout=10 \
	  -artifact_prefix=build-fuzz/artifacts/lsp- build-fuzz/lsp-corpus tests/fuzz/lsp-corpus

bench: all
	@bench/run.sh $(B)/smmc

# ---------------------------------------------------------------- editors
# The VS Code extension, packaged by npm @vscode/vsce from a copy in
# $(B)/vscode (its node_modules never land in editors/); docs/editors.md.
VSIX_VERSION := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' editors/vscode/package.json)
VSIX := $(B)/smm-$(VSIX_VERSION).vsix

vsix: $(VSIX)

$(VSIX): $(shell find editors/vscode -type f -not -path '*/node_modules/*') | $(B)
	rm -rf $(B)/vscode && mkdir -p $(B)/vscode && cp -R editors/vscode/. $(B)/vscode/
	cd $(B)/vscode && npm install --omit=dev --no-audit --no-fund --loglevel=error
	@[ -x $(B)/npm-vsce/node_modules/.bin/vsce ] || \
	  npm install --prefix $(B)/npm-vsce --no-audit --no-fund --loglevel=error @vscode/vsce@3
	cd $(B)/vscode && $(CURDIR)/$(B)/npm-vsce/node_modules/.bin/vsce package \
	  --allow-missing-repository --skip-license --out $(CURDIR)/$@.tmp
	mv $@.tmp $@

# ---------------------------------------------------------------- install
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(SMM_STDLIB_DEFAULT) \
	  $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(B)/smmc $(DESTDIR)$(PREFIX)/bin/smmc
	cd stdlib && find . -type f \( -name '*.smm' -o -name '*.rng' -o -name '*.xsd' -o -name '*.schema.json' \) \
	  -exec install -D -m 644 {} $(DESTDIR)$(SMM_STDLIB_DEFAULT)/{} \;
	install -m 644 docs/smmc.1 $(DESTDIR)$(PREFIX)/share/man/man1/smmc.1
	install -d $(DESTDIR)$(PREFIX)/share/doc/smmc
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/smmc/
	install -m 644 scripts/smmc.bash-completion \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/smmc

clean:
	rm -rf build build-asan build-tsan build-fuzz demo-out
