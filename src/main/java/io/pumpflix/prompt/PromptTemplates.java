package io.pumpflix.prompt;

import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Action;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.Check;
import io.pumpflix.platform.NotFound;
import io.pumpflix.platform.Page;
import io.pumpflix.platform.Routines;
import io.pumpflix.platform.Rows;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/**
 * The prompt module's door: each user's AI prompt templates, through
 * {@code save_ai_prompt_template}. Every role has them, each member their own only (row-level
 * security shows a user nothing else).
 */
@Service
public class PromptTemplates {

    static final int MAX_TITLE = 200;
    static final int MAX_BODY = 100_000;
    private static final RowMapper<PromptTemplate> TEMPLATE = (rs, n) -> new PromptTemplate(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "user_id"), rs.getString("title"), rs.getString("prompt_body"), Rows.instant(rs, "created_at"));

    private final Routines routines;

    PromptTemplates(Routines routines) {
        this.routines = routines;
    }

    /** Saves a template of the actor's; the title is stored trimmed, the body exactly as given. */
    public PromptTemplate save(Actor actor, String title, String promptBody) {
        AccessPolicy.requireMember(actor);
        UUID id = routines.callForId("CALL public.save_ai_prompt_template(?, ?, ?, NULL)", actor.userId(), title,
                promptBody);
        return read(id);
    }

    public PromptTemplate find(Actor actor, UUID id) {
        AccessPolicy.requireMember(actor);
        return read(id);
    }

    public Page<PromptTemplate> list(Actor actor, int size, Page.Cursor after) {
        AccessPolicy.requireMember(actor);
        LocalDateTime afterTime = after == null ? null : LocalDateTime.ofInstant(after.time(), ZoneOffset.UTC);
        return Page.of(routines.list("""
                SELECT id, user_id, title, prompt_body, created_at FROM public.ai_prompt_templates
                WHERE ?::timestamp IS NULL OR (created_at, id) < (?::timestamp, ?)
                ORDER BY created_at DESC, id DESC LIMIT ?""", TEMPLATE, afterTime, afterTime,
                after == null ? null : after.id(), size + 1), size, t -> Page.Cursor.of(t.createdAt(), t.id()));
    }

    /** Changes the title and/or body (null keeps it), with the routine's rules. */
    public PromptTemplate update(Actor actor, UUID id, String title, String promptBody) {
        AccessPolicy.requireMember(actor);
        String newTitle = title == null ? null : Check.text(title, "title", MAX_TITLE);
        if (promptBody != null && (promptBody.isBlank() || promptBody.length() > MAX_BODY)) {
            throw Check.invalid("promptBody", "must be 1 to " + MAX_BODY + " characters and not blank");
        }
        if (routines.update("""
                UPDATE public.ai_prompt_templates SET title = coalesce(?, title), prompt_body = coalesce(?, prompt_body)
                WHERE id = ?""", newTitle, promptBody, id) == 0) {
            throw NotFound.promptTemplate(id);
        }
        return read(id);
    }

    public void delete(Actor actor, UUID id) {
        AccessPolicy.requireMember(actor);
        if (routines.update("DELETE FROM public.ai_prompt_templates WHERE id = ?", id) == 0) {
            throw NotFound.promptTemplate(id);
        }
    }

    /**
     * The body of a template for a run of a workflow version: templates are private to their
     * author, so a run may use only the templates of the member who committed that version (null
     * for any other). For the engine, acting as the organization's system principal.
     */
    public String forRun(Actor actor, UUID templateId, UUID versionId) {
        AccessPolicy.require(actor, Action.USE_PROMPT_TEMPLATE);
        return routines.optional("SELECT pumpflix.prompt_for_run(?, ?)", (rs, n) -> rs.getString(1), templateId,
                versionId).orElse(null);
    }

    private PromptTemplate read(UUID id) {
        return routines.optional(
                "SELECT id, user_id, title, prompt_body, created_at FROM public.ai_prompt_templates WHERE id = ?",
                TEMPLATE, id).orElseThrow(() -> NotFound.promptTemplate(id));
    }
}
