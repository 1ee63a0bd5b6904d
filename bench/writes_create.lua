-- wrk script for bench/run_writes.sh: POST /api/v1/tasks, a new top-level
-- task per request, spread round-robin over the campaign's work areas (a new
-- task is numbered after its siblings, which are read for it: one place
-- holding every new task would measure that read, growing with each task).
-- Arguments (after --): TOKEN CAMPAIGN_ID UNIT_ID AREA_ID...
local token, body
local areas = {}
local n = 0

function init(args)
  token = args[1]
  body = '{"campaign_id":' .. args[2] .. ',"work_area_id":%s,"title":"bench write %d","owner_unit_id":' ..
         args[3] .. ',"lead_unit_id":' .. args[3] .. ',"deadline":"2030-06-30"}'
  for i = 4, #args do areas[#areas + 1] = args[i] end
  if #areas == 0 then areas[1] = "null" end
  n = math.random(#areas)
end

function request()
  n = n + 1
  return wrk.format("POST", "/api/v1/tasks",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" },
    string.format(body, areas[(n % #areas) + 1], n))
end
