package dev.signet.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The data directory holds the embedded database, Signet's keys and the generated admin password:
 * only the account Signet runs as may read it. It is made owner-only ({@code rwx------}) before the
 * database opens, so H2's files are never reachable by others even while they are created with the
 * process's umask, and once started everything in it is made owner-only too ({@code rw-------}),
 * which also corrects a directory that an earlier version left world-readable. On a file system
 * without POSIX permissions (Windows) the directory's own access rules apply.
 */
@Configuration(proxyBeanMethods = false)
class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private final Environment env;

    DataDirectory(Environment env) {
        this.env = env;
    }

    /** Runs when the DataSource is built, before its first connection creates the database files. */
    @Bean
    static BeanPostProcessor dataDirectoryBeforeTheDatabase(Environment env) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource) {
                    closeDirectory(dataDir(env));
                }
                return bean;
            }
        };
    }

    @EventListener(ApplicationReadyEvent.class)
    void ownerOnlyOnceStarted() {
        secure(dataDir(env));
    }

    static Path dataDir(Environment env) {
        return Path.of(env.getProperty("signet.data-dir", "./data"));
    }

    /** Creates the directory if needed and makes it owner-only. */
    static void closeDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (posix()) {
                Files.setPosixFilePermissions(dir, DIRECTORY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the data directory " + dir, e);
        }
    }

    /** The directory and everything under it owner-only: directories rwx------, files rw-------. */
    static void secure(Path dir) {
        closeDirectory(dir);
        if (!posix()) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(p -> !Files.isSymbolicLink(p)).forEach(DataDirectory::ownerOnly);
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not make everything in the data directory {} owner-only: {}", dir, e.getMessage());
        }
    }

    private static void ownerOnly(Path path) {
        try {
            Files.setPosixFilePermissions(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE);
        } catch (IOException e) {
            // A file removed meanwhile (H2's temporary files come and go) or not ours: the directory guards it.
            log.debug("Could not restrict {}: {}", path, e.getMessage());
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
