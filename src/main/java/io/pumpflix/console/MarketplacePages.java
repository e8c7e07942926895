package io.pumpflix.console;

import io.pumpflix.identity.Actor;
import io.pumpflix.marketplace.Marketplace;
import io.pumpflix.platform.Page;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The marketplace: templates by downloads, price or date; installing one copies it as a workflow. */
@Controller
class MarketplacePages {

    private final Marketplace marketplace;

    MarketplacePages(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    @GetMapping("/marketplace")
    String browse(Actor actor, @RequestParam(defaultValue = "downloads") String sort,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) UUID published, Model model) {
        model.addAttribute("page", marketplace.browse(actor, Marketplace.Sort.parse(sort), WorkflowPages.PAGE_SIZE,
                Page.Cursor.decode(cursor)));
        model.addAttribute("sort", sort);
        model.addAttribute("published", published);
        return "console/marketplace";
    }

    @PostMapping("/marketplace/{templateId}/install")
    String install(Actor actor, @PathVariable UUID templateId) {
        return "redirect:/workflows/" + marketplace.install(actor, templateId);
    }
}
