package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.ErrorCode;

import java.util.Map;
import java.util.UUID;

/** The code of {@code docs/errors.md}, compiled; {@code DocsSnippetsTest} proves the page shows exactly this. */
public final class ErrorsSnippets {

    private ErrorsSnippets() {
    }

    // tag::mapping[]
    static int httpStatus(CommunicationCentreException e) {
        return switch (e.code()) {
            case BAD_REQUEST -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }
    // end::mapping[]

    // tag::retry[]
    static Communication markSentOnce(CommunicationCentre centre, Caller admin, UUID id) {
        try {
            return centre.markSent(admin, id);
        } catch (CommunicationCentreException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            // Someone else finished it first: report what it is now instead of failing the request.
            Communication now = centre.getById(admin, id).communication();
            if (now.status() == CommunicationStatus.SENT) {
                return now;
            }
            throw e;
        }
    }
    // end::retry[]

    // tag::field[]
    static Map<String, String> formErrors(CommunicationCentreException e) {
        return e.field()
                .map(field -> Map.of(field, e.getMessage()))
                .orElse(Map.of());
    }
    // end::field[]
}
