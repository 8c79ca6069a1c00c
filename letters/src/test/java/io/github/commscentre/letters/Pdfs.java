package io.github.commscentre.letters;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.PDFTextStripperByArea;

import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads PDFs back, as a person or a print service would. */
final class Pdfs {

    /** PDF points per millimetre. */
    static final float MM = 72f / 25.4f;

    private Pdfs() {
    }

    /** @return every page's text, in reading order */
    static String text(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the text of one page (1-based) */
    static String pageText(byte[] pdf, int page) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            return stripper.getText(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the text inside a rectangle of a page (1-based), measured in millimetres from the top left corner */
    static String textIn(byte[] pdf, int page, float leftMm, float topMm, float widthMm, float heightMm) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripperByArea stripper = new PDFTextStripperByArea();
            stripper.setSortByPosition(true);
            stripper.addRegion("r", new Rectangle2D.Float(leftMm * MM, topMm * MM, widthMm * MM, heightMm * MM));
            stripper.extractRegions(doc.getPage(page - 1));
            return stripper.getTextForRegion("r");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int pages(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getNumberOfPages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
