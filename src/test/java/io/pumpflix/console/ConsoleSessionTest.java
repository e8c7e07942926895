package io.pumpflix.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.ApiClient;
import io.pumpflix.api.ApiTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's sign-in over plain HTTP (no browser needed): the cookies' flags, the form tokens,
 * the origin check, throttling, no open redirect, sign-out, and the separation from the API (which
 * never reads the cookie).
 */
class ConsoleSessionTest extends ApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A browser reduced to its cookie jar. */
    private final class Visitor {
        final Map<String, String> cookies = new LinkedHashMap<>();
        String origin = "http://localhost:" + port;

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                    StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty()) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        }

        String formToken(String path) throws Exception {
            Matcher m = FORM_TOKEN.matcher(get(path).body());
            assertThat(m.find()).as("a form token on " + path).isTrue();
            return m.group(1);
        }

        HttpResponse<String> signIn(String email, String password) throws Exception {
            return post("/sign-in", Map.of("_csrf", formToken("/sign-in"), "email", email, "password", password));
        }
    }

    private String ownerEmail(Org org) {
        return api.get("/api/v1/members/" + org.ownerId(), org.ownerToken()).text("email");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String setCookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .findFirst().orElseThrow();
    }

    @Test
    void signingInSetsAnHttpOnlyStrictCookieThatOnlyTheConsoleReads() throws Exception {
        Org org = signUp();
        String email = ownerEmail(org);
        Visitor browser = new Visitor();

        HttpResponse<String> signedOut = browser.get("/workflows?show=all");
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().firstValue("Location")).hasValue("/sign-in?next=%2Fworkflows%3Fshow%3Dall");

        HttpResponse<String> signedIn = browser.signIn(email, PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/workflows");
        String cookie = setCookie(signedIn, "pumpflix_session");
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").contains("Max-Age=")
                .doesNotContain("Secure");  // plain HTTP here; behind TLS the cookie is Secure
        HttpResponse<String> page = browser.get("/workflows");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'none'").contains("script-src 'self'");

        // the API takes bearer tokens only: the cookie alone is not signed in there
        HttpResponse<String> api = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/workflows"))
                .header("Cookie", "pumpflix_session=" + browser.cookies.get("pumpflix_session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
        // and a console token is no bearer token, nor an API token a console session
        assertThat(this.api.get("/api/v1/workflows", browser.cookies.get("pumpflix_session")).status()).isEqualTo(401);
        Visitor withApiToken = new Visitor();
        withApiToken.cookies.put("pumpflix_session", org.ownerToken());
        assertThat(withApiToken.get("/workflows").statusCode()).isEqualTo(303);

        // signing out revokes the token behind the cookie
        String token = browser.cookies.get("pumpflix_session");
        assertThat(browser.post("/sign-out", Map.of("_csrf", browser.formToken("/workflows"))).statusCode())
                .isEqualTo(302);
        assertThat(browser.cookies).doesNotContainKey("pumpflix_session");
        assertThat(this.api.get("/api/v1/workflows", token).status()).isEqualTo(401);
        Visitor replaying = new Visitor();
        replaying.cookies.put("pumpflix_session", token);
        assertThat(replaying.get("/workflows").statusCode()).as("the old cookie replayed").isEqualTo(303);
    }

    @Test
    void aPostNeedsTheSessionsFormTokenAndThisOrigin() throws Exception {
        Org org = signUp();
        String email = ownerEmail(org);
        UUID workflow = createWorkflow(org.ownerToken(), "Target");
        Visitor owner = new Visitor();
        owner.signIn(email, PASSWORD);
        String token = owner.formToken("/workflows");
        Visitor other = new Visitor();
        other.signIn(email, PASSWORD);
        String otherSessionsToken = other.formToken("/workflows");
        assertThat(otherSessionsToken).isNotEqualTo(token);

        String archive = "/workflows/" + workflow + "/archive";
        assertThat(owner.post(archive, Map.of()).statusCode()).as("no token").isEqualTo(403);
        assertThat(owner.post(archive, Map.of("_csrf", otherSessionsToken)).statusCode()).as("another session's").isEqualTo(403);
        owner.origin = "http://evil.example";
        assertThat(owner.post(archive, Map.of("_csrf", token)).statusCode()).as("another site").isEqualTo(403);
        assertThat(api.get("/api/v1/workflows/" + workflow, org.ownerToken()).json().get("archived").asBoolean()).isFalse();

        owner.origin = "http://localhost:" + port;
        assertThat(owner.post(archive, Map.of("_csrf", token)).statusCode()).isEqualTo(302);
        assertThat(api.get("/api/v1/workflows/" + workflow, org.ownerToken()).json().get("archived").asBoolean()).isTrue();
    }

    @Test
    void signInFormsAreProtectedThrottledAndRedirectOnlyHome() throws Exception {
        Org org = signUp();
        String email = ownerEmail(org);
        Visitor browser = new Visitor();
        HttpResponse<String> form = browser.get("/sign-in");
        assertThat(setCookie(form, "pumpflix_form")).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(browser.post("/sign-in", Map.of("email", email, "password", PASSWORD)).statusCode())
                .as("without the form token").isEqualTo(403);
        assertThat(browser.cookies).doesNotContainKey("pumpflix_session");

        HttpResponse<String> offsite = browser.post("/sign-in", Map.of("_csrf", browser.formToken("/sign-in"),
                "email", email, "password", PASSWORD, "next", "//evil.example/x"));
        assertThat(offsite.headers().firstValue("Location").orElseThrow()).endsWith("/workflows");
        Visitor again = new Visitor();
        HttpResponse<String> home = again.post("/sign-in", Map.of("_csrf", again.formToken("/sign-in"),
                "email", email, "password", PASSWORD, "next", "/usage"));
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/usage");

        String stranger = "nobody-" + UUID.randomUUID() + "@example.test";
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(browser.signIn(stranger, "wrong password " + i).statusCode());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.get(6)).as("throttled as the API is").isEqualTo(429);
    }

    @Test
    void aFailedRunSaysWhyInTheListsOfRuns() throws Exception {
        Org org = signUp();
        // loopback, which the outbound rules refuse before any connection is made
        ApiClient.Response created = api.post("/api/v1/workflows", org.ownerToken(), Map.of("name", "Doomed",
                "definition", Map.of("nodes", List.of(Map.of("name", "Start", "type", "manualTrigger", "parameters", Map.of()),
                        Map.of("name", "Call", "type", "httpRequest", "parameters", Map.of("url", "http://127.0.0.1:1/x"))),
                        "connections", Map.of("Start", Map.of("main", List.of(List.of(Map.of("node", "Call", "type", "main",
                                "index", 0))))))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String workflow = created.text("id");
        ApiClient.Response run = api.post("/api/v1/workflows/" + workflow + "/run?wait=true", org.ownerToken(), Map.of());
        assertThat(run.text("status")).as(run.body()).isEqualTo("error");
        String message = run.json().path("error").path("message").asString();
        assertThat(message).isNotBlank();

        Visitor browser = new Visitor();
        browser.signIn(ownerEmail(org), PASSWORD);
        // the node and the start of the message (a list shortens long ones)
        String escaped = HtmlUtils.htmlEscape(("Call: " + message).substring(0, Math.min(60, message.length() + 6)));
        assertThat(browser.get("/executions").body()).contains(escaped).contains(">Doomed<");
        assertThat(browser.get("/workflows/" + workflow + "/runs").body()).contains(escaped).doesNotContain(">Doomed<");
    }

    @Test
    void theLiveSocketTakesTheConsoleCookieOnlyFromThisOrigin() throws Exception {
        Org org = signUp();
        String email = ownerEmail(org);
        UUID workflow = createWorkflow(org.ownerToken(), "Watched");
        Visitor browser = new Visitor();
        browser.signIn(email, PASSWORD);
        String cookie = browser.cookies.get("pumpflix_session");
        assertThat(handshake(workflow, cookie, "http://localhost:" + port)).startsWith("HTTP/1.1 101");
        assertThat(handshake(workflow, cookie, "http://evil.example")).startsWith("HTTP/1.1 401");
        assertThat(handshake(workflow, org.ownerToken(), "http://localhost:" + port)).as("an API token in the cookie")
                .startsWith("HTTP/1.1 401");
    }

    /** The first line of the answer to a WebSocket upgrade with the cookie and origin. */
    private String handshake(UUID workflow, String cookie, String origin) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/workflows/" + workflow + "/live HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + origin + "\r\nCookie: pumpflix_session="
                    + cookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
