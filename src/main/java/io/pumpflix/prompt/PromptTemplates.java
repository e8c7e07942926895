package io.pumpflix.prompt;

import io.pumpflix.platform.Check;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Each user's AI prompt templates, through {@code save_ai_prompt_template}. In a tenant
 * transaction row-level security shows a user their own templates only.
 */
@Component
public class PromptTemplates {

    private static final RowMapper<PromptTemplate> TEMPLATE = (rs, n) -> new PromptTemplate(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "user_id"), rs.getString("title"), rs.getString("prompt_body"), Rows.instant(rs, "created_at"));

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
                TEMPLATE, id);
    }

    public Page<PromptTemplate> list(int size, Page.Cursor after) {
        LocalDateTime afterTime = after == null ? null : LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC);
        return Page.of(routines.list("""
                SELECT id, user_id, title, prompt_body, created_at FROM public.ai_prompt_templates
                WHERE ?::timestamp IS NULL OR (created_at, id) < (?::timestamp, ?)
                ORDER BY created_at DESC, id DESC LIMIT ?""", TEMPLATE, afterTime, afterTime,
                after == null ? null : after.id(), size + 1), size, t -> Page.Cursor.of(t.createdAt(), t.id()));
    }

    /** Changes the title and/or body (null keeps it), with the routine's rules. */
    public PromptTemplate update(UUID id, String title, String promptBody) {
        String newTitle = title == null ? null : Check.text(title, "title", 200);
        if (promptBody != null && (promptBody.isBlank() || promptBody.length() > 100_000)) {
            throw Check.invalid("promptBody", "must be 1 to 100000 characters and not blank");
        }
        if (routines.update("""
                UPDATE public.ai_prompt_templates SET title = coalesce(?, title), prompt_body = coalesce(?, prompt_body)
                WHERE id = ?""", newTitle, promptBody, id) == 0) {
            throw notFound(id);
        }
        return find(id).orElseThrow();
    }

    public void delete(UUID id) {
        if (routines.update("DELETE FROM public.ai_prompt_templates WHERE id = ?", id) == 0) {
            throw notFound(id);
        }
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("P0002", "prompt template " + id + " does not exist");
    }
}
