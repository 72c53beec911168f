package dev.signet.notification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Embedded mode only: the outbox is the mailbox, readable at {@code /outbox}. It shows every
 * organisation's mail, so it exists only where Signet runs on a developer's own machine.
 */
@Controller
@ConditionalOnProperty(name = "signet.embedded", havingValue = "true")
class LocalMailboxController {

    private final Outbox outbox;

    LocalMailboxController(Outbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/outbox")
    String mailbox(Model model) {
        model.addAttribute("messages", outbox.all(200));
        return "outbox";
    }
}
