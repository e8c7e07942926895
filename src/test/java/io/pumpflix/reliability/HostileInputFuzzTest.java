package io.pumpflix.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.DatabaseTest;
import io.pumpflix.identity.Role;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated hostile requests over every route of the OpenAPI description: wrong types, huge and
 * deep JSON, invalid UTF-8, SQL and script injection, invalid UUIDs, negative and overflowing
 * numbers, missing and doubled fields, from a viewer of organization A, from admins of
 * organization B and without a token. No answer may be a 5xx or show a stack trace, and A's data,
 * which none of them may change, must be exactly as before.
 *
 * <p>{@code pumpflix.fuzz.requests} sets the count (4,000 in the ordinary suite); the long run is
 * {@code mvn -B test -Dtest=HostileInputFuzzTest -Dpumpflix.fuzz.requests=100000}.
 */
class HostileInputFuzzTest extends DatabaseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{(\\w+)}");
    private static final List<String> NASTY = List.of("' OR 1=1 --", "'; DROP TABLE users; --", "<script>alert(1)</script>",
            "../../etc/passwd", "\u0000", "💥🔥", "%s%n%x", "${jndi:ldap://x}", "null", "-1", "99999999999999999999",
            "1e309", "NaN", "", " ", "x".repeat(5_000));
    /** Tables and their organization column: A's rows in them must not change. */
    private static final Map<String, String> GUARDED = new LinkedHashMap<>();

    static {
        GUARDED.put("organizations", "id");
        for (String table : List.of("users", "workflows", "workflow_versions", "workflow_executions", "invoices",
                "credentials", "credential_usage_logs", "websocket_sessions", "templates")) {
            GUARDED.put(table, "organization_id");
        }
        GUARDED.put("pumpflix.execution_counts", "organization_id");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random = new Random(Long.getLong("pumpflix.fuzz.seed", System.nanoTime()));

    record Operation(String method, String path, String id, List<String> query) {
    }

    @Test
    void hostileRequestsGetNoServerErrorNoStackTraceAndChangeNothingTheyMayNot() throws Exception {
        int requests = Integer.getInteger("pumpflix.fuzz.requests", 4_000);
        Map<String, String> a = signUp();
        Map<String, String> b = signUp();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add(member(a, Role.VIEWER));
        }
        for (int i = 0; i < 2; i++) {
            tokens.add(member(b, Role.ADMIN));
        }
        tokens.add(null);
        tokens.add("x".repeat(43));
        Map<String, String> ids = fixtures(a);
        List<Operation> operations = operations();
        Map<String, String> before = digest(UUID.fromString(a.get("organizationId")));

        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < requests; n++) {
            Operation operation = operations.get(random.nextInt(operations.size()));
            String token = tokens.get(random.nextInt(tokens.size()));
            HttpRequest request = request(operation, ids, token);
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String body = response.body();
            if (response.statusCode() >= 500 || body.contains("Exception") || body.contains("\tat ")
                    || body.contains("org.springframework") || body.contains("PSQL")) {
                failures.add(operation.id() + " " + request.uri() + " -> " + response.statusCode() + " "
                        + body.substring(0, Math.min(300, body.length())));
            }
        }

        assertThat(failures).isEmpty();
        assertThat(digest(UUID.fromString(a.get("organizationId")))).as("organization A is unchanged").isEqualTo(before);
        System.out.printf("fuzz: %d hostile requests over %d operations, statuses %s, 5xx or stack traces: %d,"
                + " changes to data not allowed: 0%n", requests, operations.size(), statuses, failures.size());
    }

    private List<Operation> operations() throws Exception {
        JsonNode paths = JSON.readTree(send("GET", "/v3/api-docs", null, null).body()).path("paths");
        List<Operation> operations = new ArrayList<>();
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                JsonNode op = paths.path(path).path(method);
                List<String> query = new ArrayList<>();
                op.path("parameters").forEach(p -> {
                    if (p.path("in").asString().equals("query")) {
                        query.add(p.path("name").asString());
                    }
                });
                String id = op.path("operationId").asString();
                if (!id.equals("signOut")) {
                    operations.add(new Operation(method.toUpperCase(), path, id, query));
                }
            }
        }
        return operations;
    }

    private HttpRequest request(Operation operation, Map<String, String> ids, String token) {
        Matcher parameter = PATH_PARAMETER.matcher(operation.path());
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String value = switch (random.nextInt(4)) {
                case 0 -> ids.getOrDefault(parameter.group(1), UUID.randomUUID().toString());
                case 1 -> UUID.randomUUID().toString();
                default -> URLEncoder.encode(pick(NASTY), StandardCharsets.UTF_8);
            };
            parameter.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        parameter.appendTail(path);
        StringBuilder query = new StringBuilder();
        for (String name : operation.query()) {
            if (random.nextBoolean()) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                        .append(URLEncoder.encode(pick(NASTY), StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path + query))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", random.nextInt(10) == 0 ? "text/plain" : "application/json")
                .method(operation.method(), HttpRequest.BodyPublishers.ofByteArray(body()));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private byte[] body() {
        String[] fields = {"name", "description", "definition", "status", "input", "output", "secret", "type", "email",
                "role", "password", "amountCents", "billingPeriodStart", "billingPeriodEnd", "title", "promptBody",
                "executions", "organizationName"};
        return switch (random.nextInt(12)) {
            case 0 -> new byte[0];
            case 1 -> "not json at all".getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
            case 3 -> ("{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000)).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"name\":\"" + "x".repeat(1_200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"name\":\"a\",\"name\":\"b\",\"status\":\"success\",\"status\":\"bogus\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 6 -> pick(List.of("[]", "[1,2]", "\"text\"", "42", "null", "true")).getBytes(StandardCharsets.UTF_8);
            default -> {
                Map<String, Object> body = new LinkedHashMap<>();
                for (String field : fields) {
                    if (random.nextInt(3) == 0) {
                        body.put(field, value());
                    }
                }
                yield JSON.writeValueAsBytes(body);
            }
        };
    }

    private Object value() {
        return switch (random.nextInt(9)) {
            case 0 -> pick(NASTY);
            case 1 -> random.nextLong();
            case 2 -> -random.nextInt(1_000_000);
            case 3 -> List.of(pick(NASTY), 1, Map.of("x", pick(NASTY)));
            case 4 -> Map.of("nested", Map.of("deeper", pick(NASTY)));
            case 5 -> random.nextBoolean();
            case 6 -> pick(List.of("success", "queued", "owner", "viewer", "2026-01-01", "paid", "draft"));
            case 7 -> 1e300;
            default -> UUID.randomUUID().toString();
        };
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private HttpResponse<String> send(String method, String path, String token, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> signUp() throws Exception {
        JsonNode session = JSON.readTree(send("POST", "/api/v1/auth/sign-up", null, Map.of("organizationName", "Fuzz",
                "email", "fuzz-" + UUID.randomUUID() + "@example.test", "password", "correct horse battery")).body());
        return Map.of("organizationId", session.path("organizationId").asString(), "userId",
                session.path("userId").asString(), "token", session.path("token").asString());
    }

    private String member(Map<String, String> org, Role role) throws Exception {
        String email = "fuzz-" + UUID.randomUUID() + "@example.test";
        send("POST", "/api/v1/members", org.get("token"), Map.of("email", email, "role", role.dbValue(),
                "password", "correct horse battery"));
        return JSON.readTree(send("POST", "/api/v1/auth/sign-in", null, Map.of("email", email,
                "password", "correct horse battery")).body()).path("token").asString();
    }

    private Map<String, String> fixtures(Map<String, String> a) throws Exception {
        String token = a.get("token");
        JsonNode workflow = JSON.readTree(send("POST", "/api/v1/workflows", token,
                Map.of("name", "target", "definition", Map.of("n", 1))).body());
        String workflowId = workflow.path("id").asString();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("workflowId", workflowId);
        ids.put("versionId", workflow.path("currentVersionId").asString());
        ids.put("executionId", JSON.readTree(send("POST", "/api/v1/workflows/" + workflowId + "/executions", token,
                Map.of("status", "running")).body()).path("id").asString());
        ids.put("credentialId", JSON.readTree(send("POST", "/api/v1/credentials", token,
                Map.of("name", "c", "type", "t", "secret", "s")).body()).path("id").asString());
        ids.put("templateId", JSON.readTree(send("POST", "/api/v1/workflows/" + workflowId + "/publish", token, null)
                .body()).path("id").asString());
        ids.put("invoiceId", JSON.readTree(send("POST", "/api/v1/invoices", token, Map.of("amountCents", 1,
                "billingPeriodStart", "2026-01-01", "billingPeriodEnd", "2026-01-31")).body()).path("id").asString());
        ids.put("memberId", a.get("userId"));
        return ids;
    }

    private Map<String, String> digest(UUID organization) {
        Map<String, String> digest = new LinkedHashMap<>();
        GUARDED.forEach((table, column) -> {
            // installs by other organizations count downloads of A's templates: allowed by design
            String row = table.equals("templates")
                    ? "(t.id, t.workflow_id, t.name, t.description, t.category_id, t.created_by, t.price_cents)::text"
                    : "t::text";
            digest.put(table, jdbc.sql("SELECT coalesce(md5(string_agg(" + row + ", ',' ORDER BY " + row
                    + ")), '-') FROM " + table + " t WHERE " + column + " = ?").param(organization)
                    .query(String.class).single());
        });
        return digest;
    }
}
