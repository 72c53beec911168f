package dev.signet.notification;

import java.util.UUID;

/** Published when the dispatcher has a result for a message that belongs to a recipient. */
public record DeliveryRecorded(UUID recipientId, Channel channel, String kind, String status) {}
