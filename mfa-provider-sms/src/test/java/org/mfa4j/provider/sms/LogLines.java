package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The slf4j lines written during each test (mfa4j's at TRACE, the Twilio SDK's at DEBUG, the rest at INFO; see
 * logback-test.xml), with stack traces: {@code @RegisterExtension final LogLines logs = new LogLines();}.
 */
final class LogLines implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.list.clear();
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
    }

    List<String> all() {
        synchronized (appender) {
            return appender.list.stream().map(e -> e.getLoggerName() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                    .toList();
        }
    }

    /** No line, and none of {@code more} (results, exception texts), contains any of {@code secrets}. */
    void assertNoneContains(List<String> secrets, Object... more) {
        Stream.concat(all().stream(), Stream.of(more).map(String::valueOf)).forEach(text -> {
            for (String secret : secrets) {
                assertThat(text).as("a log line or result").doesNotContain(secret);
            }
        });
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
