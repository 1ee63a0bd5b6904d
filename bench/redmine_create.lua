-- wrk script for bench/run_problems.sh, the Redmine peer: POST /issues.json,
-- a new issue per request (subject, description, due date) in the bench
-- project. Arguments (after --): API_KEY PROJECT_ID TRACKER_ID PRIORITY_ID DUE_DATE.
local key, body
local n = 0
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("slot", counter)
end

function init(args)
  key = args[1]
  body = '{"issue":{"project_id":' .. args[2] .. ',"tracker_id":' .. args[3] .. ',"priority_id":' .. args[4] ..
         ',"subject":"基准测试登记问题%d：物料露天堆放未苫盖",' ..
         '"description":"督导组现场检查发现该点位物料露天堆放，未苫盖，道路扬尘明显，请属地立即整改。",' ..
         '"due_date":"' .. args[5] .. '"}}'
  n = (slot or 1) * 1000000
end

function request()
  n = n + 1
  return wrk.format("POST", "/issues.json",
    { ["X-Redmine-API-Key"] = key, ["Content-Type"] = "application/json" }, string.format(body, n))
end
