package io.pumpflix.engine.expression;

/** An expression that cannot be read or evaluated; the message names the parameter and the expression. */
public final class ExpressionException extends RuntimeException {

    private final String parameter;

    public ExpressionException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The parameter whose expression failed ({@code fields.total}, {@code url}). */
    public String parameter() {
        return parameter;
    }
}
