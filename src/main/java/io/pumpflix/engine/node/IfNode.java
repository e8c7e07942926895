package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Routes each item by its {@code condition}: output 0 when true, output 1 when false. */
@Component
class IfNode implements NodeType {

    @Override
    public String name() {
        return "if";
    }

    @Override
    public int outputs(NodeDefinition node) {
        return 2;
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        if (checks.required(node, "condition")) {
            checks.expression(node.parameter("condition"), "condition");
        }
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        List<Map<String, Object>> yes = new ArrayList<>();
        List<Map<String, Object>> no = new ArrayList<>();
        for (Map<String, Object> item : call.inputs().get(0)) {
            (Truth.of(call.parameter("condition", item)) ? yes : no).add(item);
        }
        return List.of(yes, no);
    }
}
