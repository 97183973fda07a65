package org.mfa4j.examples.demo;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mfa4j.MfaUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The demo's own user table (mfa4j never owns users): an administrator and a normal user, in memory, with
 * passwords given by {@code demo.users.<name>.password} or drawn at random and printed once at start-up to
 * the console (never to a log). Contact e-mail addresses change through the protected action.
 */
@Component
public class DemoUsers implements UserDetailsService {

    /** The seeded user names: the administrator first. */
    public static final List<String> NAMES = List.of("admin", "alice");

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final Map<String, UserDetails> users = new ConcurrentHashMap<>();
    private final Map<String, String> emails = new ConcurrentHashMap<>();
    private final Map<String, String> shown = new ConcurrentHashMap<>();

    public DemoUsers(@Value("${demo.users.admin.password:}") String adminPassword,
                     @Value("${demo.users.alice.password:}") String alicePassword) {
        SecureRandom random = new SecureRandom();
        add("admin", orRandom(adminPassword, random), "ADMIN", "USER");
        add("alice", orRandom(alicePassword, random), "USER");
    }

    private void add(String name, String password, String... roles) {
        users.put(name, User.withUsername(name).password(encoder.encode(password)).roles(roles).build());
        emails.put(name, name + "@example.org");
        shown.put(name, password);
    }

    private static String orRandom(String given, SecureRandom random) {
        if (!given.isBlank()) {
            return given;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Prints the seeded accounts once the server listens, then forgets the clear passwords. */
    @EventListener(ApplicationReadyEvent.class)
    public void printAccounts(ApplicationReadyEvent ready) {
        StringBuilder sb = new StringBuilder("\nmfa4j demo web app: open http://localhost:")
                .append(ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080"))
                .append("/ and sign in as\n");
        for (String name : NAMES) {
            sb.append("  ").append(name).append(name.equals("admin") ? " (administrator)" : " (user)")
                    .append("  password: ").append(shown.getOrDefault(name, "(as configured)")).append('\n');
        }
        System.out.println(sb.append("Every user sets up an authenticator app at first sign-in.\n"));
        shown.clear();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserDetails u = users.get(username);
        if (u == null) {
            throw new UsernameNotFoundException("no such user");
        }
        return User.withUserDetails(u).build(); // a copy: Spring erases the credentials of what it is given
    }

    public Optional<String> email(String name) {
        return Optional.ofNullable(emails.get(name));
    }

    /** @throws IllegalArgumentException when the address does not look like local@domain */
    public void changeEmail(String name, String email) {
        String e = email.strip();
        if (e.length() > 254 || !e.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("not an e-mail address");
        }
        emails.put(name, e);
    }

    /** The mfa4j view of a signed-in user: the name as id, the administrator role, the contact address. */
    public MfaUser mfaUser(Authentication authentication) {
        String name = authentication.getName();
        boolean admin = authentication.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
        return MfaUser.builder(name).administrator(admin).email(emails.get(name)).build();
    }
}
