package io.pumpflix.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.identity.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The constant-cost usage metrics stay exact: under concurrent writers, across UTC month
 * boundaries, through lifecycle moves, deletions and retention. Each answer is compared with
 * the literal count over the executions themselves.
 */
class UsageCountersTest extends DatabaseTest {

    @Autowired
    UsageCounterCompaction compaction;

    UUID org;
    UUID user;
    UUID workflow;

    @BeforeEach
    void organization() {
        org = newOrganization();
        user = newMember(org, Role.USER);
        workflow = routines.createWorkflow(org, user, "n", null, "{}");
    }

    private Usage usage() {
        return routines.usage(user).orElseThrow();
    }

    /** The literal reading of behaviour.md, counted over the rows. */
    private Usage literal() {
        return jdbc.sql("""
                SELECT count(*)::int AS total,
                       count(*) FILTER (WHERE e.started_at >= date_trunc('month', now() AT TIME ZONE 'UTC')
                                          AND e.started_at < date_trunc('month', now() AT TIME ZONE 'UTC')
                                                             + interval '1 month')::int AS monthly
                FROM workflow_executions e JOIN workflows w ON w.id = e.workflow_id WHERE w.organization_id = ?""")
                .param(org).query((rs, n) -> new Usage(rs.getInt("total"), rs.getInt("monthly"), 0, null)).single();
    }

    private void assertMatchesLiteral() {
        Usage counted = usage();
        Usage literal = literal();
        assertThat(counted.totalExecutions()).isEqualTo(literal.totalExecutions());
        assertThat(counted.monthlyExecutions()).isEqualTo(literal.monthlyExecutions());
    }

    @Test
    void concurrentWritersLoseNoCount() throws Exception {
        int writers = 8;
        int each = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        String status = (i + writer) % 3 == 0 ? "queued" : "success";
                        routines.logExecution(workflow, status, null, null);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(usage().totalExecutions()).isEqualTo(writers * each);
        assertMatchesLiteral();
        assertThat(jdbc.sql("SELECT count(*) FROM pumpflix.execution_counts WHERE organization_id = ?").param(org)
                .query(Long.class).single()).as("one slot per writing backend at most").isBetween(1L, 16L);
    }

    @Test
    void aQueuedExecutionThatStartsLaterMovesIntoItsMonth() {
        UUID queued = routines.logExecution(workflow, "queued", null, null);
        assertThat(usage()).extracting(Usage::totalExecutions, Usage::monthlyExecutions).containsExactly(1, 0);

        jdbc.sql("SELECT pumpflix.advance_execution(?, 'running', NULL)").param(queued).query().listOfRows();
        assertThat(usage()).extracting(Usage::totalExecutions, Usage::monthlyExecutions).containsExactly(1, 1);
        jdbc.sql("SELECT pumpflix.advance_execution(?, 'success', '{}')").param(queued).query().listOfRows();
        assertThat(usage()).extracting(Usage::totalExecutions, Usage::monthlyExecutions).containsExactly(1, 1);
        assertMatchesLiteral();
    }

    @Test
    void monthBoundariesAreUtc() {
        for (String startedAt : List.of(
                "date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 microsecond'",
                "date_trunc('month', now() AT TIME ZONE 'UTC')",
                "date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month' - interval '1 microsecond'",
                "date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month'")) {
            jdbc.sql("INSERT INTO workflow_executions (workflow_id, status, started_at) VALUES (?, 'success', "
                    + startedAt + ")").param(workflow).update();
        }
        assertThat(usage()).extracting(Usage::totalExecutions, Usage::monthlyExecutions).containsExactly(4, 2);
        assertMatchesLiteral();

        jdbc.sql("UPDATE workflow_executions SET started_at = started_at - interval '2 months' WHERE workflow_id = ?"
                + " AND started_at >= date_trunc('month', now() AT TIME ZONE 'UTC')"
                + " AND started_at < date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month'")
                .param(workflow).update();
        assertThat(usage()).extracting(Usage::totalExecutions, Usage::monthlyExecutions).containsExactly(4, 0);
        assertMatchesLiteral();
    }

    @Test
    void aDeletedExecutionStopsCountingButRetentionKeepsTheTotals() {
        UUID first = routines.logExecution(workflow, "success", null, null);
        routines.logExecution(workflow, "success", null, null);
        routines.logExecution(workflow, "success", null, null);

        jdbc.sql("DELETE FROM workflow_executions WHERE id = ?").param(first).update();
        assertThat(usage().totalExecutions()).isEqualTo(2);
        assertMatchesLiteral();

        owner().transaction(() -> {
            jdbc.sql("SELECT set_config('pumpflix.retention', 'on', true)").query().singleRow();
            return jdbc.sql("DELETE FROM workflow_executions WHERE workflow_id = ?").param(workflow).update();
        });
        assertThat(jdbc.sql("SELECT count(*) FROM workflow_executions WHERE workflow_id = ?").param(workflow)
                .query(Long.class).single()).isZero();
        assertThat(usage()).extracting(Usage::totalExecutions, Usage::monthlyExecutions).containsExactly(2, 2);
    }

    @Test
    void compactionFoldsPastMonthsWithoutChangingAnswers() {
        for (int slot = 1; slot <= 5; slot++) {
            jdbc.sql("""
                    INSERT INTO pumpflix.execution_counts (organization_id, month, slot, executions)
                    VALUES (?, (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '2 months')::date, ?, 10),
                           (?, date_trunc('month', now() AT TIME ZONE 'UTC')::date, ?, 1)""")
                    .params(org, slot, org, slot).update();
        }
        Usage before = usage();
        assertThat(before).extracting(Usage::totalExecutions, Usage::monthlyExecutions).containsExactly(55, 5);

        assertThat(compaction.compact()).isGreaterThanOrEqualTo(5);

        assertThat(usage()).isEqualTo(before);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM pumpflix.execution_counts WHERE organization_id = ?
                  AND month < date_trunc('month', now() AT TIME ZONE 'UTC')""").param(org).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aFailedInsertCountsNothing() {
        routines.logExecution(workflow, "success", null, null);
        sqlStateOf(() -> jdbc.sql("INSERT INTO workflow_executions (workflow_id, status) VALUES (?, 'success'), (?, 'bad')")
                .params(workflow, workflow).update());
        assertThat(usage().totalExecutions()).isEqualTo(1);
        assertMatchesLiteral();
    }
}
