package io.pumpflix.execution;

import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.PeriodicTask;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Removes executions logged longer ago than {@code pumpflix.retention.executions} (unset: kept
 * forever), in batches of 1,000 rows, each its own short transaction that skips rows others hold
 * locked, every {@code pumpflix.retention.every} (1 hour). Usage counts are kept: billing does not
 * change when old executions go.
 */
@Component
class ExecutionRetention extends PeriodicTask {

    static final int BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(ExecutionRetention.class);

    private final OwnerDatabase owner;
    private final Duration keep;
    private final Duration every;

    ExecutionRetention(OwnerDatabase owner, @Value("${pumpflix.retention.executions:}") Duration keep,
            @Value("${pumpflix.retention.every:PT1H}") Duration every) {
        super("execution-retention");
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

    @Override
    protected Duration every() {
        return keep == null || keep.isZero() ? null : every;
    }

    @Override
    protected void runOnce() {
        long removed = removeLoggedBefore(Instant.now().minus(keep));
        if (removed > 0) {
            log.info("Retention removed {} execution(s) logged more than {} ago", removed, keep);
        }
    }
}
