package io.pumpflix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.LoopbackServer;
import io.pumpflix.api.ApiClient;
import io.pumpflix.api.ApiTest;
import io.pumpflix.api.LiveClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Secrets planted in a webhook's header credential and in the three credential types of
 * httpRequest, with a server that echoes every header it gets back into the run: the secrets
 * reach that server, and nowhere else (no table, no log line, no live event, no answer).
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialSecrecyTest extends EngineTest {

    @Test
    void aSecretReachesItsServerAndNothingElse(CapturedOutput output) throws Exception {
        Org org = signUp();
        String token = org.ownerToken();
        String hookSecret = "hook-" + UUID.randomUUID();
        String headerSecret = "hdr-" + UUID.randomUUID();
        String bearerSecret = "bearer-" + UUID.randomUUID();
        String basicSecret = "basic-" + UUID.randomUUID();
        String hook = credential(token, "httpHeaderAuth", "{\"name\":\"X-Hook\",\"value\":\"" + hookSecret + "\"}");
        String header = credential(token, "httpHeaderAuth", "{\"name\":\"X-Api-Key\",\"value\":\"" + headerSecret + "\"}");
        String bearer = credential(token, "httpBearerAuth", "{\"token\":\"" + bearerSecret + "\"}");
        String basic = credential(token, "httpBasicAuth", "{\"user\":\"ann\",\"password\":\"" + basicSecret + "\"}");
        String echo = LoopbackServer.freshPath();
        SERVER.on(echo, LoopbackServer::echo);
        String path = "secret/" + UUID.randomUUID();
        UUID workflow = workflow(token, chain(
                with(node("Hook", "webhook", "path", path, "responseMode", "lastNode", "authentication", "headerAuth"),
                        "credentials", Map.of("httpHeaderAuth", Map.of("id", hook))),
                with(node("Header", "httpRequest", "url", SERVER.url(echo), "method", "POST", "body", "={{ $json }}"),
                        "credentials", Map.of("httpHeaderAuth", Map.of("id", header))),
                with(node("Bearer", "httpRequest", "url", SERVER.url(echo)),
                        "credentials", Map.of("httpBearerAuth", Map.of("id", bearer))),
                with(node("Basic", "httpRequest", "url", SERVER.url(echo)),
                        "credentials", Map.of("httpBasicAuth", Map.of("id", basic))),
                node("Collect", "set", "fields", Map.of("seen", "={{ $json.body.headers }}",
                        "first", "={{ $node('Header').body }}"))));
        LiveClient watcher = LiveClient.connect(port, workflow, token);
        watcher.next("welcome");
        Thread.sleep(1200); // the relay learns who watches once a second

        ApiClient.Response answer = new ApiClient(port).send("POST", "/webhook/" + path, null,
                HttpRequest.BodyPublishers.ofString("{\"order\": 1}"), "application/json", "X-Hook", hookSecret);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> secrets = List.of(hookSecret, headerSecret, bearerSecret, basicSecret,
                java.util.Base64.getEncoder().encodeToString(("ann:" + basicSecret).getBytes()));
        assertThat(SERVER.received(echo)).as("the secrets did reach their server").hasSize(3);
        assertThat(SERVER.received(echo).get(0).headers().get("x-api-key")).isEqualTo(headerSecret);
        assertThat(SERVER.received(echo).get(1).headers().get("authorization")).isEqualTo("Bearer " + bearerSecret);

        List<String> events = new ArrayList<>();
        for (JsonNode event = watcher.messages.poll(3, TimeUnit.SECONDS); event != null;
                event = watcher.messages.poll(1, TimeUnit.SECONDS)) {
            events.add(event.toString());
        }
        assertThat(events).as("live events of the run").anySatisfy(e -> assertThat(e).contains("execution.finished"));
        String execution = answer.body();
        String nodes = "";
        for (JsonNode row : jdbc.sql("SELECT id FROM workflow_executions WHERE workflow_id = ?").param(workflow)
                .query(UUID.class).list().stream().map(id -> nodes(token, id.toString())).toList()) {
            nodes += row.toString();
        }
        for (String secret : secrets) {
            assertThat(answer.body()).as("the webhook's answer").doesNotContain(secret);
            assertThat(nodes).as("the node results over the API").doesNotContain(secret);
            assertThat(String.join("\n", events)).as("the live events").doesNotContain(secret);
            assertThat(output.getAll()).as("the logs").doesNotContain(secret);
            assertThat(columnsHolding(secret)).as("the database").isEmpty();
        }
        assertThat(nodes).contains("[redacted]");
        assertThat(execution).doesNotContain("X-Hook");
        assertThat(jdbc.sql("SELECT count(*) FROM credential_usage_logs WHERE credential_id IN (?::uuid, ?::uuid, ?::uuid, ?::uuid)"
                + " AND execution_id IS NOT NULL AND user_id IS NULL").params(hook, header, bearer, basic)
                .query(Long.class).single()).as("each use logged against the run, no person behind it").isEqualTo(4);
        watcher.socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void anotherOrganizationsCredentialIsNotFoundAtRunTime() {
        Org org = signUp();
        String rivalSecret = "rival-" + UUID.randomUUID();
        String rivalCredential = credential(signUp().ownerToken(), "httpBearerAuth", "{\"token\":\"" + rivalSecret + "\"}");
        String echo = LoopbackServer.freshPath();
        SERVER.on(echo, LoopbackServer::echo);
        // written past the service's checks, as a psql client could
        UUID workflow = routines.createWorkflow(org.organizationId(), org.ownerId(), "n", null, ApiClient.JSON
                .writeValueAsString(chain(node("Start", "manualTrigger"), with(node("Steal", "httpRequest",
                        "url", SERVER.url(echo)), "credentials", Map.of("httpBearerAuth", Map.of("id", rivalCredential))))));

        JsonNode run = runAndWait(org.ownerToken(), workflow, null);

        assertThat(run.path("status").asString()).isEqualTo("error");
        assertThat(run.path("error").path("message").asString()).contains("does not exist");
        assertThat(SERVER.received(echo)).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM credential_usage_logs WHERE credential_id = ?::uuid")
                .param(rivalCredential).query(Long.class).single()).isZero();
    }

    private String credential(String token, String type, String secret) {
        ApiClient.Response created = api.post("/api/v1/credentials", token, Map.of("name", type, "type", type,
                "secret", secret));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    /** Every text-like column of every table, searched for the value. */
    private List<String> columnsHolding(String value) {
        List<Map<String, Object>> columns = jdbc.sql("""
                SELECT table_schema, table_name, column_name FROM information_schema.columns
                WHERE table_schema IN ('public', 'pumpflix') AND data_type IN ('text', 'jsonb', 'character varying')
                  AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')""")
                .query().listOfRows();
        return columns.stream()
                .filter(c -> jdbc.sql("SELECT count(*) FROM %s.%s WHERE %s::text LIKE ?".formatted(c.get("table_schema"),
                        c.get("table_name"), c.get("column_name"))).param("%" + value + "%").query(Long.class)
                        .single() > 0)
                .map(c -> c.get("table_name") + "." + c.get("column_name"))
                .toList();
    }
}
