package dev.signet.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.yoti.api.client.docs.DocScanClient;
import com.yoti.api.client.docs.DocScanException;
import com.yoti.api.client.docs.session.create.CreateSessionResult;
import com.yoti.api.client.docs.session.create.SdkConfig;
import com.yoti.api.client.docs.session.create.SessionSpec;
import com.yoti.api.client.docs.session.create.check.RequestedCheck;
import com.yoti.api.client.docs.session.create.check.RequestedDocumentAuthenticityCheck;
import com.yoti.api.client.docs.session.create.check.RequestedFaceMatchCheck;
import com.yoti.api.client.docs.session.create.check.RequestedLivenessCheck;
import com.yoti.api.client.docs.session.create.filters.RequiredIdDocument;
import com.yoti.api.client.docs.session.create.task.RequestedIdDocTextExtractionTask;
import com.yoti.api.client.docs.session.retrieve.CheckResponse;
import com.yoti.api.client.docs.session.retrieve.GetSessionResult;
import com.yoti.api.client.docs.session.retrieve.IdDocumentResourceResponse;
import com.yoti.api.client.spi.remote.call.ResourceException;
import com.yoti.api.client.spi.remote.call.YotiConstants;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Yoti IDV through Yoti's Java SDK ({@code com.yoti:yoti-sdk-api}, its Doc Scan client): a session
 * asks for what its configuration says ({@link IdvSessionSpec}: for a prebuilt one the document's
 * authenticity, the text read from it, a liveness check and a face match, liveness alone for
 * "Liveness Only"; an organisation's custom one as it was accepted); the person does it in Yoti's
 * web page, then comes back to their signing link. The result's checks give the state; the name is
 * read from the document's fields, a media item of the session. The kept result names the session's
 * resources, tasks and media, which the media endpoint fetches from Yoti. Serves live keys when
 * {@code signet.yoti.*} is set.
 *
 * <p>The SDK reads its Doc Scan URL from the system property {@code yoti.docs.url} once per JVM,
 * when its client builder is first used: {@link YotiSdkClient} sets it from
 * {@code signet.yoti.doc-scan-api-url} before that, so one URL holds for the life of the process.
 */
@Component
class YotiIdvProvider implements IdvProvider {

    static final String NAME = "yoti";
    /** Bounds what is read of a document-fields media item and how many checks are kept. */
    private static final int MAX_FIELDS_BYTES = 256 * 1024;

    private static final int MAX_CHECKS = 50;
    /** A media item is an image of a document page or a face, or the JSON of its fields. */
    private static final int MAX_MEDIA_BYTES = 20 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(YotiIdvProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final YotiProperties properties;
    private final YotiSdkClient<DocScanClient> sdk;

    YotiIdvProvider(YotiProperties properties) {
        this.properties = properties;
        this.sdk = new YotiSdkClient<>(
                "Yoti IDV",
                YotiConstants.PROPERTY_YOTI_DOCS_URL,
                properties::docScanApiUrl,
                properties,
                (sdkId, keys) -> DocScanClient.builder()
                        .withClientSdkId(sdkId)
                        .withKeyPairSource(keys)
                        .build(),
                Unavailable::new);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configured() {
        return properties.configured();
    }

    private DocScanClient client() {
        return sdk.get();
    }

    @Override
    public Session create(SessionRequest request) {
        IdvSessionSpec wanted = request.spec();
        SessionSpec.Builder spec = SessionSpec.builder()
                .withClientSessionTokenTtl(wanted.clientSessionTokenTtl())
                .withResourcesTtl(wanted.resourcesTtl())
                .withUserTrackingId(request.recipientId().toString())
                .withSdkConfig(SdkConfig.builder()
                        .withAllowsCameraAndUpload()
                        .withSuccessUrl(request.returnUrl())
                        .withErrorUrl(request.returnUrl())
                        .build());
        if (wanted.blockBiometricConsent()) {
            spec.withBlockBiometricConsent(true);
        }
        wanted.checks().forEach(check -> spec.withRequestedCheck(check(check)));
        wanted.tasks().forEach(task -> spec.withRequestedTask(textExtraction(task)));
        if (wanted.idDocumentRequired()) {
            spec.withRequiredDocument(RequiredIdDocument.builder().build());
        }
        CreateSessionResult created;
        try {
            created = client().createSession(spec.build());
        } catch (DocScanException e) {
            throw unavailable("create", e);
        }
        if (created == null || created.getSessionId() == null || created.getClientSessionToken() == null) {
            throw new Unavailable("Yoti IDV answered a session without id or token", null);
        }
        String userUrl = properties.docScanApiUrl().replaceAll("/+$", "") + "/web/index.html?sessionID="
                + encode(created.getSessionId()) + "&sessionToken=" + encode(created.getClientSessionToken());
        return new Session(created.getSessionId(), userUrl);
    }

    private static RequestedCheck<?> check(IdvSessionSpec.Requested check) {
        return switch (check.type()) {
            case IdvSessionSpec.LIVENESS -> {
                RequestedLivenessCheck.Builder liveness = RequestedLivenessCheck.builder()
                        .forLivenessType(check.livenessType() == null ? "STATIC" : check.livenessType());
                if (check.maxRetries() != null) {
                    liveness.withMaxRetries(check.maxRetries());
                }
                yield liveness.build();
            }
            case IdvSessionSpec.AUTHENTICITY -> {
                RequestedDocumentAuthenticityCheck.Builder authenticity = RequestedDocumentAuthenticityCheck.builder();
                manual(
                        check.manualCheck(),
                        authenticity::withManualCheckAlways,
                        authenticity::withManualCheckFallback,
                        authenticity::withManualCheckNever);
                yield authenticity.build();
            }
            case IdvSessionSpec.FACE_MATCH -> {
                RequestedFaceMatchCheck.Builder faceMatch = RequestedFaceMatchCheck.builder();
                manual(
                        check.manualCheck(),
                        faceMatch::withManualCheckAlways,
                        faceMatch::withManualCheckFallback,
                        faceMatch::withManualCheckNever);
                yield faceMatch.build();
            }
            default -> throw new IllegalStateException("Not a check Signet asks Yoti for: " + check.type());
        };
    }

    private static RequestedIdDocTextExtractionTask textExtraction(IdvSessionSpec.Requested task) {
        RequestedIdDocTextExtractionTask.Builder extraction = RequestedIdDocTextExtractionTask.builder();
        manual(
                task.manualCheck(),
                extraction::withManualCheckAlways,
                extraction::withManualCheckFallback,
                extraction::withManualCheckNever);
        return extraction.build();
    }

    /** Yoti's {@code manual_check}; none given leaves Yoti's default. */
    private static void manual(String value, Runnable always, Runnable fallback, Runnable never) {
        if ("ALWAYS".equals(value)) {
            always.run();
        } else if ("FALLBACK".equals(value)) {
            fallback.run();
        } else if ("NEVER".equals(value)) {
            never.run();
        }
    }

    /** A media item of the session as Yoti keeps it: an image, or the fields read from the document (JSON). */
    @Override
    public Optional<Media> media(String sessionId, String mediaId) {
        com.yoti.api.client.Media media;
        try {
            media = client().getMediaContent(sessionId, mediaId);
        } catch (DocScanException e) {
            // The SDK wraps Yoti's answer: a 404 is no such item, anything else is Yoti not answering.
            if (e.getCause() instanceof ResourceException answer && answer.getResponseCode() == 404) {
                return Optional.empty();
            }
            throw unavailable("media", e);
        }
        if (media == null || media.getContent() == null) {
            return Optional.empty();
        }
        if (media.getContent().length > MAX_MEDIA_BYTES) {
            throw new Unavailable("Yoti IDV sent a media item over " + MAX_MEDIA_BYTES + " bytes", null);
        }
        String type = media.getMimeType() == null ? "application/octet-stream" : media.getMimeType();
        return Optional.of(new Media(type, media.getContent()));
    }

    @Override
    public Result retrieve(String sessionId) {
        GetSessionResult session;
        try {
            session = client().getSession(sessionId);
        } catch (DocScanException e) {
            throw unavailable("retrieve", e);
        }
        List<CheckResponse> checks = new ArrayList<>();
        if (session.getChecks() != null) {
            session.getChecks().stream().limit(MAX_CHECKS).forEach(checks::add);
        }
        String state = String.valueOf(session.getState());
        boolean checksDone = !checks.isEmpty() && checks.stream().allMatch(c -> "DONE".equals(c.getState()));
        if ("ONGOING".equals(state) || ("COMPLETED".equals(state) && !checksDone)) {
            return new Result(State.ONGOING, null, List.of(), json(sessionId, state, checks, session, null));
        }
        if (!"COMPLETED".equals(state)) {
            // EXPIRED: the person never finished; the session is over without a passing check.
            return new Result(
                    State.REJECTED, null, List.of("SESSION_" + state), json(sessionId, state, checks, session, null));
        }
        List<String> failed = checks.stream()
                .filter(c -> !"APPROVE".equals(recommendation(c)))
                .map(CheckResponse::getType)
                .toList();
        Optional<IdDocumentResourceResponse> document = document(session);
        if (!failed.isEmpty()) {
            return new Result(State.REJECTED, null, failed, json(sessionId, state, checks, session, null));
        }
        Optional<String> mediaId = document.map(IdDocumentResourceResponse::getDocumentFields)
                .map(fields -> fields.getMedia())
                .map(media -> media.getId());
        String name = mediaId.isPresent() ? fullName(sessionId, mediaId.get()) : null;
        if (name == null && !"Liveness Only".equals(sessionConfigOf(checks))) {
            return new Result(
                    State.REJECTED,
                    null,
                    List.of("ID_DOCUMENT_TEXT_DATA_EXTRACTION"),
                    json(sessionId, state, checks, session, null));
        }
        return new Result(State.APPROVED, name, List.of(), json(sessionId, state, checks, session, name));
    }

    /** A session without a document check asked for liveness alone. */
    private static String sessionConfigOf(List<CheckResponse> checks) {
        return checks.stream().anyMatch(c -> "ID_DOCUMENT_AUTHENTICITY".equals(c.getType()))
                ? "document"
                : "Liveness Only";
    }

    private static Optional<IdDocumentResourceResponse> document(GetSessionResult session) {
        if (session.getResources() == null || session.getResources().getIdDocuments() == null) {
            return Optional.empty();
        }
        return session.getResources().getIdDocuments().stream()
                .map(d -> (IdDocumentResourceResponse) d)
                .filter(d -> d.getDocumentFields() != null)
                .findFirst();
    }

    /** The document's fields are a JSON media item: {@code full_name}, or given names and family name. */
    private String fullName(String sessionId, String mediaId) {
        com.yoti.api.client.Media media;
        try {
            media = client().getMediaContent(sessionId, mediaId);
        } catch (DocScanException e) {
            throw unavailable("media", e);
        }
        if (media == null || media.getContent() == null || media.getContent().length > MAX_FIELDS_BYTES) {
            return null;
        }
        try {
            JsonNode fields = JSON.readTree(media.getContent());
            String full = fields.path("full_name").asText("");
            if (full.isBlank()) {
                full = (fields.path("given_names").asText("") + " "
                                + fields.path("family_name").asText(""))
                        .trim();
            }
            return full.isBlank() ? null : full;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String recommendation(CheckResponse check) {
        return check.getReport() == null || check.getReport().getRecommendation() == null
                ? null
                : check.getReport().getRecommendation().getValue();
    }

    /**
     * Kept as the session result, the same shape as the sandbox provider's: the checks with their
     * recommendation, and the resources with their ids, tasks and media ids (for the media endpoint
     * and the idv_resource_update and idv_task_completion events); the name only as read.
     */
    private static String json(
            String sessionId, String state, List<CheckResponse> checks, GetSessionResult result, String fullName) {
        ObjectNode session = JSON.createObjectNode()
                .put("session_id", sessionId)
                .put("state", state)
                .put("provider", NAME);
        ArrayNode array = session.putArray("checks");
        for (CheckResponse check : checks) {
            ObjectNode item = array.addObject().put("type", check.getType()).put("state", check.getState());
            String value = recommendation(check);
            if (value != null) {
                item.putObject("report").putObject("recommendation").put("value", value);
            }
        }
        ObjectNode resources = session.putObject("resources");
        ArrayNode documents = resources.putArray("id_documents");
        if (result.getResources() != null && result.getResources().getIdDocuments() != null) {
            result.getResources().getIdDocuments().stream()
                    .limit(MAX_CHECKS)
                    .forEach(d -> document(documents.addObject(), d, fullName));
        }
        ArrayNode liveness = resources.putArray("liveness_capture");
        if (result.getResources() != null && result.getResources().getLivenessCapture() != null) {
            result.getResources().getLivenessCapture().stream()
                    .limit(MAX_CHECKS)
                    .forEach(l -> liveness.addObject().put("id", l.getId()).put("liveness_type", l.getLivenessType()));
        }
        return session.toString();
    }

    private static void document(ObjectNode item, IdDocumentResourceResponse d, String fullName) {
        item.put("id", d.getId())
                .put("document_type", d.getDocumentType())
                .put("issuing_country", d.getIssuingCountry());
        ArrayNode pages = item.putArray("pages");
        if (d.getPages() != null) {
            d.getPages().stream()
                    .limit(MAX_CHECKS)
                    .filter(p -> p.getMedia() != null)
                    .forEach(p -> pages.addObject()
                            .put("capture_method", p.getCaptureMethod())
                            .putObject("media")
                            .put("id", p.getMedia().getId())
                            .put("type", p.getMedia().getType()));
        }
        ArrayNode tasks = item.putArray("tasks");
        if (d.getTasks() != null) {
            d.getTasks().stream()
                    .limit(MAX_CHECKS)
                    .forEach(t -> tasks.addObject()
                            .put("id", t.getId())
                            .put("type", t.getType())
                            .put("state", t.getState()));
        }
        if (d.getDocumentFields() != null && d.getDocumentFields().getMedia() != null) {
            ObjectNode fields = item.putObject("document_fields");
            if (fullName != null) {
                fields.put("full_name", fullName);
            }
            fields.putObject("media")
                    .put("id", d.getDocumentFields().getMedia().getId())
                    .put("type", d.getDocumentFields().getMedia().getType());
        }
    }

    private static Unavailable unavailable(String while_, DocScanException e) {
        // The SDK's message carries the HTTP status; no personal data is in it.
        log.warn("Yoti IDV did not answer ({}): {}", while_, e.getMessage());
        return new Unavailable("Yoti IDV did not answer (" + while_ + ")", e);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
