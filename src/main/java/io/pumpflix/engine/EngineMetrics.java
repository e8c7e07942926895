package io.pumpflix.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pumpflix.platform.OwnerDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The engine's metrics for operators (docs/operations.md), from the run events every run
 * publishes: runs started (and taken over), finished by status, run and node durations by status,
 * and the depth of the queue by state across the cluster. No organization, workflow or node name
 * is ever a label.
 */
@Component
class EngineMetrics {

    /** How long one reading of the queue depth is reused: scrapes must not query the database each time. */
    private static final long QUEUE_READ_EVERY_NANOS = 5_000_000_000L;

    private final MeterRegistry registry;
    private final OwnerDatabase owner;
    private final Counter started;
    private final Counter takenOver;
    private final Map<String, AtomicLong> queued = Map.of("queued", new AtomicLong(), "running", new AtomicLong(),
            "waiting", new AtomicLong());
    private volatile long queueReadAt;
    /** The meters by status, built once: the events come at the rate runs and nodes finish. */
    private final Map<String, Counter> finished = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Timer> runDurations = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Timer> nodeDurations = new java.util.concurrent.ConcurrentHashMap<>();

    EngineMetrics(MeterRegistry registry, OwnerDatabase owner) {
        this.registry = registry;
        this.owner = owner;
        this.started = Counter.builder("pumpflix.runs.started").description("runs started on this instance").register(registry);
        this.takenOver = Counter.builder("pumpflix.runs.taken.over")
                .description("runs this instance took over after another's lease lapsed").register(registry);
        queued.forEach((state, value) -> Gauge.builder("pumpflix.runs.queue", this, metrics -> metrics.queue(state))
                .description("runs in the cluster's queue, by state").tag("state", state).register(registry));
    }

    @EventListener
    void on(RunEvent event) {
        switch (event.type()) {
            case RunEvent.STARTED -> {
                started.increment();
                if (Boolean.TRUE.equals(event.data().get("takenOver"))) {
                    takenOver.increment();
                }
            }
            case RunEvent.FINISHED -> {
                String status = String.valueOf(event.data().get("status"));
                finished.computeIfAbsent(status, s -> Counter.builder("pumpflix.runs.finished")
                        .description("runs finished on this instance, by status").tag("status", s).register(registry))
                        .increment();
                if (event.data().get("ms") instanceof Number ms) {
                    runDurations.computeIfAbsent(status, s -> Timer.builder("pumpflix.run.duration")
                            .description("time this instance spent on a run, by status").tag("status", s)
                            .publishPercentileHistogram().register(registry)).record(Duration.ofMillis(ms.longValue()));
                }
            }
            case RunEvent.NODE_FINISHED -> {
                if (event.data().get("ms") instanceof Number ms) {
                    nodeDurations.computeIfAbsent(String.valueOf(event.data().get("status")), s -> Timer
                            .builder("pumpflix.node.duration").description("node durations, by status").tag("status", s)
                            .publishPercentileHistogram().register(registry)).record(Duration.ofMillis(ms.longValue()));
                }
            }
            default -> {
                // waiting: visible in the queue depth
            }
        }
    }

    private double queue(String state) {
        long now = System.nanoTime();
        if (now - queueReadAt > QUEUE_READ_EVERY_NANOS) {
            queueReadAt = now;
            try {
                queued.values().forEach(value -> value.set(0));
                owner.jdbc().sql("SELECT state, count(*) AS n FROM pumpflix.runs GROUP BY state")
                        .query((rs, n) -> {
                            AtomicLong value = queued.get(rs.getString("state"));
                            if (value != null) {
                                value.set(rs.getLong("n"));
                            }
                            return null;
                        }).list();
            } catch (RuntimeException unreachable) {
                return Double.NaN;
            }
        }
        return queued.get(state).get();
    }
}
