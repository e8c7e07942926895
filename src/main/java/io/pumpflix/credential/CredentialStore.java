package io.pumpflix.credential;

import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Credential rows as the open tenant transaction sees them, the list through
 * {@code get_credentials_for_workflow} and the usage log through {@code log_credential_usage}.
 * Only ciphertext passes through here.
 */
@Component
class CredentialStore {

    private final Routines routines;

    CredentialStore(Routines routines) {
        this.routines = routines;
    }

    void insert(UUID id, String name, String type, UUID organizationId, String ciphertext, UUID createdBy) {
        routines.call("""
                INSERT INTO public.credentials (id, name, type, organization_id, encrypted_value, created_by)
                VALUES (?, ?, ?, ?, ?, ?)""", id, name, type, organizationId, ciphertext, createdBy);
    }

    boolean replaceCiphertext(UUID id, String ciphertext) {
        return routines.update("UPDATE public.credentials SET encrypted_value = ? WHERE id = ?", ciphertext, id) > 0;
    }

    boolean delete(UUID id) {
        return routines.update("DELETE FROM public.credentials WHERE id = ?", id) > 0;
    }

    Optional<String> ciphertext(UUID id) {
        return routines.optional("SELECT encrypted_value FROM public.credentials WHERE id = ?",
                (rs, n) -> rs.getString(1), id);
    }

    Optional<CredentialSummary> summary(UUID id) {
        return routines.optional("SELECT id, name, type FROM public.credentials WHERE id = ?",
                (rs, n) -> new CredentialSummary(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("type")), id);
    }

    /** The credentials of the user's organization, by name then id; empty for an unknown user. */
    List<CredentialSummary> visibleTo(UUID userId) {
        return routines.list("SELECT id, name, type FROM public.get_credentials_for_workflow(?)",
                (rs, n) -> new CredentialSummary(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("type")),
                userId);
    }

    /** A credential's usage log, newest first. */
    Page<CredentialUse> usage(UUID credentialId, int size, Page.Cursor after) {
        LocalDateTime afterTime = after == null ? null : LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC);
        return Page.of(routines.list("""
                SELECT id, user_id, workflow_id, execution_id, used_at FROM public.credential_usage_logs
                WHERE credential_id = ? AND (?::timestamp IS NULL OR (used_at, id) < (?::timestamp, ?))
                ORDER BY used_at DESC, id DESC LIMIT ?""",
                (rs, n) -> new CredentialUse(Rows.uuid(rs, "id"), Rows.uuid(rs, "user_id"), Rows.uuid(rs, "workflow_id"),
                        Rows.uuid(rs, "execution_id"), Rows.instant(rs, "used_at")),
                credentialId, afterTime, afterTime, after == null ? null : after.id(), size + 1), size,
                use -> Page.Cursor.of(use.usedAt(), use.id()));
    }

    /** Records one use; the user is null for a run no person started. */
    void logUsage(UUID credentialId, UUID userId, UUID workflowId, UUID executionId) {
        routines.call("CALL public.log_credential_usage(?, ?, ?, ?)", credentialId, userId, workflowId, executionId);
    }
}
