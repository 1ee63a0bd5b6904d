-- wrk script for bench/run_aq.sh: the air-quality dashboard's API calls in
-- turn, as the page makes them on load (web/src/api/aq.js): the latest hour
-- of every station, the district's days, the rankings and the targets.
--   AQ_TOKEN=… AQ_PATHS="/api/v1/aq/latest …" wrk ... -s bench/aq_dashboard.lua BASE
-- (environment, not script arguments: bench/lib.sh's bench_run puts its
-- arguments before the URL)
-- Each thread starts at its own path so that the mix is even at any moment.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("first", counter)
end

local token, paths, i
function init(args)
  token = os.getenv("AQ_TOKEN")
  paths = {}
  for p in string.gmatch(os.getenv("AQ_PATHS"), "%S+") do paths[#paths + 1] = p end
  i = first or 1
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Authorization"] = "Bearer " .. token })
end
