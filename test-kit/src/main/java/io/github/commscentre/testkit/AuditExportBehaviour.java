package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code exportAuditTrail}: the organisation's whole trail, deleted communications included, as JSON lines an outsider
 * checks with the script of docs/audit-trail.md: each line the event's canonical JSON with its hash, in sequence order.
 */
abstract class AuditExportBehaviour extends BehaviourFixture {

    private static final Pattern HASH = Pattern.compile("\"hash\":\"([0-9a-f]{64})\",");
    private static final Pattern PREVIOUS_HASH = Pattern.compile("\"previousHash\":\"([0-9a-f]{64})\"");
    private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");

    @Test
    void theExportIsTheWholeChainInSequenceOrderAndEachLineHashesToItsHashAsTheOutsidersScriptChecks() {
        Communication sent = inState(io.github.commscentre.CommunicationStatus.SENT);
        centre.updateRecipientStatus(admin, recipient(sent.id(), "a1").id(), DeliveryStatus.OPENED);
        Communication deleted = draft();
        tick();
        centre.update(admin, deleted.id(), CommunicationChanges.builder().subject("Tabs\tand \"quotes\" and é").build());
        tick();
        centre.delete(admin, deleted.id());
        create(otherAdmin, notice("another organisation's").build());
        List<AuditEvent> events = orgEvents();

        StringBuilder out = new StringBuilder();
        long written = centre.exportAuditTrail(member, out);

        List<String> lines = out.toString().lines().toList();
        assertThat(out.toString()).endsWith("\n");
        assertThat(written).isEqualTo(lines.size()).isEqualTo(events.size()).isEqualTo(centre.verifyAuditTrail(admin).eventsChecked());
        String previous = AuditEvent.GENESIS_HASH;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            AuditEvent event = events.get(i);
            assertThat(number(SEQUENCE, line)).as(line).isEqualTo(i + 1);
            assertThat(line).contains("\"id\":\"" + event.id() + "\"", "\"organisationId\":\"" + org + "\"",
                    "\"type\":\"" + event.type().wireName() + "\"", "\"actorUserId\":\"" + event.actorUserId() + "\"");
            String hash = text(HASH, line);
            assertThat(hash).isEqualTo(event.hash());
            assertThat(text(PREVIOUS_HASH, line)).isEqualTo(previous);
            String canonical = HASH.matcher(line).replaceFirst("");
            assertThat(sha256(canonical)).as("the line without its hash is what the hash covers").isEqualTo(hash);
            previous = hash;
        }
        assertThat(out.toString()).contains(deleted.id().toString()).contains("Tabs\\tand \\\"quotes\\\" and é")
                .doesNotContain(otherOrg);
    }

    @Test
    void anOrganisationWithoutEventsExportsNothingAndOtherOrganisationsStayApart() {
        create(otherAdmin, notice("another organisation's").build());
        StringBuilder out = new StringBuilder();

        assertThat(centre.exportAuditTrail(admin, out)).isZero();
        assertThat(out).isEmpty();
        assertThat(centre.exportAuditTrail(otherMember, out)).isEqualTo(1);
        assertThat(out.toString()).doesNotContain(org);
    }

    @Test
    void aWriterThatFailsIsUnavailableWithItsFailureAttachedAndTheTrailStaysIntact() {
        draft();
        IOException diskFull = new IOException("disk full");
        Appendable failing = new Appendable() {
            @Override
            public Appendable append(CharSequence csq) throws IOException {
                throw diskFull;
            }

            @Override
            public Appendable append(CharSequence csq, int start, int end) throws IOException {
                throw diskFull;
            }

            @Override
            public Appendable append(char c) throws IOException {
                throw diskFull;
            }
        };

        CommunicationCentreException e = expectError(ErrorCode.UNAVAILABLE, () -> centre.exportAuditTrail(admin, failing));

        assertThat(e.getCause()).isSameAs(diskFull);
        AuditVerification v = centre.verifyAuditTrail(admin);
        assertThat(v.intact()).isTrue();
        assertThat(v.firstProblem()).isEmpty();
        assertThat(v.hasPendingEvents()).isFalse();
        assertThat(v.pendingEventCount()).isZero();
        assertThat(v.omittedFindingCount()).isZero();
        badRequest("out", () -> centre.exportAuditTrail(admin, null));
        expectError(ErrorCode.BAD_REQUEST, () -> centre.exportAuditTrail(null, new StringBuilder()));
    }

    private static long number(Pattern pattern, String line) {
        return Long.parseLong(text(pattern, line));
    }

    private static String text(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertThat(m.find()).as("%s in %s", pattern, line).isTrue();
        return m.group(1);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
