package io.pumpflix.console;

import io.pumpflix.credential.CredentialVault;
import io.pumpflix.credential.Secret;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Credentials by name and type: create, replace a secret, delete. A secret goes from the form to
 * the vault and is never sent back to a browser (the forms are always empty).
 */
@Controller
class CredentialPages {

    private final CredentialVault vault;

    CredentialPages(CredentialVault vault) {
        this.vault = vault;
    }

    @GetMapping("/credentials")
    String list(Actor actor, Model model) {
        model.addAttribute("credentials", vault.list(actor));
        return "console/credentials";
    }

    @PostMapping("/credentials")
    String create(Actor actor, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "") String secret, HttpServletResponse response, Model model) {
        try (Secret value = secret.isEmpty() ? null : Secret.of(secret.toCharArray())) {
            vault.create(actor, name, type, value);
            return "redirect:/credentials";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("name", name);
            model.addAttribute("type", type);
            return list(actor, model);
        }
    }

    @PostMapping("/credentials/{credentialId}/secret")
    String replace(Actor actor, @PathVariable UUID credentialId, @RequestParam(defaultValue = "") String secret,
            HttpServletResponse response, Model model) {
        try (Secret value = secret.isEmpty() ? null : Secret.of(secret.toCharArray())) {
            vault.replaceSecret(actor, credentialId, value);
            return "redirect:/credentials";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            return list(actor, model);
        }
    }

    @PostMapping("/credentials/{credentialId}/delete")
    String delete(Actor actor, @PathVariable UUID credentialId) {
        vault.delete(actor, credentialId);
        return "redirect:/credentials";
    }
}
