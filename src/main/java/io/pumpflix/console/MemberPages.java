package io.pumpflix.console;

import io.pumpflix.identity.Accounts;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.NotAllowedException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Members and their roles: everyone sees the list; owners and admins add members and change roles. */
@Controller
class MemberPages {

    private final Accounts accounts;

    MemberPages(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/members")
    String list(Actor actor, Model model) {
        model.addAttribute("members", accounts.members(actor));
        model.addAttribute("roles", Arrays.stream(Role.values()).map(Role::dbValue).toList());
        return "console/members";
    }

    @PostMapping("/members")
    String invite(Actor actor, @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String role,
            @RequestParam(defaultValue = "") String password, HttpServletResponse response, Model model) {
        char[] secret = password.toCharArray();
        try {
            accounts.invite(actor, email, Role.parse(role, "role"), secret);
            return "redirect:/members";
        } catch (InvalidInputException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("email", email);
            return list(actor, model);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    @PostMapping("/members/{memberId}/role")
    String changeRole(Actor actor, @PathVariable UUID memberId, @RequestParam(defaultValue = "") String role,
            HttpServletResponse response, Model model) {
        try {
            accounts.changeRole(actor, memberId, Role.parse(role, "role"));
            return "redirect:/members";
        } catch (InvalidInputException | ConflictException | NotAllowedException e) {
            response.setStatus(e instanceof NotAllowedException ? 403 : e instanceof ConflictException ? 409 : 400);
            model.addAttribute("error", e.getMessage());
            return list(actor, model);
        }
    }
}
