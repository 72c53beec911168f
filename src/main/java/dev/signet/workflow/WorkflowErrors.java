package dev.signet.workflow;

import dev.signet.web.ErrorBody;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A request that raced the engine on the same process (rare) is told to try again, not given a 500. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class WorkflowErrors {

    @ExceptionHandler(OptimisticLockingException.class)
    ResponseEntity<ErrorBody> concurrentUpdate(OptimisticLockingException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(ErrorBody.of(
                        "CONCURRENT_UPDATE", "The envelope changed while we handled your request; please retry"));
    }
}
