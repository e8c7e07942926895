package io.pumpflix.collaboration.live;

import io.pumpflix.engine.RunEvent;
import io.pumpflix.platform.OwnerDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine's run events, to whoever watches the workflow on any instance: collected as runs
 * publish them (after their commits), and sent every 50 ms as a few notifications of up to about
 * 7 KB each, outside every run's transaction, so watching never slows a run's commit. Events of
 * workflows nobody watches (no active session on any instance, refreshed every second) are
 * dropped.
 */
final class RunEventRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunEventRelay.class);
    private static final int MAX_PAYLOAD = 7_000;
    private static final int MAX_PENDING = 100_000;

    private final JsonMapper json;
    private final OwnerDatabase owner;
    private final Consumer<String> publish;
    private final Set<UUID> local;
    private final ConcurrentLinkedQueue<ObjectNode> pending = new ConcurrentLinkedQueue<>();
    private volatile Set<UUID> watched = Set.of();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "run-event-relay");
        thread.setDaemon(true);
        return thread;
    });

    RunEventRelay(JsonMapper json, OwnerDatabase owner, Consumer<String> publish, Set<UUID> localWorkflows) {
        this.json = json;
        this.owner = owner;
        this.publish = publish;
        this.local = localWorkflows;
        flusher.scheduleWithFixedDelay(this::flush, 50, 50, TimeUnit.MILLISECONDS);
        flusher.scheduleWithFixedDelay(this::refreshWatched, 0, 1, TimeUnit.SECONDS);
    }

    void relay(RunEvent event) {
        if (!watched.contains(event.workflowId()) && !local.contains(event.workflowId())) {
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            return;
        }
        ObjectNode envelope = json.createObjectNode()
                .put("type", event.type())
                .put("workflowId", event.workflowId().toString())
                .put("executionId", event.executionId().toString());
        envelope.set("data", json.valueToTree(event.data()));
        pending.add(envelope);
    }

    private void refreshWatched() {
        try {
            watched = new HashSet<>(owner.jdbc().sql("SELECT DISTINCT workflow_id FROM public.websocket_sessions WHERE is_active")
                    .query(UUID.class).list());
        } catch (RuntimeException e) {
            log.debug("Could not read who watches which workflow: {}", e.getMessage());
        }
    }

    private void flush() {
        try {
            ArrayNode batch = json.createArrayNode();
            int size = 2;
            List<String> payloads = new ArrayList<>();
            for (ObjectNode envelope = pending.poll(); envelope != null; envelope = pending.poll()) {
                String text = envelope.toString();
                if (size + text.length() + 1 > MAX_PAYLOAD && !batch.isEmpty()) {
                    payloads.add(batch.toString());
                    batch = json.createArrayNode();
                    size = 2;
                }
                batch.add(envelope);
                size += text.length() + 1;
            }
            if (!batch.isEmpty()) {
                payloads.add(batch.toString());
            }
            payloads.forEach(publish);
        } catch (RuntimeException e) {
            log.warn("Could not relay run events: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }
}
