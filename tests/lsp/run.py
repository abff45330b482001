#!/usr/bin/env python3
"""tests/lsp/run.py — the protocol suite of `smmc lsp`.

Drives the server over pipes as an editor would (JSON-RPC 2.0 with
Content-Length framing) and checks every capability of tool.md §7 and
every error case: diagnostics (code, name, related information, code link,
cleared when fixed), hover, definition, references, completion, document
and workspace symbols, formatting (whole and range), code actions from
fix-its, rename, the workspace (imports, --stdlib, initializationOptions,
didChangeWatchedFiles), malformed JSON (-32700), invalid requests
(-32600), unknown requests (-32601), bad parameters (-32602), requests
before initialize (-32002) and after shutdown, and the exit statuses.

    SMMC=build/smmc tests/lsp/run.py
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SMMC = os.environ.get("SMMC", os.path.join(ROOT, "build", "smmc")).split()
STDLIB = os.path.join(ROOT, "stdlib")
passed = failed = 0


def ok(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL lsp: %s%s" % (name, (": " + str(detail)[:600]) if detail else ""))


class Server:
    def __init__(self, *args):
        self.p = subprocess.Popen(SMMC + ["lsp"] + list(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.next_id = 0
        self.notes = []  # notifications received

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def read(self, timeout=20):
        headers = {}
        while True:
            line = self.p.stdout.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            k, _, v = line.decode().partition(":")
            headers[k.strip().lower()] = v.strip()
        n = int(headers["content-length"])
        return json.loads(self.p.stdout.read(n))

    def request(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.wait(self.next_id)

    def wait(self, id_):
        while True:
            m = self.read()
            if m is None:
                return None
            if "id" in m and "method" not in m and m["id"] == id_:
                return m
            if "method" in m:
                self.notes.append(m)
            elif m.get("id") is None:  # an error with no id (parse errors)
                self.notes.append(m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        """The last publishDiagnostics for uri among the notifications so far."""
        last = None
        for n in self.notes:
            if n.get("method") == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri:
                last = n["params"]["diagnostics"]
        return last

    def sync(self):
        """A round trip, so every notification sent before has been handled."""
        return self.request("workspace/symbol", {"query": "no-such-symbol-at-all"})

    def close(self, shutdown=True):
        if shutdown:
            self.request("shutdown")
        self.notify("exit", None)
        try:
            return self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return None


def offset(text, p):
    lines = text.split("\n")
    return sum(len(l) + 1 for l in lines[:p["line"]]) + p["character"]


def apply_edits(text, edits):
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        a, b = offset(text, e["range"]["start"]), offset(text, e["range"]["end"])
        text = text[:a] + e["newText"] + text[b:]
    return text


def uri(path):
    return "file://" + path


def pos(text, needle, delta=0, nth=0):
    """The LSP position of the nth occurrence of needle (plus delta chars)."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    i += delta
    line = text.count("\n", 0, i)
    col = i - (text.rfind("\n", 0, i) + 1)
    return {"line": line, "character": col}


LIB = """model m "M" {
  dimension d "D" {
    domain o "O" {
      practice p "P" {
        level 1 "first steps" { consider c.one "a consideration" }
        level 2 "second steps"
      }
      practice q "Q"
    }
  }
}

profile base "Base" model m {
  doc "The base profile."
  p = 2
  sector energy { q = 1 }
}
"""

MAIN = """import lib

profile derived "Derived" extends bse {
  q = 1
  sector energy {
    p = 3
  }
}

assessment a1 "A1" {
  target derived
  date 2026-01-31
  p = 1 evidence "e"
}
"""


def open_all(srv, docs, version=1):
    for u, t in docs.items():
        srv.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": "smm", "version": version,
                                                             "text": t}})


def incremental(tmp):
    """An edit re-parses only the edited file ($/smmc/stats), and what the
    server then publishes and answers equals a fresh server's."""
    d = os.path.join(tmp, "inc-reuse")
    os.makedirs(d)
    for i in range(5):
        with open(os.path.join(d, "p%d.smm" % i), "w") as f:
            f.write("import lib\nprofile p%d \"P%d\" extends base { q = %d }\n" % (i, i, i % 4))
    with open(os.path.join(d, "lib.smm"), "w") as f:
        f.write(LIB)
    top = os.path.join(d, "top.smm")
    tu, lu = uri(top), uri(os.path.join(d, "lib.smm"))
    body = "".join("import p%d\n" % i for i in range(5))
    texts = [body + 'profile top "T" extends p1 {\n  p = 3\n}\n',
             body + 'profile top "T" extends p2, nosuch {\n  p = 3\n}\n',   # an error
             body + 'profile top "T" extends p2 {\n  p = = 3\n  q = 2\n}\n',  # a syntax error
             body + 'profile top "T" extends p3 {\n  p = 1\n}\n']
    s = Server("--stdlib", STDLIB)
    s.request("initialize", {"capabilities": {}})
    open_all(s, {tu: texts[0]})
    s.sync()
    st = (s.request("$/smmc/stats") or {}).get("result") or {}
    ok("stats: the first analysis parses every file", st.get("parsed") == 7 and st.get("reused") == 0 and
       st.get("newSession") is True, st)
    for k, t in enumerate(texts[1:], 2):
        s.notify("textDocument/didChange", {"textDocument": {"uri": tu, "version": k}, "contentChanges": [{"text": t}]})
        s.sync()
        st = (s.request("$/smmc/stats") or {}).get("result") or {}
        ok("stats: edit %d parses only the edited file" % k, st.get("parsed") == 1 and st.get("reused") == 6 and
           st.get("newSession") is False and st.get("analyses") == k, st)
        ok("stats: edit %d keeps the model and every profile but the edited one" % k,
           st.get("profiles") == 7 and st.get("reusedProfiles") == 6 and st.get("models") == 1 and
           st.get("reusedModels") == 1, st)
        f = Server("--stdlib", STDLIB)
        f.request("initialize", {"capabilities": {}})
        open_all(f, {tu: t}, k)
        f.sync()
        ok("incremental: edit %d publishes what a fresh analysis does" % k,
           s.diagnostics(tu) == f.diagnostics(tu) and s.diagnostics(tu) is not None, (s.diagnostics(tu), f.diagnostics(tu)))
        for needle in ["p =", "extends", "import p3"]:
            q = {"textDocument": {"uri": tu}, "position": pos(t, needle, 1)}
            a, b = s.request("textDocument/hover", q), f.request("textDocument/hover", q)
            ok("incremental: edit %d hover on '%s' as fresh" % (k, needle), a.get("result") == b.get("result"), (a, b))
        f.close()
    # an imported file opened and edited: only it is parsed again, and its dependents see the change
    open_all(s, {lu: LIB})
    s.sync()
    lib2 = LIB.replace("p = 2", "p = 4")
    s.notify("textDocument/didChange", {"textDocument": {"uri": lu, "version": 2}, "contentChanges": [{"text": lib2}]})
    s.sync()
    st = (s.request("$/smmc/stats") or {}).get("result") or {}
    ok("stats: editing an imported file parses only it", st.get("parsed") == 1 and st.get("reused") == 6, st)
    ok("stats: editing the model's file keeps no model and no profile",
       st.get("reusedModels") == 0 and st.get("reusedProfiles") == 0 and st.get("profiles") == 7, st)
    t = texts[-1]
    r = s.request("textDocument/hover", {"textDocument": {"uri": tu}, "position": pos(t, "extends p3", 9)})
    f = Server("--stdlib", STDLIB)
    f.request("initialize", {"capabilities": {}})
    open_all(f, {tu: t, lu: lib2}, 2)
    f.sync()
    r2 = f.request("textDocument/hover", {"textDocument": {"uri": tu}, "position": pos(t, "extends p3", 9)})
    ok("incremental: an imported file's edit reaches its dependents", r.get("result") == r2.get("result"), (r, r2))
    f.close()
    # closing it: its text is the disk's again
    s.notify("textDocument/didClose", {"textDocument": {"uri": lu}})
    s.sync()
    st = (s.request("$/smmc/stats") or {}).get("result") or {}
    ok("stats: a closed document is read from the disk again", st.get("parsed") == 1 and st.get("reused") == 6, st)
    ok("stats: server shuts down", s.close() == 0)


def main():
    tmp = tempfile.mkdtemp(prefix="smm-lsp-")
    try:
        run(tmp)
        incremental(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("lsp: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def run(tmp):
    lib = os.path.join(tmp, "lib.smm")
    main_ = os.path.join(tmp, "main.smm")
    with open(lib, "w") as f:
        f.write(LIB)
    with open(main_, "w") as f:
        f.write("# on disk: not what the editor shows\n")
    mu, lu = uri(main_), uri(lib)

    s = Server("--stdlib", STDLIB)
    # --- before initialize
    r = s.request("textDocument/hover", {"textDocument": {"uri": mu}, "position": {"line": 0, "character": 0}})
    ok("request before initialize: -32002", r and r.get("error", {}).get("code") == -32002, r)
    # --- initialize
    r = s.request("initialize", {"processId": None, "rootUri": uri(tmp), "capabilities": {
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}})
    caps = (r or {}).get("result", {}).get("capabilities", {})
    for cap in ["hoverProvider", "definitionProvider", "referencesProvider", "completionProvider",
                "documentSymbolProvider", "workspaceSymbolProvider", "documentFormattingProvider",
                "documentRangeFormattingProvider", "codeActionProvider", "renameProvider", "textDocumentSync"]:
        ok("initialize: capability " + cap, cap in caps, caps)
    ok("initialize: UTF-16 positions by default", caps.get("positionEncoding") == "utf-16", caps)
    ok("initialize: server info", r["result"].get("serverInfo", {}).get("name") == "smmc", r)
    r = s.request("initialize", {"capabilities": {}})
    ok("initialize twice: -32600", r and r.get("error", {}).get("code") == -32600, r)
    s.notify("initialized", {})
    s.sync()
    reg = [n for n in s.notes if n.get("method") == "client/registerCapability"]
    ok("initialized: the server asks to watch .smm files",
       len(reg) == 1 and reg[0]["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles" and
       "id" in reg[0], reg)
    s.send({"jsonrpc": "2.0", "id": reg[0]["id"] if reg else "x", "result": None})  # the client's answer

    # --- diagnostics while typing: the unsaved text wins over the disk
    s.notify("textDocument/didOpen", {"textDocument": {"uri": mu, "languageId": "smm", "version": 1, "text": MAIN}})
    s.sync()
    d = s.diagnostics(mu)
    ok("didOpen: diagnostics published", d is not None and len(d) >= 1, d)
    bad = [x for x in d or [] if "bse" in x["message"]]
    ok("diagnostic: the mistake in the editor's text", len(bad) == 1, d)
    if bad:
        x = bad[0]
        ok("diagnostic: code", x.get("code", "").startswith("E"), x)
        ok("diagnostic: name in the message", "[unknown-name]" in x["message"], x)
        ok("diagnostic: severity error", x.get("severity") == 1, x)
        ok("diagnostic: source smmc", x.get("source") == "smmc", x)
        ok("diagnostic: range of the name", x["range"]["start"] == pos(MAIN, "bse") and
           x["range"]["end"] == pos(MAIN, "bse", 3), x)
        ok("diagnostic: link to the code's documentation",
           x.get("codeDescription", {}).get("href", "").lower().endswith("#" + x["code"].lower() + "-unknown-name"), x)
        # --- code action: the fix-it
        r = s.request("textDocument/codeAction", {"textDocument": {"uri": mu}, "range": x["range"],
                                                  "context": {"diagnostics": [x]}})
        acts = (r or {}).get("result") or []
        ok("codeAction: a quick fix for the did-you-mean", len(acts) == 1 and acts[0]["kind"] == "quickfix", r)
        if acts:
            edits = acts[0]["edit"]["changes"].get(mu, [])
            ok("codeAction: replaces the name", len(edits) == 1 and edits[0]["newText"] == "base" and
               edits[0]["range"] == x["range"], acts[0])
            ok("codeAction: names the diagnostic", acts[0].get("diagnostics") == [x], acts[0])
            ok("codeAction: title", "base" in acts[0]["title"], acts[0])
    # the fixes of a missing `because` and a missing `until`
    fx_path = os.path.join(tmp, "fixes.smm")
    fxu = uri(fx_path)
    fx = 'import lib\nassessment fx "F" {\n  target base\n  date 2026-01-31\n  q not_applicable\n}\n' \
         'assessment fy "G" {\n  target base\n  date 2026-01-31\n  waive p because "later"\n}\n' \
         'profile fz "Z" extends base {\n  q = consistnt\n}\n'
    s.notify("textDocument/didOpen", {"textDocument": {"uri": fxu, "languageId": "smm", "version": 1, "text": fx}})
    s.sync()
    for what, needle, want in [("a missing because", "not_applicable", ' because "..."'),
                               ("a missing until", '"later"', " until "),
                               ("a misspelt level word", "consistnt", "consistent")]:
        at = pos(fx, needle)
        r = s.request("textDocument/codeAction", {"textDocument": {"uri": fxu},
                                                  "range": {"start": at, "end": pos(fx, needle, len(needle))},
                                                  "context": {"diagnostics": []}})
        acts = (r or {}).get("result") or []
        edits = acts[0]["edit"]["changes"].get(fxu, []) if acts else []
        replace = want == "consistent"
        ok("codeAction: the fix of " + what, len(edits) == 1 and edits[0]["newText"].startswith(want) and
           edits[0]["range"]["start"] == pos(fx, needle, 0 if replace else len(needle)) and
           edits[0]["range"]["end"] == pos(fx, needle, len(needle)), r)
    s.notify("textDocument/didClose", {"textDocument": {"uri": fxu}})
    r = s.request("textDocument/codeAction", {"textDocument": {"uri": mu},
                                              "range": {"start": {"line": 10, "character": 0},
                                                        "end": {"line": 10, "character": 1}},
                                              "context": {"diagnostics": []}})
    ok("codeAction: none away from a fix", r and r.get("result") == [], r)

    # --- fixed by an incremental change: the diagnostics are cleared
    fixed = MAIN.replace("extends bse", "extends base")
    s.notify("textDocument/didChange", {"textDocument": {"uri": mu, "version": 2}, "contentChanges": [
        {"range": {"start": pos(MAIN, "bse"), "end": pos(MAIN, "bse", 3)}, "text": "base"}]})
    s.sync()
    d = s.diagnostics(mu)
    ok("didChange (range): the diagnostic is cleared", d is not None and not [x for x in d if "bse" in x["message"]], d)
    ok("diagnostics: the assessment's gap is a diagnostic, with related information",
       any("[gap]" in x["message"] and x.get("relatedInformation") for x in d or []), d)
    text = fixed

    # --- hover
    def hover(t, needle, delta=0, nth=0, u=None):
        r = s.request("textDocument/hover", {"textDocument": {"uri": u or mu}, "position": pos(t, needle, delta, nth)})
        res = (r or {}).get("result")
        return res["contents"]["value"] if res else None, r

    h, r = hover(text, "q = 1", 0)
    ok("hover: a practice in the body: its title", h and "d.o.q" in h and "Q" in h, r)
    ok("hover: the resolved value and where it was set", h and "**1**" in h and "derived" in h and "main.smm:4" in h, h)
    h, r = hover(text, "p = 3", 0)
    ok("hover: inside a sector block, the sector's variant", h and "sector `energy`" in h and "**3**" in h, h)
    ok("hover: what the setting overrode", h and "overrode" in h and "base" in h and "lib.smm:15" in h, h)
    h, r = hover(text, "extends base", 9)
    ok("hover: a profile: title, doc, parents", h and "Base" in h and "The base profile." in h, h)
    h, r = hover(text, "profile derived", 9)
    ok("hover: a profile: linearization", h and "linearization" in h and "`derived` → `base`" in h, h)
    h, r = hover(text, "p = 3", 4)
    ok("hover: a level: the model's objective", h and "second steps" not in h and "level 3" in h, h)
    h, r = hover(LIB, "p = 2", 4, u=lu)
    ok("hover: a level: the objective at that level", h and "second steps" in h, h)
    h, r = hover(text, "  p = 1", 2)
    ok("hover: in an assessment: target, current, gap, status",
       h and "target **2" in h and "current **1" in h and "gap **1**" in h and "gap**" in h, h)
    h, r = hover(text, "import lib", 8)
    ok("hover: an import", h and "lib.smm" in h, h)
    r = s.request("textDocument/hover", {"textDocument": {"uri": mu}, "position": {"line": 1, "character": 0}})
    ok("hover: nothing on a blank line", r and r.get("result") is None, r)

    # --- definition
    def locs(method, t, needle, delta=0, u=None, extra=None):
        params = {"textDocument": {"uri": u or mu}, "position": pos(t, needle, delta)}
        params.update(extra or {})
        r = s.request(method, params)
        return (r or {}).get("result") or [], r

    L, r = locs("textDocument/definition", text, "extends base", 9)
    ok("definition: a parent profile", len(L) == 1 and L[0]["uri"] == lu and
       L[0]["range"]["start"] == pos(LIB, "base \"Base\""), r)
    L, r = locs("textDocument/definition", text, "target derived", 8)
    ok("definition: an assessment's target", len(L) == 1 and L[0]["uri"] == mu and
       L[0]["range"]["start"] == pos(text, "derived \"Derived\""), r)
    L, r = locs("textDocument/definition", text, "import lib", 8)
    ok("definition: an import: the file", len(L) == 1 and L[0]["uri"] == lu, r)
    L, r = locs("textDocument/definition", text, "q = 1", 0)
    ok("definition: a practice path: the model's node", len(L) == 1 and L[0]["uri"] == lu and
       L[0]["range"]["start"] == pos(LIB, "q \"Q\""), r)
    L, r = locs("textDocument/definition", text, "sector energy", 8)
    ok("definition: a sector block: every block of that name in the linearization",
       len(L) == 2 and {l["uri"] for l in L} == {mu, lu}, r)

    # --- references
    L, r = locs("textDocument/references", LIB, "base \"Base\"", 0, u=lu, extra={"context": {"includeDeclaration": True}})
    ok("references: a profile: declaration and extends", len(L) == 2 and {l["uri"] for l in L} == {mu, lu}, r)
    L, r = locs("textDocument/references", text, "profile derived", 9, extra={"context": {"includeDeclaration": False}})
    ok("references: a profile: its assessment target", len(L) == 1 and
       L[0]["range"]["start"] == pos(text, "target derived", 7), r)
    L, r = locs("textDocument/references", LIB, "q \"Q\"", 0, u=lu, extra={"context": {"includeDeclaration": False}})
    ok("references: a practice: where it is set", len(L) == 2 and {l["uri"] for l in L} == {mu, lu}, r)

    # --- completion
    def complete(t, needle, delta=0, u=None, version=None):
        r = s.request("textDocument/completion", {"textDocument": {"uri": u or mu}, "position": pos(t, needle, delta)})
        res = (r or {}).get("result") or {}
        return [i["label"] for i in res.get("items", [])], r

    edited = text.replace("  q = 1\n", "  q = 1\n  \n", 1)  # a blank line in the profile body
    s.notify("textDocument/didChange", {"textDocument": {"uri": mu, "version": 3},
                                        "contentChanges": [{"text": edited}]})
    labels, r = complete(edited, "  q = 1\n  \n", len("  q = 1\n  "))
    ok("completion: practice paths in a profile", "p" in labels and "d.o.q" in labels and "o" in labels, labels)
    ok("completion: keywords in a profile", "require" in labels and "sector" in labels, labels)
    labels, r = complete(edited, "extends base", 8)
    ok("completion: profile names after extends", "base" in labels and "derived" in labels, labels)
    labels, r = complete(edited, "target derived", 7)
    ok("completion: profile names after target", "base" in labels, labels)
    labels, r = complete(edited, "p = 3", 4)
    ok("completion: levels after =", "3" in labels and "formalized" in labels, labels)
    labels, r = complete(edited, "sector energy", 7)
    ok("completion: sector names visible in the profile", "energy" in labels, labels)
    met = edited.replace('p = 1 evidence "e"\n', 'p = 1 evidence "e"\n  met c\n')
    s.notify("textDocument/didChange", {"textDocument": {"uri": mu, "version": 4}, "contentChanges": [{"text": met}]})
    labels, r = complete(met, "met c", 5)
    ok("completion: consideration ids after met", "c.one" in labels, r)
    broken = met + "profile broken {{{ = \n"
    s.notify("textDocument/didChange", {"textDocument": {"uri": mu, "version": 5}, "contentChanges": [{"text": broken}]})
    labels, r = complete(broken, "extends base", 8)
    ok("completion: profile names in a file that does not parse", "base" in labels, r)
    h, r = hover(broken, "extends base", 9)
    ok("hover: a profile in a file that does not parse", h and "Base" in h, r)
    # where the parse recovered: the resolved value, practice paths, consideration ids
    h, r = hover(broken, "q = 1", 0)
    ok("hover: a practice's resolved value in a file with a syntax error elsewhere", h and "**1**" in h and
       "derived" in h, r)
    b2 = broken.replace("  q = 1\n  \n", "  q = 1\n  d.\n", 1)
    s.notify("textDocument/didChange", {"textDocument": {"uri": mu, "version": 6}, "contentChanges": [{"text": b2}]})
    labels, r = complete(b2, "  d.\n", 4)
    ok("completion: practice paths in a file with a syntax error elsewhere", "d.o.q" in labels, labels)
    labels, r = complete(b2, "met c", 5)
    ok("completion: consideration ids in a file with a syntax error elsewhere", "c.one" in labels, r)
    # other profiles, and other files, with errors: this profile's value all the same
    others = met + 'profile wrong "W" extends nosuch {\n  q = 2\n}\nprofile odd "O" extends base {\n  d.o.zz = 1\n}\n'
    s.notify("textDocument/didChange", {"textDocument": {"uri": mu, "version": 7}, "contentChanges": [{"text": others}]})
    bad_u = uri(os.path.join(tmp, "bad.smm"))
    s.notify("textDocument/didOpen", {"textDocument": {"uri": bad_u, "languageId": "smm", "version": 1,
                                                       "text": 'import lib\nprofile x "X" extends {{{\n'}})
    s.sync()
    ok("diagnostics: the other profiles' errors are shown", len([x for x in s.diagnostics(mu) or []
                                                                 if x["severity"] == 1]) >= 2, s.diagnostics(mu))
    h, r = hover(others, "q = 1", 0)
    ok("hover: the resolved value when other profiles and files have errors",
       h and "**1**" in h and "derived" in h and "main.smm:4" in h, r)
    h, r = hover(others, "p = 3", 0)
    ok("hover: the sector's variant when other profiles have errors", h and "sector `energy`" in h and "**3**" in h, h)
    h, r = hover(others, "q = 2", 0)
    ok("hover: no value for a profile that did not resolve", h is None or "**2**" not in h, h)
    s.notify("textDocument/didClose", {"textDocument": {"uri": bad_u}})
    s.notify("textDocument/didChange", {"textDocument": {"uri": mu, "version": 6}, "contentChanges": [{"text": text}]})

    # --- symbols
    r = s.request("textDocument/documentSymbol", {"textDocument": {"uri": mu}})
    syms = (r or {}).get("result") or []
    names = [x["name"] for x in syms]
    ok("documentSymbol: profiles and assessments", names == ["derived", "a1"], r)
    if syms:
        kids = [c["name"] for c in syms[0].get("children", [])]
        ok("documentSymbol: a profile's sector blocks", kids == ["energy"], syms[0])
        ok("documentSymbol: selection range is the name", syms[0]["selectionRange"]["start"] == pos(text, "derived"), syms[0])
    r = s.request("workspace/symbol", {"query": "bas"})
    syms = (r or {}).get("result") or []
    ok("workspace/symbol: by name across files", [x["name"] for x in syms] == ["base"] and syms[0]["location"]["uri"] == lu, r)
    r = s.request("workspace/symbol", {"query": ""})
    names = {x["name"] for x in (r or {}).get("result") or []}
    ok("workspace/symbol: models, profiles, assessments", {"m", "base", "derived", "a1"} <= names, names)

    # --- formatting
    messy = "profile   messy \"M\"  extends base {\nq=1\n}\n"
    mess_path = os.path.join(tmp, "messy.smm")
    xu = uri(mess_path)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": xu, "languageId": "smm", "version": 1,
                                                       "text": "import lib\n" + messy}})
    r = s.request("textDocument/formatting", {"textDocument": {"uri": xu}, "options": {"tabSize": 2, "insertSpaces": True}})
    edits = (r or {}).get("result")
    ok("formatting: one edit to the canonical layout", edits and len(edits) == 1 and
       apply_edits("import lib\n" + messy, edits) == "import lib\nprofile messy \"M\" extends base {\n  q = 1\n}\n" and
       edits[0]["range"]["start"] == {"line": 1, "character": 0}, r)
    r = s.request("textDocument/rangeFormatting", {"textDocument": {"uri": xu}, "options": {},
                                                   "range": {"start": {"line": 0, "character": 0},
                                                             "end": {"line": 0, "character": 3}}})
    ok("rangeFormatting: nothing to change in the range", r and r.get("result") == [], r)
    r = s.request("textDocument/rangeFormatting", {"textDocument": {"uri": xu}, "options": {},
                                                   "range": {"start": {"line": 2, "character": 0},
                                                             "end": {"line": 2, "character": 3}}})
    ok("rangeFormatting: the change in the range", r and len(r.get("result") or []) == 1, r)
    r = s.request("textDocument/formatting", {"textDocument": {"uri": mu}, "options": {}})
    ok("formatting: a formatted file needs no edit", r and r.get("result") == [], r)
    s.notify("textDocument/didChange", {"textDocument": {"uri": xu, "version": 2},
                                        "contentChanges": [{"text": "profile x \"unterminated\n"}]})
    r = s.request("textDocument/formatting", {"textDocument": {"uri": xu}, "options": {}})
    ok("formatting: text that does not tokenize is refused", r and r.get("error", {}).get("code") == -32803, r)
    s.notify("textDocument/didClose", {"textDocument": {"uri": xu}})
    s.sync()
    ok("didClose: the closed file's diagnostics are cleared", s.diagnostics(xu) == [], s.diagnostics(xu))

    # --- rename
    r = s.request("textDocument/prepareRename", {"textDocument": {"uri": mu}, "position": pos(text, "extends base", 9)})
    ok("prepareRename: a profile", r and r.get("result", {}).get("placeholder") == "base", r)
    r = s.request("textDocument/prepareRename", {"textDocument": {"uri": mu}, "position": pos(text, "q = 1")})
    ok("prepareRename: not a practice", r and r.get("result") is None, r)
    r = s.request("textDocument/rename", {"textDocument": {"uri": mu}, "position": pos(text, "extends base", 9),
                                          "newName": "foundation"})
    ch = ((r or {}).get("result") or {}).get("changes", {})
    ok("rename: a profile across the workspace", set(ch) == {mu, lu} and len(ch[mu]) == 1 and len(ch[lu]) == 1 and
       ch[lu][0]["newText"] == "foundation", r)
    r = s.request("textDocument/rename", {"textDocument": {"uri": mu}, "position": pos(text, "extends base", 9),
                                          "newName": "not valid!"})
    ok("rename: an invalid name is refused", r and r.get("error", {}).get("code") == -32602, r)
    r = s.request("textDocument/rename", {"textDocument": {"uri": mu}, "position": pos(text, "extends base", 9),
                                          "newName": "derived"})
    ok("rename: onto an existing profile is refused", r and r.get("error", {}).get("code") == -32803, r)

    # --- files on disk: didChangeWatchedFiles
    with open(lib, "w") as f:
        f.write(LIB.replace("model m {", "model m {\n  nonsense = 1"))
    s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": lu, "type": 2}]})
    s.sync()
    d = s.diagnostics(lu)
    ok("didChangeWatchedFiles: an imported file's new errors", d and any(x["severity"] == 1 for x in d), d)
    with open(lib, "w") as f:
        f.write(LIB)
    s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": lu, "type": 2}]})
    s.sync()
    d = s.diagnostics(lu)
    ok("didChangeWatchedFiles: and cleared once fixed", d is not None and not [x for x in d if x["severity"] == 1], d)

    # --- error cases: the server answers and goes on
    s.raw(b"Content-Length: 9\r\n\r\n{not json")
    r = s.read()
    ok("malformed JSON: -32700 with a null id", r and r.get("error", {}).get("code") == -32700 and r.get("id") is None, r)
    s.raw(b"X-Nothing: 1\r\n\r\n")
    r = s.read()
    ok("no Content-Length: -32700", r and r.get("error", {}).get("code") == -32700, r)
    s.send([1, 2, 3])
    r = s.read()
    ok("not a request (an array): -32600", r and r.get("error", {}).get("code") == -32600, r)
    s.send({"jsonrpc": "2.0", "id": 77})
    r = s.read()
    ok("a request without a method: -32600 with its id", r and r.get("error", {}).get("code") == -32600 and
       r.get("id") == 77, r)
    r = s.request("textDocument/noSuchThing", {})
    ok("unknown request: -32601", r and r.get("error", {}).get("code") == -32601, r)
    s.notify("$/noSuchNotification", {"x": 1})
    s.notify("textDocument/didChange", {"nonsense": True})
    r = s.request("textDocument/hover", {"textDocument": {"uri": mu}})
    ok("unknown notification ignored; hover without a position: -32602",
       r and r.get("error", {}).get("code") == -32602, r)
    r = s.request("textDocument/definition", {"textDocument": {"uri": "http://example.com/x.smm"},
                                              "position": {"line": 0, "character": 0}})
    ok("a non-file URI: -32602", r and r.get("error", {}).get("code") == -32602, r)
    r = s.request("textDocument/hover", {"textDocument": {"uri": mu}, "position": {"line": 9999, "character": 9999}})
    ok("a position past the end: no crash", r and "result" in r, r)
    s.raw(b"Content-Length: 2\r\n\r\n[]")
    r = s.read()
    ok("an empty batch: -32600", r and r.get("error", {}).get("code") == -32600, r)
    h, r = hover(text, "q = 1", 0)
    ok("still serving after bad input", h and "d.o.q" in h, r)

    # --- shutdown, then exit: 0
    r = s.request("shutdown")
    ok("shutdown: null result", r and "result" in r and r["result"] is None, r)
    r = s.request("textDocument/hover", {"textDocument": {"uri": mu}, "position": {"line": 0, "character": 0}})
    ok("a request after shutdown: -32600", r and r.get("error", {}).get("code") == -32600, r)
    ok("shutdown then exit: status 0", s.close(shutdown=False) == 0)

    # --- exit without shutdown: 1; the input ending: 1
    s = Server("--stdlib", STDLIB)
    s.request("initialize", {"capabilities": {}})
    ok("exit without shutdown: status 1", s.close(shutdown=False) == 1)
    s = Server("--stdlib", STDLIB)
    s.p.stdin.close()
    ok("end of input without shutdown: status 1", s.p.wait(timeout=20) == 1)
    p = subprocess.run(SMMC + ["lsp", "file.smm"], capture_output=True)
    ok("lsp with a file argument: usage error", p.returncode == 2 and b"no file arguments" in p.stderr, p)
    p = subprocess.run(SMMC + ["lsp", "--help"], capture_output=True)
    ok("lsp --help", p.returncode == 0 and b"initializationOptions" in p.stdout, p)

    # --- initializationOptions: stdlib and include; UTF-8 positions when offered
    inc = os.path.join(tmp, "inc")
    os.makedirs(os.path.join(inc, "shared"))
    with open(os.path.join(inc, "shared", "lib2.smm"), "w") as f:
        f.write(LIB.replace("base", "base2"))
    other = os.path.join(tmp, "other", "o.smm")
    os.makedirs(os.path.dirname(other))
    ou = uri(other)
    otext = "import shared.lib2\nimport iic.smm\n# é\nprofile o \"O\" extends base2 { q = 1 }\n"
    s = Server()
    r = s.request("initialize", {"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}},
                                 "initializationOptions": {"stdlib": STDLIB, "include": [inc]}})
    ok("positionEncoding: UTF-8 when the client offers it",
       r and r["result"]["capabilities"].get("positionEncoding") == "utf-8", r)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": ou, "languageId": "smm", "version": 1, "text": otext}})
    s.sync()
    d = s.diagnostics(ou)
    ok("initializationOptions: include and stdlib directories", d == [], d)
    r = s.request("textDocument/definition", {"textDocument": {"uri": ou}, "position": {"line": 3, "character": 25}})
    L = (r or {}).get("result") or []
    ok("definition through an -I directory", len(L) == 1 and L[0]["uri"].endswith("/inc/shared/lib2.smm"), r)
    ok("initializationOptions server: shutdown, exit", s.close() == 0)


if __name__ == "__main__":
    sys.exit(main())
