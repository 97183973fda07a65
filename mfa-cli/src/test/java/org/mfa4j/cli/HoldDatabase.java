package org.mfa4j.cli;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Holds an H2 database open in a process of its own, as a running application does, until its standard
 * input ends. Arguments: the JDBC URL and the user; the password comes from {@code HOLD_PASSWORD}.
 */
public final class HoldDatabase {

    private HoldDatabase() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], System.getenv("HOLD_PASSWORD"))) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the end of the input
            }
        }
    }
}
