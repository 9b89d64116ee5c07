-- GET /v1/swaps/{id} at random ids among the generated hundred thousand.
local max = tonumber(os.getenv("BENCH_SWAPS") or "100000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/v1/swaps/" .. math.random(1, max))
end
