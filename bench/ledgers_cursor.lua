-- wrk script for bench/run_ledgers.sh: the URL's list, each request a keyset
-- page at a random cursor (&after=r<id>, id uniform in LEDGER_MIN_ID..
-- LEDGER_MAX_ID), so that nearly every page misses the server's list cache
-- (store/list_cache.h keeps ~16 MiB of pages) and runs its SQL. The total is
-- the same for every cursor, so the count stays cached.
local min_id = tonumber(os.getenv("LEDGER_MIN_ID") or "100000")
local max_id = tonumber(os.getenv("LEDGER_MAX_ID") or "1000000")

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter * 7919)
end

function init(args)
  math.randomseed((seed or 1) + os.time())
end

function request()
  return wrk.format(nil, wrk.path .. "&after=r" .. math.random(min_id, max_id))
end
