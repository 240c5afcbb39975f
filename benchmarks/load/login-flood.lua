-- POST /api/auth/login with a wrong password. With SPREAD=1 every request claims a new client address
-- (198.18.0.0/15) and a new user name, so neither the per-client rate limit nor the per-account guard
-- stops it and every request costs one full bcrypt hash: the worst case. Without it, one client floods.
local spread = os.getenv("SPREAD") == "1"
local n = 0
request = function()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json" }
  local user = "admin"
  if spread then
    local k = n % 131072
    headers["X-Forwarded-For"] = string.format("198.%d.%d.%d", 18 + math.floor(k / 65536), math.floor(k / 256) % 256, k % 256)
    user = "user" .. n
  end
  return wrk.format("POST", "/api/auth/login", headers,
    '{"username":"' .. user .. '","password":"wrong password ' .. n .. '"}')
end
