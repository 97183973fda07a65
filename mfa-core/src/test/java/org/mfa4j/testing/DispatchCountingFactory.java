package org.mfa4j.testing;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.Settings;
import org.mfa4j.spi.Setup;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * The factory under test as the contract kit registers it: the same descriptor and provider, except that
 * every delivery the core runs ({@link Challenge#dispatch()} and {@link Setup#delivery()}) is counted.
 */
final class DispatchCountingFactory implements MfaProviderFactory {

    private final MfaProviderFactory delegate;
    private final AtomicLong dispatches = new AtomicLong();

    DispatchCountingFactory(MfaProviderFactory delegate) {
        this.delegate = delegate;
    }

    /** How many deliveries the core ran so far. */
    long dispatches() {
        return dispatches.get();
    }

    @Override
    public ProviderDescriptor descriptor() {
        return delegate.descriptor();
    }

    @Override
    public ProviderDescriptor descriptor(Settings settings) {
        return delegate.descriptor(settings);
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        MfaProvider p = delegate.create(context);
        return p == null ? null : new ForwardingProvider(p) {
            @Override
            public Setup setup(PropertyManager properties) {
                Setup s = super.setup(properties);
                return s == null ? null : new Setup(s.view(), s.delivery().map(this::counted));
            }

            @Override
            public Optional<Challenge> challenge(PropertyManager properties) {
                Optional<Challenge> c = super.challenge(properties);
                return c == null ? null : c.map(ch -> new Challenge(ch.view(), ch.expiresAt(),
                        ch.dispatch().map(this::counted)));
            }

            private Challenge.Dispatch counted(Challenge.Dispatch d) {
                return () -> {
                    dispatches.incrementAndGet();
                    d.send();
                };
            }
        };
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
