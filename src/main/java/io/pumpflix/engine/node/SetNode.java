package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sets fields on each item: {@code fields} (name to value or expression); n8n's
 * {@code assignments.assignments} ([{name, value}]) is read the same way. A dotted name sets a
 * nested field ({@code customer.id}). {@code keepOnlySet} drops every other field.
 */
@Component
class SetNode implements NodeType {

    @Override
    public String name() {
        return "set";
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        Object fields = node.parameter("fields");
        Object assignments = assignments(node);
        if (fields == null && assignments == null) {
            checks.error("fields", "is required: an object of field name to value or expression");
            return;
        }
        if (fields != null && !(fields instanceof Map)) {
            checks.error("fields", "must be an object of field name to value or expression");
        }
        if (fields instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                if (((String) name).isBlank()) {
                    checks.error("fields", "a field name must not be blank");
                }
                checks.expression(value, "fields." + name);
            });
        }
        if (assignments != null) {
            if (!(assignments instanceof List<?> list)) {
                checks.error("assignments.assignments", "must be a list of {name, value}");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof Map<?, ?> one) || !(one.get("name") instanceof String)) {
                        checks.error("assignments.assignments[" + i + "]", "must be an object with a name and a value");
                    } else {
                        checks.expression(one.get("value"), "assignments.assignments[" + i + "].value");
                    }
                }
            }
        }
    }

    private static Object assignments(NodeDefinition node) {
        return node.parameter("assignments") instanceof Map<?, ?> outer ? outer.get("assignments") : null;
    }

    /** Name to (parameter path, raw value), in order. */
    private static Map<String, Object[]> fields(NodeDefinition node) {
        Map<String, Object[]> fields = new LinkedHashMap<>();
        if (node.parameter("fields") instanceof Map<?, ?> map) {
            map.forEach((name, value) -> fields.put((String) name, new Object[] {"fields." + name, value}));
        }
        if (assignments(node) instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Map<?, ?> one = (Map<?, ?>) list.get(i);
                fields.put((String) one.get("name"),
                        new Object[] {"assignments.assignments[" + i + "].value", one.get("value")});
            }
        }
        return fields;
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        NodeDefinition node = call.node();
        boolean keepOnlySet = Boolean.TRUE.equals(node.parameter("keepOnlySet"));
        Map<String, Object[]> fields = fields(node);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> item : call.inputs().get(0)) {
            Map<String, Object> result = keepOnlySet ? new LinkedHashMap<>() : Item.copy(item);
            for (Map.Entry<String, Object[]> field : fields.entrySet()) {
                Object value;
                try {
                    value = call.expressions().resolve(field.getValue()[1], (String) field.getValue()[0], call.scope(item));
                } catch (io.pumpflix.engine.expression.ExpressionException e) {
                    throw new NodeFailure(e.parameter(), e.getMessage(), false);
                }
                put(result, field.getKey(), value);
            }
            out.add(result);
        }
        return List.of(out);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> item, String name, Object value) {
        String[] path = name.split("\\.");
        Map<String, Object> at = item;
        for (int i = 0; i < path.length - 1; i++) {
            Object next = at.get(path[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                at.put(path[i], next);
            } else {
                next = new LinkedHashMap<>((Map<String, Object>) next);
                at.put(path[i], next);
            }
            at = (Map<String, Object>) next;
        }
        at.put(path[path.length - 1], value);
    }
}
