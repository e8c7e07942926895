package io.pumpflix.engine.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * A parameter string that starts with {@code =}: literal text and {@code {{ … }}} parts, each a
 * JSONata expression. A template that is one whole {@code {{ … }}} keeps its expression's JSON
 * type; any other is joined as text. Braces inside an expression (object constructors) and
 * inside its string literals are matched, so {@code {{ {"a": {"b": 1}} }}} reads as one part.
 */
public final class Template {

    /** One piece: literal text, or an expression. */
    public record Part(String text, boolean expression) {
    }

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = parts;
    }

    public List<Part> parts() {
        return parts;
    }

    /** True for a template of exactly one expression and no text around it. */
    public boolean single() {
        return parts.size() == 1 && parts.get(0).expression();
    }

    public static boolean isTemplate(Object value) {
        return value instanceof String text && text.startsWith("=");
    }

    /** Reads {@code =…}; throws {@link ExpressionException} for an unclosed {@code {{}. */
    public static Template parse(String value, String parameter) {
        String source = value.substring(1);
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < source.length()) {
            int open = source.indexOf("{{", at);
            if (open < 0) {
                parts.add(new Part(source.substring(at), false));
                break;
            }
            if (open > at) {
                parts.add(new Part(source.substring(at, open), false));
            }
            int close = closing(source, open + 2);
            if (close < 0) {
                throw new ExpressionException(parameter, parameter + ": '{{' at character " + (open + 1)
                        + " is never closed with '}}'");
            }
            parts.add(new Part(source.substring(open + 2, close).strip(), true));
            at = close + 2;
        }
        // "= {{ x }} " with only white space around keeps the expression's type, as n8n does
        List<Part> meaningful = parts.stream().filter(p -> p.expression() || !p.text().isBlank()).toList();
        if (meaningful.size() == 1 && meaningful.get(0).expression()) {
            return new Template(meaningful);
        }
        return new Template(List.copyOf(parts));
    }

    /** The index of the "}}" that closes an expression starting at {@code from}, or -1. */
    private static int closing(String source, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '{' -> depth++;
                case '}' -> {
                    if (depth == 0 && i + 1 < source.length() && source.charAt(i + 1) == '}') {
                        return i;
                    }
                    if (depth > 0) {
                        depth--;
                    }
                }
                default -> {
                }
            }
        }
        return -1;
    }
}
