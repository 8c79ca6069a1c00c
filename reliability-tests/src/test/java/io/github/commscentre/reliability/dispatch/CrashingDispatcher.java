package io.github.commscentre.reliability.dispatch;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dispatcher {@link DispatchCrashTestBase} kills: a JVM of its own that dispatches one organisation's due
 * communications over the database until nothing is left, with a channel that appends every message it is handed to a
 * file (recipient id, idempotency key, attempt; one {@code write} per message, so a line reaches the operating system
 * before the next message is looked at, and survives {@code SIGKILL}) and accepts it. The test kills the JVM at a
 * point of its choosing and reads the file.
 *
 * <p>Arguments: JDBC URL, user and password ({@code -} for none), organisation, the clock's start (ISO instant),
 * batch size, a pause in milliseconds after handing each batch over (0 for none), the file, and a file whose appearance
 * starts the dispatch: the JVM starts and connects while the test prepares the organisation's communication (and
 * while it recovers from the previous run), so that the runs do not each wait for a JVM to start. Prints {@code READY}
 * once connected and {@code DONE} when nothing is left.
 */
public final class CrashingDispatcher {

    /** The lease of the crashing dispatcher's claims: the test's second dispatcher moves its clock past it. */
    static final Duration LEASE = Duration.ofMinutes(10);

    private CrashingDispatcher() {
    }

    /** @return the settings both dispatchers of the crash test use, with this batch size */
    static DispatchSettings settings(int batchSize) {
        return DispatchSettings.builder().batchSize(batchSize).lease(LEASE).channelTimeout(Duration.ofMinutes(1)).build();
    }

    /**
     * @param args see the class comment
     * @throws Exception anything: the JVM's exit code and output tell the test
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            throw new IllegalArgumentException("expected 9 arguments (url user password organisation start batchSize"
                    + " pauseMillis file goFile), got " + args.length);
        }
        String url = args[0];
        String user = "-".equals(args[1]) ? null : args[1];
        String password = "-".equals(args[2]) ? null : args[2];
        String org = args[3];
        MutableClock clock = MutableClock.at(Instant.parse(args[4]));
        clock.tickOnEveryRead(Duration.ofNanos(1_000));
        int batchSize = Integer.parseInt(args[5]);
        long pauseMillis = Long.parseLong(args[6]);
        try (FileOutputStream file = new FileOutputStream(args[7], true);
             JpaCommunicationStore store = user == null ? JpaCommunicationStore.standalone(url)
                     : JpaCommunicationStore.standalone(url, user, password)) {
            DeliveryChannel channel = messages -> {
                List<DeliveryOutcome> outcomes = new ArrayList<>(messages.size());
                for (OutgoingMessage m : messages) {
                    append(file, HandOver.of("child", m).line());
                    outcomes.add(DeliveryOutcome.accepted(m.recipientId(), "provider-" + m.idempotencyKey()));
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
                return outcomes;
            };
            CommunicationCentre centre = CommunicationCentre.builder().store(store)
                    .directory(new InMemoryPropertyDirectory()).clock(clock)
                    .deliveryChannel("email", channel).dispatchSettings(settings(batchSize)).build();
            centre.dispatchDue("org-warm-up-" + java.util.UUID.randomUUID()); // connects and prepares the first statements
            System.out.println("READY");
            waitFor(Path.of(args[8]));
            while (!centre.dispatchDue(org).equals(DispatchReport.NOTHING)) {
                // the next round takes what is left
            }
            System.out.println("DONE");
        }
    }

    /** Waits for the test's signal; gives up after ten minutes, in case the test's JVM is gone. */
    private static void waitFor(Path go) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                System.out.println("no signal to start came in ten minutes");
                System.exit(3);
            }
            Thread.sleep(2);
        }
    }

    /** Unbuffered: each line is one write to the operating system, which keeps it when the JVM is killed. */
    private static synchronized void append(FileOutputStream file, String line) throws IOException {
        file.write(line.getBytes(StandardCharsets.US_ASCII));
    }
}
