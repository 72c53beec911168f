package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The QR code Signet draws for the Yoti app: a scanner reads back exactly the link drawn. */
class QrCodesTest {

    private static final Pattern SIZE = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");

    @Test
    void aScannerReadsTheLinkBack() throws Exception {
        String link = "https://code.yoti.com/emulated/AbC+/dEf=?x=1&y=2";
        String svg = QrCodes.svg(link);

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").doesNotContain("<script");
        assertThat(new QRCodeReader().decode(bitmap(svg, 4)).getText()).isEqualTo(link);
    }

    @Test
    void nothingOrTooMuchIsNotDrawn() {
        assertThatThrownBy(() -> QrCodes.svg("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrCodes.svg("x".repeat(QrCodes.MAX_TEXT + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The SVG's unit squares as a picture, each module {@code scale} pixels wide, as a camera would see it. */
    private static BinaryBitmap bitmap(String svg, int scale) {
        Matcher size = SIZE.matcher(svg);
        assertThat(size.find()).isTrue();
        int width = Integer.parseInt(size.group(1)) * scale;
        int height = Integer.parseInt(size.group(2)) * scale;
        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Matcher module = MODULE.matcher(svg);
        while (module.find()) {
            int x = Integer.parseInt(module.group(1));
            int y = Integer.parseInt(module.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * width + x * scale + dx] = 0x000000;
                }
            }
        }
        return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
    }
}
