/**
 * Letters: {@link io.github.commscentre.letters.PdfLetterRenderer}, the {@link io.github.commscentre.spi.LetterRenderer}
 * that renders a communication as the PDF letter one recipient gets (openhtmltopdf on PDFBox, embedded Liberation
 * fonts, the same bytes on every render), and {@link io.github.commscentre.letters.PrintBatchChannel}, the delivery
 * channel for post that turns each dispatch batch into one merged PDF and a CSV manifest for a print-and-post service.
 */
package io.github.commscentre.letters;
