package dev.signet.signing;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A signer's witness (reference 4.3), with the signer's own token: who it is, and naming or
 * correcting them ({@code name}, {@code email}, optionally {@code iso_country_code} with
 * {@code mobile_number}). 404 NO_WITNESS when the sender asked for none; 409 NOT_SIGNED_YET before
 * the signer signed, WITNESS_ALREADY_SIGNED once the witness has.
 */
@RestController
class WitnessController {

    private final WitnessStep step;
    private final TokenRateLimit limit;

    WitnessController(WitnessStep step, TokenRateLimit limit) {
        this.step = step;
        this.limit = limit;
    }

    @GetMapping("/v2/signing/{token}/witness")
    ResponseEntity<WitnessStep.WitnessJson> show(@PathVariable String token) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(step.show(token));
    }

    @PostMapping(path = "/v2/signing/{token}/witness", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WitnessStep.WitnessJson> name(@PathVariable String token, @RequestBody JsonNode body) {
        limit.check(token);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(step.name(token, body));
    }
}
