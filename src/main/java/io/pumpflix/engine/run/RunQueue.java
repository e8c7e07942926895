package io.pumpflix.engine.run;

import io.pumpflix.execution.NodeResult;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The run queue in the database ({@code pumpflix.runs}), each step one round trip through a SQL
 * function that writes the execution with the execution area's own routines
 * ({@code insert_executions}, {@code advance_executions}, {@code record_node_results}). Claiming
 * and renewing span organizations and run as the tables' owner; everything about one run happens
 * in that run's tenant transaction, fenced by the lease: a write of an instance that lost the run
 * finds no row and changes nothing.
 */
@Component
public class RunQueue {

    private final Routines routines;
    private final JdbcClient jdbc;

    RunQueue(Routines routines, JdbcClient jdbc) {
        this.routines = routines;
        this.jdbc = jdbc;
    }

    /**
     * Queues a run of a workflow's current version (in the caller's tenant transaction) and returns
     * its execution; {@code NotFoundException} when that version is no longer current or the
     * workflow was archived.
     */
    public UUID queue(UUID workflowId, UUID versionId, String mode, String inputJson, UUID triggeredBy,
            String startNode) {
        return routines.callForId("SELECT pumpflix.queue_run(?, ?, ?, ?::jsonb, ?, ?)", workflowId, versionId, mode,
                inputJson, triggeredBy, startNode);
    }

    /**
     * Queues a run under a given id (a schedule's tick); false when a run with that id was queued
     * or recorded before (the tick fired twice).
     */
    public boolean queueOnce(UUID executionId, UUID workflowId, UUID versionId, String mode, String inputJson,
            String startNode) {
        return routines.optional("SELECT pumpflix.queue_run(?, ?, ?, ?::jsonb, NULL, ?, NULL, NULL, NULL, ?)",
                (rs, n) -> rs.getObject(1) != null, workflowId, versionId, mode, inputJson, startNode, executionId)
                .orElse(false);
    }

    /** Queues a retry of a failed run from its failed node (in the caller's tenant transaction). */
    public UUID retry(UUID executionId, UUID triggeredBy) {
        return routines.callForId("SELECT pumpflix.retry_run(?, ?)", executionId, triggeredBy);
    }

    /** What {@code start_child_run} says: the child was created now, or it existed with this status. */
    record ChildStart(boolean created, String status, String outputJson, String errorJson) {
    }

    ChildStart startChild(UUID childId, UUID workflowId, UUID versionId, UUID parentId, String inputJson,
            UUID triggeredBy, String startNode, int depth, String owner, int leaseSeconds) {
        return routines.optional("SELECT * FROM pumpflix.start_child_run(?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)",
                (rs, n) -> new ChildStart(rs.getBoolean("created"), rs.getString("status"), rs.getString("output_data"),
                        rs.getString("error")), childId, workflowId, versionId, parentId, inputJson, triggeredBy,
                startNode, depth, owner, leaseSeconds).orElseThrow();
    }

    /**
     * Parks a run this instance holds, with the node results since it last resumed, until
     * {@code until} (null: until a sub-workflow ends); throws {@link LostRun} when it lost the run.
     */
    void park(UUID executionId, String owner, java.time.Instant until, List<NodeResult> nodes) {
        Object[] columns = nodeColumns(nodes);
        Boolean held = routines.optional("""
                SELECT pumpflix.park_run(?, ?, ?::timestamp, ?::text[], ?::int[], ?::text[], ?::jsonb[], ?::jsonb[],
                    ?::jsonb[], ?::timestamp[], ?::timestamp[])""", (rs, n) -> rs.getBoolean(1), executionId, owner,
                until == null ? null : LocalDateTime.ofInstant(until, ZoneOffset.UTC).toString(), columns[0], columns[1],
                columns[2], columns[3], columns[4], columns[5], columns[6], columns[7]).orElse(false);
        if (!held) {
            throw new LostRun("run " + executionId + " is no longer held by " + owner);
        }
    }

    List<ClaimedRun> claim(String owner, int max, int perOrganization, int leaseSeconds) {
        return jdbc.sql("SELECT * FROM pumpflix.claim_runs(?, ?, ?, ?)").params(owner, max, perOrganization, leaseSeconds)
                .query((rs, n) -> new ClaimedRun(Rows.uuid(rs, "execution_id"), Rows.uuid(rs, "organization_id"),
                        Rows.uuid(rs, "workflow_id"), Rows.uuid(rs, "version_id"), rs.getString("mode"),
                        Rows.uuid(rs, "triggered_by"), rs.getString("start_node"), rs.getInt("attempts"),
                        rs.getBoolean("taken_over"), rs.getString("input_data"), Rows.instant(rs, "started_at"),
                        rs.getBoolean("restore"), rs.getInt("depth")))
                .list();
    }

    /** Renews this instance's leases; returns the runs it still holds. */
    Set<UUID> renew(String owner, int leaseSeconds) {
        return new HashSet<>(jdbc.sql("SELECT execution_id FROM pumpflix.renew_leases(?, ?)").params(owner, leaseSeconds)
                .query((rs, n) -> Rows.uuid(rs, "execution_id")).list());
    }

    /** Commits node results of a run that goes on; throws {@link LostRun} when this instance lost the run. */
    void checkpoint(UUID executionId, String owner, int leaseSeconds, List<NodeResult> nodes) {
        Object[] columns = nodeColumns(nodes);
        Boolean held = routines.optional("""
                SELECT pumpflix.checkpoint_run(?, ?, ?, ?::text[], ?::int[], ?::text[], ?::jsonb[], ?::jsonb[], ?::jsonb[],
                    ?::timestamp[], ?::timestamp[])""", (rs, n) -> rs.getBoolean(1), executionId, owner, leaseSeconds,
                columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6], columns[7]).orElse(false);
        if (!held) {
            throw new LostRun("run " + executionId + " is no longer held by " + owner);
        }
    }

    private static Object[] nodeColumns(List<NodeResult> nodes) {
        return new Object[] {
                nodes.stream().map(NodeResult::node).toArray(String[]::new),
                nodes.stream().map(NodeResult::position).toArray(Integer[]::new),
                nodes.stream().map(NodeResult::status).toArray(String[]::new),
                nodes.stream().map(NodeResult::items).toArray(String[]::new),
                nodes.stream().map(NodeResult::error).toArray(String[]::new),
                nodes.stream().map(NodeResult::response).toArray(String[]::new),
                nodes.stream().map(r -> LocalDateTime.ofInstant(r.startedAt(), ZoneOffset.UTC).toString()).toArray(String[]::new),
                nodes.stream().map(r -> LocalDateTime.ofInstant(r.finishedAt(), ZoneOffset.UTC).toString()).toArray(String[]::new)};
    }

    /** Takes a run out of the queue, whoever holds it (a cancel); true when it was there. */
    public boolean remove(UUID executionId) {
        return routines.update("DELETE FROM pumpflix.runs WHERE execution_id = ?", executionId) > 0;
    }

    /** Lets another instance take these runs at once (a clean stop with runs still going). */
    void letGo(String owner) {
        jdbc.sql("SELECT pumpflix.let_go(?)").param(owner).query(Integer.class).single();
    }

    /** Lets another instance take this run at once (its worker here stopped before its end). */
    void letGo(String owner, UUID executionId) {
        jdbc.sql("SELECT pumpflix.let_go(?, ?)").params(owner, executionId).query(Integer.class).single();
    }
}
