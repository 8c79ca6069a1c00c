package io.github.commscentre.letters;

import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.github.commscentre.verify.PackVerifier;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A certificate of service: the human-readable face of an evidence pack, as a PDF for a court bundle. It says who was
 * sent what, when and how (the content, each recipient with their delivery timeline, every event of the audit trail),
 * and how to check it (the key's fingerprint, the checkpoints, the commands that verify the pack). It is rendered only
 * from a pack that the offline verifier accepts with the given key, and it lists what that check found; the pack, not
 * the PDF, is the evidence, and the certificate says so.
 */
public final class CertificateOfService {

    private static final String STYLE = """
            @page { size: A4; margin: 18mm 16mm 20mm 16mm;
              @bottom-center { content: "Certificate of service, page " counter(page) " of " counter(pages);
                font-family: 'Letter Sans'; font-size: 8pt; color: #555; } }
            body { font-family: 'Letter Sans'; font-size: 9.5pt; line-height: 1.35; }
            h1 { font-size: 17pt; margin: 0 0 2mm 0; } h2 { font-size: 12pt; margin: 6mm 0 2mm 0; }
            table { width: 100%; border-collapse: collapse; margin: 1mm 0 2mm 0; }
            th, td { border: 0.3pt solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
            th { background: #eee; } .hash { font-family: 'Letter Mono'; font-size: 7pt; word-wrap: break-word; }
            .erased { font-style: italic; color: #555; } .body { border-left: 1mm solid #ccc; padding-left: 3mm; }
            .note { font-size: 8.5pt; color: #333; }
            .command { font-family: 'Letter Mono'; font-size: 8.5pt; margin: 1mm 0 1mm 6mm; }
            """;

    private final LetterFonts fonts;

    private CertificateOfService(LetterFonts fonts) {
        this.fonts = fonts;
    }

    /** @return a renderer with the letters' embedded Liberation fonts (Latin, Greek, Cyrillic) */
    public static CertificateOfService create() {
        return new CertificateOfService(LetterFonts.load(Map.of()));
    }

    /**
     * @param pack      an evidence pack's bytes ({@code EvidencePack.json()})
     * @param publicKey the organisation's checkpoint public key
     * @return the certificate as a PDF
     * @throws IllegalArgumentException when the pack does not verify with that key (the message lists why): no
     *                                  certificate is made of evidence that does not hold
     */
    public byte[] render(byte[] pack, PublicKey publicKey) {
        Objects.requireNonNull(pack, "pack must not be null");
        Objects.requireNonNull(publicKey, "publicKey must not be null");
        PackVerifier.Result result = PackVerifier.verify(pack, publicKey);
        if (!result.verified()) {
            throw new IllegalArgumentException("the evidence pack does not verify with key "
                    + PackVerifier.fingerprint(publicKey) + ": " + String.join("; ", result.problems()));
        }
        String xhtml = xhtml(result);
        try (PDDocument doc = new PDDocument(IOUtils.createMemoryOnlyStreamCache())) {
            PdfRendererBuilder builder = new PdfRendererBuilder().useFastMode().usePDDocument(doc)
                    .withHtmlContent(xhtml, null).withProducer(PdfLetterRenderer.PRODUCER);
            fonts.register(builder);
            try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
                renderer.createPDFWithoutClosing();
            }
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle("Certificate of service of communication " + result.pack().get("communicationId"));
            info.setProducer(PdfLetterRenderer.PRODUCER);
            info.setCustomMetadataValue("CommunicationId", String.valueOf(result.pack().get("communicationId")));
            doc.setDocumentInformation(info);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("the certificate could not be rendered: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static String xhtml(PackVerifier.Result result) {
        Map<String, Object> pack = result.pack();
        Map<String, Object> c = (Map<String, Object>) pack.get("communication");
        List<Map<String, Object>> recipients = (List<Map<String, Object>>) pack.get("recipients");
        List<Map<String, Object>> events = (List<Map<String, Object>>) pack.get("events");
        List<Map<String, Object>> checkpoints = (List<Map<String, Object>>) pack.get("checkpoints");
        Map<String, Object> key = (Map<String, Object>) pack.get("publicKey");

        Document doc = Document.createShell("");
        doc.head().appendElement("style").appendText(STYLE);
        Element body = doc.body();
        body.appendElement("h1").text("Certificate of service");
        body.appendElement("p").text("Organisation " + pack.get("organisationId") + ". Communication "
                + pack.get("communicationId") + ". Made from its evidence pack of " + pack.get("generatedAt") + ".");

        body.appendElement("h2").text("What was sent");
        if (c == null) {
            body.appendElement("p").text("The communication is no longer stored (it was deleted before it was sent);"
                    + " its audit events below are what remains.");
        } else {
            table(body, List.of("Type", "Subject", "Channel", "Status", "Sent", "Sent by"), List.of(List.of(
                    str(c.get("communicationType")), str(c.get("subject")), str(c.get("channel")), str(c.get("status")),
                    str(c.get("sentAt") != null ? c.get("sentAt") : c.get("failedAt")), str(c.get("sentBy")))));
            Element text = body.appendElement("div").addClass("body");
            text.appendElement("p").text(c.get("bodyHtml") == null ? "(no body)"
                    : Jsoup.parse(str(c.get("bodyHtml"))).text());
            body.appendElement("p").addClass("note").text("SHA-256 of the content as stored (every field above and"
                    + " more): ").appendElement("span").addClass("hash").text(str(pack.get("contentSha256")));
        }

        body.appendElement("h2").text("To whom");
        List<List<String>> rows = recipients.stream().map(r -> List.of(str(r.get("position")), str(r.get("unitId")),
                Boolean.TRUE.equals(r.get("erased")) ? "personal data erased" : str(r.get("name")),
                Boolean.TRUE.equals(r.get("erased")) ? "" : address(r), str(r.get("deliveryStatus")),
                str(r.get("deliveredAt")))).toList();
        table(body, List.of("#", "Unit", "Leaseholder", "Address and email", "Delivery", "Delivered"), rows);

        body.appendElement("h2").text("When and how: the audit trail");
        table(body, List.of("Event", "When (UTC)", "What", "By", "Details"), events.stream().map(e -> List.of(
                str(e.get("sequence")), str(e.get("occurredAt")), str(e.get("type")), str(e.get("actorUserId")),
                details(e))).toList());

        body.appendElement("h2").text("How to check");
        body.appendElement("p").text("This certificate was rendered from an evidence pack after the offline verifier"
                + " accepted it with the organisation's public key (SHA-256 fingerprint " + key.get("fingerprint")
                + "). The pack, not this PDF, is the evidence: check it yourself, without the sender's systems, with"
                + " either of these commands, and compare the checkpoints below with the copies the sender published"
                + " when they were made.");
        body.appendElement("p").addClass("command").text("java -jar communication-centre-verify.jar pack.json public-key.pem");
        body.appendElement("p").addClass("command").text("python3 verify_pack.py pack.json public-key.pem");
        table(body, List.of("Checkpoint (events)", "Signed (UTC)", "Merkle root"), checkpoints.stream().map(cp -> List.of(
                str(cp.get("treeSize")), str(cp.get("signedAt")), str(cp.get("rootHash")))).toList());
        Element found = body.appendElement("ul").addClass("note");
        result.checks().forEach(line -> found.appendElement("li").text(line));
        doc.outputSettings().syntax(Document.OutputSettings.Syntax.xml).charset("UTF-8").prettyPrint(false);
        return doc.outerHtml();
    }

    private static String address(Map<String, Object> r) {
        StringBuilder out = new StringBuilder();
        for (String k : List.of("addressLines", "town", "postcode", "country", "email")) {
            if (r.get(k) != null) {
                out.append(out.length() == 0 ? "" : ", ").append(str(r.get(k)).replace('\n', ','));
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static String details(Map<String, Object> e) {
        Map<String, Object> d = (Map<String, Object>) e.get("details");
        StringBuilder out = new StringBuilder();
        d.forEach((k, v) -> out.append(out.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
        List<Object> units = (List<Object>) e.get("unitIds");
        if (!units.isEmpty()) {
            out.append(out.length() == 0 ? "" : "; ").append("units: ").append(String.join(", ",
                    units.stream().map(String::valueOf).toList()));
        }
        return out.toString();
    }

    private static void table(Element parent, List<String> head, List<List<String>> rows) {
        Element table = parent.appendElement("table");
        Element tr = table.appendElement("thead").appendElement("tr");
        head.forEach(h -> tr.appendElement("th").text(h));
        Element tbody = table.appendElement("tbody");
        for (List<String> row : rows) {
            Element r = tbody.appendElement("tr");
            row.forEach(cell -> {
                Element td = r.appendElement("td").text(cell);
                if (cell.matches("[0-9a-f]{64}.*") || cell.contains("Sha256")) {
                    td.addClass("hash");
                }
                if ("personal data erased".equals(cell)) {
                    td.addClass("erased");
                }
            });
        }
    }

    private static String str(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
