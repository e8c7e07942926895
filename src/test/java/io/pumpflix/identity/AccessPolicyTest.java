package io.pumpflix.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpflix.platform.NotAllowedException;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The role matrix of behaviour.md, cell by cell, written out here independently of the code. */
class AccessPolicyTest {

    // owner, admin, user, viewer
    private static final Map<Action, String> MATRIX = Map.ofEntries(
            Map.entry(Action.READ, "YYYY"),
            Map.entry(Action.CREATE_WORKFLOW, "YYYN"),
            Map.entry(Action.CLONE_WORKFLOW, "YYYN"),
            Map.entry(Action.LOG_EXECUTION, "YYYN"),
            Map.entry(Action.PUBLISH_TEMPLATE, "YYYN"),
            Map.entry(Action.EDIT_ANY_WORKFLOW, "YYNN"),
            Map.entry(Action.MANAGE_CREDENTIALS, "YYNN"),
            Map.entry(Action.READ_AUDIT, "YYNN"),
            Map.entry(Action.MANAGE_MEMBERS, "YYNN"),
            Map.entry(Action.READ_INVOICES, "YYNN"),
            Map.entry(Action.MANAGE_INVOICES, "YNNN"),
            Map.entry(Action.ORGANIZATION_SETTINGS, "YNNN"));

    private static final Role[] COLUMNS = {Role.OWNER, Role.ADMIN, Role.USER, Role.VIEWER};

    static Stream<Arguments> cells() {
        assertThat(MATRIX).containsOnlyKeys(Action.values());
        return MATRIX.entrySet().stream().flatMap(row -> Stream.of(0, 1, 2, 3).map(column -> Arguments.of(
                row.getKey(), COLUMNS[column], row.getValue().charAt(column) == 'Y')));
    }

    private static Actor actor(Role role) {
        return new Actor(UUID.randomUUID(), UUID.randomUUID(), role);
    }

    @ParameterizedTest(name = "{0} by {1}: {2}")
    @MethodSource("cells")
    void eachCellOfTheMatrix(Action action, Role role, boolean allowed) {
        Actor actor = actor(role);
        assertThat(AccessPolicy.allows(actor, action)).isEqualTo(allowed);
        if (allowed) {
            AccessPolicy.require(actor, action);
        } else {
            assertThatThrownBy(() -> AccessPolicy.require(actor, action)).isInstanceOf(NotAllowedException.class)
                    .hasMessageContaining(role.dbValue());
        }
    }

    static Stream<Arguments> editing() {
        // role, may edit own workflow, may edit another's workflow
        return Stream.of(Arguments.of(Role.OWNER, true, true), Arguments.of(Role.ADMIN, true, true),
                Arguments.of(Role.USER, true, false), Arguments.of(Role.VIEWER, false, false));
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
