-- GET /v1/people/{id} at random ids among the generated million.
local max = tonumber(os.getenv("BENCH_PEOPLE") or "1000000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/v1/people/" .. math.random(1, max))
end
