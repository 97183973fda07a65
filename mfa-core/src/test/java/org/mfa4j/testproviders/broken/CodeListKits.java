package org.mfa4j.testproviders.broken;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.testing.MfaProviderContractTest;
import org.mfa4j.testproviders.broken.CodeListProvider.Flaw;

/**
 * The contract kit against {@link CodeListProvider}, one class per {@link Flaw}. Disabled except when
 * {@link ContractKitCatchesBrokenProvidersTest} runs them (see {@link OnlyUnderKitCheck}); nested and
 * without a {@code Test} suffix, so Maven does not even select them.
 */
final class CodeListKits {

    private CodeListKits() {
    }

    @ExtendWith(OnlyUnderKitCheck.class)
    abstract static class Kit extends MfaProviderContractTest {

        private final CodeListProvider provider;
        /** Each valid answer is the next code of the list (the first one activated it). */
        private final AtomicInteger next = new AtomicInteger(1);

        Kit(Flaw flaw) {
            provider = new CodeListProvider(flaw);
        }

        @Override
        protected MfaProviderFactory factory() {
            return provider;
        }

        private static List<String> codes(View view) {
            return List.of(view.require(CodeListProvider.VIEW_CODES).split("\n"));
        }

        @Override
        protected MfaInput activationInput(View setupView) {
            return MfaInput.code(codes(setupView).get(0));
        }

        @Override
        protected MfaInput validInput(View setupView, Prompt challenge) {
            return MfaInput.code(codes(setupView).get(next.getAndIncrement()));
        }

        @Override
        protected MfaInput wrongInput() {
            return MfaInput.code("not-a-code");
        }

        /** The mails the provider sent itself. */
        @Override
        protected long sideEffects() {
            return provider.mailbox.size() + dispatches();
        }
    }

    static final class Correct extends Kit {
        Correct() {
            super(Flaw.NONE);
        }
    }

    static final class CodesInClear extends Kit {
        CodesInClear() {
            super(Flaw.CODES_IN_CLEAR);
        }
    }

    static final class CodesInBase64 extends Kit {
        CodesInBase64() {
            super(Flaw.CODES_IN_BASE64);
        }
    }

    static final class AcceptsACodeTwice extends Kit {
        AcceptsACodeTwice() {
            super(Flaw.ACCEPTS_A_CODE_TWICE);
        }
    }

    static final class CodeInDetails extends Kit {
        CodeInDetails() {
            super(Flaw.CODE_IN_DETAILS);
        }
    }

    static final class CodeInNotice extends Kit {
        CodeInNotice() {
            super(Flaw.CODE_IN_NOTICE);
        }
    }

    static final class MailsInSetup extends Kit {
        MailsInSetup() {
            super(Flaw.MAILS_IN_SETUP);
        }
    }

    static final class MailsInVerify extends Kit {
        MailsInVerify() {
            super(Flaw.MAILS_IN_VERIFY);
        }
    }
}
