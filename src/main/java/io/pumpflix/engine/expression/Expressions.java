package io.pumpflix.engine.expression;

import com.dashjoin.jsonata.Jsonata;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates parameter templates with JSONata (the maintained Java port, {@code com.dashjoin:jsonata},
 * Apache-2.0): sandboxed by design (no code, no I/O), with a time bound and a depth bound per
 * evaluation. Each evaluation parses its expression anew: a parsed expression of this library
 * keeps a reference to every frame it evaluated in, so a cached one would grow without bound
 * (parsing costs a few microseconds).
 */
public final class Expressions {

    private static final int MAX_DEPTH = 200;
    /** Values one evaluation may give (every number, text, object and list counts one). */
    static final int MAX_RESULT_VALUES = 100_000;

    private final Duration timeout;
    private final int maxLength;

    public Expressions(Duration timeout, int maxLength) {
        this.timeout = timeout;
        this.maxLength = maxLength;
    }

    /** Checks that every template in a parameter value reads (at commit); throws {@link ExpressionException}. */
    public void check(Object value, String parameter) {
        if (Template.isTemplate(value)) {
            for (Template.Part part : Template.parse((String) value, parameter).parts()) {
                if (part.expression()) {
                    compile(part.text(), parameter);
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, nested) -> check(nested, parameter + "." + key));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), parameter + "[" + i + "]");
            }
        }
    }

    /**
     * The value of a parameter for one item: templates evaluated, maps and lists walked, anything
     * else as it is.
     */
    public Object resolve(Object value, String parameter, Scope scope) {
        if (Template.isTemplate(value)) {
            return evaluate(Template.parse((String) value, parameter), parameter, scope);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, nested) -> resolved.put((String) key, resolve(nested, parameter + "." + key, scope)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                resolved.add(resolve(list.get(i), parameter + "[" + i + "]", scope));
            }
            return resolved;
        }
        return value;
    }

    private Object evaluate(Template template, String parameter, Scope scope) {
        if (template.single()) {
            return run(template.parts().get(0).text(), parameter, scope, null);
        }
        StringBuilder text = new StringBuilder();
        for (Template.Part part : template.parts()) {
            text.append(part.expression() ? asText(run(part.text(), parameter, scope, null)) : part.text());
        }
        return text.toString();
    }

    /**
     * Fills the {@code {{ }}} placeholders of a text (a prompt template's body) for one item: each
     * is a JSONata expression read against the item, so {@code {{ name }}} is the item's
     * {@code name} (and {@code $json} is bound as everywhere); the result is text.
     */
    public String fill(String text, String parameter, Scope scope) {
        if (!text.contains("{{")) {
            return text;
        }
        StringBuilder filled = new StringBuilder();
        for (Template.Part part : Template.parse("=" + text, parameter).parts()) {
            filled.append(part.expression() ? asText(run(part.text(), parameter, scope, scope.json())) : part.text());
        }
        return filled.toString();
    }

    private Jsonata compile(String expression, String parameter) {
        if (expression.length() > maxLength) {
            throw new ExpressionException(parameter, parameter + ": an expression may be at most " + maxLength
                    + " characters, got " + expression.length());
        }
        try {
            return Jsonata.jsonata(expression);
        } catch (RuntimeException e) {
            throw new ExpressionException(parameter, parameter + ": expression '" + abbreviate(expression)
                    + "' does not read: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new ExpressionException(parameter, parameter + ": expression '" + abbreviate(expression)
                    + "' is nested too deeply");
        }
    }

    private Object run(String expression, String parameter, Scope scope, Object context) {
        Jsonata compiled = compile(expression, parameter);
        Jsonata.Frame frame = compiled.createFrame();
        frame.bind("json", scope.json());
        frame.bind("input", scope.input());
        frame.bind("execution", scope.execution());
        frame.bind("workflow", scope.workflow());
        frame.bind("now", scope.now());
        frame.bind("node", (Jsonata.Fn1<String, Object>) name -> scope.node().apply(name));
        frame.setRuntimeBounds(timeout.toMillis(), MAX_DEPTH);
        Object result;
        try {
            result = compiled.evaluate(context, frame);
        } catch (RuntimeException e) {
            throw new ExpressionException(parameter, parameter + ": expression '" + abbreviate(expression)
                    + "' failed: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new ExpressionException(parameter, parameter + ": expression '" + abbreviate(expression)
                    + "' recursed too deeply");
        }
        int[] budget = {MAX_RESULT_VALUES};
        Object plain = plain(result, budget);
        if (budget[0] < 0) {
            throw new ExpressionException(parameter, parameter + ": expression '" + abbreviate(expression)
                    + "' gave more than " + MAX_RESULT_VALUES + " values");
        }
        return plain;
    }

    /**
     * JSONata's values as plain JSON values: its null marker as null, its sequences as lists. Stops
     * copying (leaving {@code budget[0]} negative) past the budget of values: a result that large is
     * refused, not kept.
     */
    static Object plain(Object value, int[] budget) {
        if (--budget[0] < 0) {
            return null;
        }
        if (value == null || value == Jsonata.NULL_VALUE) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(String.valueOf(entry.getKey()), plain(entry.getValue(), budget));
                if (budget[0] < 0) {
                    return null;
                }
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(Math.min(list.size(), 1024));
            for (Object nested : list) {
                copy.add(plain(nested, budget));
                if (budget[0] < 0) {
                    return null;
                }
            }
            return copy;
        }
        if (value instanceof Double d && !d.isInfinite() && !d.isNaN() && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (value instanceof Number || value instanceof String || value instanceof Boolean) {
            return value;
        }
        // a function or anything else JSON cannot hold
        return null;
    }

    static String asText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Map || value instanceof List) {
            return JsonText.of(value);
        }
        if (value instanceof BigInteger || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return value.toString();
    }

    private static String abbreviate(String expression) {
        return expression.length() <= 120 ? expression : expression.substring(0, 117) + "...";
    }
}
