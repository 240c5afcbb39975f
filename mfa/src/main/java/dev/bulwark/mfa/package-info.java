/**
 * A second factor for sign-in: TOTP (RFC 6238) codes computed by otp-java, secrets encrypted at
 * rest ({@link dev.bulwark.mfa.TotpSecretEncryption}), a code's time-step accepted at most once per
 * user, QR-code enrolment confirmed by a first valid code, and single-use recovery codes stored as
 * password hashes. Start with {@link dev.bulwark.mfa.TotpAuthenticator}.
 */
@NullMarked
package dev.bulwark.mfa;

import org.jspecify.annotations.NullMarked;
