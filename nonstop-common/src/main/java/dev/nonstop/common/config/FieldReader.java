package dev.nonstop.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads typed fields out of a parsed JSON/YAML tree and collects a {@link Problem} for every field
 * that is missing, of the wrong type or unknown, instead of stopping at the first. A field that
 * fails to read yields its default (or a placeholder) so that reading goes on. Used by every config
 * loader, the routing table's JSON and the control APIs for request bodies.
 */
public final class FieldReader {
    private final List<Problem> problems = new ArrayList<>();

    /** @throws ConfigException listing every problem reported so far, if any */
    public void throwIfProblems(String source) {
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
    }

    public List<Problem> problems() {
        return problems;
    }

    public void problem(String path, Object value, String expected) {
        problems.add(Problem.of(path, value, expected));
    }

    public void missing(String path, String expected) {
        problems.add(new Problem(path, "missing (expected: " + expected + ")"));
    }

    /** Whether a problem was reported at {@code path} or inside it. */
    public boolean reportedAt(String path) {
        for (Problem p : problems) {
            String q = p.path();
            if (q.equals(path) || q.startsWith(path + ".") || q.startsWith(path + "[")) {
                return true;
            }
        }
        return false;
    }

    public static String join(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** How a bad value is shown in a problem: scalars as written, containers abbreviated. */
    public static String render(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            return text.isEmpty() ? "\"\"" : abbreviate(text);
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        return abbreviate(node.toString());
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    /**
     * Checks that {@code node} is an object whose fields are all in {@code known}.
     *
     * @return false, with a problem reported, when it is not an object
     */
    public boolean object(JsonNode node, String path, Collection<String> known) {
        if (!node.isObject()) {
            problem(path.isEmpty() ? "(document)" : path, render(node), "an object");
            return false;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problems.add(new Problem(
                        join(path, name), "unknown field (expected one of: " + String.join(", ", known) + ")"));
            }
        }
        return true;
    }

    /** The field, or null when absent or explicitly null ({@code key:} with no value in YAML). */
    public static JsonNode field(JsonNode obj, String name) {
        JsonNode n = obj.get(name);
        return n == null || n.isNull() ? null : n;
    }

    public String string(JsonNode obj, String path, String name, String def) {
        JsonNode n = field(obj, name);
        if (n == null) {
            return def;
        }
        if (n.isFloatingPointNumber()) {
            // YAML reads 1.10 as the number 1.1: taking its text would silently change the value.
            problem(join(path, name), render(n), "a string; quote it, unquoted YAML reads it as a number");
            return def;
        }
        if (!n.isTextual() && !n.isIntegralNumber()) {
            problem(join(path, name), render(n), "a string");
            return def;
        }
        return n.asText();
    }

    /**
     * A map of names to strings, such as an app's environment, read from a tree made by {@link
     * TreeParser#yamlAsWritten}: every scalar is taken as written ({@code PORT: 8080}, {@code DEBUG: on}, {@code
     * MODE: 0755} give {@code "8080"}, {@code "on"}, {@code "0755"}). A value that is a map, a list or missing, and a
     * name that is empty or holds {@code '='}, is a problem at {@code path.name.KEY}. Empty when the field is absent.
     */
    public Map<String, String> stringMap(JsonNode writtenObj, String path, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode n = field(writtenObj, name);
        if (n == null) {
            return out;
        }
        String mapPath = join(path, name);
        if (!n.isObject()) {
            problem(mapPath, render(n), "a map of names to strings");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String keyPath = join(mapPath, e.getKey());
            JsonNode value = e.getValue();
            if (e.getKey().isEmpty()
                    || e.getKey().indexOf('=') >= 0
                    || e.getKey().indexOf('\0') >= 0) {
                problem(mapPath, "\"" + e.getKey() + "\"", "names that are not empty and hold no '='");
            } else if (value.isNull()) {
                problem(keyPath, "no value", "a string; write \"\" for an empty one");
            } else if (!value.isTextual()) {
                problem(keyPath, render(value), "a string");
            } else {
                out.put(e.getKey(), value.textValue());
            }
        }
        return out;
    }

    /** A required string; reports it missing and returns "" when absent. */
    public String requiredString(JsonNode obj, String path, String name, String expected) {
        if (field(obj, name) == null) {
            missing(join(path, name), expected);
            return "";
        }
        return string(obj, path, name, "");
    }

    public int integer(JsonNode obj, String path, String name, int def) {
        JsonNode n = field(obj, name);
        if (n == null) {
            return def;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            problem(join(path, name), render(n), "an integer");
            return def;
        }
        return n.intValue();
    }

    public int requiredInteger(JsonNode obj, String path, String name, String expected) {
        if (field(obj, name) == null) {
            missing(join(path, name), expected);
            return 0;
        }
        return integer(obj, path, name, 0);
    }

    public long longValue(JsonNode obj, String path, String name, long def) {
        JsonNode n = field(obj, name);
        if (n == null) {
            return def;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            problem(join(path, name), render(n), "an integer");
            return def;
        }
        return n.longValue();
    }

    public boolean bool(JsonNode obj, String path, String name, boolean def) {
        JsonNode n = field(obj, name);
        if (n == null) {
            return def;
        }
        if (!n.isBoolean()) {
            problem(join(path, name), render(n), "true or false");
            return def;
        }
        return n.booleanValue();
    }

    /** A duration field; its sign is not checked here. */
    public Duration duration(JsonNode obj, String path, String name, Duration def) {
        JsonNode n = field(obj, name);
        if (n == null) {
            return def;
        }
        Optional<Duration> d = n.isTextual() ? ConfigValues.parseDuration(n.textValue()) : Optional.empty();
        if (d.isEmpty()) {
            problem(join(path, name), render(n), ConfigValues.DURATION_FORMAT);
            return def;
        }
        return d.get();
    }

    /** A duration that must be {@code > 0}; the problem shows the value as written. */
    public Duration positiveDuration(JsonNode obj, String path, String name, Duration def) {
        if (field(obj, name) == null) {
            return def;
        }
        int before = problems.size();
        Duration d = duration(obj, path, name, def);
        if (problems.size() == before && (d.isNegative() || d.isZero())) {
            problem(join(path, name), render(obj.get(name)), "> 0");
            return def;
        }
        return d;
    }

    public long size(JsonNode obj, String path, String name, long def) {
        JsonNode n = field(obj, name);
        if (n == null) {
            return def;
        }
        OptionalLong size;
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            size = n.longValue() < 0 ? OptionalLong.empty() : OptionalLong.of(n.longValue());
        } else if (n.isTextual()) {
            size = ConfigValues.parseSize(n.textValue());
        } else {
            size = OptionalLong.empty();
        }
        if (size.isEmpty()) {
            problem(join(path, name), render(n), ConfigValues.SIZE_FORMAT);
            return def;
        }
        return size.getAsLong();
    }

    /**
     * An enum written in lower case with hyphens ({@code least-in-flight}) or as the constant name
     * ({@code LEAST_IN_FLIGHT}); problems list the lower-case forms.
     */
    public <E extends Enum<E>> E enumValue(JsonNode obj, String path, String name, Class<E> type, E def) {
        return enumValue(obj, path, name, type, def, false);
    }

    /**
     * Like {@link #enumValue(JsonNode, String, String, Class, Enum)}, listing the constant names in
     * problems when {@code showConstants} (for values shown in upper case, like member states).
     */
    public <E extends Enum<E>> E enumValue(
            JsonNode obj, String path, String name, Class<E> type, E def, boolean showConstants) {
        JsonNode n = field(obj, name);
        if (n == null) {
            return def;
        }
        if (n.isTextual()) {
            String wanted = n.textValue().strip().replace('-', '_').toUpperCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(wanted)) {
                    return e;
                }
            }
        }
        String names = showConstants
                ? Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "))
                : enumNames(type);
        problem(join(path, name), render(n), "one of " + names);
        return def;
    }

    public static String enumName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static String enumNames(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(FieldReader::enumName).collect(Collectors.joining(", "));
    }

    /**
     * The elements of a list field, each with its path; empty when absent (reported when {@code
     * required}) or not a list (reported).
     */
    public List<JsonNode> list(JsonNode obj, String path, String name, boolean required) {
        JsonNode n = field(obj, name);
        if (n == null) {
            if (required) {
                missing(join(path, name), "a list");
            }
            return List.of();
        }
        if (!n.isArray()) {
            problem(join(path, name), render(n), "a list");
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    /**
     * Applies {@code value} through a validating setter (a builder's), turning its {@code
     * IllegalArgumentException} ({@code name: value (expected: ...)}) into a problem at {@code
     * path} that shows the value as written.
     */
    public <T> void apply(String path, JsonNode written, T value, Consumer<T> setter) {
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            problem(path, written == null ? String.valueOf(value) : render(written), expectation(e.getMessage()));
        }
    }

    /** The part inside {@code (expected: ...)} of a validation message, or the whole message. */
    public static String expectation(String message) {
        if (message == null) {
            return "a valid value";
        }
        int at = message.indexOf("(expected: ");
        if (at >= 0 && message.endsWith(")")) {
            return message.substring(at + "(expected: ".length(), message.length() - 1);
        }
        return message;
    }
}
