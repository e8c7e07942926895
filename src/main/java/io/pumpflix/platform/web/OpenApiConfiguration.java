package io.pumpflix.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at /v3/api-docs, with the interactive page at /swagger-ui.html. Every
 * operation declares the RFC 9457 problem answers it can give (docs/api.md, "Errors"), with one
 * shared {@code Problem} schema and an example each, so that generated clients know our errors.
 * Which answers an operation can give follows from what it takes (a body or parameters: 400; a
 * path parameter: 404; a token: 401, 403, 429) plus the lists below; {@code OpenApiLintTest}
 * lints the live description with Redocly's recommended rules.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM = "application/problem+json";

    /** Operations that can refuse because of the state of what they touch (409). */
    private static final Set<String> CONFLICTS = Set.of("signUp", "inviteMember", "changeMemberRole",
            "updateWorkflow", "commitWorkflowVersion", "archiveWorkflow", "cloneWorkflow", "publishTemplate",
            "installTemplate", "runWorkflow", "advanceExecution", "cancelExecution", "retryExecution",
            "changeInvoiceStatus", "createCredential", "deleteCredential", "importN8nWorkflow");
    /** Operations that start or log executions, which a plan's hard cap may refuse (402). */
    private static final Set<String> QUOTA = Set.of("logExecution", "logExecutionBatch", "runWorkflow",
            "retryExecution");
    /** Operations that need no token but are throttled (sign-in attempts). */
    private static final Set<String> THROTTLED_WITHOUT_TOKEN = Set.of("signIn", "signUp");

    private record Answer(String name, String title, String description, String detail) {
    }

    private static final Map<String, Answer> ANSWERS = new LinkedHashMap<>();

    static {
        ANSWERS.put("400", new Answer("BadRequest", "Bad Request",
                "The input is invalid: `detail` names the field or parameter; a workflow definition's problems are listed in `errors`.",
                "name: must not be blank"));
        ANSWERS.put("401", new Answer("Unauthorized", "Unauthorized",
                "No valid bearer token (missing, expired or revoked); or, for sign-in, a wrong email or password.",
                "a valid bearer token is required"));
        ANSWERS.put("402", new Answer("PaymentRequired", "Payment Required",
                "The plan's hard cap for the month is reached: `plan`, `cap` and `resetsAt` say which and until when (docs/billing.md).",
                "the plan 'free' allows 1000 executions a month, and this month's are used up; the count starts again at 2026-12-01T00:00:00Z (or change plan)"));
        ANSWERS.put("403", new Answer("Forbidden", "Forbidden", "The caller's role may not do this (the role matrix in docs/api.md).",
                "role viewer may not CREATE_WORKFLOW"));
        ANSWERS.put("404", new Answer("NotFound", "Not Found",
                "No such object in the caller's organization (another organization's objects are always 404).",
                "workflow 3f0c7c1e-2b7b-4d3a-9a55-0d1f1f7a0b11 does not exist"));
        ANSWERS.put("406", new Answer("NotAcceptable", "Not Acceptable",
                "The Accept header excludes the only media type this answers with.", "406 NOT_ACCEPTABLE"));
        ANSWERS.put("409", new Answer("Conflict", "Conflict",
                "The object's state does not allow it (an archived workflow, a finished execution, a duplicate email, the last owner).",
                "workflow 3f0c7c1e-2b7b-4d3a-9a55-0d1f1f7a0b11 is archived"));
        ANSWERS.put("413", new Answer("ContentTooLarge", "Content Too Large", "The body is larger than 1 MiB (`pumpflix.api.max-body-bytes`).",
                "the request body is larger than 1048576 bytes"));
        ANSWERS.put("429", new Answer("TooManyRequests", "Too Many Requests",
                "Too many requests for this user, or sign-ins throttled; `Retry-After` says when to try again.",
                "more than 200 requests a second; retry after 1 s or use the batch endpoint"));
        ANSWERS.put("503", new Answer("ServiceUnavailable", "Service Unavailable",
                "The database is unreachable; answered within about two seconds, with `Retry-After: 5`.",
                "the database is unavailable; try again shortly"));
    }

    @Bean
    OpenAPI pumpflixApi() {
        return new OpenAPI()
                .info(new Info().title("PumpFlix API").version("v1")
                        .license(new License().name("Proprietary: PumpFlix and its customer")
                                .identifier("LicenseRef-PumpFlix-Proprietary"))
                        .description("""
                        Multi-tenant workflow automation. Sign up or sign in under /api/v1/auth to get a bearer token; \
                        every other route needs it. Errors are RFC 9457 problem documents (`Problem`); another \
                        organization's objects are always 404. Lists are pages `{items, nextCursor}`: pass \
                        `nextCursor` back as `cursor` for the next page."""))
                .servers(List.of(new Server().url("/").description("this service")))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** The problem schema, the shared answers, and each operation's list of them. */
    @Bean
    OpenApiCustomizer problemAnswers() {
        return api -> {
            Components components = api.getComponents();
            components.addSchemas("InputError", new ObjectSchema()
                    .description("One problem of a workflow definition: the node and parameter it is about, and why.")
                    .addProperty("node", new StringSchema().nullable(true).example("Price"))
                    .addProperty("parameter", new StringSchema().nullable(true).example("fields.total"))
                    .addProperty("message", new StringSchema().example("the expression does not parse")));
            components.addSchemas("Problem", new ObjectSchema()
                    .description("An RFC 9457 problem document, as every error of this API is.")
                    .addProperty("type", new StringSchema().example("about:blank"))
                    .addProperty("title", new StringSchema().example("Not Found"))
                    .addProperty("status", new IntegerSchema().example(404))
                    .addProperty("detail", new StringSchema().description("what went wrong, naming the field or object"))
                    .addProperty("instance", new StringSchema().description("the request path"))
                    .addProperty("parameter", new StringSchema().description("400: the parameter at fault, when one is"))
                    .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/InputError"))
                            .description("400 for a workflow definition: every problem found"))
                    .addProperty("plan", new StringSchema().description("402: the plan whose cap is reached"))
                    .addProperty("cap", new IntegerSchema().format("int64").description("402: executions a month"))
                    .addProperty("resetsAt", new StringSchema().format("date-time").description("402: when the count starts again")));
            ANSWERS.forEach((status, answer) -> {
                Map<String, Object> example = new LinkedHashMap<>();
                example.put("type", "about:blank");
                example.put("title", answer.title());
                example.put("status", Integer.parseInt(status));
                example.put("detail", answer.detail());
                example.put("instance", "/api/v1/workflows");
                ApiResponse response = new ApiResponse().description(answer.description()).content(new Content()
                        .addMediaType(PROBLEM, new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))
                                .addExamples(answer.name(), new Example().value(example))));
                if (status.equals("429") || status.equals("503")) {
                    response.addHeaderObject("Retry-After", new Header().description("seconds to wait")
                            .schema(new IntegerSchema()));
                }
                components.addResponses(answer.name(), response);
            });
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    answers(path, operation).forEach(status -> operation.getResponses().addApiResponse(status,
                            new ApiResponse().$ref("#/components/responses/" + ANSWERS.get(status).name())))));
        };
    }

    /** The problem answers an operation can give, by what it takes and does. */
    private static List<String> answers(String path, Operation operation) {
        String id = operation.getOperationId();
        boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        boolean input = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        boolean database = !path.startsWith("/schemas/");
        return ANSWERS.keySet().stream().filter(status -> switch (status) {
            case "400" -> input;
            case "401" -> secured || id.equals("signIn");
            case "402" -> QUOTA.contains(id);
            case "403" -> secured;
            case "404" -> path.contains("{");
            case "406" -> !database;
            case "409" -> CONFLICTS.contains(id);
            case "413" -> operation.getRequestBody() != null;
            case "429" -> secured || THROTTLED_WITHOUT_TOKEN.contains(id);
            case "503" -> database;
            default -> false;
        }).toList();
    }
}
