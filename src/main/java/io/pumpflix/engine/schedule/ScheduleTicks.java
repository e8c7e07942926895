package io.pumpflix.engine.schedule;

import io.pumpflix.engine.expression.JsonText;
import io.pumpflix.engine.run.Definitions;
import io.pumpflix.engine.run.Dispatcher;
import io.pumpflix.engine.run.RunExecutor;
import io.pumpflix.engine.run.RunQueue;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantScope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fires a schedule's tick: one run of the workflow from its scheduleTrigger node (mode
 * {@code schedule}), under an execution id derived from the tick, so a tick fired twice (an
 * instance died before db-scheduler recorded it; db-scheduler then runs it again) makes one run.
 * A workflow that only transforms data runs at once on the clock's thread and is recorded in a
 * batch with others; any other is queued. A tick whose version moved on runs the current version
 * if it still has the same schedule.
 */
@Component
class ScheduleTicks {

    private static final Logger log = LoggerFactory.getLogger(ScheduleTicks.class);

    private final Definitions definitions;
    private final RunExecutor executor;
    private final RunQueue queue;
    private final Dispatcher dispatcher;
    private final TenantScope tenants;
    private final OwnerDatabase owner;

    ScheduleTicks(Definitions definitions, RunExecutor executor, RunQueue queue, Dispatcher dispatcher,
            TenantScope tenants, OwnerDatabase owner) {
        this.definitions = definitions;
        this.executor = executor;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.tenants = tenants;
        this.owner = owner;
    }

    /**
     * Fires the tick due at {@code due}; returns the schedule to keep for the next tick (the
     * current version's), or null when the workflow no longer has it.
     */
    ScheduleData fire(ScheduleData data, Instant due) {
        try {
            run(data, due);
            return data;
        } catch (NotFoundException moved) {
            Optional<ScheduleData> current = current(data);
            if (current.isEmpty()) {
                log.info("Schedule {} of workflow {} is gone: its ticks stop", data.node(), data.workflowId());
                return null;
            }
            ScheduleData now = current.get();
            if (now.versionId().equals(data.versionId())) {
                return now; // this tick ran before (it fired twice)
            }
            if (now.cron().equals(data.cron()) && now.timezone().equals(data.timezone())) {
                try {
                    run(now, due);
                } catch (NotFoundException again) {
                    log.info("Tick {} of workflow {} skipped: the workflow changed while it fired", due, data.workflowId());
                }
            }
            return now;
        } catch (InvalidInputException invalid) {
            log.warn("Tick {} of workflow {} skipped: the definition cannot run ({})", due, data.workflowId(),
                    invalid.getMessage());
            return data;
        }
    }

    private void run(ScheduleData data, Instant due) {
        UUID executionId = UUID.nameUUIDFromBytes(("schedule/" + data.workflowId() + "/" + data.node() + "/"
                + due.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("timestamp", due.toString());
        item.put("timezone", data.timezone());
        String input = JsonText.of(List.of(item));
        Actor system = Actor.system(data.organizationId());
        Definitions.Loaded loaded = definitions.known(data.organizationId(), data.versionId());
        if (loaded == null) {
            loaded = tenants.call(data.organizationId(), null,
                    () -> definitions.load(system, data.workflowId(), data.versionId()));
        }
        if (executor.runsWithin(loaded.definition(), data.node())) {
            executor.runWithin(loaded, data.node(), "schedule", input, executionId);
            return;
        }
        boolean queued = tenants.call(data.organizationId(), null, () -> queue.queueOnce(executionId,
                data.workflowId(), data.versionId(), "schedule", input, data.node()));
        if (queued) {
            dispatcher.wake();
        }
    }

    private Optional<ScheduleData> current(ScheduleData data) {
        return owner.jdbc().sql("SELECT * FROM pumpflix.current_schedule(?, ?)").params(data.workflowId(), data.node())
                .query((rs, n) -> new ScheduleData(Rows.uuid(rs, "organization_id"), data.workflowId(),
                        Rows.uuid(rs, "version_id"), data.node(), rs.getString("cron"), rs.getString("timezone")))
                .optional();
    }
}
