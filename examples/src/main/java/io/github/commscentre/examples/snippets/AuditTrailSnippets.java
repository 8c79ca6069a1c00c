package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.examples.AuditExport;
import io.github.commscentre.spi.CommunicationStore;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The code of {@code docs/audit-trail.md}, compiled; {@code DocsSnippetsTest} proves the page shows exactly this. */
public final class AuditTrailSnippets {

    private AuditTrailSnippets() {
    }

    static void export(CommunicationStore store, String organisationId) throws IOException {
        // tag::export[]
        Path file = Path.of("audit-" + organisationId + ".jsonl");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long events = AuditExport.writeJsonLines(store, organisationId, out);
            System.out.println(events + " events written to " + file);
        }
        // end::export[]
    }

    static void exportThroughTheFacade(CommunicationCentre centre, Caller auditor) throws IOException {
        // tag::export-facade[]
        Path file = Path.of("audit-" + auditor.organisationId() + ".jsonl");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long lines = centre.exportAuditTrail(auditor, out);   // streamed: a million events need no more memory
            System.out.println(lines + " events written to " + file);
        }
        // end::export-facade[]
    }
}
