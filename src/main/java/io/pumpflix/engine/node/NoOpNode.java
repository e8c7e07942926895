package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Passes its items through. */
@Component
class NoOpNode implements NodeType {

    @Override
    public String name() {
        return "noOp";
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        return List.of(call.inputs().get(0));
    }
}
