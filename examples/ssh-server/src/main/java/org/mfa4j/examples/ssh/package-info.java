/**
 * An SSH login with mfa4j as the second factor: {@link org.mfa4j.examples.ssh.SshLogin} starts an Apache MINA
 * SSHD server on the quick start's data; the password is the application's own
 * ({@code PasswordTable}), the second factor a keyboard-interactive dialogue ({@code SecondFactorAuth}) that
 * asks {@link org.mfa4j.Mfa} and explains every refusal; after both a tiny command set runs
 * ({@code TinyShell}). Public API of mfa4j only. Not a hardened SSH server: no public keys, no port
 * forwarding, no real shell, and no delay after a wrong password (mfa4j's lockout guards the second factor).
 */
package org.mfa4j.examples.ssh;
