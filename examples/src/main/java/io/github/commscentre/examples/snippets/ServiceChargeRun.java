package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Host code that uses the Communications Centre: the half-yearly service-charge run of a block. It stands for
 * the code a host tests with the in-memory adapter ({@code docs/testing-with-in-memory.md}).
 */
public final class ServiceChargeRun {

    private final CommunicationCentre centre;
    private final Clock clock;

    /**
     * @param centre the Communications Centre
     * @param clock  the same clock the centre was built with
     */
    public ServiceChargeRun(CommunicationCentre centre, Clock clock) {
        this.centre = centre;
        this.clock = clock;
    }

    /**
     * Schedules the demand of a block for every unit in it.
     *
     * @param admin   the block manager
     * @param blockId the block
     * @param period  for example "half-year to 30 September 2026"
     * @param sendAt  when the mailer should send it
     * @return the scheduled demand, with every unit of the block as a recipient
     */
    public Communication schedule(Caller admin, String blockId, String period, Instant sendAt) {
        Communication demand = centre.create(admin,
                NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Service charge demand: " + period)
                        .blockId(blockId)
                        .scheduledAt(sendAt)
                        .build());
        centre.addBlockRecipients(admin, demand.id());
        return demand;
    }

    /**
     * @param admin the block manager, or the mailer's system user
     * @return the scheduled demands whose time has come, as summaries: the mailer reads each with its body by getById
     */
    public List<CommunicationSummary> due(Caller admin) {
        List<CommunicationSummary> due = new ArrayList<>();
        CommunicationFilter filter = CommunicationFilter.builder()
                .communicationType(CommunicationType.DEMAND_LETTER)
                .status(CommunicationStatus.SCHEDULED)
                .build();
        PageRequest page = PageRequest.first(100);
        while (true) {
            Page<CommunicationSummary> result = centre.list(admin, filter, page);
            for (CommunicationSummary c : result.items()) {
                if (!c.scheduledAt().isAfter(clock.instant())) {
                    due.add(c);
                }
            }
            if (!result.hasNext()) {
                return due;
            }
            page = PageRequest.after(result.nextCursor(), 100);
        }
    }
}
