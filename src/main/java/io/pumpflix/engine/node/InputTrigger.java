package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.Checks;
import io.pumpflix.engine.definition.NodeDefinition;
import java.util.List;
import java.util.Map;

/**
 * A trigger whose items are given by what starts the run (a manual run's items, a parent's items,
 * a failed run's description): it takes no parameters and emits its input as it is.
 */
abstract class InputTrigger implements NodeType {

    private final String name;

    InputTrigger(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
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
