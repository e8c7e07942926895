package io.pumpflix.engine.web;

import io.pumpflix.engine.EngineSettings;
import io.pumpflix.engine.RunOutcome;
import io.pumpflix.engine.WebhookCall;
import io.pumpflix.engine.WebhookReception;
import io.pumpflix.engine.WebhookRefused;
import io.pumpflix.engine.WorkflowRuns;
import io.pumpflix.platform.TooManyRequestsException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /webhook/{path}}: no bearer token, the webhook's own rules (method, optional header
 * credential, body size, a rate per path). The answer follows the webhook node's
 * {@code responseMode}: {@code onReceived} 202 once the run is queued; {@code lastNode} 200 with the
 * last node's first item (or all its items) when the run ends in time, 500 naming the failed
 * node when it fails; {@code responseNode} what the respondToWebhook node set. A run that has
 * not ended within {@code pumpflix.engine.wait-for-result} is answered 202.
 */
@RestController
class WebhookController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WorkflowRuns runs;
    private final EngineSettings settings;

    WebhookController(WorkflowRuns runs, EngineSettings settings) {
        this.runs = runs;
        this.settings = settings;
    }

    /** Not in the OpenAPI description: a webhook is the workflow's own endpoint, not the API's (docs/engine.md). */
    @RequestMapping("/webhook/**")
    @Hidden
    Object call(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/webhook/".length());
        WebhookReception reception = runs.receive(new WebhookCall(request.getMethod().toUpperCase(Locale.ROOT), path,
                headers(request), query(request), body, request.getContentType()));
        ResponseEntity<Object> accepted = ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(Map.of("executionId", reception.executionId()));
        if (reception.outcome() == null) {
            return accepted;
        }
        if (reception.outcome().isDone() && !reception.outcome().isCompletedExceptionally()) {
            return answerFor(reception, reception.outcome().join());
        }
        DeferredResult<ResponseEntity<Object>> answer = new DeferredResult<>(settings.waitForResult().toMillis(), accepted);
        answer.onTimeout(() -> runs.stopWaiting(reception.executionId()));
        reception.outcome().whenComplete((outcome, failure) -> {
            if (outcome != null) {
                answer.setResult(answerFor(reception, outcome));
            } else if (!(failure instanceof CancellationException)) {
                answer.setResult(accepted);
            }
        });
        return answer;
    }

    private static ResponseEntity<Object> answerFor(WebhookReception reception, RunOutcome outcome) {
        if (!"success".equals(outcome.status())) {
            Map<?, ?> error = outcome.error() == null ? Map.of() : JSON.readValue(outcome.error(), Map.class);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                    "cancelled".equals(outcome.status()) ? "the run was cancelled"
                            : error.get("node") == null ? String.valueOf(error.get("message"))
                            : "node '" + error.get("node") + "' failed: " + error.get("message"));
            problem.setProperty("executionId", outcome.executionId());
            if (error.get("node") != null) {
                problem.setProperty("node", error.get("node"));
            }
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        if (reception.responseMode().equals("responseNode")) {
            if (outcome.response() == null) {
                return ResponseEntity.noContent().build();
            }
            Map<?, ?> response = JSON.readValue(outcome.response(), Map.class);
            ResponseEntity.BodyBuilder builder = ResponseEntity.status(((Number) response.get("statusCode")).intValue());
            if (response.get("headers") instanceof Map<?, ?> headers) {
                headers.forEach((name, value) -> builder.header(String.valueOf(name), String.valueOf(value)));
            }
            Object body = response.get("body");
            return body instanceof String text ? builder.contentType(MediaType.TEXT_PLAIN).body(text) : builder.body(body);
        }
        List<?> items = outcome.output() == null ? List.of() : JSON.readValue(outcome.output(), List.class);
        return ResponseEntity.ok(reception.allEntries() ? items : items.isEmpty() ? Map.of() : items.get(0));
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        return headers;
    }

    /** The query string's parameters (never the body's form fields). */
    private static Map<String, List<String>> query(HttpServletRequest request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (request.getQueryString() != null) {
            for (String pair : request.getQueryString().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }

    @ExceptionHandler(WebhookRefused.class)
    ResponseEntity<ProblemDetail> refused(WebhookRefused e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status()), e.getMessage()));
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
    }
}
