/**
 * The email channel: {@link io.github.commscentre.email.SmtpEmailChannel}, a
 * {@link io.github.commscentre.spi.DeliveryChannel} that sends each message by SMTP through Jakarta Mail (Eclipse
 * Angus Mail), with a plain-text alternative beside the HTML and a Message-ID that stays the same on every retry.
 */
package io.github.commscentre.email;
