-- wrk script for bench/run_problems.sh: one problem per wrk thread, each in
-- "rectifying" and answering to its own village, moved round the extension
-- loop of resources/workflows/problem.toml by the two parties the workflow
-- names: the village's unit leader asks for more time (request_extension,
-- owner: a note and a date after the deadline → extension_requested), the
-- campaign office refuses it (refuse_extension, office: a note →
-- rectifying), and again, with the version each answer carries. Each move is
-- a full transition: version check, workflow check, the row and its scope
-- rows rewritten, a workflow event, an audit entry (hash chain) and the
-- notices (the office hears of the request, the unit's users of the refusal).
-- Run with as many threads as connections (-tN -cN): the state is per thread.
-- Arguments (after --): OFFICE_TOKEN EXTENSION_UNTIL then PROBLEM_ID:OWNER_TOKEN
-- per thread.
local office, until_date
local clients = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("slot", counter)
end

function init(args)
  office = args[1]
  until_date = args[2]
  for i = 3, #args do clients[#clients + 1] = args[i] end
  local mine = clients[((slot - 1) % #clients) + 1]
  id, owner = string.match(mine, "^(%d+):(%x+)$")
  version = nil
  status = nil
end

function request()
  if version == nil then
    -- First request of this thread (or after a surprise): learn the state with a GET.
    return wrk.format("GET", "/api/v1/problems/" .. id, { ["Authorization"] = "Bearer " .. office })
  end
  local path, token, body
  if status == "rectifying" then
    path = "/api/v1/problems/" .. id .. "/actions/request_extension"
    token = owner
    body = string.format('{"version":%d,"note":"设备到货延迟，申请延期","extension_until":"%s"}', version, until_date)
  else
    path = "/api/v1/problems/" .. id .. "/actions/refuse_extension"
    token = office
    body = string.format('{"version":%d,"note":"理由不充分，不同意延期"}', version)
  end
  return wrk.format("POST", path,
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

function response(code, headers, body)
  local v = tonumber(string.match(body, '"version":(%d+)'))
  local s = string.match(body, '"status":"([a-z_]+)"')
  if code == 200 and v and (s == "rectifying" or s == "extension_requested") then
    version = v
    status = s
  else
    version = nil  -- unexpected: look again (the non-2xx is counted by wrk)
  end
end
