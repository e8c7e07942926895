package io.pumpflix.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SeederTest extends DatabaseTest {

    @Autowired
    Seeder seeder;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    private SeedPlan plan(long seed) {
        return SeedPlan.parse(Map.of("organizations", "3", "users", "2", "workflows", "4", "executions", "5000",
                "months", "3", "hot-share", "0.8", "seed", Long.toString(seed), "chunk", "1000"));
    }

    private List<UUID> organizations(SeedPlan plan) {
        return jdbc.sql("SELECT id FROM organizations WHERE name LIKE ? ORDER BY name").param("seed " + plan.runId() + " %")
                .query(UUID.class).list();
    }

    @Test
    void seedsExactCountsAndResumesWithoutDuplicating() {
        SeedPlan plan = plan(System.nanoTime());
        seeder.seed(plan, out, 2);  // interrupted after two of five chunks
        List<UUID> organizations = organizations(plan);
        assertThat(organizations).hasSize(3);
        assertThat(rowsOf(organizations)).isEqualTo(2000);

        seeder.seed(plan, out);

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Stopped after 2 chunk(s)")
                .contains("Resuming seed run " + plan.runId() + ": 2 of 5 chunks already done");
        assertThat(organizations(plan)).isEqualTo(organizations);
        assertThat(rowsOf(organizations)).isEqualTo(5000);
        for (UUID org : organizations) {
            long rows = rowsOf(List.of(org));
            UUID user = jdbc.sql("SELECT id FROM users WHERE organization_id = ? LIMIT 1").param(org)
                    .query(UUID.class).single();
            var usage = routines.usage(user).orElseThrow();
            long literalMonthly = jdbc.sql("""
                    SELECT count(*) FROM workflow_executions WHERE organization_id = ?
                      AND started_at >= date_trunc('month', now() AT TIME ZONE 'UTC')""").param(org)
                    .query(Long.class).single();
            assertThat(usage.totalExecutions()).isEqualTo(rows);
            assertThat(usage.monthlyExecutions()).isEqualTo(literalMonthly);
        }
        assertThat(rowsOf(organizations.subList(0, 1))).as("the busy organization").isBetween(3700L, 4300L);

        seeder.seed(plan, out);
        assertThat(rowsOf(organizations)).as("a finished run adds nothing").isEqualTo(5000);
    }

    private long rowsOf(List<UUID> organizations) {
        return jdbc.sql("SELECT count(*) FROM workflow_executions WHERE organization_id = ANY (?)")
                .param(organizations.toArray(UUID[]::new)).query(Long.class).single();
    }

    @Test
    void refusesNonsenseOptions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeedPlan.parse(Map.of("executions", "-5")))
                .hasMessageContaining("--executions");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeedPlan.parse(Map.of("hot-share", "2")))
                .hasMessageContaining("--hot-share");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeedPlan.parse(Map.of("months", "lots")))
                .hasMessageContaining("whole number");
    }
}
