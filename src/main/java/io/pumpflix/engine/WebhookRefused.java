package io.pumpflix.engine;

/** A webhook call refused before any run: wrong method, bad header credential, unreadable body. */
public final class WebhookRefused extends RuntimeException {

    private final int status;

    public WebhookRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status to answer with (405, 401, 400). */
    public int status() {
        return status;
    }
}
