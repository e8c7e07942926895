package io.pumpflix.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compares the migrated schema with the customer's document itself: the document's statements
 * (a verbatim copy in the test resources) are run in a scratch schema, then the catalogs of the
 * two schemas must agree on every documented column, key, index and routine signature.
 */
class DocumentConformanceTest extends DatabaseTest {

    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

    /** The deviations docs/schema.md lists: column -> what the document says. */
    private static final Map<String, String> NULLABILITY_DEVIATIONS = Map.of("users.role", "YES");

    @BeforeEach
    void loadTheDocumentIntoScratchSchema() throws IOException {
        jdbc.sql("DROP SCHEMA IF EXISTS doc CASCADE").update();
        jdbc.sql("CREATE SCHEMA doc").update();
        for (String statement : documentStatements()) {
            String scratch = statement.replace("public.", "doc.");
            if (scratch.startsWith("CREATE OR REPLACE PROCEDURE")) {
                scratch = scratch.replace("CREATE OR REPLACE PROCEDURE ", "CREATE PROCEDURE doc.")
                        + " LANGUAGE plpgsql AS $$ BEGIN END $$";
            } else if (scratch.startsWith("CREATE OR REPLACE FUNCTION")) {
                scratch = scratch.replace("CREATE OR REPLACE FUNCTION ", "CREATE FUNCTION doc.")
                        + " LANGUAGE plpgsql AS $$ BEGIN RETURN; END $$";
            }
            jdbc.sql(scratch).update();
        }
    }

    @AfterEach
    void dropScratchSchema() {
        jdbc.sql("DROP SCHEMA IF EXISTS doc CASCADE").update();
    }

    static List<String> documentStatements() throws IOException {
        String document;
        try (InputStream in = DocumentConformanceTest.class.getResourceAsStream("/customer-spec/pumpflix-database.md")) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = new ArrayList<>();
        Matcher block = SQL_BLOCK.matcher(document);
        while (block.find()) {
            for (String statement : block.group(1).split(";")) {
                String trimmed = statement.strip();
                if (!trimmed.isEmpty()) {
                    statements.add(trimmed);
                }
            }
        }
        return statements;
    }

    @Test
    void theDocumentHasElevenTablesTenIndexesAndTwelveRoutines() throws IOException {
        List<String> statements = documentStatements();
        assertThat(statements).filteredOn(s -> s.startsWith("CREATE TABLE")).hasSize(11);
        assertThat(statements).filteredOn(s -> s.startsWith("CREATE INDEX")).hasSize(10);
        assertThat(statements).filteredOn(s -> s.startsWith("CREATE OR REPLACE PROCEDURE")).hasSize(10);
        assertThat(statements).filteredOn(s -> s.startsWith("CREATE OR REPLACE FUNCTION")).hasSize(2);
    }

    @Test
    void everyDocumentedColumnExistsWithItsTypeDefaultAndNullability() {
        String columns = """
                SELECT table_name || '.' || column_name AS col, ordinal_position, data_type, column_default, is_nullable
                FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position""";
        List<Map<String, Object>> documented = jdbc.sql(columns).param("doc").query().listOfRows();
        List<Map<String, Object>> actual = jdbc.sql(columns).param("public").query().listOfRows();

        assertThat(documented).hasSize(70);
        for (Map<String, Object> expected : documented) {
            String column = (String) expected.get("col");
            Map<String, Object> found = actual.stream().filter(row -> row.get("col").equals(column)).findFirst()
                    .orElseThrow(() -> new AssertionError("missing column " + column));
            assertThat(found.get("ordinal_position")).as(column).isEqualTo(expected.get("ordinal_position"));
            assertThat(found.get("data_type")).as(column).isEqualTo(expected.get("data_type"));
            assertThat(found.get("column_default")).as(column).isEqualTo(expected.get("column_default"));
            if (!NULLABILITY_DEVIATIONS.containsKey(column)) {
                assertThat(found.get("is_nullable")).as(column).isEqualTo(expected.get("is_nullable"));
            }
        }
    }

    @Test
    void everyDocumentedKeyAndForeignKeyExists() {
        String constraints = """
                SELECT conrelid::regclass::text AS tbl, contype,
                       replace(pg_get_constraintdef(oid), 'doc.', '') AS def
                FROM pg_constraint
                WHERE connamespace = ?::regnamespace AND contype IN ('p', 'u', 'f')""";
        List<String> documented = jdbc.sql(constraints).param("doc").query(
                (rs, n) -> rs.getString("tbl").replace("doc.", "") + " " + rs.getString("def")).list();
        List<String> actual = jdbc.sql(constraints).param("public").query(
                (rs, n) -> rs.getString("tbl") + " " + rs.getString("def")).list();

        assertThat(documented).hasSize(26);
        assertThat(actual).containsAll(documented);
    }

    @Test
    void everyDocumentedIndexExistsWithTheSameNameAndColumns() {
        String indexes = """
                SELECT indexname, replace(indexdef, ' ' || schemaname || '.', ' ') AS def FROM pg_indexes
                WHERE schemaname = ? AND indexname LIKE 'idx\\_%'""";
        List<String> documented = jdbc.sql(indexes).param("doc").query((rs, n) -> rs.getString("def")).list();
        List<String> actual = jdbc.sql(indexes).param("public").query((rs, n) -> rs.getString("def")).list();

        assertThat(documented).hasSize(10);
        assertThat(actual).containsAll(documented);
    }

    @Test
    void everyDocumentedRoutineHasTheSameKindNameParametersAndResult() {
        String routines = """
                SELECT proname, prokind, proargnames, proargmodes::text[] AS modes,
                       pg_get_function_arguments(oid) AS arguments, pg_get_function_result(oid) AS result
                FROM pg_proc WHERE pronamespace = ?::regnamespace ORDER BY proname""";
        List<String> documented = jdbc.sql(routines).param("doc").query(DocumentConformanceTest::signature).list();
        List<String> actual = jdbc.sql(routines).param("public").query(DocumentConformanceTest::signature).list();

        assertThat(documented).hasSize(12);
        assertThat(actual).containsAll(documented);
    }

    private static String signature(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return rs.getString("proname") + " " + rs.getString("prokind") + " (" + rs.getString("arguments") + ") -> "
                + rs.getString("result");
    }
}
