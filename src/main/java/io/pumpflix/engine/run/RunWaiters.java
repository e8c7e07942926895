package io.pumpflix.engine.run;

import io.pumpflix.engine.RunOutcome;
import io.pumpflix.execution.Execution;
import io.pumpflix.execution.Executions;
import io.pumpflix.execution.NodeResult;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.TenantScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Whoever waits for a run's end on this instance (a webhook answering with its last node, a
 * manual run with {@code ?wait=true}). A run that ends here completes its waiter at once; a run
 * another instance took is found by asking the database every 100 ms, one query per organization.
 */
@Component
public class RunWaiters implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunWaiters.class);
    private static final long ASK_AFTER_NANOS = 150_000_000L;

    private record Waiter(UUID organizationId, CompletableFuture<RunOutcome> future, long since) {
    }

    private final Map<UUID, Waiter> waiting = new ConcurrentHashMap<>();
    private final TenantScope tenants;
    private final Executions executions;
    private ScheduledExecutorService poller;

    RunWaiters(TenantScope tenants, Executions executions) {
        this.tenants = tenants;
        this.executions = executions;
    }

    /** Waits for a run's end; register before the run is committed, so that no end is missed. */
    public CompletableFuture<RunOutcome> await(UUID executionId, UUID organizationId) {
        CompletableFuture<RunOutcome> future = new CompletableFuture<>();
        waiting.put(executionId, new Waiter(organizationId, future, System.nanoTime()));
        future.whenComplete((outcome, failure) -> waiting.remove(executionId));
        return future;
    }

    /** Stops waiting (the waiter gave up, or the run was never committed). */
    public void forget(UUID executionId) {
        Waiter waiter = waiting.remove(executionId);
        if (waiter != null) {
            waiter.future().cancel(false);
        }
    }

    /** A run ended on this instance. */
    public void ended(RunOutcome outcome) {
        Waiter waiter = waiting.get(outcome.executionId());
        if (waiter != null) {
            waiter.future().complete(outcome);
        }
    }

    private void askTheDatabase() {
        long now = System.nanoTime();
        Map<UUID, List<UUID>> byOrganization = new HashMap<>();
        waiting.forEach((id, waiter) -> {
            if (now - waiter.since() > ASK_AFTER_NANOS) {
                byOrganization.computeIfAbsent(waiter.organizationId(), k -> new ArrayList<>()).add(id);
            }
        });
        byOrganization.forEach((organizationId, ids) -> {
            Actor system = Actor.system(organizationId);
            try {
                List<RunOutcome> ended = tenants.call(organizationId, null, () -> {
                    List<RunOutcome> outcomes = new ArrayList<>();
                    for (Execution execution : executions.finishedAmong(system, ids)) {
                        String response = null;
                        for (NodeResult node : executions.forRun(system, execution.id()).nodes()) {
                            if (node.response() != null) {
                                response = node.response();
                                break;
                            }
                        }
                        outcomes.add(new RunOutcome(execution.id(), execution.status().dbValue(), execution.outputData(),
                                execution.error(), response));
                    }
                    return outcomes;
                });
                ended.forEach(this::ended);
            } catch (RuntimeException e) {
                log.debug("Could not ask for the end of {} run(s): {}", ids.size(), e.getMessage());
            }
        });
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "run-waiters");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::askTheDatabase, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
        waiting.values().forEach(waiter -> waiter.future().cancel(false));
    }

    @Override
    public boolean isRunning() {
        return poller != null && !poller.isShutdown();
    }
}
