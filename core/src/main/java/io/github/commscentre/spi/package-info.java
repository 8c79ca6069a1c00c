/**
 * The ports the Communications Centre needs from its host: storage ({@link io.github.commscentre.spi.CommunicationStore})
 * and the host's blocks, units and leaseholders ({@link io.github.commscentre.spi.PropertyDirectory}). Time is the
 * third port, a plain {@link java.time.Clock}.
 */
package io.github.commscentre.spi;
