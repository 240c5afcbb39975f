/**
 * Password storage and password choice.
 *
 * <ul>
 *   <li>{@link dev.bulwark.password.PasswordHasher} hashes with bcrypt (default, cost 12) or
 *       argon2id (opt-in), verifies hashes from other bcrypt implementations, never truncates a
 *       password silently, says when a stored hash should be replaced ({@link
 *       dev.bulwark.password.PasswordVerification#needsRehash()}), and makes a login for an unknown
 *       or disabled account cost one full hash like any other.
 *   <li>{@link dev.bulwark.password.PasswordPolicy} decides whether a new password is acceptable
 *       after NIST SP 800-63B rev 4: length in code points after NFKC normalisation, no composition
 *       rules, and a blocklist (context words, a bundled list of common passwords, optionally the
 *       {@link dev.bulwark.password.BreachedPasswordClient k-anonymity breached password range
 *       API}).
 * </ul>
 *
 * <p>Both normalise passwords to Unicode NFKC, so a password typed as composed characters on one
 * device and decomposed on another is the same password, and the length the policy counts is the
 * length of what the hasher hashes.
 */
@NullMarked
package dev.bulwark.password;

import org.jspecify.annotations.NullMarked;
