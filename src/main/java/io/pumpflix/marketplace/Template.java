package io.pumpflix.marketplace;

import java.time.Instant;
import java.util.UUID;

public record Template(UUID id, UUID workflowId, String name, String description, UUID categoryId, UUID createdBy,
        Instant createdAt, int downloads, int priceCents) {
}
