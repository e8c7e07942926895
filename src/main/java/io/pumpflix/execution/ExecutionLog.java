package io.pumpflix.execution;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The execution log, through {@code log_workflow_execution}. */
@Component
public class ExecutionLog {

    private final Routines routines;

    public ExecutionLog(Routines routines) {
        this.routines = routines;
    }

    /** Logs an execution; {@code inputJson} and {@code outputJson} are JSON texts or null. */
    public UUID log(UUID workflowId, ExecutionStatus status, String inputJson, String outputJson) {
        return routines.callForId("CALL public.log_workflow_execution(?, ?, ?::jsonb, ?::jsonb, NULL)",
                workflowId, status.dbValue(), inputJson, outputJson);
    }

    public Optional<Execution> find(UUID id) {
        return routines.optional("""
                SELECT id, workflow_id, status, input_data::text AS input_data, output_data::text AS output_data,
                       started_at, finished_at
                FROM public.workflow_executions WHERE id = ?""",
                (rs, n) -> new Execution(Rows.uuid(rs, "id"), Rows.uuid(rs, "workflow_id"),
                        ExecutionStatus.fromDb(rs.getString("status")), rs.getString("input_data"),
                        rs.getString("output_data"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at")),
                id);
    }
}
