package dev.signet.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised outside Spring MVC (filters, the container) get the same error body, never a page. */
@RestController
class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String errorCode = switch (status) {
            case NOT_FOUND -> "NOT_FOUND";
            case PAYLOAD_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            case BAD_REQUEST -> "MALFORMED_REQUEST";
            case UNAUTHORIZED -> "UNAUTHORIZED";
            case FORBIDDEN -> "FORBIDDEN";
            default -> status.is5xxServerError() ? "INTERNAL_ERROR" : status.name();
        };
        String message = status.is5xxServerError()
                ? "Something went wrong on our side; please try again"
                : status.getReasonPhrase();
        return ApiExceptionHandler.error(status, errorCode, message);
    }
}
