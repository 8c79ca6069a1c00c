package io.github.commscentre.boot;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.boot.sample.Flat;
import io.github.commscentre.boot.sample.FlatRepository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.UUID;

/** A host's transactional service, as the tests need it: the host's rows and ours in one {@code @Transactional}. */
public class HostWork {

    private final FlatRepository flats;
    private final CommunicationCentre centre;
    private HostWork self;

    public HostWork(FlatRepository flats, CommunicationCentre centre) {
        this.flats = flats;
        this.centre = centre;
    }

    /** The proxied bean, for calls that must go through the transaction advice (REQUIRES_NEW). */
    void setSelf(HostWork self) {
        this.self = self;
    }

    static NewCommunication circular(String subject, String unitId) {
        return NewCommunication.builder(CommunicationType.CIRCULAR, subject).unitId(unitId).channel("post").build();
    }

    @Transactional
    public Communication addFlatAndWelcome(Caller admin, Flat flat) {
        flats.save(flat);
        Communication welcome = centre.create(admin, circular("Welcome to " + flat.getBlockId(), flat.getId()));
        centre.addRecipients(admin, welcome.id(), List.of(flat.getId()));
        return welcome;
    }

    @Transactional
    public Communication addFlatAndWelcomeThenFail(Caller admin, Flat flat) {
        Communication welcome = addFlatAndWelcome(admin, flat);
        throw new IllegalStateException("the host changed its mind after " + welcome.id());
    }

    /** Creates one communication here, one in a transaction of its own in the middle, then adds recipients here. */
    @Transactional
    public List<Communication> outerAndRequiresNew(Caller admin, String unitId) {
        Communication outer = centre.create(admin, circular("Outer", unitId));
        Communication inner = self.inNewTransaction(admin, unitId);
        centre.addRecipients(admin, outer.id(), List.of(unitId));
        return List.of(outer, inner);
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Communication inNewTransaction(Caller admin, String unitId) {
        Communication inner = centre.create(admin, circular("Inner", unitId));
        centre.addRecipients(admin, inner.id(), List.of(unitId));
        return inner;
    }

    /** Saves a flat, then asks for a communication that does not exist and carries on when told NOT_FOUND. */
    @Transactional
    public ErrorCode addFlatAfterCaughtNotFound(Caller admin, Flat flat) {
        flats.save(flat);
        try {
            centre.getById(admin, UUID.randomUUID());
            throw new AssertionError("a communication that does not exist was found");
        } catch (CommunicationCentreException e) {
            return e.code();
        }
    }

    /** Saves a flat, then tries to edit a communication that does not exist and carries on when told NOT_FOUND. */
    @Transactional
    public ErrorCode addFlatAfterCaughtNotFoundOnAWrite(Caller admin, Flat flat) {
        flats.save(flat);
        try {
            centre.addRecipients(admin, UUID.randomUUID(), List.of(flat.getId()));
            throw new AssertionError("a communication that does not exist took recipients");
        } catch (CommunicationCentreException e) {
            return e.code();
        }
    }

    /** Saves a flat, then creates a communication with a blank subject and carries on when told BAD_REQUEST. */
    @Transactional
    public ErrorCode addFlatAfterCaughtBadRequest(Caller admin, Flat flat) {
        flats.save(flat);
        try {
            centre.create(admin, circular(" ", flat.getId()));
            throw new AssertionError("a blank subject was accepted");
        } catch (CommunicationCentreException e) {
            return e.code();
        }
    }

    /** Saves a flat, then adds a unit the directory does not know and carries on when told BAD_REQUEST. */
    @Transactional
    public ErrorCode addFlatAfterCaughtBadRequestOnAWrite(Caller admin, Flat flat, UUID communicationId) {
        flats.save(flat);
        try {
            centre.addRecipients(admin, communicationId, List.of("no-such-unit"));
            throw new AssertionError("an unknown unit was added");
        } catch (CommunicationCentreException e) {
            return e.code();
        }
    }
}
