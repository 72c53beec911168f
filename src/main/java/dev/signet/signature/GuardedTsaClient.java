package dev.signet.signature;

import com.itextpdf.signatures.ITSAClient;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Marks any TSA failure as a {@link TimestampException}, whichever way iText wraps it on the way
 * out, so callers can tell "the TSA is down, retry" from "this PDF cannot be signed".
 */
final class GuardedTsaClient implements ITSAClient {

    private final ITSAClient delegate;

    GuardedTsaClient(ITSAClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int getTokenSizeEstimate() {
        return delegate.getTokenSizeEstimate();
    }

    @Override
    public MessageDigest getMessageDigest() throws GeneralSecurityException {
        return delegate.getMessageDigest();
    }

    @Override
    public byte[] getTimeStampToken(byte[] imprint) {
        try {
            byte[] token = delegate.getTimeStampToken(imprint);
            if (token == null || token.length == 0) {
                throw new TimestampException("The TSA returned no token");
            }
            return token;
        } catch (TimestampException e) {
            throw e;
        } catch (Exception e) {
            throw new TimestampException("The TSA did not timestamp: " + e.getMessage(), e);
        }
    }

    /** The TimestampException somewhere in {@code failure}'s causes, if any. */
    static TimestampException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimestampException) {
                return (TimestampException) t;
            }
        }
        return null;
    }
}
