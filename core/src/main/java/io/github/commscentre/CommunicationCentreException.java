package io.github.commscentre;

import java.util.Objects;

/**
 * The one exception the facade throws for an expected failure. The host catches it and maps
 * {@link #code()} onto its own API. No JPA, Hibernate or SQL exception ever leaves the facade: store
 * failures arrive here as {@link ErrorCode#UNAVAILABLE} with the original exception as the cause.
 *
 * <p>A call that throws this has stored nothing: no partial rows and no audit event.
 */
public class CommunicationCentreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code    what went wrong
     * @param message a message a host developer can show or log; for {@code BAD_REQUEST} it names the field
     * @param cause   the underlying failure, or {@code null}
     */
    public CommunicationCentreException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code must not be null");
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
     * An invalid input.
     *
     * @param field the name of the offending field, as in the API (for example {@code subject})
     * @param rule  the rule it broke (for example {@code must be at most 500 characters})
     * @return the exception, with message {@code "<field> <rule>"}
     */
    public static CommunicationCentreException badRequest(String field, String rule) {
        return new CommunicationCentreException(ErrorCode.BAD_REQUEST, field + " " + rule);
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
