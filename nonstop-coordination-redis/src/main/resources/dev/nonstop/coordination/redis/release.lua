-- KEYS[1]: the lock key; ARGV[1]: the lease id
-- Deletes the lock only when it is still ours. Returns 1 when deleted, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
