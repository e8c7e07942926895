package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Start point of a workflow run as a sub-workflow (executeWorkflow): emits the items its parent passed. */
@Component
class ExecuteWorkflowTrigger implements NodeType {

    @Override
    public String name() {
        return "executeWorkflowTrigger";
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
