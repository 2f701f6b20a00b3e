-- KEYS[1]: the lock key; ARGV[1]: the lease id, ARGV[2]: the ttl in milliseconds
-- Returns 1 when the lease was ours and is extended by the ttl from now (server time), 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
