package org.mfa4j.examples.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mfa4j.Change;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaState;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.spring.MfaFactors;
import org.mfa4j.spring.MfaWeb;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The MFA step after the password, and every factor's setup. Reachable with the password alone; mfa4j
 * decides what the user may do here (a first factor without proof, any further one only with a recent one).
 * A setup starts with a POST (the form carries the CSRF token): opening a setup page changes nothing, and
 * opening the verify page of a factor that sends its code sends nothing (see {@link SentCodes}).
 */
@Controller
public class MfaController {

    static final String TOTP = "totp";
    static final String RECOVERY = "recovery";
    static final String DUO = "duo";

    private final MfaWeb web;
    private final Clock clock;

    public MfaController(MfaWeb web, ObjectProvider<Clock> clock) {
        this.web = web;
        this.clock = clock.getIfAvailable(Clock::systemUTC); // mfa4j's clock, as the starter picks it
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

    /**
     * The answer page. For a code from an app, a security key or Duo, {@code Mfa.prompt} prepares what the
     * provider needs (WebAuthn options, the Duo redirect). A factor that sends its code is only shown here,
     * with the code sent before in this session if one is still valid: the code goes out on the POST of
     * {@link #send}, never on a GET.
     */
    @GetMapping("/mfa/verify/{provider}")
    String prompt(@PathVariable String provider, @RequestParam(required = false) String then,
                  @RequestParam(required = false) String reason, HttpServletRequest request, Model model) {
        if (!model.containsAttribute("message")) {
            model.addAttribute("message", "stepup".equals(reason) ? "This action needs a recent confirmation." : null);
        }
        Prompt prompt = SentCodes.promptOnOpen(provider) ? web.prompt(request, provider) : null;
        return verifyPage(request, provider, then, prompt, null, model);
    }

    /** Sends a code (e-mail, SMS), or keeps the one sent within the resend cooldown; then shows the page. */
    @PostMapping("/mfa/verify/{provider}/send")
    String send(@PathVariable String provider, @RequestParam(required = false) String then,
                HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Instant before = SentCodes.pending(request, provider, clock.instant()).map(s -> s.expiresAt()).orElse(null);
        Prompt prompt = web.prompt(request, provider);
        SentCodes.remember(request, provider, prompt);
        if (prompt.status() != Status.ACCEPTED) {
            return verifyPage(request, provider, then, prompt, null, model);
        }
        if (prompt.expiresAt().isPresent() && prompt.expiresAt().get().equals(before)) {
            redirect.addFlashAttribute("message", "The code sent before is still valid: a new one can be sent from "
                    + prompt.view().get("resendAt").orElse("a minute after the last") + ".");
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/mfa/verify/{p}").queryParamIfPresent("then",
                Optional.ofNullable(then)).buildAndExpand(provider).encode().toUriString();
    }

    @PostMapping("/mfa/verify/{provider}")
    String verify(@PathVariable String provider, @RequestParam(required = false) String code,
                  @RequestParam(required = false) String credential, @RequestParam(required = false) String then,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Result r = web.verify(request, response, provider, Pages.answer(code, credential));
        SentCodes.after(request, provider, r);
        if (r.isAccepted()) {
            return Pages.continueTo(request, response, then);
        }
        // A security key's request is used up by any answer: the page needs a new one.
        Prompt again = provider.equals(MfaFactors.WEBAUTHN_PROVIDER) ? web.prompt(request, provider) : null;
        return verifyPage(request, provider, then, again, Pages.explain(r), model);
    }

    /**
     * Duo's redirect back ({@code mfa4j.duo.redirect-uri} points here): the setup's round trip while Duo is
     * not active yet, a sign-in afterwards. Duo's {@code state} binds it to this session's flow.
     */
    @GetMapping("/mfa/duo")
    String duo(HttpServletRequest request, HttpServletResponse response, Model model) {
        var input = Pages.input(request, "state", "duo_code", "error");
        boolean active = web.overview().provider(DUO).map(p -> p.active()).orElse(false);
        Result r = active ? web.verify(request, response, DUO, input) : web.activate(request, response, DUO, input);
        if (r.isAccepted()) {
            return Pages.continueTo(request, response, active ? null : "/account?added=" + DUO);
        }
        return active ? verifyPage(request, DUO, null, null, Pages.explain(r), model)
                : startPage(request, model, DUO, Pages.explain(r));
    }

    private String verifyPage(HttpServletRequest request, String provider, String then, Prompt prompt,
                              String error, Model model) {
        MfaState state = web.state(request);
        List<String> others = new ArrayList<>(state.alternatives());
        state.defaultProvider().ifPresent(d -> others.add(0, d));
        others.remove(provider);
        View view = prompt == null ? View.empty() : prompt.view();
        if (error == null && prompt != null && prompt.status() != Status.ACCEPTED) {
            error = "This method cannot be used now (" + Pages.words(prompt.status().name()) + ").";
        }
        model.addAttribute("provider", provider);
        model.addAttribute("title", Pages.title(web.mfa(), provider));
        model.addAttribute("instructions", prompt == null ? null : prompt.instructions().orElse(null));
        model.addAttribute("requestOptions", view.get("requestOptions").orElse(null));
        model.addAttribute("redirect", view.get("url").orElse(null));
        model.addAttribute("error", error);
        model.addAttribute("then", then);
        model.addAttribute("others", Pages.descriptors(web.mfa(), others));
        model.addAttribute("locked", state.locked());
        model.addAttribute("sends", !SentCodes.promptOnOpen(provider));
        Instant now = clock.instant();
        Optional<SentCodes.Sent> sent = SentCodes.pending(request, provider, now);
        model.addAttribute("sentTo", sent.map(s -> s.sentTo()).orElse(null));
        model.addAttribute("minutesLeft", sent.map(s -> s.minutesLeft(now)).orElse(0L));
        return "verify";
    }

    /** The setup's first page: what the method needs, and a form that starts it. Changes nothing. */
    @GetMapping("/mfa/setup/{provider}")
    String start(@PathVariable String provider, HttpServletRequest request, Model model) {
        return startPage(request, model, provider, null);
    }

    /**
     * Starts a setup with what the user entered (an address, a number, a key's label): a first factor needs no
     * proof; any other needs a recent one, or mfa4j refuses. E-mail and SMS send their code now.
     */
    @PostMapping("/mfa/setup/{provider}/start")
    String setup(@PathVariable String provider, HttpServletRequest request, Model model) {
        Change change;
        try {
            change = web.setup(request, provider, Pages.input(request, "email", "phone", "label"));
        } catch (InvalidRequestException | IllegalArgumentException e) {
            return startPage(request, model, provider, "This cannot be set up now: check what you entered, or the "
                    + "method is already set up or not allowed for your account.");
        }
        return switch (change.status()) {
            case DONE -> setupPage(model, provider, change.view().orElse(View.empty()), null);
            case STEP_UP_REQUIRED -> refused(model, provider, "You cannot add a factor with only your password. "
                    + Pages.stepUpWords(change.stepUp()).orElseThrow());
            case LOCKED -> refused(model, provider, "You cannot add a factor while one is locked.");
            case UNCHANGED -> refused(model, provider, "Nothing to set up.");
            case THROTTLED -> startPage(request, model, provider, "Too many codes were sent; try again later.");
            case NOT_DELIVERED -> startPage(request, model, provider, "The code could not be sent; try again.");
        };
    }

    /** Activates the pending setup with a code from the new factor, or a security key's answer. */
    @PostMapping("/mfa/setup/{provider}")
    String activate(@PathVariable String provider, @RequestParam(required = false) String code,
                    @RequestParam(required = false) String credential, HttpServletRequest request,
                    HttpServletResponse response, Model model) {
        Result r = web.activate(request, response, provider, Pages.answer(code, credential));
        if (!r.isAccepted()) {
            return r.status() == Status.REJECTED && !provider.equals(MfaFactors.WEBAUTHN_PROVIDER)
                    ? setupPage(model, provider, View.empty(), Pages.explain(r))
                    : startPage(request, model, provider, Pages.explain(r));
        }
        if (provider.equals(TOTP) && web.state(request).allowed().contains(RECOVERY)
                && web.overview().provider(RECOVERY).map(p -> !p.active()).orElse(false)) {
            return "redirect:/mfa/setup/" + RECOVERY;
        }
        return Pages.continueTo(request, response, "/account?added=" + provider);
    }

    private String startPage(HttpServletRequest request, Model model, String provider, String error) {
        MfaState state = web.state(request);
        List<String> others = new ArrayList<>(state.allowed());
        others.remove(provider);
        List<String> active = web.overview().providers().stream().filter(p -> p.active()).map(p -> p.providerId())
                .toList();
        others.removeAll(active);
        if (active.isEmpty()) { // e-mail and recovery codes come only beside another factor
            web.mfa().providers().stream().filter(d -> d.requiresOtherActive()).forEach(d -> others.remove(d.id()));
        }
        model.addAttribute("provider", provider);
        model.addAttribute("title", Pages.title(web.mfa(), provider));
        model.addAttribute("instructions", Pages.descriptors(web.mfa(), List.of(provider)).stream()
                .map(d -> d.setupInstructions()).findFirst().orElse(""));
        model.addAttribute("email", web.user().email().orElse(""));
        model.addAttribute("error", error);
        model.addAttribute("others", Pages.descriptors(web.mfa(), others));
        return "start";
    }

    private String setupPage(Model model, String provider, View view, String error) {
        model.addAttribute("provider", provider);
        model.addAttribute("title", Pages.title(web.mfa(), provider));
        model.addAttribute("error", error);
        model.addAttribute("secret", view.get("secret").orElse(null));
        model.addAttribute("qr", view.binary("qr.png").map(b -> java.util.Base64.getEncoder().encodeToString(b))
                .orElse(null));
        model.addAttribute("codes", view.get("codes").map(c -> List.of(c.split("\n"))).orElse(List.of()));
        model.addAttribute("sentTo", view.get("sentTo").orElse(null));
        model.addAttribute("creationOptions", view.get("creationOptions").orElse(null));
        model.addAttribute("redirect", view.get("url").orElse(null));
        return "setup";
    }

    private String refused(Model model, String provider, String why) {
        model.addAttribute("provider", provider);
        model.addAttribute("title", Pages.title(web.mfa(), provider));
        model.addAttribute("why", why);
        return "refused";
    }
}
