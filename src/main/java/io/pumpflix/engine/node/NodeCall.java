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
}
