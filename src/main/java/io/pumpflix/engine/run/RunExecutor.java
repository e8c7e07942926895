package io.pumpflix.engine.run;

import io.pumpflix.credential.CredentialVault;
import io.pumpflix.credential.RunUse;
import io.pumpflix.credential.Secret;
import io.pumpflix.engine.EngineSettings;
import io.pumpflix.engine.RunEvent;
import io.pumpflix.engine.RunOutcome;
import io.pumpflix.engine.definition.Definition;
import io.pumpflix.engine.definition.NodeDefinition;
import io.pumpflix.engine.expression.JsonText;
import io.pumpflix.engine.node.Item;
import io.pumpflix.engine.node.NodeFailure;
import io.pumpflix.engine.node.NodeTypes;
import io.pumpflix.engine.node.OutboundCalls;
import io.pumpflix.engine.outbound.OutboundHttp;
import io.pumpflix.engine.node.AwaitingSubWorkflow;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.execution.Executions;
import io.pumpflix.execution.NodeResult;
import io.pumpflix.identity.Actor;
import io.pumpflix.prompt.PromptTemplates;
import io.pumpflix.workflow.RunnableVersion;
import io.pumpflix.platform.DatabaseUnavailableException;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.RoutineException;
import io.pumpflix.platform.TenantScope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed run to its end on this instance: reads its definition, interprets it, commits
 * what touched the outside world as it goes, and ends it (queue row removed, execution finished,
 * node results stored) in one transaction fenced by the lease. The run acts as its organization's
 * system principal; the member who started it is named in the credential usage log.
 */
@Component
public class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Take-overs after which a run that never ends is ended with an error. */
    static final int MAX_ATTEMPTS = 5;
    /** Fields of a credential that are secret (names and user names are not). */
    private static final Set<String> SECRET_FIELDS = Set.of("value", "token", "password", "apiKey", "key", "secret");

    private final TenantScope tenants;
    private final Executions executions;
    private final CredentialVault vault;
    private final RunQueue queue;
    private final Definitions definitions;
    private final NodeTypes types;
    private final OutboundHttp outbound;
    private final EngineSettings settings;
    private final ApplicationEventPublisher events;
    private final RunWaiters waiters;
    private final RunWriter writer;
    private final PromptTemplates prompts;

    RunExecutor(TenantScope tenants, Executions executions, CredentialVault vault, RunQueue queue,
            Definitions definitions, NodeTypes types, OutboundHttp outbound, EngineSettings settings,
            ApplicationEventPublisher events, RunWaiters waiters, RunWriter writer, PromptTemplates prompts) {
        this.writer = writer;
        this.prompts = prompts;
        this.tenants = tenants;
        this.executions = executions;
        this.vault = vault;
        this.queue = queue;
        this.definitions = definitions;
        this.types = types;
        this.outbound = outbound;
        this.settings = settings;
        this.events = events;
        this.waiters = waiters;
    }

    /**
     * Runs a claimed run; returns how it ended, {@link #PARKED} when it parked, or null when this
     * instance could not end it (it lost the run, the database was away).
     */
    RunOutcome execute(ClaimedRun run, String owner, RunControl control) {
        Actor system = Actor.system(run.organizationId());
        Attempt attempt = new Attempt(run, owner, control, system);
        if (run.attempts() >= MAX_ATTEMPTS) {
            return attempt.fail("the run was taken over " + run.attempts() + " times without ending; it is given up");
        }
        try {
            Definitions.Loaded loaded = definitions.known(run.organizationId(), run.versionId());
            if (loaded == null) {
                loaded = tenants.call(run.organizationId(), null,
                        () -> definitions.load(system, run.workflowId(), run.versionId()));
            }
            List<NodeRecord> restored = run.resumes() ? restored(run, system) : List.of();
            return interpret(attempt, loaded, restored);
        } catch (LostRun lost) {
            control.ended();
            log.info("Execution {} is no longer ours ({}): dropped on this instance", run.executionId(), lost.getMessage());
            return null;
        } catch (InvalidInputException invalid) {
            return attempt.fail("the definition cannot run: " + invalid.getMessage());
        } catch (RuntimeException e) {
            if (control.stopped()) {
                log.info("Execution {} stopped on this instance: {}", run.executionId(), e.getMessage());
                return null;
            }
            if (DatabaseUnavailableException.isUnavailability(e)) {
                // not the run's fault: let it go to whichever instance claims it once the database is back
                log.warn("Execution {} could not be written ({}); it runs again when the database is back",
                        run.executionId(), e.getMessage());
                return null;
            }
            log.error("Execution {} failed in the engine", run.executionId(), e);
            return attempt.fail("the engine failed to run the workflow (" + e.getClass().getSimpleName()
                    + "); see the service log");
        }
    }

    /** What {@link #execute} answers for a run that parked (a wait, a sub-workflow that waits). */
    static final RunOutcome PARKED = new RunOutcome(null, "waiting", null, null, null);

    private RunOutcome interpret(Attempt attempt, Definitions.Loaded loaded, List<NodeRecord> restored) {
        ClaimedRun run = attempt.run;
        attempt.workflow.put("id", run.workflowId().toString());
        attempt.workflow.put("name", loaded.version().name());
        attempt.workflow.put("versionId", run.versionId().toString());
        attempt.deadline = deadline(run, loaded);
        Set<String> starts = definitions.starts(loaded.definition(), run.startNode());
        Interpreter interpreter = new Interpreter(loaded.definition(), types, definitions.expressions(), settings,
                attempt, attempt::nodeFinished);
        Interpreter.Result result = interpreter.run(starts, items(run.inputJson()), restored);
        if (result.parked()) {
            return attempt.park(result, restored.size());
        }
        return attempt.finish(result, restored.size());
    }

    /**
     * Runs a workflow within its trigger's request (outside any transaction) and records it once,
     * finished ({@link RunWriter}): for a webhook
     * whose caller waits and whose workflow only transforms data ({@link #runsWithin}). Nothing
     * it does touches the outside world, so a crash before the commit loses nothing but the
     * answer the caller never got.
     */
    public RunOutcome runWithin(Definitions.Loaded loaded, String startNode, String mode, String inputJson) {
        RunnableVersion version = loaded.version();
        return runWithin(loaded, startNode, mode, inputJson, UUID.randomUUID());
    }

    /** {@link #runWithin} under a given execution id (a schedule's tick: recorded once however often it fires). */
    public RunOutcome runWithin(Definitions.Loaded loaded, String startNode, String mode, String inputJson,
            UUID executionId) {
        RunnableVersion version = loaded.version();
        ClaimedRun run = new ClaimedRun(executionId, version.organizationId(), version.workflowId(),
                version.versionId(), mode, null, startNode, 0, false, inputJson, Instant.now(), false, 0);
        Attempt attempt = new Attempt(run, null, new RunControl(), Actor.system(version.organizationId()));
        Duration most = settings.waitForResult().compareTo(settings.runTimeout()) < 0 ? settings.waitForResult()
                : settings.runTimeout();
        attempt.deadline = System.nanoTime() + most.toNanos();
        return interpret(attempt, loaded, List.of());
    }

    /**
     * Whether a run from {@code startNode} can run within its trigger's request: every node it can
     * reach only transforms data (no outbound call, no credential).
     */
    public boolean runsWithin(Definition definition, String startNode) {
        java.util.Deque<String> next = new java.util.ArrayDeque<>(List.of(startNode));
        java.util.Set<String> seen = new java.util.HashSet<>(next);
        while (!next.isEmpty()) {
            NodeDefinition node = definition.node(next.poll());
            if (!types.get(node.type()).runsWithinRequest()
                    || (!node.credentials().isEmpty() && !node.name().equals(startNode))) {
                return false;
            }
            definition.outgoing(node.name()).forEach(edge -> {
                if (seen.add(edge.to())) {
                    next.add(edge.to());
                }
            });
        }
        return true;
    }

    /**
     * Runs a sub-workflow for a node of {@code parent}, in the parent's thread, as its own run held
     * by this instance; its id comes from the parent, the node and the try, so a parent taken over
     * after a crash finds the child it started (ended: its result; still going elsewhere: the parent
     * parks until it ends).
     */
    private List<Map<String, Object>> runChild(Attempt parent, String nodeName, int tryNumber, UUID workflowId,
            List<Map<String, Object>> items) {
        ClaimedRun run = parent.run();
        if (parent.owner() == null) {
            throw new IllegalStateException("a run within its trigger's request starts no sub-workflow");
        }
        int depth = run.depth() + 1;
        if (depth > settings.maxSubWorkflowDepth()) {
            throw new NodeFailure("workflowId", "sub-workflows may nest at most " + settings.maxSubWorkflowDepth()
                    + " deep (pumpflix.engine.max-sub-workflow-depth); this one would be level " + depth, false);
        }
        Definitions.Loaded loaded;
        try {
            loaded = tenants.call(run.organizationId(), null, () -> definitions.load(parent.system(), workflowId, null));
        } catch (io.pumpflix.platform.NotFoundException e) {
            throw new NodeFailure("workflowId", "workflowId: workflow " + workflowId
                    + " does not exist in this organization or has no version", false);
        } catch (InvalidInputException e) {
            throw new NodeFailure("workflowId", "workflowId: the sub-workflow cannot run: " + e.getMessage(), false);
        }
        if (loaded.version().archived()) {
            throw new NodeFailure("workflowId", "workflowId: workflow " + workflowId + " is archived", false);
        }
        String startNode = loaded.definition().nodes().stream()
                .filter(node -> node.type().equals("executeWorkflowTrigger") && !node.disabled())
                .map(NodeDefinition::name).findFirst().orElse(null);
        UUID childId = UUID.nameUUIDFromBytes((run.executionId() + "/" + nodeName + "/" + tryNumber)
                .getBytes(StandardCharsets.UTF_8));
        String input = JsonText.of(items);
        UUID versionId = loaded.version().versionId();
        RunQueue.ChildStart start;
        try {
            start = tenants.call(run.organizationId(), null, () -> queue.startChild(childId, workflowId, versionId,
                    run.executionId(), input, run.triggeredBy(), startNode, depth, parent.owner(),
                    (int) settings.lease().toSeconds()));
        } catch (io.pumpflix.platform.NotFoundException e) {
            throw new NodeFailure("workflowId", "workflowId: " + e.getMessage(), false);
        }
        RunOutcome outcome;
        if (start.created()) {
            ClaimedRun child = new ClaimedRun(childId, run.organizationId(), workflowId, versionId, "subworkflow",
                    run.triggeredBy(), startNode, 0, false, input, Instant.now(), false, depth);
            events.publishEvent(new RunEvent(RunEvent.STARTED, run.organizationId(), workflowId, childId,
                    Map.of("parentExecutionId", run.executionId().toString())));
            RunControl control = new RunControl(parent.control());
            outcome = execute(child, parent.owner(), control);
            if (outcome == null && parent.control().stopped() && !control.hasEnded()) {
                cancelChild(run.organizationId(), childId);
            }
            if (outcome == null || outcome == PARKED) {
                throw new AwaitingSubWorkflow(childId);
            }
        } else if (ExecutionStatus.fromDb(start.status()).terminal()) {
            outcome = new RunOutcome(childId, start.status(), start.outputJson(), start.errorJson(), null);
        } else {
            throw new AwaitingSubWorkflow(childId);
        }
        if (!outcome.status().equals("success")) {
            String reason = "";
            if (outcome.error() != null) {
                Map<?, ?> error = JSON.readValue(outcome.error(), Map.class);
                reason = ": " + (error.get("node") == null ? "" : "node '" + error.get("node") + "': ")
                        + error.get("message");
            }
            throw new NodeFailure(null, "the sub-workflow " + workflowId + " (execution " + childId + ") ended "
                    + outcome.status() + reason, false);
        }
        return items(outcome.output() == null ? "[]" : outcome.output());
    }

    /** A sub-workflow whose parent stopped (cancelled, timed out) ends cancelled with it. */
    private void cancelChild(UUID organizationId, UUID childId) {
        try {
            tenants.run(organizationId, null, () -> {
                queue.remove(childId);
                executions.advance(Actor.system(organizationId), childId, ExecutionStatus.CANCELLED, null);
            });
        } catch (RuntimeException e) {
            log.info("Sub-workflow execution {} was not cancelled with its parent ({})", childId, e.getMessage());
        }
    }

    private List<NodeRecord> restored(ClaimedRun run, Actor system) {
        List<NodeResult> results = tenants.call(run.organizationId(), null,
                () -> executions.forRun(system, run.executionId()).nodes());
        List<NodeRecord> records = new ArrayList<>();
        for (NodeResult result : results) {
            records.add(new NodeRecord(result.node(), result.position(), "error".equals(result.status()),
                    outputs(result.items()), result.items() == null ? "[]" : result.items(), result.error(),
                    result.response(), result.startedAt(), result.finishedAt()));
        }
        return records;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Map<String, Object>>> outputs(String json) {
        if (json == null) {
            return List.of();
        }
        List<List<Map<String, Object>>> outputs = new ArrayList<>();
        for (Object output : (List<Object>) JSON.readValue(json, List.class)) {
            outputs.add(Item.list(output));
        }
        return outputs;
    }

    private long deadline(ClaimedRun run, Definitions.Loaded loaded) {
        Duration timeout = settings.runTimeout();
        Integer asked = loaded.definition().settings().timeoutSeconds();
        if (asked != null && Duration.ofSeconds(asked).compareTo(timeout) < 0) {
            timeout = Duration.ofSeconds(asked);
        }
        Instant started = run.startedAt() == null ? Instant.now() : run.startedAt();
        Duration left = Duration.between(Instant.now(), started.plus(timeout));
        return System.nanoTime() + Math.max(0, left.toNanos());
    }

    private static List<Map<String, Object>> items(String json) {
        if (json == null) {
            return List.of(Item.empty());
        }
        try {
            return Item.list(JSON.readValue(json, Object.class));
        } catch (JacksonException e) {
            return List.of(Item.empty());
        }
    }

    /** One attempt at a run on this instance: the context the interpreter borrows. */
    private final class Attempt implements RunContext {

        private final ClaimedRun run;
        private final String owner;
        private final RunControl control;
        private final Actor system;
        private final Redactor redactor = new Redactor();
        private final Map<String, Object> workflow = new LinkedHashMap<>();
        private final List<NodeRecord> unpublished = new ArrayList<>();
        /** When this attempt began on this instance: the run's duration in its finished event. */
        private final long begun = System.nanoTime();
        private long deadline = System.nanoTime() + settings.runTimeout().toNanos();

        Attempt(ClaimedRun run, String owner, RunControl control, Actor system) {
            this.run = run;
            this.owner = owner;
            this.control = control;
            this.system = system;
        }

        @Override
        public UUID executionId() {
            return run.executionId();
        }

        @Override
        public String mode() {
            return run.mode();
        }

        @Override
        public Map<String, Object> workflow() {
            return workflow;
        }

        @Override
        public Map<String, String> credential(NodeDefinition node, String type, UUID credentialId) {
            String secret;
            try {
                secret = tenants.call(run.organizationId(), null, () -> {
                    try (Secret revealed = vault.reveal(system, credentialId,
                            new RunUse(run.workflowId(), run.executionId(), run.triggeredBy(), type))) {
                        return new String(revealed.reveal());
                    }
                });
            } catch (RoutineException e) {
                throw new NodeFailure("credentials." + type, "credentials." + type + ": " + e.getMessage(), false);
            }
            Map<String, String> fields = new LinkedHashMap<>();
            try {
                Object parsed = JSON.readValue(secret, Object.class);
                if (parsed instanceof Map<?, ?> map) {
                    map.forEach((key, value) -> fields.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
                }
            } catch (JacksonException notJson) {
                // a bare secret: a bearer token, or the value of a header
                fields.put("token", secret);
                fields.put("value", secret);
            }
            redactor.add(secret);
            fields.forEach((key, value) -> {
                if (SECRET_FIELDS.contains(key)) {
                    redactor.add(value);
                }
            });
            if (fields.get("user") != null && fields.get("password") != null) {
                redactor.add(Base64.getEncoder().encodeToString((fields.get("user") + ":" + fields.get("password"))
                        .getBytes(StandardCharsets.UTF_8)));
            }
            return fields;
        }

        @Override
        public OutboundCalls outbound() {
            return outbound;
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public boolean stopped() {
            return control.stopped();
        }

        @Override
        public void checkpoint(List<NodeRecord> records) {
            if (owner == null) {
                throw new IllegalStateException("a run within its trigger's request touches nothing outside");
            }
            tenants.run(run.organizationId(), null, () -> queue.checkpoint(run.executionId(), owner,
                    (int) settings.lease().toSeconds(), records.stream().map(NodeRecord::result).toList()));
            publishNodes();
        }

        @Override
        public Redactor redactor() {
            return redactor;
        }

        void nodeFinished(NodeRecord record) {
            unpublished.add(record);
        }

        private void publishNodes() {
            for (NodeRecord record : unpublished) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("node", record.node());
                data.put("status", record.failed() ? "error" : "success");
                data.put("items", record.itemCount());
                data.put("ms", record.milliseconds());
                events.publishEvent(new RunEvent(RunEvent.NODE_FINISHED, run.organizationId(), run.workflowId(),
                        run.executionId(), data));
            }
            unpublished.clear();
        }

        RunOutcome finish(Interpreter.Result result, int restoredCount) {
            String status = result.success() ? "success" : control.stopped() ? "cancelled" : "error";
            String output = redactor.redact(JsonText.of(result.lastItems()));
            String error = null;
            if (!result.success()) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("message", redactor.redact(result.errorMessage()));
                failure.put("node", result.failedNode());
                if (result.errorParameter() != null) {
                    failure.put("parameter", result.errorParameter());
                }
                error = JsonText.of(failure);
            }
            String response = result.response() == null ? null : redactor.redact(JsonText.of(result.response()));
            List<NodeResult> records = result.records().subList(restoredCount, result.records().size()).stream()
                    .map(NodeRecord::result).toList();
            return end(ExecutionStatus.fromDb(status), output, error, response, records);
        }

        /** Ends the run as failed, with no node to blame (the definition cannot run, the engine failed). */
        RunOutcome fail(String message) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("message", redactor.redact(message));
            try {
                return end(ExecutionStatus.ERROR, "[]", JsonText.of(failure), null, List.of());
            } catch (LostRun lost) {
                control.ended();
            } catch (RuntimeException e) {
                log.warn("Could not end execution {} ({}); another instance takes it over when its lease lapses",
                        run.executionId(), e.getMessage());
            }
            return null;
        }

        /** Parks the run: its nodes so far committed, it goes on at the time the result names. */
        RunOutcome park(Interpreter.Result result, int restoredCount) {
            if (owner == null) {
                throw new IllegalStateException("a run within its trigger's request never parks");
            }
            List<NodeResult> records = result.records().subList(restoredCount, result.records().size()).stream()
                    .map(NodeRecord::result).toList();
            tenants.run(run.organizationId(), null, () -> queue.park(run.executionId(), owner, result.parkUntil(), records));
            control.ended();
            publishNodes();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("until", result.parkUntil() == null ? null : result.parkUntil().toString());
            events.publishEvent(new RunEvent(RunEvent.WAITING, run.organizationId(), run.workflowId(),
                    run.executionId(), data));
            return PARKED;
        }

        @Override
        public List<Map<String, Object>> subWorkflow(String node, int tryNumber, UUID workflowId,
                List<Map<String, Object>> items) {
            return runChild(this, node, tryNumber, workflowId, items);
        }

        @Override
        public String promptTemplate(UUID templateId) {
            String body = tenants.call(run.organizationId(), null,
                    () -> prompts.forRun(system, templateId, run.versionId()));
            if (body == null) {
                throw new NodeFailure("promptTemplateId", "prompt template " + templateId
                        + " is not a template of the member who committed this version", false);
            }
            return body;
        }

        ClaimedRun run() {
            return run;
        }

        String owner() {
            return owner;
        }

        RunControl control() {
            return control;
        }

        Actor system() {
            return system;
        }

        private RunOutcome end(ExecutionStatus status, String output, String error, String response,
                List<NodeResult> records) {
            if (status == ExecutionStatus.CANCELLED) {
                throw new LostRun("run " + run.executionId() + " was stopped");
            }
            RunOutcome outcome = new RunOutcome(run.executionId(), status.dbValue(), output, error, response);
            if (owner == null) {
                // within the trigger's request: written with the runs that end with it, answered once committed
                if (!writer.record(run.organizationId(), run.executionId(), run.workflowId(), run.versionId(),
                        run.mode(), run.inputJson(), status.dbValue(), output, error, records, settings.waitForResult())) {
                    throw NotFound.version(run.versionId());
                }
                control.ended();
                events.publishEvent(new RunEvent(RunEvent.STARTED, run.organizationId(), run.workflowId(),
                        run.executionId(), Map.of()));
                ended(status, outcome);
                return outcome;
            }
            if (!writer.finish(run.organizationId(), owner, run.executionId(), status.dbValue(), output, error, records,
                    settings.lease())) {
                throw new LostRun("run " + run.executionId() + " is no longer held by " + owner);
            }
            control.ended();
            ended(status, outcome);
            return outcome;
        }

        private void ended(ExecutionStatus status, RunOutcome outcome) {
            publishNodes();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", status.dbValue());
            data.put("ms", (System.nanoTime() - begun) / 1_000_000);
            events.publishEvent(new RunEvent(RunEvent.FINISHED, run.organizationId(), run.workflowId(),
                    run.executionId(), data));
            waiters.ended(outcome);
        }
    }
}
