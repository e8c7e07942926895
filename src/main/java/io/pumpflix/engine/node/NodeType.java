package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.NodeKind;
import java.util.List;
import java.util.Map;

/** A node type the engine runs. */
public interface NodeType extends NodeKind {

    /**
     * Whether running it touches the outside world (an HTTP call): its result is committed before
     * the next node runs, so a run taken over after a crash does not run it again.
     */
    default boolean sideEffects() {
        return false;
    }

    /**
     * Whether a run whose nodes all say so may run within its trigger's request, outside the
     * queue (a webhook that only transforms data): not a node that touches the outside world,
     * parks the run or starts another run.
     */
    default boolean runsWithinRequest() {
        return !sideEffects();
    }

    /** Runs the node; returns the items of each regular output. */
    List<List<Map<String, Object>>> run(NodeCall call);
}
