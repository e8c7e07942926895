package io.pumpflix.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.api.ApiClient;
import io.pumpflix.api.ApiTest;
import io.pumpflix.identity.Role;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Billing against the real database: subscriptions, the month's count at its edges, the billing
 * run (exactly one invoice per organization and month, also when two run at once or one is cut off
 * half-way), a plan change in the middle of a month, quotas and who may see or change what.
 */
class BillingTest extends ApiTest {

    @Autowired
    BillingRun billingRun;

    /** Executions of a new workflow of the organization, logged at {@code at} (backdating: the owner only). */
    private void executionsAt(UUID organization, UUID ownerId, LocalDateTime at, int count) {
        UUID workflow = routines.createWorkflow(organization, ownerId, "billed", null, "{\"nodes\": []}");
        jdbc.sql("""
                SELECT count(*) FROM pumpflix.insert_executions(array_fill(?::uuid, ARRAY[?]), array_fill('success'::text, ARRAY[?]),
                    array_fill(NULL::jsonb, ARRAY[?]), array_fill(NULL::jsonb, ARRAY[?]), array_fill(?::timestamp, ARRAY[?]))""")
                .params(workflow, count, count, count, count, at, count).query(Long.class).single();
    }

    /**
     * The organization's subscription as if it had been on its plan from the month before
     * {@code month} to the month after (so that the test's billing runs of other months leave it out).
     */
    private void subscribedSince(UUID organization, YearMonth month) {
        jdbc.sql("UPDATE pumpflix.subscriptions SET starts_at = ?, ends_at = ? WHERE organization_id = ?")
                .params(month.minusMonths(1).atDay(1).atStartOfDay(), month.plusMonths(1).atDay(15).atStartOfDay(),
                        organization).update();
    }

    private List<Map<String, Object>> invoices(UUID organization) {
        return jdbc.sql("SELECT id, amount_cents, status, billing_period_start, billing_period_end FROM invoices "
                + "WHERE organization_id = ?").param(organization).query().listOfRows();
    }

    @Test
    void signUpPutsTheOrganizationOnTheFreePlanAndOwnersChangeIt() {
        Org org = signUp();
        JsonNode subscription = api.get("/api/v1/billing/subscription", org.ownerToken()).json();
        assertThat(subscription.path("plan").path("id").asString()).isEqualTo("free");
        assertThat(subscription.path("plan").path("hardCap").asLong()).isEqualTo(1000);

        assertThat(api.post("/api/v1/billing/subscription", member(org, Role.ADMIN), Map.of("plan", "pro")).status())
                .as("admins read billing but do not change the plan").isEqualTo(403);
        assertThat(api.get("/api/v1/billing/subscription", member(org, Role.USER)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/billing/usage", member(org, Role.VIEWER)).status()).isEqualTo(403);
        ApiClient.Response unknown = api.post("/api/v1/billing/subscription", org.ownerToken(), Map.of("plan", "gold"));
        assertThat(unknown.status()).as("a value of the body, as the description declares").isEqualTo(400);
        assertThat(unknown.text("detail")).startsWith("plan: there is no plan gold");
        assertThat(api.get("/api/v1/billing/subscription", org.ownerToken()).json().path("plan").path("id").asString())
                .as("nothing changed").isEqualTo("free");
        ApiClient.Response changed = api.post("/api/v1/billing/subscription", org.ownerToken(), Map.of("plan", "pro"));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("plan").path("id").asString()).isEqualTo("pro");
        assertThat(api.get("/api/v1/billing/subscription", member(org, Role.ADMIN)).json().path("plan").path("id")
                .asString()).isEqualTo("pro");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE organization_id = ? AND action = 'subscription.changed'")
                .param(org.organizationId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theHardCapRefusesWithA402UntilTheMonthTurnsOrThePlanChanges() {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "capped");
        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        // a full cap spent last month, up to its very last microsecond, does not count this month
        executionsAt(org.organizationId(), org.ownerId(),
                thisMonth.atDay(1).atStartOfDay().minusNanos(1000), 1000);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 999; i++) {
            batch.add(Map.of("status", "success"));
        }
        assertThat(api.post("/api/v1/workflows/" + workflow + "/executions/batch", org.ownerToken(),
                Map.of("executions", batch)).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/workflows/" + workflow + "/executions/batch", org.ownerToken(),
                Map.of("executions", List.of(Map.of("status", "success"), Map.of("status", "success")))).status())
                .as("two more would pass the cap").isEqualTo(402);
        assertThat(api.post("/api/v1/workflows/" + workflow + "/executions", org.ownerToken(),
                Map.of("status", "success")).status()).as("the thousandth fits").isEqualTo(201);

        ApiClient.Response refused = api.post("/api/v1/workflows/" + workflow + "/executions", org.ownerToken(),
                Map.of("status", "success"));
        ApiClient.Response run = api.post("/api/v1/workflows/" + workflow + "/run", org.ownerToken(), null);

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.json().path("plan").asString()).isEqualTo("free");
        assertThat(refused.json().path("cap").asLong()).isEqualTo(1000);
        assertThat(refused.json().path("resetsAt").asString())
                .isEqualTo(thisMonth.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        assertThat(run.status()).as("a run is an execution too").isEqualTo(402);
        JsonNode usage = api.get("/api/v1/billing/usage", org.ownerToken()).json();
        assertThat(usage.path("executions").asLong()).isEqualTo(1000);
        assertThat(usage.path("remaining").asLong()).isZero();

        api.post("/api/v1/billing/subscription", org.ownerToken(), Map.of("plan", "pro"));
        assertThat(api.post("/api/v1/workflows/" + workflow + "/executions", org.ownerToken(),
                Map.of("status", "success")).status()).as("a plan without a cap").isEqualTo(201);
    }

    @Test
    void executionsAtTheEdgesOfAMonthLandInTheirMonthsAndTheRunBillsEachOrganizationOnce() throws Exception {
        YearMonth month = YearMonth.of(2025, 3);
        List<Org> orgs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Org org = signUp();
            subscribedSince(org.organizationId(), month);
            executionsAt(org.organizationId(), org.ownerId(), LocalDateTime.of(2025, 3, 31, 23, 59, 59, 999_999_000), 100 + i);
            executionsAt(org.organizationId(), org.ownerId(), LocalDateTime.of(2025, 4, 1, 0, 0), 7);
            executionsAt(org.organizationId(), org.ownerId(), LocalDateTime.of(2025, 3, 1, 0, 0), 1);
            orgs.add(org);
        }
        jdbc.sql("UPDATE pumpflix.subscriptions SET plan_id = 'pro' WHERE organization_id = ?")
                .param(orgs.get(0).organizationId()).update();

        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Future<BillingRun.Progress>> runs = two.invokeAll(List.<Callable<BillingRun.Progress>>of(
                () -> billingRun.run(month, 2, p -> { }), () -> billingRun.run(month, 3, p -> { })));
        two.shutdown();
        int made = 0;
        for (Future<BillingRun.Progress> run : runs) {
            made += run.get().invoiced();
        }

        assertThat(made).as("two runs at once made one invoice per organization").isEqualTo(orgs.size());
        for (int i = 0; i < orgs.size(); i++) {
            List<Map<String, Object>> invoices = invoices(orgs.get(i).organizationId());
            assertThat(invoices).hasSize(1);
            assertThat(invoices.get(0)).containsEntry("status", "open")
                    .containsEntry("billing_period_start", java.sql.Date.valueOf("2025-03-01"))
                    .containsEntry("billing_period_end", java.sql.Date.valueOf("2025-03-31"));
            long counted = jdbc.sql("SELECT sum(quantity) FROM pumpflix.invoice_lines WHERE invoice_id = ? "
                    + "AND description NOT LIKE '%base fee%'").param(invoices.get(0).get("id")).query(Long.class).single();
            assertThat(counted).as("the March executions, the last microsecond's included, April's not").isEqualTo(101 + i);
            long sum = jdbc.sql("SELECT sum(amount_cents) FROM pumpflix.invoice_lines WHERE invoice_id = ?")
                    .param(invoices.get(0).get("id")).query(Long.class).single();
            assertThat(((Number) invoices.get(0).get("amount_cents")).longValue()).isEqualTo(sum);
        }
        assertThat(((Number) invoices(orgs.get(0).organizationId()).get(0).get("amount_cents")).longValue())
                .as("a whole month of Pro's base fee, its 101 executions included").isEqualTo(4900);
        assertThat(billingRun.run(month, p -> { }).invoiced()).as("a rerun makes nothing").isZero();
        Org free = orgs.get(1);
        ApiClient.Response document = api.get("/api/v1/invoices/" + invoices(free.organizationId()).get(0).get("id"),
                free.ownerToken());
        assertThat(document.body()).as("quantities as a person writes them, not 1.02E+2")
                .contains("\"quantity\":102,").doesNotContain("E+");
    }

    @Test
    void aRunCutOffHalfWayAndRunAgainBillsEveryOrganizationOnce() {
        YearMonth month = YearMonth.of(2025, 5);
        List<Org> orgs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Org org = signUp();
            subscribedSince(org.organizationId(), month);
            executionsAt(org.organizationId(), org.ownerId(), LocalDateTime.of(2025, 5, 10, 12, 0), 3);
            orgs.add(org);
        }

        assertThatThrownBy(() -> billingRun.run(month, 4, progress -> {
            throw new IllegalStateException("the instance died after its first page");
        })).hasMessageContaining("died");
        long billedFirst = orgs.stream().filter(o -> !invoices(o.organizationId()).isEmpty()).count();
        BillingRun.Progress rerun = billingRun.run(month, 4, p -> { });

        assertThat(billedFirst).as("the first page was committed").isEqualTo(4);
        assertThat(rerun.invoiced()).isEqualTo(5);
        assertThat(orgs).allSatisfy(o -> assertThat(invoices(o.organizationId())).hasSize(1));
    }

    @Test
    void aPlanChangeInTheMiddleOfAMonthIsBilledByEachPlanInTurn() {
        Org org = signUp();
        YearMonth month = YearMonth.of(2025, 11);
        LocalDateTime change = LocalDateTime.of(2025, 11, 16, 0, 0);
        jdbc.sql("DELETE FROM pumpflix.subscriptions WHERE organization_id = ?").param(org.organizationId()).update();
        jdbc.sql("""
                INSERT INTO pumpflix.subscriptions (organization_id, plan_id, starts_at, ends_at, executions_at_start)
                VALUES (?, 'free', ?, ?, 0), (?, 'pro', ?, NULL, 700)""")
                .params(org.organizationId(), LocalDateTime.of(2025, 9, 1, 0, 0), change, org.organizationId(), change)
                .update();
        executionsAt(org.organizationId(), org.ownerId(), LocalDateTime.of(2025, 11, 3, 0, 0), 700);
        executionsAt(org.organizationId(), org.ownerId(), LocalDateTime.of(2025, 11, 20, 0, 0), 60_000);

        billingRun.run(month, p -> { });

        Map<String, Object> invoice = invoices(org.organizationId()).get(0);
        // worked out in PricingTest: 2,450 (half of Pro's base fee) + 10,700 executions past Pro's 50,000 at 0.1
        assertThat(((Number) invoice.get("amount_cents")).longValue()).isEqualTo(3520);
        JsonNode document = api.get("/api/v1/invoices/" + invoice.get("id"), org.ownerToken()).json();
        assertThat(document.path("amountCents").asLong()).isEqualTo(3520);
        assertThat(document.path("lines")).extracting(l -> l.path("amountCents").asLong()).containsExactly(0L, 2450L, 0L, 1070L);
        ApiClient.Response page = api.get("/api/v1/invoices/" + invoice.get("id") + "/print", org.ownerToken());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<table>").contains("Pro plan, base fee").contains("35.20").contains(">10,700<");
        assertThat(api.get("/api/v1/invoices/" + invoice.get("id") + "/print", member(org, Role.USER)).status())
                .isEqualTo(403);
    }

    @Test
    void changingPlanThroughTheRoutineSplitsTheMonthAtTheCountSoFar() {
        Org org = signUp();
        UUID workflow = createWorkflow(org.ownerToken(), "counted");
        for (int i = 0; i < 3; i++) {
            api.post("/api/v1/workflows/" + workflow + "/executions", org.ownerToken(), Map.of("status", "success"));
        }

        api.post("/api/v1/billing/subscription", org.ownerToken(), Map.of("plan", "pro"));
        api.post("/api/v1/billing/subscription", org.ownerToken(), Map.of("plan", "pro"));

        List<Map<String, Object>> periods = jdbc.sql("SELECT plan_id, ends_at IS NULL AS open, executions_at_start "
                + "FROM pumpflix.subscriptions WHERE organization_id = ? ORDER BY starts_at").param(org.organizationId())
                .query().listOfRows();
        assertThat(periods).hasSize(2);
        assertThat(periods.get(0)).containsEntry("plan_id", "free").containsEntry("open", false);
        assertThat(periods.get(1)).containsEntry("plan_id", "pro").containsEntry("open", true)
                .containsEntry("executions_at_start", 3L);
        JsonNode usage = api.get("/api/v1/billing/usage", org.ownerToken()).json();
        assertThat(usage.path("plan").path("id").asString()).isEqualTo("pro");
        assertThat(usage.path("executions").asLong()).isEqualTo(3);
        assertThat(usage.path("hardCap").isNull()).isTrue();
        assertThat(usage.path("estimatedLines").toString()).contains("Free plan, included executions");
    }
}
