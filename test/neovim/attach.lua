-- A second, independent LSP client: Neovim 0.7 (Debian's) attaches to `migration-guard lsp --stdio`, prints the
-- diagnostics of a migration and the hover of its first statement, and exits 0 when both came back.
-- Environment: MG_NODE, MG_CLI (bin/migration-guard.js), MG_FILE (the migration), MG_TIMEOUT_MS.
local out = function(s) io.stdout:write(s .. '\n') end
local file = os.getenv('MG_FILE')
local timeout = tonumber(os.getenv('MG_TIMEOUT_MS') or '20000')

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = 'migration-guard',
  cmd = { os.getenv('MG_NODE'), os.getenv('MG_CLI'), 'lsp', '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  on_exit = function(code) if code ~= 0 then out('server exited with code ' .. code) end end,
})
if not client_id then
  out('could not start the language server')
  vim.cmd('cquit 2')
end
vim.lsp.buf_attach_client(bufnr, client_id)

local ok = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
if not ok then
  out('no diagnostics within ' .. timeout .. ' ms')
  vim.cmd('cquit 1')
end

local severities = { 'error', 'warning', 'info', 'hint' }
local diagnostics = vim.diagnostic.get(bufnr)
table.sort(diagnostics, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and tostring(a.code) < tostring(b.code)) end)
out('diagnostics: ' .. #diagnostics)
for _, d in ipairs(diagnostics) do
  local first = vim.split(d.message, '\n')[1]
  out(string.format('%d:%d %s [%s] %s', d.lnum + 1, d.col + 1, severities[d.severity] or '?', tostring(d.code), first))
end

local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = 0, character = 1 },
}, timeout)
local shown = false
for _, res in pairs(hover or {}) do
  if res.result and res.result.contents then
    out('hover: ' .. vim.split(res.result.contents.value, '\n')[1])
    shown = true
  end
end
if not shown then
  out('no hover')
  vim.cmd('cquit 1')
end
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
