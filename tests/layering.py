#!/usr/bin/env python3
"""tests/layering.py — the library's files form no dependency cycle, and
each function declared in compiler/smmc.h is in the section of the file
that defines it, and no file but pool.c uses threads, locks or atomics
(pool.c is the one concurrency module).

A library file depends on another when it calls a function (or uses an
object) the other defines, as the symbol tables of build/obj/*.o say.  No
file may depend on a file that depends on it, the scanner/parser pair
aside (bison's parser calls the token filter, which calls the parser) and
the known exceptions listed in ALLOWED.
Each cycle found is printed with the symbols that close it.

    tests/layering.py [BUILD_DIR]
"""
import collections
import glob
import re
import os
import subprocess
import sys

ALLOWED = {
    frozenset({"parse", "parser"}),
}


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    objs = sorted(glob.glob(os.path.join(build, "obj", "*.o")))
    if not objs:
        print("FAIL layering: no object files in %s/obj (build first)" % build)
        print("layering: 0 passed, 1 failed")
        return 1
    defs, uses = {}, collections.defaultdict(set)
    for o in objs:
        f = os.path.basename(o)[:-2]
        out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "TDBRC":
                defs[p[2]] = f
            elif len(p) == 2 and p[0] == "U":
                uses[f].add(p[1])
    graph = collections.defaultdict(set)
    for f, syms in uses.items():
        for sym in syms:
            if sym in defs and defs[sym] != f:
                graph[f].add(defs[sym])
    # Tarjan's strongly connected components
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(set(graph) | set(defs.values())):
        if v not in index:
            visit(v)
    failed = 0
    for comp in comps:
        if frozenset(comp) in ALLOWED:
            continue
        failed += 1
        print("FAIL layering: a dependency cycle: %s" % " ".join(comp))
        for a in comp:
            for b in sorted(graph[a]):
                if b in comp:
                    syms = sorted(s for s in uses[a] if defs.get(s) == b)
                    print("    %s -> %s (%s)" % (a, b, ", ".join(syms)))
    # smmc.h: a function declared under "/* ---- NAME.c */" is defined in NAME.c
    header = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "compiler", "smmc.h")
    section, checked = None, 0
    for line in open(header):
        m = re.match(r"/\* -+ ([a-z_]+)\.[ch] \*/", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^(?!static|typedef|#)[A-Za-z_][\w \*]*?\b([a-z_][a-z0-9_]*)\(", line)
        if not m or not section:
            continue
        name, where = m.group(1), defs.get(m.group(1))
        checked += 1
        if where and where != section:
            failed += 1
            print("FAIL layering: %s is declared in the %s.c section of smmc.h but defined in %s.c" %
                  (name, section, where))
    # pool.c is the one concurrency module: nothing else names pthread_*,
    # C11 threads or atomics (comments and strings aside).
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sources = sorted(glob.glob(os.path.join(root, "compiler", "*.[ch]")) +
                     glob.glob(os.path.join(root, "grammar", "*.[ly]")))
    for path in sources:
        if os.path.basename(path) == "pool.c":
            continue
        text = re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"', "", open(path, encoding="utf-8").read(), flags=re.S)
        m = re.search(r"\b(pthread_\w+|atomic_\w+|_Atomic|stdatomic\.h|threads\.h|mtx_\w+|cnd_\w+|call_once)\b", text)
        checked += 1
        if m:
            failed += 1
            print("FAIL layering: %s uses %s; threads and locks belong in pool.c" %
                  (os.path.relpath(path, root), m.group(1)))
    print("layering: %d passed, %d failed" % (max(len(objs) + checked - failed, 0) if not failed else 0, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
