package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.pumpflix.LoopbackServer;
import io.pumpflix.LoopbackServer.Reply;
import io.pumpflix.api.ApiClient;
import io.pumpflix.reliability.ServiceProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Runs waiting five seconds when the instance that started them is killed with -9: the waits are
 * in the database, so this instance resumes each of them once, after the wait, and nothing before
 * the wait runs again.
 */
class WaitTakeOverTest extends EngineTest {

    @Autowired
    @Qualifier("ownerDataSource")
    HikariDataSource ownerDataSource;

    @Test
    void waitsSurviveAKillAndResumeOnce() throws Exception {
        String before = LoopbackServer.freshPath();
        String after = LoopbackServer.freshPath();
        SERVER.on(before, request -> Reply.json("{}"));
        SERVER.on(after, request -> Reply.json("{}"));
        Org org = signUp();
        UUID workflow = workflow(org.ownerToken(), chain(node("Start", "manualTrigger"),
                node("Before", "httpRequest", "url", SERVER.url(before), "query", Map.of("e", "={{ $execution.id }}")),
                node("Pause", "wait", "seconds", 5),
                node("After", "httpRequest", "url", SERVER.url(after), "query", Map.of("e", "={{ $execution.id }}"))));
        java.nio.file.Path home = Files.createTempDirectory(HOME.getParent(), "waits");
        List<String> executions = new ArrayList<>();
        long started;
        try (ServiceProcess other = new ServiceProcess(home)) {
            other.start(onThisDatabase(ownerDataSource.getJdbcUrl(), "--pumpflix.encryption.key-file=" + HOME.resolve("keyring"),
                    "--pumpflix.engine.lease=PT3S", "--pumpflix.engine.outbound-allow=127.0.0.1:" + SERVER.port()));
            ApiClient there = new ApiClient(other.port);
            started = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                ApiClient.Response run = there.post("/api/v1/workflows/" + workflow + "/run", org.ownerToken(), null);
                assertThat(run.status()).isEqualTo(202);
                executions.add(run.text("executionId"));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (waiting(workflow) < executions.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(waiting(workflow)).as("every run parked in its wait").isEqualTo(executions.size());

            other.kill();
        }

        for (String execution : executions) {
            assertThat(awaitEnd(org.ownerToken(), execution, 30).path("status").asString()).isEqualTo("success");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        List<String> beforeCalls = SERVER.received(before).stream().map(LoopbackServer.Request::query).toList();
        List<String> afterCalls = SERVER.received(after).stream().map(LoopbackServer.Request::query).toList();
        assertThat(beforeCalls).as("nothing before the wait ran again").hasSize(executions.size());
        assertThat(new HashSet<>(beforeCalls)).hasSize(executions.size());
        assertThat(afterCalls).as("each wait resumed once").hasSize(executions.size());
        assertThat(new HashSet<>(afterCalls)).hasSize(executions.size());
    }

    private long waiting(UUID workflow) {
        return jdbc.sql("SELECT count(*) FROM pumpflix.runs WHERE workflow_id = ? AND state = 'waiting'").param(workflow)
                .query(Long.class).single();
    }
}
