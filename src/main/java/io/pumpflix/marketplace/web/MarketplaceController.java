package io.pumpflix.marketplace.web;

import io.pumpflix.identity.Actor;
import io.pumpflix.marketplace.Marketplace;
import io.pumpflix.marketplace.Template;
import io.pumpflix.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Marketplace")
class MarketplaceController {

    private final Marketplace marketplace;

    MarketplaceController(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    record Installed(UUID templateId, UUID workflowId) {
    }

    @PostMapping("/api/v1/workflows/{workflowId}/publish")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "publishTemplate", summary = "Publish a workflow to the marketplace",
            description = "Copies the workflow's current version into the marketplace, where every organization can see and install it; credentials are never published.")
    Template publish(Actor actor, @PathVariable UUID workflowId) {
        return marketplace.publish(actor, workflowId);
    }

    @GetMapping("/api/v1/templates")
    @Operation(operationId = "browseTemplates", summary = "Templates of every organization, by downloads, price or date",
            description = "Sorted by `sort`: downloads (default), price or date; keyset pages like every list.")
    Page<Template> browse(Actor actor, @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return marketplace.browse(actor, Marketplace.Sort.parse(sort), Page.size(limit), Page.Cursor.decode(cursor));
    }

    @GetMapping("/api/v1/templates/{templateId}")
    @Operation(operationId = "getTemplate", summary = "One template")
    Template get(Actor actor, @PathVariable UUID templateId) {
        return marketplace.find(actor, templateId);
    }

    @PostMapping("/api/v1/templates/{templateId}/install")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "installTemplate", summary = "Copy a template's workflow into the caller's organization",
            description = "Creates a new workflow in the caller's organization from the template's version, counts a download, gives a webhook a path of its own and removes the publisher's credentials from the copy.")
    Installed install(Actor actor, @PathVariable UUID templateId) {
        return new Installed(templateId, marketplace.install(actor, templateId));
    }
}
