package dev.signet.signing;

import dev.signet.account.Branding;
import dev.signet.account.EmbeddingSettings;
import dev.signet.account.Mode;
import dev.signet.document.Document;
import dev.signet.document.PageImages;
import dev.signet.document.PdfIntake;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.tagging.FieldNames;
import dev.signet.tagging.FieldRules;
import dev.signet.tagging.Tag;
import dev.signet.tagging.TagAttributes;
import dev.signet.tagging.TagType;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The recipient side of an envelope, reached with a signing token. */
@Service
public class SigningService {

    private final SigningLinks links;
    private final Envelopes envelopes;
    private final PdfIntake intake;
    private final EmbeddingSettings embedding;
    private final PageImages pageImages;

    SigningService(
            SigningLinks links,
            Envelopes envelopes,
            PdfIntake intake,
            EmbeddingSettings embedding,
            PageImages pageImages) {
        this.intake = intake;
        this.pageImages = pageImages;
        this.links = links;
        this.envelopes = envelopes;
        this.embedding = embedding;
    }

    /** What one recipient is shown. */
    /** {@code rules}: the conditional rules acting on this recipient's tags (the page applies them too). */
    public record SigningView(
            EnvelopeJson envelope,
            RecipientJson recipient,
            List<DocumentJson> documents,
            List<TagJson> tags,
            OffsetDateTime linkExpiresAt,
            List<FieldRules.Rule> rules) {}

    public record EnvelopeJson(UUID id, String name, String status, String senderName, boolean allowDecline) {}

    /** {@code timeZone}: the envelope's time zone for this signer (null: UTC), in which the PDF dates their signature. */
    public record RecipientJson(
            UUID id,
            String name,
            String role,
            Recipient.SignStatus signStatus,
            OffsetDateTime signedAt,
            String timeZone) {}

    public record DocumentJson(UUID id, String name, Integer pageCount) {}

    /**
     * {@code fieldName} and {@code fieldState} find the tag's widget in the document: the field's
     * fully qualified name, and for a radio button its "on" state (null for other types). The page
     * shows the field where that widget is, which is where the PDF has it.
     */
    public record TagJson(
            String name,
            String type,
            UUID documentId,
            String fileName,
            int pageNumber,
            double x,
            double y,
            Double width,
            boolean optional,
            String tagGroupName,
            TagAttributes attributes,
            String value,
            String fieldName,
            String fieldState) {}

    /** A GET: reads only, never changes state (mail scanners open links). */
    @Transactional(readOnly = true)
    public SigningView view(String token) {
        Recipient recipient = recipientFor(token);
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow(() -> ApiException.notFound("Link"));
        List<Document> documents = envelopes.documents(envelope.id()).stream()
                .filter(d -> !recipient.excludedFiles().contains(d.fileName()))
                .toList();
        Map<UUID, String> names = new HashMap<>();
        documents.forEach(d -> names.put(d.id(), d.fileName()));
        List<Tag> allTags = envelopes.tags(envelope.id());
        List<TagJson> tags = allTags.stream()
                .filter(t -> t.recipientId().equals(recipient.id()))
                .map(t -> new TagJson(
                        t.name(),
                        t.type().wireName(),
                        t.documentId(),
                        names.get(t.documentId()),
                        t.pageNumber(),
                        t.x(),
                        t.y(),
                        t.width(),
                        t.optional(),
                        t.tagGroupName(),
                        t.attributes(),
                        t.value(),
                        t.type() == TagType.RADIO_FIELD
                                ? FieldNames.radioGroup(t.recipientId(), t.tagGroupName())
                                : FieldNames.tag(t.recipientId(), t.name()),
                        t.type() == TagType.RADIO_FIELD ? FieldNames.radioState(t.name()) : null))
                .toList();
        return new SigningView(
                new EnvelopeJson(
                        envelope.id(),
                        envelope.name(),
                        envelope.status().name(),
                        envelope.senderName(),
                        envelope.allowDecline()),
                new RecipientJson(
                        recipient.id(),
                        recipient.name(),
                        recipient.role(),
                        recipient.signStatus(),
                        recipient.signedAt(),
                        recipient.timeZone()),
                documents.stream()
                        .map(d -> new DocumentJson(d.id(), d.fileName(), d.pageCount()))
                        .toList(),
                tags,
                links.expiresAt(recipient.id()).orElse(null),
                envelopes.fieldRules(recipient).rules());
    }

    /**
     * What the signing page at {@code /sign/{token}} shows: {@code state} is sign, signed, expired,
     * archived, completed, declined, unavailable or waiting (an embedded signer whose sign group is
     * not reached yet); {@code view} only while the recipient may sign.
     */
    public record Landing(
            String state, String envelopeName, String senderName, String recipientName, SigningView view) {}

    /** Like {@link #view}, a read only; a link that is unknown or revoked gives empty. */
    @Transactional(readOnly = true)
    public Optional<Landing> landing(String token) {
        Optional<SigningLinks.TokenRecord> record = links.find(token);
        Optional<Recipient> recipient = record.flatMap(r -> envelopes.recipient(r.recipientId()));
        Optional<Envelope> envelope = recipient.flatMap(r -> envelopes.envelope(r.envelopeId()));
        if (envelope.isEmpty()) {
            return Optional.empty();
        }
        Envelope e = envelope.get();
        Recipient r = recipient.get();
        String state = switch (e.status()) {
            case ARCHIVED -> "archived";
            case COMPLETE -> "completed";
            case DECLINED -> r.signStatus() == Recipient.SignStatus.DECLINED ? "youdeclined" : "declined";
            case ACTIVE ->
                r.signed()
                        ? "signed"
                        : record.get().held() ? "waiting" : record.get().expired() ? "expired" : "sign";
            default -> "unavailable";
        };
        return Optional.of(new Landing(
                state, e.name(), envelopes.senderName(e), r.name(), state.equals("sign") ? view(token) : null));
    }

    /**
     * What the pages need beyond the landing: whose envelope a token belongs to, whether it is
     * embedded, where its host page goes next and how the pages look (the envelope's branding over
     * the organisation's).
     */
    public record Frame(
            UUID envelopeId,
            UUID recipientId,
            boolean embedded,
            List<String> allowedOrigins,
            Envelopes.PageOptions options,
            Branding branding) {}

    @Transactional(readOnly = true)
    public Optional<Frame> frame(String token) {
        return links.find(token)
                .flatMap(t -> envelopes.recipient(t.recipientId()))
                .flatMap(r -> envelopes.envelope(r.envelopeId()).map(e -> {
                    EmbeddingSettings.Settings settings = embedding.of(e.organisationId(), e.mode());
                    Envelopes.PageOptions options = envelopes.pageOptions(e.id());
                    return new Frame(
                            e.id(),
                            r.id(),
                            e.embedded(),
                            e.embedded() ? settings.allowedOrigins() : List.of(),
                            options,
                            options.branding().over(settings.branding()));
                }));
    }

    /** How many files the link's holder may attach; 0 for a link that is not valid. Sizes the submit body's limit. */
    @Transactional(readOnly = true)
    int attachmentSlots(String token) {
        return links.find(token)
                .flatMap(record -> envelopes.recipient(record.recipientId()))
                .map(r -> (int) envelopes.tags(r.envelopeId()).stream()
                        .filter(t -> t.recipientId().equals(r.id()) && t.type() == TagType.ATTACHMENT)
                        .count())
                .orElse(0);
    }

    /**
     * Hands the recipient's values to the envelope, which checks them against their tags and records
     * them; the workflow then moves their process on.
     */
    @Transactional
    public void submit(String token, List<Envelopes.SubmittedValue> values, String ipAddress, String userAgent) {
        submit(token, values, false, ipAddress, userAgent);
    }

    /**
     * As {@link #submit(String, List, String, String)}; a witness must also confirm that they saw the
     * signer sign ({@code witnessPresent}), or nothing is recorded (reference 4.3: they cannot
     * continue without confirming).
     */
    @Transactional
    public void submit(
            String token,
            List<Envelopes.SubmittedValue> values,
            boolean witnessPresent,
            String ipAddress,
            String userAgent) {
        Recipient recipient = recipientFor(token);
        if (recipient.type() == RecipientType.WITNESS) {
            if (!witnessPresent) {
                throw new ApiException(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "WITNESS_PRESENCE_NOT_CONFIRMED",
                        "Confirm that you saw the signer sign (witness_present: true) before you sign as their witness");
            }
            envelopes.confirmWitnessPresence(recipient);
        }
        envelopes.submit(recipient.id(), values, ipAddress, userAgent);
    }

    /**
     * One of this recipient's documents as it stands now (prepared, with the signatures so far), for
     * the signing page's viewer. Files excluded for this recipient are not theirs to see.
     */
    /**
     * A sandbox integrator signs as one of the recipients of their own sandbox envelope, without a
     * browser: every field the recipient must fill gets a sample value, and the submission takes the
     * signing page's path (same checks, same signature, same events). Optional fields stay empty.
     */
    @Transactional
    public void signAsRecipientInSandbox(UUID organisationId, UUID envelopeId, UUID recipientId, String ipAddress) {
        Envelope envelope = envelopes
                .envelope(envelopeId)
                .filter(e -> e.organisationId().equals(organisationId) && e.mode() == Mode.SANDBOX)
                .orElseThrow(() -> ApiException.notFound("Envelope"));
        Recipient recipient = envelopes
                .recipient(recipientId)
                .filter(r -> r.envelopeId().equals(envelope.id()) && r.type() == RecipientType.SIGNER)
                .orElseThrow(() -> ApiException.notFound("Recipient"));
        List<Envelopes.SubmittedValue> values = new ArrayList<>();
        Set<String> radioGroupsChosen = new HashSet<>();
        for (Tag tag : envelopes.tags(envelope.id())) {
            if (!tag.recipientId().equals(recipient.id()) || tag.optional()) {
                continue;
            }
            String value = switch (tag.type()) {
                case SIGNATURE -> recipient.name();
                case INITIALS -> initials(recipient.name());
                case TEXT_FIELD -> tag.attributes().readOnly() ? null : "Sandbox sample";
                case CHECKBOX_FIELD -> "true";
                case RADIO_FIELD -> radioGroupsChosen.add(tag.tagGroupName()) ? "true" : "false";
                case ATTACHMENT -> sandboxAttachment();
                case DATE_SIGNED_FIELD -> null;
            };
            if (value != null) {
                values.add(new Envelopes.SubmittedValue(tag.name(), value));
            }
        }
        envelopes.submit(recipient.id(), values, ipAddress, "Signet sandbox sign-as-recipient");
    }

    /** The smallest one-page PDF, written by hand: only ever handed to intake, which rewrites it. */
    private static final byte[] BLANK_PAGE =
            ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
                    .getBytes(StandardCharsets.US_ASCII);

    private volatile String sandboxAttachment;

    /**
     * The sample for a required attachment, as a data URL: a blank page made by PDF intake (which
     * rewrites what it accepts into a well-formed file), like any document Signet takes in, rather
     * than hand-written bytes that only a forgiving reader opens.
     */
    private String sandboxAttachment() {
        String sample = sandboxAttachment;
        if (sample == null) {
            if (!(intake.accept(BLANK_PAGE) instanceof PdfIntake.Accepted accepted)) {
                throw new IllegalStateException("PDF intake refused the sandbox's blank page");
            }
            sample = "data:application/pdf;base64," + Base64.getEncoder().encodeToString(accepted.pdf());
            sandboxAttachment = sample;
        }
        return sample;
    }

    private static String initials(String name) {
        StringBuilder initials = new StringBuilder();
        for (String part : name.trim().split("\\s+")) {
            if (!part.isEmpty() && initials.length() < 4) {
                initials.append(Character.toUpperCase(part.charAt(0)));
            }
        }
        return initials.isEmpty() ? "X" : initials.toString();
    }

    @Transactional(readOnly = true)
    public byte[] document(String token, UUID documentId) {
        return file(token, documentId).content();
    }

    /** A document's file name and its content as it stands now. */
    public record DocumentFile(String name, byte[] content) {}

    @Transactional(readOnly = true)
    public DocumentFile file(String token, UUID documentId) {
        Recipient recipient = recipientFor(token);
        Document document = visibleDocument(recipient, documentId);
        return new DocumentFile(
                document.fileName(),
                envelopes.currentContent(document.id()).orElseThrow(() -> ApiException.notFound("Document")));
    }

    /** One of the envelope's documents that this recipient may see (not among their excluded files), or 404. */
    private Document visibleDocument(Recipient recipient, UUID documentId) {
        return envelopes.documents(recipient.envelopeId()).stream()
                .filter(d ->
                        d.id().equals(documentId) && !recipient.excludedFiles().contains(d.fileName()))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Document"));
    }

    /**
     * A page of a document as it stands, as an image about {@code width} device pixels wide, for the
     * link's recipient, without their own fields (their page draws those). No transaction: the
     * lookups are single reads, and the rendering, seconds at worst, holds no connection.
     */
    public PageImages.Image pageImage(String token, UUID documentId, int page, int width) {
        Recipient recipient = recipientFor(token);
        Document document = visibleDocument(recipient, documentId);
        try {
            return pageImages.render(document.id(), page, width, FieldNames.recipient(recipient.id()));
        } catch (PageImages.Refused refused) {
            throw switch (refused.refusal()) {
                case NO_PAGE ->
                    new ApiException(HttpStatus.NOT_FOUND, "PAGE_NOT_FOUND", "The document has no page " + page);
                case BUSY ->
                    new ApiException(
                                    HttpStatus.SERVICE_UNAVAILABLE,
                                    "PAGE_IMAGES_BUSY",
                                    "Other pages are being drawn; try again in a moment, or open the document")
                            .retryAfter(2);
                case NOT_RENDERED ->
                    new ApiException(
                            HttpStatus.UNPROCESSABLE_ENTITY,
                            "PAGE_NOT_RENDERED",
                            "This page cannot be shown as an image ("
                                    + refused.getMessage().toLowerCase(java.util.Locale.ROOT)
                                    + "); open the document to see it");
            };
        }
    }

    /**
     * The documents a signer who has signed may view and download with their own link, as they stand
     * (with the signatures so far, or sealed once complete). Empty for a link that is not valid.
     */
    @Transactional(readOnly = true)
    public List<DocumentJson> signedDocuments(String token) {
        return links.find(token)
                .filter(record -> !record.expired())
                .flatMap(record -> envelopes.recipient(record.recipientId()))
                .filter(Recipient::signed)
                .map(r -> envelopes.documents(r.envelopeId()).stream()
                        .filter(d -> !r.excludedFiles().contains(d.fileName()))
                        .map(d -> new DocumentJson(d.id(), d.fileName(), d.pageCount()))
                        .toList())
                .orElse(List.of());
    }

    /** The completion pack for a signer of a complete envelope, with their own link; 409 before that. */
    @Transactional(readOnly = true)
    public byte[] completionPack(String token) {
        Recipient recipient = recipientFor(token);
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow(() -> ApiException.notFound("Link"));
        if (envelope.status() != EnvelopeStatus.COMPLETE || !recipient.signed()) {
            throw ApiException.conflict(
                    "ENVELOPE_NOT_COMPLETE", "The completion pack is ready once everyone has signed");
        }
        return envelopes.completionPackZip(envelope.id());
    }

    /** The recipient declines to sign, with a reason; allowed only when the envelope says so. */
    @Transactional
    public void decline(String token, String reason) {
        String trimmed = reason == null ? "" : reason.strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > 500) {
            throw ApiException.validation(List.of(new FieldError("reason", "give a reason of 1 to 500 characters")));
        }
        Recipient unlocked = recipientFor(token);
        Envelope envelope = envelopes.lockEnvelope(unlocked.envelopeId());
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict(
                    "ENVELOPE_NOT_ACTIVE", "This envelope is " + envelope.status() + " and can no longer be declined");
        }
        Recipient recipient = envelopes.recipient(unlocked.id()).orElseThrow();
        envelopes.decline(envelope, recipient, trimmed);
    }

    private Recipient recipientFor(String token) {
        SigningLinks.TokenRecord record = links.find(token)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "LINK_NOT_FOUND",
                        "This signing link is not valid; use the newest link you were sent"));
        if (record.held()) {
            throw ApiException.conflict(
                    "NOT_YOUR_TURN", "The signers of an earlier sign group have not all signed yet; try again later");
        }
        if (record.expired()) {
            throw new ApiException(
                    HttpStatus.GONE, "LINK_EXPIRED", "This signing link has expired; ask the sender for a new one");
        }
        return envelopes.recipient(record.recipientId()).orElseThrow(() -> ApiException.notFound("Link"));
    }
}
