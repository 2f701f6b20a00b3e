package dev.nonstop.common.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nonstop.common.problem.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses JSON or YAML text into a tree, turning a syntax error into a {@link ConfigException} that
 * says where: {@code line 3, column 9: mapping values are not allowed here (expected: valid YAML)}.
 * Duplicate keys are errors, not silently last-wins.
 */
public final class TreeParser {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TreeParser() {}

    /** @throws ConfigException on a syntax error or an empty document */
    public static JsonNode json(String source, String text) {
        return parse(JSON, "JSON", source, text);
    }

    /** @throws ConfigException on a syntax error or an empty document */
    public static JsonNode yaml(String source, String text) {
        return parse(YAML, "YAML", source, text);
    }

    /**
     * The YAML document with every scalar a string exactly as written ({@code 0755}, {@code on}, {@code 1.10}) and
     * {@code null} as null, where {@link #yaml} would read {@code 493}, {@code true} and {@code 1.1}: for values that
     * are strings whatever they look like, such as environment variables.
     *
     * @throws ConfigException on a syntax error or an empty document
     */
    public static JsonNode yamlAsWritten(String source, String text) {
        yaml(source, text); // the same errors, duplicate keys included
        try (JsonParser parser = YAML.createParser(text)) {
            parser.nextToken();
            return asWritten(parser);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(syntaxProblem(e, "YAML")));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string", e);
        }
    }

    private static JsonNode asWritten(JsonParser parser) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, asWritten(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(asWritten(parser));
                }
                return array;
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> {
                return nodes.textNode(parser.getText());
            }
        }
    }

    private static JsonNode parse(ObjectMapper mapper, String format, String source, String text) {
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(syntaxProblem(e, format)));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(source, List.of(Problem.of("(document)", "empty", "a " + format + " object")));
        }
        return tree;
    }

    private static Problem syntaxProblem(JsonProcessingException e, String format) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            // SnakeYAML knows where the problem is, which may be after where parsing was.
            Mark mark = yaml.getProblemMark();
            String what = yaml.getProblem() == null ? "unreadable" : yaml.getProblem();
            if (yaml.getContext() != null) {
                what = what + " (" + yaml.getContext() + ")";
            }
            return Problem.of(where(mark.getLine() + 1, mark.getColumn() + 1), oneLine(what), "valid " + format);
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "(document)" : where(at.getLineNr(), at.getColumnNr());
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        return Problem.of(where, oneLine(message.lines().findFirst().orElse(message)), "valid " + format);
    }

    private static String where(int line, int column) {
        return "line " + line + ", column " + column;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
