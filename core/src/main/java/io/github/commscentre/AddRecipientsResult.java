package io.github.commscentre;

/**
 * What {@code addRecipients} or {@code addBlockRecipients} did. Repeated ids in one request count once
 * and are not reported as skipped.
 *
 * @param added                    units added as new recipients
 * @param skippedAlreadyRecipients units that were already recipients of the communication
 * @param skippedNotInOrganisation units that do not belong to the caller's organisation
 */
public record AddRecipientsResult(int added, int skippedAlreadyRecipients, int skippedNotInOrganisation) {
}
