package io.github.commscentre;

/**
 * What went wrong, for the host to map onto its own API (for example to HTTP 400, 403, 404, 409, 503).
 */
public enum ErrorCode {
    /** The input broke a rule; the message names the field and the rule. Nothing was stored. */
    BAD_REQUEST,
    /** The caller's role does not allow this call (a member attempting a write). Nothing was stored. */
    FORBIDDEN,
    /** The record does not exist in the caller's organisation. Never reveals whether it exists elsewhere. */
    NOT_FOUND,
    /**
     * The record's state forbids the call (for example editing a sent communication), or a concurrent
     * change won the race. Safe to re-read and retry.
     */
    CONFLICT,
    /** The store (or the host's property directory) failed; the cause is attached. Nothing was stored. */
    UNAVAILABLE
}
