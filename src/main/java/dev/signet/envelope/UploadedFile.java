package dev.signet.envelope;

/** One uploaded document as received: its multipart filename and bytes. */
public record UploadedFile(String fileName, byte[] content) {}
