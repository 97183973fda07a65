package org.mfa4j.testproviders.broken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Setup;

/**
 * A list of one-time codes shown once at setup, one per line, as recovery codes are; any of them activates
 * the list and stays usable, each signs in once. Built with one {@link Flaw}, each the kind of mistake the
 * contract kit must catch; with {@link Flaw#NONE} it is correct and passes the whole kit. Used only by
 * {@link ContractKitCatchesBrokenProvidersTest}.
 */
public final class CodeListProvider implements MfaProviderFactory {

    /** What is wrong with the provider. */
    public enum Flaw {
        /** Nothing: the list is sealed, each code is struck off when used, none is named, nothing is sent. */
        NONE,
        /** Keeps the list with {@code putString} instead of {@code putSecret}. */
        CODES_IN_CLEAR,
        /** Keeps each code Base64-encoded: encoded is not sealed. */
        CODES_IN_BASE64,
        /** Never strikes a used code off. */
        ACCEPTS_A_CODE_TWICE,
        /** Names the code just used in the outcome's details. */
        CODE_IN_DETAILS,
        /** Names the code just used in a notice. */
        CODE_IN_NOTICE,
        /** Mails "new codes" from inside setup, which the core may run twice, instead of after commit. */
        MAILS_IN_SETUP,
        /** Mails "a code was used" from inside verify, which the core may run twice, instead of after commit. */
        MAILS_IN_VERIFY
    }

    public static final String ID = "codelist";
    public static final String VIEW_CODES = "codes";
    static final int CODES = 5;
    private static final String UNUSED = "unused";

    /** What the provider mailed itself, one entry per message. */
    public final List<String> mailbox = new CopyOnWriteArrayList<>();
    private final Flaw flaw;

    public CodeListProvider(Flaw flaw) {
        this.flaw = Objects.requireNonNull(flaw, "flaw");
    }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder(ID).title("Code list").build();
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        return new MfaProvider() {
            @Override
            public Setup setup(PropertyManager properties) {
                List<String> codes = new ArrayList<>();
                for (int i = 0; i < CODES; i++) {
                    codes.add(String.format("%05d-%05d", context.random().nextInt(100_000),
                            context.random().nextInt(100_000)));
                }
                keep(properties, codes);
                if (flaw == Flaw.MAILS_IN_SETUP) {
                    mailbox.add("new codes for " + properties.user().id());
                }
                return Setup.of(View.builder().put(VIEW_CODES, String.join("\n", codes)).build());
            }

            @Override
            public Outcome activate(MfaInput input, PropertyManager properties) {
                return indexOf(input, unused(properties)) >= 0
                        ? Outcome.accept() : Outcome.reject(FailureReason.WRONG_CODE);
            }

            @Override
            public Outcome verify(MfaInput input, PropertyManager properties) {
                List<String> unused = new ArrayList<>(unused(properties));
                int index = indexOf(input, unused);
                if (index < 0) {
                    return Outcome.reject(FailureReason.WRONG_CODE);
                }
                String used = unused.get(index);
                if (flaw != Flaw.ACCEPTS_A_CODE_TWICE) {
                    unused.remove(index);
                    keep(properties, unused);
                }
                Map<String, String> facts = new HashMap<>(Map.of("remaining", Integer.toString(unused.size())));
                Map<String, String> noticed = new HashMap<>(facts);
                if (flaw == Flaw.CODE_IN_DETAILS) {
                    facts.put("code", used);
                }
                if (flaw == Flaw.CODE_IN_NOTICE) {
                    noticed.put("code", used);
                }
                context.events().notice(properties.user().id(), "code-used", noticed);
                if (flaw == Flaw.MAILS_IN_VERIFY) {
                    mailbox.add("a code of " + properties.user().id() + " was used");
                }
                return Outcome.accept(facts);
            }
        };
    }

    private void keep(PropertyManager properties, List<String> codes) {
        switch (flaw) {
            case CODES_IN_CLEAR -> properties.putString(UNUSED, String.join("\n", codes));
            case CODES_IN_BASE64 -> properties.putStringList(UNUSED, codes.stream()
                    .map(c -> Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.US_ASCII))).toList());
            default -> properties.putSecret(UNUSED,
                    SecretBytes.copyOf(String.join("\n", codes).getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private List<String> unused(PropertyManager properties) {
        return switch (flaw) {
            case CODES_IN_CLEAR -> List.of(properties.getString(UNUSED).orElseThrow().split("\n"));
            case CODES_IN_BASE64 -> properties.getStringList(UNUSED).stream()
                    .map(c -> new String(Base64.getDecoder().decode(c), StandardCharsets.US_ASCII)).toList();
            default -> List.of(properties.getSecret(UNUSED).orElseThrow()
                    .read(b -> new String(b, StandardCharsets.US_ASCII)).split("\n"));
        };
    }

    /** The index of the typed code in {@code codes}, comparing with each; -1 when it is none of them. */
    private static int indexOf(MfaInput input, List<String> codes) {
        byte[] typed = input.code().orElse("").strip().getBytes(StandardCharsets.US_ASCII);
        int found = -1;
        for (int i = 0; i < codes.size(); i++) {
            if (MessageDigest.isEqual(typed, codes.get(i).getBytes(StandardCharsets.US_ASCII)) && found < 0) {
                found = i;
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "CodeListProvider[" + flaw + "]";
    }
}
