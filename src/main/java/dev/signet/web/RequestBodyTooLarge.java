package dev.signet.web;

import java.io.IOException;

/** Thrown by a limited request body once the reader goes past the route's limit; answered 413. */
final class RequestBodyTooLarge extends IOException {

    private final long limit;

    RequestBodyTooLarge(long limit) {
        super("The request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
