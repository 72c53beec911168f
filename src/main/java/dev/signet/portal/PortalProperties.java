package dev.signet.portal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code signet.portal.*}.
 *
 * @param adminEmail the first admin's address, made in embedded mode on the first start
 * @param adminPassword the first admin's password; empty: generated and printed once
 */
@ConfigurationProperties("signet.portal")
record PortalProperties(String adminEmail, String adminPassword) {}
