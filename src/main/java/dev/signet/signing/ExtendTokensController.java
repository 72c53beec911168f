package dev.signet.signing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.account.Caller;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v2/envelopes/{id}/extend-tokens}: the named tokens (or, with none named, every
 * unsigned signer's) are valid for the recipient's {@code active_for_seconds} again, from now. The
 * work is {@link LinkExtensions}', which says why it lives in {@code signing}; the URL says which
 * resource the sender names, not which module serves it.
 */
@RestController
class ExtendTokensController {

    private final LinkExtensions extensions;

    ExtendTokensController(LinkExtensions extensions) {
        this.extensions = extensions;
    }

    @PostMapping(path = "/v2/envelopes/{id}/extend-tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, List<LinkExtensions.Extended>> extend(
            Caller caller, @PathVariable UUID id, @RequestBody(required = false) JsonNode body) {
        return Map.of("tokens", extensions.extend(caller, id, body));
    }
}
