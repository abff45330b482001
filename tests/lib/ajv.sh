# tests/lib/ajv.sh — JSON Schema validation for the test suites, shared.
#
#   . tests/lib/ajv.sh
#   ajv_setup ROOT || ...         # installs ajv 8 and ajv-formats on first use
#   ajv_validate [--smm-ir] SCHEMA FILE...
#
# ajv_setup installs the npm packages ajv@8 and ajv-formats@3 into
# ROOT/build/npm-ajv (not committed; CI starts without it) and says why on
# stderr when it cannot (no npm, no network).  ajv_validate runs
# tests/lib/validate-json.js: one line per file, "FILE<TAB>ok" or
# "FILE<TAB>error<TAB>WHERE MESSAGE" per error; exit 0 when every file is
# valid.  --smm-ir adds the checks a JSON Schema cannot state for the IR
# (tool.md §4, revision 2): every provenance index names an entry of the
# settings table, and every entry of the table is named by some chain.

ajv_setup() {
    _ajv_root=$1
    _ajv_dir=$_ajv_root/build/npm-ajv
    if [ ! -e "$_ajv_dir/node_modules/ajv/package.json" ] ||
       [ ! -e "$_ajv_dir/node_modules/ajv-formats/package.json" ] ||
       ! grep -q '"version": "8\.' "$_ajv_dir/node_modules/ajv/package.json"; then
        if ! command -v npm >/dev/null 2>&1; then
            echo "ajv: npm is not installed (scripts/install-deps installs it)" >&2
            return 1
        fi
        mkdir -p "$_ajv_dir"
        if ! npm install --prefix "$_ajv_dir" --no-audit --no-fund ajv@8 ajv-formats@3 \
                >"$_ajv_dir/install.log" 2>&1; then
            echo "ajv: npm install ajv@8 ajv-formats@3 failed:" >&2
            tail -n 5 "$_ajv_dir/install.log" >&2
            return 1
        fi
    fi
    AJV_NODE_PATH=$_ajv_dir/node_modules
    AJV_SCRIPT=$_ajv_root/tests/lib/validate-json.js
}

ajv_validate() {
    NODE_PATH=$AJV_NODE_PATH node "$AJV_SCRIPT" "$@"
}
