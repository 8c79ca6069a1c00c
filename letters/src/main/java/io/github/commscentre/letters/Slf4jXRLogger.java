package io.github.commscentre.letters;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.JDKXRLogger;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.logging.Level;

/**
 * openhtmltopdf's log through SLF4J, under its own logger names ({@code com.openhtmltopdf.load}, ...). Left alone,
 * openhtmltopdf writes INFO lines to standard error through a console handler of its own, past the host's logging.
 * Its INFO lines are chatter (a line per font loaded, for every letter): they are logged at DEBUG.
 */
final class Slf4jXRLogger implements XRLogger {

    private Slf4jXRLogger() {
    }

    /**
     * Routes openhtmltopdf's log to SLF4J, unless the host has given it a logger of its own. openhtmltopdf's logger
     * is global to the JVM, so this is too.
     */
    static void installUnlessConfigured() {
        synchronized (XRLog.class) {
            XRLogger current = XRLog.getLoggerImpl();
            if (current == null || current.getClass() == JDKXRLogger.class) {
                XRLog.setLoggerImpl(new Slf4jXRLogger());
            }
        }
    }

    @Override
    public void log(String where, Level level, String msg) {
        log(where, level, msg, null);
    }

    @Override
    public void log(String where, Level level, String msg, Throwable th) {
        Logger logger = LoggerFactory.getLogger(where);
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            logger.error(msg, th);
        } else if (value >= Level.WARNING.intValue()) {
            logger.warn(msg, th);
        } else if (value >= Level.FINE.intValue()) {
            logger.debug(msg, th);
        } else {
            logger.trace(msg, th);
        }
    }

    @Override
    public void setLevel(String logger, Level level) {
        // Levels belong to the SLF4J binding's configuration.
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
        Logger logger = LoggerFactory.getLogger(diagnostic.getLogMessageId().getWhere());
        int value = diagnostic.getLevel().intValue();
        if (value >= Level.SEVERE.intValue()) {
            return logger.isErrorEnabled();
        } else if (value >= Level.WARNING.intValue()) {
            return logger.isWarnEnabled();
        } else if (value >= Level.FINE.intValue()) {
            return logger.isDebugEnabled();
        }
        return logger.isTraceEnabled();
    }
}
