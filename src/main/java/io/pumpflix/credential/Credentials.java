package io.pumpflix.credential;

import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The credential list and usage log, through {@code get_credentials_for_workflow} and
 * {@code log_credential_usage}. Storing secrets (encryption at rest) comes with the security work.
 */
@Component
public class Credentials {

    private final Routines routines;

    public Credentials(Routines routines) {
        this.routines = routines;
    }

    /** The credentials of the user's organization, by name then id; empty for an unknown user. */
    public List<CredentialSummary> visibleTo(UUID userId) {
        return routines.list("SELECT id, name, type FROM public.get_credentials_for_workflow(?)",
                (rs, n) -> new CredentialSummary(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("type")),
                userId);
    }

    /** A credential's usage log, newest first; unknown (or another tenant's) credential: not found. */
    public Page<CredentialUse> usage(UUID credentialId, int size, Page.Cursor after) {
        if (routines.optional("SELECT 1 FROM public.credentials WHERE id = ?", (rs, n) -> 1, credentialId).isEmpty()) {
            throw new NotFoundException("P0002", "credential " + credentialId + " does not exist");
        }
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

    /** Records one use; {@code workflowId} and {@code executionId} may be null. */
    public void logUsage(UUID credentialId, UUID userId, UUID workflowId, UUID executionId) {
        routines.call("CALL public.log_credential_usage(?, ?, ?, ?)", credentialId, userId, workflowId, executionId);
    }
}
