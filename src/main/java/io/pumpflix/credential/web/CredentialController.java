package io.pumpflix.credential.web;

import io.pumpflix.credential.CredentialSummary;
import io.pumpflix.credential.CredentialUse;
import io.pumpflix.credential.CredentialVault;
import io.pumpflix.credential.Secret;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Secrets go in with a request and never come out: every answer is id, name and type. */
@RestController
@RequestMapping("/api/v1/credentials")
@Tag(name = "Credentials")
class CredentialController {

    private final CredentialVault vault;

    CredentialController(CredentialVault vault) {
        this.vault = vault;
    }

    record NewCredential(String name, String type, String secret) {

        @Override
        public String toString() {
            return "NewCredential[name=" + name + ", type=" + type + "]";
        }
    }

    record SecretReplacement(String secret) {

        @Override
        public String toString() {
            return "SecretReplacement[redacted]";
        }
    }

    /** Null when absent or empty: the vault refuses it naming the field. */
    private static Secret secret(String value) {
        return value == null || value.isEmpty() ? null : Secret.of(value.toCharArray());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createCredential", summary = "Store a secret, encrypted (owners and admins)",
            description = "The secret is encrypted with AES-256-GCM before it is stored and is never answered back, by this or any other route.")
    CredentialSummary create(Actor actor, @RequestBody NewCredential request) {
        try (Secret secret = secret(request.secret())) {
            return vault.create(actor, request.name(), request.type(), secret);
        }
    }

    @GetMapping
    @Operation(operationId = "listCredentials", summary = "The organization's credentials: id, name and type")
    List<CredentialSummary> list(Actor actor) {
        return vault.list(actor);
    }

    @PutMapping("/{credentialId}/secret")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "replaceCredentialSecret", summary = "Replace a credential's secret (owners and admins)",
            description = "Replaces the secret, encrypted under the keyring's primary key; workflows that name the credential use the new one from their next node.")
    void replace(Actor actor, @PathVariable UUID credentialId, @RequestBody SecretReplacement request) {
        try (Secret secret = secret(request.secret())) {
            vault.replaceSecret(actor, credentialId, secret);
        }
    }

    @DeleteMapping("/{credentialId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteCredential", summary = "Delete a credential (owners and admins)",
            description = "Deletes the credential; its usage log stays. Workflows that name it fail at their next run of that node.")
    void delete(Actor actor, @PathVariable UUID credentialId) {
        vault.delete(actor, credentialId);
    }

    @GetMapping("/{credentialId}/usage")
    @Operation(operationId = "listCredentialUsage", summary = "A credential's usage log, newest first (owners and admins)")
    Page<CredentialUse> usage(Actor actor, @PathVariable UUID credentialId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return vault.usage(actor, credentialId, Page.size(limit), Page.Cursor.decode(cursor));
    }
}
