package io.pumpflix.credential;

import io.pumpflix.audit.AuditTrail;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.TenantScope;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Credentials encrypted at rest. Secrets go in through {@link #create} and {@link #replaceSecret}
 * and come out only through {@link #reveal}, the one place that decrypts, which records the use.
 * Listings show id, name and type; a secret never appears in a listing, a log or an exception.
 */
@Component
public class CredentialVault {

    private final Routines routines;
    private final TenantScope tenants;
    private final KeyringSource keys;
    private final AuditTrail audit;
    private final Credentials credentials;

    CredentialVault(Routines routines, TenantScope tenants, KeyringSource keys, AuditTrail audit,
            Credentials credentials) {
        this.routines = routines;
        this.tenants = tenants;
        this.keys = keys;
        this.audit = audit;
        this.credentials = credentials;
    }

    public UUID create(Actor actor, String name, String type, Secret secret) {
        AccessPolicy.require(actor, Action.MANAGE_CREDENTIALS);
        UUID id = UUID.randomUUID();
        String ciphertext = CredentialCipher.encrypt(keys.current().primary(), actor.organizationId(), id, secret.utf8());
        tenants.run(actor.organizationId(), actor.userId(), () -> {
            routines.call("""
                    INSERT INTO public.credentials (id, name, type, organization_id, encrypted_value, created_by)
                    VALUES (?, btrim(?), btrim(?), ?, ?, ?)""", id, name, type, actor.organizationId(), ciphertext,
                    actor.userId());
            audit.record(actor.organizationId(), actor.userId(), "credential.created", "credential", id,
                    Map.of("name", name == null ? "" : name.strip(), "type", type == null ? "" : type.strip()));
        });
        return id;
    }

    /** Replaces the secret of a credential (its rotation by the user). */
    public void replaceSecret(Actor actor, UUID credentialId, Secret secret) {
        AccessPolicy.require(actor, Action.MANAGE_CREDENTIALS);
        String ciphertext = CredentialCipher.encrypt(keys.current().primary(), actor.organizationId(), credentialId,
                secret.utf8());
        tenants.run(actor.organizationId(), actor.userId(), () -> {
            requireFound(routines.update("UPDATE public.credentials SET encrypted_value = ? WHERE id = ?", ciphertext,
                    credentialId), credentialId);
            audit.record(actor.organizationId(), actor.userId(), "credential.rotated", "credential", credentialId,
                    Map.of());
        });
    }

    public void delete(Actor actor, UUID credentialId) {
        AccessPolicy.require(actor, Action.MANAGE_CREDENTIALS);
        tenants.run(actor.organizationId(), actor.userId(), () -> {
            requireFound(routines.update("DELETE FROM public.credentials WHERE id = ?", credentialId), credentialId);
            audit.record(actor.organizationId(), actor.userId(), "credential.deleted", "credential", credentialId,
                    Map.of());
        });
    }

    public List<CredentialSummary> list(Actor actor) {
        AccessPolicy.require(actor, Action.READ);
        return tenants.call(actor.organizationId(), actor.userId(), () -> credentials.visibleTo(actor.userId()));
    }

    /**
     * Decrypts a secret for a workflow run, the one place that does. Each call writes a
     * {@code credential_usage_logs} row and an audit entry in the same transaction.
     */
    public Secret reveal(Actor actor, UUID credentialId, UUID workflowId, UUID executionId) {
        AccessPolicy.require(actor, Action.LOG_EXECUTION);
        return tenants.call(actor.organizationId(), actor.userId(), () -> {
            String stored = routines.optional("SELECT encrypted_value FROM public.credentials WHERE id = ?",
                            (rs, n) -> rs.getString(1), credentialId)
                    .orElseThrow(() -> notFound(credentialId));
            Secret secret = Secret.fromUtf8(
                    CredentialCipher.decrypt(keys.current(), actor.organizationId(), credentialId, stored));
            credentials.logUsage(credentialId, actor.userId(), workflowId, executionId);
            audit.record(actor.organizationId(), actor.userId(), "credential.secret_read", "credential", credentialId,
                    workflowId == null ? Map.of() : Map.of("workflow_id", workflowId.toString()));
            return secret;
        });
    }

    private static void requireFound(int rows, UUID credentialId) {
        if (rows == 0) {
            throw notFound(credentialId);
        }
    }

    private static NotFoundException notFound(UUID credentialId) {
        return new NotFoundException("P0002", "credential " + credentialId + " does not exist");
    }
}
