package io.pumpflix.engine.definition;

import io.pumpflix.engine.expression.ExpressionException;
import io.pumpflix.engine.expression.Expressions;
import io.pumpflix.platform.InputError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects the problems of a definition, each naming its node and parameter. */
public final class Checks {

    private final Expressions expressions;
    private final List<InputError> errors = new ArrayList<>();
    private String node;

    Checks(Expressions expressions) {
        this.expressions = expressions;
    }

    void at(String nodeName) {
        this.node = nodeName;
    }

    public List<InputError> errors() {
        return errors;
    }

    public void error(String parameter, String message) {
        errors.add(new InputError(node, parameter, message));
    }

    /** The parameter is present (any JSON value but null). */
    public boolean required(NodeDefinition definition, String parameter) {
        if (definition.parameter(parameter) == null) {
            error(parameter, "is required");
            return false;
        }
        return true;
    }

    /** A non-blank text or an expression. */
    public void text(NodeDefinition definition, String parameter) {
        Object value = definition.parameter(parameter);
        if (!(value instanceof String text) || text.isBlank()) {
            error(parameter, value == null ? "is required" : "must be a non-blank text or an expression");
            return;
        }
        expression(definition.parameter(parameter), parameter);
    }

    /** Every expression inside the value reads. */
    public void expression(Object value, String parameter) {
        try {
            expressions.check(value, parameter);
        } catch (ExpressionException e) {
            error(e.parameter(), e.getMessage());
        }
    }

    /** One of the allowed texts, or absent. */
    public void oneOf(NodeDefinition definition, String parameter, List<String> allowed) {
        Object value = definition.parameter(parameter);
        if (value != null && !allowed.contains(value)) {
            error(parameter, "must be one of " + String.join(", ", allowed) + ", got " + value);
        }
    }

    /** A JSON object (or an expression giving one at run time), or absent. */
    public void objectOrExpression(NodeDefinition definition, String parameter) {
        Object value = definition.parameter(parameter);
        if (value != null && !(value instanceof Map) && !(value instanceof String text && text.startsWith("="))) {
            error(parameter, "must be an object (name to value) or an expression");
        }
        expression(value, parameter);
    }
}
