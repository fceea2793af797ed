-- Headless Neovim (Debian's 0.7.x) as a second, independent LSP client of our server: start it over stdio,
-- open one file, wait for its publishDiagnostics, ask for a hover, and write what came back as JSON.
-- Exits 0 when every step answered, 1 otherwise (the JSON's `error` says which step failed).
-- Env: LS_CMD     JSON array, the server command (e.g. ["node","dist/server.js","--stdio"])
--      TARGET     the file to open;  ROOT  the workspace folder (default: TARGET's folder)
--      OUT_JSON   where to write the result
--      HOVER_LINE, HOVER_COL  0-based hover position;  WAIT_MS  limit per step (default 20000)
-- Neovim 0.7 has no vim.lsp.start / get_clients: start_client + buf_attach_client + get_client_by_id.
local started = vim.loop.hrtime()
local function elapsed_ms() return math.floor((vim.loop.hrtime() - started) / 1e6) end
local version = vim.version()
local result = { ok = false, nvim = string.format('%d.%d.%d', version.major, version.minor, version.patch) }

local function env(name, default)
  local value = os.getenv(name)
  if value == nil or value == '' then
    if default == nil then error('environment variable ' .. name .. ' is required') end
    return default
  end
  return value
end

-- With -u <file>, filetype detection is off; without it didOpen would carry languageId "".
vim.cmd('filetype on')

-- Count every publishDiagnostics per URI, so that an empty list (a clean rule) also counts as an answer.
local published = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  published[params.uri] = (published[params.uri] or 0) + 1
  return default_publish(err, params, ctx, config)
end

local ok, err = pcall(function()
  local cmd = vim.fn.json_decode(env('LS_CMD'))
  local target = vim.fn.fnamemodify(env('TARGET'), ':p')
  local root = vim.fn.fnamemodify(env('ROOT', vim.fn.fnamemodify(target, ':h')), ':p')
  local wait_ms = tonumber(env('WAIT_MS', '20000'))

  local client_id = vim.lsp.start_client({
    name = 'sentinel-rules',
    cmd = cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'root' } },
    on_exit = function(code, signal) result.server_exit = { code = code, signal = signal } end,
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  vim.cmd('edit ' .. vim.fn.fnameescape(target))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')

  -- 1. initialize (0.7 sends requests only once the client is initialized)
  local client = vim.lsp.get_client_by_id(client_id)
  -- stop waiting early if the server process exits (a missing or crashing server)
  vim.wait(wait_ms, function() return client.initialized or result.server_exit ~= nil end, 20)
  assert(client.initialized, 'the server did not initialize' .. (result.server_exit and ' (it exited)' or ''))
  result.initialized_ms = elapsed_ms()
  result.hover_provider = client.server_capabilities.hoverProvider or false

  -- 2. publishDiagnostics for the opened file
  local uri = vim.uri_from_bufnr(bufnr)
  local got = vim.wait(wait_ms, function() return (published[uri] or 0) > 0 end, 20)
  assert(got, 'no publishDiagnostics for ' .. uri .. ' within ' .. wait_ms .. ' ms')
  result.diagnostics_ms = elapsed_ms()
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source, code = code })
  end

  -- 3. hover
  local params = {
    textDocument = { uri = uri },
    position = { line = tonumber(env('HOVER_LINE', '0')), character = tonumber(env('HOVER_COL', '0')) },
  }
  local responses, request_err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, wait_ms)
  assert(responses, 'hover request failed: ' .. tostring(request_err))
  for _, response in pairs(responses) do
    if response.err then error('hover error: ' .. vim.inspect(response.err)) end
    result.hover = response.result
  end
  result.hover_ms = elapsed_ms()
  result.ok = true
end)
if not ok then result.error = tostring(err) end
result.ms = elapsed_ms()

local out = assert(io.open(env('OUT_JSON'), 'w'))
out:write(vim.fn.json_encode(result))
out:close()
vim.cmd(ok and 'qall!' or 'cquit! 1')
