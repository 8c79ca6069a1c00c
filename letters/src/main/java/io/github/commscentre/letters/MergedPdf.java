package io.github.commscentre.letters;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSBoolean;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNull;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdfwriter.COSWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Letters appended one after another into one PDF for the printer, written as they come: each letter is read, its
 * pages and everything they use (contents, fonts, images) are written out with new object numbers, and the letter is
 * closed before the next. What stays in memory is an offset per object written and a number per page, so a batch of
 * thousands of letters fits a small heap. (PDFBox's own merge keeps every merged object in memory until it saves:
 * 5,000 letters did not fit 256 MB.)
 *
 * <p>Only what a printer needs is copied: the pages' contents, resources, boxes and rotation. Links, accessibility
 * tags and metadata stay in each letter's own PDF, whose SHA-256 the manifest gives.
 */
final class MergedPdf implements Closeable {

    /** Page entries a printer needs; a page's resources and boxes may be inherited, so they are resolved first. */
    private static final Set<COSName> PAGE_KEYS = Set.of(COSName.CONTENTS, COSName.RESOURCES, COSName.MEDIA_BOX,
            COSName.CROP_BOX, COSName.ROTATE, COSName.GROUP, COSName.USER_UNIT);
    private static final int CATALOG = 1;
    private static final int PAGES = 2;
    private static final int INFO = 3;

    private final Counting out;
    private long[] offsets = new long[1024];
    private int[] pages = new int[256];
    private int pageCount;
    private int nextNumber = INFO + 1;

    MergedPdf(Path target) throws IOException {
        this.out = new Counting(new BufferedOutputStream(Files.newOutputStream(target), 64 * 1024));
        out.write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * @param letter a letter's PDF
     * @return the page of the merged PDF it starts on, from 1
     * @throws IOException when it cannot be read or written
     */
    int append(Path letter) throws IOException {
        int first = pageCount + 1;
        try (PDDocument source = Loader.loadPDF(letter.toFile())) {
            Map<COSBase, Integer> numbers = new IdentityHashMap<>();
            Deque<COSBase> pending = new ArrayDeque<>();
            for (PDPage page : source.getPages()) {
                COSDictionary copy = new COSDictionary();
                copy.setItem(COSName.TYPE, COSName.PAGE);
                for (COSName key : PAGE_KEYS) {
                    COSBase value = page.getCOSObject().getItem(key);
                    if (value != null) {
                        copy.setItem(key, value);
                    }
                }
                // inherited from the page tree when the page lacks them
                copy.setItem(COSName.RESOURCES, page.getResources());
                copy.setItem(COSName.MEDIA_BOX, page.getMediaBox());
                int number = nextNumber++;
                addPage(number);
                writeObject(number, copy, numbers, pending, true);
            }
            while (!pending.isEmpty()) {
                COSBase object = pending.poll();
                writeObject(numbers.get(object), object, numbers, pending, false);
            }
        }
        return first;
    }

    /** @return the pages so far */
    int pages() {
        return pageCount;
    }

    /**
     * Writes the page tree, the catalog, the document information and the cross-reference table.
     *
     * @param title its title
     * @param id    its document id, derived from what it holds
     * @throws IOException when it cannot be written
     */
    void finish(String title, byte[] id) throws IOException {
        offset(PAGES);
        write(PAGES + " 0 obj\n<< /Type /Pages /Count " + pageCount + " /Kids [");
        for (int i = 0; i < pageCount; i++) {
            write((i % 16 == 0 ? "\n" : " ") + pages[i] + " 0 R");
        }
        write(" ] >>\nendobj\n");
        offset(CATALOG);
        write(CATALOG + " 0 obj\n<< /Type /Catalog /Pages " + PAGES + " 0 R >>\nendobj\n");
        offset(INFO);
        write(INFO + " 0 obj\n<< /Title ");
        COSWriter.writeString(new COSString(title), out);
        write(" /Producer ");
        COSWriter.writeString(new COSString(PdfLetterRenderer.PRODUCER), out);
        write(" >>\nendobj\n");
        long xref = out.count;
        write("xref\n0 " + nextNumber + "\n0000000000 65535 f \n");
        for (int n = 1; n < nextNumber; n++) {
            write(String.format("%010d 00000 n \n", offsets[n]));
        }
        String hex = HexFormat.of().formatHex(id);
        write("trailer\n<< /Size " + nextNumber + " /Root " + CATALOG + " 0 R /Info " + INFO + " 0 R /ID [<" + hex
                + "> <" + hex + ">] >>\nstartxref\n" + xref + "\n%%EOF\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void addPage(int number) {
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, pages.length * 2);
        }
        pages[pageCount++] = number;
    }

    private void offset(int number) {
        if (number >= offsets.length) {
            offsets = Arrays.copyOf(offsets, Math.max(offsets.length * 2, number + 1));
        }
        offsets[number] = out.count;
    }

    private void writeObject(int number, COSBase object, Map<COSBase, Integer> numbers, Deque<COSBase> pending,
                             boolean page) throws IOException {
        offset(number);
        write(number + " 0 obj\n");
        if (object instanceof COSStream stream) {
            try (InputStream raw = stream.createRawInputStream()) {
                byte[] data = raw.readAllBytes();
                COSDictionary dictionary = new COSDictionary();
                for (Map.Entry<COSName, COSBase> entry : stream.entrySet()) {
                    if (!entry.getKey().equals(COSName.LENGTH)) {
                        dictionary.setItem(entry.getKey(), entry.getValue());
                    }
                }
                dictionary.setInt(COSName.LENGTH, data.length);
                writeDirect(dictionary, numbers, pending);
                write("\nstream\n");
                out.write(data);
                write("\nendstream");
            }
        } else {
            if (page) {
                ((COSDictionary) object).setItem(COSName.PARENT, new Reference(PAGES));
            }
            writeDirect(object, numbers, pending);
        }
        write("\nendobj\n");
    }

    private void writeDirect(COSBase value, Map<COSBase, Integer> numbers, Deque<COSBase> pending) throws IOException {
        if (value instanceof COSObject indirect) {
            COSBase target = indirect.getObject();
            writeDirect(target == null ? COSNull.NULL : asReference(target, numbers, pending), numbers, pending);
        } else if (value instanceof Reference reference) {
            write(reference.number + " 0 R");
        } else if (value instanceof COSStream stream) {
            writeDirect(asReference(stream, numbers, pending), numbers, pending);
        } else if (value instanceof COSDictionary dictionary) {
            write("<<");
            for (Map.Entry<COSName, COSBase> entry : dictionary.entrySet()) {
                out.write(' ');
                entry.getKey().writePDF(out);
                out.write(' ');
                writeDirect(entry.getValue(), numbers, pending);
            }
            write(" >>");
        } else if (value instanceof COSArray array) {
            write("[");
            for (COSBase item : array) {
                out.write(' ');
                writeDirect(item == null ? COSNull.NULL : item, numbers, pending);
            }
            write(" ]");
        } else if (value instanceof COSString string) {
            COSWriter.writeString(string, out);
        } else if (value instanceof COSName name) {
            name.writePDF(out);
        } else if (value instanceof COSInteger integer) {
            integer.writePDF(out);
        } else if (value instanceof COSFloat real) {
            real.writePDF(out);
        } else if (value instanceof COSBoolean bool) {
            bool.writePDF(out);
        } else if (value == null || value instanceof COSNull) {
            write("null");
        } else {
            throw new IOException("cannot copy a " + value.getClass().getSimpleName() + " into the merged PDF");
        }
    }

    /** An object of the letter that must be an object of its own in the merged PDF: numbered once, written later. */
    private Reference asReference(COSBase target, Map<COSBase, Integer> numbers, Deque<COSBase> pending) {
        Integer number = numbers.get(target);
        if (number == null) {
            number = nextNumber++;
            numbers.put(target, number);
            pending.add(target);
        }
        return new Reference(number);
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A reference to an object of the merged PDF, written as {@code n 0 R}. */
    private static final class Reference extends COSBase {
        private final int number;

        Reference(int number) {
            this.number = number;
        }

        @Override
        public void accept(org.apache.pdfbox.cos.ICOSVisitor visitor) {
            throw new UnsupportedOperationException("only MergedPdf writes a merged reference");
        }
    }

    /** Counts the bytes written, for the cross-reference table. */
    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
