package dev.signet.tagging;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The role part of an anchor, {@code S1} or {@code T2}: what links a recipient's {@code role}
 * ("Signer 1", "Tenant 2") to the anchors that are theirs.
 */
public record RoleKey(char letter, int number) {

    public static final int MAX_NUMBER = 30;

    private static final Map<String, Character> ROLES =
            Map.of("signer", 'S', "tenant", 'T', "landlord", 'L', "agent", 'A', "guarantor", 'G', "contractor", 'C');
    private static final Pattern ROLE = Pattern.compile("([a-z]+)\\s*(\\d{1,3})");

    /**
     * The key of a recipient's role: "Signer 1", "signer1", "TENANT 2" or the short form "T2",
     * case-insensitive; empty for anything else (no number, unknown word, number not 1 to 30).
     */
    public static Optional<RoleKey> parse(String role) {
        if (role == null) {
            return Optional.empty();
        }
        Matcher m = ROLE.matcher(role.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        String word = m.group(1);
        Character letter = word.length() == 1 && ROLES.containsValue(Character.toUpperCase(word.charAt(0)))
                ? Character.valueOf(Character.toUpperCase(word.charAt(0)))
                : ROLES.get(word);
        int number = Integer.parseInt(m.group(2));
        if (letter == null || number < 1 || number > MAX_NUMBER) {
            return Optional.empty();
        }
        return Optional.of(new RoleKey(letter, number));
    }

    @Override
    public String toString() {
        return letter + Integer.toString(number);
    }
}
