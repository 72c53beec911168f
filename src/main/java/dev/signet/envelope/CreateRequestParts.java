package dev.signet.envelope;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/**
 * The parts of a create request as the API description shows them; the controller reads the
 * multipart request itself (an {@code options} part may come as a field or as a file).
 */
@Schema(
        name = "CreateEnvelopeRequest",
        requiredProperties = {"file", "options"})
record CreateRequestParts(
        @Schema(description = "The documents, one part per file (PDF or DOCX), named as the tags' file_name name them")
        List<MultipartFile> file,

        @Schema(description = "The envelope's options, a JSON document (Content-Type: application/json)")
        CreateOptions options) {}
