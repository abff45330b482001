-- tests/lsp/nvim.lua — Neovim's built-in LSP client against `smmc lsp`
-- (run by tests/lsp/nvim.sh, headless).  Opens a file with a mistake and
-- checks the diagnostic, a hover and a go-to-definition, as a user would
-- see them.  Neovim 0.7 has no vim.lsp.start (0.8+), so the client is
-- started and attached by hand, which works on every version since.
local smmc, stdlib, file, out = _G.arg_smmc, _G.arg_stdlib, _G.arg_file, _G.arg_out
local results = {}
local function check(name, cond, detail)
  table.insert(results, (cond and "ok " or "FAIL ") .. name .. (cond and "" or (": " .. vim.inspect(detail))))
end

vim.cmd("edit " .. file)
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "smmc",
  cmd = { smmc, "lsp", "--stdlib", stdlib },
  root_dir = vim.fn.fnamemodify(file, ":h"),
})
check("the client starts", client_id ~= nil, client_id)
vim.lsp.buf_attach_client(buf, client_id)

-- the diagnostic for the mistake
local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local diags = vim.diagnostic.get(buf)
check("a diagnostic arrives", got, diags)
local d = diags[1] or {}
check("the diagnostic names the mistake", (d.message or ""):find("no dimension, domain or practice 'qq'") ~= nil, d)
check("the diagnostic is an error on line 5", d.severity == vim.diagnostic.severity.ERROR and d.lnum == 4, d)

-- hover on the practice `q` in the profile body (line 4, column 3)
local function request(method, line, col)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = col } }
  local res = vim.lsp.buf_request_sync(buf, method, params, 20000) or {}
  for _, r in pairs(res) do
    if r.result then return r.result end
  end
  return nil
end
local h = request("textDocument/hover", 3, 2)
local text = h and h.contents and (h.contents.value or h.contents) or ""
check("hover shows the practice (while the file has an error)", type(text) == "string" and text:find("d.o.q") ~= nil
  and text:find("Q") ~= nil, h)

-- go to definition of the parent profile, in the imported lib.smm
local def = request("textDocument/definition", 2, 36)
local loc = def and (def[1] or def) or {}
check("go to definition of a parent profile: lib.smm", (loc.uri or ""):find("lib.smm$") ~= nil, def)
check("go to definition: the profile's name", loc.range and loc.range.start.line == 9 and loc.range.start.character == 8, loc)

local f = io.open(out, "w")
f:write(table.concat(results, "\n") .. "\n")
f:close()
vim.lsp.stop_client(client_id)
vim.cmd("qall!")
