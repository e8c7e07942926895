package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.billing.InvoiceStatus;
import io.pumpflix.credential.CredentialVault;
import io.pumpflix.credential.Secret;
import io.pumpflix.execution.ExecutionStatus;
import io.pumpflix.identity.Actor;
import io.pumpflix.identity.Role;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Walks every route of the OpenAPI description with a token of each role and of another
 * organization, on fresh objects each time, and checks the status the role matrix demands:
 * 2xx when allowed, 403 when the role may not, 404 for another organization's objects.
 */
class RoleMatrixOverHttpTest extends ApiTest {

    private static final Set<Role> ALL = Set.of(Role.OWNER, Role.ADMIN, Role.USER, Role.VIEWER);
    private static final Set<Role> WRITERS = Set.of(Role.OWNER, Role.ADMIN, Role.USER);
    private static final Set<Role> MANAGERS = Set.of(Role.OWNER, Role.ADMIN);
    private static final Set<Role> OWNERS = Set.of(Role.OWNER);

    /** operationId -> roles allowed; written from behaviour.md's matrix, not from the code. */
    private static final Map<String, Set<Role>> MATRIX = Map.ofEntries(
            Map.entry("listWorkflows", ALL), Map.entry("getWorkflow", ALL), Map.entry("listWorkflowVersions", ALL),
            Map.entry("getWorkflowVersion", ALL), Map.entry("listWorkflowExecutions", ALL),
            Map.entry("getExecution", ALL), Map.entry("listExecutions", ALL), Map.entry("browseTemplates", ALL),
            Map.entry("getTemplate", ALL), Map.entry("getUsage", ALL), Map.entry("listCredentials", ALL),
            Map.entry("listMembers", ALL), Map.entry("getMember", ALL),
            Map.entry("createWorkflow", WRITERS), Map.entry("cloneWorkflow", WRITERS),
            Map.entry("importN8nWorkflow", WRITERS),
            Map.entry("logExecution", WRITERS), Map.entry("advanceExecution", WRITERS),
            Map.entry("logExecutionBatch", WRITERS),
            Map.entry("runWorkflow", WRITERS), Map.entry("cancelExecution", WRITERS),
            Map.entry("retryExecution", WRITERS),
            Map.entry("listExecutionNodes", ALL),
            Map.entry("publishTemplate", WRITERS), Map.entry("installTemplate", WRITERS),
            // the fixture workflow is the owner's: a user edits only their own
            Map.entry("updateWorkflow", MANAGERS), Map.entry("commitWorkflowVersion", MANAGERS),
            Map.entry("archiveWorkflow", MANAGERS),
            Map.entry("createCredential", MANAGERS), Map.entry("replaceCredentialSecret", MANAGERS),
            Map.entry("deleteCredential", MANAGERS), Map.entry("listCredentialUsage", MANAGERS),
            Map.entry("listAudit", MANAGERS), Map.entry("inviteMember", MANAGERS),
            Map.entry("changeMemberRole", MANAGERS),
            Map.entry("listInvoices", MANAGERS), Map.entry("getInvoice", MANAGERS),
            Map.entry("createInvoice", OWNERS), Map.entry("changeInvoiceStatus", OWNERS),
            Map.entry("printInvoice", MANAGERS), Map.entry("listPlans", ALL),
            Map.entry("getSubscription", MANAGERS), Map.entry("getBillingUsage", MANAGERS),
            Map.entry("changeSubscription", OWNERS),
            // every role has its own prompt templates
            Map.entry("createPromptTemplate", ALL), Map.entry("listPromptTemplates", ALL),
            Map.entry("getPromptTemplate", ALL), Map.entry("updatePromptTemplate", ALL),
            Map.entry("deletePromptTemplate", ALL),
            // no role involved: covered by ApiRoutesTest
            Map.entry("signUp", Set.of()), Map.entry("signIn", Set.of()), Map.entry("signOut", Set.of()),
            Map.entry("getWorkflowDefinitionSchema", Set.of()));
    private static final Set<String> UNCHECKED = Set.of("signUp", "signIn", "signOut", "getWorkflowDefinitionSchema");
    /** The marketplace spans organizations: another organization may read and install a template. */
    private static final Set<String> CROSS_TENANT_BY_DESIGN = Set.of("getTemplate", "installTemplate");

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{(\\w+)}");

    @Autowired
    CredentialVault vault;

    record Operation(String method, String path, String id) {
    }

    private List<Operation> operations() {
        JsonNode paths = api.get("/v3/api-docs", null).json().path("paths");
        List<Operation> operations = new ArrayList<>();
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                operations.add(new Operation(method.toUpperCase(), path,
                        paths.path(path).path(method).path("operationId").asString()));
            }
        }
        return operations;
    }

    @Test
    void theMatrixCoversExactlyTheDocumentedRoutes() {
        assertThat(operations()).extracting(Operation::id).containsExactlyInAnyOrderElementsOf(MATRIX.keySet());
    }

    @Test
    void everyRouteAnswersEachRoleAndAnotherOrganizationAsTheMatrixSays() {
        Org org = signUp();
        Map<Role, Member> callers = new LinkedHashMap<>();
        callers.put(Role.OWNER, new Member(org.ownerId(), org.ownerToken()));
        for (Role role : List.of(Role.ADMIN, Role.USER, Role.VIEWER)) {
            callers.put(role, signedInMember(org, role));
        }
        Org stranger = signUp();
        List<String> mismatches = new ArrayList<>();
        int checked = 0;

        for (Operation operation : operations()) {
            if (UNCHECKED.contains(operation.id())) {
                continue;
            }
            for (Map.Entry<Role, Member> caller : callers.entrySet()) {
                Map<String, UUID> ids = fixtures(org, caller.getValue().userId());
                int status = send(operation, ids, caller.getValue().token());
                boolean allowed = MATRIX.get(operation.id()).contains(caller.getKey());
                if (allowed ? status / 100 != 2 : status != 403) {
                    mismatches.add(operation.id() + " as " + caller.getKey() + ": " + status);
                }
                checked++;
            }
            if (operation.path().contains("{")) {
                Map<String, UUID> ids = fixtures(org, org.ownerId());
                int status = send(operation, ids, stranger.ownerToken());
                int expected = CROSS_TENANT_BY_DESIGN.contains(operation.id()) ? 2 : 4;
                if (expected == 2 ? status / 100 != 2 : status != 404) {
                    mismatches.add(operation.id() + " as another organization: " + status);
                }
                checked++;
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isGreaterThan(150);
    }

    /** Fresh objects of the organization for one call, so no call depends on another's effects. */
    private Map<String, UUID> fixtures(Org org, UUID callerId) {
        Actor owner = new Actor(org.ownerId(), org.organizationId(), Role.OWNER);
        Map<String, UUID> ids = new HashMap<>();
        UUID workflow = routines.createWorkflow(org.organizationId(), org.ownerId(), "wf", "d", "{\"nodes\": []}");
        ids.put("workflowId", workflow);
        ids.put("versionId", jdbc.sql("SELECT current_version_id FROM workflows WHERE id = ?").param(workflow)
                .query(UUID.class).single());
        ids.put("executionId", routines.logExecution(workflow, "running", null, null));
        // a run of the engine that failed, for a retry
        ids.put("failedRunId", jdbc.sql("""
                SELECT id FROM pumpflix.insert_executions(ARRAY[?::uuid], ARRAY['error'], ARRAY['[{}]'::jsonb],
                    ARRAY[NULL::jsonb], NULL, NULL, ARRAY[?::uuid], ARRAY['manual'])""")
                .params(workflow, ids.get("versionId")).query(UUID.class).single());
        ids.put("credentialId", as(owner, () -> vault.create(owner, "c", "api_key", Secret.of("s3cret".toCharArray()))
                .id()));
        ids.put("marketplaceTemplateId", routines.publishTemplate(workflow, org.ownerId()));
        ids.put("invoiceId", routines.createInvoice(org.organizationId(), 100, "open", LocalDate.now(), LocalDate.now()));
        ids.put("memberId", newMember(org.organizationId(), Role.USER));
        ids.put("promptTemplateId", routines.savePromptTemplate(callerId, "t", "b"));
        return ids;
    }

    private int send(Operation operation, Map<String, UUID> ids, String token) {
        Matcher parameter = PATH_PARAMETER.matcher(operation.path());
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String name = parameter.group(1);
            if (name.equals("executionId") && operation.id().equals("retryExecution")) {
                name = "failedRunId";
            }
            if (name.equals("templateId")) {
                name = operation.path().startsWith("/api/v1/prompt-templates") ? "promptTemplateId" : "marketplaceTemplateId";
            }
            parameter.appendReplacement(path, ids.get(name).toString());
        }
        parameter.appendTail(path);
        return api.call(operation.method(), path.toString(), token, body(operation.id())).status();
    }

    private static Object body(String operationId) {
        return switch (operationId) {
            case "createWorkflow" -> Map.of("name", "n", "definition", Map.of());
            case "importN8nWorkflow" -> Map.of("name", "from n8n", "nodes", List.of(), "connections", Map.of());
            case "updateWorkflow" -> Map.of("name", "renamed");
            case "commitWorkflowVersion" -> Map.of("definition", Map.of("v", 2));
            case "logExecution", "advanceExecution" -> Map.of("status", "success");
            case "logExecutionBatch" -> Map.of("executions", List.of(Map.of("status", "success"), Map.of("status", "queued")));
            case "createCredential" -> Map.of("name", "c", "type", "api_key", "secret", "s3cret");
            case "replaceCredentialSecret" -> Map.of("secret", "n3w");
            case "inviteMember" -> Map.of("email", UUID.randomUUID() + "@example.test", "role", "viewer",
                    "password", PASSWORD);
            case "changeMemberRole" -> Map.of("role", "viewer");
            case "createInvoice" -> Map.of("amountCents", 1, "billingPeriodStart", "2026-01-01",
                    "billingPeriodEnd", "2026-01-31");
            case "changeInvoiceStatus" -> Map.of("status", "paid");
            case "changeSubscription" -> Map.of("plan", "pro");
            case "createPromptTemplate" -> Map.of("title", "t", "promptBody", "b");
            case "updatePromptTemplate" -> Map.of("title", "t2");
            default -> null;
        };
    }
}
