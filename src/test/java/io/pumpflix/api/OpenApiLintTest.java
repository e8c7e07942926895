package io.pumpflix.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live OpenAPI description passes Redocly's recommended rules with no error and no warning
 * (every operation has a summary and declares its problem answers). The test sends nothing off this
 * machine: README.md's third command installs the CLI into target/redocly with npm first, then runs
 * this test, which is tagged {@code lint} ({@code mvn -B test -Dgroups=lint -DexcludedGroups=none}; CI
 * runs it).
 */
@Tag("lint")
class OpenApiLintTest extends ApiTest {

    private static String run(List<String> command, Path directory) throws IOException, InterruptedException {
        Path errors = directory.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(errors.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(600, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
        return output.isBlank() ? Files.readString(errors) : output;
    }

    @Test
    void theLiveDescriptionPassesRedoclysRecommendedRules() throws Exception {
        Path tools = Path.of("target", "redocly").toAbsolutePath();
        Path redocly = tools.resolve("node_modules/.bin/redocly");
        assertThat(redocly).as("the Redocly CLI, installed by README.md's third command: "
                + "npm install --prefix target/redocly @redocly/cli@2.77.0").isExecutable();
        Path description = tools.resolve("api-docs.json");
        ApiClient.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        Files.writeString(description, docs.body());

        String output = run(List.of(redocly.toString(), "lint", description.toString(), "--format=json"), tools);
        assertThat(output).as(Files.readString(tools.resolve("stderr.txt"))).contains("totals");
        JsonNode report = JsonMapper.builder().build().readTree(output.substring(output.indexOf('{'), output.lastIndexOf('}') + 1));
        List<String> problems = new ArrayList<>();
        report.path("problems").forEach(problem -> problems.add(problem.path("severity").asString() + " "
                + problem.path("ruleId").asString() + ": " + problem.path("message").asString() + " at "
                + problem.path("location").path(0).path("pointer").asString()));

        assertThat(report.path("totals").path("errors").asInt()).as(String.join("\n", problems)).isZero();
        assertThat(report.path("totals").path("warnings").asInt()).as(String.join("\n", problems)).isZero();
        int operations = 0;
        for (JsonNode path : docs.json().path("paths")) {
            operations += path.size();
        }
        assertThat(operations).as("the description was the real one").isGreaterThanOrEqualTo(53);
        assertThat(docs.json().at("/paths/~1api~1v1~1workflows~1{workflowId}/get/responses/404/$ref").asString())
                .isEqualTo("#/components/responses/NotFound");
    }
}
