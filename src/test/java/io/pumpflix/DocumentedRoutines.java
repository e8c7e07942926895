package io.pumpflix;

import io.pumpflix.credential.CredentialSummary;
import io.pumpflix.identity.Role;
import io.pumpflix.metering.Usage;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The documented routines as any PostgreSQL client of the document calls them (here as the
 * tables' owner, with no session setting), with refusals turned into the service's typed
 * exceptions. The fixtures every routine test needs (an organization, a member, a workflow, an
 * execution) live here, once.
 */
public final class DocumentedRoutines {

    private final Routines routines;

    DocumentedRoutines(Routines routines) {
        this.routines = routines;
    }

    public UUID organization() {
        return routines.callForId("INSERT INTO public.organizations (name) VALUES (?) RETURNING id", "org " + UUID.randomUUID());
    }

    /** A member without a password (it cannot sign in). */
    public UUID member(UUID organizationId, Role role) {
        return routines.callForId("INSERT INTO public.users (email, organization_id, role) VALUES (?, ?, ?) RETURNING id",
                UUID.randomUUID() + "@example.test", organizationId, role.dbValue());
    }

    public UUID createWorkflow(UUID organizationId, UUID userId, String name, String description, String json) {
        return routines.callForId("CALL public.create_workflow(?, ?, ?, ?, ?::jsonb, NULL)", organizationId, userId, name,
                description, json);
    }

    /** A workflow with no nodes, of a new member of the organization. */
    public UUID workflow(UUID organizationId) {
        return createWorkflow(organizationId, member(organizationId, Role.USER), "workflow", null, "{\"nodes\": []}");
    }

    public UUID cloneWorkflow(UUID originalId, UUID clonedBy) {
        return routines.callForId("CALL public.clone_workflow(?, ?, NULL)", originalId, clonedBy);
    }

    public void archiveWorkflow(UUID workflowId) {
        routines.call("CALL public.archive_workflow(?)", workflowId);
    }

    public UUID logExecution(UUID workflowId, String status, String inputJson, String outputJson) {
        return routines.callForId("CALL public.log_workflow_execution(?, ?, ?::jsonb, ?::jsonb, NULL)", workflowId,
                status, inputJson, outputJson);
    }

    public UUID createInvoice(UUID organizationId, int amountCents, String status, LocalDate start, LocalDate end) {
        return routines.callForId("CALL public.create_invoice(?, ?, ?, ?, ?, NULL)", organizationId, amountCents, status,
                start, end);
    }

    public UUID savePromptTemplate(UUID userId, String title, String body) {
        return routines.callForId("CALL public.save_ai_prompt_template(?, ?, ?, NULL)", userId, title, body);
    }

    public void logCredentialUsage(UUID credentialId, UUID userId, UUID workflowId, UUID executionId) {
        routines.call("CALL public.log_credential_usage(?, ?, ?, ?)", credentialId, userId, workflowId, executionId);
    }

    public UUID startSession(UUID userId, UUID workflowId, String connectionId) {
        return routines.callForId("CALL public.start_websocket_session(?, ?, ?, NULL)", userId, workflowId, connectionId);
    }

    public void endSession(UUID sessionId) {
        routines.call("CALL public.end_websocket_session(?)", sessionId);
    }

    /** {@code get_user_usage_metrics}: its one row, or empty for an unknown user. */
    public Optional<Usage> usage(UUID userId) {
        return routines.optional("""
                SELECT total_executions, monthly_executions, total_invoices, last_invoice_amount
                FROM public.get_user_usage_metrics(?)""",
                (rs, n) -> new Usage(rs.getInt("total_executions"), rs.getInt("monthly_executions"),
                        rs.getInt("total_invoices"), Rows.integer(rs, "last_invoice_amount")), userId);
    }

    /** {@code get_credentials_for_workflow}: id, name and type of each visible credential. */
    public List<CredentialSummary> credentialsFor(UUID userId) {
        return routines.list("SELECT id, name, type FROM public.get_credentials_for_workflow(?)",
                (rs, n) -> new CredentialSummary(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("type")),
                userId);
    }

    public UUID publishTemplate(UUID workflowId, UUID createdBy) {
        return routines.callForId("CALL public.create_template_from_workflow(?, ?, NULL)", workflowId, createdBy);
    }
}
