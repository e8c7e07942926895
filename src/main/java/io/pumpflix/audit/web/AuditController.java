package io.pumpflix.audit.web;

import io.pumpflix.audit.AuditEntry;
import io.pumpflix.audit.AuditTrail;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit")
class AuditController {

    private final AuditTrail audit;

    AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit")
    @Operation(operationId = "listAudit", summary = "The newest audit entries of the organization (owners and admins)")
    List<AuditEntry> audit(Actor actor, @RequestParam(required = false) Integer limit) {
        return audit.newest(actor, Page.size(limit));
    }
}
