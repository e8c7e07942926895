package io.pumpflix.console;

import io.pumpflix.identity.Actor;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.Page;
import io.pumpflix.prompt.PromptTemplates;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Prompt templates for AI nodes: the member's own, written and deleted here. */
@Controller
class PromptPages {

    private final PromptTemplates prompts;

    PromptPages(PromptTemplates prompts) {
        this.prompts = prompts;
    }

    @GetMapping("/prompts")
    String list(Actor actor, @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("page", prompts.list(actor, WorkflowPages.PAGE_SIZE, Page.Cursor.decode(cursor)));
        return "console/prompts";
    }

    @PostMapping("/prompts")
    String save(Actor actor, @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String body,
            HttpServletResponse response, Model model) {
        try {
            prompts.save(actor, title, body);
            return "redirect:/prompts";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("title", title);
            model.addAttribute("body", body);
            return list(actor, null, model);
        }
    }

    @PostMapping("/prompts/{templateId}/delete")
    String delete(Actor actor, @PathVariable UUID templateId) {
        prompts.delete(actor, templateId);
        return "redirect:/prompts";
    }
}
