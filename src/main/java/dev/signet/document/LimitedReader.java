package dev.signet.document;

import com.itextpdf.io.source.IRandomAccessSource;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfIndirectReference;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfNumber;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfStream;
import com.itextpdf.kernel.pdf.ReaderProperties;
import dev.signet.document.PdfLimitExceeded.Limit;
import java.io.IOException;

/**
 * iText's reader with Signet's limits on every path that decodes or parses: page content, object
 * streams and cross-reference streams all decode through {@link #readStreamBytes}; every object is
 * parsed through the overridden read methods, which keep the clock and the nesting depth.
 */
final class LimitedReader extends PdfReader {

    private final ReadBudget budget;
    private final StreamDecoder decoder;

    LimitedReader(IRandomAccessSource source, ReaderProperties properties, ReadBudget budget) throws IOException {
        super(source, properties);
        this.budget = budget;
        this.decoder = new StreamDecoder(budget);
    }

    @Override
    protected void readPdf() throws IOException {
        budget.timed(() -> {
            super.readPdf();
            return null;
        });
    }

    @Override
    public byte[] readStreamBytes(PdfStream stream, boolean decode) throws IOException {
        return budget.timed(() -> {
            byte[] raw = readStreamBytesRaw(stream);
            return decode && raw != null ? decoder.decode(raw, stream) : raw;
        });
    }

    @Override
    protected PdfObject readObject(PdfIndirectReference reference) {
        return budget.timed(() -> super.readObject(reference));
    }

    /** iText sizes two arrays by /N before it reads a byte of the stream. */
    @Override
    protected void readObjectStream(PdfStream objectStream) throws IOException {
        PdfNumber count = objectStream == null ? null : objectStream.getAsNumber(PdfName.N);
        if (count != null && count.longValue() > SafePdf.MAX_OBJECTS) {
            throw new PdfLimitExceeded(Limit.OBJECTS);
        }
        budget.timed(() -> {
            super.readObjectStream(objectStream);
            return null;
        });
    }

    @Override
    protected PdfDictionary readDictionary(boolean objStm) throws IOException {
        budget.enter();
        try {
            budget.checkTime();
            return super.readDictionary(objStm);
        } finally {
            budget.leave();
        }
    }

    @Override
    protected PdfArray readArray(boolean objStm) throws IOException {
        budget.enter();
        try {
            budget.checkTime();
            return super.readArray(objStm);
        } finally {
            budget.leave();
        }
    }

    @Override
    protected void fixXref() throws IOException {
        budget.timed(() -> {
            super.fixXref();
            return null;
        });
    }

    @Override
    protected void rebuildXref() throws IOException {
        budget.timed(() -> {
            super.rebuildXref();
            return null;
        });
    }
}
