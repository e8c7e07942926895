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
 *
 * <p>Each workflow's watchers get at most {@code perSecond} run events a second from this
 * instance. A workflow that runs faster than that (a thousand webhook calls a second) would
 * otherwise cost every watcher hundreds of kilobytes a second and the runs the CPU to send them;
 * beyond the budget, events are counted instead, and once a second a {@code runs.skipped} message
 * says how many runs started, finished (by status) and waited, and how many node results there
 * were, that the watchers were not told about one by one. No run goes unaccounted.
 */
final class RunEventRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunEventRelay.class);

    private final JsonMapper json;
    private final OwnerDatabase owner;
    private final Consumer<String> publish;
    private final Set<UUID> local;
    private final int perSecond;
    private final java.util.Map<UUID, Budget> budgets = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Set<UUID> watched = Set.of();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "run-event-watchers");
        thread.setDaemon(true);
        return thread;
    });

    RunEventRelay(JsonMapper json, OwnerDatabase owner, Consumer<String> publish, Set<UUID> localWorkflows,
            int perSecond) {
        this.json = json;
        this.owner = owner;
        this.publish = publish;
        this.local = localWorkflows;
        this.perSecond = perSecond;
        refresher.scheduleWithFixedDelay(this::refreshWatched, 0, 1, TimeUnit.SECONDS);
        refresher.scheduleWithFixedDelay(this::reportSkipped, 1, 1, TimeUnit.SECONDS);
    }

    /** One workflow's events this second, and what was counted instead of sent. */
    private static final class Budget {
        long windowStart = System.nanoTime();
        int sent;
        int started;
        int nodes;
        int waiting;
        final java.util.Map<String, Integer> finished = new java.util.TreeMap<>();

        /** True when the event may go out; else it is counted. */
        synchronized boolean admit(RunEvent event, int perSecond) {
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L) {
                windowStart = now;
                sent = 0;
            }
            if (sent < perSecond) {
                sent++;
                return true;
            }
            switch (event.type()) {
                case RunEvent.STARTED -> started++;
                case RunEvent.NODE_FINISHED -> nodes++;
                case RunEvent.WAITING -> waiting++;
                default -> finished.merge(String.valueOf(event.data().get("status")), 1, Integer::sum);
            }
            return false;
        }

        synchronized boolean skippedAny() {
            return started + nodes + waiting > 0 || !finished.isEmpty();
        }
    }

    private void reportSkipped() {
        budgets.forEach((workflowId, budget) -> {
            ObjectNode message;
            synchronized (budget) {
                if (!budget.skippedAny()) {
                    if (System.nanoTime() - budget.windowStart > 10_000_000_000L) {
                        budgets.remove(workflowId, budget);
                    }
                    return;
                }
                message = json.createObjectNode().put("type", "runs.skipped").put("workflowId", workflowId.toString())
                        .put("started", budget.started).put("nodes", budget.nodes).put("waiting", budget.waiting);
                ObjectNode finished = message.putObject("finished");
                budget.finished.forEach(finished::put);
                budget.started = 0;
                budget.nodes = 0;
                budget.waiting = 0;
                budget.finished.clear();
            }
            publish.accept(message.toString());
        });
    }

    void relay(RunEvent event) {
        if (!watched.contains(event.workflowId()) && !local.contains(event.workflowId())) {
            return;
        }
        if (!budgets.computeIfAbsent(event.workflowId(), id -> new Budget()).admit(event, perSecond)) {
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
