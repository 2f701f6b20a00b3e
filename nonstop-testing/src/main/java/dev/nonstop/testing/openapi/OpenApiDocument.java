package dev.nonstop.testing.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAPI 3.0 document (YAML or JSON), read to be compared with the routes a server serves. Each check answers
 * what is wrong, one line each, so a test asserts that the list is empty and its failure names every gap at once.
 */
public final class OpenApiDocument {
    /** The keys of a path item that are operations; the others ({@code parameters}, {@code summary}...) are not. */
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");

    private final String name;
    private final JsonNode root;

    private OpenApiDocument(String name, JsonNode root) {
        this.name = name;
        this.root = root;
    }

    /**
     * One operation a server serves: {@code method} ({@code GET}, any case) on the paths that fit {@code path}, a
     * template as OpenAPI writes it ({@code /agent/instances/{id}/stop}).
     */
    public record Operation(String method, String path) {
        public Operation {
            method = method.toLowerCase(Locale.ROOT);
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    /**
     * Reads the document at {@code resource} on the classpath of {@code anchor}.
     *
     * @throws IllegalArgumentException when there is no such resource
     * @throws UncheckedIOException when it is not YAML or JSON
     */
    public static OpenApiDocument load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("resource: " + resource
                        + " (expected: an OpenAPI document on the classpath of " + anchor + ")");
            }
            return new OpenApiDocument(resource, new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The document as a tree, for checks of its own content. */
    public JsonNode tree() {
        return root;
    }

    /** Every operation the document describes, in its order. */
    public List<Operation> operations() {
        List<Operation> result = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : fields(root.path("paths"))) {
            for (Map.Entry<String, JsonNode> op : fields(path.getValue())) {
                if (METHODS.contains(op.getKey())) {
                    result.add(new Operation(op.getKey(), path.getKey()));
                }
            }
        }
        return result;
    }

    /**
     * The names of the parameters {@code operation} declares {@code in} ({@code path}, {@code query}, {@code header}),
     * its path item's included; empty when the document does not describe it.
     */
    public Set<String> parameters(Operation operation, String in) {
        JsonNode pathItem = root.path("paths").path(operation.path());
        Set<String> names = new HashSet<>();
        for (JsonNode parameters : List.of(
                pathItem.path("parameters"), pathItem.path(operation.method()).path("parameters"))) {
            for (JsonNode parameter : parameters) {
                JsonNode resolved = resolve(parameter);
                if (resolved != null && resolved.path("in").asText().equals(in)) {
                    names.add(resolved.path("name").asText());
                }
            }
        }
        return names;
    }

    /** The {@code operations} that do not declare every one of {@code headers}, each with those it lacks. */
    public List<String> missingHeaders(Collection<Operation> operations, String... headers) {
        List<String> result = new ArrayList<>();
        for (Operation operation : operations) {
            Set<String> declared = parameters(operation, "header");
            List<String> missing =
                    List.of(headers).stream().filter(h -> !declared.contains(h)).toList();
            if (!missing.isEmpty()) {
                result.add(operation + " does not declare the headers " + missing);
            }
        }
        return result;
    }

    /** The served operations the document does not describe: a route added without documentation. */
    public List<String> undocumented(Collection<Operation> served) {
        List<Operation> described = operations();
        return served.stream()
                .filter(op -> !described.contains(op))
                .map(op -> op + " is served but not described in " + name)
                .toList();
    }

    /** The described operations no route serves: a route removed (or renamed) with its documentation left behind. */
    public List<String> unserved(Collection<Operation> served) {
        return operations().stream()
                .filter(op -> !served.contains(op))
                .map(op -> op + " is described in " + name + " but not served")
                .toList();
    }

    /**
     * What keeps the document from being complete or consistent: not OpenAPI 3.0, an operation without a success
     * response, a guarded operation (the document's {@code security} applies) without its 401, a path parameter not
     * declared, a {@code $ref} that leads nowhere.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!root.path("openapi").asText().startsWith("3.0")) {
            problems.add(name + ": openapi: " + root.path("openapi") + " (expected: 3.0.x)");
        }
        for (Map.Entry<String, JsonNode> path : fields(root.path("paths"))) {
            for (Map.Entry<String, JsonNode> op : fields(path.getValue())) {
                if (METHODS.contains(op.getKey())) {
                    Operation operation = new Operation(op.getKey(), path.getKey());
                    checkOperation(operation, op.getValue(), problems);
                }
            }
        }
        checkReferences(root, "", problems);
        return problems;
    }

    private void checkOperation(Operation operation, JsonNode op, List<String> problems) {
        JsonNode responses = op.path("responses");
        boolean success = false;
        for (Map.Entry<String, JsonNode> response : fields(responses)) {
            success |= response.getKey().startsWith("2") || response.getKey().startsWith("3");
        }
        if (!success) {
            problems.add(operation + ": no success response");
        }
        JsonNode security = op.has("security") ? op.path("security") : root.path("security");
        if (!security.isEmpty() && !responses.has("401")) {
            problems.add(operation + ": guarded by " + security + " but no 401 response");
        }
        Set<String> declared = parameters(operation, "path");
        Matcher m = PARAMETER.matcher(operation.path());
        while (m.find()) {
            if (!declared.contains(m.group(1))) {
                problems.add(operation + ": path parameter " + m.group(1) + " not declared");
            }
        }
    }

    /** Every {@code $ref} under {@code node}, which is at the JSON pointer {@code at}. */
    private void checkReferences(JsonNode node, String at, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && resolve(node) == null) {
                problems.add(name + ": $ref " + ref.asText() + " at " + at + " leads nowhere");
            }
            for (Map.Entry<String, JsonNode> field : fields(node)) {
                String key = field.getKey().replace("~", "~0").replace("/", "~1");
                checkReferences(field.getValue(), at + "/" + key, problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkReferences(node.get(i), at + "/" + i, problems);
            }
        }
    }

    /** {@code node}, or what its {@code $ref} ({@code #/components/...}) points to; null when that is nothing. */
    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        String pointer = ref.asText();
        if (!pointer.startsWith("#/")) {
            return null;
        }
        JsonNode target = root.at(pointer.substring(1));
        return target.isMissingNode() ? null : target;
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node.properties();
    }
}
