package io.pumpflix.console;

import io.pumpflix.audit.AuditTrail;
import io.pumpflix.identity.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The organization's audit log, newest first (owners and admins). */
@Controller
class AuditPages {

    private final AuditTrail audit;

    AuditPages(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    String newest(Actor actor, Model model) {
        model.addAttribute("entries", audit.newest(actor, 200));
        return "console/audit";
    }
}
