package io.pumpflix.engine.node;

import org.springframework.stereotype.Component;

/** Start point of {@code POST /api/v1/workflows/{id}/run}: emits the request's items (one empty item by default). */
@Component
class ManualTrigger extends InputTrigger {

    ManualTrigger() {
        super("manualTrigger");
    }
}
