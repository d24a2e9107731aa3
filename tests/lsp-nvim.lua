-- Neovim's built-in LSP client against kota-lsp (tests/kota-lsp.bats): definition,
-- references and incoming calls of the name at line 3, column 19 of json/decoder.py,
-- written to the file "got" as "KIND PATH:LINE:COL" or "caller NAME" lines.
local ready = false
local id = vim.lsp.start_client({ cmd = { 'kota-lsp' }, root_dir = vim.fn.getcwd(), name = 'kota',
  on_init = function() ready = true end })
vim.cmd('edit json/decoder.py')
vim.lsp.buf_attach_client(0, id)
vim.wait(5000, function() return ready end)
local out = {}
local function where(loc)
  return vim.fn.fnamemodify(vim.uri_to_fname(loc.uri), ':.') .. ':' .. (loc.range.start.line + 1) .. ':' .. (loc.range.start.character + 1)
end
local pos = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 2, character = 18 } }
for _, r in pairs(vim.lsp.buf_request_sync(0, 'textDocument/definition', pos, 5000) or {}) do
  for _, loc in ipairs(r.result or {}) do table.insert(out, 'definition ' .. where(loc)) end
end
pos.context = { includeDeclaration = false }
for _, r in pairs(vim.lsp.buf_request_sync(0, 'textDocument/references', pos, 5000) or {}) do
  for _, loc in ipairs(r.result or {}) do table.insert(out, 'reference ' .. where(loc)) end
end
for _, r in pairs(vim.lsp.buf_request_sync(0, 'textDocument/prepareCallHierarchy', pos, 5000) or {}) do
  for _, item in ipairs(r.result or {}) do
    for _, r2 in pairs(vim.lsp.buf_request_sync(0, 'callHierarchy/incomingCalls', { item = item }, 5000) or {}) do
      for _, call in ipairs(r2.result or {}) do table.insert(out, 'caller ' .. call.from.name) end
    end
  end
end
vim.fn.writefile(out, 'got')
vim.cmd('qa!')
