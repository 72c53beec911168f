package dev.signet.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The one error body of the API: a code a program switches on and a sentence a person reads. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(String code, String message, List<FieldError> errors) {

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(code, message, List.of());
    }
}
