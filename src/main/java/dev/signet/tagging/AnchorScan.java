package dev.signet.tagging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link AnchorFinder} found in one document.
 *
 * @param autoTagged page 1 holds the {@code |AT|} header; without it nothing else is looked for
 * @param anchors the valid anchors, in document order
 * @param problems anchor-like texts that are not valid; they stay in the document
 */
public record AnchorScan(boolean autoTagged, List<Anchor> anchors, List<AnchorProblem> problems) {

    public AnchorScan {
        anchors = List.copyOf(anchors);
        problems = List.copyOf(problems);
    }

    /**
     * The field specs of every anchor, each owned by the recipient whose role it names.
     *
     * @param recipients recipient id by role (see {@link RoleKey#parse(String)})
     * @throws FieldPlacementException naming the first anchor whose role has no recipient
     */
    public List<FieldSpec> fieldSpecs(Map<RoleKey, UUID> recipients) {
        List<FieldSpec> specs = new ArrayList<>(anchors.size());
        for (Anchor anchor : anchors) {
            UUID recipient = recipients.get(anchor.role());
            if (recipient == null) {
                throw new FieldPlacementException(
                        FieldPlacementException.Reason.BAD_SPEC,
                        anchor.tagName(),
                        "anchor " + anchor.text() + " on page " + anchor.pageNumber() + " is for role " + anchor.role()
                                + " but no recipient has that role");
            }
            specs.add(anchor.toFieldSpec(recipient));
        }
        return specs;
    }
}
