package io.pumpflix.credential;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.Page;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The credential module's door: credentials encrypted at rest. Secrets go in through
 * {@link #create} and {@link #replaceSecret} and come out only through {@link #reveal}, the one
 * place that decrypts, which records the use. Listings show id, name and type; a secret never
 * appears in a listing, a log or an exception.
 */
@Service
public class CredentialVault {

    static final int MAX_SECRET_CHARS = 64 * 1024;

    private final CredentialStore store;
    private final KeyringSource keys;
    private final ApplicationEventPublisher events;

    CredentialVault(CredentialStore store, KeyringSource keys, ApplicationEventPublisher events) {
        this.store = store;
        this.keys = keys;
        this.events = events;
    }

    public CredentialSummary create(Actor actor, String name, String type, Secret secret) {
        AccessPolicy.require(actor, Action.MANAGE_CREDENTIALS);
        String checkedName = Check.text(name, "name", 200);
        String checkedType = Check.text(type, "type", 100);
        requireSecret(secret);
        UUID id = UUID.randomUUID();
        String ciphertext = CredentialCipher.encrypt(keys.current().primary(), actor.organizationId(), id, secret.utf8());
        store.insert(id, checkedName, checkedType, actor.organizationId(), ciphertext, actor.userId());
        events.publishEvent(actor.audited("credential.created", "credential", id,
                Map.of("name", checkedName, "type", checkedType)));
        return new CredentialSummary(id, checkedName, checkedType);
    }

    /** Replaces the secret of a credential (its rotation by the user). */
    public void replaceSecret(Actor actor, UUID credentialId, Secret secret) {
        AccessPolicy.require(actor, Action.MANAGE_CREDENTIALS);
        requireSecret(secret);
        String ciphertext = CredentialCipher.encrypt(keys.current().primary(), actor.organizationId(), credentialId,
                secret.utf8());
        if (!store.replaceCiphertext(credentialId, ciphertext)) {
            throw NotFound.credential(credentialId);
        }
        events.publishEvent(actor.audited("credential.rotated", "credential", credentialId, Map.of()));
    }

    public void delete(Actor actor, UUID credentialId) {
        AccessPolicy.require(actor, Action.MANAGE_CREDENTIALS);
        if (!store.delete(credentialId)) {
            throw NotFound.credential(credentialId);
        }
        events.publishEvent(actor.audited("credential.deleted", "credential", credentialId, Map.of()));
    }

    /** The organization's credentials: id, name and type. */
    public List<CredentialSummary> list(Actor actor) {
        AccessPolicy.require(actor, Action.READ);
        return store.visibleTo(actor.userId());
    }

    /** One credential's id, name and type. */
    public CredentialSummary find(Actor actor, UUID credentialId) {
        AccessPolicy.require(actor, Action.READ);
        return store.summary(credentialId).orElseThrow(() -> NotFound.credential(credentialId));
    }

    /** A credential's usage log, newest first (owners and admins). */
    public Page<CredentialUse> usage(Actor actor, UUID credentialId, int size, Page.Cursor after) {
        AccessPolicy.require(actor, Action.MANAGE_CREDENTIALS);
        store.summary(credentialId).orElseThrow(() -> NotFound.credential(credentialId));
        return store.usage(credentialId, size, after);
    }

    /**
     * Decrypts a secret for a workflow run, the one place that does. Each call writes a
     * {@code credential_usage_logs} row (with the triggering user, or none for the system
     * principal) and an audit entry in the caller's transaction.
     */
    public Secret reveal(Actor actor, UUID credentialId, UUID workflowId, UUID executionId) {
        return reveal(actor, credentialId, new RunUse(workflowId, executionId, actor.userId(), null));
    }

    /**
     * Decrypts a secret for a node of a run; refuses ({@code InvalidInputException}) a credential of
     * another type than the node expects. The usage log names the member who started the run.
     */
    public Secret reveal(Actor actor, UUID credentialId, RunUse use) {
        AccessPolicy.require(actor, Action.USE_CREDENTIAL);
        CredentialSummary summary = store.summary(credentialId).orElseThrow(() -> NotFound.credential(credentialId));
        if (use.expectedType() != null && !use.expectedType().equals(summary.type())) {
            throw Check.invalid("credentials." + use.expectedType(), "credential " + credentialId + " is of type "
                    + summary.type() + ", not " + use.expectedType());
        }
        String stored = store.ciphertext(credentialId).orElseThrow(() -> NotFound.credential(credentialId));
        Secret secret = Secret.fromUtf8(
                CredentialCipher.decrypt(keys.current(), actor.organizationId(), credentialId, stored));
        store.logUsage(credentialId, use.triggeredBy(), use.workflowId(), use.executionId());
        Map<String, String> details = new java.util.LinkedHashMap<>();
        if (use.workflowId() != null) {
            details.put("workflow_id", use.workflowId().toString());
        }
        if (use.executionId() != null) {
            details.put("execution_id", use.executionId().toString());
        }
        events.publishEvent(actor.audited("credential.secret_read", "credential", credentialId, details));
        return secret;
    }

    private static void requireSecret(Secret secret) {
        Check.present(secret, "secret");
        if (secret.isBlank()) {
            throw Check.invalid("secret", "must not be blank");
        }
        if (secret.length() > MAX_SECRET_CHARS) {
            throw Check.invalid("secret", "must be at most " + MAX_SECRET_CHARS + " characters");
        }
    }
}
