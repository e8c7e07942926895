package io.pumpflix.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.ApiClient;
import io.pumpflix.api.ApiTest;
import io.pumpflix.engine.EngineTest;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The free plan's hard cap (docs/billing.md, "Quotas") on what the engine starts by itself: a
 * webhook call past the cap answers its caller 402 and starts nothing, in both answer modes; a
 * schedule's tick past the cap is skipped. Below the cap, the same calls and ticks run.
 */
class QuotaOfRunsTest extends EngineTest {

    @Autowired
    ScheduleTicks ticks;

    /** Executions of the organization logged now, as many as {@code count} (the owner's insert). */
    private void spend(ApiTest.Org org, int count) {
        UUID workflow = routines.createWorkflow(org.organizationId(), org.ownerId(), "spent", null, "{\"nodes\": []}");
        jdbc.sql("""
                SELECT count(*) FROM pumpflix.insert_executions(array_fill(?::uuid, ARRAY[?]), array_fill('success'::text, ARRAY[?]),
                    array_fill(NULL::jsonb, ARRAY[?]), array_fill(NULL::jsonb, ARRAY[?]), array_fill(?::timestamp, ARRAY[?]))""")
                .params(workflow, count, count, count, count, LocalDateTime.now(ZoneOffset.UTC), count)
                .query(Long.class).single();
    }

    private ApiClient.Response hook(String path) {
        return new ApiClient(port).send("POST", "/webhook/" + path, null, HttpRequest.BodyPublishers.ofString("{\"a\": 1}"),
                "application/json");
    }

    private long executions(UUID workflow) {
        return jdbc.sql("SELECT count(*) FROM workflow_executions WHERE workflow_id = ?").param(workflow)
                .query(Long.class).single();
    }

    @Test
    void aWebhookPastTheCapAnswers402AndStartsNothing() {
        ApiTest.Org org = signUp();
        String answering = "quota/" + UUID.randomUUID();
        String queued = "quota/" + UUID.randomUUID();
        UUID lastNode = workflow(org.ownerToken(), chain(node("Hook", "webhook", "path", answering, "responseMode", "lastNode"),
                node("Done", "noOp")));
        UUID onReceived = workflow(org.ownerToken(), chain(node("Hook", "webhook", "path", queued), node("Done", "noOp")));
        spend(org, 998);

        assertThat(hook(answering).status()).as("the 999th").isEqualTo(200);
        assertThat(hook(queued).status()).as("the 1000th").isEqualTo(202);
        ApiClient.Response refusedNow = hook(answering);
        ApiClient.Response refusedQueued = hook(queued);

        for (ApiClient.Response refused : new ApiClient.Response[] {refusedNow, refusedQueued}) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(402);
            assertThat(refused.json().path("plan").asString()).isEqualTo("free");
            assertThat(refused.json().path("cap").asLong()).isEqualTo(1000);
        }
        assertThat(executions(lastNode)).isEqualTo(1);
        assertThat(executions(onReceived)).isEqualTo(1);
    }

    @Test
    void aScheduleTickPastTheCapIsSkipped() {
        ApiTest.Org org = signUp();
        // once a year, in a zone of its own: the real clock does not fire it during the test
        ScheduleRule rule = new ScheduleRule("0 0 0 1 1 *", "Pacific/Chatham");
        UUID workflow = workflow(org.ownerToken(), chain(node("Clock", "scheduleTrigger", "cron", rule.cron(),
                "timezone", rule.timezone()), node("Done", "noOp")));
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        spend(org, 999);

        ticks.fire(rule, due);
        long afterFirst = executions(workflow);
        ticks.fire(rule, due.plusSeconds(1));

        assertThat(afterFirst).as("the 1000th execution of the month is within the cap").isEqualTo(1);
        assertThat(executions(workflow)).as("the tick past the cap started nothing").isEqualTo(1);
        assertThat(api.get("/api/v1/billing/usage", org.ownerToken()).json().path("remaining").asLong()).isZero();
        api.post("/api/v1/billing/subscription", org.ownerToken(), Map.of("plan", "pro"));
        ticks.fire(rule, due.plusSeconds(2));
        assertThat(executions(workflow)).as("on a plan without a cap the next tick runs").isEqualTo(2);
    }
}
