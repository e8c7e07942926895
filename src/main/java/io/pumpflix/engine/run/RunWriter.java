package io.pumpflix.engine.run;

import io.pumpflix.engine.expression.JsonText;
import io.pumpflix.execution.NodeResult;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantScope;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes the ends of runs, many per transaction: runs that end together are written together (one
 * statement, one commit per organization), and whoever waits on one goes on only once it is
 * committed. Two kinds: runs that happened within their triggers' requests
 * ({@code pumpflix.record_runs}) and queued runs this instance holds ({@code pumpflix.finish_runs},
 * fenced by the lease). Two writers, so that one batch is written while the next gathers.
 */
@Component
public class RunWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunWriter.class);
    private static final int BATCH = 256;
    private static final int WRITERS = 2;
    /** Tries of a batch that met a deadlock or a serialization failure, which nothing but time resolves. */
    private static final int ATTEMPTS = 5;

    /** Runs written together: one organization, and for queued runs the instance that holds them. */
    private record Batch(UUID organizationId, String owner) {
    }

    /** One finished run to write, and whether it was. */
    private record Pending(Batch batch, UUID executionId, String json, CompletableFuture<Boolean> written) {
    }

    private final TenantScope tenants;
    private final Routines routines;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    RunWriter(TenantScope tenants, Routines routines) {
        this.tenants = tenants;
        this.routines = routines;
    }

    /**
     * Writes a run that happened within its trigger's request and waits for its commit; false when
     * its version is no longer current (or its workflow was archived) and it was not written.
     */
    boolean record(UUID organizationId, UUID executionId, UUID workflowId, UUID versionId, String mode, String inputJson,
            String status, String outputJson, String errorJson, List<NodeResult> nodes, Duration within) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"id\":\"").append(executionId).append("\",\"workflowId\":\"").append(workflowId)
                .append("\",\"versionId\":\"").append(versionId).append("\",\"mode\":").append(JsonText.of(mode))
                .append(",\"input\":").append(inputJson == null ? "null" : inputJson);
        return write(new Batch(organizationId, null), executionId, ending(json, status, outputJson, errorJson, nodes),
                within);
    }

    /**
     * Ends a queued run this instance holds and waits for its commit; false when the instance no
     * longer holds it (cancelled, taken over) and nothing was written.
     */
    boolean finish(UUID organizationId, String owner, UUID executionId, String status, String outputJson,
            String errorJson, List<NodeResult> nodes, Duration within) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"id\":\"").append(executionId).append('"');
        return write(new Batch(organizationId, owner), executionId, ending(json, status, outputJson, errorJson, nodes),
                within);
    }

    private static String ending(StringBuilder json, String status, String outputJson, String errorJson,
            List<NodeResult> nodes) {
        json.append(",\"status\":").append(JsonText.of(status))
                .append(",\"output\":").append(outputJson == null ? "null" : outputJson)
                .append(",\"error\":").append(errorJson == null ? "null" : errorJson)
                .append(",\"nodes\":[");
        for (int i = 0; i < nodes.size(); i++) {
            NodeResult node = nodes.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":").append(JsonText.of(node.node()))
                    .append(",\"position\":").append(node.position())
                    .append(",\"status\":").append(JsonText.of(node.status()))
                    .append(",\"items\":").append(node.items() == null ? "null" : node.items())
                    .append(",\"error\":").append(node.error() == null ? "null" : node.error())
                    .append(",\"response\":").append(node.response() == null ? "null" : node.response())
                    .append(",\"startedAt\":\"").append(utc(node.startedAt()))
                    .append("\",\"finishedAt\":\"").append(utc(node.finishedAt())).append("\"}");
        }
        return json.append("]}").toString();
    }

    private boolean write(Batch batch, UUID executionId, String json, Duration within) {
        Pending run = new Pending(batch, executionId, json, new CompletableFuture<>());
        pending.add(run);
        try {
            return run.written().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the run was written", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the run was not written within " + within.toMillis() + " ms");
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                pending.drainTo(batch, BATCH - 1);
                Map<Batch, List<Pending>> together = new LinkedHashMap<>();
                batch.forEach(run -> together.computeIfAbsent(run.batch(), k -> new ArrayList<>()).add(run));
                together.forEach(this::write);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(Batch batch, List<Pending> runs) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < runs.size(); i++) {
            json.append(i == 0 ? "" : ",").append(runs.get(i).json());
        }
        json.append(']');
        for (int attempt = 1; ; attempt++) {
            try {
                Set<UUID> written = tenants.call(batch.organizationId(), null, () -> new HashSet<>(batch.owner() == null
                        ? routines.list("SELECT id FROM pumpflix.record_runs(?::jsonb)", (rs, n) -> Rows.uuid(rs, "id"),
                                json.toString())
                        : routines.list("SELECT id FROM pumpflix.finish_runs(?, ?::jsonb)", (rs, n) -> Rows.uuid(rs, "id"),
                                batch.owner(), json.toString())));
                runs.forEach(run -> run.written().complete(written.contains(run.executionId())));
                return;
            } catch (RuntimeException e) {
                if (attempt < ATTEMPTS && transientFailure(e)) {
                    log.debug("Writing {} run(s) met {}; trying again", runs.size(), e.getMessage());
                    pause(attempt * 20L);
                    continue;
                }
                log.warn("Writing {} run(s) failed: {}", runs.size(), e.getMessage());
                runs.forEach(run -> run.written().completeExceptionally(e));
                return;
            }
        }
    }

    /** A deadlock (40P01) or a serialization failure (40001): the same transaction again will do. */
    private static boolean transientFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("40P01") || sql.getSQLState().equals("40001"))) {
                return true;
            }
        }
        return false;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < WRITERS; i++) {
            Thread writer = new Thread(this::write, "run-recorder-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Writes what is pending, then stops. */
    @Override
    public void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server's graceful shutdown, like the dispatcher. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }
}
