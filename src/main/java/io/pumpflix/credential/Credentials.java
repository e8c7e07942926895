package io.pumpflix.credential;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
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

    /** Records one use; {@code workflowId} and {@code executionId} may be null. */
    public void logUsage(UUID credentialId, UUID userId, UUID workflowId, UUID executionId) {
        routines.call("CALL public.log_credential_usage(?, ?, ?, ?)", credentialId, userId, workflowId, executionId);
    }
}
