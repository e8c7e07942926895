package io.pumpflix.credential;

import java.util.UUID;

/** What a listing shows of a credential: never its value. */
public record CredentialSummary(UUID id, String name, String type) {
}
