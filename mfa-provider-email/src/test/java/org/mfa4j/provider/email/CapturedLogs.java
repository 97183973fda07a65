package org.mfa4j.provider.email;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while open: slf4j (mfa4j's loggers at TRACE, see logback-test.xml) and
 * java.util.logging at the levels it is configured for (Jakarta Mail logs there), each with its stack trace. The
 * test server's own lines (GreenMail's) are not the client's and are left out.
 */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<String> jul = new ArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public synchronized void publish(LogRecord r) {
            jul.add(formatter.format(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Captures around each test: {@code @RegisterExtension final CapturedLogs logs = new CapturedLogs();}. */
    CapturedLogs() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.list.clear();
        jul.clear();
        appender.start();
        root().addAppender(appender);
        java.util.logging.Logger.getLogger("").addHandler(handler);
    }

    /** The lines so far, each with its logger name and any stack trace. */
    synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : appender.list) {
            if (e.getLoggerName().startsWith("com.icegreen")) {
                continue;
            }
            lines.add(e.getLoggerName() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())));
        }
        lines.addAll(jul);
        return lines;
    }

    /** The lines of mfa4j's own loggers. */
    List<String> mfa4jLines() {
        return lines().stream().filter(l -> l.startsWith("org.mfa4j")).toList();
    }

    /**
     * Asserts that neither {@code failure} (message, {@code toString}, stack trace) nor any line captured so far
     * contains any of {@code secrets}.
     */
    void assertNoneContains(Throwable failure, String... secrets) {
        StringWriter trace = new StringWriter();
        if (failure != null) {
            failure.printStackTrace(new PrintWriter(trace));
        }
        List<String> texts = new ArrayList<>(lines());
        texts.add(trace.toString());
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).as("a log line or failure").doesNotContain(secret);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        java.util.logging.Logger.getLogger("").removeHandler(handler);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
