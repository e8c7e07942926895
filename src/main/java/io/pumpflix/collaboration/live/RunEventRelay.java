package io.pumpflix.collaboration.live;

import io.pumpflix.engine.RunEvent;
import io.pumpflix.platform.OwnerDatabase;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine's run events, to whoever watches the workflow on any instance. Runs publish them
 * after their commits; this only queues them on the live channel, which sends them in batches
 * from its own thread and transactions, so watching never slows a run or its commit. Events of
 * workflows nobody watches (no active session on any instance, refreshed every second) are
 * dropped.
 */
final class RunEventRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunEventRelay.class);

    private final JsonMapper json;
    private final OwnerDatabase owner;
    private final Consumer<String> publish;
    private final Set<UUID> local;
    private volatile Set<UUID> watched = Set.of();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "run-event-watchers");
        thread.setDaemon(true);
        return thread;
    });

    RunEventRelay(JsonMapper json, OwnerDatabase owner, Consumer<String> publish, Set<UUID> localWorkflows) {
        this.json = json;
        this.owner = owner;
        this.publish = publish;
        this.local = localWorkflows;
        refresher.scheduleWithFixedDelay(this::refreshWatched, 0, 1, TimeUnit.SECONDS);
    }

    void relay(RunEvent event) {
        if (!watched.contains(event.workflowId()) && !local.contains(event.workflowId())) {
            return;
        }
        ObjectNode envelope = json.createObjectNode()
                .put("type", event.type())
                .put("workflowId", event.workflowId().toString())
                .put("executionId", event.executionId().toString());
        envelope.set("data", json.valueToTree(event.data()));
        publish.accept(envelope.toString());
    }

    private void refreshWatched() {
        try {
            watched = new HashSet<>(owner.jdbc().sql("SELECT DISTINCT workflow_id FROM public.websocket_sessions WHERE is_active")
                    .query(UUID.class).list());
        } catch (RuntimeException e) {
            log.debug("Could not read who watches which workflow: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
