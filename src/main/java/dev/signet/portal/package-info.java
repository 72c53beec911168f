/**
 * The sender portal (issue 16): server-rendered pages under {@code /portal} for the people of an
 * organisation. Its users, their roles and password links are its own tables; envelopes are read
 * through {@code envelope}'s door and mail goes through {@code notification}'s. Its one door,
 * {@link dev.signet.portal.EnvelopeRoutes}, is what {@code workflow} answers about an envelope's route.
 */
package dev.signet.portal;
