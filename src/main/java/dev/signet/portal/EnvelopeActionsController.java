package dev.signet.portal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.account.Caller;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.signing.LinkExtensions;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The sender's actions on the envelope page, each through the service the API's endpoint uses (the
 * same rules, refusals and events): remind, edit a recipient, extend the links, archive, delete,
 * download the completion pack and send it again. A viewer may download, never act:
 * {@link PortalSecurity} refuses their POSTs and each action checks the role again. The caller is
 * the user's organisation in the envelope's own mode; another organisation's envelope is not found.
 */
@Controller
class EnvelopeActionsController {

    private final TrackController track;
    private final Envelopes envelopes;
    private final LinkExtensions links;
    private final MessageSource messages;

    EnvelopeActionsController(
            TrackController track, Envelopes envelopes, LinkExtensions links, MessageSource messages) {
        this.track = track;
        this.envelopes = envelopes;
        this.links = links;
        this.messages = messages;
    }

    @PostMapping("/portal/envelopes/{id}/recipients/{recipientId}/remind")
    String remind(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable String id,
            @PathVariable UUID recipientId,
            Locale locale,
            RedirectAttributes redirect) {
        return act(
                user,
                id,
                locale,
                redirect,
                "portal.track.reminded",
                (caller, envelope) -> envelopes.remind(caller, envelope.id(), recipientId));
    }

    @PostMapping("/portal/envelopes/{id}/recipients/{recipientId}")
    String edit(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable String id,
            @PathVariable UUID recipientId,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String email,
            Locale locale,
            RedirectAttributes redirect) {
        return act(
                user,
                id,
                locale,
                redirect,
                "portal.track.edited",
                (caller, envelope) -> envelopes.editRecipient(
                        caller, envelope.id(), recipientId, changes(envelope, recipientId, name, email)));
    }

    @PostMapping("/portal/envelopes/{id}/extend")
    String extend(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable String id,
            Locale locale,
            RedirectAttributes redirect) {
        return act(
                user,
                id,
                locale,
                redirect,
                "portal.track.extended",
                (caller, envelope) -> links.extend(caller, envelope.id(), null));
    }

    @PostMapping("/portal/envelopes/{id}/archive")
    String archive(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String confirm,
            Locale locale,
            RedirectAttributes redirect) {
        if (!"yes".equals(confirm)) {
            return confirmFirst(acting(user, id), locale, redirect);
        }
        return act(
                user,
                id,
                locale,
                redirect,
                "portal.track.archived",
                (caller, envelope) -> envelopes.archive(caller, envelope.id()));
    }

    @PostMapping("/portal/envelopes/{id}/delete")
    String delete(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String confirm,
            Locale locale,
            RedirectAttributes redirect) {
        Envelope envelope = acting(user, id);
        if (!"yes".equals(confirm)) {
            return confirmFirst(envelope, locale, redirect);
        }
        boolean deleted = did(
                user,
                envelope,
                locale,
                redirect,
                "portal.track.deleted",
                (caller, e) -> envelopes.delete(caller, e.id()));
        // A deleted envelope has no page to go back to.
        return deleted ? "redirect:/portal/envelopes?mode=" + envelope.mode().dbValue() : back(envelope);
    }

    @PostMapping("/portal/envelopes/{id}/recipients/{recipientId}/resend-pack")
    String resendPack(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable String id,
            @PathVariable UUID recipientId,
            Locale locale,
            RedirectAttributes redirect) {
        return act(
                user,
                id,
                locale,
                redirect,
                "portal.track.resent",
                (caller, envelope) -> envelopes.resendCompletionPack(caller, envelope.id(), recipientId));
    }

    /** The completion pack, as GET /v2/envelopes/{id}/completed-documents gives it; readers may have it too. */
    @GetMapping("/portal/envelopes/{id}/completed-documents")
    ResponseEntity<byte[]> pack(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        Envelope envelope = track.visible(user, id);
        byte[] zip = envelopes.completedDocuments(caller(user, envelope), envelope.id());
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"envelope-" + envelope.id() + ".zip\"")
                .body(zip);
    }

    /** The envelope of the user's organisation, when their role may act on it (the chain said so first). */
    private Envelope acting(PortalUser user, String id) {
        if (user == null || !user.role().maySend()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "Your role may read envelopes, not act on them");
        }
        return track.visible(user, id);
    }

    private static Caller caller(PortalUser user, Envelope envelope) {
        return new Caller(user.organisationId(), envelope.mode(), null);
    }

    /** One action on the envelope, as the caller the API's services expect. */
    private interface Action {
        void run(Caller caller, Envelope envelope);
    }

    /** Does the action on the envelope the user may act on, then shows the envelope's page again. */
    private String act(
            PortalUser user, String id, Locale locale, RedirectAttributes redirect, String notice, Action action) {
        Envelope envelope = acting(user, id);
        did(user, envelope, locale, redirect, notice, action);
        return back(envelope);
    }

    /**
     * Does the action as the user's organisation in the envelope's mode and says so on the next page:
     * the notice when it was done, the API's refusal otherwise. True when it was done.
     */
    private boolean did(
            PortalUser user,
            Envelope envelope,
            Locale locale,
            RedirectAttributes redirect,
            String notice,
            Action action) {
        try {
            action.run(caller(user, envelope), envelope);
        } catch (ApiException refused) {
            redirect.addFlashAttribute("trackError", refusal(refused, locale));
            return false;
        }
        redirect.addFlashAttribute("trackNotice", text(notice, locale));
        return true;
    }

    private String confirmFirst(Envelope envelope, Locale locale, RedirectAttributes redirect) {
        redirect.addFlashAttribute("trackError", text("portal.track.confirmFirst", locale));
        return back(envelope);
    }

    /** Only what changed goes into the edit, as a PATCH body would carry it; the API's rules check it. */
    private ObjectNode changes(Envelope envelope, UUID recipientId, String name, String email) {
        Optional<Recipient> recipient =
                envelopes.recipient(recipientId).filter(r -> r.envelopeId().equals(envelope.id()));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (recipient.isPresent()
                && !name.isBlank()
                && !name.strip().equals(recipient.get().name())) {
            body.put("name", name.strip());
        }
        if (recipient.isPresent()
                && !email.isBlank()
                && !email.strip().equalsIgnoreCase(recipient.get().email())) {
            body.put("email", email.strip());
        }
        return body;
    }

    private static String back(Envelope envelope) {
        return "redirect:/portal/envelopes/" + envelope.id();
    }

    /**
     * The API's refusal in the page's language where the portal knows its code, else a general
     * sentence; the fields a validation named follow, in the API's words.
     */
    private String refusal(ApiException refused, Locale locale) {
        String known = messages.getMessage("portal.track.refused." + refused.code(), null, null, locale);
        String sentence = known != null ? known : text("portal.track.refused", locale);
        List<FieldError> fields = refused.errors();
        if (fields == null || fields.isEmpty()) {
            return sentence;
        }
        return sentence + " "
                + fields.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
