package dev.signet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The envelope every phase sends: a one-page PDF, two signers in sign group 1, one signature tag
 * each, so both are invited as soon as it is ACTIVE. Built once, posted many times.
 */
final class BenchEnvelope {

    static final int SIGNERS = 2;
    private static final Pattern ENVELOPE_ID = Pattern.compile("\"envelope_id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final Settings settings;
    private final byte[] body;

    BenchEnvelope(Settings settings) {
        this.settings = settings;
        this.body = new Multipart()
                .part("file", "contract.pdf", "application/pdf", onePagePdf())
                .part("options", null, "application/json", options().getBytes(StandardCharsets.UTF_8))
                .bytes();
    }

    HttpRequest post() {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/v2/envelopes"))
                .header("Authorization", "Bearer " + Settings.API_KEY)
                .header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** The id in a 202 answer to {@link #post()}. */
    static UUID envelopeId(Load.Call call) {
        Matcher m = ENVELOPE_ID.matcher(call.body());
        if (!m.find()) {
            throw new IllegalStateException("No envelope_id in " + call.body());
        }
        return UUID.fromString(m.group(1));
    }

    private static String options() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("name", "Bench envelope");
        ArrayNode recipients = root.putArray("recipients");
        String[][] signers = {{"Alice Bench", "alice@bench.example"}, {"Bob Bench", "bob@bench.example"}};
        for (int i = 0; i < signers.length; i++) {
            ObjectNode r = recipients
                    .addObject()
                    .put("name", signers[i][0])
                    .put("email", signers[i][1])
                    .put("sign_group", 1);
            r.putArray("tags")
                    .addObject()
                    .put("type", "signature")
                    .put("file_name", "contract.pdf")
                    .put("page_number", 1)
                    .put("x", 0.1)
                    .put("y", 0.2 + 0.3 * i);
        }
        return root.toString();
    }

    private static byte[] onePagePdf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            new PdfCanvas(pdf.addNewPage(PageSize.A4))
                    .beginText()
                    .setFontAndSize(PdfFontFactory.createFont(StandardFonts.HELVETICA), 14)
                    .moveText(72, 760)
                    .showText("Signet benchmark agreement")
                    .endText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
