package io.pumpflix.engine.definition;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.pumpflix.engine.expression.Expressions;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.InputError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a definition and refuses one the engine cannot run, with every problem found, each naming
 * its node and parameter: first the published JSON Schema (networknt's validator), then what a
 * schema cannot say (unknown connections, output numbers, cycles, per-type parameter rules,
 * expressions that do not read).
 */
public final class DefinitionReader {

    public static final String PREFIX = "n8n-nodes-base.";
    private static final String SCHEMA_RESOURCE = "/engine/definition.schema.json";

    private static final java.util.regex.Pattern NODE_LOCATION = java.util.regex.Pattern.compile("^\\$?[./]?nodes[/.\\[](\\d+)");

    private final Map<String, ? extends NodeKind> kinds;
    private final Expressions expressions;
    private final int maxNodes;
    private final int maxNesting;
    private final JsonMapper json;
    private final Schema schema;

    public DefinitionReader(Map<String, ? extends NodeKind> kinds, Expressions expressions, int maxNodes, int maxNesting,
            JsonMapper json) {
        this.kinds = kinds;
        this.expressions = expressions;
        this.maxNodes = maxNodes;
        this.maxNesting = maxNesting;
        this.json = json;
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(schemaText(), InputFormat.JSON);
    }

    /** The published JSON Schema of definitions. */
    public static String schemaText() {
        try (InputStream in = DefinitionReader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The definition, or {@code InvalidInputException} listing every problem. */
    public Definition read(String definition) {
        List<InputError> errors = new ArrayList<>();
        Definition read = read(definition, errors);
        if (!errors.isEmpty()) {
            throw Check.invalid("definition: " + errors.size() + " problem(s), the first: "
                    + describe(errors.get(0)), errors);
        }
        return read;
    }

    private static String describe(InputError error) {
        return (error.node() == null ? "" : "node '" + error.node() + "', ")
                + (error.parameter() == null ? "" : error.parameter() + ": ") + error.message();
    }

    private Definition read(String text, List<InputError> errors) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            errors.add(new InputError(null, "definition", "is not JSON"));
            return null;
        }
        if (root == null || !root.isObject()) {
            errors.add(new InputError(null, "definition", "must be a JSON object"));
            return null;
        }
        if (depth(root, 0) > maxNesting) {
            errors.add(new InputError(null, "definition", "is nested more than " + maxNesting + " levels deep"));
            return null;
        }
        JsonNode nodeList = root.path("nodes");
        if (nodeList.isArray() && nodeList.size() > maxNodes) {
            errors.add(new InputError(null, "nodes", "a definition may have at most " + maxNodes + " nodes, got "
                    + nodeList.size()));
            return null;
        }
        Set<Integer> malformed = new java.util.HashSet<>();
        boolean structural = false;
        for (Error error : schema.validate(root)) {
            errors.add(fromSchema(root, error));
            java.util.regex.Matcher node = NODE_LOCATION.matcher(error.getInstanceLocation().toString());
            if (node.find()) {
                malformed.add(Integer.parseInt(node.group(1)));
            } else {
                structural = true;
            }
        }
        if (structural) {
            return null;
        }
        if (!nodeList.isArray()) {
            // no nodes at all: valid, and a run of it does nothing
            nodeList = json.createArrayNode();
        }
        // problems of single nodes: the rest of the definition is still checked, so every problem is named
        Checks checks = new Checks(expressions);
        List<NodeDefinition> nodes = nodes(nodeList, checks, malformed);
        List<Edge> edges = edges(root.path("connections"), nodes, checks);
        List<String> order = order(nodes, edges, checks);
        errors.addAll(checks.errors());
        JsonNode settings = root.path("settings");
        return new Definition(nodes, edges, new Definition.Settings(
                settings.path("timeoutSeconds").isIntegralNumber() ? settings.path("timeoutSeconds").asInt() : null,
                settings.path("errorWorkflow").isString() ? UUID.fromString(settings.path("errorWorkflow").asString())
                        : null), order);
    }

    private static int depth(JsonNode node, int level) {
        int deepest = level;
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                deepest = Math.max(deepest, depth(child, level + 1));
                if (deepest > 1000) {
                    break;
                }
            }
        }
        return deepest;
    }

    /** A schema error as node and parameter: {@code /nodes/2/parameters/url} is node 2's {@code parameters.url}. */
    private static InputError fromSchema(JsonNode root, Error error) {
        String location = error.getInstanceLocation().toString();
        String[] segments = location.replaceFirst("^\\$?/?", "").replace("$.", "").split("[/.\\[\\]]+");
        List<String> path = new ArrayList<>();
        for (String segment : segments) {
            if (!segment.isEmpty()) {
                path.add(segment);
            }
        }
        String node = null;
        String parameter = String.join(".", path);
        if (path.size() >= 2 && path.get(0).equals("nodes") && path.get(1).matches("\\d+")) {
            JsonNode named = root.path("nodes").path(Integer.parseInt(path.get(1))).path("name");
            node = named.isString() ? named.asString() : "#" + path.get(1);
            parameter = String.join(".", path.subList(2, path.size()));
        }
        if (error.getProperty() != null && !error.getProperty().isEmpty() && "required".equals(error.getKeyword())) {
            parameter = parameter.isEmpty() ? error.getProperty() : parameter + "." + error.getProperty();
        }
        String message = error.getMessage();
        if ("pattern".equals(error.getKeyword()) && parameter.equals("type")) {
            message = "unknown node type " + error.getInstanceNode() + "; known: manualTrigger, webhook, scheduleTrigger, "
                    + "executeWorkflowTrigger, errorTrigger, set, if, switch, merge, wait, httpRequest, aiChat, "
                    + "executeWorkflow, respondToWebhook, noOp";
        }
        return new InputError(node, parameter.isEmpty() ? null : parameter, message);
    }

    private List<NodeDefinition> nodes(JsonNode list, Checks checks, Set<Integer> malformed) {
        List<NodeDefinition> nodes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int index = 0; index < list.size(); index++) {
            JsonNode node = list.get(index);
            if (!node.path("name").isString()) {
                continue;
            }
            String name = node.path("name").asString();
            checks.at(name);
            if (!names.add(name)) {
                checks.error("name", "another node has this name: node names are unique");
                continue;
            }
            String type = node.path("type").asString();
            if (type.startsWith(PREFIX)) {
                type = type.substring(PREFIX.length());
            }
            if (malformed.contains(index)) {
                // its schema errors are reported; only its name takes part in the connections
                nodes.add(new NodeDefinition(name, type, Map.of(), Map.of(), false, 3, 1000, OnError.STOP_WORKFLOW, false));
                continue;
            }
            Map<String, UUID> credentials = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> credential : node.path("credentials").properties()) {
                credentials.put(credential.getKey(), UUID.fromString(credential.getValue().path("id").asString()));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = node.has("parameters")
                    ? json.treeToValue(node.path("parameters"), LinkedHashMap.class) : new LinkedHashMap<>();
            NodeDefinition definition = new NodeDefinition(name, type, parameters, credentials,
                    node.path("retryOnFail").asBoolean(false), node.path("maxTries").asInt(3),
                    node.path("waitBetweenTries").asLong(1000),
                    OnError.parse(node.path("onError").asString("stopWorkflow")).orElse(OnError.STOP_WORKFLOW),
                    node.path("disabled").asBoolean(false));
            NodeKind kind = kinds.get(type);
            if (kind == null) {
                checks.error("type", "node type " + type + " is not available in this version of the engine");
            } else {
                kind.validate(definition, checks);
                for (String credentialType : credentials.keySet()) {
                    if (!kind.credentialTypes().contains(credentialType)) {
                        checks.error("credentials." + credentialType, kind.credentialTypes().isEmpty()
                                ? "a " + type + " node uses no credentials"
                                : "must be one of " + String.join(", ", kind.credentialTypes()));
                    }
                }
            }
            nodes.add(definition);
        }
        return nodes;
    }

    private List<Edge> edges(JsonNode connections, List<NodeDefinition> nodes, Checks checks) {
        Map<String, NodeDefinition> byName = new HashMap<>();
        nodes.forEach(node -> byName.put(node.name(), node));
        List<Edge> edges = new ArrayList<>();
        for (Map.Entry<String, JsonNode> source : connections.properties()) {
            checks.at(source.getKey());
            NodeDefinition from = byName.get(source.getKey());
            if (from == null) {
                checks.error("connections", "connections start at a node that does not exist");
                continue;
            }
            NodeKind fromKind = kinds.get(from.type());
            int outputs = fromKind == null ? Integer.MAX_VALUE : fromKind.outputs(from)
                    + (from.onError() == OnError.CONTINUE_ERROR_OUTPUT ? 1 : 0);
            JsonNode main = source.getValue().path("main");
            for (int output = 0; output < main.size(); output++) {
                for (JsonNode target : main.path(output)) {
                    String to = target.path("node").asString();
                    int input = target.path("index").asInt(0);
                    String parameter = "connections.main[" + output + "]";
                    NodeDefinition toNode = byName.get(to);
                    if (toNode == null) {
                        checks.error(parameter, "connects to node '" + to + "', which does not exist");
                        continue;
                    }
                    if (output >= outputs) {
                        checks.error(parameter, "a " + from.type() + " node has " + outputs + " output(s); there is no output "
                                + output);
                        continue;
                    }
                    NodeKind toKind = kinds.get(toNode.type());
                    if (toKind != null && input >= toKind.inputs()) {
                        checks.error(parameter, toKind.inputs() == 0
                                ? "connects to '" + to + "', a trigger, which takes no input"
                                : "connects to input " + input + " of '" + to + "', which has " + toKind.inputs()
                                        + " input(s)");
                        continue;
                    }
                    edges.add(new Edge(from.name(), output, to, input));
                }
            }
        }
        return edges;
    }

    /** Kahn's algorithm, ties in definition order; nodes left over are on a cycle. */
    private List<String> order(List<NodeDefinition> nodes, List<Edge> edges, Checks checks) {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        nodes.forEach(node -> waiting.put(node.name(), 0));
        edges.forEach(edge -> waiting.merge(edge.to(), 1, Integer::sum));
        Deque<String> ready = new ArrayDeque<>();
        waiting.forEach((name, count) -> {
            if (count == 0) {
                ready.add(name);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String name = ready.poll();
            order.add(name);
            for (Edge edge : edges) {
                if (edge.from().equals(name) && waiting.merge(edge.to(), -1, Integer::sum) == 0) {
                    ready.add(edge.to());
                }
            }
        }
        if (order.size() < waiting.size()) {
            waiting.keySet().stream().filter(name -> !order.contains(name)).forEach(name -> {
                checks.at(name);
                checks.error("connections", "the node is on a cycle: a workflow's connections may not loop");
            });
        }
        return order;
    }
}
