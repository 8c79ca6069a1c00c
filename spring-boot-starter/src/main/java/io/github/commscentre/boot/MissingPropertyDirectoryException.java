package io.github.commscentre.boot;

/**
 * Start-up found no {@code PropertyDirectory} bean, which the Communications Centre cannot work without;
 * {@link MissingPropertyDirectoryFailureAnalyzer} turns it into a message saying what to implement.
 */
public final class MissingPropertyDirectoryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    MissingPropertyDirectoryException() {
        super("the Communications Centre needs a bean implementing io.github.commscentre.spi.PropertyDirectory, "
                + "and the application has none");
    }
}
