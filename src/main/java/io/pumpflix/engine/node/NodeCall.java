package io.pumpflix.engine.node;

import io.pumpflix.engine.definition.NodeDefinition;
import io.pumpflix.engine.expression.ExpressionException;
import io.pumpflix.engine.expression.Expressions;
import io.pumpflix.engine.expression.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One execution of one node: its definition, its input items (one list per input), and what the
 * run lends it: expressions bound to the run, the credentials it names, outbound HTTP, the time
 * left, the webhook answer.
 */
public interface NodeCall {

    NodeDefinition node();

    /** Items per input (index 0 for every node but a merge). */
    List<List<Map<String, Object>>> inputs();

    Expressions expressions();

    /** The scope for one item of input 0. */
    Scope scope(Map<String, Object> item);

    /** A parameter for one item, expressions evaluated; an expression error fails the node naming it. */
    default Object parameter(String name, Map<String, Object> item) {
        Object value = node().parameter(name);
        try {
            return expressions().resolve(value, name, scope(item));
        } catch (ExpressionException e) {
            throw new NodeFailure(e.parameter(), e.getMessage(), false);
        }
    }

    /**
     * The fields of a credential the node names, decrypted now for this node and logged as a use.
     * Empty when the node names none of that type.
     */
    java.util.Optional<Map<String, String>> credential(String type);

    /** Outbound HTTP under the address rules. */
    OutboundCalls outbound();

    /** Time left before the run's timeout. */
    Duration remaining();

    /** Sets the webhook's answer (responseMode {@code responseNode}); the first one set wins. */
    void respond(int statusCode, Object body, Map<String, String> headers);

    /** Fails the node if the run has been stopped (cancelled, timed out, taken over). */
    void checkNotStopped();

    /**
     * Parks the run after this node: its items are committed and the run goes on at {@code until}
     * on whichever instance claims it then.
     */
    void parkUntil(java.time.Instant until);

    /**
     * Runs the current version of another workflow of this organization with {@code items} as its
     * trigger's items, as its own execution linked to this one, and returns its last node's items.
     * A failed, cancelled or too deep sub-workflow fails the node ({@link NodeFailure}); one that
     * parks (a wait) parks this run too until it ends ({@link AwaitingSubWorkflow}).
     */
    List<Map<String, Object>> runSubWorkflow(java.util.UUID workflowId, List<Map<String, Object>> items);

    /**
     * The body of an AI prompt template for this run: a template of the member who committed the
     * version that runs. Fails the node when it is not one of theirs.
     */
    String promptTemplate(java.util.UUID templateId);
}
