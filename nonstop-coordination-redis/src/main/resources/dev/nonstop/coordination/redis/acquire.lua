-- KEYS[1]: the lock key, KEYS[2]: the lock's token counter (never expires),
-- KEYS[3]: the line of fair waiters (sorted set: lease id -> arrival, server time in microseconds),
-- KEYS[4]: when each waiter's place lapses unless it polls again (sorted set: lease id -> server ms),
-- KEYS[5]: acquires given up by their client (sorted set: lease id -> server ms until refused)
-- ARGV[1]: the lease id, ARGV[2]: the ttl in milliseconds, ARGV[3]: '1' for a fair attempt,
-- ARGV[4]: how long a waiter's place survives without a poll, in milliseconds
-- Returns the new fencing token when granted; 0 when busy (not fair); -1 when the client gave this
-- acquire up (a command that arrives late); -(2 + n) when busy and n waiters are ahead of this one.
-- The uncontended acquire (nothing given up, nobody in line) is EXISTS, EXISTS, SET NX PX, INCR.
local me = ARGV[1]
local time
local function now_ms()
  time = time or redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

if redis.call('EXISTS', KEYS[5]) == 1 then
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now_ms())
  if redis.call('ZSCORE', KEYS[5], me) then
    return -1
  end
end

local fair = ARGV[3] == '1'
local in_line = fair and redis.call('EXISTS', KEYS[3]) == 1
local first
if in_line then
  -- Waiters whose place lapsed (their process died, paused or gave up) leave the line.
  local lapsed = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now_ms())
  for _, id in ipairs(lapsed) do
    redis.call('ZREM', KEYS[3], id)
  end
  if #lapsed > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now_ms())
  end
  first = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
end

local function leave_line()
  if in_line then
    redis.call('ZREM', KEYS[3], me)
    redis.call('ZREM', KEYS[4], me)
  end
end

if (first == nil or first == me) and redis.call('SET', KEYS[1], me, 'NX', 'PX', ARGV[2]) then
  leave_line()
  return redis.call('INCR', KEYS[2])
end

-- Granted to an earlier poll of this acquire whose answer was lost: grant again, with a fresh expiry
-- (the client dates the lease from this poll), and the token of that grant (no grant since).
if redis.call('GET', KEYS[1]) == me then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  leave_line()
  return tonumber(redis.call('GET', KEYS[2]))
end

if not fair then
  return 0
end
now_ms()
redis.call('ZADD', KEYS[3], 'NX', time[1] .. string.format('%06d', tonumber(time[2])), me)
redis.call('ZADD', KEYS[4], string.format('%.0f', now_ms() + tonumber(ARGV[4])), me)
redis.call('PEXPIRE', KEYS[3], ARGV[4])
redis.call('PEXPIRE', KEYS[4], ARGV[4])
return -2 - redis.call('ZRANK', KEYS[3], me)
