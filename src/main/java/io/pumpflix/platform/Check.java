package io.pumpflix.platform;

import java.util.UUID;

/**
 * Validation of request fields, with messages that name the field ({@code name: must not be
 * blank}), the same shape as the routines' messages. Failures are {@link InvalidInputException}.
 */
public final class Check {

    private Check() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    /** Trimmed text of 1 to {@code max} characters. */
    public static String text(String value, String field, int max) {
        present(value, field);
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw invalid(field, "must not be blank");
        }
        if (trimmed.length() > max) {
            throw invalid(field, "must be at most " + max + " characters");
        }
        return trimmed;
    }

    /** Optional text: null stays null, otherwise at most {@code max} characters. */
    public static String optionalText(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    public static int range(Integer value, String field, int min, int max) {
        present(value, field);
        if (value < min || value > max) {
            throw invalid(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    public static UUID uuid(String value, String field) {
        try {
            return UUID.fromString(present(value, field));
        } catch (IllegalArgumentException e) {
            throw invalid(field, "must be a UUID");
        }
    }

    public static InvalidInputException invalid(String field, String problem) {
        return new InvalidInputException("22023", field + ": " + problem);
    }

    /** A refusal with every reason found, each naming its node and parameter. */
    public static InvalidInputException invalid(String summary, java.util.List<InputError> errors) {
        return new InvalidInputException("22023", summary, errors);
    }
}
