package io.pumpflix.platform.web;

import java.io.IOException;

/** A request body above the limit. */
class RequestTooLargeException extends IOException {

    RequestTooLargeException(long limit) {
        super("the request body exceeds " + limit + " bytes");
    }
}
