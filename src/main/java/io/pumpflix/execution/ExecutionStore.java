package io.pumpflix.execution;

import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Executions in the database. Every write goes through SQL that holds the rules once: the
 * documented {@code log_workflow_execution}, the set-based {@code pumpflix.log_executions} (same
 * rules, many rows) and {@code pumpflix.advance_execution} (the lifecycle).
 */
@Component
class ExecutionStore {

    static final String COLUMNS = """
            id, workflow_id, status, input_data::text AS input_data, output_data::text AS output_data,
            started_at, finished_at, logged_at, version_id, mode, error::text AS error, parent_execution_id, retry_of""";
    static final RowMapper<Execution> EXECUTION = (rs, n) -> new Execution(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "workflow_id"), ExecutionStatus.fromDb(rs.getString("status")), rs.getString("input_data"),
            rs.getString("output_data"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"),
            Rows.instant(rs, "logged_at"), Rows.uuid(rs, "version_id"), rs.getString("mode"), rs.getString("error"),
            Rows.uuid(rs, "parent_execution_id"), Rows.uuid(rs, "retry_of"));
    private static final RowMapper<NodeResult> NODE = (rs, n) -> new NodeResult(rs.getString("node_name"),
            rs.getInt("position"), rs.getString("status"), rs.getString("items"), rs.getString("error"),
            rs.getString("response"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"));

    private final Routines routines;

    ExecutionStore(Routines routines) {
        this.routines = routines;
    }

    /**
     * Logs an execution through {@code log_workflow_execution} and returns it, in one round trip
     * (which, as a request's first statement, also enters the organization).
     */
    Execution logAndRead(UUID workflowId, ExecutionStatus status, String inputJson, String outputJson) {
        return routines.optionalEntering(
                "SELECT " + COLUMNS + " FROM pumpflix.log_execution_in(?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)",
                "SELECT " + COLUMNS + " FROM pumpflix.log_execution(?, ?, ?::jsonb, ?::jsonb)",
                EXECUTION, workflowId, status.dbValue(), inputJson, outputJson).orElseThrow();
    }

    /** Logs many executions of one workflow in one statement; their ids in order. */
    List<UUID> logBatch(UUID workflowId, List<Executions.NewExecution> batch) {
        String[] statuses = batch.stream().map(e -> e.status().dbValue()).toArray(String[]::new);
        String[] inputs = batch.stream().map(Executions.NewExecution::inputJson).toArray(String[]::new);
        String[] outputs = batch.stream().map(Executions.NewExecution::outputJson).toArray(String[]::new);
        return routines.list("SELECT id FROM pumpflix.log_executions(?, ?::text[], ?::jsonb[], ?::jsonb[])",
                (rs, n) -> Rows.uuid(rs, "id"), workflowId, statuses, inputs, outputs);
    }

    void advance(UUID executionId, ExecutionStatus status, String outputJson) {
        routines.perform("SELECT pumpflix.advance_execution(?, ?, ?::jsonb)", executionId, status.dbValue(), outputJson);
    }

    void recordInput(UUID executionId, String inputJson) {
        if (routines.update("UPDATE public.workflow_executions SET input_data = ?::jsonb WHERE id = ? AND status = 'queued'",
                inputJson, executionId) == 0) {
            throw io.pumpflix.platform.Conflict.state("execution " + executionId + " is not queued: its input is set");
        }
    }

    List<NodeResult> nodes(UUID executionId) {
        return routines.list("""
                SELECT node_name, position, status, items::text AS items, error::text AS error, response::text AS response,
                       started_at, finished_at
                FROM pumpflix.execution_nodes WHERE execution_id = ? ORDER BY position, node_name""", NODE, executionId);
    }

    /** The terminal executions among these, for whoever waits on runs of another instance. */
    List<Execution> finishedAmong(List<UUID> ids) {
        return routines.list("SELECT " + COLUMNS + """
                 FROM public.workflow_executions WHERE id = ANY (?) AND status IN ('success', 'error', 'cancelled')""",
                EXECUTION, (Object) ids.toArray(UUID[]::new));
    }

    Optional<Execution> find(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.workflow_executions WHERE id = ?", EXECUTION, id);
    }

    boolean workflowExists(UUID workflowId) {
        return routines.optional("SELECT 1 FROM public.workflows WHERE id = ?", (rs, n) -> 1, workflowId).isPresent();
    }

    Page<Execution> list(Executions.Filter filter, int size, Page.Cursor after) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM public.workflow_executions WHERE ");
        List<Object> params = new ArrayList<>();
        if (filter.workflowId() != null) {
            sql.append("workflow_id = ?");
            params.add(filter.workflowId());
        } else {
            sql.append("organization_id = pumpflix.current_org()");
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            params.add(filter.status().dbValue());
        }
        if (filter.loggedFrom() != null) {
            sql.append(" AND logged_at >= ?");
            params.add(utc(filter.loggedFrom()));
        }
        if (filter.loggedBefore() != null) {
            sql.append(" AND logged_at < ?");
            params.add(utc(filter.loggedBefore()));
        }
        if (after != null) {
            sql.append(" AND (logged_at, id) < (?, ?)");
            params.add(utc(after.time()));
            params.add(after.id());
        }
        sql.append(" ORDER BY logged_at DESC, id DESC LIMIT ?");
        params.add(size + 1);
        return Page.of(routines.list(sql.toString(), EXECUTION, params.toArray()), size,
                e -> Page.Cursor.of(e.loggedAt(), e.id()));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
