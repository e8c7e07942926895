package io.pumpflix.execution;

import io.pumpflix.platform.OwnerDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Removes executions logged longer ago than {@code pumpflix.retention.executions} (unset: kept
 * forever), in batches of 1,000 rows, each its own short transaction that skips rows others hold
 * locked, every {@code pumpflix.retention.every} (1 hour). Usage counts are kept: billing does not
 * change when old executions go.
 */
@Component
class ExecutionRetention implements SmartLifecycle {

    static final int BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(ExecutionRetention.class);

    private final OwnerDatabase owner;
    private final Duration keep;
    private final Duration every;
    private ScheduledExecutorService scheduler;

    ExecutionRetention(OwnerDatabase owner, @Value("${pumpflix.retention.executions:}") Duration keep,
            @Value("${pumpflix.retention.every:PT1H}") Duration every) {
        this.owner = owner;
        this.keep = keep;
        this.every = every;
    }

    /** Deletes every execution logged before the cutoff; returns how many. */
    long removeLoggedBefore(Instant cutoff) {
        LocalDateTime before = LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        long removed = 0;
        int batch;
        do {
            batch = owner.transaction(() -> {
                owner.jdbc().sql("SELECT set_config('pumpflix.retention', 'on', true)").query().singleRow();
                return owner.jdbc().sql("""
                        DELETE FROM public.workflow_executions e USING (
                            SELECT id FROM public.workflow_executions WHERE logged_at < ?
                            LIMIT ? FOR UPDATE SKIP LOCKED) doomed
                        WHERE e.id = doomed.id""").params(before, BATCH).update();
            });
            removed += batch;
        } while (batch == BATCH);
        return removed;
    }

    private void runOnce() {
        try {
            long removed = removeLoggedBefore(Instant.now().minus(keep));
            if (removed > 0) {
                log.info("Retention removed {} execution(s) logged more than {} ago", removed, keep);
            }
        } catch (RuntimeException e) {
            log.warn("Retention run failed, next try in {}: {}", every, e.getMessage());
        }
    }

    @Override
    public void start() {
        if (keep == null || keep.isZero()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "execution-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runOnce, 1, every.toSeconds(), TimeUnit.SECONDS);
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
