-- KEYS[1]: the lock key, KEYS[2]: the lock's token counter (never expires)
-- ARGV[1]: the lease id, ARGV[2]: the ttl in milliseconds
-- Returns the new fencing token, or 0 when the lock is held.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0
