package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.identity.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Parallel version commits, clones, template installs and an archive on one workflow: every
 * acknowledged change lands exactly once and current_version_id stays one of its own versions,
 * the newest committed before the archive.
 */
class ConcurrentWorkflowChangesTest extends ApiTest {

    @Test
    void parallelChangesToOneWorkflowLoseNothingAndStayConsistent() throws Exception {
        Org org = signUp();
        String admin = member(org, Role.ADMIN);
        Org installer = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "busy");
        String template = api.post("/api/v1/workflows/" + workflow + "/publish", org.ownerToken(), null).text("id");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                int n = i;
                Callable<String> change = () -> {
                    start.await();
                    String token = n % 2 == 0 ? org.ownerToken() : admin;
                    ApiClient.Response response = switch (n % 4) {
                        case 0, 1 -> api.post("/api/v1/workflows/" + workflow + "/versions", token,
                                Map.of("definition", Map.of("n", n)));
                        case 2 -> api.post("/api/v1/workflows/" + workflow + "/clone", token, null);
                        default -> api.post("/api/v1/templates/" + template + "/install", installer.ownerToken(), null);
                    };
                    if (n == 45) {
                        api.post("/api/v1/workflows/" + workflow + "/archive", org.ownerToken(), null);
                    }
                    return (n % 4) + ":" + response.status();
                };
                outcomes.add(pool.submit(change));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get());
            }

            long commits = results.stream().filter(r -> r.matches("[01]:201")).count();
            long refusedCommits = results.stream().filter(r -> r.matches("[01]:409")).count();
            long clones = results.stream().filter(r -> r.equals("2:201")).count();
            long installs = results.stream().filter(r -> r.equals("3:201")).count();
            assertThat(commits + refusedCommits).as("every commit was either made or refused as archived").isEqualTo(30);
            assertThat(clones).isEqualTo(15);
            assertThat(installs).isEqualTo(15);

            assertThat(jdbc.sql("SELECT count(*) FROM workflow_versions WHERE workflow_id = ?").param(workflow)
                    .query(Long.class).single()).isEqualTo(1 + commits);
            assertThat(jdbc.sql("""
                    SELECT w.current_version_id = (SELECT v.id FROM workflow_versions v WHERE v.workflow_id = w.id
                                                   ORDER BY v.created_at DESC, v.id DESC LIMIT 1)
                    FROM workflows w WHERE w.id = ?""").param(workflow).query(Boolean.class).single())
                    .as("the current version is the newest committed").isTrue();
            assertThat(jdbc.sql("SELECT count(*) FROM workflows WHERE organization_id = ? AND name = 'busy (copy)'")
                    .param(org.organizationId()).query(Long.class).single()).isEqualTo(clones);
            assertThat(jdbc.sql("SELECT downloads FROM templates WHERE id = ?::uuid").param(template)
                    .query(Integer.class).single()).isEqualTo((int) installs);
            assertThat(jdbc.sql("SELECT count(*) FROM workflows WHERE organization_id = ?")
                    .param(installer.organizationId()).query(Long.class).single()).isEqualTo(installs);
            assertThat(jdbc.sql("SELECT is_archived FROM workflows WHERE id = ?").param(workflow)
                    .query(Boolean.class).single()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
