-- GET /v1/search?q=... with a random query of bench/wrk/search_queries.txt (BENCH_QUERIES): names
-- drawn from bench/gen.c's lists, a surname alone, a Cyrillic surname, and one in four with a typo
-- (a letter missing, two swapped or one wrong). bench/run gives pgbench the same queries.
local file = os.getenv("BENCH_QUERIES") or "bench/wrk/search_queries.txt"
local queries = {}
for line in io.lines(file) do
  if line ~= "" then
    queries[#queries + 1] = line:gsub("[^%w%-]", function(c)
      return string.format("%%%02X", string.byte(c))
    end)
  end
end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/v1/search?q=" .. queries[math.random(1, #queries)])
end
