package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.PageRequest;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the code of docs/dispatch.md: the print service's channel, the builder, send, the two ways of running rounds. */
class DispatchSnippetsTest {

    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
    private final Caller admin = Caller.admin("org-1", "manager-1");
    private final List<String> printed = new ArrayList<>();
    private int busyFor;

    @Test
    void theEmailChannelIsRegisteredForEmailCommunications() {
        directory.addUnit("org-1", "block-a", "flat-1", "Ada Lovelace", "ada@example.com");
        CommunicationCentre centre = DispatchSnippets.email(new InMemoryCommunicationStore(), directory, "secret");
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "Bin day moves")
                .channel("email").build());
        centre.addRecipients(admin, c.id(), List.of("flat-1"));
        assertThat(centre.send(admin, c.id()).status()).as("a channel is registered for email, so it does not fail")
                .isEqualTo(CommunicationStatus.SENDING);
    }

    @Test
    void lettersGoToThePrintServiceOnceEachAndTheUnaddressableOneFails() throws InterruptedException {
        directory.addUnit("org-1", "block-a", "flat-1", "Ada Lovelace", null);
        directory.addUnit("org-1", "block-a", "flat-2", null, null);
        busyFor = 1; // the service asks to come back later once
        CommunicationCentre centre = DispatchSnippets.build(new InMemoryCommunicationStore(), directory,
                (reference, name, subject, html) -> {
                    if (busyFor-- > 0) {
                        throw new DispatchSnippets.PostRoomBusy("queue full");
                    }
                    printed.add(reference + " " + name);
                    return "job-" + printed.size();
                });
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Service charge demand")
                .bodyHtml("<p>Please pay by 1 June.</p>").blockId("block-a").channel("post").build());
        centre.addBlockRecipients(admin, c.id());
        assertThat(DispatchSnippets.sendNow(centre, admin, c.id()).status()).isEqualTo(CommunicationStatus.SENDING);

        centre.dispatchDue();
        List<Recipient> rs = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(10)).items();
        assertThat(rs.get(0).deliveryStatus()).as("tried later").isEqualTo(DeliveryStatus.PENDING);
        assertThat(rs.get(1).deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(rs.get(1).failureReason()).contains("no leaseholder name");
        assertThat(DispatchSnippets.poller(centre).isRunning()).isFalse();

        // the retry waits 30 seconds of the (system) clock: a short-paused round of the host's scheduler is not due yet
        ScheduledExecutorService scheduler = DispatchSnippets.hostScheduler(centre);
        scheduler.shutdown();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(printed).isEmpty();
        assertThat(centre.getById(admin, c.id()).communication().status()).isEqualTo(CommunicationStatus.SENDING);
    }
}
