package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.signet.document.Document;
import dev.signet.document.DocumentStore;
import dev.signet.document.FileType;
import dev.signet.document.PdfInspector.PageSize;
import dev.signet.document.PdfIntake;
import dev.signet.document.WordConverter;
import dev.signet.tagging.FieldPlacementException;
import dev.signet.tagging.Industry;
import dev.signet.tagging.Tag;
import dev.signet.tagging.TagGeometry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns an envelope's uploads into prepared documents: Word converted, every PDF checked and
 * rewritten as one clean revision, anchors found (auto-tagging), every tag checked against its
 * page, then fields placed and the document certified. All or nothing: an envelope with one bad
 * document keeps none of the work and is marked ERRORED with each problem.
 */
@Component
class DocumentPreparation {

    private final EnvelopeRepository repository;
    private final DocumentStore store;
    private final PdfIntake intake;
    private final WordConverter word;
    private final DocumentSigning signing;
    private final ObjectMapper json;

    DocumentPreparation(
            EnvelopeRepository repository,
            DocumentStore store,
            PdfIntake intake,
            WordConverter word,
            DocumentSigning signing,
            ObjectMapper json) {
        this.repository = repository;
        this.store = store;
        this.intake = intake;
        this.word = word;
        this.signing = signing;
        this.json = json;
    }

    /** @return false when the envelope was marked ERRORED instead */
    boolean prepare(Envelope envelope) {
        ArrayNode errors = json.createArrayNode();
        errors.addAll(uploadErrorsFromCreate(envelope));
        List<Document> documents = store.documents(envelope.id());
        List<Recipient> recipients = repository.recipients(envelope.id());
        Industry industry = repository
                .autotagging(envelope.id())
                .flatMap(Industry::fromOption)
                .orElse(null);
        Map<UUID, byte[]> clean = new LinkedHashMap<>();
        Map<UUID, List<PageSize>> pages = new HashMap<>();
        for (Document document : documents) {
            byte[] pdf = readable(document, errors, pages);
            if (pdf == null) {
                continue;
            }
            if (industry != null) {
                DocumentSigning.AutoTags auto = signing.autoTag(pdf, document.fileName(), industry, recipients);
                if (auto.problem() != null) {
                    errors.addObject()
                            .put("file_name", document.fileName())
                            .put("code", "AUTOTAGGING_ERROR")
                            .put("message", auto.problem());
                    continue;
                }
                int position = 10_000;
                for (DocumentSigning.OwnedTag owned : auto.tags()) {
                    repository.insertTag(owned.recipientId(), document.id(), position++, owned.tag());
                }
                pdf = auto.pdf();
            }
            clean.put(document.id(), pdf);
        }
        List<Tag> tags = repository.tags(envelope.id());
        for (Tag tag : tags) {
            List<PageSize> sizes = pages.get(tag.documentId());
            String code = sizes == null ? null : tagProblem(tag, sizes);
            if (code != null) {
                errors.addObject()
                        .put("file_name", name(documents, tag.documentId()))
                        .put("code", code)
                        .put("tag_name", tag.name());
            }
        }
        Map<UUID, byte[]> prepared = new LinkedHashMap<>();
        if (errors.isEmpty()) {
            for (Document document : documents) {
                // Witnesses sign too (reference 4.3): each gets a signature field locking their own fields.
                List<Recipient> signers = java.util.stream.Stream.concat(
                                recipients.stream().filter(r -> r.type() == RecipientType.SIGNER),
                                repository.witnesses(envelope.id()).stream())
                        .filter(r -> !r.excludedFiles().contains(document.fileName()))
                        .toList();
                List<Tag> own = tags.stream()
                        .filter(t -> t.documentId().equals(document.id()))
                        .toList();
                try {
                    prepared.put(document.id(), signing.prepare(envelope, clean.get(document.id()), own, signers));
                } catch (FieldPlacementException e) {
                    errors.addObject()
                            .put("file_name", document.fileName())
                            .put("code", placementCode(e))
                            .put("tag_name", e.tagName())
                            .put("message", e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            pages.forEach((id, sizes) -> store.setPageCount(id, sizes.size()));
            repository.markErrored(envelope.id(), errors.toString());
            return false;
        }
        // One write per document: the prepared revision, its hash and its page count together.
        prepared.forEach((id, pdf) -> store.savePrepared(id, pdf, pages.get(id).size()));
        return true;
    }

    /** Tags that named a file the request did not carry, recorded at create (EnvelopeService.insert). */
    private ArrayNode uploadErrorsFromCreate(Envelope envelope) {
        if (envelope.errorsJson() == null) {
            return json.createArrayNode();
        }
        try {
            JsonNode recorded = json.readTree(envelope.errorsJson());
            return recorded.isArray() ? (ArrayNode) recorded : json.createArrayNode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("errors_json of envelope " + envelope.id() + " is not JSON", e);
        }
    }

    /** The document as one clean PDF revision, or null with the reason added to {@code errors}. */
    private byte[] readable(Document document, ArrayNode errors, Map<UUID, List<PageSize>> pages) {
        byte[] content = store.original(document.id()).orElseThrow();
        // The type the upload was judged to be at create, stored with it; not judged again.
        FileType type = FileType.ofMediaType(document.contentType());
        if (type == FileType.DOC || type == FileType.DOCX) {
            try {
                content = word.toPdf(content, type);
            } catch (WordConverter.ConversionFailed e) {
                errors.addObject().put("file_name", document.fileName()).put("code", "WORD_DOC_CONV_ERROR");
                return null;
            }
        }
        PdfIntake.Outcome outcome = intake.accept(content);
        if (outcome instanceof PdfIntake.Rejected rejected) {
            errors.addObject().put("file_name", document.fileName()).put("code", rejected.code());
            return null;
        }
        PdfIntake.Accepted accepted = (PdfIntake.Accepted) outcome;
        pages.put(document.id(), accepted.pages());
        return accepted.pdf();
    }

    private static String tagProblem(Tag tag, List<PageSize> sizes) {
        return TagGeometry.problem(tag.pageNumber(), tag.x(), tag.y(), sizes)
                .map(problem -> switch (problem) {
                    case NO_SUCH_PAGE -> "NO_PAGE_FOR_TAG_ERROR";
                    case OUTSIDE_PAGE -> "TAG_OFF_PAGE_ERROR";
                })
                .orElse(null);
    }

    private static String placementCode(FieldPlacementException e) {
        return switch (e.reason()) {
            case NO_SUCH_PAGE -> "NO_PAGE_FOR_TAG_ERROR";
            case OUTSIDE_PAGE -> "TAG_OFF_PAGE_ERROR";
            case DUPLICATE_NAME, BAD_SPEC -> "TAG_ERROR";
        };
    }

    private static String name(List<Document> documents, UUID documentId) {
        return documents.stream()
                .filter(d -> d.id().equals(documentId))
                .map(Document::fileName)
                .findFirst()
                .orElse(null);
    }
}
