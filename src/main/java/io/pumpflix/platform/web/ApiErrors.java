package io.pumpflix.platform.web;

import io.pumpflix.platform.ConflictException;
import io.pumpflix.platform.DatabaseUnavailableException;
import io.pumpflix.platform.InvalidInputException;
import io.pumpflix.platform.NotAllowedException;
import io.pumpflix.platform.NotFoundException;
import io.pumpflix.platform.NotMemberException;
import io.pumpflix.platform.QuotaExceededException;
import io.pumpflix.platform.TooManyRequestsException;
import io.pumpflix.platform.UnauthenticatedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become HTTP statuses (RFC 9457 problem documents), following
 * behaviour.md: another tenant's object is 404, never 403. No stack trace reaches a client.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    /** Requests answered 503 because the database was unreachable (docs/operations.md). */
    private static final io.micrometer.core.instrument.Counter UNAVAILABLE = io.micrometer.core.instrument.Counter
            .builder("pumpflix.database.unavailable").description("requests answered 503: the database was unreachable")
            .register(io.micrometer.core.instrument.Metrics.globalRegistry);


    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler({NotFoundException.class, NotMemberException.class})
    ResponseEntity<ProblemDetail> notFound(RuntimeException e) {
        // A non-member is told "not found": the row may exist, in a tenant they cannot see.
        return problem(HttpStatus.NOT_FOUND, e instanceof NotMemberException ? "not found" : e.getMessage());
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, e.getMessage());
        e.parameter().ifPresent(p -> response.getBody().setProperty("parameter", p));
        if (!e.errors().isEmpty()) {
            response.getBody().setProperty("errors", e.errors());
        }
        return response;
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(NotAllowedException.class)
    ResponseEntity<ProblemDetail> forbidden(NotAllowedException e) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(UnauthenticatedException.class)
    ResponseEntity<ProblemDetail> unauthenticated(UnauthenticatedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage()));
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
    }

    @ExceptionHandler(QuotaExceededException.class)
    ResponseEntity<ProblemDetail> quota(QuotaExceededException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED, e.getMessage());
        problem.setProperty("plan", e.plan());
        problem.setProperty("cap", e.cap());
        problem.setProperty("resetsAt", e.resetsAt().toString());
        return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getName() + ": is not a valid " + (e.getRequiredType() == null
                ? "value" : e.getRequiredType().getSimpleName()));
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseUnavailableException.isUnavailability(e)) {
            return unavailable();
        }
        log.error("Unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "an unexpected error occurred; it has been logged");
    }

    /** Spring's own refusals (unreadable JSON, wrong method, missing parameter): never their internals. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (e instanceof HttpMessageNotReadableException unreadable) {
            if (unreadable.getMostSpecificCause() instanceof RequestTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).headers(headers)
                        .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
            }
            return ResponseEntity.status(status).headers(headers).body(ProblemDetail.forStatusAndDetail(status,
                    "the request body is not valid JSON of the expected shape"));
        }
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null ? problem.getDetail()
                : status.toString();
        return ResponseEntity.status(status).headers(headers).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    /** A request the database could not serve: answered 503, and counted for operators (docs/operations.md). */
    static ResponseEntity<ProblemDetail> unavailable() {
        UNAVAILABLE.increment();
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseUnavailableException.RETRY_AFTER_SECONDS))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "the database is unavailable; try again shortly"));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
