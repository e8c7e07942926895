package io.pumpflix.engine.node;

/**
 * A node could not do its work. The message says why in terms the workflow's author can act on
 * (the parameter, the status received); it never holds a secret.
 *
 * @param retryable whether trying again may help (a timeout, a 5xx answer), for {@code retryOnFail}
 */
public class NodeFailure extends RuntimeException {

    private final String parameter;
    private final boolean retryable;

    public NodeFailure(String parameter, String message, boolean retryable) {
        super(message);
        this.parameter = parameter;
        this.retryable = retryable;
    }

    public NodeFailure(String parameter, String message) {
        this(parameter, message, true);
    }

    public String parameter() {
        return parameter;
    }

    public boolean retryable() {
        return retryable;
    }
}
