-- wrk script for bench/run_writes.sh: one task per wrk thread, moved back and
-- forth between "completed" and "returned" (return, complete, return, ...)
-- with the version and status each answer carries. Run with as many threads as
-- connections (-tN -cN): the state is per thread. Arguments (after --):
-- TOKEN TASK_ID... (one per thread; each completed or returned).
local token
local ids = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("slot", counter)
end

function init(args)
  token = args[1]
  for i = 2, #args do ids[#ids + 1] = args[i] end
  task = ids[((slot - 1) % #ids) + 1]
  version = nil
  action = nil
end

local function parse_version(body)
  return tonumber(string.match(body, '"version":(%d+)'))
end

function request()
  if version == nil then
    -- First request of this thread: learn the version with a GET.
    return wrk.format("GET", "/api/v1/tasks/" .. task, { ["Authorization"] = "Bearer " .. token })
  end
  local path = "/api/v1/tasks/" .. task .. "/actions/" .. action
  local body
  if action == "return" then
    body = string.format('{"version":%d,"note":"bench"}', version)
  else
    body = string.format('{"version":%d}', version)
  end
  return wrk.format("POST", path,
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

-- The next action follows from the status the answer reports.
function response(status, headers, body)
  local v = parse_version(body)
  local s = string.match(body, '"status":"([a-z_]+)"')
  if status == 200 and v and (s == "completed" or s == "returned") then
    version = v
    action = (s == "completed") and "return" or "complete"
  else
    version = nil  -- unexpected: look again (the non-2xx is counted by wrk)
  end
end
