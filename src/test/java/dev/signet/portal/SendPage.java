package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import dev.signet.Chromium;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the browser tests of the Send page do alike: where each field type goes, the recipient cards, a
 * drag with the mouse or a finger.
 */
final class SendPage {

    /** Where each field type goes on page 1: its top-left corner, as fractions of the page; no two overlap. */
    static final Map<String, double[]> SPOTS;

    static {
        Map<String, double[]> spots = new LinkedHashMap<>();
        spots.put("signature", new double[] {0.10, 0.05});
        spots.put("initials", new double[] {0.60, 0.05});
        spots.put("text_field", new double[] {0.10, 0.15});
        spots.put("checkbox_field", new double[] {0.60, 0.15});
        spots.put("radio_field", new double[] {0.10, 0.25});
        spots.put("date_signed_field", new double[] {0.60, 0.25});
        spots.put("attachment", new double[] {0.10, 0.35});
        SPOTS = Collections.unmodifiableMap(spots);
    }

    private SendPage() {}

    /** The n-th recipient's card (from 1). */
    static Locator recipient(Page page, int n) {
        return page.locator("#recipients > li:nth-child(" + n + ")");
    }

    /** Drags a type from the palette with the mouse and drops it with its top-left corner at (x, y) of page 1. */
    static void drop(Page page, String type, double x, double y) {
        page.locator(".palette").evaluate("el => el.scrollIntoView({block: 'start'})");
        BoundingBox chip = page.locator(".chip[data-type=" + type + "]").boundingBox();
        BoundingBox target = page.locator(".page[data-page='1']").boundingBox();
        int before = page.locator(".tag").count();
        page.mouse().move(chip.x + chip.width / 2, chip.y + chip.height / 2);
        page.mouse().down();
        page.mouse()
                .move(target.x + x * target.width, target.y + y * target.height, new Mouse.MoveOptions().setSteps(8));
        page.mouse().up();
        assertThat(page.locator(".tag").count()).as("dropped a " + type).isEqualTo(before + 1);
    }

    /**
     * Drags a type from the palette with a finger and lets go with the finger still moving, at (x, y)
     * of page 1.
     */
    static void dragWithFinger(Page page, String type, double x, double y) {
        page.locator(".palette").evaluate("el => el.scrollIntoView({block: 'start'})");
        BoundingBox chip = page.locator(".chip[data-type=" + type + "]").boundingBox();
        BoundingBox target = page.locator(".page[data-page='1']").boundingBox();
        int before = page.locator(".tag").count();
        fingerStroke(
                page,
                chip.x + chip.width / 2,
                chip.y + chip.height / 2,
                target.x + x * target.width,
                target.y + y * target.height);
        assertThat(page.locator(".tag").count())
                .as("dragged a " + type + " with a finger")
                .isEqualTo(before + 1);
    }

    /** A finger down at (x0, y0), moved in ten steps to (x1, y1) and lifted there while still moving. */
    static void fingerStroke(Page page, double x0, double y0, double x1, double y1) {
        List<double[]> path = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            path.add(new double[] {x0 + (x1 - x0) * i / 10, y0 + (y1 - y0) * i / 10});
        }
        Chromium.touchStroke(page, path);
    }
}
