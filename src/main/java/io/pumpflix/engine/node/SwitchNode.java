package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Routes each item to the output of the first of its {@code rules} that holds (a rule is a
 * condition, or {@code {"condition": …}}); with {@code fallbackOutput: "extra"}, items no rule
 * takes go to one more output, otherwise they are dropped.
 */
@Component
class SwitchNode implements NodeType {

    @Override
    public String name() {
        return "switch";
    }

    private static List<?> rules(NodeDefinition node) {
        return node.parameter("rules") instanceof List<?> list ? list : List.of();
    }

    private static boolean fallback(NodeDefinition node) {
        return "extra".equals(node.parameter("fallbackOutput"));
    }

    @Override
    public int outputs(NodeDefinition node) {
        return rules(node).size() + (fallback(node) ? 1 : 0);
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        if (!(node.parameter("rules") instanceof List<?> list) || list.isEmpty()) {
            checks.error("rules", "is required: a list of conditions, the first that holds picks the output");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            Object rule = condition(list.get(i));
            if (rule == null) {
                checks.error("rules[" + i + "]", "must be a condition or {\"condition\": …}");
            } else {
                checks.expression(rule, "rules[" + i + "]");
            }
        }
        checks.oneOf(node, "fallbackOutput", List.of("none", "extra"));
    }

    private static Object condition(Object rule) {
        return rule instanceof Map<?, ?> map ? map.get("condition") : rule;
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        List<?> rules = rules(call.node());
        List<List<Map<String, Object>>> outputs = new ArrayList<>();
        for (int i = 0; i < outputs(call.node()); i++) {
            outputs.add(new ArrayList<>());
        }
        for (Map<String, Object> item : call.inputs().get(0)) {
            int chosen = -1;
            for (int i = 0; i < rules.size() && chosen < 0; i++) {
                Object value;
                try {
                    value = call.expressions().resolve(condition(rules.get(i)), "rules[" + i + "]", call.scope(item));
                } catch (io.pumpflix.engine.expression.ExpressionException e) {
                    throw new NodeFailure(e.parameter(), e.getMessage(), false);
                }
                if (Truth.of(value)) {
                    chosen = i;
                }
            }
            if (chosen >= 0) {
                outputs.get(chosen).add(item);
            } else if (fallback(call.node())) {
                outputs.get(rules.size()).add(item);
            }
        }
        return outputs;
    }
}
