package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Runs the current version of another workflow of the same organization ({@code workflowId}) with
 * all its input items as that workflow's trigger items, waits for it and emits its last node's
 * items. The sub-workflow is its own execution (mode {@code subworkflow}) linked to this one;
 * sub-workflows nest at most {@code pumpflix.engine.max-sub-workflow-depth} deep.
 */
@Component
public class ExecuteWorkflowNode implements NodeType {

    @Override
    public String name() {
        return "executeWorkflow";
    }

    @Override
    public boolean runsWithinRequest() {
        return false;
    }

    @Override
    public void validate(NodeDefinition node, Checks checks) {
        if (target(node) == null) {
            checks.error("workflowId", node.parameter("workflowId") == null ? "is required"
                    : "must be the id (a UUID) of a workflow of this organization");
        }
    }

    /** The workflow to run: a UUID, or n8n's resource locator {@code {"value": "<id>"}}. */
    public static UUID target(NodeDefinition node) {
        Object value = node.parameter("workflowId");
        if (value instanceof Map<?, ?> locator) {
            value = locator.get("value");
        }
        return NodeDefinition.uuid(value);
    }

    @Override
    public List<List<Map<String, Object>>> run(NodeCall call) {
        return List.of(call.runSubWorkflow(target(call.node()), call.inputs().get(0)));
    }
}
