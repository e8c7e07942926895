package io.pumpflix.engine.schedule;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.pumpflix.engine.EngineSettings;
import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.PeriodicTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Keeps db-scheduler's executions equal to the rules (cron and time zone) that current versions'
 * schedules use ({@code pumpflix.schedules}, which a trigger keeps as versions are committed,
 * workflows archived or installed): a rule newly in use gets its first tick, a rule no schedule
 * uses any more is cancelled. Which workflows a tick fires is read when it fires, so a new
 * version, an archive or a new cron takes effect at the next tick. Every instance does it every
 * {@code pumpflix.engine.schedule-sync}; each change is idempotent, and a rule whose tick is firing
 * right now is changed on the next pass (or removes itself when it finds no schedule).
 */
@Component
class ScheduleSync extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ScheduleSync.class);

    private final OwnerDatabase owner;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final EngineSettings settings;

    ScheduleSync(OwnerDatabase owner, ObjectProvider<SchedulerClient> scheduler, EngineSettings settings) {
        super("schedule-sync");
        this.owner = owner;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    private record Change(String change, String instance, ScheduleRule rule) {
    }

    @Override
    protected Duration every() {
        return settings.scheduleSync();
    }

    @Override
    protected void runOnce() {
        sync();
    }

    /** Brings the executions in line now; returns how many changed. */
    int sync() {
        SchedulerClient client = scheduler.getIfAvailable();
        if (client == null) {
            return 0;
        }
        List<Change> changes = owner.jdbc().sql("SELECT * FROM pumpflix.schedule_changes()")
                .query((rs, n) -> new Change(rs.getString("change"), rs.getString("task_instance"),
                        rs.getString("cron") == null ? null : new ScheduleRule(rs.getString("cron"), rs.getString("timezone"))))
                .list();
        int changed = 0;
        for (Change change : changes) {
            try {
                if (change.change().equals("add")) {
                    Instant first = change.rule().nextAfter(Instant.now());
                    if (first != null && client.scheduleIfNotExists(
                            ScheduleConfiguration.TASK.instance(change.instance()).data(change.rule()).build(), first)) {
                        changed++;
                    }
                } else {
                    client.cancel(TaskInstanceId.of(ScheduleConfiguration.TASK.getTaskName(), change.instance()));
                    changed++;
                }
            } catch (RuntimeException e) {
                // firing right now, or another instance changed it first: the next pass looks again
                log.debug("Schedule rule {} not changed this time ({})", change.instance(), e.getMessage());
            }
        }
        return changed;
    }
}
