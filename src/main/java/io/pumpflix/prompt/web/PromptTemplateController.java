package io.pumpflix.prompt.web;

import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Page;
import io.pumpflix.prompt.PromptTemplate;
import io.pumpflix.prompt.PromptTemplates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Every role has AI prompt templates, each user their own only (the matrix's last row). */
@RestController
@RequestMapping("/api/v1/prompt-templates")
@Tag(name = "AI prompt templates")
class PromptTemplateController {

    private final PromptTemplates prompts;

    PromptTemplateController(PromptTemplates prompts) {
        this.prompts = prompts;
    }

    record PromptRequest(String title, String promptBody) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createPromptTemplate", summary = "Save a prompt template of the caller's")
    PromptTemplate create(Actor actor, @RequestBody PromptRequest request) {
        return prompts.save(actor, request.title(), request.promptBody());
    }

    @GetMapping
    @Operation(operationId = "listPromptTemplates", summary = "The caller's own prompt templates, newest first")
    Page<PromptTemplate> list(Actor actor, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return prompts.list(actor, Page.size(limit), Page.Cursor.decode(cursor));
    }

    @GetMapping("/{templateId}")
    @Operation(operationId = "getPromptTemplate", summary = "One of the caller's prompt templates")
    PromptTemplate get(Actor actor, @PathVariable UUID templateId) {
        return prompts.find(actor, templateId);
    }

    @PatchMapping("/{templateId}")
    @Operation(operationId = "updatePromptTemplate", summary = "Change the title or body of one of the caller's prompt templates")
    PromptTemplate update(Actor actor, @PathVariable UUID templateId, @RequestBody PromptRequest request) {
        return prompts.update(actor, templateId, request.title(), request.promptBody());
    }

    @DeleteMapping("/{templateId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deletePromptTemplate", summary = "Delete one of the caller's prompt templates")
    void delete(Actor actor, @PathVariable UUID templateId) {
        prompts.delete(actor, templateId);
    }
}
