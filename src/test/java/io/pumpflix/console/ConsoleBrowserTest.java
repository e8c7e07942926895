package io.pumpflix.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpflix.api.ApiClient;
import io.pumpflix.api.ApiTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console walked in a real Chromium as a new user would: sign up, create a workflow from
 * JSON, see its diagram and a refusal at its node, run it and watch the run turn to success
 * without reloading, open it, see usage move, meet another organization's URLs, a viewer who
 * cannot edit, sign out. Every page is checked for labels and contrast and saved as a screenshot.
 */
@Tag("browser")
class ConsoleBrowserTest extends ApiTest {

    /** A manual trigger, a three-second wait (so the run is seen before it ends), and a set node. */
    static final String DEFINITION = """
            {"nodes": [
              {"name": "Start", "type": "manualTrigger", "parameters": {}},
              {"name": "Pause", "type": "wait", "parameters": {"seconds": 3}},
              {"name": "Greet", "type": "set", "parameters": {"fields": {"greeting": "hello"}}}],
             "connections": {
              "Start": {"main": [[{"node": "Pause", "type": "main", "index": 0}]]},
              "Pause": {"main": [[{"node": "Greet", "type": "main", "index": 0}]]}}}""";

    private Browser browser;
    private String base;
    private final Map<String, List<String>> accessibility = new LinkedHashMap<>();

    @BeforeEach
    void open() throws Exception {
        browser = Browser.start();
        base = "http://localhost:" + port;
    }

    @AfterEach
    void close() throws Exception {
        browser.close();
    }

    /** The element, once the page has it (a page may still be arriving after a redirect). */
    private WebElement find(String css) {
        return browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    private List<WebElement> all(String css) {
        return browser.driver.findElements(By.cssSelector(css));
    }

    private void go(String path) {
        browser.driver.get(base + path);
    }

    private String path() {
        return browser.driver.getCurrentUrl().substring(base.length());
    }

    /** Checks the page for accessibility problems and saves its screenshot. */
    private void page(String name) throws Exception {
        List<String> problems = browser.accessibilityProblems();
        if (!problems.isEmpty()) {
            accessibility.put(name, problems);
        }
        browser.screenshot(name);
    }

    /** Waits for the condition (usually an address), then for the page there to have loaded. */
    private void arrive(org.openqa.selenium.support.ui.ExpectedCondition<Boolean> condition) {
        // while a page is being replaced, chromedriver may answer a look at the old one with an
        // inspector error ("does not belong to the document") instead of "stale": ask again
        browser.waiting(10).ignoring(org.openqa.selenium.WebDriverException.class).until(condition);
        browser.waiting(10).until(d -> "complete".equals(browser.script("return document.readyState")));
    }

    /** Clicks a button of the page's forms and waits for the page it leads to. */
    private void button(String text) {
        WebElement page = find("html");
        browser.driver.findElement(By.xpath("//main//button[normalize-space()='" + text + "']")).click();
        arrive(ExpectedConditions.stalenessOf(page));
    }

    private long monthlyExecutions() {
        go("/usage");
        return Long.parseLong(find("#monthly-executions").getText().replace(",", ""));
    }

    @Test
    void aNewUserWalksThroughTheConsole() throws Exception {
        String email = "walk-" + UUID.randomUUID() + "@example.test";

        // sign up
        go("/workflows");
        assertThat(path()).as("signed out, a page asks to sign in").startsWith("/sign-in");
        page("sign-in");
        go("/sign-up");
        find("#organizationName").sendKeys("Acme");
        find("#email").sendKeys(email);
        find("#password").sendKeys(PASSWORD);
        page("sign-up");
        button("Sign up");
        arrive(ExpectedConditions.urlToBe(base + "/workflows"));
        long usageBefore = monthlyExecutions();
        page("usage-empty");

        // a workflow from JSON, and its diagram
        go("/workflows");
        browser.driver.findElement(By.linkText("New workflow")).click();
        find("#name").sendKeys("Greeting");
        browser.script("arguments[0].value = arguments[1]", find("#definition"), DEFINITION);
        page("workflow-new");
        button("Create");
        arrive(ExpectedConditions.urlMatches("/workflows/[0-9a-f-]{36}$"));
        String workflowPath = path();
        assertThat(all(".diagram g.node")).extracting(g -> g.getAttribute("data-node"))
                .containsExactly("Start", "Pause", "Greet");
        assertThat(all(".diagram path")).hasSize(2);
        List<Integer> columns = new ArrayList<>();
        for (WebElement node : all(".diagram g.node")) {
            columns.add(Integer.parseInt(node.getAttribute("transform").replaceAll("translate\\((\\d+),.*", "$1")));
        }
        assertThat(columns).as("laid out left to right").isSorted().doesNotHaveDuplicates();
        page("workflow");

        // a definition the engine refuses: the error stands next to the node it names
        browser.script("arguments[0].value = arguments[1]", find("#definition"),
                DEFINITION.replace("\"type\": \"set\", \"parameters\": {\"fields\": {\"greeting\": \"hello\"}}",
                        "\"type\": \"httpRequest\", \"parameters\": {}"));
        button("Commit version");
        assertThat(find("#errors").getText()).contains("Greet").contains("url");
        assertThat(all(".diagram g.node.failed")).extracting(g -> g.getAttribute("data-node")).containsExactly("Greet");
        page("workflow-refused");
        go(workflowPath);
        assertThat(all(".versions li")).as("the refused definition made no version").hasSize(1);

        // run it and watch the run end without reloading the page
        button("Run now");
        arrive(ExpectedConditions.urlContains("?ran="));
        String executionId = browser.driver.getCurrentUrl().replaceAll(".*ran=", "");
        browser.script("window.sameDocument = 'yes'");
        String row = "#runs tr[data-execution='" + executionId + "'] td:nth-child(2)";
        assertThat(find(row).getText()).as("the run is still waiting when the page shows it").isNotEqualTo("success");
        browser.waiting(30).until(d -> "success".equals(d.findElement(By.cssSelector(row)).getText()));
        assertThat(browser.script("return window.sameDocument")).as("updated in place, not reloaded").isEqualTo("yes");
        assertThat(find("#runs").getAttribute("data-live")).isEqualTo("connected");
        page("workflow-ran");

        // the execution and its nodes
        browser.driver.findElement(By.cssSelector("#runs tr[data-execution='" + executionId + "'] a")).click();
        arrive(ExpectedConditions.urlContains("/executions/" + executionId));
        assertThat(find("#execution-status").getText()).isEqualTo("success");
        assertThat(all("#nodes tbody tr")).extracting(tr -> tr.getAttribute("data-node"))
                .containsExactly("Start", "Pause", "Greet");
        assertThat(all("#nodes tbody tr td:nth-child(3)")).extracting(WebElement::getText).containsOnly("success");
        page("execution");
        go("/executions");
        assertThat(all("#executions tr[data-execution]")).hasSize(1);
        assertThat(find("#executions tr[data-execution] td:nth-child(2)").getText()).isEqualTo("Greeting");
        page("executions");

        // usage moved
        assertThat(monthlyExecutions()).isEqualTo(usageBefore + 1);
        browser.waiting(10).until(d -> !d.findElements(By.cssSelector(".chart canvas")).isEmpty());
        page("usage");

        // a credential: its secret goes in and never comes back
        go("/credentials");
        find("#name").sendKeys("Billing API");
        find("#type").sendKeys("httpHeaderAuth");
        find("#secret").sendKeys("{\"name\": \"X-Key\", \"value\": \"never-shown-4242\"}");
        button("Save credential");
        assertThat(find("main table").getText()).contains("Billing API").contains("httpHeaderAuth");
        assertThat(browser.driver.getPageSource()).doesNotContain("never-shown-4242");
        page("credentials");

        // publish to the marketplace, members, prompt templates, audit log, invoices
        go(workflowPath);
        button("Publish to marketplace");
        arrive(ExpectedConditions.urlContains("/marketplace"));
        assertThat(find("main table").getText()).contains("Greeting");
        page("marketplace");
        go("/prompts");
        find("#title").sendKeys("Summarise");
        find("#body").sendKeys("Summarise {{ $json.text }} in one line.");
        button("Save");
        assertThat(find("main table").getText()).contains("Summarise");
        page("prompts");
        go("/members");
        page("members");
        go("/audit");
        assertThat(find("main table").getText()).contains("credential");
        page("audit");
        go("/invoices");
        page("invoices");

        // at 390 pixels wide nothing needs scrolling sideways but tables and the diagram
        browser.width(390);
        for (String narrow : List.of("/workflows", workflowPath, "/executions/" + executionId, "/usage")) {
            go(narrow);
            assertThat((Long) browser.script("return document.documentElement.scrollWidth - window.innerWidth"))
                    .as("horizontal overflow of %s at 390 px", narrow).isLessThanOrEqualTo(1L);
            page("narrow" + narrow.replaceAll("/[0-9a-f-]{36}", "-one").replace('/', '-'));
        }
        browser.width(1280);

        // another organization's URLs are not found
        ApiClient.Response other = api.post("/api/v1/auth/sign-up", null, Map.of("organizationName", "Other",
                "email", "other-" + UUID.randomUUID() + "@example.test", "password", PASSWORD));
        String otherToken = other.text("token");
        UUID otherWorkflow = createWorkflow(otherToken, "Theirs");
        ApiClient.Response logged = api.post("/api/v1/workflows/" + otherWorkflow + "/executions", otherToken,
                Map.of("status", "success"));
        assertThat(logged.status()).as(logged.body()).isEqualTo(201);
        for (String theirs : List.of("/workflows/" + otherWorkflow, "/executions/" + logged.text("id"),
                "/executions?workflow=" + otherWorkflow)) {
            go(theirs);
            assertThat(find("h1").getText()).as(theirs).isEqualTo("Not found");
            assertThat(browser.driver.getPageSource()).doesNotContain("Theirs");
        }
        page("not-found");

        // a viewer sees, cannot edit, and the server refuses a forged edit
        String ownerToken = api.post("/api/v1/auth/sign-in", null, Map.of("email", email, "password", PASSWORD))
                .text("token");
        String viewerEmail = "viewer-" + UUID.randomUUID() + "@example.test";
        assertThat(api.post("/api/v1/members", ownerToken, Map.of("email", viewerEmail, "role", "viewer",
                "password", PASSWORD)).status()).isEqualTo(201);
        browser.driver.findElement(By.xpath("//header//button[normalize-space()='Sign out']")).click();
        arrive(ExpectedConditions.urlContains("/sign-in"));
        go("/sign-in");
        // with the keyboard only: the email field has the focus, Tab leads to the password, Enter signs in
        browser.driver.switchTo().activeElement().sendKeys(viewerEmail + Keys.TAB);
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
        browser.driver.switchTo().activeElement().sendKeys(PASSWORD + Keys.ENTER);
        arrive(ExpectedConditions.urlToBe(base + "/workflows"));
        go(workflowPath);
        assertThat(all("#definition")).as("no editor for a viewer").isEmpty();
        assertThat(all("main button")).extracting(WebElement::getText)
                .doesNotContain("Run now", "Archive", "Clone", "Commit version", "Publish to marketplace");
        assertThat(find("main pre").getText()).contains("Greet");
        page("workflow-viewer");
        String formToken = find("header input[name=_csrf]").getAttribute("value");
        Object forged = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: new URLSearchParams({_csrf: arguments[1], definition: '{"nodes": []}'})})
                  .then(r => done(r.status));""", base + workflowPath + "/versions", formToken);
        assertThat(forged).as("a viewer's commit, posted by hand").isEqualTo(403L);
        assertThat(api.get("/api/v1" + workflowPath + "/versions", ownerToken).json().get("items").size()).isEqualTo(1);

        // sign out: the session is gone
        browser.driver.findElement(By.xpath("//header//button[normalize-space()='Sign out']")).click();
        arrive(ExpectedConditions.urlContains("/sign-in"));
        go("/workflows");
        assertThat(path()).startsWith("/sign-in");

        assertThat(accessibility).as("pages with unlabelled controls or low contrast").isEmpty();
    }

    @Test
    void theAccessibilityCheckFindsUnlabelledControlsAndFaintText() throws Exception {
        go("/sign-in");
        assertThat(browser.accessibilityProblems()).isEmpty();
        // (styled from script: the console's content security policy refuses inline style attributes)
        browser.script("const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#b0b0b0';"
                + " const input = document.createElement('input'); input.name = 'nameless';"
                + " document.querySelector('main').append(p, input);");
        assertThat(browser.accessibilityProblems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("contrast").contains("faint"))
                .anySatisfy(p -> assertThat(p).isEqualTo("unlabelled INPUT nameless"));
    }

    @Test
    void aPostWithoutTheSessionsFormTokenIsRefused() throws Exception {
        String email = "forge-" + UUID.randomUUID() + "@example.test";
        ApiClient.Response signedUp = api.post("/api/v1/auth/sign-up", null, Map.of("organizationName", "Acme",
                "email", email, "password", PASSWORD));
        UUID workflow = createWorkflow(signedUp.text("token"), "Target");
        go("/sign-in");
        find("#email").sendKeys(email);
        find("#password").sendKeys(PASSWORD);
        button("Sign in");
        // a post that lacks the form token, as another site's page would send it with the cookie
        go("/workflows/" + workflow);
        assertThat(find("h1").getText()).isEqualTo("Target");
        Object status = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: 'definition=%7B%7D'}).then(r => done(r.status));""", base + "/workflows/" + workflow + "/archive");
        assertThat(status).as("a post without the form token").isEqualTo(403L);
        assertThat(api.get("/api/v1/workflows/" + workflow, signedUp.text("token")).json().get("archived").asBoolean())
                .isFalse();
    }
}
