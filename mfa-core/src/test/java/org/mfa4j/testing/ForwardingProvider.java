package org.mfa4j.testing;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PasskeySignIn;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.RemoteCheck;
import org.mfa4j.spi.RemoteResult;
import org.mfa4j.spi.Setup;

/**
 * A provider that hands every {@link MfaProvider} method on to another one, defaults included, so a test
 * can override one method (count, delay or break it) and leave the provider to decide the rest.
 */
public class ForwardingProvider implements MfaProvider {

    private final MfaProvider delegate;

    public ForwardingProvider(MfaProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public boolean canProcess(MfaInput input) {
        return delegate.canProcess(input);
    }

    @Override
    public boolean isActive(PropertyManager properties) {
        return delegate.isActive(properties);
    }

    @Override
    public boolean isLocked(PropertyManager properties) {
        return delegate.isLocked(properties);
    }

    @Override
    public Setup setup(PropertyManager properties) {
        return delegate.setup(properties);
    }

    @Override
    public Setup setup(MfaInput input, PropertyManager properties) {
        return delegate.setup(input, properties);
    }

    @Override
    public Outcome activate(MfaInput input, PropertyManager properties) {
        return delegate.activate(input, properties);
    }

    @Override
    public Optional<RemoteCheck> activationCheck(MfaInput input, PropertyManager properties) {
        return delegate.activationCheck(input, properties);
    }

    @Override
    public Outcome activate(MfaInput input, RemoteResult remote, PropertyManager properties) {
        return delegate.activate(input, remote, properties);
    }

    @Override
    public Optional<Challenge> challenge(PropertyManager properties) {
        return delegate.challenge(properties);
    }

    @Override
    public Outcome verify(MfaInput input, PropertyManager properties) {
        return delegate.verify(input, properties);
    }

    @Override
    public Optional<String> instructions(PropertyManager properties) {
        return delegate.instructions(properties);
    }

    @Override
    public Optional<PasskeySignIn> passkeys() {
        return delegate.passkeys();
    }

    @Override
    public Optional<RemoteCheck> remoteCheck(MfaInput input, PropertyManager properties) {
        return delegate.remoteCheck(input, properties);
    }

    @Override
    public Outcome verify(MfaInput input, RemoteResult remote, PropertyManager properties) {
        return delegate.verify(input, remote, properties);
    }

    @Override
    public void deactivate(PropertyManager properties) {
        delegate.deactivate(properties);
    }

    @Override
    public void unlock(PropertyManager properties) {
        delegate.unlock(properties);
    }

    @Override
    public View update(MfaInput input, PropertyManager properties) {
        return delegate.update(input, properties);
    }

    @Override
    public Map<String, String> overview(PropertyManager properties) {
        return delegate.overview(properties);
    }
}
