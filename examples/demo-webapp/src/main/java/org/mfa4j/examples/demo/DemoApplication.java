package org.mfa4j.examples.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The demo web app, the README's run command: password login, then mfa4j through mfa-spring-boot-starter
 * (an authenticator app and recovery codes), account security, a protected action and an admin page, on
 * http://localhost:8080 with an embedded H2 database in {@code ./demo-data/}.
 */
@SpringBootApplication
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
