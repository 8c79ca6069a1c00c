package io.github.commscentre;

import java.util.Objects;

/**
 * Who applies delivery events: a provider's webhook, which arrives without a logged-in user. It is a system caller
 * with one right only, applying delivery events ({@link CommunicationCentre#applyDeliveryEvents}), and only to the
 * organisation each event's correlation token names, or, for a provider for one organisation, to that one.
 *
 * @param name           the provider, as the audit trail shows it ({@code provider:<name>}): 1 to 90 characters
 * @param organisationId the one organisation this webhook serves (a per-organisation URL), or {@code null} for a
 *                       webhook that serves every organisation and relies on the tokens
 */
public record DeliveryProvider(String name, String organisationId) {

    /** Null check of the name; the facade checks the rest. */
    public DeliveryProvider {
        Objects.requireNonNull(name, "name must not be null");
    }

    /** @param name the provider @return a provider serving every organisation, by token */
    public static DeliveryProvider named(String name) {
        return new DeliveryProvider(name, null);
    }

    /** @param organisationId the only organisation it may touch @return this provider, limited to that organisation */
    public DeliveryProvider forOrganisation(String organisationId) {
        return new DeliveryProvider(name, Objects.requireNonNull(organisationId, "organisationId must not be null"));
    }

    /** @return the acting user of the audit events it causes: {@code provider:<name>} */
    public String actorUserId() {
        return "provider:" + name;
    }
}
