package org.mfa4j.examples.demo;

import java.util.List;
import org.mfa4j.Mfa;
import org.mfa4j.UserOverview;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrator's page (role ADMIN, after the administrator's own MFA): the registered providers, each
 * seeded user's factors, and reset, unlock and delete through {@code Mfa.admin()}.
 */
@Controller
public class AdminController {

    private final Mfa mfa;

    public AdminController(Mfa mfa) {
        this.mfa = mfa;
    }

    @GetMapping("/admin")
    String overview(Model model) {
        List<UserOverview> users = DemoUsers.NAMES.stream().map(n -> mfa.admin().overview(n)).toList();
        model.addAttribute("providers", mfa.admin().providers());
        model.addAttribute("users", users);
        return "admin";
    }

    @PostMapping("/admin/reset")
    String reset(@RequestParam String user, @RequestParam String provider, RedirectAttributes redirect) {
        List<String> removed = mfa.admin().reset(known(user), provider);
        redirect.addFlashAttribute("message", removed.isEmpty() ? "Nothing to reset for " + user + "."
                : "Reset for " + user + ": " + String.join(", ", removed) + ".");
        return "redirect:/admin";
    }

    @PostMapping("/admin/unlock")
    String unlock(@RequestParam String user, @RequestParam String provider, RedirectAttributes redirect) {
        boolean done = mfa.admin().unlock(known(user), provider);
        redirect.addFlashAttribute("message", done ? "Unlocked " + provider + " for " + user + "."
                : "Not locked: " + provider + " of " + user + ".");
        return "redirect:/admin";
    }

    @PostMapping("/admin/delete")
    String delete(@RequestParam String user, RedirectAttributes redirect) {
        boolean done = mfa.admin().delete(known(user));
        redirect.addFlashAttribute("message", done ? "Deleted every MFA setting of " + user + "."
                : "No MFA settings for " + user + ".");
        return "redirect:/admin";
    }

    private static String known(String user) {
        if (!DemoUsers.NAMES.contains(user)) {
            throw new org.mfa4j.InvalidRequestException("unknown user");
        }
        return user;
    }
}
