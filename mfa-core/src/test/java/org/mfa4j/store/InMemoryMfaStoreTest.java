package org.mfa4j.store;

import org.mfa4j.testing.MfaStoreContractTest;

class InMemoryMfaStoreTest extends MfaStoreContractTest {

    @Override
    protected MfaStore createStore() {
        return new InMemoryMfaStore();
    }
}
