package org.mfa4j.testing.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of one logger (the root by default) at TRACE for the duration of each test, so a
 * test can look for secrets in them. Register with {@code @RegisterExtension}; needs logback-classic on
 * the test class path.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final String loggerName;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previous;

    /** Captures everything. */
    public LogCapture() {
        this(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Captures one logger, such as {@code org.mfa4j.audit}. */
    public LogCapture(String loggerName) {
        this.loggerName = loggerName;
    }

    private Logger logger() {
        return (Logger) LoggerFactory.getLogger(loggerName);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Logger logger = logger();
        previous = logger.getLevel();
        logger.setLevel(Level.TRACE);
        appender.list.clear();
        appender.start();
        logger.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger logger = logger();
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }

    /** The formatted messages, in order. */
    public List<String> messages() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every text a log line carried: its message and the messages of its exception chain. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : appender.list) {
            out.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                out.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        return out;
    }
}
