package io.pumpflix.metering;

import io.pumpflix.platform.OwnerDatabase;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every hour, folds the per-writer counter slots of past months into one row each
 * ({@code pumpflix.compact_execution_counts()}), so that reading the usage stays a short sum
 * however long the service runs. The answers never change.
 */
@Component
class UsageCounterCompaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageCounterCompaction.class);

    private final OwnerDatabase owner;
    private ScheduledExecutorService scheduler;

    UsageCounterCompaction(OwnerDatabase owner) {
        this.owner = owner;
    }

    long compact() {
        return owner.jdbc().sql("SELECT pumpflix.compact_execution_counts()").query(Long.class).single();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "usage-counter-compaction");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long folded = compact();
                if (folded > 0) {
                    log.debug("Folded {} usage counter rows of past months", folded);
                }
            } catch (RuntimeException e) {
                log.warn("Usage counter compaction failed, next try in an hour: {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.MINUTES);
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
