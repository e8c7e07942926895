package io.pumpflix.engine.web;

import io.pumpflix.engine.definition.DefinitionReader;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Iterator;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON Schema of workflow definitions, published twice: as is at
 * {@code /schemas/workflow-definition.json}, and in the OpenAPI description as the component
 * {@code WorkflowDefinition} (its {@code $defs} become components of their own).
 */
@RestController
@Configuration(proxyBeanMethods = false)
@Tag(name = "Workflows")
class DefinitionSchema {

    static final String COMPONENT = "WorkflowDefinition";

    @GetMapping(value = "/schemas/workflow-definition.json", produces = "application/schema+json")
    @SecurityRequirements
    @Operation(operationId = "getWorkflowDefinitionSchema", summary = "The JSON Schema of workflow definitions",
            description = "The JSON Schema (draft 2020-12) a workflow definition must satisfy; commits are checked against it. Needs no token.")
    ResponseEntity<String> schema() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/schema+json"))
                .body(DefinitionReader.schemaText());
    }

    private static String component(String def) {
        return COMPONENT + Character.toUpperCase(def.charAt(0)) + def.substring(1);
    }

    @Bean
    OpenApiCustomizer workflowDefinitionSchema() {
        return openApi -> {
            String text = DefinitionReader.schemaText();
            for (String name : java.util.List.of("node", "outputs", "target")) {
                text = text.replace("#/$defs/" + name, "#/components/schemas/" + component(name));
            }
            try {
                var tree = Json31.mapper().readTree(text);
                var defs = tree.path("$defs");
                for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = defs.fields(); it.hasNext();) {
                    var entry = it.next();
                    openApi.getComponents().addSchemas(component(entry.getKey()),
                            Json31.mapper().treeToValue(entry.getValue(), Schema.class));
                }
                ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove(java.util.List.of("$defs", "$schema", "$id"));
                openApi.getComponents().addSchemas(COMPONENT, Json31.mapper().treeToValue(tree, Schema.class));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the definition schema does not read", e);
            }
        };
    }
}
