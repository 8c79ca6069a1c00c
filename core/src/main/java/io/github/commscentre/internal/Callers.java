package io.github.commscentre.internal;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentreException;

/**
 * Who may call: every call first checks its caller, before its input, so that a refused caller learns nothing
 * about what its input would have done.
 */
final class Callers {

    private Callers() {
    }

    /** @return the organisation of a well-formed caller; any member of it may read */
    static String reader(Caller caller) {
        Texts.requireNonNull("caller", caller);
        Texts.hostId("caller.userId", caller.userId());
        return Texts.hostId("caller.organisationId", caller.organisationId());
    }

    /** @return the organisation of a well-formed caller who is an admin of it, as every change needs */
    static String writer(Caller caller) {
        String org = reader(caller);
        if (!caller.isAdmin()) {
            throw CommunicationCentreException.forbidden("only an admin of the organisation may change communications");
        }
        return org;
    }
}
