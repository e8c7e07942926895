package io.pumpflix.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Background work that runs every so often while the service runs (retention, counter
 * compaction), on a daemon thread of its own; a failed run is logged and tried again next time.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private ScheduledExecutorService scheduler;

    protected PeriodicTask(String name) {
        this.name = name;
    }

    /** How often to run; null or zero: never. */
    protected abstract Duration every();

    protected abstract void runOnce();

    @Override
    public void start() {
        Duration every = every();
        if (every == null || every.isZero() || every.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("{} failed, next try in {}: {}", name, every, e.getMessage());
            }
        }, 1, every.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
