-- wrk script for bench/run_writes.sh: POST /api/v1/tasks, a new top-level
-- task per request. Arguments (after --): TOKEN CAMPAIGN_ID UNIT_ID.
local token, body
local n = 0

function init(args)
  token = args[1]
  body = string.format(
    '{"campaign_id":%s,"title":"bench write %%d","owner_unit_id":%s,"lead_unit_id":%s,"deadline":"2030-06-30"}',
    args[2], args[3], args[3])
end

function request()
  n = n + 1
  return wrk.format("POST", "/api/v1/tasks",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" },
    string.format(body, n))
end
