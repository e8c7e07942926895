package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.pumpflix.LoopbackServer;
import io.pumpflix.LoopbackServer.Reply;
import io.pumpflix.PumpflixApplication;
import io.pumpflix.api.ApiClient;
import io.pumpflix.engine.run.Dispatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The run queue across instances: exactly once, organizations in turn, a limit per organization, cancel. */
class RunQueueTest extends EngineTest {

    @Autowired
    @Qualifier("ownerDataSource")
    HikariDataSource ownerDataSource;

    @Autowired
    Dispatcher dispatcher;

    @Autowired
    EngineSettings settings;

    private ConfigurableApplicationContext secondInstance(String name) {
        return new SpringApplicationBuilder(PumpflixApplication.class).run(onThisDatabase(ownerDataSource.getJdbcUrl(), "--server.port=0",
                "--pumpflix.instance-id=" + name, "--pumpflix.home=" + HOME.resolve(name), "--pumpflix.encryption.key-file=" + HOME.resolve("keyring"),
                "--pumpflix.engine.outbound-allow=127.0.0.1:" + SERVER.port(), "--pumpflix.engine.lease=PT5S",
                "--logging.level.root=WARN"));
    }

    /** A workflow that calls the loopback server once, naming its execution, then sets a field. */
    private UUID callingWorkflow(String token, String path) {
        return workflow(token, chain(node("Start", "manualTrigger"),
                node("Call", "httpRequest", "url", SERVER.url(path), "query", Map.of("e", "={{ $execution.id }}")),
                node("Done", "set", "fields", Map.of("done", true))));
    }

    /** Queues runs straight in the database, as many as asked, in one statement (no instance is woken). */
    private void queueDirectly(UUID workflow, int count) {
        queueDirectly(workflow, count, "0 seconds");
    }

    /** The same, available only after {@code delay} (an SQL interval). */
    private void queueDirectly(UUID workflow, int count, String delay) {
        UUID version = jdbc.sql("SELECT current_version_id FROM workflows WHERE id = ?").param(workflow)
                .query(UUID.class).single();
        jdbc.sql("""
                WITH queued AS (
                    SELECT id FROM pumpflix.insert_executions(array_fill(?::uuid, ARRAY[?]), array_fill('queued'::text, ARRAY[?]),
                        array_fill('[{}]'::jsonb, ARRAY[?]), array_fill(NULL::jsonb, ARRAY[?]), NULL, NULL,
                        array_fill(?::uuid, ARRAY[?]), array_fill('manual'::text, ARRAY[?])))
                INSERT INTO pumpflix.runs (execution_id, organization_id, workflow_id, version_id, mode, state, available_at)
                SELECT q.id, w.organization_id, w.id, ?, 'manual', 'queued',
                       clock_timestamp() AT TIME ZONE 'UTC' + ?::interval
                FROM queued q, workflows w WHERE w.id = ?""")
                .params(workflow, count, count, count, count, version, count, count, version, delay, workflow).update();
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private void awaitNone(String sql, Object param, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (count(sql, param) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count(sql, param)).as(sql).isZero();
    }

    @Test
    void twoInstancesRunTwoThousandQueuedRunsEachExactlyOnce() throws Exception {
        String path = LoopbackServer.freshPath();
        SERVER.on(path, request -> Reply.json("{}"));
        List<UUID> workflows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workflows.add(callingWorkflow(signUp().ownerToken(), path));
        }
        try (ConfigurableApplicationContext second = secondInstance("second-" + UUID.randomUUID())) {
            Dispatcher there = second.getBean(Dispatcher.class);
            int hereBefore = dispatcher.claimedSinceStart();
            for (UUID workflow : workflows) {
                queueDirectly(workflow, 500);
            }
            for (UUID workflow : workflows) {
                awaitNone("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND status NOT IN ('success')",
                        workflow, Duration.ofSeconds(120));
            }
            assertThat(there.claimedSinceStart()).as("the second instance took part").isPositive();
            assertThat(dispatcher.claimedSinceStart() - hereBefore).as("this instance took part").isPositive();
        }
        List<String> called = SERVER.received(path).stream().map(request -> request.query()).toList();
        assertThat(called).as("one call per run").hasSize(2000);
        assertThat(new HashSet<>(called)).as("no run called twice").hasSize(2000);
        for (UUID workflow : workflows) {
            assertThat(count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND status = 'success'",
                    workflow)).isEqualTo(500);
            assertThat(count("""
                    SELECT count(*) FROM pumpflix.execution_nodes n JOIN workflow_executions e ON e.id = n.execution_id
                    WHERE e.workflow_id = ?""", workflow)).as("three node results per run").isEqualTo(1500);
        }
        assertThat(count("SELECT count(*) FROM pumpflix.runs WHERE workflow_id = ANY (?)",
                (Object) workflows.toArray(UUID[]::new))).isZero();
    }

    @Test
    void anotherOrganizationsRunStartsWithinASecondBehindABacklogOfFiveThousand() throws Exception {
        String slow = LoopbackServer.freshPath();
        SERVER.on(slow, request -> new Reply(200, Map.of(), "", 200));
        UUID busy = callingWorkflow(signUp().ownerToken(), slow);
        queueDirectly(busy, 5000);
        Thread.sleep(500);
        Org other = signUp();
        UUID quick = workflow(other.ownerToken(), chain(node("Start", "manualTrigger"), node("Done", "noOp")));
        try {
            Instant queued = Instant.now();
            JsonNode run = runAndWait(other.ownerToken(), quick, null);
            JsonNode execution = api.get("/api/v1/executions/" + run.path("executionId").asString(), other.ownerToken())
                    .json();
            Instant started = Instant.parse(execution.path("startedAt").asString());

            assertThat(run.path("status").asString()).isEqualTo("success");
            assertThat(Duration.between(queued, started)).as("waited behind the other organization's backlog")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(count("SELECT count(*) FROM pumpflix.runs WHERE workflow_id = ? AND state = 'queued'", busy))
                    .as("the backlog is still there").isGreaterThan(4000);
        } finally {
            jdbc.sql("DELETE FROM pumpflix.runs WHERE workflow_id = ? AND state = 'queued'").param(busy).update();
        }
    }

    @Test
    void anOrganizationNeverRunsMoreThanItsLimitAcrossInstances() throws Exception {
        String slow = LoopbackServer.freshPath();
        SERVER.on(slow, request -> new Reply(200, Map.of(), "", 100));
        UUID workflow = callingWorkflow(signUp().ownerToken(), slow);
        AtomicLong most = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        try (ConfigurableApplicationContext second = secondInstance("limit-" + UUID.randomUUID())) {
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    most.accumulateAndGet(count("SELECT count(*) FROM pumpflix.runs WHERE workflow_id = ? AND state = 'running'",
                            workflow), Math::max);
                }
            });
            sampler.start();
            queueDirectly(workflow, 200);
            awaitNone("SELECT count(*) FROM pumpflix.runs WHERE workflow_id = ?", workflow, Duration.ofSeconds(60));
            sampling.set(false);
            sampler.join();
        }
        assertThat(most.get()).as("runs of one organization running at once, across two instances of %d workers",
                settings.workers()).isBetween(2L, (long) settings.perOrganization());
        assertThat(settings.workers()).as("the limit, not the workers, bounds an organization")
                .isGreaterThan(settings.perOrganization());
        assertThat(count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND status = 'success'", workflow))
                .isEqualTo(200);
    }

    @Test
    void aQueuedRunAndARunningOneAreCancelledAndTheRunningOneStops() throws Exception {
        Org org = signUp();
        String slow = LoopbackServer.freshPath();
        SERVER.on(slow, request -> new Reply(200, Map.of(), "", 4000));
        UUID workflow = workflow(org.ownerToken(), chain(node("Start", "manualTrigger"),
                node("Slow", "httpRequest", "url", SERVER.url(slow)), node("After", "noOp")));
        String running = api.post("/api/v1/workflows/" + workflow + "/run", org.ownerToken(), null).text("executionId");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (SERVER.received(slow).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        ApiClient.Response cancelled = api.post("/api/v1/executions/" + running + "/cancel", org.ownerToken(), null);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("cancelled");
        Thread.sleep(1500);
        assertThat(api.get("/api/v1/executions/" + running, org.ownerToken()).text("status")).isEqualTo("cancelled");
        assertThat(nodes(org.ownerToken(), running)).extracting(n -> n.path("node").asString())
                .as("the run stopped: nothing after the interrupted call").doesNotContain("After");
        assertThat(api.post("/api/v1/executions/" + running + "/cancel", org.ownerToken(), null).status())
                .as("a finished execution refuses").isEqualTo(409);

        queueDirectly(workflow, 1, "1 hour");
        UUID queued = jdbc.sql("SELECT execution_id FROM pumpflix.runs WHERE workflow_id = ? AND state = 'queued'")
                .param(workflow).query(UUID.class).single();
        assertThat(api.post("/api/v1/executions/" + queued + "/cancel", org.ownerToken(), null).text("status"))
                .isEqualTo("cancelled");
        assertThat(count("SELECT count(*) FROM pumpflix.runs WHERE execution_id = ?", queued)).isZero();
    }
}
