-- GET of one fixed path, from BENCH_PATH (a list page, a filter, a deep cursor).
local path = os.getenv("BENCH_PATH") or "/v1/people"
request = function()
  return wrk.format("GET", path)
end
