package io.pumpflix.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.billing.InvoiceStatus;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.identity.Role;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeteringRoutinesTest extends DatabaseTest {





    UUID org;
    UUID viewer;
    UUID workflow;

    @BeforeEach
    void organization() {
        org = newOrganization();
        viewer = newMember(org, Role.VIEWER);
        workflow = routines.createWorkflow(org, newMember(org, Role.USER), "n", null, "{}");
    }

    @Test
    void countsTheOrganizationsExecutionsAllTimeAndThisUtcMonth() {
        UUID secondWorkflow = routines.createWorkflow(org, newMember(org, Role.OWNER), "m", null, "{}");
        routines.logExecution(workflow, "success", null, null);
        routines.logExecution(workflow, "running", null, null);
        routines.logExecution(secondWorkflow, "error", null, null);
        routines.logExecution(workflow, "queued", null, null);  // not started: no month yet
        insertExecutionStartedAt("date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 microsecond'");
        insertExecutionStartedAt("date_trunc('month', now() AT TIME ZONE 'UTC')");
        UUID foreignOrg = newOrganization();
        routines.logExecution(routines.createWorkflow(foreignOrg, newMember(foreignOrg, Role.USER), "x", null, "{}"),
                "success", null, null);

        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM get_user_usage_metrics(?)").param(viewer)
                .query().listOfRows();

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("total_executions")).isEqualTo(6);
            assertThat(row.get("monthly_executions")).isEqualTo(4);
            assertThat(row.get("total_invoices")).isEqualTo(0);
            assertThat(row.get("last_invoice_amount")).isNull();
        });
    }

    @Test
    void reportsInvoicesAndTheAmountOfTheMostRecentOne() {
        routines.createInvoice(org, 100, "paid", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31));
        routines.createInvoice(org, 300, "void", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
        routines.createInvoice(org, 200, "open", LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28));
        // Same creation time as the newest: the later billing period wins.
        jdbc.sql("UPDATE invoices SET created_at = '2030-01-01' WHERE organization_id = ? AND amount_cents IN (100, 300)")
                .param(org).update();

        Usage usage = routines.usage(viewer).orElseThrow();

        assertThat(usage.totalInvoices()).isEqualTo(3);
        assertThat(usage.lastInvoiceAmount()).isEqualTo(300);
    }

    @Test
    void aUserWithoutOrganizationGetsZerosAndAnUnknownUserNoRow() {
        UUID loner = jdbc.sql("INSERT INTO users (email) VALUES (?) RETURNING id")
                .param(UUID.randomUUID() + "@example.test").query(UUID.class).single();

        assertThat(routines.usage(loner)).contains(new Usage(0, 0, 0, null));
        assertThat(routines.usage(UUID.randomUUID())).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM get_user_usage_metrics(NULL)").query(Long.class).single()).isZero();
    }

    private void insertExecutionStartedAt(String startedAtExpression) {
        jdbc.sql("INSERT INTO workflow_executions (workflow_id, status, started_at) VALUES (?, 'running', "
                + startedAtExpression + ")").param(workflow).update();
    }
}
