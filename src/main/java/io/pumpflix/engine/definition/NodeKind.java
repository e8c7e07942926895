package io.pumpflix.engine.definition;

import java.util.Set;

/** What the reader of definitions must know of a node type: its shape and the rules of its parameters. */
public interface NodeKind {

    /** The type's name in a definition, without n8n's prefix. */
    String name();

    /** Inputs: 0 for a trigger, 2 for a merge, 1 otherwise. */
    default int inputs() {
        return 1;
    }

    /** Regular outputs (the error output of {@code continueErrorOutput} comes on top). */
    default int outputs(NodeDefinition node) {
        return 1;
    }

    default boolean trigger() {
        return false;
    }

    /** Credential types this node may name. */
    default Set<String> credentialTypes() {
        return Set.of();
    }

    /** Records every problem of the node's parameters in {@code checks}. */
    void validate(NodeDefinition node, Checks checks);
}
