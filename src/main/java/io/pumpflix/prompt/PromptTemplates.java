package io.pumpflix.prompt;

import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Each user's AI prompt templates, through {@code save_ai_prompt_template}. */
@Component
public class PromptTemplates {

    private final Routines routines;

    public PromptTemplates(Routines routines) {
        this.routines = routines;
    }

    /** Saves a template; the title is stored trimmed, the body exactly as given. */
    public UUID save(UUID userId, String title, String promptBody) {
        return routines.callForId("CALL public.save_ai_prompt_template(?, ?, ?, NULL)", userId, title, promptBody);
    }

    public Optional<PromptTemplate> find(UUID id) {
        return routines.optional(
                "SELECT id, user_id, title, prompt_body, created_at FROM public.ai_prompt_templates WHERE id = ?",
                (rs, n) -> new PromptTemplate(Rows.uuid(rs, "id"), Rows.uuid(rs, "user_id"), rs.getString("title"),
                        rs.getString("prompt_body"), Rows.instant(rs, "created_at")),
                id);
    }
}
