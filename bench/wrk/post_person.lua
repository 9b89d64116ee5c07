-- POST /v1/people with a write key (BENCH_KEY), a new person each time.
local key = os.getenv("BENCH_KEY") or ""
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"name":"Bench Person %d","citizenships":["RU"],"born_on":"1980"}', n)
  return wrk.format("POST", "/v1/people", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
  }, body)
end
-- A non-2xx answer is counted by wrk; bench/run reports it as an error.
