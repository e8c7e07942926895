package io.pumpflix.engine.run;

import io.pumpflix.engine.EngineSettings;
import io.pumpflix.engine.definition.Definition;
import io.pumpflix.engine.definition.Edge;
import io.pumpflix.engine.definition.NodeDefinition;
import io.pumpflix.engine.definition.OnError;
import io.pumpflix.engine.expression.Expressions;
import io.pumpflix.engine.expression.JsonText;
import io.pumpflix.engine.expression.Scope;
import io.pumpflix.engine.node.AwaitingSubWorkflow;
import io.pumpflix.engine.node.Item;
import io.pumpflix.engine.node.NodeCall;
import io.pumpflix.engine.node.NodeFailure;
import io.pumpflix.engine.node.NodeType;
import io.pumpflix.engine.node.NodeTypes;
import io.pumpflix.engine.node.OutboundCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a definition's nodes, each after every node that feeds it (the definition's topological
 * order), from the start nodes of the trigger. A node runs when its input holds items (a merge
 * when either input does); with none, it and what only it feeds do not run. Each node is tried
 * {@code maxTries} times with {@code retryOnFail}; a failure then stops the run, or, with
 * {@code onError: continue…}, becomes items on the regular or the error output. Nodes that touch
 * the outside world are committed before the next node runs ({@link RunContext#checkpoint}), so a
 * run taken over after a crash restarts after them.
 */
final class Interpreter {

    private static final Logger log = LoggerFactory.getLogger(Interpreter.class);

    /**
     * How the run ended, or that it parks: {@code parked} with {@code parkUntil} the time it goes
     * on (a wait), or null until a sub-workflow it waits for ends.
     */
    record Result(boolean success, String failedNode, String errorMessage, String errorParameter,
            List<Map<String, Object>> lastItems, Map<String, Object> response, List<NodeRecord> records,
            boolean parked, Instant parkUntil) {

        Result(boolean success, String failedNode, String errorMessage, String errorParameter,
                List<Map<String, Object>> lastItems, Map<String, Object> response, List<NodeRecord> records) {
            this(success, failedNode, errorMessage, errorParameter, lastItems, response, records, false, null);
        }

        static Result parked(Instant until, Map<String, Object> response, List<NodeRecord> records) {
            return new Result(false, null, null, null, List.of(), response, records, true, until);
        }
    }

    private final Definition definition;
    private final NodeTypes types;
    private final Expressions expressions;
    private final EngineSettings settings;
    private final RunContext context;
    private final Consumer<NodeRecord> finished;
    private final Map<String, List<List<Map<String, Object>>>> outputs = new HashMap<>();
    private final List<NodeRecord> records = new ArrayList<>();
    private final List<NodeRecord> uncommitted = new ArrayList<>();
    private Map<String, Object> response;
    private long runBytes;

    Interpreter(Definition definition, NodeTypes types, Expressions expressions, EngineSettings settings,
            RunContext context, Consumer<NodeRecord> finished) {
        this.definition = definition;
        this.types = types;
        this.expressions = expressions;
        this.settings = settings;
        this.context = context;
        this.finished = finished;
    }

    /**
     * Runs from {@code starts}, which receive {@code triggerItems}; {@code restored} are the nodes
     * an earlier attempt of this run finished (after a take-over), which are not run again.
     */
    Result run(Set<String> starts, List<Map<String, Object>> triggerItems, List<NodeRecord> restored) {
        Set<String> reachable = reachable(starts);
        Map<String, NodeRecord> done = new HashMap<>();
        for (NodeRecord record : restored) {
            done.put(record.node(), record);
            records.add(record);
            if (record.responseJson() != null && response == null) {
                response = readMap(record.responseJson());
            }
        }
        String last = null;
        int position = restored.size();
        for (String name : definition.order()) {
            if (!reachable.contains(name)) {
                continue;
            }
            NodeRecord previous = done.get(name);
            if (previous != null) {
                if (previous.failed() && definition.node(name).onError() == OnError.STOP_WORKFLOW) {
                    return failure(previous);
                }
                outputs.put(name, previous.outputs());
                last = name;
                continue;
            }
            NodeDefinition node = definition.node(name);
            List<List<Map<String, Object>>> inputs = starts.contains(name) ? List.of(triggerItems) : gather(name);
            if (inputs.stream().allMatch(List::isEmpty)) {
                continue;
            }
            if (node.disabled()) {
                List<Map<String, Object>> through = new ArrayList<>();
                inputs.forEach(through::addAll);
                outputs.put(name, List.of(through));
                continue;
            }
            if (context.stopped()) {
                return new Result(false, name, "the run was stopped", null, List.of(), response, records);
            }
            if (System.nanoTime() > context.deadline()) {
                return new Result(false, name, "the run timed out before node '" + name + "' could run", null, List.of(),
                        response, records);
            }
            NodeType type = types.get(node.type());
            NodeRecord record;
            Instant[] parkUntil = new Instant[1];
            try {
                record = execute(node, type, inputs, position, parkUntil);
            } catch (AwaitingSubWorkflow waiting) {
                // the node runs again when the sub-workflow ends, and finds its result then
                return Result.parked(null, response, records);
            }
            position++;
            runBytes += record.outputsJson().length();
            if (runBytes > settings.maxRunBytes()) {
                record = failed(node, record.startedAt(), "the run's data grew past " + settings.maxRunBytes()
                        + " bytes (pumpflix.engine.max-run-bytes)", null, inputs, record.position(), true);
                records.add(record);
                finished.accept(record);
                return failure(record);
            }
            records.add(record);
            uncommitted.add(record);
            outputs.put(name, record.outputs());
            last = name;
            finished.accept(record);
            if (record.failed() && node.onError() == OnError.STOP_WORKFLOW) {
                return failure(record);
            }
            if (parkUntil[0] != null) {
                return Result.parked(parkUntil[0], response, records);
            }
            if (type.sideEffects()) {
                context.checkpoint(List.copyOf(uncommitted));
                uncommitted.clear();
            }
        }
        List<Map<String, Object>> lastItems = last == null ? List.of() : firstOutput(last);
        return new Result(true, null, null, null, lastItems, response, records);
    }

    private Result failure(NodeRecord record) {
        Map<String, Object> error = readMap(record.errorJson());
        return new Result(false, record.node(), (String) error.get("message"), (String) error.get("parameter"),
                List.of(), response, records);
    }

    private List<Map<String, Object>> firstOutput(String name) {
        List<List<Map<String, Object>>> out = outputs.get(name);
        return out == null || out.isEmpty() ? List.of() : out.get(0);
    }

    /** The start nodes and every node downstream of them. */
    private Set<String> reachable(Set<String> starts) {
        Set<String> seen = new LinkedHashSet<>(starts);
        Deque<String> next = new ArrayDeque<>(starts);
        while (!next.isEmpty()) {
            for (Edge edge : definition.outgoing(next.poll())) {
                if (seen.add(edge.to())) {
                    next.add(edge.to());
                }
            }
        }
        return seen;
    }

    /** The items reaching each input of a node from the nodes that ran before it. */
    private List<List<Map<String, Object>>> gather(String name) {
        NodeType type = types.get(definition.node(name).type());
        List<List<Map<String, Object>>> inputs = new ArrayList<>();
        for (int i = 0; i < Math.max(1, type.inputs()); i++) {
            inputs.add(new ArrayList<>());
        }
        for (Edge edge : definition.incoming(name)) {
            List<List<Map<String, Object>>> from = outputs.get(edge.from());
            if (from != null && edge.output() < from.size()) {
                inputs.get(edge.input()).addAll(from.get(edge.output()));
            }
        }
        return inputs;
    }

    private NodeRecord execute(NodeDefinition node, NodeType type, List<List<Map<String, Object>>> inputs, int position,
            Instant[] parkUntil) {
        Instant started = Instant.now();
        NodeFailure failure = null;
        for (int attempt = 1; attempt <= node.attempts(); attempt++) {
            if (attempt > 1 && !pause(node.waitBetweenTries())) {
                break;
            }
            Call call = new Call(node, inputs, attempt);
            try {
                List<List<Map<String, Object>>> produced = type.run(call);
                String json = bounded(node, produced);
                if (call.response != null && response == null) {
                    response = call.response;
                }
                parkUntil[0] = call.parkUntil;
                return new NodeRecord(node.name(), position, false, produced, json, null,
                        call.response == null ? null : context.redactor().redact(JsonText.of(call.response)), started,
                        Instant.now());
            } catch (NodeFailure e) {
                failure = e;
                if (!e.retryable()) {
                    break;
                }
            } catch (LostRun | AwaitingSubWorkflow e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("Node '{}' ({}) of execution {} failed unexpectedly", node.name(), node.type(),
                        context.executionId(), e);
                failure = new NodeFailure(null, "the node failed unexpectedly (" + e.getClass().getSimpleName() + ")",
                        false);
                break;
            }
        }
        return failed(node, started, failure.getMessage(), failure.parameter(), inputs, position, false);
    }

    /** A failed node's record; with onError continue…, its items carry the error on. */
    private NodeRecord failed(NodeDefinition node, Instant started, String message, String parameter,
            List<List<Map<String, Object>>> inputs, int position, boolean hard) {
        String clean = context.redactor().redact(message);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", clean);
        if (parameter != null) {
            error.put("parameter", parameter);
        }
        NodeType type = types.get(node.type());
        List<List<Map<String, Object>>> produced = new ArrayList<>();
        OnError onError = hard ? OnError.STOP_WORKFLOW : node.onError();
        if (onError != OnError.STOP_WORKFLOW) {
            int outputCount = type.outputs(node) + (onError == OnError.CONTINUE_ERROR_OUTPUT ? 1 : 0);
            for (int i = 0; i < outputCount; i++) {
                produced.add(new ArrayList<>());
            }
            List<Map<String, Object>> carried = new ArrayList<>();
            for (Map<String, Object> item : inputs.isEmpty() ? List.<Map<String, Object>>of() : inputs.get(0)) {
                Map<String, Object> withError = onError == OnError.CONTINUE_ERROR_OUTPUT ? Item.copy(item) : Item.empty();
                withError.put("error", clean);
                carried.add(withError);
            }
            produced.get(onError == OnError.CONTINUE_ERROR_OUTPUT ? outputCount - 1 : 0).addAll(carried);
        }
        return new NodeRecord(node.name(), position, true, produced,
                context.redactor().redact(JsonText.of(produced)), JsonText.of(error), null, started, Instant.now());
    }

    /** The outputs as JSON with secrets removed, refused when over the item or byte limit. */
    private String bounded(NodeDefinition node, List<List<Map<String, Object>>> produced) {
        int items = produced.stream().mapToInt(List::size).sum();
        if (items > settings.maxItemsPerNode()) {
            throw new NodeFailure(null, "the node emitted " + items + " items, more than the limit of "
                    + settings.maxItemsPerNode() + " (pumpflix.engine.max-items-per-node)", false);
        }
        String json = context.redactor().redact(JsonText.of(produced));
        if (json.length() > settings.maxNodeBytes()) {
            throw new NodeFailure(null, "the node emitted " + json.length() + " bytes of data, more than the limit of "
                    + settings.maxNodeBytes() + " (pumpflix.engine.max-node-bytes)", false);
        }
        return json;
    }

    /** Waits between tries; false when the run must stop or would time out meanwhile. */
    private boolean pause(long millis) {
        if (System.nanoTime() + millis * 1_000_000 > context.deadline()) {
            return false;
        }
        try {
            Thread.sleep(millis);
            return !context.stopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(String json) {
        Object value = json == null ? null : tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(json, Object.class);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    /** One execution of one node, with what the run lends it. */
    private final class Call implements NodeCall {

        private final NodeDefinition node;
        private final List<List<Map<String, Object>>> inputs;
        private final String now = Instant.now().toString();
        private final int attempt;
        private Map<String, Object> response;
        private Instant parkUntil;

        Call(NodeDefinition node, List<List<Map<String, Object>>> inputs, int attempt) {
            this.node = node;
            this.inputs = inputs;
            this.attempt = attempt;
        }

        @Override
        public void parkUntil(Instant until) {
            parkUntil = until;
        }

        @Override
        public List<Map<String, Object>> runSubWorkflow(java.util.UUID workflowId, List<Map<String, Object>> items) {
            return context.subWorkflow(node.name(), attempt, workflowId, items);
        }

        @Override
        public String promptTemplate(java.util.UUID templateId) {
            return context.promptTemplate(templateId);
        }

        @Override
        public NodeDefinition node() {
            return node;
        }

        @Override
        public List<List<Map<String, Object>>> inputs() {
            return inputs;
        }

        @Override
        public Expressions expressions() {
            return expressions;
        }

        @Override
        public Scope scope(Map<String, Object> item) {
            Map<String, Object> execution = new LinkedHashMap<>();
            execution.put("id", context.executionId().toString());
            execution.put("mode", context.mode());
            return new Scope(item, inputs.get(0), name -> {
                List<Map<String, Object>> first = outputs.containsKey(name) ? firstOutput(name) : List.of();
                return first.isEmpty() ? null : first.get(0);
            }, execution, context.workflow(), now);
        }

        @Override
        public Optional<Map<String, String>> credential(String type) {
            java.util.UUID id = node.credentials().get(type);
            return id == null ? Optional.empty() : Optional.of(context.credential(node, type, id));
        }

        @Override
        public OutboundCalls outbound() {
            return context.outbound();
        }

        @Override
        public Duration remaining() {
            long left = context.deadline() - System.nanoTime();
            if (left <= 0) {
                throw new NodeFailure(null, "the run timed out", false);
            }
            Duration most = settings.httpTimeout();
            return Duration.ofNanos(left).compareTo(most) < 0 ? Duration.ofNanos(left) : most;
        }

        @Override
        public void respond(int statusCode, Object body, Map<String, String> headers) {
            if (response == null) {
                response = new LinkedHashMap<>();
                response.put("statusCode", statusCode);
                response.put("body", body);
                response.put("headers", headers);
            }
        }

        @Override
        public void checkNotStopped() {
            if (context.stopped()) {
                throw new NodeFailure(null, "the run was stopped", false);
            }
        }
    }
}
