package io.pumpflix.engine.schedule;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.pumpflix.engine.EngineSettings;
import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.PeriodicTask;
import io.pumpflix.platform.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Keeps db-scheduler's executions equal to the schedules of current versions
 * ({@code pumpflix.schedules}, which a trigger keeps as versions are committed, workflows archived
 * or installed): a new schedule gets its first tick, a changed one (another version, cron or zone)
 * its next tick under the new rule, a gone one is cancelled. Every instance does it every
 * {@code pumpflix.engine.schedule-sync}; each change is idempotent. An execution that is firing
 * right now cannot be changed: it is changed on the next pass (or by the tick itself, which checks
 * its version).
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

    private record Change(String change, String instance, ScheduleData data) {
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
                        rs.getString("workflow_id") == null ? null : new ScheduleData(Rows.uuid(rs, "organization_id"),
                                Rows.uuid(rs, "workflow_id"), Rows.uuid(rs, "version_id"), rs.getString("node_name"),
                                rs.getString("cron"), rs.getString("timezone"))))
                .list();
        int changed = 0;
        Instant now = Instant.now();
        for (Change change : changes) {
            TaskInstanceId id = TaskInstanceId.of(ScheduleConfiguration.TASK.getTaskName(), change.instance());
            try {
                switch (change.change()) {
                    case "add" -> {
                        Instant first = change.data().nextAfter(now);
                        if (first != null && client.scheduleIfNotExists(
                                ScheduleConfiguration.TASK.instance(change.instance()).data(change.data()).build(), first)) {
                            changed++;
                        }
                    }
                    case "change" -> {
                        Instant next = change.data().nextAfter(now);
                        if (next == null) {
                            client.cancel(id);
                        } else {
                            client.reschedule(id, next, change.data());
                        }
                        changed++;
                    }
                    default -> {
                        client.cancel(id);
                        changed++;
                    }
                }
            } catch (RuntimeException e) {
                // firing right now, or another instance changed it first: the next pass looks again
                log.debug("Schedule {} not changed this time ({})", change.instance(), e.getMessage());
            }
        }
        return changed;
    }
}
