package dev.signet.notification;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Embedded mode only: the outbox is the mailbox, readable at {@code /outbox}. It shows every
 * organisation's mail, so it exists only where Signet runs on a developer's own machine.
 *
 * <p>An HTML body is shown as a mail client would, in a frame of its own
 * ({@code /outbox/{id}/html}): sandboxed twice, by the frame's {@code sandbox} attribute and by the
 * body's own {@code Content-Security-Policy: sandbox}, so no script in a body ever runs and the body
 * is a document of no origin that can read nothing of Signet's. Its links open in a new tab, out of
 * the sandbox, so a signing link works as it would from a real inbox.
 */
@Controller
@ConditionalOnProperty(name = "signet.embedded", havingValue = "true")
class LocalMailboxController {

    /** The outer page: its own inline style sheet, mail bodies framed from this server, nothing else. */
    static final String MAILBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /**
     * A mail body: inline styles and inline images as mail has them, nothing fetched, no script, no
     * form; only the mailbox may frame it, and popups (its links) leave the sandbox.
     */
    static final String BODY_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "form-action 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"']+");
    private static final Pattern HEAD = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);

    private final Outbox outbox;

    LocalMailboxController(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A piece of a text body: its words, or a link to make clickable. */
    record Piece(String text, boolean link) {}

    /** A message as the page shows it: the text body cut into words and links. */
    record Shown(Outbox.StoredMessage message, List<Piece> text) {}

    @GetMapping("/outbox")
    String mailbox(Model model, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", MAILBOX_CSP);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute(
                "messages",
                outbox.all(200).stream()
                        .map(m -> new Shown(m, pieces(m.text())))
                        .toList());
        return "outbox";
    }

    /** One message's HTML body, to be framed by the mailbox page; never rendered as Signet's own page. */
    @GetMapping("/outbox/{id}/html")
    ResponseEntity<String> html(@PathVariable UUID id) {
        return outbox.find(id)
                .filter(m -> m.html() != null)
                .map(m -> ResponseEntity.ok()
                        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                        .header("Content-Security-Policy", BODY_CSP)
                        .header("X-Frame-Options", "SAMEORIGIN")
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("Referrer-Policy", "no-referrer")
                        .body(linksInNewTab(m.html())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }

    /**
     * A link followed inside the frame would open the signing page in it, which refuses to be
     * framed: a base target sends every link to a new tab instead, as a mail client does.
     */
    static String linksInNewTab(String html) {
        String base = "<base target=\"_blank\">";
        Matcher head = HEAD.matcher(html);
        return head.find() ? html.substring(0, head.end()) + base + html.substring(head.end()) : base + html;
    }

    /** The text cut at every http(s) address, so the page can make each one a link. */
    static List<Piece> pieces(String text) {
        List<Piece> pieces = new ArrayList<>();
        if (text == null) {
            return pieces;
        }
        Matcher m = LINK.matcher(text);
        int at = 0;
        while (m.find()) {
            String link = trimmed(m.group());
            if (m.start() > at) {
                pieces.add(new Piece(text.substring(at, m.start()), false));
            }
            pieces.add(new Piece(link, true));
            at = m.start() + link.length();
        }
        if (at < text.length()) {
            pieces.add(new Piece(text.substring(at), false));
        }
        return pieces;
    }

    /** A sentence's full stop or closing bracket after an address is not part of it. */
    private static String trimmed(String link) {
        String t = link;
        while (!t.isEmpty() && ".,;:!?)]".indexOf(t.charAt(t.length() - 1)) >= 0) {
            t = t.substring(0, t.length() - 1);
        }
        return t.toLowerCase(Locale.ROOT).matches("https?://") ? link : t;
    }
}
