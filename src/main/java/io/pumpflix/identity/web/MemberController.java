package io.pumpflix.identity.web;

import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Member;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.Check;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Members")
class MemberController {

    private final Accounts accounts;

    MemberController(Accounts accounts) {
        this.accounts = accounts;
    }

    record Invitation(String email, String role, String password) {
    }

    record RoleChange(String role) {
    }

    @GetMapping("/api/v1/members")
    @Operation(operationId = "listMembers", summary = "The members of the caller's organization")
    List<Member> list(Actor actor) {
        return accounts.members(actor);
    }

    @GetMapping("/api/v1/members/{memberId}")
    @Operation(operationId = "getMember", summary = "One member of the caller's organization")
    Member get(Actor actor, @PathVariable UUID memberId) {
        return accounts.member(actor, memberId);
    }

    @PostMapping("/api/v1/members")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "inviteMember", summary = "Add a member with a first password (owners and admins)",
            description = "Creates the user in the caller's organization with the given role and first password. Only an owner gives the owner role; a taken email is 409.")
    Member invite(Actor actor, @RequestBody Invitation invitation) {
        UUID id = accounts.invite(actor, invitation.email(), Role.parse(invitation.role(), "role"),
                Check.present(invitation.password(), "password").toCharArray());
        return accounts.member(actor, id);
    }

    @PatchMapping("/api/v1/members/{memberId}")
    @Operation(operationId = "changeMemberRole", summary = "Change a member's role (only owners touch the owner role)",
            description = "Only owners give or take the owner role; the last owner cannot stop being one (409).")
    Member changeRole(Actor actor, @PathVariable UUID memberId, @RequestBody RoleChange change) {
        return accounts.changeRole(actor, memberId, Role.parse(change.role(), "role"));
    }
}
