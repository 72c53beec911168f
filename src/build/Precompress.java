import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build step (pom.xml, phase process-classes), run as a single source file: writes a brotli-compressed
 * sibling {@code <name>.br} of each classpath resource named, under the output directory, so that
 * Spring's resource chain (EncodedResourceResolver) can serve it to a browser that accepts {@code br}.
 * Tomcat compresses on the fly with gzip only; brotli at its highest quality is too slow to do per
 * request but costs a few seconds once here. The names carry their version (the pdf.js WebJar's), so a
 * sibling already written stands for the same bytes and is kept.
 *
 * <p>Arguments: the output directory, then the resource names.
 */
public class Precompress {

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Brotli4jLoader.ensureAvailability();
        Encoder.Parameters quality = new Encoder.Parameters().setQuality(11).setMode(Encoder.Mode.TEXT);
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            Path target = out.resolve(name + ".br");
            if (Files.exists(target)) {
                continue;
            }
            byte[] plain;
            try (InputStream in = Precompress.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalArgumentException("Not on the classpath: " + name);
                }
                plain = in.readAllBytes();
            }
            byte[] compressed = Encoder.compress(plain, quality);
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            Files.write(partial, compressed);
            Files.move(partial, target);
            System.out.printf("brotli: %s %,d -> %,d bytes%n", name, plain.length, compressed.length);
        }
    }
}
