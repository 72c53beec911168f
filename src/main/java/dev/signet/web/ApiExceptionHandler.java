package dev.signet.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The one place where exceptions become the API's error body. A 5xx never carries internals. */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        if (e.retryAfterSeconds() > 0) {
            return ResponseEntity.status(e.status())
                    .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                    .body(new ErrorBody(e.code(), e.getMessage(), e.errors()));
        }
        return body(e.status(), new ErrorBody(e.code(), e.getMessage(), e.errors()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        RequestBodyTooLarge tooLarge = limitCause(e);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge);
        }
        return error(
                HttpStatus.BAD_REQUEST,
                "MALFORMED_REQUEST",
                "The request body is not valid JSON of the expected shape");
    }

    @ExceptionHandler({
        MissingServletRequestPartException.class,
        MissingServletRequestParameterException.class,
        MissingRequestHeaderException.class
    })
    ResponseEntity<ErrorBody> missing(Exception e) {
        String name = "value";
        if (e instanceof MissingServletRequestPartException p) {
            name = "part '" + p.getRequestPartName() + "'";
        } else if (e instanceof MissingServletRequestParameterException p) {
            name = "parameter '" + p.getParameterName() + "'";
        } else if (e instanceof MissingRequestHeaderException h) {
            name = "header '" + h.getHeaderName() + "'";
        }
        return error(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "The request is missing the " + name);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "'" + e.getName() + "' is not well formed");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                "Content type " + e.getContentType() + " is not accepted here; supported: "
                        + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return error(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "No representation matches the Accept header");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", e.getMethod() + " is not allowed here");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ErrorBody> tooLarge(MaxUploadSizeExceededException e) {
        return error(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The files together may not exceed 20 MB");
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ErrorBody> multipart(MultipartException e) {
        return error(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "The multipart request could not be read");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noRoute(NoResourceFoundException e) {
        return error(HttpStatus.NOT_FOUND, "NOT_FOUND", "There is nothing at this address");
    }

    /** The body went past its route's limit while it was read (see {@link BodyLimitFilter}). */
    @ExceptionHandler(RequestBodyTooLarge.class)
    ResponseEntity<ErrorBody> bodyTooLarge(RequestBodyTooLarge e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                .header("Connection", "close")
                .body(ErrorBody.of(
                        "PAYLOAD_TOO_LARGE", "The request body may not exceed " + BodyLimitFilter.describe(e.limit())));
    }

    /**
     * A denial raised inside a controller or a secured method (the chains deny at the door, this is
     * the check made later): the key or session may not do this, which is a 403 with the error body,
     * never the 500 of the catch-all below. The portal's pages answer with their own page first
     * ({@code portal.PortalErrors}).
     */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ErrorBody> denied(AccessDeniedException e) {
        return error(HttpStatus.FORBIDDEN, "FORBIDDEN", "This key or account may not do this");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        RequestBodyTooLarge tooLarge = limitCause(e);
        if (tooLarge != null) {
            // A controller that reads the body itself may wrap the I/O failure; it is still the limit.
            return bodyTooLarge(tooLarge);
        }
        log.error("Unexpected failure", e);
        return error(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "INTERNAL_ERROR",
                "Something went wrong on our side; please try again");
    }

    private static RequestBodyTooLarge limitCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLarge limit) {
                return limit;
            }
        }
        return null;
    }

    static ResponseEntity<ErrorBody> error(HttpStatus status, String code, String message) {
        return body(status, ErrorBody.of(code, message));
    }

    private static ResponseEntity<ErrorBody> body(HttpStatus status, ErrorBody body) {
        return ResponseEntity.status(status).body(body);
    }
}
