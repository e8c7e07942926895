package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Start point of an error workflow: emits one item {execution: {id, error, lastNodeExecuted, mode}, workflow: {id, name}} for the run that failed. */
@Component
class ErrorTrigger implements NodeType {

    @Override
    public String name() {
        return "errorTrigger";
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
