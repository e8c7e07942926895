package io.pumpflix.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Role;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.Rows;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromptRoutinesTest extends DatabaseTest {

    private static final String SAVE = "CALL save_ai_prompt_template(?, ?, ?, NULL)";


    UUID user;

    @BeforeEach
    void user() {
        user = newMember(newOrganization(), Role.VIEWER);
    }

    @Test
    void savesTheTemplateWithATrimmedTitleAndTheBodyAsWritten() {
        UUID id = callForId(SAVE, user, "  Summarize  ", "  Summarize {{input}}\n");

        PromptTemplate template = find(id);
        assertThat(template.userId()).isEqualTo(user);
        assertThat(template.title()).isEqualTo("Summarize");
        assertThat(template.promptBody()).isEqualTo("  Summarize {{input}}\n");
    }

    @Test
    void acceptsTheLimitsThemselves() {
        UUID id = routines.savePromptTemplate(user, "t".repeat(200), "b".repeat(100_000));
        assertThat(find(id).promptBody()).hasSize(100_000);
        assertThat(routines.savePromptTemplate(user, "x", "y")).isNotNull();
    }

    @Test
    void refusesEachInvalidInputAndLeavesNothingBehind() {
        assertRefused("P0002", "p_user_id", () -> callForId(SAVE, UUID.randomUUID(), "t", "b"));
        assertRefused("22023", "p_user_id", () -> callForId(SAVE, null, "t", "b"));
        assertRefused("22023", "p_title", () -> callForId(SAVE, user, " ", "b"));
        assertRefused("22023", "p_title", () -> callForId(SAVE, user, null, "b"));
        assertRefused("22023", "p_title", () -> callForId(SAVE, user, "t".repeat(201), "b"));
        assertRefused("22023", "p_prompt_body", () -> callForId(SAVE, user, "t", ""));
        assertRefused("22023", "p_prompt_body", () -> callForId(SAVE, user, "t", "\n "));
        assertRefused("22023", "p_prompt_body", () -> callForId(SAVE, user, "t", null));
        assertRefused("22023", "p_prompt_body", () -> callForId(SAVE, user, "t", "b".repeat(100_001)));
        assertThatThrownBy(() -> routines.savePromptTemplate(UUID.randomUUID(), "t", "b")).isInstanceOf(NotFoundException.class);
    }

    private PromptTemplate find(UUID id) {
        return jdbc.sql("SELECT id, user_id, title, prompt_body, created_at FROM ai_prompt_templates WHERE id = ?")
                .param(id).query((rs, n) -> new PromptTemplate(Rows.uuid(rs, "id"), Rows.uuid(rs, "user_id"),
                        rs.getString("title"), rs.getString("prompt_body"), Rows.instant(rs, "created_at"))).single();
    }
}
