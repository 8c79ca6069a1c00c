package io.github.commscentre.boot;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes Hibernate (JBoss Logging) log through SLF4J, as the rest of the application does, instead of whichever
 * back end JBoss Logging would find first (java.util.logging, when the host uses neither Logback nor Log4j 2). JBoss
 * Logging reads the system property {@code org.jboss.logging.provider} once, when Hibernate first logs, which is
 * after this runs. A value the host set itself is left alone.
 */
public final class HibernateLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String PROVIDER_PROPERTY = "org.jboss.logging.provider";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(PROVIDER_PROPERTY) == null && isPresent("org.slf4j.LoggerFactory")) {
            System.setProperty(PROVIDER_PROPERTY, "slf4j");
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, HibernateLoggingEnvironmentPostProcessor.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
