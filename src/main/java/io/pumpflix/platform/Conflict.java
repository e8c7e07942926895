package io.pumpflix.platform;

/**
 * The "cannot, in this state" refusals: an object whose state forbids the change ({@code 55000})
 * and a value another object holds already ({@code 23505}).
 */
public final class Conflict {

    private Conflict() {
    }

    /** The object's state forbids the change (an archived workflow, a finished execution). */
    public static ConflictException state(String message) {
        return new ConflictException("55000", message);
    }

    /** Another object holds the value already (a webhook path, an email). */
    public static ConflictException taken(String message) {
        return new ConflictException("23505", message);
    }
}
