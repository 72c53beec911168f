/**
 * Tags become form fields, and fields get their values: the document side of "Documents and
 * signatures", usable on its own with iText {@code PdfDocument}s.
 *
 * <ul>
 *   <li>{@link dev.signet.tagging.FieldPlacement} adds one AcroForm field per tag ({@link
 *       dev.signet.tagging.FieldSpec}) at its place on the visible page, named by {@link
 *       dev.signet.tagging.FieldNames}.
 *   <li>{@link dev.signet.tagging.AnchorFinder} finds auto-tagging anchors, removes them from the
 *       page content and turns them into field specs, matched to recipients by {@link
 *       dev.signet.tagging.RoleKey}.
 *   <li>{@link dev.signet.tagging.FieldFiller} fills one signer's fields inside the signing step's
 *       incremental update; {@link dev.signet.tagging.SignatureAppearances} gives that step the
 *       appearance of the field it signs.
 *   <li>{@link dev.signet.tagging.TagValues} checks a signer's submitted values against their tags,
 *       after the conditional {@link dev.signet.tagging.FieldRules} decide which tags are hidden or
 *       required; an attachment's value has the {@link dev.signet.tagging.AttachmentValue} format.
 * </ul>
 * Errors that a request causes are {@link dev.signet.tagging.TaggingException}s (422).
 */
package dev.signet.tagging;
