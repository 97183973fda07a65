package org.mfa4j.examples.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.mfa4j.Change;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaState;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.spring.MfaWeb;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The MFA step after the password, and every factor's setup. Reachable with the password alone; mfa4j
 * decides what the user may do here (a first factor without proof, any further one only with a recent one).
 */
@Controller
public class MfaController {

    static final String TOTP = "totp";
    static final String RECOVERY = "recovery";

    private final MfaWeb web;

    public MfaController(MfaWeb web) {
        this.web = web;
    }

    /** Where Spring's missing-factor entry point sends a user: set up, verify, or go on. */
    @GetMapping("/mfa")
    String next(HttpServletRequest request, HttpServletResponse response) {
        MfaState state = web.state(request);
        return switch (state.status()) {
            case NOT_REQUIRED, SATISFIED -> Pages.continueTo(request, response, null);
            case SETUP_REQUIRED -> "redirect:/mfa/setup/" + state.recommended().orElse(state.allowed().get(0));
            case VERIFICATION_REQUIRED -> "redirect:/mfa/verify/" + state.defaultProvider().orElseThrow();
        };
    }

    @GetMapping("/mfa/verify/{provider}")
    String prompt(@PathVariable String provider, @RequestParam(required = false) String then,
                  @RequestParam(required = false) String reason, HttpServletRequest request, Model model) {
        Prompt prompt = web.prompt(request, provider);
        model.addAttribute("message", "stepup".equals(reason) ? "This action needs a recent confirmation." : null);
        return verifyPage(request, provider, then, prompt.instructions().orElse(null),
                prompt.status() == Status.ACCEPTED ? null : "This method cannot be used now ("
                        + prompt.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ").", model);
    }

    @PostMapping("/mfa/verify/{provider}")
    String verify(@PathVariable String provider, @RequestParam String code, @RequestParam(required = false) String then,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Result r = web.verify(request, response, provider, MfaInput.code(code));
        if (r.isAccepted()) {
            return Pages.continueTo(request, response, then);
        }
        return verifyPage(request, provider, then, null, Pages.explain(r), model);
    }

    private String verifyPage(HttpServletRequest request, String provider, String then, String instructions,
                              String error, Model model) {
        MfaState state = web.state(request);
        List<String> others = new ArrayList<>(state.alternatives());
        state.defaultProvider().ifPresent(d -> others.add(0, d));
        others.remove(provider);
        model.addAttribute("provider", provider);
        model.addAttribute("title", Pages.title(web.mfa(), provider));
        model.addAttribute("instructions", instructions);
        model.addAttribute("error", error);
        model.addAttribute("then", then);
        model.addAttribute("others", Pages.descriptors(web.mfa(), others));
        model.addAttribute("locked", state.locked());
        return "verify";
    }

    /** Starts a setup: a first factor needs no proof; any other needs a recent one, or mfa4j refuses. */
    @GetMapping("/mfa/setup/{provider}")
    String setup(@PathVariable String provider, HttpServletRequest request, Model model) {
        Change change;
        try {
            change = web.setup(request, provider);
        } catch (InvalidRequestException e) {
            return refused(model, provider, "This method cannot be added now: it is already set up, or not "
                    + "allowed for your account.");
        }
        return switch (change.status()) {
            case DONE -> setupPage(model, provider, change.view().orElse(View.empty()), null);
            case STEP_UP_REQUIRED -> refused(model, provider, "You cannot add a factor with only your password. "
                    + Pages.stepUpWords(change.stepUp()).orElseThrow());
            case LOCKED -> refused(model, provider, "You cannot add a factor while one is locked.");
            case UNCHANGED -> refused(model, provider, "Nothing to set up.");
            case THROTTLED -> refused(model, provider, "Too many codes were sent; try again later.");
            case NOT_DELIVERED -> refused(model, provider, "The code could not be sent; try again.");
        };
    }

    /** Activates the pending setup with a code from the new factor. */
    @PostMapping("/mfa/setup/{provider}")
    String activate(@PathVariable String provider, @RequestParam String code, HttpServletRequest request,
                    HttpServletResponse response, Model model) {
        Result r = web.activate(request, response, provider, MfaInput.code(code));
        if (!r.isAccepted()) {
            return setupPage(model, provider, View.empty(), Pages.explain(r));
        }
        if (provider.equals(TOTP) && web.state(request).allowed().contains(RECOVERY)
                && web.overview().provider(RECOVERY).map(p -> !p.active()).orElse(false)) {
            return "redirect:/mfa/setup/" + RECOVERY;
        }
        return Pages.continueTo(request, response, "/account?added=" + provider);
    }

    private String setupPage(Model model, String provider, View view, String error) {
        model.addAttribute("provider", provider);
        model.addAttribute("title", Pages.title(web.mfa(), provider));
        model.addAttribute("error", error);
        model.addAttribute("secret", view.get("secret").orElse(null));
        model.addAttribute("uri", view.get("uri").orElse(null));
        model.addAttribute("qr", view.binary("qr.png").map(b -> Base64.getEncoder().encodeToString(b)).orElse(null));
        model.addAttribute("codes", view.get("codes").map(c -> List.of(c.split("\n"))).orElse(List.of()));
        return "setup";
    }

    private String refused(Model model, String provider, String why) {
        model.addAttribute("provider", provider);
        model.addAttribute("title", Pages.title(web.mfa(), provider));
        model.addAttribute("why", why);
        return "refused";
    }
}
