package io.pumpflix.engine.node;

import java.util.Collection;
import java.util.Map;

/** Whether a condition's value counts as true: JSONata's (and JavaScript's) rule. */
final class Truth {

    private Truth() {
    }

    static boolean of(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0 && !Double.isNaN(n.doubleValue());
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().anyMatch(Truth::of);
        }
        if (value instanceof Map<?, ?>) {
            return true;
        }
        return true;
    }
}
