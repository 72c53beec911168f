package dev.signet.document;

import com.itextpdf.io.codec.brotli.dec.BrotliInputStream;
import com.itextpdf.kernel.exceptions.KernelExceptionMessageConstant;
import com.itextpdf.kernel.exceptions.PdfException;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfNumber;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfStream;
import com.itextpdf.kernel.pdf.filters.FilterHandlers;
import com.itextpdf.kernel.pdf.filters.FlateDecodeFilter;
import com.itextpdf.kernel.pdf.filters.IFilterHandler;
import com.itextpdf.kernel.pdf.filters.LZWDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a stream's bytes the way iText's filters do, but every filter that can expand its input
 * stops at the reader's allowance while decoding (Flate counts before it keeps anything; the rarer
 * ones write into a buffer that refuses to grow past it) and checks the clock as it goes. iText bounds only streams it deems suspicious and none that have no indirect
 * reference (the cross-reference stream itself); its Flate decoder, on damaged data, starts again
 * one byte at a time, which turns a bomb into minutes. Here damaged data yields what decoded so
 * far, as in readers, at full speed.
 */
final class StreamDecoder {

    private static final int CHUNK = 64 * 1024;

    private final ReadBudget budget;

    StreamDecoder(ReadBudget budget) {
        this.budget = budget;
    }

    byte[] decode(byte[] raw, PdfStream stream) {
        List<PdfName> filters = filters(stream.get(PdfName.Filter));
        List<PdfObject> params = params(stream);
        byte[] data = raw;
        long allowance = budget.allowance();
        for (int i = 0; i < filters.size(); i++) {
            PdfName filter = filters.get(i);
            PdfObject param = i < params.size() ? params.get(i) : null;
            data = apply(filter, data, param instanceof PdfDictionary d ? d : null, stream, allowance);
            if (data.length > allowance) {
                throw new PdfLimitExceeded(budget.limitAt(allowance));
            }
        }
        if (!filters.isEmpty()) {
            budget.decoded(data.length);
        }
        return data;
    }

    private byte[] apply(PdfName filter, byte[] data, PdfDictionary param, PdfStream stream, long allowance) {
        if (PdfName.FlateDecode.equals(filter) || PdfName.Fl.equals(filter)) {
            return FlateDecodeFilter.decodePredictor(inflate(data, allowance), param);
        }
        if (PdfName.LZWDecode.equals(filter)) {
            Bounded out = new Bounded(allowance);
            new LZWDecoder().decode(data, out);
            return FlateDecodeFilter.decodePredictor(out.toByteArray(), param);
        }
        if (PdfName.RunLengthDecode.equals(filter)) {
            return runLength(data, allowance);
        }
        if (PdfName.BrotliDecode.equals(filter)) {
            return FlateDecodeFilter.decodePredictor(brotli(data, param, allowance), param);
        }
        if (PdfName.CCITTFaxDecode.equals(filter)) {
            checkFaxSize(stream, allowance);
        }
        IFilterHandler handler = FilterHandlers.getDefaultFilterHandlers().get(filter);
        if (handler == null) {
            throw new PdfException(KernelExceptionMessageConstant.THIS_FILTER_IS_NOT_SUPPORTED)
                    .setMessageParams(filter);
        }
        // The rest (hex, base-85, images passed through as they are) never grow their input much.
        return handler.decode(data, filter, param, stream);
    }

    /**
     * Flate, nearly every stream, in two passes: the first only counts, into a small scratch
     * buffer, so a bomb is refused having taken no heap at all; the second inflates into an array
     * of exactly the size counted. Inflating twice costs far less than a bomb would.
     */
    private byte[] inflate(byte[] data, long allowance) {
        int size = Math.toIntExact(inflatedSize(data, allowance));
        byte[] all = new byte[size];
        Inflater inflater = new Inflater();
        int at = 0;
        try {
            inflater.setInput(data);
            while (at < size) {
                int n = inflater.inflate(all, at, size - at);
                at += n;
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            // Damaged data: keep what decoded, as readers do (the count stopped at the same place).
        } finally {
            inflater.end();
        }
        return at == size ? all : Arrays.copyOf(all, at);
    }

    private long inflatedSize(byte[] data, long allowance) {
        Inflater inflater = new Inflater();
        byte[] scratch = new byte[CHUNK];
        long size = 0;
        long sinceCheck = 0;
        try {
            inflater.setInput(data);
            while (!inflater.finished()) {
                int n = inflater.inflate(scratch);
                size += n;
                sinceCheck += n;
                if (size > allowance) {
                    throw new PdfLimitExceeded(budget.limitAt(allowance));
                }
                if (sinceCheck > 4 * 1024 * 1024) {
                    sinceCheck = 0;
                    budget.checkTime();
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            // Damaged data: what decoded so far is what the stream holds.
        } finally {
            inflater.end();
        }
        return size;
    }

    private byte[] runLength(byte[] data, long allowance) {
        Bounded out = new Bounded(allowance);
        for (int i = 0; i < data.length; i++) {
            int length = data[i] & 0xff;
            if (length == 128) {
                break;
            }
            if (length < 128) {
                int count = Math.min(length + 1, data.length - i - 1);
                out.write(data, i + 1, count);
                i += length + 1;
            } else if (i + 1 < data.length) {
                byte[] run = new byte[257 - length];
                Arrays.fill(run, data[++i]);
                out.write(run, 0, run.length);
            }
        }
        return out.toByteArray();
    }

    private byte[] brotli(byte[] data, PdfDictionary param, long allowance) {
        Bounded out = new Bounded(allowance);
        try (BrotliInputStream in = new BrotliInputStream(new ByteArrayInputStream(data))) {
            if (param != null && param.get(PdfName.D) instanceof PdfStream dictionary) {
                in.attachDictionaryChunk(dictionary.getBytes());
            }
            byte[] chunk = new byte[CHUNK];
            int n;
            while ((n = in.read(chunk, 0, chunk.length)) > 0) {
                out.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new PdfException(KernelExceptionMessageConstant.FAILED_TO_DECODE_BROTLI_STREAM, e);
        }
        return out.toByteArray();
    }

    /** iText's fax decoder allocates the whole bitmap the dictionary declares before reading a bit. */
    private void checkFaxSize(PdfStream stream, long allowance) {
        PdfNumber width = stream.getAsNumber(PdfName.Width);
        PdfNumber height = stream.getAsNumber(PdfName.Height);
        if (width != null
                && height != null
                && (width.longValue() < 0
                        || height.longValue() < 0
                        || (width.longValue() + 7) / 8 * height.longValue() > allowance)) {
            throw new PdfLimitExceeded(budget.limitAt(allowance));
        }
    }

    private static List<PdfName> filters(PdfObject filter) {
        List<PdfName> names = new ArrayList<>();
        if (filter instanceof PdfName name) {
            names.add(name);
        } else if (filter instanceof PdfArray array) {
            for (PdfObject each : array) {
                if (!(each instanceof PdfName name)) {
                    throw new PdfException(KernelExceptionMessageConstant.THIS_FILTER_IS_NOT_SUPPORTED)
                            .setMessageParams(each);
                }
                names.add(name);
            }
        }
        return names;
    }

    private static List<PdfObject> params(PdfStream stream) {
        PdfObject params = stream.get(PdfName.DecodeParms);
        if (!(params instanceof PdfDictionary) && !(params instanceof PdfArray)) {
            params = stream.get(PdfName.DP);
        }
        List<PdfObject> list = new ArrayList<>();
        if (params instanceof PdfDictionary) {
            list.add(params);
        } else if (params instanceof PdfArray array) {
            for (int i = 0; i < array.size(); i++) {
                list.add(array.get(i, true));
            }
        }
        return list;
    }

    /**
     * A buffer that refuses to grow past its allowance and checks the clock as it fills. It keeps
     * chunks and joins them once, so a large stream is not copied again at every doubling.
     */
    private final class Bounded extends OutputStream {
        private final long allowance;
        private final List<byte[]> chunks = new ArrayList<>();
        private byte[] current = new byte[CHUNK];
        private int used;
        private long count;
        private long sinceCheck;

        Bounded(long allowance) {
            this.allowance = allowance;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > allowance) {
                throw new PdfLimitExceeded(budget.limitAt(allowance));
            }
            count += len;
            sinceCheck += len;
            if (sinceCheck > 4 * 1024 * 1024) {
                sinceCheck = 0;
                budget.checkTime();
            }
            while (len > 0) {
                if (used == current.length) {
                    chunks.add(current);
                    current = new byte[Math.min(current.length * 2, 4 * 1024 * 1024)];
                    used = 0;
                }
                int n = Math.min(len, current.length - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        byte[] toByteArray() {
            byte[] all = new byte[Math.toIntExact(count)];
            int at = 0;
            for (byte[] chunk : chunks) {
                System.arraycopy(chunk, 0, all, at, chunk.length);
                at += chunk.length;
            }
            System.arraycopy(current, 0, all, at, used);
            return all;
        }
    }
}
