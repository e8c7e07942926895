package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Start point of {@code POST /api/v1/workflows/{id}/run}: emits the request's items (one empty item by default). */
@Component
class ManualTrigger implements NodeType {

    @Override
    public String name() {
        return "manualTrigger";
    }

    @Override
    public int inputs() {
        return 0;
    }

    @Override
    public boolean trigger() {
        return true;
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        return List.of(call.inputs().get(0));
    }
}
