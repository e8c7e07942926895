package io.pumpflix.identity.web;

import io.pumpflix.audit.AuditEntry;
import io.pumpflix.audit.AuditTrail;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Member;
import io.pumpflix.identity.Members;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Members")
class MemberController {

    private final Members members;
    private final AuditTrail audit;

    MemberController(Members members, AuditTrail audit) {
        this.members = members;
        this.audit = audit;
    }

    record Invitation(String email, String role, String password) {
    }

    record RoleChange(String role) {
    }

    @GetMapping("/api/v1/members")
    @Operation(operationId = "listMembers", summary = "The members of the caller's organization")
    List<Member> list(Actor actor) {
        AccessPolicy.require(actor, Action.READ);
        return members.ofOrganization(actor.organizationId());
    }

    @GetMapping("/api/v1/members/{memberId}")
    @Operation(operationId = "getMember")
    Member get(Actor actor, @PathVariable UUID memberId) {
        AccessPolicy.require(actor, Action.READ);
        return members.find(memberId).orElseThrow(() -> new NotFoundException("P0002", "member " + memberId + " does not exist"));
    }

    @PostMapping("/api/v1/members")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "inviteMember", summary = "Add a member with a first password (owners and admins)")
    Member invite(Actor actor, @RequestBody Invitation invitation) {
        UUID id = members.invite(actor, Check.text(invitation.email(), "email", 320),
                Role.parse(invitation.role(), "role"), Check.present(invitation.password(), "password").toCharArray());
        return members.find(id).orElseThrow();
    }

    @PatchMapping("/api/v1/members/{memberId}")
    @Operation(operationId = "changeMemberRole", summary = "Change a member's role (only owners touch the owner role)")
    Member changeRole(Actor actor, @PathVariable UUID memberId, @RequestBody RoleChange change) {
        members.changeRole(actor, memberId, Role.parse(change.role(), "role"));
        return members.find(memberId).orElseThrow();
    }

    @GetMapping("/api/v1/audit")
    @Operation(operationId = "listAudit", summary = "The newest audit entries of the organization (owners and admins)")
    List<AuditEntry> audit(Actor actor, @RequestParam(required = false) Integer limit) {
        AccessPolicy.require(actor, Action.READ_AUDIT);
        return audit.newest(Page.size(limit));
    }
}
