package io.pumpflix.engine.node;

import org.springframework.stereotype.Component;

/** Start point of an error workflow: emits one item {execution: {id, error, lastNodeExecuted, mode}, workflow: {id, name}} for the run that failed. */
@Component
class ErrorTrigger extends InputTrigger {

    ErrorTrigger() {
        super("errorTrigger");
    }
}
