package io.github.commscentre.internal;

import io.github.commscentre.spi.DeliveryChannel;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The delivery channels registered on the builder, by channel name (as communications store it: trimmed). */
final class DeliveryChannels {

    private final Map<String, DeliveryChannel> byName;

    DeliveryChannels(Map<String, DeliveryChannel> byName) {
        this.byName = new TreeMap<>(byName);
    }

    Optional<DeliveryChannel> get(String channel) {
        return Optional.ofNullable(byName.get(channel));
    }

    /** @return why a communication on {@code channel} cannot be sent by this facade, or {@code null} */
    String missingReason(String channel) {
        return byName.containsKey(channel) ? null : "no delivery channel is registered for channel '" + channel
                + "' (registered: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())) + ")";
    }
}
