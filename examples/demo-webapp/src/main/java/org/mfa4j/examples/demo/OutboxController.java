package org.mfa4j.examples.demo;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The developer outbox page: the e-mails and SMS the demo sent, codes included, as the recipients' inboxes
 * would show them. Open to anyone who can reach the demo (a tool for trying it on one machine, like a local
 * mail catcher); an application has no such page.
 */
@Controller
public class OutboxController {

    private final Outbox outbox;

    public OutboxController(Outbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/dev/outbox")
    String outbox(Model model) {
        model.addAttribute("emails", outbox.emails());
        model.addAttribute("texts", outbox.texts());
        return "outbox";
    }
}
