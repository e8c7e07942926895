package io.pumpflix.engine.definition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A workflow definition the engine can run: nodes in definition order, the connections between
 * them, and the settings. Built only by {@link DefinitionReader}, which refuses cycles, so
 * {@link #order()} is a topological order (ties broken by definition order).
 */
public final class Definition {

    /** @param timeoutSeconds the run's timeout, or null for the service's default */
    public record Settings(Integer timeoutSeconds, UUID errorWorkflow) {
    }

    private final List<NodeDefinition> nodes;
    private final Map<String, NodeDefinition> byName;
    private final List<Edge> edges;
    private final Settings settings;
    private final List<String> order;

    Definition(List<NodeDefinition> nodes, List<Edge> edges, Settings settings, List<String> order) {
        this.nodes = List.copyOf(nodes);
        Map<String, NodeDefinition> names = new LinkedHashMap<>();
        nodes.forEach(node -> names.put(node.name(), node));
        this.byName = Collections.unmodifiableMap(names);
        this.edges = List.copyOf(edges);
        this.settings = settings;
        this.order = List.copyOf(order);
    }

    public List<NodeDefinition> nodes() {
        return nodes;
    }

    public NodeDefinition node(String name) {
        return byName.get(name);
    }

    public List<Edge> edges() {
        return edges;
    }

    public Settings settings() {
        return settings;
    }

    /** Every node, each after all the nodes that feed it. */
    public List<String> order() {
        return order;
    }

    public List<Edge> incoming(String name) {
        List<Edge> in = new ArrayList<>();
        for (Edge edge : edges) {
            if (edge.to().equals(name)) {
                in.add(edge);
            }
        }
        return in;
    }

    public List<Edge> outgoing(String name) {
        List<Edge> out = new ArrayList<>();
        for (Edge edge : edges) {
            if (edge.from().equals(name)) {
                out.add(edge);
            }
        }
        return out;
    }
}
