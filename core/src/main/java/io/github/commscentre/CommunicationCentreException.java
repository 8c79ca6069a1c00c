package io.github.commscentre;

import java.util.Objects;
import java.util.Optional;

/**
 * The one exception the facade throws for an expected failure. The host catches it and maps
 * {@link #code()} onto its own API. No JPA, Hibernate or SQL exception ever leaves the facade: store
 * failures arrive here as {@link ErrorCode#UNAVAILABLE} with the original exception as the cause.
 *
 * <p>A call that throws this has stored nothing: no partial rows and no audit event.
 *
 * <p>A {@link ErrorCode#BAD_REQUEST} names the offending input: {@link #field()} gives its name as in the API (for
 * example {@code subject} or {@code unitIds}) for a host that maps it onto its own form, and {@link #getMessage()} reads
 * {@code "<field> <rule>"}.
 */
public class CommunicationCentreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    /** The offending input's name, for a {@code BAD_REQUEST} made by {@link #badRequest}; otherwise {@code null}. */
    private final String field;

    /**
     * @param code    what went wrong
     * @param message a message a host developer can show or log; for {@code BAD_REQUEST} it names the field
     * @param cause   the underlying failure, or {@code null}
     */
    public CommunicationCentreException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, null);
    }

    private CommunicationCentreException(ErrorCode code, String message, Throwable cause, String field) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code must not be null");
        this.field = field;
    }

    /**
     * @param code    what went wrong
     * @param message a message a host developer can show or log
     */
    public CommunicationCentreException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** @return the error code the host maps to its own API */
    public ErrorCode code() {
        return code;
    }

    /**
     * The input a {@link ErrorCode#BAD_REQUEST} is about, as the API names it: a parameter ({@code unitIds},
     * {@code limit}, {@code cursor}), a field of a builder ({@code subject}, {@code scheduledAt}), or a part of what the
     * host's directory answered ({@code leaseholder}, {@code postalAddress}). A nested input is named with a dot or an
     * index, as the message names it ({@code events[3].status}).
     *
     * @return the field's name for a {@code BAD_REQUEST}; empty for every other code
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * An invalid input.
     *
     * @param field the name of the offending field, as in the API (for example {@code subject})
     * @param rule  the rule it broke (for example {@code must be at most 500 characters})
     * @return the exception, with message {@code "<field> <rule>"}
     */
    public static CommunicationCentreException badRequest(String field, String rule) {
        Objects.requireNonNull(field, "field must not be null");
        return new CommunicationCentreException(ErrorCode.BAD_REQUEST, field + " " + rule, null, field);
    }

    /** @param message what the caller may not do @return a {@link ErrorCode#FORBIDDEN} exception */
    public static CommunicationCentreException forbidden(String message) {
        return new CommunicationCentreException(ErrorCode.FORBIDDEN, message);
    }

    /** @param message which record was not found @return a {@link ErrorCode#NOT_FOUND} exception */
    public static CommunicationCentreException notFound(String message) {
        return new CommunicationCentreException(ErrorCode.NOT_FOUND, message);
    }

    /** @param message why the state forbids the call @return a {@link ErrorCode#CONFLICT} exception */
    public static CommunicationCentreException conflict(String message) {
        return new CommunicationCentreException(ErrorCode.CONFLICT, message);
    }

    /**
     * @param message what failed
     * @param cause   the store's or directory's exception
     * @return an {@link ErrorCode#UNAVAILABLE} exception
     */
    public static CommunicationCentreException unavailable(String message, Throwable cause) {
        return new CommunicationCentreException(ErrorCode.UNAVAILABLE, message, cause);
    }

    @Override
    public String toString() {
        return getClass().getName() + "[" + code + "]: " + getMessage();
    }
}
