package io.pumpflix.metering;

import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.PeriodicTask;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Every hour, folds the per-writer counter slots of past months into one row each
 * ({@code pumpflix.compact_execution_counts()}), so that reading the usage stays a short sum
 * however long the service runs. The answers never change.
 */
@Component
class UsageCounterCompaction extends PeriodicTask {

    private final OwnerDatabase owner;

    UsageCounterCompaction(OwnerDatabase owner) {
        super("usage-counter-compaction");
        this.owner = owner;
    }

    long compact() {
        return owner.jdbc().sql("SELECT pumpflix.compact_execution_counts()").query(Long.class).single();
    }

    @Override
    protected Duration every() {
        return Duration.ofHours(1);
    }

    @Override
    protected void runOnce() {
        compact();
    }
}
