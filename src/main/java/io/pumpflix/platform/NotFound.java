package io.pumpflix.platform;

import java.util.UUID;

/**
 * The "does not exist" refusals ({@code P0002}), named by what is missing. Another tenant's row
 * is refused the same way: it does not exist for the caller.
 */
public final class NotFound {

    private NotFound() {
    }

    public static NotFoundException of(String what, Object id) {
        return new NotFoundException("P0002", what + " " + id + " does not exist");
    }

    public static NotFoundException workflow(UUID id) {
        return of("workflow", id);
    }

    public static NotFoundException version(UUID id) {
        return of("version", id);
    }

    public static NotFoundException execution(UUID id) {
        return of("execution", id);
    }

    public static NotFoundException credential(UUID id) {
        return of("credential", id);
    }

    public static NotFoundException invoice(UUID id) {
        return of("invoice", id);
    }

    public static NotFoundException member(UUID id) {
        return of("member", id);
    }

    public static NotFoundException template(UUID id) {
        return of("template", id);
    }

    public static NotFoundException promptTemplate(UUID id) {
        return of("prompt template", id);
    }

    public static NotFoundException webhook(String path) {
        return new NotFoundException("P0002", "no active webhook listens on " + path);
    }
}
