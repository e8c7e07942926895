package io.pumpflix.execution;

import io.pumpflix.platform.NotFoundException;
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

/** The execution log, through {@code log_workflow_execution}, and the execution lifecycle. */
@Component
public class ExecutionLog {

    private static final String COLUMNS = """
            id, workflow_id, status, input_data::text AS input_data, output_data::text AS output_data,
            started_at, finished_at, logged_at""";
    private static final RowMapper<Execution> EXECUTION = (rs, n) -> new Execution(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "workflow_id"), ExecutionStatus.fromDb(rs.getString("status")), rs.getString("input_data"),
            rs.getString("output_data"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"),
            Rows.instant(rs, "logged_at"));

    private final Routines routines;

    public ExecutionLog(Routines routines) {
        this.routines = routines;
    }

    /** Logs an execution; {@code inputJson} and {@code outputJson} are JSON texts or null. */
    public UUID log(UUID workflowId, ExecutionStatus status, String inputJson, String outputJson) {
        return routines.callForId("CALL public.log_workflow_execution(?, ?, ?::jsonb, ?::jsonb, NULL)",
                workflowId, status.dbValue(), inputJson, outputJson);
    }

    /** One execution of a batch: a status and JSON texts (or null). */
    public record NewExecution(ExecutionStatus status, String inputJson, String outputJson) {
    }

    /**
     * Logs many executions of one workflow in one statement (one round trip, one counter update
     * per month), with the same rules as {@code log_workflow_execution}. Returns their ids in order.
     */
    public List<UUID> logBatch(UUID workflowId, List<NewExecution> batch) {
        if (routines.optional("SELECT 1 FROM public.workflows WHERE id = ?", (rs, n) -> 1, workflowId).isEmpty()) {
            throw new NotFoundException("P0002", "workflow " + workflowId + " does not exist");
        }
        String[] statuses = batch.stream().map(e -> e.status().dbValue()).toArray(String[]::new);
        String[] inputs = batch.stream().map(NewExecution::inputJson).toArray(String[]::new);
        String[] outputs = batch.stream().map(NewExecution::outputJson).toArray(String[]::new);
        return routines.list("""
                INSERT INTO public.workflow_executions (workflow_id, status, input_data, output_data, started_at, finished_at)
                SELECT ?, t.status, t.input_data, t.output_data,
                       CASE WHEN t.status = 'queued' THEN NULL ELSE pumpflix.utc_now() END,
                       CASE WHEN t.status IN ('success', 'error', 'cancelled') THEN pumpflix.utc_now() END
                FROM unnest(?::text[], ?::jsonb[], ?::jsonb[]) WITH ORDINALITY AS t(status, input_data, output_data, n)
                ORDER BY t.n
                RETURNING id""", (rs, n) -> Rows.uuid(rs, "id"), workflowId, statuses, inputs, outputs);
    }

    /** Logs an execution through {@code log_workflow_execution} and returns it, in one round trip. */
    public Execution logAndRead(UUID workflowId, ExecutionStatus status, String inputJson, String outputJson) {
        return routines.optional("SELECT " + COLUMNS + " FROM pumpflix.log_execution(?, ?, ?::jsonb, ?::jsonb)",
                EXECUTION, workflowId, status.dbValue(), inputJson, outputJson).orElseThrow();
    }

    /**
     * Moves an execution along its lifecycle (queued → running | cancelled; running → success |
     * error | cancelled). A finished execution refuses any change ({@code ConflictException}).
     */
    public Execution advance(UUID executionId, ExecutionStatus status, String outputJson) {
        routines.perform("SELECT pumpflix.advance_execution(?, ?, ?::jsonb)", executionId, status.dbValue(), outputJson);
        return find(executionId).orElseThrow();
    }

    public Optional<Execution> find(UUID id) {
        return routines.optional("SELECT " + COLUMNS + " FROM public.workflow_executions WHERE id = ?", EXECUTION, id);
    }

    /** What a list of executions is narrowed to; null fields do not narrow. */
    public record Filter(UUID workflowId, ExecutionStatus status, Instant loggedFrom, Instant loggedBefore) {
    }

    /** Executions of the organization (or of one workflow), newest first, by keyset pages. */
    public Page<Execution> list(Filter filter, int size, Page.Cursor after) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM public.workflow_executions WHERE ");
        List<Object> params = new ArrayList<>();
        if (filter.workflowId() != null) {
            if (routines.optional("SELECT 1 FROM public.workflows WHERE id = ?", (rs, n) -> 1, filter.workflowId())
                    .isEmpty()) {
                throw new NotFoundException("P0002", "workflow " + filter.workflowId() + " does not exist");
            }
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
