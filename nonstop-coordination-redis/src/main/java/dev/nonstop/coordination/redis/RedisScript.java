package dev.nonstop.coordination.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script run by its SHA-1 ({@code EVALSHA}), sent whole once when the server lacks it. */
record RedisScript(String source, String sha1) {

    static RedisScript load(String resource) {
        try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + resource);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(source, HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long run(RedisCommands<String, String> redis, String[] keys, String[] args) {
        Long result;
        try {
            result = redis.evalsha(sha1, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            result = redis.eval(source, ScriptOutputType.INTEGER, keys, args);
        }
        return result == null ? 0 : result;
    }

    /**
     * Sends the script without waiting for its answer. Sent whole ({@code EVAL}): a fallback after
     * {@code NOSCRIPT} would come after commands queued meanwhile, and this is for rare calls whose
     * place in the connection's order matters.
     */
    void runAsync(RedisAsyncCommands<String, String> redis, String[] keys, String[] args) {
        redis.eval(source, ScriptOutputType.INTEGER, keys, args);
    }
}
