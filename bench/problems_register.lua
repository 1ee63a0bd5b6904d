-- wrk script for bench/run_problems.sh: POST /api/v1/problems, a new
-- problem per request as the campaign office registers them (督办 from the
-- supervision group, the hotline, ...): sources and types round-robin, a
-- site with its address, a description, and a point somewhere in the
-- district (so the duplicate check near the point runs, as it does for every
-- located registration). Arguments (after --): TOKEN.
local token
local n = 0
local sources = {"district", "hotline", "public", "enhanced_inspection", "city", "province",
                 "ministry_patrol", "media", "inspection"}
local types = {"scattered_enterprise", "construction_dust", "loose_coal", "coal_boiler",
               "industrial_emission", "vocs_emission", "industrial_dust", "vapour_recovery",
               "staggered_breach", "emergency_breach", "open_burning", "other"}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("slot", counter)
end

function init(args)
  token = args[1]
  math.randomseed((slot or 1) * 7919 + os.time())
  n = (slot or 1) * 1000000
end

function request()
  n = n + 1
  local body = string.format(
    '{"source":"%s","problem_type":"%s","title":"基准测试登记问题%d：物料露天堆放未苫盖",' ..
    '"description":"督导组现场检查发现该点位物料露天堆放，未苫盖，道路扬尘明显，请属地立即整改。",' ..
    '"site":"基准测试%d号加工点","address":"禹王台区基准路%d号",' ..
    '"location":{"lng":%.6f,"lat":%.6f}}',
    sources[(n % #sources) + 1], types[(n % #types) + 1], n, n, n % 997,
    114.25 + math.random() * 0.2, 34.70 + math.random() * 0.16)
  return wrk.format("POST", "/api/v1/problems",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
