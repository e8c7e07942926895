package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.pumpflix.PumpflixApplication;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Schedules: each tick fires once across instances and restarts, a tick missed while nothing ran
 * fires once, new versions change the schedule and archiving stops it.
 */
class ScheduleTest extends EngineTest {

    @Autowired
    @Qualifier("ownerDataSource")
    HikariDataSource ownerDataSource;

    String token;

    @BeforeEach
    void organization() {
        token = signUp().ownerToken();
    }

    private ConfigurableApplicationContext secondInstance(String name) {
        return new SpringApplicationBuilder(PumpflixApplication.class).run(onThisDatabase(ownerDataSource.getJdbcUrl(), "--server.port=0",
                "--pumpflix.instance-id=" + name, "--pumpflix.home=" + HOME.resolve(name), "--pumpflix.encryption.key-file=" + HOME.resolve("keyring"),
                "--logging.level.root=WARN"));
    }

    private static Map<String, Object> scheduled(String cron) {
        return scheduled(cron, "UTC");
    }

    private static Map<String, Object> scheduled(String cron, String timezone) {
        return chain(node("Clock", "scheduleTrigger", "cron", cron, "timezone", timezone),
                node("Mark", "set", "fields", Map.of("at", "={{ $json.timestamp }}")));
    }

    /** The due times of the workflow's scheduled runs, in order. */
    private List<Instant> ticks(UUID workflow) {
        return jdbc.sql("""
                SELECT input_data->0->>'timestamp' FROM workflow_executions
                WHERE workflow_id = ? AND mode = 'schedule' ORDER BY 1""").param(workflow).query(String.class).list()
                .stream().map(Instant::parse).toList();
    }

    private void awaitTicks(UUID workflow, int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (ticks(workflow).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ticks(workflow).size()).as("ticks fired").isGreaterThanOrEqualTo(count);
    }

    @Test
    void aScheduleEverySecondFiresEachTickOnceAcrossTwoInstancesAndARestart() throws Exception {
        UUID workflow = workflow(token, scheduled("* * * * * *"));
        awaitTicks(workflow, 1, 5);
        Instant first = Instant.now();
        ConfigurableApplicationContext second = secondInstance("schedule-a");
        try {
            Thread.sleep(Math.max(0, 12_000 - Duration.between(first, Instant.now()).toMillis()));
            second.close();
            second = secondInstance("schedule-b");
            Thread.sleep(Math.max(0, 30_000 - Duration.between(first, Instant.now()).toMillis()));
        } finally {
            api.post("/api/v1/workflows/" + workflow + "/archive", token, null);
            Instant stopped = Instant.now();
            second.close();
            Thread.sleep(1500);

            List<Instant> ticks = ticks(workflow);
            assertThat(ticks).as("no tick fired twice").doesNotHaveDuplicates();
            for (int i = 1; i < ticks.size(); i++) {
                assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("no tick skipped before " + ticks.get(i))
                        .isEqualTo(Duration.ofSeconds(1));
            }
            assertThat(ticks.size()).as("one run per second for the 30 seconds").isBetween(29, 34);
            assertThat(ticks.get(ticks.size() - 1)).as("archiving stopped the ticks").isBefore(stopped.plusSeconds(2));
            assertThat(jdbc.sql("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND status <> 'success'")
                    .param(workflow).query(Long.class).single()).isZero();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM pumpflix.schedules WHERE workflow_id = ?")
                .param(workflow).query(Long.class).single()).as("an archived workflow has no schedule left").isZero();
    }

    @Test
    void aTickMissedWhileNoInstanceRanFiresOnceThenTheScheduleGoesOn() throws Exception {
        // a rule of this test alone (Etc/Zulu is UTC under another name): the clock keeps one tick per rule
        UUID workflow = workflow(token, scheduled("*/2 * * * * *", "Etc/Zulu"));
        awaitTicks(workflow, 1, 6);
        Instant missed = Instant.now().minusSeconds(21).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        int moved = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (moved == 0 && System.nanoTime() < deadline) {
            moved = jdbc.sql("UPDATE pumpflix.scheduled_tasks SET execution_time = ? WHERE task_instance = ? AND NOT picked")
                    .params(java.sql.Timestamp.from(missed), "Etc/Zulu */2 * * * * *").update();
            if (moved == 0) {
                Thread.sleep(20);
            }
        }
        assertThat(moved).as("the next tick set 21 seconds in the past, as after an outage").isEqualTo(1);
        Instant back = Instant.now();

        Thread.sleep(4500);

        List<Instant> ticks = ticks(workflow);
        assertThat(ticks).contains(missed).doesNotHaveDuplicates();
        assertThat(ticks.stream().filter(t -> t.isAfter(missed) && t.isBefore(back.minusSeconds(1))).toList())
                .as("the ticks missed in between did not fire").isEmpty();
        assertThat(ticks.stream().filter(t -> t.isAfter(back)).count()).as("the schedule goes on").isGreaterThanOrEqualTo(1);
        api.post("/api/v1/workflows/" + workflow + "/archive", token, null);
    }

    @Test
    void aNewVersionChangesTheScheduleAndArchivingStopsIt() throws Exception {
        UUID workflow = workflow(token, scheduled("* * * * * *"));
        awaitTicks(workflow, 2, 6);

        commit(token, workflow, scheduled("0 0 0 1 1 *"));
        Thread.sleep(2500);
        int quiet = ticks(workflow).size();
        Thread.sleep(2500);
        assertThat(ticks(workflow)).as("yearly now: no tick in the last seconds").hasSize(quiet);
        assertThat(jdbc.sql("SELECT cron FROM pumpflix.schedules WHERE workflow_id = ?").param(workflow)
                .query(String.class).single()).isEqualTo("0 0 0 1 1 *");
        assertThat(jdbc.sql("SELECT count(*) FROM pumpflix.scheduled_tasks WHERE task_instance = 'UTC 0 0 0 1 1 *'")
                .query(Long.class).single()).as("the clock keeps the new rule").isEqualTo(1);

        commit(token, workflow, chain(node("Start", "manualTrigger")));
        assertThat(jdbc.sql("SELECT count(*) FROM pumpflix.schedules WHERE workflow_id = ?")
                .param(workflow).query(Long.class).single()).as("a version without the node has no schedule").isZero();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (jdbc.sql("SELECT count(*) FROM pumpflix.scheduled_tasks WHERE task_instance = 'UTC 0 0 0 1 1 *'")
                .query(Long.class).single() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM pumpflix.scheduled_tasks WHERE task_instance = 'UTC 0 0 0 1 1 *'")
                .query(Long.class).single()).as("a rule no schedule uses leaves the clock").isZero();

        commit(token, workflow, scheduled("* * * * * *"));
        awaitTicks(workflow, quiet + 2, 6);
        api.post("/api/v1/workflows/" + workflow + "/archive", token, null);
        Thread.sleep(2000);
        int archived = ticks(workflow).size();
        Thread.sleep(2000);
        assertThat(ticks(workflow)).hasSize(archived);
    }

    @Test
    void aTimeZoneAndTheClassicFiveFieldsAreUnderstoodAndABadCronIsRefused() throws Exception {
        var accepted = api.post("/api/v1/workflows", token, Map.of("name", "five fields",
                "definition", chain(node("Clock", "scheduleTrigger", "cron", "*/5 * * * *", "timezone", "Europe/Paris"))));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        var refused = api.post("/api/v1/workflows", token, Map.of("name", "bad cron",
                "definition", chain(node("Clock", "scheduleTrigger", "cron", "every day", "timezone", "Mars/Olympus"))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors")).extracting(e -> e.path("parameter").asString())
                .containsExactlyInAnyOrder("cron", "timezone");
    }
}
