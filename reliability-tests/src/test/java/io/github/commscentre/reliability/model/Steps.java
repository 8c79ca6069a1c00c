package io.github.commscentre.reliability.model;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.reliability.model.Refs.Ref;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The facade calls the differential test makes: each one knows how to ask the model and how to ask a store. */
public final class Steps {

    private Steps() {
    }

    /** One call. */
    public interface Step {
        /** @return what the model says the call gives (the model's state moves on) */
        Outcome expect(ReferenceModel model);

        /** @return the store's answer, normalised; throws what the facade throws */
        Object execute(World world);

        /** @return a readable description for failure messages */
        String describe();
    }

    /** Where a page request's cursor comes from. */
    public record CursorChoice(Integer index, boolean tampered, String literal) {
        /** No cursor: the first page. */
        public static final CursorChoice FIRST = new CursorChoice(null, false, null);

        boolean present() {
            return index != null || literal != null;
        }

        String in(List<String> registry) {
            if (literal != null) {
                return literal;
            }
            if (index == null) {
                return null;
            }
            String cursor = index < registry.size() ? registry.get(index) : "missing-cursor-" + index;
            if (!tampered) {
                return cursor;
            }
            // The first character carries the format version: changing it always changes the decoded bytes.
            char first = cursor.charAt(0);
            return (first == 'Q' ? 'R' : 'Q') + cursor.substring(1);
        }

        @Override
        public String toString() {
            return literal != null ? "literal '" + literal + "'" : index == null ? "first" : (tampered ? "tampered #" : "#") + index;
        }
    }

    /** {@code create} */
    public record Create(Caller caller, NewCommunication input) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.create(caller, input);
        }

        @Override
        public Object execute(World w) {
            Communication c = w.centre().create(caller, input);
            w.registerCommunication(c.id());
            return w.norm(c);
        }

        @Override
        public String describe() {
            return "create(" + caller + ", " + Texts.brief(input) + ")";
        }
    }

    /** {@code update} */
    public record Update(Caller caller, Ref ref, CommunicationChanges changes) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.update(caller, ref, changes);
        }

        @Override
        public Object execute(World w) {
            return w.norm(w.centre().update(caller, w.resolve(ref), changes));
        }

        @Override
        public String describe() {
            return "update(" + caller + ", " + ref + ", " + Texts.brief(changes) + ")";
        }
    }

    /** {@code markSent} */
    public record MarkSent(Caller caller, Ref ref) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.markSent(caller, ref);
        }

        @Override
        public Object execute(World w) {
            return w.norm(w.centre().markSent(caller, w.resolve(ref)));
        }

        @Override
        public String describe() {
            return "markSent(" + caller + ", " + ref + ")";
        }
    }

    /** {@code markFailed} */
    public record MarkFailed(Caller caller, Ref ref, String reason) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.markFailed(caller, ref, reason);
        }

        @Override
        public Object execute(World w) {
            return w.norm(w.centre().markFailed(caller, w.resolve(ref), reason));
        }

        @Override
        public String describe() {
            return "markFailed(" + caller + ", " + ref + ", " + Texts.brief(reason) + ")";
        }
    }

    /** {@code delete} */
    public record Delete(Caller caller, Ref ref) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.delete(caller, ref);
        }

        @Override
        public Object execute(World w) {
            w.centre().delete(caller, w.resolve(ref));
            return "deleted";
        }

        @Override
        public String describe() {
            return "delete(" + caller + ", " + ref + ")";
        }
    }

    /** {@code duplicate} */
    public record Duplicate(Caller caller, Ref ref, boolean includeRecipients) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.duplicate(caller, ref, includeRecipients);
        }

        @Override
        public Object execute(World w) {
            Communication c = w.centre().duplicate(caller, w.resolve(ref), includeRecipients);
            w.registerCommunication(c.id());
            w.syncRecipients(caller.organisationId(), c.id());
            return w.norm(c);
        }

        @Override
        public String describe() {
            return "duplicate(" + caller + ", " + ref + ", " + includeRecipients + ")";
        }
    }

    /** {@code addRecipients} */
    public record AddRecipients(Caller caller, Ref ref, Collection<String> unitIds) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.addRecipients(caller, ref, unitIds);
        }

        @Override
        public Object execute(World w) {
            AddRecipientsResult r = w.centre().addRecipients(caller, w.resolve(ref), unitIds);
            w.syncRecipients(caller.organisationId(), w.resolve(ref));
            return r;
        }

        @Override
        public String describe() {
            return "addRecipients(" + caller + ", " + ref + ", " + Texts.brief(unitIds) + ")";
        }
    }

    /** {@code addBlockRecipients} */
    public record AddBlockRecipients(Caller caller, Ref ref) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.addBlockRecipients(caller, ref);
        }

        @Override
        public Object execute(World w) {
            AddRecipientsResult r = w.centre().addBlockRecipients(caller, w.resolve(ref));
            w.syncRecipients(caller.organisationId(), w.resolve(ref));
            return r;
        }

        @Override
        public String describe() {
            return "addBlockRecipients(" + caller + ", " + ref + ")";
        }
    }

    /** {@code updateRecipientStatus} */
    public record UpdateRecipientStatus(Caller caller, Ref recipient, DeliveryStatus status, String reason) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.updateRecipientStatus(caller, recipient, status, reason);
        }

        @Override
        public Object execute(World w) {
            return w.norm(w.centre().updateRecipientStatus(caller, w.resolveRecipient(recipient), status, reason));
        }

        @Override
        public String describe() {
            return "updateRecipientStatus(" + caller + ", recipient " + recipient + ", " + status + ", " + Texts.brief(reason) + ")";
        }
    }

    /** {@code list} */
    public record ListPage(Caller caller, CommunicationFilter filter, int limit, CursorChoice cursor) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            PageRequest page = new PageRequest(cursor.present() ? "model" : null, limit);
            return model.list(caller, filter, page, cursor.index(), cursor.tampered());
        }

        @Override
        public Object execute(World w) {
            Page<CommunicationSummary> p = w.centre().list(caller, filter, new PageRequest(cursor.in(w.communicationCursors), limit));
            if (p.hasNext()) {
                w.communicationCursors.add(p.nextCursor());
            }
            List<Normalised.Comm> items = new ArrayList<>();
            p.items().forEach(c -> items.add(w.norm(c)));
            return new Normalised.PageOf<>(items, p.hasNext(), p.nextCursor() != null);
        }

        @Override
        public String describe() {
            return "list(" + caller + ", " + filter + ", limit " + limit + ", cursor " + cursor + ")";
        }
    }

    /** {@code count} */
    public record Count(Caller caller, CommunicationFilter filter) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.count(caller, filter);
        }

        @Override
        public Object execute(World w) {
            return w.centre().count(caller, filter);
        }

        @Override
        public String describe() {
            return "count(" + caller + ", " + filter + ")";
        }
    }

    /** {@code getById} */
    public record GetById(Caller caller, Ref ref) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.getById(caller, ref);
        }

        @Override
        public Object execute(World w) {
            return w.norm(w.centre().getById(caller, w.resolve(ref)));
        }

        @Override
        public String describe() {
            return "getById(" + caller + ", " + ref + ")";
        }
    }

    /** {@code listRecipients} */
    public record ListRecipients(Caller caller, Ref ref, RecipientFilter filter, int limit, CursorChoice cursor) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            PageRequest page = new PageRequest(cursor.present() ? "model" : null, limit);
            return model.listRecipients(caller, ref, filter, page, cursor.index(), cursor.tampered());
        }

        @Override
        public Object execute(World w) {
            Page<Recipient> p = w.centre().listRecipients(caller, w.resolve(ref), filter,
                    new PageRequest(cursor.in(w.recipientCursors), limit));
            if (p.hasNext()) {
                w.recipientCursors.add(p.nextCursor());
            }
            List<Normalised.Rec> items = new ArrayList<>();
            p.items().forEach(r -> items.add(w.norm(r)));
            return new Normalised.PageOf<>(items, p.hasNext(), p.nextCursor() != null);
        }

        @Override
        public String describe() {
            return "listRecipients(" + caller + ", " + ref + ", " + filter + ", limit " + limit + ", cursor " + cursor + ")";
        }
    }

    /** {@code auditTrail} */
    public record AuditTrail(Caller caller, Ref ref) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.auditTrail(caller, ref);
        }

        @Override
        public Object execute(World w) {
            List<AuditEvent> trail = w.centre().auditTrail(caller, w.resolve(ref));
            List<Normalised.Event> events = new ArrayList<>();
            trail.forEach(e -> events.add(w.norm(e)));
            return events;
        }

        @Override
        public String describe() {
            return "auditTrail(" + caller + ", " + ref + ")";
        }
    }

    /** {@code verifyAuditTrail} */
    public record Verify(Caller caller) implements Step {
        @Override
        public Outcome expect(ReferenceModel model) {
            return model.verify(caller);
        }

        @Override
        public Object execute(World w) {
            AuditVerification v = w.centre().verifyAuditTrail(caller);
            return new Normalised.Verification(v.intact(), v.eventsChecked(),
                    v.firstBrokenSequence().isPresent() ? v.firstBrokenSequence().getAsLong() : null);
        }

        @Override
        public String describe() {
            return "verifyAuditTrail(" + caller + ")";
        }
    }

    /** Short renderings of long inputs for messages. */
    public static final class Texts {
        private Texts() {
        }

        public static String brief(Object value) {
            String s = String.valueOf(value);
            // Long inputs are mostly one character repeated (boundary lengths): show them as c{xN}.
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < s.length()) {
                int cp = s.codePointAt(i);
                int run = 1;
                int j = i + Character.charCount(cp);
                while (j < s.length() && s.codePointAt(j) == cp) {
                    run++;
                    j += Character.charCount(cp);
                }
                if (run > 8) {
                    out.appendCodePoint(cp).append("{x").append(run).append('}');
                } else {
                    out.append(s, i, j);
                }
                i = j;
            }
            String shortened = out.toString();
            if (shortened.length() <= 4000) {
                return shortened;
            }
            return shortened.substring(0, shortened.offsetByCodePoints(0, 3000)) + "...(" + s.length() + " chars)";
        }
    }
}
