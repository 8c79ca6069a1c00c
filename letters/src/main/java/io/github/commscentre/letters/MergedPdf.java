package io.github.commscentre.letters;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Letters appended one after another into one PDF for the printer, with the page each starts on. Each letter is read
 * from its file and closed before the next; the merged document keeps its streams (fonts, page contents, the logo) in
 * a temporary file rather than in the heap, so a batch of thousands of letters fits a small heap.
 *
 * <p>The letters' accessibility tags, XMP metadata and language are left out of the merged PDF: it goes to a printer,
 * and each letter's own PDF, whose SHA-256 the manifest gives, keeps them.
 */
final class MergedPdf implements Closeable {

    private static final COSName[] LEFT_OUT = {COSName.STRUCT_TREE_ROOT, COSName.MARK_INFO, COSName.METADATA,
            COSName.LANG, COSName.VIEWER_PREFERENCES};

    private final PDDocument merged = new PDDocument(IOUtils.createTempFileOnlyStreamCache());
    private final PDFMergerUtility merger = new PDFMergerUtility();
    private int pages;

    /**
     * @param letter a letter's PDF
     * @return the page of the merged PDF it starts on, from 1
     * @throws IOException when it cannot be read
     */
    int append(Path letter) throws IOException {
        try (PDDocument source = Loader.loadPDF(letter.toFile())) {
            COSDictionary catalog = source.getDocumentCatalog().getCOSObject();
            for (COSName key : LEFT_OUT) {
                catalog.removeItem(key);
            }
            int first = pages + 1;
            merger.appendDocument(merged, source);
            pages += source.getNumberOfPages();
            return first;
        }
    }

    /** @return the pages so far */
    int pages() {
        return pages;
    }

    /**
     * @param target where to write the merged PDF
     * @param title  its title
     * @param id     its document id, derived from what it holds
     * @throws IOException when it cannot be written
     */
    void save(Path target, String title, byte[] id) throws IOException {
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(title);
        info.setProducer(PdfLetterRenderer.PRODUCER);
        merged.setDocumentInformation(info);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        merged.getDocument().getTrailer().setItem(COSName.ID, ids);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 64 * 1024)) {
            merged.save(out);
        }
    }

    @Override
    public void close() throws IOException {
        merged.close();
    }
}
