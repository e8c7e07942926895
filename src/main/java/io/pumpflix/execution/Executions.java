package io.pumpflix.execution;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.Page;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** The execution module's door: the execution log and the execution lifecycle. */
@Service
public class Executions {

    public static final int MAX_BATCH = 5_000;

    private final ExecutionStore store;
    private final ObjectProvider<ExecutionAdmission> admissions;

    Executions(ExecutionStore store, ObjectProvider<ExecutionAdmission> admissions) {
        this.store = store;
        this.admissions = admissions;
    }

    /** One execution of a batch: a status and JSON texts (or null). */
    public record NewExecution(ExecutionStatus status, String inputJson, String outputJson) {
    }

    /** What a list of executions is narrowed to; null fields do not narrow. */
    public record Filter(UUID workflowId, ExecutionStatus status, Instant loggedFrom, Instant loggedBefore) {
    }

    /** Logs an execution through {@code log_workflow_execution} and returns it. */
    public Execution log(Actor actor, UUID workflowId, ExecutionStatus status, String inputJson, String outputJson) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        Execution logged = store.logAndRead(workflowId, status, inputJson, outputJson);
        admissions.forEach(admission -> admission.afterLogging(actor));
        return logged;
    }

    /**
     * Logs up to {@link #MAX_BATCH} executions of one workflow in one statement (one round trip,
     * one counter update per month), with the rules of {@code log_workflow_execution}. Returns
     * their ids in order.
     */
    public List<UUID> logBatch(Actor actor, UUID workflowId, List<NewExecution> batch) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        if (batch.isEmpty() || batch.size() > MAX_BATCH) {
            throw Check.invalid("executions", "must hold 1 to " + MAX_BATCH + " executions");
        }
        List<UUID> ids = store.logBatch(workflowId, batch);
        admissions.forEach(admission -> admission.afterLogging(actor));
        return ids;
    }

    /**
     * Moves an execution along its lifecycle (queued → running | cancelled; running → success |
     * error | cancelled). A finished execution refuses any change ({@code ConflictException}).
     */
    public Execution advance(Actor actor, UUID executionId, ExecutionStatus status, String outputJson) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        store.advance(executionId, status, outputJson);
        return store.find(executionId).orElseThrow();
    }

    /** Sets the input of a queued execution (a webhook call, once its credential has been checked). */
    public void recordInput(Actor actor, UUID executionId, String inputJson) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        store.recordInput(executionId, inputJson);
    }

    /** The node results of an execution, in the order the nodes finished. */
    public List<NodeResult> nodes(Actor actor, UUID executionId) {
        AccessPolicy.require(actor, Action.READ);
        store.find(executionId).orElseThrow(() -> NotFound.execution(executionId));
        return store.nodes(executionId);
    }

    /** What a run taken over after a crash needs: the execution and the nodes that finished. */
    public RunRecord forRun(Actor actor, UUID executionId) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        Execution execution = store.find(executionId).orElseThrow(() -> NotFound.execution(executionId));
        return new RunRecord(execution, store.nodes(executionId));
    }

    /** Which of these executions have ended (for the engine, which waits on runs of other instances). */
    public List<Execution> finishedAmong(Actor actor, List<UUID> executionIds) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        return store.finishedAmong(executionIds);
    }

    public Execution find(Actor actor, UUID executionId) {
        AccessPolicy.require(actor, Action.READ);
        return store.find(executionId).orElseThrow(() -> NotFound.execution(executionId));
    }

    /** Executions of the organization (or of one workflow), newest first, by keyset pages. */
    public Page<Execution> list(Actor actor, Filter filter, int size, Page.Cursor after) {
        AccessPolicy.require(actor, Action.READ);
        if (filter.workflowId() != null && !store.workflowExists(filter.workflowId())) {
            throw NotFound.workflow(filter.workflowId());
        }
        return store.list(filter, size, after);
    }
}
