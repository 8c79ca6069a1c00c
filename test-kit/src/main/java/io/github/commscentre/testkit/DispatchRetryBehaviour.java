package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a channel answers try later, throws, hangs or answers too little, and when a dispatcher's lease lapses: retries
 * back off within the budget, every recipient's outcome is recorded exactly once, and a message is handed over again
 * only with the same idempotency key.
 */
abstract class DispatchRetryBehaviour extends DispatchFixture {

    @Test
    void tryLaterBacksOffDoublingAndThenGivesUp() {
        email.setScript(batch -> batch.stream().map(m -> DeliveryOutcome.tryLater(m.recipientId(), "421 busy")).toList());
        Communication c = emailWith("a1");
        centre.send(admin, c.id());
        DispatchReport first = dispatch();
        assertThat(first.retried()).isEqualTo(1);
        assertThat(first.finished()).isZero();
        Recipient r = recipient(c.id(), "a1");
        assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(r.dispatchAttempts()).isEqualTo(1);
        assertThat(r.nextAttemptAt()).isEqualTo(now().plusSeconds(30));
        assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.SENDING);

        assertThat(dispatch().batches()).as("not before its time").isZero();
        clock.advance(Duration.ofSeconds(29));
        assertThat(dispatch().batches()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(dispatch().retried()).isEqualTo(1);
        r = recipient(c.id(), "a1");
        assertThat(r.dispatchAttempts()).isEqualTo(2);
        assertThat(r.nextAttemptAt()).as("the pause doubles").isEqualTo(now().plusSeconds(60));

        clock.advance(Duration.ofSeconds(60));
        DispatchReport last = dispatch();
        assertThat(last.failed()).isEqualTo(1);
        assertThat(last.finished()).isEqualTo(1);
        r = recipient(c.id(), "a1");
        assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(r.failureReason()).isEqualTo("gave up after 3 attempts: 421 busy");
        assertThat(r.nextAttemptAt()).isNull();
        assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.FAILED);

        List<OutgoingMessage> handed = email.messages();
        assertThat(handed).extracting(OutgoingMessage::attempt).containsExactly(1, 2, 3);
        assertThat(handed).extracting(OutgoingMessage::idempotencyKey).containsOnly(r.id().toString());
        assertThat(batchEvents(c.id())).extracting(e -> e.details().get("outcomes")).containsExactly("t", "t", "g");
        assertVerifies();
    }

    @Test
    void theRetryPauseIsCappedAtTheLongest() {
        DispatchSettings settings = DispatchSettings.builder().firstRetryAfter(Duration.ofSeconds(30))
                .longestRetryPause(Duration.ofMinutes(1)).build();
        assertThat(settings.retryPause(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.retryPause(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.retryPause(60)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aChannelThatThrowsGetsItsBatchTriedLater() {
        email.setScript(batch -> {
            throw new IllegalStateException("provider API down");
        });
        Communication c = emailWith("a1", "a2");
        centre.send(admin, c.id());
        DispatchReport report = dispatch();
        assertThat(report.retried()).isEqualTo(2);
        assertThat(recipients(c.id())).allSatisfy(r -> {
            assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(r.nextAttemptAt()).isEqualTo(now().plusSeconds(30));
        });
        email.setScript(batch -> batch.stream().map(m -> DeliveryOutcome.accepted(m.recipientId(), null)).toList());
        clock.advance(Duration.ofSeconds(30));
        dispatch();
        assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.SENT);
        assertThat(recipients(c.id())).allSatisfy(r -> assertThat(r.providerMessageId()).isNull());
        assertVerifies();
    }

    @Test
    void aChannelThatHangsPastItsTimeoutGetsItsBatchTriedLater() {
        CountDownLatch release = new CountDownLatch(1);
        RecordingDeliveryChannel hanging = RecordingDeliveryChannel.scripted(batch -> {
            release.await(30, TimeUnit.SECONDS);
            return List.of();
        });
        CommunicationCentre impatient = centreWith(store, hanging, DispatchSettings.builder()
                .channelTimeout(Duration.ofMillis(200)).lease(Duration.ofMinutes(1)).build());
        Communication c = emailWith("a1");
        impatient.send(admin, c.id());
        try {
            DispatchReport report = impatient.dispatchDue(org);
            assertThat(report.retried()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        Recipient r = recipient(c.id(), "a1");
        assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
        AuditEvent batch = batchEvents(c.id()).get(0);
        assertThat(batch.details()).containsEntry("outcomes", "t");
    }

    @Test
    void aMessageTheChannelDoesNotAnswerIsTriedLaterAndForeignAnswersAreIgnored() {
        email.setScript(batch -> List.of(DeliveryOutcome.accepted(batch.get(0).recipientId(), "m-1"),
                DeliveryOutcome.accepted(UUID.randomUUID(), "not ours")));
        Communication c = emailWith("a1", "a2");
        centre.send(admin, c.id());
        DispatchReport report = dispatch();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.retried()).isEqualTo(1);
        assertThat(recipient(c.id(), "a1").deliveryStatus()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(recipient(c.id(), "a2").deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
        assertVerifies();
    }

    @Test
    void aLapsedLeaseLetsAnotherDispatcherRecordTheOutcomeAndTheFirstRecordsNothing() {
        // The first dispatcher's channel is slow: while it holds the batch, the lease lapses and a second dispatcher
        // takes the recipients over, hands them to its own channel with the same idempotency keys, and records them.
        RecordingDeliveryChannel second = RecordingDeliveryChannel.acceptingAll();
        CommunicationCentre other = centreWith(store, second, SETTINGS);
        AtomicBoolean once = new AtomicBoolean();
        List<DispatchReport> secondReports = new ArrayList<>();
        email.setScript(batch -> {
            if (once.compareAndSet(false, true)) {
                clock.advance(SETTINGS.lease().plusSeconds(1));
                secondReports.add(other.dispatchDue(org));
            }
            return batch.stream().map(m -> DeliveryOutcome.accepted(m.recipientId(), "first")).toList();
        });
        Communication c = emailWith("a1", "a2");
        centre.send(admin, c.id());
        DispatchReport first = dispatch();
        assertThat(first.lostClaims()).isEqualTo(2);
        assertThat(first.accepted()).isZero();
        assertThat(secondReports).singleElement().satisfies(r -> assertThat(r.accepted()).isEqualTo(2));
        assertThat(recipients(c.id())).allSatisfy(r -> assertThat(r.providerMessageId()).startsWith("provider-"));
        assertThat(second.messages()).extracting(OutgoingMessage::idempotencyKey)
                .containsExactlyElementsOf(email.messages().stream().map(OutgoingMessage::idempotencyKey).toList());
        assertThat(second.messages()).extracting(OutgoingMessage::attempt).containsOnly(2);
        assertThat(batchEvents(c.id())).as("each outcome recorded once").hasSize(1);
        assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.SENT);
        assertVerifies();
    }

    @Test
    void aRateLimitedChannelGetsBatchesOfAtMostOneSecondsWorth() {
        RecordingDeliveryChannel limited = RecordingDeliveryChannel.acceptingAll();
        CommunicationCentre paced = centreWith(store, limited, DispatchSettings.builder().batchSize(500)
                .rateLimit("email", 1000).rateLimit("post", 1.5).build());
        tick();
        Communication c = create(notice("Letter").channel("email").blockId(BLOCK_A).build());
        centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3", "a4", "b1"));
        paced.send(admin, c.id());
        paced.dispatchDue(org);
        assertThat(limited.batches()).hasSize(1);

        RecordingDeliveryChannel slow = RecordingDeliveryChannel.acceptingAll();
        CommunicationCentre slower = centreWith(store, slow, DispatchSettings.builder().rateLimit("email", 2.5).build());
        tick();
        Communication d = create(notice("Letter").channel("email").build());
        centre.addRecipients(admin, d.id(), List.of("a1", "a2", "a3", "a4", "b1"));
        slower.send(admin, d.id());
        slower.dispatchDue(org);
        assertThat(slow.batches()).extracting(List::size).containsExactly(2, 2, 1);
    }
}
