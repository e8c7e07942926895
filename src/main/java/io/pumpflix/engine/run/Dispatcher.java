package io.pumpflix.engine.run;

import io.pumpflix.engine.EngineSettings;
import io.pumpflix.engine.RunEvent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's share of the runs: claims queued runs (and runs whose lease lapsed) as workers
 * come free, renews the leases of the runs it holds, stops a worker whose run it lost, and on a
 * clean stop lets the runs it could not finish go to another instance at once. It is woken when
 * this instance queues a run, and looks for other instances' runs every {@code poll}.
 */
@Component
public class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final RunQueue queue;
    private final RunExecutor executor;
    private final EngineSettings settings;
    private final ApplicationEventPublisher events;
    private final String owner;
    private final Map<UUID, RunControl> running = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private final Semaphore free;
    private final AtomicInteger claimed = new AtomicInteger();
    private ExecutorService workers;
    private ScheduledExecutorService leases;
    private Thread loop;
    private volatile boolean active;

    Dispatcher(RunQueue queue, RunExecutor executor, EngineSettings settings, ApplicationEventPublisher events,
            @Value("${pumpflix.instance-id:}") String instanceId, @Value("${server.port:8080}") int port) {
        this.queue = queue;
        this.executor = executor;
        this.settings = settings;
        this.events = events;
        this.free = new Semaphore(settings.workers());
        this.owner = (instanceId == null || instanceId.isBlank() ? hostName() + "-" + port : instanceId) + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Who holds leases in this instance (one name per start). */
    public String owner() {
        return owner;
    }

    /** Runs claimed since start, for operators and tests. */
    public int claimedSinceStart() {
        return claimed.get();
    }

    /** A run was queued here: look now rather than at the next poll. */
    public void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    private void dispatch() {
        while (active) {
            try {
                wakeups.poll(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.clear();
                claimWhileWorkersAreFree();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Claiming runs failed ({}); trying again in a second", e.getMessage());
                sleep(1000);
            }
        }
    }

    private void claimWhileWorkersAreFree() {
        while (active) {
            int capacity = Math.min(free.availablePermits(), settings.claimBatch());
            if (capacity == 0) {
                return;
            }
            List<ClaimedRun> runs = queue.claim(owner, capacity, settings.perOrganization(),
                    (int) settings.lease().toSeconds());
            if (runs.isEmpty()) {
                return;
            }
            claimed.addAndGet(runs.size());
            for (ClaimedRun run : runs) {
                free.acquireUninterruptibly();
                events.publishEvent(new RunEvent(RunEvent.STARTED, run.organizationId(), run.workflowId(),
                        run.executionId(), run.takenOver() ? Map.of("takenOver", true, "attempt", run.attempts() + 1)
                                : Map.of()));
                workers.execute(() -> work(run));
            }
        }
    }

    private void work(ClaimedRun run) {
        RunControl control = new RunControl();
        running.put(run.executionId(), control);
        try {
            executor.execute(run, owner, control);
        } finally {
            running.remove(run.executionId());
            Thread.interrupted();
            if (!control.hasEnded()) {
                letGo(run);
            }
            free.release();
            wake();
        }
    }

    /** A run stopped here before its end goes to whichever instance claims it next. */
    private void letGo(ClaimedRun run) {
        try {
            queue.letGo(owner, run.executionId());
        } catch (RuntimeException e) {
            log.warn("Could not let execution {} go ({}); it is taken over when its lease lapses", run.executionId(),
                    e.getMessage());
        }
    }

    /**
     * Renews leases; a run started before the renewal and missing from its answer was cancelled or
     * taken over: its worker stops.
     */
    private void renew() {
        try {
            long asked = System.nanoTime();
            Set<UUID> held = queue.renew(owner, (int) settings.lease().toSeconds());
            running.forEach((id, control) -> {
                if (!held.contains(id) && control.startedNanos() < asked) {
                    control.stop();
                }
            });
        } catch (RuntimeException e) {
            log.warn("Renewing leases failed ({}); runs stop if their leases lapse", e.getMessage());
        }
    }

    /** Stops the worker of a run, if this instance runs it (a cancel). */
    public void stopRun(UUID executionId) {
        RunControl control = running.get(executionId);
        if (control != null) {
            control.stop();
        }
    }

    @Override
    public void start() {
        active = true;
        workers = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread thread = new Thread(runnable, "run-worker");
            thread.setDaemon(true);
            return thread;
        });
        leases = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "run-leases");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(500, settings.lease().toMillis() / 3);
        leases.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        loop = new Thread(this::dispatch, "run-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    /** Finishes what runs within a few seconds, then lets the rest go to another instance. */
    @Override
    public void stop() {
        active = false;
        if (loop != null) {
            loop.interrupt();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                running.values().forEach(RunControl::stop);
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leases.shutdownNow();
        try {
            queue.letGo(owner);
        } catch (RuntimeException e) {
            log.warn("Could not let this instance's runs go ({}); they are taken over when their leases lapse",
                    e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    /**
     * Stops after the web server's graceful shutdown (requests that wait for a run get their
     * answer) and before the web server and the database stop.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
