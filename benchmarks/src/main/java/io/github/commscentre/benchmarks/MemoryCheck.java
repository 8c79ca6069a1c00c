package io.github.commscentre.benchmarks;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;

import java.util.Locale;
import java.util.UUID;

/**
 * Run by {@link Runner} in a JVM of its own with {@code -Xmx256m}: addRecipients of 50,000 units, the dispatch of
 * those 50,000 recipients, then listing through all 1,000,000 communications of the listing organisation, 100 per
 * page, on each database. Prints OK with
 * the time and the peak heap used, or FAIL (and exits with 1).
 */
public final class MemoryCheck {

    private MemoryCheck() {
    }

    /**
     * @param args the databases ({@code h2}, {@code postgresql})
     */
    public static void main(String[] args) {
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.println("max heap of this JVM: " + mb(maxHeap));
        boolean ok = true;
        for (String db : args) {
            try (BenchDatabase database = BenchDatabase.open(db)) {
                Datasets.ensure(database, Datasets.Dataset.LIST);
                CommunicationCentre centre = Facades.dispatchingCentre(database.store());

                Caller admin = Caller.admin(Datasets.transientOrganisation("memory"), "user-1");
                Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM").channel("email").build());
                sampler.reset();
                long started = System.nanoTime();
                AddRecipientsResult added = centre.addRecipients(admin, c.id(), BenchDirectory.unitIds(Sizes.MEMORY_ADD_UNITS));
                double seconds = (System.nanoTime() - started) / 1e9;
                if (added.added() != Sizes.MEMORY_ADD_UNITS) {
                    throw new IllegalStateException("added " + added.added() + " of " + Sizes.MEMORY_ADD_UNITS);
                }
                System.out.printf(Locale.ROOT, "OK   %-10s addRecipients of %,d units: %.1f s, peak heap used %s, live after GC %s%n",
                        db, Sizes.MEMORY_ADD_UNITS, seconds, mb(sampler.peakUsed()), mb(sampler.peakAfterGc()));

                // The same 50,000 recipients sent: the dispatcher holds a batch of 500 at a time.
                centre.send(admin, c.id());
                sampler.reset();
                started = System.nanoTime();
                DispatchReport dispatched = centre.dispatchDue(admin.organisationId());
                seconds = (System.nanoTime() - started) / 1e9;
                if (dispatched.accepted() != Sizes.MEMORY_ADD_UNITS || dispatched.finished() != 1) {
                    throw new IllegalStateException("dispatched " + dispatched + " of " + Sizes.MEMORY_ADD_UNITS);
                }
                System.out.printf(Locale.ROOT, "OK   %-10s dispatch of %,d recipients: %.1f s, peak heap used %s, live after GC %s%n",
                        db, Sizes.MEMORY_ADD_UNITS, seconds, mb(sampler.peakUsed()), mb(sampler.peakAfterGc()));

                Caller member = Caller.member(Datasets.LIST_ORG, "user-2");
                sampler.reset();
                started = System.nanoTime();
                long listed = 0;
                long pages = 0;
                CommunicationSummary previous = null;
                String cursor = null;
                do {
                    Page<CommunicationSummary> page = centre.list(member, CommunicationFilter.all(),
                            cursor == null ? PageRequest.first(100) : PageRequest.after(cursor, 100));
                    for (CommunicationSummary item : page.items()) {
                        if (previous != null && !newerThan(previous, item)) {
                            throw new IllegalStateException("listing out of order at " + listed + ": " + item.id());
                        }
                        previous = item;
                    }
                    listed += page.items().size();
                    pages++;
                    cursor = page.nextCursor();
                } while (cursor != null);
                seconds = (System.nanoTime() - started) / 1e9;
                if (listed != Sizes.LIST_ROWS) {
                    throw new IllegalStateException("listed " + listed + " of " + Sizes.LIST_ROWS + " communications");
                }
                System.out.printf(Locale.ROOT, "OK   %-10s list through %,d communications (%,d pages of 100): %.1f s, "
                                + "peak heap used %s, live after GC %s%n",
                        db, listed, pages, seconds, mb(sampler.peakUsed()), mb(sampler.peakAfterGc()));
            } catch (Throwable t) {
                ok = false;
                System.out.println("FAIL " + db + ": " + t);
                t.printStackTrace(System.out);
            }
        }
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }

    private static boolean newerThan(CommunicationSummary a, CommunicationSummary b) {
        int byTime = a.createdAt().compareTo(b.createdAt());
        if (byTime != 0) {
            return byTime > 0;
        }
        UUID x = a.id();
        UUID y = b.id();
        int msb = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
        return (msb != 0 ? msb : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits())) > 0;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1024.0 / 1024.0);
    }
}
