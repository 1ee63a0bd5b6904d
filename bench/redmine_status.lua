-- wrk script for bench/run_problems.sh, the Redmine peer: one issue per wrk
-- thread, its status moved back and forth (PUT /issues/N.json with
-- status_id A, then B, then A, ...: a journal entry with its detail each
-- time, as Redmine records a status change). Run with -tN -cN. Arguments
-- (after --): API_KEY STATUS_A STATUS_B ISSUE_ID... (one per thread).
local key, a, b
local ids = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("slot", counter)
end

function init(args)
  key = args[1]
  a = args[2]
  b = args[3]
  for i = 4, #args do ids[#ids + 1] = args[i] end
  issue = ids[((slot - 1) % #ids) + 1]
  flip = false
end

function request()
  flip = not flip
  return wrk.format("PUT", "/issues/" .. issue .. ".json",
    { ["X-Redmine-API-Key"] = key, ["Content-Type"] = "application/json" },
    '{"issue":{"status_id":' .. (flip and b or a) .. '}}')
end
