package org.mfa4j.cli;

import static org.mfa4j.cli.AdminCommands.time;

import java.io.PrintWriter;
import java.util.Locale;
import org.mfa4j.AuthenticatorHistoryEntry;
import org.mfa4j.EnrolmentDeadline;
import org.mfa4j.OutstandingBreakGlass;
import org.mfa4j.RememberedDevice;
import org.mfa4j.UserOverview;

/**
 * The lines of {@code status} after the providers: the authenticator history, remembered devices, the
 * outstanding break-glass code and the enrolment deadline. What a user or administrator typed (labels, the
 * administrator's name) is {@link Shown made safe}; a label is the rest of its line, so spaces in it do not
 * break the {@code key=value} pairs before it.
 */
final class StatusLines {

    private StatusLines() {
    }

    static void print(PrintWriter out, UserOverview o) {
        for (AuthenticatorHistoryEntry h : o.history()) {
            out.println("history " + Shown.of(h.providerId()) + " credential="
                    + h.credentialId().map(Shown::of).orElse("-") + " added=" + h.added() + " last-used="
                    + time(h.lastUsed()) + " removed=" + time(h.removed())
                    + " removed-by=" + h.removedBy().map(b -> b.name().toLowerCase(Locale.ROOT)).orElse("-")
                    + " label=" + Shown.of(h.label()));
        }
        for (RememberedDevice d : o.devices()) {
            out.println("device " + d.id() + " created=" + d.created() + " last-seen=" + time(d.lastSeen())
                    + " expires=" + d.expiresAt() + " label=" + Shown.of(d.label()));
        }
        o.breakGlass().ifPresent((OutstandingBreakGlass b) -> out.println("break-glass " + b.id() + " issued-by="
                + Shown.of(b.issuedBy()) + " issued=" + b.issuedAt() + " expires=" + b.expiresAt()));
        o.enrolmentDeadline().ifPresent((EnrolmentDeadline d) -> out.println("enrolment required-from="
                + time(d.requiredFrom()) + " skips-left=" + d.skipsLeft().map(String::valueOf).orElse("-")
                + " set=" + d.setAt()));
    }
}
