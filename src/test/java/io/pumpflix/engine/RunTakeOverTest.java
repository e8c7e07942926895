package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.pumpflix.LoopbackServer;
import io.pumpflix.LoopbackServer.Reply;
import io.pumpflix.api.ApiClient;
import io.pumpflix.reliability.ServiceProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * kill -9 of an instance in the middle of runs that wait on a slow server: this instance takes
 * them over once their leases lapse. Every run ends, a node whose result was committed before the
 * kill does not run again (a node in flight at the kill may: at least once per node), and no run
 * stays running.
 */
class RunTakeOverTest extends EngineTest {

    @Autowired
    @Qualifier("ownerDataSource")
    HikariDataSource ownerDataSource;

    @Test
    void runsOfAKilledInstanceAreTakenOverWithoutRunningFinishedNodesAgain() throws Exception {
        String first = LoopbackServer.freshPath();
        String slow = LoopbackServer.freshPath();
        SERVER.on(first, request -> Reply.json("{}"));
        SERVER.on(slow, request -> new Reply(200, Map.of("Content-Type", "application/json"), "{\"slow\": true}", 3000));
        Org org = signUp();
        UUID workflow = workflow(org.ownerToken(), chain(node("Start", "manualTrigger"),
                node("First", "httpRequest", "url", SERVER.url(first), "query", Map.of("e", "={{ $execution.id }}")),
                node("Slow", "httpRequest", "url", SERVER.url(slow), "query", Map.of("e", "={{ $execution.id }}")),
                node("Done", "set", "fields", Map.of("done", true))));
        java.nio.file.Path home = Files.createTempDirectory(HOME.getParent(), "takeover");
        int runs = 10;
        try (ServiceProcess other = new ServiceProcess(home)) {
            other.start(onThisDatabase(ownerDataSource.getJdbcUrl(), "--pumpflix.encryption.key-file=" + HOME.resolve("keyring"),
                    "--pumpflix.engine.lease=PT3S", "--pumpflix.engine.outbound-allow=127.0.0.1:" + SERVER.port()));
            ApiClient there = new ApiClient(other.port);
            for (int i = 0; i < runs; i++) {
                assertThat(there.post("/api/v1/workflows/" + workflow + "/run", org.ownerToken(), null).status())
                        .isEqualTo(202);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (SERVER.received(slow).size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(SERVER.received(slow).size()).as("runs waiting on the slow server").isGreaterThanOrEqualTo(5);

            other.kill();
        }
        // the runs whose first call was committed before the kill: a take-over must not call again
        List<String> committedFirst = jdbc.sql("""
                SELECT 'e=' || n.execution_id FROM pumpflix.execution_nodes n
                JOIN workflow_executions e ON e.id = n.execution_id
                WHERE e.workflow_id = ? AND n.node_name = 'First'""").param(workflow).query(String.class).list();

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND status IN ('queued', 'running')", workflow)
                > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND status IN ('queued', 'running')", workflow))
                .as("no run stays running").isZero();
        assertThat(count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND status = 'success'", workflow))
                .as("every run taken over ended well").isEqualTo(runs);
        assertThat(count("SELECT count(*) FROM pumpflix.runs WHERE workflow_id = ?", workflow)).isZero();
        List<String> firstCalls = SERVER.received(first).stream().map(LoopbackServer.Request::query).toList();
        assertThat(new HashSet<>(firstCalls)).as("every run made its first call").hasSize(runs);
        assertThat(committedFirst).as("most runs had finished their first call before the kill").hasSizeGreaterThanOrEqualTo(5);
        for (String run : committedFirst) {
            assertThat(firstCalls.stream().filter(run::equals).count())
                    .as("a node committed before the kill does not run again: " + run).isEqualTo(1);
        }
        assertThat(SERVER.received(slow).size()).as("the node that was running ran again (at least once)")
                .isGreaterThan(runs);
    }

    private long count(String sql, UUID workflow) {
        return jdbc.sql(sql).param(workflow).query(Long.class).single();
    }
}
