-- KEYS[1]: the lock key, KEYS[2]: the line of fair waiters, KEYS[3]: when each waiter's place
-- lapses, KEYS[4]: acquires given up by their client (as in acquire.lua)
-- ARGV[1]: the lease id of an acquire that its client gave up; ARGV[2]: for how many milliseconds a
-- late acquire command of that lease id is refused (0: its polls were all answered, none can come)
-- Leaves the line and frees the lock if that acquire took it. Returns 1 when it freed the lock.
local me = ARGV[1]
redis.call('ZREM', KEYS[2], me)
redis.call('ZREM', KEYS[3], me)
if tonumber(ARGV[2]) > 0 then
  local time = redis.call('TIME')
  local now_ms = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now_ms)
  redis.call('ZADD', KEYS[4], string.format('%.0f', now_ms + tonumber(ARGV[2])), me)
  redis.call('PEXPIRE', KEYS[4], ARGV[2])
end
if redis.call('GET', KEYS[1]) == me then
  return redis.call('DEL', KEYS[1])
end
return 0
