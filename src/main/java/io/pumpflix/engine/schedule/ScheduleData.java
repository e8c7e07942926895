package io.pumpflix.engine.schedule;

import java.util.UUID;

/** One schedule a tick fires: the workflow, the version whose scheduleTrigger node it follows, the node. */
record ScheduleData(UUID organizationId, UUID workflowId, UUID versionId, String node) {
}
