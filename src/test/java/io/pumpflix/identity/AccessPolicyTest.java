package io.pumpflix.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.DatabaseTest;
import io.pumpflix.platform.NotAllowedException;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The role matrix of behaviour.md, cell by cell, written out here independently of the code, with
 * a last column for the system principal (runs no person started).
 */
class AccessPolicyTest extends DatabaseTest {

    // owner, admin, user, viewer, system
    private static final Map<Action, String> MATRIX = Map.ofEntries(
            Map.entry(Action.READ, "YYYYN"),
            Map.entry(Action.CREATE_WORKFLOW, "YYYNN"),
            Map.entry(Action.CLONE_WORKFLOW, "YYYNN"),
            Map.entry(Action.LOG_EXECUTION, "YYYNY"),
            Map.entry(Action.USE_CREDENTIAL, "YYYNY"),
            Map.entry(Action.USE_PROMPT_TEMPLATE, "YYYNY"),
            Map.entry(Action.PUBLISH_TEMPLATE, "YYYNN"),
            Map.entry(Action.EDIT_ANY_WORKFLOW, "YYNNN"),
            Map.entry(Action.MANAGE_CREDENTIALS, "YYNNN"),
            Map.entry(Action.READ_AUDIT, "YYNNN"),
            Map.entry(Action.MANAGE_MEMBERS, "YYNNN"),
            Map.entry(Action.READ_INVOICES, "YYNNN"),
            Map.entry(Action.MANAGE_INVOICES, "YNNNN"),
            Map.entry(Action.ORGANIZATION_SETTINGS, "YNNNN"));

    private static final Role[] COLUMNS = {Role.OWNER, Role.ADMIN, Role.USER, Role.VIEWER, null};

    static Stream<Arguments> cells() {
        assertThat(MATRIX).containsOnlyKeys(Action.values());
        return MATRIX.entrySet().stream().flatMap(row -> Stream.of(0, 1, 2, 3, 4).map(column -> Arguments.of(
                row.getKey(), COLUMNS[column] == null ? "system" : COLUMNS[column].dbValue(),
                row.getValue().charAt(column) == 'Y')));
    }

    private static Actor actor(Role role) {
        return new Actor(UUID.randomUUID(), UUID.randomUUID(), role);
    }

    private static Actor actor(String principal) {
        return principal.equals("system") ? Actor.system(UUID.randomUUID()) : actor(Role.fromDb(principal));
    }

    @ParameterizedTest(name = "{0} by {1}: {2}")
    @MethodSource("cells")
    void eachCellOfTheMatrix(Action action, String principal, boolean allowed) {
        Actor actor = actor(principal);
        assertThat(AccessPolicy.allows(actor, action)).isEqualTo(allowed);
        assertThatThrownBy(() -> AccessPolicy.require(actor, action)).as("outside a tenant scope")
                .isInstanceOf(IllegalStateException.class);
        if (allowed) {
            tenants.run(actor.organizationId(), actor.userId(), () -> AccessPolicy.require(actor, action));
        } else {
            assertThatThrownBy(() -> tenants.run(actor.organizationId(), actor.userId(),
                    () -> AccessPolicy.require(actor, action))).isInstanceOf(NotAllowedException.class)
                    .hasMessageContaining(principal);
        }
    }

    static Stream<Arguments> editing() {
        // role, may edit own workflow, may edit another's workflow
        return Stream.of(Arguments.of(Role.OWNER, true, true), Arguments.of(Role.ADMIN, true, true),
                Arguments.of(Role.USER, true, false), Arguments.of(Role.VIEWER, false, false));
    }

    @org.junit.jupiter.api.Test
    void theSystemPrincipalNeverEditsNorAssignsRolesNorOwnsPromptTemplates() {
        Actor system = Actor.system(UUID.randomUUID());
        assertThat(AccessPolicy.mayEditWorkflow(system, null)).isFalse();
        assertThat(AccessPolicy.mayAssignRole(system, Role.USER, Role.VIEWER)).isFalse();
        assertThat(AccessPolicy.mayUsePromptTemplate(system, null)).isFalse();
    }

    @ParameterizedTest(name = "{0} edits own: {1}, another's: {2}")
    @MethodSource("editing")
    void editOrArchiveAWorkflow(Role role, boolean own, boolean others) {
        Actor actor = actor(role);
        assertThat(AccessPolicy.mayEditWorkflow(actor, actor.userId())).isEqualTo(own);
        assertThat(AccessPolicy.mayEditWorkflow(actor, UUID.randomUUID())).isEqualTo(others);
    }

    static Stream<Arguments> roleChanges() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Role actor : Role.values()) {
            for (Role from : Role.values()) {
                for (Role to : Role.values()) {
                    boolean manages = actor == Role.OWNER || actor == Role.ADMIN;
                    boolean touchesOwner = from == Role.OWNER || to == Role.OWNER;
                    cases.add(Arguments.of(actor, from, to, manages && (!touchesOwner || actor == Role.OWNER)));
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} changes {1} to {2}: {3}")
    @MethodSource("roleChanges")
    void changeARoleNeverToOrFromOwnerUnlessOwner(Role actor, Role from, Role to, boolean allowed) {
        assertThat(AccessPolicy.mayAssignRole(actor(actor), from, to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @MethodSource("io.pumpflix.identity.AccessPolicyTest#roles")
    void promptTemplatesAreTheAuthorsOnlyWhateverTheRole(Role role) {
        Actor actor = actor(role);
        assertThat(AccessPolicy.mayUsePromptTemplate(actor, actor.userId())).isTrue();
        assertThat(AccessPolicy.mayUsePromptTemplate(actor, UUID.randomUUID())).isFalse();
    }

    static Stream<Role> roles() {
        return Stream.of(Role.values());
    }
}
