package io.pumpflix.engine.schedule;

import io.pumpflix.billing.Quotas;
import io.pumpflix.engine.expression.JsonText;
import io.pumpflix.engine.run.Definitions;
import io.pumpflix.engine.run.Dispatcher;
import io.pumpflix.engine.run.RunExecutor;
import io.pumpflix.engine.run.RunQueue;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.OwnerDatabase;
import io.pumpflix.platform.QuotaExceededException;
import io.pumpflix.platform.Rows;
import io.pumpflix.platform.TenantScope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fires a tick of a rule: one run of every workflow whose current version has a scheduleTrigger
 * node with that rule (mode {@code schedule}), each under an execution id derived from the
 * workflow, the node and the tick, so a tick fired twice (an instance died before db-scheduler
 * recorded it, and db-scheduler fires it again) makes one run per workflow. A workflow that only
 * transforms data runs at once and is recorded in a batch with others; any other is queued. The
 * tick returns once every run is recorded or queued, so db-scheduler moves on only then.
 */
@Component
class ScheduleTicks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ScheduleTicks.class);
    /** Schedules of one tick fired at once (runs that only transform data run on these threads). */
    private static final int FIRING = 128;

    private final Definitions definitions;
    private final RunExecutor executor;
    private final RunQueue queue;
    private final Dispatcher dispatcher;
    private final TenantScope tenants;
    private final OwnerDatabase owner;
    private final Quotas quotas;
    private final ExecutorService firing;

    ScheduleTicks(Definitions definitions, RunExecutor executor, RunQueue queue, Dispatcher dispatcher,
            TenantScope tenants, OwnerDatabase owner, Quotas quotas) {
        this.quotas = quotas;
        this.definitions = definitions;
        this.executor = executor;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.tenants = tenants;
        this.owner = owner;
        AtomicInteger threads = new AtomicInteger();
        this.firing = Executors.newFixedThreadPool(FIRING, runnable -> {
            Thread thread = new Thread(runnable, "schedule-fire-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Fires the tick of {@code rule} due at {@code due}; false when no schedule uses the rule any more. */
    boolean fire(ScheduleRule rule, Instant due) {
        List<ScheduleData> schedules = owner.jdbc().sql("SELECT * FROM pumpflix.schedules_of_rule(?, ?)")
                .params(rule.cron(), rule.timezone())
                .query((rs, n) -> new ScheduleData(Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "workflow_id"),
                        Rows.uuid(rs, "version_id"), rs.getString("node_name")))
                .list();
        if (schedules.isEmpty()) {
            return false;
        }
        String input = JsonText.of(List.of(item(rule, due)));
        List<Future<?>> fired = new ArrayList<>(schedules.size());
        for (ScheduleData schedule : schedules) {
            fired.add(firing.submit(() -> fireOne(schedule, rule, due, input)));
        }
        boolean queued = false;
        for (Future<?> one : fired) {
            try {
                queued |= Boolean.TRUE.equals(one.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a tick fired", e);
            } catch (ExecutionException e) {
                log.warn("A schedule of {} ({}) failed to fire at {}: {}", rule.cron(), rule.timezone(), due,
                        e.getCause().getMessage());
            }
        }
        if (queued) {
            dispatcher.wake();
        }
        return true;
    }

    private static Map<String, Object> item(ScheduleRule rule, Instant due) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("timestamp", due.toString());
        item.put("timezone", rule.timezone());
        return item;
    }

    /** Fires one schedule; true when it queued a run (for the dispatcher to wake). */
    private boolean fireOne(ScheduleData schedule, ScheduleRule rule, Instant due, String input) {
        try {
            return run(schedule, due, input);
        } catch (NotFoundException moved) {
            // the version moved on since the rule's schedules were read: the current one, if it has the rule
            Optional<ScheduleData> current = current(schedule, rule);
            if (current.isEmpty() || current.get().versionId().equals(schedule.versionId())) {
                return false; // gone, or this tick was recorded before (it fired twice)
            }
            try {
                return run(current.get(), due, input);
            } catch (NotFoundException again) {
                log.info("Tick {} of workflow {} skipped: the workflow changed while it fired", due, schedule.workflowId());
                return false;
            }
        } catch (InvalidInputException invalid) {
            log.warn("Tick {} of workflow {} skipped: the definition cannot run ({})", due, schedule.workflowId(),
                    invalid.getMessage());
            return false;
        }
    }

    private boolean run(ScheduleData schedule, Instant due, String input) {
        UUID executionId = UUID.nameUUIDFromBytes(("schedule/" + schedule.workflowId() + "/" + schedule.node() + "/"
                + due.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        Actor system = Actor.system(schedule.organizationId());
        try {
            tenants.run(schedule.organizationId(), null, () -> quotas.admit(system, 1));
        } catch (QuotaExceededException capped) {
            log.info("Tick {} of workflow {} skipped: {}", due, schedule.workflowId(), capped.getMessage());
            return false;
        }
        Definitions.Loaded loaded = definitions.known(schedule.organizationId(), schedule.versionId());
        if (loaded == null) {
            loaded = tenants.call(schedule.organizationId(), null,
                    () -> definitions.load(system, schedule.workflowId(), schedule.versionId()));
        }
        if (executor.runsWithin(loaded.definition(), schedule.node())) {
            executor.runWithin(loaded, schedule.node(), "schedule", input, executionId);
            return false;
        }
        return tenants.call(schedule.organizationId(), null, () -> queue.queueOnce(executionId,
                schedule.workflowId(), schedule.versionId(), "schedule", input, schedule.node()));
    }

    private Optional<ScheduleData> current(ScheduleData schedule, ScheduleRule rule) {
        return owner.jdbc().sql("SELECT * FROM pumpflix.current_schedule(?, ?)")
                .params(schedule.workflowId(), schedule.node())
                .query((rs, n) -> new Object[] {new ScheduleData(Rows.uuid(rs, "organization_id"), schedule.workflowId(),
                        Rows.uuid(rs, "version_id"), schedule.node()), rs.getString("cron"), rs.getString("timezone")})
                .optional()
                .filter(row -> rule.cron().equals(row[1]) && rule.timezone().equals(row[2]))
                .map(row -> (ScheduleData) row[0]);
    }

    @Override
    public void destroy() {
        firing.shutdownNow();
    }
}
