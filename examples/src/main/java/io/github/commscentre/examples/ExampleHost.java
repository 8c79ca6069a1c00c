package io.github.commscentre.examples;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.letters.Letterhead;
import io.github.commscentre.letters.PdfLetterRenderer;
import io.github.commscentre.letters.PrintBatchChannel;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * The example's host application, put together as one without a framework would put it together: an embedded H2
 * database migrated by the host's Flyway, the JPA store over it, the host's own {@link EstateDirectory} and
 * {@link OfficeClock}, a letter renderer with the organisation's letterhead, email into a folder of {@code .eml} files
 * ({@link EmlFolderChannel}) and post through the letters module's print-batch channel into a folder a print-and-post
 * service collects from ({@link PrintRoom}). Closing it closes the store and drops the database.
 */
final class ExampleHost implements AutoCloseable {

    private final CommunicationCentre centre;
    private final EstateDirectory estate;
    private final OfficeClock clock;
    private final Path outbox;
    private final PrintRoom printRoom;
    private final JpaCommunicationStore store;
    private final String jdbcUrl;

    private ExampleHost(CommunicationCentre centre, EstateDirectory estate, OfficeClock clock, Path outbox,
                        PrintRoom printRoom, JpaCommunicationStore store, String jdbcUrl) {
        this.centre = centre;
        this.estate = estate;
        this.clock = clock;
        this.outbox = outbox;
        this.printRoom = printRoom;
        this.store = store;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * @param agent       the managing agent whose week it is
     * @param otherAgent  another agent on the same installation
     * @param outbox      the folder emails are written to
     * @param printFolder the folder letters for the print-and-post service are written to
     * @return the host, on a fresh in-memory database
     */
    static ExampleHost start(String agent, String otherAgent, Path outbox, Path printFolder) {
        // Hibernate logs through JBoss Logging, which falls back to java.util.logging unless told otherwise;
        // routed to SLF4J, the example's simplelogger.properties keeps it to warnings. A host's own choice wins.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        String jdbcUrl = "jdbc:h2:mem:block-manager-week-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JpaCommunicationStore store = null;
        try {
            ExampleDatabase.migrate(jdbcUrl);
            store = JpaCommunicationStore.standalone(jdbcUrl, "sa", "");
            EstateDirectory estate = EstateDirectory.harbourEstates(agent, otherAgent);
            OfficeClock clock = new OfficeClock(Instant.parse("2026-03-02T08:30:00Z"));
            PdfLetterRenderer letters = PdfLetterRenderer.builder()
                    .letterhead(Letterhead.builder("Harbour Estates Ltd")
                            .address("Harbour House", "1 Quay Street", "Bristol BS1 4AA", "0117 496 0000")
                            .footer("Harbour Estates Ltd, managing agents, registered in England and Wales no. 01234567.")
                            .build())
                    .build();
            PrintRoom printRoom = new PrintRoom(printFolder);
            CommunicationCentre centre = CommunicationCentre.builder()
                    .store(store)
                    .directory(estate)
                    .clock(clock)
                    .letterRenderer(letters)                                  // letter(...): a copy for the file
                    .deliveryChannel("email", new EmlFolderChannel(outbox))
                    .deliveryChannel("post", new PrintBatchChannel(letters, printRoom))
                    .build();
            return new ExampleHost(centre, estate, clock, outbox, printRoom, store, jdbcUrl);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            ExampleDatabase.shutdown(jdbcUrl);
            throw e;
        }
    }

    /** @return the Communications Centre, as the host's code calls it */
    CommunicationCentre centre() {
        return centre;
    }

    /** @return the host's register of blocks, units and leaseholders */
    EstateDirectory estate() {
        return estate;
    }

    /** @return the host's clock, which the week moves */
    OfficeClock clock() {
        return clock;
    }

    /** @return the folder emails are written to */
    Path outbox() {
        return outbox;
    }

    /** @return where letters for the post go */
    PrintRoom printRoom() {
        return printRoom;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            ExampleDatabase.shutdown(jdbcUrl);
        }
    }
}
