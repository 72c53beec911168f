package dev.signet.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.account.Caller;
import dev.signet.account.Mode;
import dev.signet.envelope.Envelopes;
import dev.signet.tagging.TagGeometry;
import dev.signet.tagging.TagType;
import dev.signet.web.ApiException;
import dev.signet.web.RequestBodyLimit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Send (admins and senders): the page builds the {@code options} JSON of {@code POST /v2/envelopes}
 * from what the sender places and types, and posts it here with the files; this hands both to
 * {@link Envelopes#validate} and {@link Envelopes#create}, the API's own checks and insert, so a
 * refusal is the API's error body (shown by the page next to the field it names) and an envelope is
 * made whole or not at all. The user acts as their organisation in its current mode, with no key
 * ({@link Caller#withoutKey}).
 */
@Controller
class SendController {

    /** The files of one envelope (20 MB, checked by the envelope's rules) and the options, as the API takes them. */
    static final long BODY_BYTES = 25 * RequestBodyLimit.MB;

    private static final String PDF_JS = pdfJsBase();

    /** The page script's texts: portal.send.js.* of the portal's bundle. */
    private static final List<String> SCRIPT_TEXTS = List.of(
            "type.signature",
            "type.initials",
            "type.text_field",
            "type.checkbox_field",
            "type.radio_field",
            "type.date_signed_field",
            "type.attachment",
            "page",
            "pageStart",
            "placing",
            "placed",
            "moved",
            "resized",
            "fixedSize",
            "cancelled",
            "removed",
            "selected",
            "noRecipient",
            "recipient",
            "witnessOf",
            "unnamed",
            "field",
            "fieldAt",
            "noFields",
            "loading",
            "pageCount",
            "optional",
            "converting",
            "loadFailed",
            "sending",
            "sent",
            "expired",
            "failed",
            "errorsIntro",
            "showField",
            "previewOf",
            "previewNone",
            "previewDate",
            "previewSign",
            "previewInitials",
            "previewAttach",
            "moveUp",
            "moveDown",
            "remove",
            "removeDocument",
            "group",
            "movedTo");

    private final Envelopes envelopes;
    private final AccountService accounts;
    private final SignetProperties properties;
    private final MessageSource messages;
    private final ObjectMapper json;

    SendController(
            Envelopes envelopes,
            AccountService accounts,
            SignetProperties properties,
            MessageSource messages,
            ObjectMapper json) {
        this.envelopes = envelopes;
        this.accounts = accounts;
        this.properties = properties;
        this.messages = messages;
        this.json = json;
    }

    @GetMapping("/portal/send")
    String page(@AuthenticationPrincipal PortalUser user, Locale locale, Model model) {
        Caller caller = caller(user);
        Pages.shell(user, "send", model, accounts);
        Envelopes.Honoured honoured = envelopes.honoured(caller);
        model.addAttribute("mode", caller.mode().dbValue());
        model.addAttribute("idv", honoured.idv());
        model.addAttribute("idvConfigurations", honoured.idvConfigurations());
        model.addAttribute("yotiAuth", honoured.yotiAuth());
        model.addAttribute(
                "tagTypes",
                List.of(TagType.values()).stream().map(TagType::wireName).toList());
        model.addAttribute("pdfjs", PDF_JS);
        model.addAttribute("scriptData", dataBlock(scriptData(honoured, locale)));
        return "portal/send";
    }

    /** The files (parts {@code file}) and the {@code options} part, as {@code POST /v2/envelopes} takes them. */
    @PostMapping(path = "/portal/send", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, String>> send(
            @AuthenticationPrincipal PortalUser user, MultipartHttpServletRequest request) throws IOException {
        Caller caller = caller(user);
        List<Envelopes.Upload> files = new ArrayList<>();
        for (MultipartFile part : request.getFiles("file")) {
            files.add(new Envelopes.Upload(part.getOriginalFilename(), part.getBytes()));
        }
        String options = request.getParameter("options");
        Envelopes.Request validated = envelopes.validate(caller, files, options);
        UUID id = envelopes.create(caller, validated);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("envelope_id", id.toString()));
    }

    /** One document as a PDF to place fields on: a Word document converted as preparation converts it. */
    @PostMapping(path = "/portal/send/preview", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<byte[]> preview(@AuthenticationPrincipal PortalUser user, MultipartHttpServletRequest request)
            throws IOException {
        caller(user);
        List<MultipartFile> parts = request.getFiles("file");
        if (parts.size() != 1) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The request takes one part, 'file'");
        }
        MultipartFile part = parts.get(0);
        byte[] pdf = envelopes.previewPdf(new Envelopes.Upload(part.getOriginalFilename(), part.getBytes()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(pdf);
    }

    /**
     * The chain lets only admins and senders reach these paths; a change of role since the request
     * began is checked here again. The organisation's current mode: sandbox in embedded mode, else live.
     */
    private Caller caller(PortalUser user) {
        if (user == null || !user.role().maySend()) {
            // The API's error body, not the portal's 403 page (PortalErrors): the page script reads the JSON.
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "Only an admin or a sender sends");
        }
        return Caller.withoutKey(user.organisationId(), properties.embedded() ? Mode.SANDBOX : Mode.LIVE);
    }

    /** What the page script needs: the field sizes of design/api.md, what is honoured, and its texts. */
    private Map<String, Object> scriptData(Envelopes.Honoured honoured, Locale locale) {
        Map<String, Object> sizes = new LinkedHashMap<>();
        for (TagType type : TagType.values()) {
            sizes.put(type.wireName(), List.of(type.widthPt(), type.heightPt()));
        }
        Map<String, String> texts = new LinkedHashMap<>();
        SCRIPT_TEXTS.forEach(key -> texts.put(key, messages.getMessage("portal.send.js." + key, null, locale)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sizes", sizes);
        data.put("textWidth", TagGeometry.DEFAULT_TEXT_WIDTH);
        data.put("minTextWidth", TagGeometry.MIN_TEXT_WIDTH);
        data.put("idv", honoured.idv());
        data.put("texts", texts);
        return data;
    }

    private String dataBlock(Object data) {
        try {
            // Inside a <script> data block: "<" must not be able to close it.
            return json.writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where pdf.js is served: /webjars/pdfjs-dist/{version}/build/, the version read from the WebJar. */
    private static String pdfJsBase() {
        try (InputStream in =
                SendController.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/pdfjs-dist/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The pdf.js WebJar is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
            return "/webjars/pdfjs-dist/" + p.getProperty("version") + "/build/";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
