package io.pumpflix.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Routines;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

class ExecutionRoutinesTest extends DatabaseTest {

    private static final String LOG = "CALL log_workflow_execution(?, ?, ?::jsonb, ?::jsonb, NULL)";



    @Autowired
    @Qualifier("ownerDataSource")
    DataSource dataSource;

    UUID workflow;
    ExecutionStore store;

    @BeforeEach
    void workflow() {
        UUID org = newOrganization();
        workflow = routines.createWorkflow(org, newMember(org, Role.USER), "n", null, "{}");
        store = new ExecutionStore(new Routines(jdbc));
    }

    /**
     * The API's logging routine (pumpflix.log_execution) makes the documented procedure's checks
     * and follows its rules itself: both give the same row for every status and the same refusals.
     */
    @ParameterizedTest
    @EnumSource(ExecutionStatus.class)
    void theApisLoggingRoutineLogsAsTheDocumentedProcedure(ExecutionStatus status) {
        UUID documented = callForId(LOG, workflow, status.dbValue(), "{\"in\": 1}", "{\"out\": 2}");
        Execution api = store.logAndRead(workflow, status, "{\"in\": 1}", "{\"out\": 2}");
        String shape = "SELECT workflow_id, organization_id, status, input_data, output_data, started_at IS NULL,"
                + " finished_at IS NULL, finished_at = started_at, logged_at - coalesce(started_at, logged_at)"
                + " FROM workflow_executions WHERE id = ?";
        assertThat(jdbc.sql(shape).param(api.id()).query().listOfRows())
                .isEqualTo(jdbc.sql(shape).param(documented).query().listOfRows());
        assertThat(store.find(api.id()).orElseThrow()).isEqualTo(api);
    }

    @Test
    void theApisLoggingRoutineRefusesAsTheDocumentedProcedure() {
        String api = "SELECT id FROM pumpflix.log_execution(?, ?, NULL, NULL)";
        for (Object[] call : new Object[][] {{workflow, "done"}, {workflow, null}, {UUID.randomUUID(), "success"},
                {null, "success"}}) {
            assertThat(sqlStateOf(() -> jdbc.sql(api).params(call).query().listOfRows()))
                    .isEqualTo(sqlStateOf(() -> callForId(LOG, call[0], call[1], null, null)));
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionStatus.class)
    void startAndFinishTimesFollowTheStatus(ExecutionStatus status) {
        Instant before = dbNow();
        UUID id = callForId(LOG, workflow, status.dbValue(), "{\"in\": 1}", "{\"out\": 2}");

        Execution execution = store.find(id).orElseThrow();
        assertThat(execution.workflowId()).isEqualTo(workflow);
        assertThat(execution.status()).isEqualTo(status);
        assertThat(execution.inputData()).isEqualTo("{\"in\": 1}");
        assertThat(execution.outputData()).isEqualTo("{\"out\": 2}");
        if (status == ExecutionStatus.QUEUED) {
            assertThat(execution.startedAt()).isNull();
        } else {
            assertThat(execution.startedAt()).isBetween(before, before.plus(Duration.ofMinutes(1)));
        }
        if (status.terminal()) {
            assertThat(execution.finishedAt()).isEqualTo(execution.startedAt());
        } else {
            assertThat(execution.finishedAt()).isNull();
        }
    }

    @Test
    void timesAreStoredInUtcWhateverTheClientSessionZone() throws SQLException {
        Instant wallClock = Instant.now();
        UUID id;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'Pacific/Kiritimati'");  // UTC+14
            try (ResultSet rs = statement.executeQuery(
                    "CALL log_workflow_execution('" + workflow + "', 'running', NULL, NULL, NULL)")) {
                rs.next();
                id = rs.getObject(1, UUID.class);
            } finally {
                statement.execute("SET TIME ZONE 'UTC'");
            }
        }

        assertThat(store.find(id).orElseThrow().startedAt())
                .isBetween(wallClock.minus(Duration.ofMinutes(1)), wallClock.plus(Duration.ofMinutes(1)));
    }

    @Test
    void everyPooledSessionRunsInUtc() {
        assertThat(jdbc.sql("SHOW TimeZone").query(String.class).single()).isEqualTo("UTC");
    }

    @Test
    void executionsOfAnArchivedWorkflowAreStillLogged() {
        routines.archiveWorkflow(workflow);
        UUID id = routines.logExecution(workflow, "success", null, null);
        assertThat(store.find(id)).isPresent();
    }

    @Test
    void refusesUnknownWorkflowsAndStatusesAndLeavesNothingBehind() {
        assertRefused("P0002", "p_workflow_id", () -> callForId(LOG, UUID.randomUUID(), "success", null, null));
        assertRefused("22023", "p_workflow_id", () -> callForId(LOG, null, "success", null, null));
        assertRefused("22023", "p_status", () -> callForId(LOG, workflow, "failed", null, null));
        assertRefused("22023", "p_status", () -> callForId(LOG, workflow, "SUCCESS", null, null));
        assertRefused("22023", "p_status", () -> callForId(LOG, workflow, null, null, null));
        assertThatThrownBy(() -> routines.logExecution(UUID.randomUUID(), "queued", null, null))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void theStatusCheckAlsoGuardsDirectInserts() {
        assertThat(sqlStateOf(() -> jdbc.sql("INSERT INTO workflow_executions (workflow_id, status) VALUES (?, 'done')")
                .param(workflow).update())).isEqualTo("23514");
    }

    private Instant dbNow() {
        return jdbc.sql("SELECT now() AT TIME ZONE 'UTC'").query(LocalDateTime.class).single().toInstant(ZoneOffset.UTC);
    }
}
