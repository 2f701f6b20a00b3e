package dev.nonstop.sample.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads a {@link SampleConfig} from environment variables and {@code --KEY=value} arguments; an
 * argument wins over the variable of the same name. Keys are case-insensitive and may use dashes
 * for underscores. Empty values count as unset.
 */
public final class SampleConfigParser {

    public static final String PORT = "PORT";
    public static final String HOST = "HOST";
    public static final String INSTANCE_ID = "NONSTOP_INSTANCE_ID";
    public static final String SESSION_SECRET = "SAMPLE_SESSION_SECRET";
    public static final String APP_TOKEN = "NONSTOP_APP_TOKEN";
    public static final String STARTUP_DELAY_MS = "SAMPLE_STARTUP_DELAY_MS";
    public static final String FAIL_HEALTH = "SAMPLE_FAIL_HEALTH";
    public static final String FAIL_SMOKE = "SAMPLE_FAIL_SMOKE";
    public static final String STOP_TIMEOUT_MS = "SAMPLE_STOP_TIMEOUT_MS";

    static final List<String> KEYS = List.of(
            PORT,
            HOST,
            INSTANCE_ID,
            SESSION_SECRET,
            APP_TOKEN,
            STARTUP_DELAY_MS,
            FAIL_HEALTH,
            FAIL_SMOKE,
            STOP_TIMEOUT_MS);

    private static final String PORT_EXPECTED = "a port 1-65535, or 0 for an ephemeral port";
    private static final long MAX_STARTUP_DELAY_MS = 600_000;
    private static final long MAX_STOP_TIMEOUT_MS = 3_600_000;
    private static final int MAX_INSTANCE_ID_LENGTH = 128;

    private final Supplier<String> defaultInstanceId;

    /** @param defaultInstanceId the instance id when none is configured, asked for only then */
    public SampleConfigParser(Supplier<String> defaultInstanceId) {
        this.defaultInstanceId = defaultInstanceId;
    }

    /**
     * @throws ConfigException naming the first bad or missing value
     */
    public SampleConfig parse(Map<String, String> env, List<String> args) {
        Map<String, String> values = merge(env, args);
        return new SampleConfig(
                port(values.get(PORT)),
                host(Optional.ofNullable(values.get(HOST)).orElse("127.0.0.1")),
                instanceId(values.get(INSTANCE_ID)),
                Optional.ofNullable(values.get(SESSION_SECRET)).orElse(SampleConfig.DEV_SESSION_SECRET),
                Optional.ofNullable(values.get(APP_TOKEN)),
                millis(STARTUP_DELAY_MS, values.get(STARTUP_DELAY_MS), 300, MAX_STARTUP_DELAY_MS),
                flag(FAIL_HEALTH, values.get(FAIL_HEALTH)),
                flag(FAIL_SMOKE, values.get(FAIL_SMOKE)),
                millis(STOP_TIMEOUT_MS, values.get(STOP_TIMEOUT_MS), 30_000, MAX_STOP_TIMEOUT_MS));
    }

    private static Map<String, String> merge(Map<String, String> env, List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (String key : KEYS) {
            putIfNotEmpty(values, key, env.get(key));
        }
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new ConfigException("argument", arg, "--KEY=value, such as --PORT=8080");
            }
            String key = arg.substring(2, equals).toUpperCase(Locale.ROOT).replace('-', '_');
            if (!KEYS.contains(key)) {
                throw new ConfigException(
                        "argument",
                        arg,
                        "one of " + KEYS.stream().map(k -> "--" + k).collect(Collectors.joining(", ")));
            }
            putIfNotEmpty(values, key, arg.substring(equals + 1));
        }
        return values;
    }

    private static void putIfNotEmpty(Map<String, String> values, String key, String value) {
        if (value != null && !value.isEmpty()) {
            values.put(key, value);
        } else {
            values.remove(key);
        }
    }

    private static int port(String value) {
        if (value == null) {
            throw new ConfigException(PORT, "missing", PORT_EXPECTED);
        }
        return (int) number(PORT, value, 0, 65_535, PORT_EXPECTED);
    }

    private static String host(String value) {
        if (new InetSocketAddress(value, 0).isUnresolved()) {
            throw new ConfigException(HOST, value, "an IP address or a host name that resolves");
        }
        return value;
    }

    private String instanceId(String value) {
        String id = value != null ? value : defaultInstanceId.get();
        boolean valid = id.length() <= MAX_INSTANCE_ID_LENGTH && id.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (!valid) {
            throw new ConfigException(
                    INSTANCE_ID, id, "1-" + MAX_INSTANCE_ID_LENGTH + " printable ASCII characters without spaces");
        }
        return id;
    }

    private static Duration millis(String key, String value, long defaultMillis, long max) {
        if (value == null) {
            return Duration.ofMillis(defaultMillis);
        }
        return Duration.ofMillis(number(key, value, 0, max, "milliseconds 0-" + max));
    }

    private static long number(String key, String value, long min, long max, String expected) {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, expected);
        }
        if (number < min || number > max) {
            throw new ConfigException(key, value, expected);
        }
        return number;
    }

    private static boolean flag(String key, String value) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ConfigException(key, value, "true or false");
    }
}
