package org.mfa4j.examples.demo;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.mfa4j.Change;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaState;
import org.mfa4j.ProofStatus;
import org.mfa4j.spring.MfaWeb;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The home page, the login page, and account security: the user's factors, adding and removing one,
 * regenerating recovery codes, and the protected action (change e-mail) that needs a recent MFA.
 */
@Controller
public class AccountController {

    /** The protected action's name; its grace period is {@code mfa4j.protected-actions.change-email}. */
    static final String CHANGE_EMAIL = "change-email";

    private final MfaWeb web;
    private final DemoUsers users;

    public AccountController(MfaWeb web, DemoUsers users) {
        this.web = web;
        this.users = users;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("name", web.user().id());
        model.addAttribute("admin", web.user().isAdministrator());
        return "home";
    }

    @GetMapping("/account")
    String account(HttpServletRequest request, Model model) {
        MfaState state = web.state(request);
        model.addAttribute("name", web.user().id());
        model.addAttribute("email", users.email(web.user().id()).orElse(""));
        model.addAttribute("factors", web.overview().providers());
        model.addAttribute("allowed", state.allowed());
        model.addAttribute("several", web.mfa().providers().stream().filter(d -> d.multipleCredentials())
                .map(d -> d.id()).toList());
        return "account";
    }

    @PostMapping("/account/email")
    String changeEmail(@RequestParam String email, HttpServletRequest request, RedirectAttributes redirect) {
        ProofStatus proof = web.checkProof(request, CHANGE_EMAIL);
        if (proof != ProofStatus.VALID) {
            return "redirect:/mfa/verify/" + web.state(request).defaultProvider().orElse(MfaController.TOTP)
                    + "?reason=stepup&then=/account";
        }
        try {
            users.changeEmail(web.user().id(), email);
            redirect.addFlashAttribute("message", "Your e-mail address was changed.");
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", "That does not look like an e-mail address.");
        }
        return "redirect:/account";
    }

    @PostMapping("/account/remove/{provider}")
    String remove(@PathVariable String provider, HttpServletRequest request, RedirectAttributes redirect) {
        Change change = web.deactivate(request, provider);
        return afterChange(change, request, redirect, "Removed: " + String.join(", ", change.removed()) + ".");
    }

    /** Renames one security key, address or number; a step-up operation, as every change of a factor. */
    @PostMapping("/account/rename/{provider}/{credential}")
    String rename(@PathVariable String provider, @PathVariable String credential, @RequestParam String label,
                  HttpServletRequest request, RedirectAttributes redirect) {
        Change change;
        try {
            change = web.renameCredential(request, provider, credential, label);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", "That name cannot be used: 1 to 64 characters, no line breaks.");
            return "redirect:/account";
        }
        return afterChange(change, request, redirect, "Renamed.");
    }

    /** Removes one security key, address or number and leaves the others; the last one removes the method. */
    @PostMapping("/account/remove/{provider}/{credential}")
    String removeOne(@PathVariable String provider, @PathVariable String credential, HttpServletRequest request,
                     RedirectAttributes redirect) {
        Change change = web.removeCredential(request, provider, credential);
        return afterChange(change, request, redirect, change.removed().isEmpty() ? "Removed."
                : "Removed the last one: " + String.join(", ", change.removed()) + " is no longer set up.");
    }

    @PostMapping("/account/regenerate/{provider}")
    String regenerate(@PathVariable String provider, HttpServletRequest request, Model model,
                      RedirectAttributes redirect) {
        Change change = web.update(request, provider, MfaInput.empty());
        if (change.isDone()) {
            model.addAttribute("codes", change.view().flatMap(v -> v.get("codes"))
                    .map(c -> List.of(c.split("\n"))).orElse(List.of()));
            return "codes";
        }
        return afterChange(change, request, redirect, "");
    }

    private String afterChange(Change change, HttpServletRequest request, RedirectAttributes redirect, String done) {
        switch (change.status()) {
            case DONE -> redirect.addFlashAttribute("message", done);
            case UNCHANGED -> redirect.addFlashAttribute("message", "Nothing changed.");
            case LOCKED -> redirect.addFlashAttribute("error", "Not while a factor is locked.");
            case STEP_UP_REQUIRED -> {
                return "redirect:/mfa/verify/" + web.state(request).defaultProvider().orElse(MfaController.TOTP)
                        + "?reason=stepup&then=/account";
            }
        }
        return "redirect:/account";
    }
}
