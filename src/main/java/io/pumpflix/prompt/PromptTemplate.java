package io.pumpflix.prompt;

import java.time.Instant;
import java.util.UUID;

public record PromptTemplate(UUID id, UUID userId, String title, String promptBody, Instant createdAt) {
}
