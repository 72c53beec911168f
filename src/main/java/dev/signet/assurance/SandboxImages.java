package dev.signet.assurance;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The sandbox provider's pictures: a specimen identity card and a selfie placeholder, drawn once
 * (shapes only, no text: a server may have no fonts), with red sandbox stripes, so an integrator's
 * code that fetches IDV media gets a real PNG and nobody mistakes it for a person's document.
 */
final class SandboxImages {

    private static final byte[] FRONT = draw(640, 400, false);
    private static final byte[] SELFIE = draw(360, 480, true);

    private SandboxImages() {}

    static byte[] documentFront() {
        return FRONT.clone();
    }

    static byte[] selfie() {
        return SELFIE.clone();
    }

    private static byte[] draw(int width, int height, boolean face) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0xEEF2F7));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0xB00020));
            g.setStroke(new BasicStroke(8));
            g.drawRect(4, 4, width - 8, height - 8);
            for (int x = -height; x < width; x += 60) {
                g.drawLine(x, height, x + height, 0);
            }
            g.setColor(Color.GRAY);
            if (face) {
                g.fillOval(width / 3, height / 5, width / 3, height / 3);
                g.fillRoundRect(width / 5, height * 3 / 5, width * 3 / 5, height / 3, 60, 60);
            } else {
                g.fillRect(width / 12, height / 5, width / 4, height * 3 / 5);
                for (int row = 0; row < 4; row++) {
                    g.fillRect(width * 5 / 12, height / 5 + row * height / 8, width / 2, height / 20);
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
