package dev.signet.notification;

public enum Channel {
    EMAIL,
    SMS,
    WEBHOOK
}
