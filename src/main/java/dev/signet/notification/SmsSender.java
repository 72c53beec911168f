package dev.signet.notification;

/**
 * How the outbox hands an SMS row to an SMS provider. Implemented outside this package by the
 * provider's client ({@code assurance}); without one, or without its settings, SMS rows fail with
 * a reason instead of leaving. Sandbox rows and every row in embedded mode never get here: they
 * are kept in the outbox like mail.
 */
public interface SmsSender {

    /** True when a provider is set up, so SMS rows can leave. */
    boolean configured();

    /**
     * Sends one text to one number; returns the provider's id of the message.
     *
     * @param to the number in E.164
     * @throws NotSent with a reason that may be stored as the row's last error (it names no number)
     */
    String send(String to, String text) throws NotSent;

    /** The provider did not take the message. {@code permanent}: trying again cannot help (e.g. a refused number). */
    final class NotSent extends Exception {

        private final boolean permanent;

        public NotSent(String reason, boolean permanent) {
            super(reason);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
