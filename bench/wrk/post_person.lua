-- POST /v1/people with a write key (BENCH_KEY), a new person each time. duplicate=allow: the
-- pgbench ceiling this is measured against (bench/run) inserts without the duplicate guard's
-- name search, and every "Bench Person N" resembles the others, so through the guard most
-- would be 409 (the guard's own cost is bench/batch's, bench/README.md item 12).
local key = os.getenv("BENCH_KEY") or ""
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
request = function()
  local body = string.format('{"name":"Bench Person %d","citizenships":["RU"],"born_on":"1980"}',
                             math.random(1, 1000000000))
  return wrk.format("POST", "/v1/people?duplicate=allow", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
  }, body)
end
-- A non-2xx answer is counted by wrk; bench/run reports it as an error.
