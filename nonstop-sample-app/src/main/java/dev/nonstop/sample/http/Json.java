package dev.nonstop.sample.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough JSON for the sample app: writes flat objects of strings, numbers, booleans and
 * nulls, and reads flat objects whose values are such scalars (as {@code {"user":"ann"}}).
 */
public final class Json {

    private Json() {}

    /** A JSON object of {@code values}, in their iteration order. */
    public static String write(Map<String, ?> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, name);
            json.append(':');
            if (value == null || value instanceof Number || value instanceof Boolean) {
                json.append(value);
            } else {
                quote(json, value.toString());
            }
        });
        return json.append('}').toString();
    }

    /**
     * The members of a flat JSON object, every scalar as its text (strings unescaped, {@code null}
     * as a null value).
     *
     * @throws IllegalArgumentException when {@code text} is not such an object
     */
    public static Map<String, String> readFlatObject(String text) {
        return new Reader(text).object();
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static final class Reader {

        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Map<String, String> object() {
            Map<String, String> members = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                pos++;
            } else {
                do {
                    String name = string();
                    expect(':');
                    members.put(name, scalar());
                } while (consume(','));
                expect('}');
            }
            if (peek() != 0) {
                throw fail("text after the object");
            }
            return members;
        }

        private String scalar() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = pos;
            while (pos < text.length() && "+-.0123456789eEtruefalsn".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String literal = text.substring(start, pos);
            if (literal.isEmpty()) {
                throw fail("a string, number, true, false or null");
            }
            return literal.equals("null") ? null : literal;
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw fail("a closing quote");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw fail("an escape");
                }
                char escape = text.charAt(pos++);
                switch (escape) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw fail("four hex digits");
                        }
                        try {
                            value.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException e) {
                            throw fail("four hex digits");
                        }
                        pos += 4;
                    }
                    default -> value.append(escape);
                }
            }
        }

        private boolean consume(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw fail("'" + c + "'");
            }
        }

        /** The next non-blank character, or 0 at the end. */
        private char peek() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        private IllegalArgumentException fail(String expected) {
            return new IllegalArgumentException("malformed JSON at offset " + pos + " (expected: " + expected + ")");
        }
    }
}
