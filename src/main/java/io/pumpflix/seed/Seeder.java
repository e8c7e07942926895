package io.pumpflix.seed;

import io.pumpflix.platform.OwnerDatabase;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Fills the database for benchmarks and demos: organizations, users and workflows by plain
 * inserts, then executions in chunks (100,000 by default) through {@code pumpflix.insert_executions}
 * (the one insert every writer uses, so the rules and the usage counts are the same), each chunk
 * one transaction that records itself as done. Interrupted, the same command resumes at the first
 * chunk not done. Works as the tables' owner: only the owner may log executions in the past.
 */
@Component
class Seeder {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final String[] STATUSES = {"success", "error", "running", "queued"};

    private final OwnerDatabase owner;

    Seeder(OwnerDatabase owner) {
        this.owner = owner;
    }

    record Workflow(UUID id, UUID organizationId) {
    }

    void seed(SeedPlan plan, PrintStream out) {
        seed(plan, out, Long.MAX_VALUE);
    }

    /** Writes at most {@code maxNewChunks} chunks, as if interrupted after them (for tests). */
    void seed(SeedPlan plan, PrintStream out, long maxNewChunks) {
        String run = plan.runId();
        owner.jdbc().sql("""
                CREATE TABLE IF NOT EXISTS pumpflix.seed_chunks (
                    run TEXT NOT NULL, chunk BIGINT NOT NULL, PRIMARY KEY (run, chunk))""").update();
        List<List<Workflow>> byOrganization = setUp(plan, run, out);
        long done = owner.jdbc().sql("SELECT count(*) FROM pumpflix.seed_chunks WHERE run = ? AND chunk >= 0")
                .param(run).query(Long.class).single();
        if (done > 0) {
            out.printf("Resuming seed run %s: %d of %d chunks already done%n", run, done, plan.chunks());
        }
        long started = System.nanoTime();
        long written = 0;
        long newChunks = 0;
        for (long chunk = 0; chunk < plan.chunks() && newChunks < maxNewChunks; chunk++) {
            long size = Math.min(plan.chunkSize(), plan.executions() - chunk * plan.chunkSize());
            if (chunkDone(run, chunk)) {
                progress(out, chunk + 1, plan, written, started);
                continue;
            }
            long index = chunk;
            owner.transaction(() -> {
                writeChunk(plan, run, index, size, byOrganization);
                return null;
            });
            written += size;
            newChunks++;
            progress(out, chunk + 1, plan, written, started);
        }
        if (newChunks == maxNewChunks) {
            out.println();
            out.println("Stopped after " + newChunks + " chunk(s); run the same command again to resume.");
            return;
        }
        out.println();
        out.println("Analyzing tables...");
        owner.jdbc().sql("ANALYZE public.workflow_executions").update();
        owner.jdbc().sql("ANALYZE pumpflix.execution_counts").update();
        out.printf("Seed run %s complete: %d organizations, %d executions. Busy organization: %s%n", run,
                plan.organizations(), plan.executions(), byOrganization.get(0).get(0).organizationId());
    }

    private boolean chunkDone(String run, long chunk) {
        return owner.jdbc().sql("SELECT count(*) FROM pumpflix.seed_chunks WHERE run = ? AND chunk = ?")
                .params(run, chunk).query(Long.class).single() > 0;
    }

    /** Organizations, users, workflows: made once per run (chunk -1), found again on resume. */
    private List<List<Workflow>> setUp(SeedPlan plan, String run, PrintStream out) {
        if (!chunkDone(run, -1)) {
            out.printf("Creating %d organizations with %d users and %d workflows each%n", plan.organizations(),
                    plan.usersPerOrganization(), plan.workflowsPerOrganization());
            owner.transaction(() -> {
                owner.jdbc().sql("""
                        INSERT INTO public.organizations (name) SELECT 'seed ' || ? || ' ' || n
                        FROM generate_series(1, ?) n""").params(run, plan.organizations()).update();
                owner.jdbc().sql("""
                        INSERT INTO public.users (email, organization_id, role)
                        SELECT 'seed-' || ? || '-' || o.id || '-' || n || '@seed.pumpflix', o.id,
                               CASE WHEN n = 1 THEN 'owner' ELSE 'user' END
                        FROM public.organizations o, generate_series(1, ?) n WHERE o.name LIKE 'seed ' || ? || ' %'""")
                        .params(run, plan.usersPerOrganization(), run).update();
                owner.jdbc().sql("""
                        INSERT INTO public.workflows (organization_id, name, created_by)
                        SELECT o.id, 'seed workflow ' || n, (SELECT u.id FROM public.users u
                               WHERE u.organization_id = o.id AND u.role = 'owner' LIMIT 1)
                        FROM public.organizations o, generate_series(1, ?) n WHERE o.name LIKE 'seed ' || ? || ' %'""")
                        .params(plan.workflowsPerOrganization(), run).update();
                owner.jdbc().sql("""
                        INSERT INTO public.workflow_versions (workflow_id, json_schema, created_by)
                        SELECT w.id, '{"nodes": []}', w.created_by FROM public.workflows w
                        JOIN public.organizations o ON o.id = w.organization_id WHERE o.name LIKE 'seed ' || ? || ' %'""")
                        .param(run).update();
                owner.jdbc().sql("""
                        UPDATE public.workflows w SET current_version_id = v.id FROM public.workflow_versions v,
                               public.organizations o
                        WHERE v.workflow_id = w.id AND o.id = w.organization_id AND o.name LIKE 'seed ' || ? || ' %'""")
                        .param(run).update();
                owner.jdbc().sql("INSERT INTO pumpflix.seed_chunks VALUES (?, -1)").param(run).update();
                return null;
            });
        }
        Map<UUID, List<Workflow>> grouped = new HashMap<>();
        List<UUID> order = new ArrayList<>();
        owner.jdbc().sql("""
                SELECT w.id, w.organization_id FROM public.workflows w JOIN public.organizations o ON o.id = w.organization_id
                WHERE o.name LIKE 'seed ' || ? || ' %' ORDER BY (split_part(o.name, ' ', 3))::int, w.name""").param(run)
                .query((rs, n) -> new Workflow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list()
                .forEach(w -> grouped.computeIfAbsent(w.organizationId(), id -> {
                    order.add(id);
                    return new ArrayList<>();
                }).add(w));
        return order.stream().map(grouped::get).toList();
    }

    private void writeChunk(SeedPlan plan, String run, long chunk, long size, List<List<Workflow>> byOrganization) {
        Random random = new Random(plan.randomSeed() ^ (chunk * 0x9E3779B97F4A7C15L));
        YearMonth current = YearMonth.now(ZoneOffset.UTC);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        int n = (int) size;
        String[] workflowIds = new String[n];
        String[] statuses = new String[n];
        String[] loggedAt = new String[n];
        Integer[] runSeconds = new Integer[n];
        String[] inputs = new String[n];
        for (int i = 0; i < n; i++) {
            List<Workflow> workflows = organization(plan, random, byOrganization);
            Workflow workflow = workflows.get(random.nextInt(workflows.size()));
            int pick = random.nextInt(100);
            String status = pick < 88 ? STATUSES[0] : pick < 96 ? STATUSES[1] : pick < 99 ? STATUSES[2] : STATUSES[3];
            YearMonth month = current.minusMonths(random.nextInt(plan.months()));
            LocalDateTime start = month.atDay(1).atStartOfDay()
                    .plusSeconds((long) (random.nextDouble() * month.lengthOfMonth() * 86_400));
            if (start.isAfter(now)) {
                start = now.minusSeconds(random.nextInt(3600));
            }
            workflowIds[i] = workflow.id().toString();
            statuses[i] = status;
            loggedAt[i] = TIMESTAMP.format(start);
            runSeconds[i] = 1 + random.nextInt(120);
            inputs[i] = "{\"seed\": true}";
        }
        // the same insert, with the same rules and the same usage counting, as every other writer;
        // only its backdating is reserved to the owner's connection
        owner.jdbc().sql("""
                SELECT count(*) FROM pumpflix.insert_executions(?::uuid[], ?::text[], ?::jsonb[], NULL::jsonb[],
                                                                ?::timestamp[], ?::int[])""")
                .params(workflowIds, statuses, inputs, loggedAt, runSeconds).query(Long.class).single();
        owner.jdbc().sql("INSERT INTO pumpflix.seed_chunks VALUES (?, ?)").params(run, chunk).update();
    }

    private static List<Workflow> organization(SeedPlan plan, Random random, List<List<Workflow>> byOrganization) {
        if (byOrganization.size() == 1 || random.nextDouble() < plan.hotShare()) {
            return byOrganization.get(0);
        }
        return byOrganization.get(1 + random.nextInt(byOrganization.size() - 1));
    }

    private static void progress(PrintStream out, long chunksDone, SeedPlan plan, long written, long startedNanos) {
        double fraction = plan.chunks() == 0 ? 1 : (double) chunksDone / plan.chunks();
        int filled = (int) (fraction * 30);
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        long rate = seconds > 0 ? (long) (written / seconds) : 0;
        out.printf("\r[%s%s] %3.0f%%  %,d of %,d executions  %,d rows/s   ", "#".repeat(filled), ".".repeat(30 - filled),
                fraction * 100, Math.min(plan.executions(), chunksDone * plan.chunkSize()), plan.executions(), rate);
        out.flush();
    }
}
