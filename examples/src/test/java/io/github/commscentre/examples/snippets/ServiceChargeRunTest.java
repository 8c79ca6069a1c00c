package io.github.commscentre.examples.snippets;

// tag::imports[]
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
// end::imports[]

// tag::test[]
class ServiceChargeRunTest {

    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory()
            .addBlock("org-1", "block-a")
            .addUnit("org-1", "block-a", "unit-1", "Ann Ellis", "ann@example.org")
            .addUnit("org-1", "block-a", "unit-2", "Bo Chen", null);        // takes letters only
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-02T09:00:00Z"));
    private final CommunicationCentre centre = CommunicationCentre.builder()
            .store(new InMemoryCommunicationStore())
            .directory(directory)
            .clock(clock)
            .build();
    private final Caller admin = Caller.admin("org-1", "alice");
    private final ServiceChargeRun run = new ServiceChargeRun(centre, clock);

    @Test
    void demandGoesToEveryUnitOfTheBlock() {
        Communication demand = run.schedule(admin, "block-a", "half-year to September", clock.instant().plusSeconds(3600));

        assertThat(centre.getById(admin, demand.id()).recipientCount()).isEqualTo(2);
        assertThat(centre.getById(admin, demand.id()).recipientsWithoutEmail()).isEqualTo(1);
    }

    @Test
    void demandIsDueOnlyOnceItsTimeHasCome() {
        Communication demand = run.schedule(admin, "block-a", "half-year to September", Instant.parse("2026-03-05T08:00:00Z"));

        assertThat(run.due(admin)).isEmpty();
        clock.advance(Duration.ofDays(3));                                  // Thursday 09:00
        assertThat(run.due(admin)).extracting(CommunicationSummary::id).containsExactly(demand.id());
    }

    @Test
    void recipientsKeepTheLeaseholderOfTheDayTheyWereAdded() {
        Communication demand = run.schedule(admin, "block-a", "half-year to September", clock.instant().plusSeconds(60));
        directory.changeLeaseholder("org-1", "unit-1", "New Owner", "new.owner@example.org");

        List<Recipient> recipients = centre.listRecipients(admin, demand.id(), RecipientFilter.all(), PageRequest.first(10)).items();
        assertThat(recipients.get(0).recipientName()).isEqualTo("Ann Ellis");
        assertThat(recipients.get(0).recipientEmail()).isEqualTo("ann@example.org");
    }

    @Test
    void sentDemandCannotBeEdited() {
        Communication demand = run.schedule(admin, "block-a", "half-year to September", clock.instant().plusSeconds(60));
        centre.markSent(admin, demand.id());

        assertThatThrownBy(() -> centre.delete(admin, demand.id()))
                .isInstanceOfSatisfying(CommunicationCentreException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }
}
// end::test[]
