package io.pumpflix.engine.expression;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an expression may see (engine.md): {@code $json} (the current item), {@code $input} (all
 * items of the node's input), {@code $node("Name")} (the first output item of an earlier node of
 * this run), {@code $execution} ({id, mode}), {@code $workflow} ({id, name, versionId}) and
 * {@code $now}. Nothing else: no process environment, no secret.
 */
public record Scope(Map<String, Object> json, List<Map<String, Object>> input,
        Function<String, Map<String, Object>> node, Map<String, Object> execution, Map<String, Object> workflow,
        String now) {

    /** The same scope for another item of the input. */
    public Scope withItem(Map<String, Object> item) {
        return new Scope(item, input, node, execution, workflow, now);
    }
}
