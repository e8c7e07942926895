package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.ApiClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A template installed from the marketplace carries its triggers safely: its webhook listens on a
 * path of its own, the publisher's credentials stay behind, and its schedule starts only once the
 * installing organization commits a version.
 */
class MarketplaceTriggersTest extends EngineTest {

    private long ticks(UUID workflow) {
        return jdbc.sql("SELECT count(*) FROM workflow_executions WHERE workflow_id = ? AND mode = 'schedule'")
                .param(workflow).query(Long.class).single();
    }

    @Test
    void anInstalledTemplatesWebhookMovesAndItsScheduleWaitsForACommit() throws Exception {
        Org publisher = signUp();
        String path = "shop/" + UUID.randomUUID();
        ApiClient.Response credential = api.post("/api/v1/credentials", publisher.ownerToken(), Map.of("name", "k",
                "type", "httpBearerAuth", "secret", "{\"token\":\"publisher-secret\"}"));
        Map<String, Object> definition = Map.of(
                "nodes", List.of(node("Hook", "webhook", "path", path, "responseMode", "lastNode"),
                        node("Clock", "scheduleTrigger", "cron", "* * * * * *"),
                        with(node("Call", "httpRequest", "url", "https://api.example.com/orders"),
                                "credentials", Map.of("httpBearerAuth", Map.of("id", credential.text("id")))),
                        node("Reply", "set", "fields", Map.of("ok", true))),
                "connections", Map.of("Hook", outputs(List.of("Reply")), "Clock", outputs(List.of("Call"))));
        UUID original = workflow(publisher.ownerToken(), definition);
        ApiClient.Response published = api.post("/api/v1/workflows/" + original + "/publish", publisher.ownerToken(), null);
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        api.post("/api/v1/workflows/" + original + "/archive", publisher.ownerToken(), null);

        Org installer = signUp();
        ApiClient.Response installed = api.post("/api/v1/templates/" + published.text("id") + "/install",
                installer.ownerToken(), null);

        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        UUID workflow = UUID.fromString(installed.text("workflowId"));
        JsonNode version = api.get("/api/v1/workflows/" + workflow, installer.ownerToken()).json();
        JsonNode current = api.get("/api/v1/workflows/" + workflow + "/versions/" + version.path("currentVersionId")
                .asString(), installer.ownerToken()).json().path("definition");
        String newPath = current.path("nodes").get(0).path("parameters").path("path").asString();
        assertThat(newPath).startsWith(path + "-").isNotEqualTo(path);
        assertThat(current.path("nodes").get(2).has("credentials")).as("the publisher's credential stays behind")
                .isFalse();
        ApiClient.Response hook = new ApiClient(port).send("POST", "/webhook/" + newPath, null,
                HttpRequest.BodyPublishers.ofString("{}"), "application/json");
        assertThat(hook.status()).as("the installed webhook answers on its own path").isEqualTo(200);
        assertThat(hook.json().path("ok").asBoolean()).isTrue();

        Thread.sleep(2500);
        assertThat(ticks(workflow)).as("the installed schedule has not started").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM pumpflix.schedules WHERE workflow_id = ?")
                .param(workflow).query(Long.class).single()).isZero();

        commit(installer.ownerToken(), workflow, Map.of(
                "nodes", List.of(node("Clock", "scheduleTrigger", "cron", "* * * * * *"), node("Mark", "noOp")),
                "connections", Map.of("Clock", outputs(List.of("Mark")))));
        long deadline = System.nanoTime() + 6_000_000_000L;
        while (ticks(workflow) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ticks(workflow)).as("the schedule runs once the organization committed a version").isPositive();
        api.post("/api/v1/workflows/" + workflow + "/archive", installer.ownerToken(), null);
    }
}
