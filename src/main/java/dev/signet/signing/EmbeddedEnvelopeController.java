package dev.signet.signing;

import dev.signet.account.Caller;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code POST /v2/embedded-envelopes} (reference §1.1, §4.7): an envelope whose signers sign inside
 * the integrator's page. The request is checked by the envelope's own rules ({@link
 * Envelopes#validateEmbedded}); the answer carries one token per signer, the only copy there is
 * (Signet keeps its hash), for {@code /embedded/sign/{token}}.
 *
 * <p>Here rather than in {@code envelope}, like extend-tokens: the tokens are signing's. The
 * envelope and the tokens are written in one transaction, so an answer never names an envelope
 * whose tokens were lost, nor the other way round.
 */
@RestController
class EmbeddedEnvelopeController {

    private final Envelopes envelopes;
    private final SigningLinks links;
    private final TransactionTemplate tx;

    EmbeddedEnvelopeController(Envelopes envelopes, SigningLinks links, TransactionTemplate tx) {
        this.envelopes = envelopes;
        this.links = links;
        this.tx = tx;
    }

    /**
     * {@code recipient_id} and {@code url} are extensions; {@code token} and {@code email} are the
     * reference's. {@code expires_at}: until the signer's sign group is reached the token is held
     * (the page says it is not their turn), then valid for their {@code active_for_seconds}.
     */
    record EmbeddedRecipient(String token, String email, UUID recipientId, String url) {}

    record Created(UUID envelopeId, List<EmbeddedRecipient> recipients) {}

    @PostMapping(path = "/v2/embedded-envelopes", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Create an embedded envelope: one signing token per signer, no invitations",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                                            schema = @Schema(ref = "#/components/schemas/CreateEnvelopeRequest"),
                                            encoding =
                                                    @Encoding(
                                                            name = "options",
                                                            contentType = MediaType.APPLICATION_JSON_VALUE))))
    ResponseEntity<Created> create(
            Caller caller,
            MultipartHttpServletRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey)
            throws IOException {
        if (idempotencyKey != null) {
            // A replay would have to answer the same tokens, which Signet does not keep in plain text.
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "IDEMPOTENCY_NOT_SUPPORTED",
                    "Idempotency-Key is not taken on embedded envelopes: their tokens are shown once."
                            + " Look an envelope up with POST /v2/organisations/envelopes/find instead",
                    List.of(new dev.signet.web.FieldError("Idempotency-Key", "is not taken on this endpoint")));
        }
        List<Envelopes.Upload> files = new ArrayList<>();
        for (MultipartFile part : request.getFiles("file")) {
            files.add(new Envelopes.Upload(part.getOriginalFilename(), part.getBytes()));
        }
        Envelopes.EmbeddedRequest validated = envelopes.validateEmbedded(caller, files, optionsPart(request));
        Created created = tx.execute(status -> {
            UUID envelopeId = envelopes.createEmbedded(caller, validated);
            List<EmbeddedRecipient> recipients = new ArrayList<>();
            for (Recipient r : envelopes.recipients(envelopeId)) {
                if (r.type() != RecipientType.SIGNER) {
                    continue;
                }
                String token = links.issueHeld(r.id(), OffsetDateTime.now().plusSeconds(r.activeForSeconds()));
                recipients.add(new EmbeddedRecipient(token, r.email(), r.id(), links.embeddedUrl(token)));
            }
            return new Created(envelopeId, recipients);
        });
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(created);
    }

    private static String optionsPart(MultipartHttpServletRequest request) throws IOException {
        String options = request.getParameter("options");
        if (options == null && request.getFile("options") != null) {
            options = new String(request.getFile("options").getBytes(), StandardCharsets.UTF_8);
        }
        return options;
    }
}
