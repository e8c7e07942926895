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

    /** Runs the node; returns the items of each regular output. */
    List<List<Map<String, Object>>> run(NodeCall call);
}
