-- GET /api/me with the bearer token in $TOKEN. Each request claims a different client address from
-- 198.18.0.0/15 (RFC 2544's benchmarking range) in X-Forwarded-For; the demo trusts 127.0.0.1 as a
-- proxy in this test, so the rate limiter sees 20,000 clients instead of one.
local token = os.getenv("TOKEN") or ""
local n = 0
request = function()
  n = (n + 1) % 20000
  local ip = string.format("198.%d.%d.%d", 18 + math.floor(n / 65536), math.floor(n / 256) % 256, n % 256)
  return wrk.format("GET", "/api/me", { ["Authorization"] = "Bearer " .. token, ["X-Forwarded-For"] = ip })
end
