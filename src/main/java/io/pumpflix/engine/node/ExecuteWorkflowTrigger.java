package io.pumpflix.engine.node;

import org.springframework.stereotype.Component;

/** Start point of a workflow run as a sub-workflow (executeWorkflow): emits the items its parent passed. */
@Component
class ExecuteWorkflowTrigger extends InputTrigger {

    ExecuteWorkflowTrigger() {
        super("executeWorkflowTrigger");
    }
}
