/**
 * The email channel: {@link io.github.commscentre.email.SmtpEmailChannel}, a
 * {@link io.github.commscentre.spi.DeliveryChannel} that sends each message by SMTP through Jakarta Mail (Eclipse
 * Angus Mail), with a plain-text alternative beside the HTML, a Message-ID that stays the same on every retry and,
 * when the host asks, the recipient's letter as a PDF attachment whose SHA-256 goes into the audit trail.
 */
package io.github.commscentre.email;
