/**
 * Templates (issue 16, item 3; a Signet extension): documents, roles and envelope options kept by
 * an organisation and sent again with the people for the roles. Its own tables; envelopes are
 * checked and created through {@code envelope}'s door, so a template obeys the create's rules.
 * {@link dev.signet.template.Templates} is the door; the portal's pages use it.
 */
package dev.signet.template;
