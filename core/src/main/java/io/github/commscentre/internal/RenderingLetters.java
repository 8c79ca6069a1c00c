package io.github.commscentre.internal;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.LetterRenderer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A communication as the letter one recipient gets, or as a preview without a recipient, rendered by the host's
 * {@link LetterRenderer}. The date comes from the communication (when sending began, else when it was sent, scheduled
 * or created, on the UK's calendar), never from the clock, so a letter renders the same bytes whenever it is asked for.
 */
final class RenderingLetters {

    /** Letters are dated on the UK's calendar. */
    static final ZoneId LETTER_ZONE = ZoneId.of("Europe/London");

    private final Ports ports;
    private final LetterRenderer renderer;

    RenderingLetters(Ports ports, LetterRenderer renderer) {
        this.ports = ports;
        this.renderer = renderer;
    }

    byte[] letter(Caller caller, UUID communicationId, UUID recipientId) {
        String org = Callers.reader(caller);
        UUID cid = Texts.requireNonNull("communicationId", communicationId);
        UUID rid = Texts.requireNonNull("recipientId", recipientId);
        Letter letter = ports.read(org, tx -> {
            Communication c = tx.findCommunication(cid).orElseThrow(() -> StoredCommunications.notFound(cid));
            Recipient r = tx.findRecipient(rid).filter(found -> found.communicationId().equals(cid))
                    .orElseThrow(() -> CommunicationCentreException.notFound("recipient " + rid + " of communication "
                            + cid + " not found"));
            return new Letter(org, cid, rid, c.communicationType(), c.subject(), c.bodyHtml(), date(c),
                    r.recipientName(), r.postalAddress());
        });
        return render(letter);
    }

    byte[] preview(Caller caller, UUID communicationId) {
        String org = Callers.reader(caller);
        UUID cid = Texts.requireNonNull("communicationId", communicationId);
        Communication c = ports.read(org, tx -> tx.findCommunication(cid).orElseThrow(() -> StoredCommunications.notFound(cid)));
        return render(new Letter(org, cid, null, c.communicationType(), c.subject(), c.bodyHtml(), date(c), null, null));
    }

    /** The date every letter of the communication carries. */
    static LocalDate date(Communication c) {
        Instant when = c.sendingStartedAt() != null ? c.sendingStartedAt()
                : c.sentAt() != null ? c.sentAt()
                : c.scheduledAt() != null ? c.scheduledAt()
                : c.createdAt();
        return LocalDate.ofInstant(when, LETTER_ZONE);
    }

    private byte[] render(Letter letter) {
        if (renderer == null) {
            throw CommunicationCentreException.unavailable("no letter renderer is registered: pass one to the builder's"
                    + " letterRenderer(...), for example communication-centre-letters' PdfLetterRenderer", null);
        }
        try {
            return renderer.render(letter);
        } catch (LetterRenderer.UnrenderableTextException e) {
            throw CommunicationCentreException.badRequest(e.field(), e.getMessage().substring(e.field().length() + 1));
        } catch (CommunicationCentreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CommunicationCentreException.unavailable("the letter renderer failed (the cause says how)", e);
        }
    }
}
