package org.mfa4j.micrometer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mfa4j.MfaInput;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.code.CodeChannel;
import org.mfa4j.spi.code.CodeMessage;
import org.mfa4j.spi.code.OneTimeCodeProvider;
import org.mfa4j.spi.code.OneTimeCodes;
import org.mfa4j.spi.code.SendBudget;

/**
 * A sent-code factor built on the core's {@code OneTimeCodes}, whose channel keeps each message in a list
 * (an outbox the test reads codes from) or, when {@link #failing} is set, throws as a broken SMTP server
 * would. Budget: 3 sends per user and hour; resend cooldown 60 s; channel id {@value #CHANNEL}.
 */
final class OutboxProviderFactory implements MfaProviderFactory {

    static final String ID = "outbox";
    static final String INPUT_TO = "to";
    static final String CHANNEL = "email";

    final List<CodeMessage> sent = new CopyOnWriteArrayList<>();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder(ID).title("Outbox").build();
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        CodeChannel channel = message -> {
            if (failing.get()) {
                throw new IllegalStateException("the outbox is down for " + message.destination());
            }
            sent.add(message);
        };
        OneTimeCodes codes = OneTimeCodes.builder(channel, context.random())
                .mask(d -> d.charAt(0) + "***").defaultLabel("outbox").channelId(CHANNEL)
                .budget(SendBudget.perUser(3, Duration.ofHours(1))).build();
        return new OneTimeCodeProvider(codes, Locale.ENGLISH, "outbox") {
            @Override
            protected String destination(MfaInput input, PropertyManager properties) {
                return input.param(INPUT_TO).orElseThrow(() -> new IllegalArgumentException("no destination"));
            }
        };
    }

    /** The code of the last message sent. */
    String lastCode() {
        return sent.get(sent.size() - 1).code();
    }
}
