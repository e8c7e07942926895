package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.identity.Role;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApiRoutesTest extends ApiTest {

    @Test
    void signUpSignInAndSignOut() {
        String email = "ann-" + UUID.randomUUID() + "@example.test";
        ApiClient.Response up = api.post("/api/v1/auth/sign-up", null,
                Map.of("organizationName", "Acme", "email", email, "password", PASSWORD));
        assertThat(up.status()).isEqualTo(201);
        assertThat(up.text("role")).isEqualTo("owner");
        assertThat(up.text("token")).hasSize(43);

        ApiClient.Response in = api.post("/api/v1/auth/sign-in", null, Map.of("email", email, "password", PASSWORD));
        assertThat(in.status()).isEqualTo(200);
        String token = in.text("token");
        assertThat(api.get("/api/v1/members", token).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM api_tokens WHERE token_hash = sha256(convert_to(?, 'UTF8'))")
                .param(token).query(Long.class).single()).as("stored as a hash").isEqualTo(1);

        assertThat(api.post("/api/v1/auth/sign-out", token, null).status()).isEqualTo(204);
        ApiClient.Response after = api.get("/api/v1/members", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void wrongPasswordsAreSlowedDownPerAccountAndAddressAndAnswerAlike() {
        String email = "bob-" + UUID.randomUUID() + "@example.test";
        api.post("/api/v1/auth/sign-up", null, Map.of("organizationName", "Acme", "email", email, "password", PASSWORD));

        ApiClient.Response unknown = api.post("/api/v1/auth/sign-in", null,
                Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", PASSWORD));
        ApiClient.Response wrong = api.post("/api/v1/auth/sign-in", null, Map.of("email", email, "password", "wrong password!"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.text("detail")).isEqualTo(wrong.text("detail"));

        for (int i = 0; i < 4; i++) {
            api.post("/api/v1/auth/sign-in", null, Map.of("email", email, "password", "wrong password!"));
        }
        ApiClient.Response throttled = api.post("/api/v1/auth/sign-in", null, Map.of("email", email, "password", PASSWORD));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.raw().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void workflowsFromCreationToArchive() {
        Org org = signUp();
        String token = org.ownerToken();
        UUID id = createWorkflow(token, "Lead router");

        JsonNode workflow = api.get("/api/v1/workflows/" + id, token).json();
        assertThat(workflow.path("name").asString()).isEqualTo("Lead router");
        String firstVersion = workflow.path("currentVersionId").asString();

        ApiClient.Response renamed = api.call("PATCH", "/api/v1/workflows/" + id, token, Map.of("name", "Router"));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("Router");

        ApiClient.Response committed = api.post("/api/v1/workflows/" + id + "/versions", token,
                Map.of("definition", Map.of("nodes", List.of(Map.of("name", "a", "type", "noOp")))));
        assertThat(committed.status()).isEqualTo(201);
        assertThat(committed.json().path("definition").path("nodes").get(0).path("name").asString()).isEqualTo("a");
        assertThat(api.get("/api/v1/workflows/" + id, token).text("currentVersionId"))
                .isEqualTo(committed.text("id")).isNotEqualTo(firstVersion);
        assertThat(api.get("/api/v1/workflows/" + id + "/versions", token).json().path("items")).hasSize(2);
        assertThat(api.get("/api/v1/workflows/" + id + "/versions/" + firstVersion, token).json()
                .path("definition").path("nodes")).isEmpty();

        ApiClient.Response clone = api.post("/api/v1/workflows/" + id + "/clone", token, null);
        assertThat(clone.status()).isEqualTo(201);
        assertThat(clone.text("name")).isEqualTo("Router (copy)");

        assertThat(api.post("/api/v1/workflows/" + id + "/archive", token, null).json().path("archived").asBoolean())
                .isTrue();
        assertThat(api.post("/api/v1/workflows/" + id + "/versions", token, Map.of("definition", Map.of())).status())
                .isEqualTo(409);
        assertThat(api.get("/api/v1/workflows?archived=true", token).json().path("items")).hasSize(1);
        assertThat(api.get("/api/v1/workflows?archived=false", token).json().path("items")).hasSize(1);
    }

    @Test
    void executionsMoveThroughTheirLifecycleOnceAndAreListedNewestFirst() {
        Org org = signUp();
        String token = org.ownerToken();
        UUID workflow = createWorkflow(token, "wf");

        ApiClient.Response queued = api.post("/api/v1/workflows/" + workflow + "/executions", token,
                Map.of("status", "queued", "input", Map.of("x", 1)));
        assertThat(queued.status()).isEqualTo(201);
        String id = queued.text("id");
        assertThat(queued.json().path("startedAt").isNull()).isTrue();
        assertThat(queued.json().path("input").path("x").asInt()).isEqualTo(1);

        ApiClient.Response running = api.call("PATCH", "/api/v1/executions/" + id, token, Map.of("status", "running"));
        assertThat(running.json().path("startedAt").isNull()).isFalse();
        ApiClient.Response done = api.call("PATCH", "/api/v1/executions/" + id, token,
                Map.of("status", "success", "output", Map.of("ok", true)));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().path("output").path("ok").asBoolean()).isTrue();
        for (String status : List.of("running", "error", "cancelled", "success")) {
            ApiClient.Response again = api.call("PATCH", "/api/v1/executions/" + id, token, Map.of("status", status));
            assertThat(again.status()).as("a finished execution refuses " + status).isEqualTo(409);
        }
        assertThat(api.get("/api/v1/executions/" + id, token).text("status")).isEqualTo("success");

        api.post("/api/v1/workflows/" + workflow + "/executions", token, Map.of("status", "error"));
        JsonNode listed = api.get("/api/v1/executions?status=error", token).json().path("items");
        assertThat(listed).hasSize(1);
        assertThat(api.get("/api/v1/workflows/" + workflow + "/executions", token).json().path("items")).hasSize(2);
        assertThat(api.get("/api/v1/executions?status=finished", token).status()).isEqualTo(400);
    }

    @Test
    void aBatchLogsManyExecutionsInOrderOrNoneAtAll() {
        Org org = signUp();
        String token = org.ownerToken();
        UUID workflow = createWorkflow(token, "wf");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            items.add(Map.of("status", i % 10 == 0 ? "queued" : "success", "input", Map.of("i", i)));
        }
        ApiClient.Response logged = api.post("/api/v1/workflows/" + workflow + "/executions/batch", token,
                Map.of("executions", items));
        assertThat(logged.status()).as(logged.body()).isEqualTo(201);
        assertThat(logged.json().path("logged").asInt()).isEqualTo(1_000);
        JsonNode tenth = api.get("/api/v1/executions/" + logged.json().path("ids").get(10).asString(), token).json();
        assertThat(tenth.path("input").path("i").asInt()).isEqualTo(10);
        assertThat(tenth.path("status").asString()).isEqualTo("queued");
        assertThat(api.get("/api/v1/usage", token).json().path("totalExecutions").asInt()).isEqualTo(1_000);

        List<Map<String, Object>> oneBad = new ArrayList<>(items.subList(0, 5));
        oneBad.add(Map.of("status", "exploded"));
        ApiClient.Response refused = api.post("/api/v1/workflows/" + workflow + "/executions/batch", token,
                Map.of("executions", oneBad));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("detail")).contains("executions[5].status");
        assertThat(api.post("/api/v1/workflows/" + workflow + "/executions/batch", token,
                Map.of("executions", List.of())).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/workflows/" + UUID.randomUUID() + "/executions/batch", token,
                Map.of("executions", items.subList(0, 1))).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/usage", token).json().path("totalExecutions").asInt()).isEqualTo(1_000);
    }

    @Test
    void paginationStaysStableWhileRowsAreInserted() {
        Org org = signUp();
        String token = org.ownerToken();
        UUID workflow = createWorkflow(token, "wf");
        Set<String> original = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            original.add(api.post("/api/v1/workflows/" + workflow + "/executions", token, Map.of("status", "success"))
                    .text("id"));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/executions?limit=7" + (cursor == null ? "" : "&cursor=" + cursor), token)
                    .json();
            page.path("items").forEach(item -> seen.add(item.path("id").asString()));
            api.post("/api/v1/workflows/" + workflow + "/executions", token, Map.of("status", "running"));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(original);
        assertThat(api.get("/api/v1/executions?limit=201", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/executions?cursor=garbage", token).status()).isEqualTo(400);
    }

    @Test
    void credentialsTakeASecretAndNeverGiveItBack() {
        Org org = signUp();
        String token = org.ownerToken();
        String secret = "sk_live_" + UUID.randomUUID();
        ApiClient.Response created = api.post("/api/v1/credentials", token,
                Map.of("name", "Stripe", "type", "api_key", "secret", secret));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(secret);
        String id = created.text("id");

        ApiClient.Response listed = api.get("/api/v1/credentials", token);
        assertThat(listed.body()).doesNotContain(secret).contains("Stripe");
        assertThat(api.call("PUT", "/api/v1/credentials/" + id + "/secret", token, Map.of("secret", "new-" + secret))
                .status()).isEqualTo(204);
        assertThat(api.get("/api/v1/credentials/" + id + "/usage", token).json().path("items")).isEmpty();
        assertThat(api.call("DELETE", "/api/v1/credentials/" + id, token, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/credentials", token).json()).isEmpty();
        assertThat(api.get("/api/v1/audit", token).body()).contains("credential.created", "credential.rotated",
                "credential.deleted").doesNotContain(secret);
    }

    @Test
    void concurrentInstallsOfATemplateCountExactly() throws Exception {
        Org publisher = signUp();
        UUID workflow = createWorkflow(publisher.ownerToken(), "Popular");
        ApiClient.Response template = api.post("/api/v1/workflows/" + workflow + "/publish", publisher.ownerToken(), null);
        assertThat(template.status()).isEqualTo(201);
        String templateId = template.text("id");
        List<Org> installers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            installers.add(signUp());
        }

        int installs = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < installs; i++) {
                Org installer = installers.get(i % installers.size());
                Callable<Integer> install = () -> {
                    start.await();
                    return api.post("/api/v1/templates/" + templateId + "/install", installer.ownerToken(), null).status();
                };
                statuses.add(pool.submit(install));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(api.get("/api/v1/templates/" + templateId, publisher.ownerToken()).json().path("downloads").asInt())
                .isEqualTo(installs);
        int copies = 0;
        for (Org installer : installers) {
            JsonNode items = api.get("/api/v1/workflows", installer.ownerToken()).json().path("items");
            copies += items.size();
            items.forEach(item -> assertThat(item.path("name").asString()).isEqualTo("Popular"));
        }
        assertThat(copies).isEqualTo(installs);
        assertThat(api.get("/api/v1/templates?sort=downloads&limit=200", publisher.ownerToken()).body())
                .contains(templateId);
    }

    @Test
    void promptTemplatesInvoicesAndUsage() {
        Org org = signUp();
        String token = org.ownerToken();
        ApiClient.Response prompt = api.post("/api/v1/prompt-templates", token,
                Map.of("title", " Summarize ", "promptBody", "Summarize {{x}}"));
        assertThat(prompt.status()).isEqualTo(201);
        assertThat(prompt.text("title")).isEqualTo("Summarize");
        String promptId = prompt.text("id");
        assertThat(api.call("PATCH", "/api/v1/prompt-templates/" + promptId, token, Map.of("title", "Short"))
                .text("title")).isEqualTo("Short");
        String colleague = member(org, Role.ADMIN);
        assertThat(api.get("/api/v1/prompt-templates/" + promptId, colleague).status()).isEqualTo(404);
        assertThat(api.call("DELETE", "/api/v1/prompt-templates/" + promptId, token, null).status()).isEqualTo(204);

        ApiClient.Response invoice = api.post("/api/v1/invoices", token, Map.of("amountCents", 1500,
                "billingPeriodStart", "2026-10-01", "billingPeriodEnd", "2026-10-31"));
        assertThat(invoice.status()).isEqualTo(201);
        assertThat(invoice.text("status")).isEqualTo("draft");
        String invoiceId = invoice.text("id");
        assertThat(api.post("/api/v1/invoices/" + invoiceId + "/status", token, Map.of("status", "paid")).status())
                .isEqualTo(409);
        assertThat(api.post("/api/v1/invoices/" + invoiceId + "/status", token, Map.of("status", "open")).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/invoices", colleague).json().path("items")).hasSize(1);

        UUID workflow = createWorkflow(token, "wf");
        api.post("/api/v1/workflows/" + workflow + "/executions", token, Map.of("status", "success"));
        JsonNode usage = api.get("/api/v1/usage", token).json();
        assertThat(usage.path("totalExecutions").asInt()).isEqualTo(1);
        assertThat(usage.path("totalInvoices").asInt()).isEqualTo(1);
        assertThat(usage.path("lastInvoiceAmount").asInt()).isEqualTo(1500);
    }

    @Test
    void badInputGetsAClearProblemAndNeverAStackTrace() {
        Org org = signUp();
        String token = org.ownerToken();
        UUID workflow = createWorkflow(token, "wf");
        List<ApiClient.Response> refusals = List.of(
                api.post("/api/v1/workflows", token, "{not json"),
                api.post("/api/v1/workflows", token, Map.of("name", " ", "definition", Map.of())),
                api.post("/api/v1/workflows", token, Map.of("name", "x", "definition", List.of(1))),
                api.post("/api/v1/workflows", token, Map.of("name", "x")),
                api.get("/api/v1/workflows/not-a-uuid", token),
                api.post("/api/v1/workflows/" + workflow + "/executions", token, Map.of("status", "done")),
                api.post("/api/v1/members", token, Map.of("email", "x@y.z", "role", "emperor", "password", PASSWORD)),
                api.post("/api/v1/invoices", token, Map.of("amountCents", -1, "billingPeriodStart", "2026-01-01",
                        "billingPeriodEnd", "2026-01-31")),
                api.post("/api/v1/invoices", token, Map.of("amountCents", 1, "billingPeriodStart", "2026-02-01",
                        "billingPeriodEnd", "2026-01-31")),
                api.post("/api/v1/prompt-templates", token, Map.of("title", "t".repeat(201), "promptBody", "b")));
        for (ApiClient.Response refusal : refusals) {
            assertThat(refusal.status()).as(refusal.body()).isEqualTo(400);
            assertThat(refusal.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refusal.body()).doesNotContain("Exception", "\tat ", "org.springframework", "PSQL");
        }
        assertThat(api.get("/api/v1/workflows/" + UUID.randomUUID(), token).status()).isEqualTo(404);
        assertThat(api.call("DELETE", "/api/v1/workflows/" + workflow, token, null).status()).isEqualTo(405);
        assertThat(api.get("/api/v1/workflows", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/workflows", "x".repeat(43)).status()).isEqualTo(401);

        String huge = "{\"name\":\"x\",\"definition\":{\"blob\":\"" + "a".repeat(1_100_000) + "\"}}";
        assertThat(api.post("/api/v1/workflows", token, huge).status()).isEqualTo(413);
        ApiClient.Response chunked = api.send("POST", "/api/v1/workflows", token, HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(huge.getBytes())), "application/json");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(api.get("/api/v1/workflows", token).json().path("items")).hasSize(1);
    }

    @Test
    void theOpenApiDescriptionAndItsPageAreServed() {
        ApiClient.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("paths").has("/api/v1/workflows/{workflowId}")).isTrue();
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }
}
