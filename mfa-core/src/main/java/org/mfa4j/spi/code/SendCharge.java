package org.mfa4j.spi.code;

import java.util.Objects;

/**
 * One budget a send is charged to, with the key it counts under (the user id, a destination, a prefix). The
 * core keeps only a keyed hash of the key. {@link #toString} names the budget, never the key.
 */
public record SendCharge(SendBudget budget, String key) {

    public SendCharge {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "SendCharge[" + budget.name() + "]";
    }
}
