package dev.signet.notification;

import java.util.List;
import java.util.UUID;

/**
 * Files an email carries, fetched when it is sent rather than copied into the outbox row: the
 * completion pack can be megabytes and is already stored once.
 */
public interface MessageAttachments {

    record Attachment(String fileName, String contentType, byte[] content) {}

    /** What a message of this kind about this envelope carries; empty for most kinds. */
    List<Attachment> forMessage(UUID envelopeId, String kind);
}
