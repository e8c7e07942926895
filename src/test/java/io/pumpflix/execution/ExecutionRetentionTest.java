package io.pumpflix.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Role;
import io.pumpflix.metering.Usage;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ExecutionRetentionTest extends DatabaseTest {

    @Autowired
    ExecutionRetention retention;

    @Test
    void removesOldExecutionsInBatchesAndKeepsUsageCounts() {
        UUID org = newOrganization();
        UUID user = newMember(org, Role.USER);
        UUID workflow = routines.createWorkflow(org, user, "n", null, "{}");
        jdbc.sql("""
                INSERT INTO workflow_executions (workflow_id, status, started_at, logged_at)
                SELECT ?, 'success', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' - interval '400 days'
                FROM generate_series(1, 2500)""").param(workflow).update();
        UUID recent = routines.logExecution(workflow, "success", null, null);
        Usage before = routines.usage(user).orElseThrow();

        long removed = retention.removeLoggedBefore(Instant.now().minusSeconds(365L * 24 * 3600));

        assertThat(removed).isGreaterThanOrEqualTo(2500);
        assertThat(jdbc.sql("SELECT count(*) FROM workflow_executions WHERE workflow_id = ?").param(workflow)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM workflow_executions WHERE id = ?").param(recent).query(Long.class).single()).isEqualTo(1);
        assertThat(routines.usage(user).orElseThrow()).isEqualTo(before);
        assertThat(before.totalExecutions()).isEqualTo(2501);
    }
}
