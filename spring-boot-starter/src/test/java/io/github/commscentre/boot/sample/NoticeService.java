package io.github.commscentre.boot.sample;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

// tag::service[]
/** The host's service: a notice to every flat of a block, sent by email. */
@Service
public class NoticeService {

    private final CommunicationCentre centre;

    public NoticeService(CommunicationCentre centre) {
        this.centre = centre;
    }

    @Transactional // the notice, its recipients and the send commit together, or not at all
    public Communication sendAgmNotice(Caller admin, String blockId) {
        Communication notice = centre.create(admin,
                NewCommunication.builder(CommunicationType.AGM_NOTICE, "Annual general meeting, 14 May")
                        .bodyHtml("<p>The AGM of the residents' association is on 14 May at 7pm.</p>")
                        .blockId(blockId)
                        .channel("email")
                        .build());
        centre.addBlockRecipients(admin, notice.id()); // every flat's leaseholder, as of now
        return centre.send(admin, notice.id());        // the poller hands it to the email channel
    }
}
// end::service[]
