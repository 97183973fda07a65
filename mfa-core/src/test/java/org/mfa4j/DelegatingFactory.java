package org.mfa4j;

import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;

/** A factory that hands out another factory's provider (for service files, which need a no-arg class). */
public abstract class DelegatingFactory implements MfaProviderFactory {

    private final MfaProviderFactory delegate;

    protected DelegatingFactory(MfaProviderFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return delegate.descriptor();
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        return delegate.create(context);
    }
}
