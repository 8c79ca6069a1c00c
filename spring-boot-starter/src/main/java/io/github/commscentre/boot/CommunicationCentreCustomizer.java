package io.github.commscentre.boot;

import io.github.commscentre.CommunicationCentreBuilder;

/**
 * A bean of this type adjusts the auto-configured {@code CommunicationCentre} before it is built, for what the
 * properties do not cover (a channel registered under a computed name, say). Customizers run after the starter has
 * set everything it found, in their {@code @Order}.
 */
@FunctionalInterface
public interface CommunicationCentreCustomizer {

    /** @param builder the builder, with the store, directory, clock, channels and settings already set */
    void customize(CommunicationCentreBuilder builder);
}
