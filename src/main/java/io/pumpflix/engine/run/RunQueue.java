package io.pumpflix.engine.run;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The run queue in the database ({@code pumpflix.runs}). Claiming and renewing span
 * organizations and go through SQL functions that run as the tables' owner; everything about one
 * run happens in that run's tenant transaction, fenced by the lease: a write of an instance that
 * lost the run finds no row and changes nothing.
 */
@Component
public class RunQueue {

    private final Routines routines;
    private final JdbcClient jdbc;

    RunQueue(Routines routines, JdbcClient jdbc) {
        this.routines = routines;
        this.jdbc = jdbc;
    }

    /** Queues a run (in the caller's tenant transaction). */
    public void enqueue(UUID executionId, UUID organizationId, UUID workflowId, UUID versionId, String mode,
            UUID triggeredBy, String startNode) {
        routines.call("""
                INSERT INTO pumpflix.runs (execution_id, organization_id, workflow_id, version_id, mode, triggered_by,
                                           start_node, state, available_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', clock_timestamp() AT TIME ZONE 'UTC')""",
                executionId, organizationId, workflowId, versionId, mode, triggeredBy, startNode);
    }

    List<ClaimedRun> claim(String owner, int max, int perOrganization, int leaseSeconds) {
        return jdbc.sql("SELECT * FROM pumpflix.claim_runs(?, ?, ?, ?)").params(owner, max, perOrganization, leaseSeconds)
                .query((rs, n) -> new ClaimedRun(Rows.uuid(rs, "execution_id"), Rows.uuid(rs, "organization_id"),
                        Rows.uuid(rs, "workflow_id"), Rows.uuid(rs, "version_id"), rs.getString("mode"),
                        Rows.uuid(rs, "triggered_by"), rs.getString("start_node"), rs.getInt("attempts"), rs.getBoolean("taken_over"),
                        rs.getString("input_data"), Rows.instant(rs, "started_at")))
                .list();
    }

    /** Renews this instance's leases; returns the runs it still holds. */
    Set<UUID> renew(String owner, int leaseSeconds) {
        return new HashSet<>(jdbc.sql("SELECT execution_id FROM pumpflix.renew_leases(?, ?)").params(owner, leaseSeconds)
                .query((rs, n) -> Rows.uuid(rs, "execution_id")).list());
    }

    /** Extends one lease in the run's transaction; throws {@link LostRun} when this instance lost the run. */
    void holdOrLose(UUID executionId, String owner, int leaseSeconds) {
        int held = routines.update("""
                UPDATE pumpflix.runs SET lease_expires_at = (clock_timestamp() AT TIME ZONE 'UTC') + make_interval(secs => ?)
                WHERE execution_id = ? AND lease_owner = ? AND state = 'running'""", leaseSeconds, executionId, owner);
        if (held == 0) {
            throw new LostRun("run " + executionId + " is no longer held by " + owner);
        }
    }

    /** Removes the run from the queue as it ends; throws {@link LostRun} when this instance lost it. */
    void release(UUID executionId, String owner) {
        int held = routines.update("DELETE FROM pumpflix.runs WHERE execution_id = ? AND lease_owner = ? AND state = 'running'",
                executionId, owner);
        if (held == 0) {
            throw new LostRun("run " + executionId + " is no longer held by " + owner);
        }
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
