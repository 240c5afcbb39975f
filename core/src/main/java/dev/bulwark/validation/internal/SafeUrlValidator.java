package dev.bulwark.validation.internal;

import dev.bulwark.validation.SafeUrl;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Checks {@link SafeUrl}. */
public final class SafeUrlValidator implements ConstraintValidator<SafeUrl, CharSequence> {

  private static final Set<String> NEVER = Set.of("javascript", "data", "vbscript", "file", "blob");

  private Set<String> schemes = Set.of();
  private String[] hosts = new String[0];
  private int maxLength;

  @Override
  public void initialize(SafeUrl a) {
    for (String s : a.schemes()) {
      if (NEVER.contains(s.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "@SafeUrl(schemes) may not allow '" + s + "': it can run script or read local data");
      }
    }
    if (a.schemes().length == 0) {
      throw new IllegalArgumentException("@SafeUrl(schemes) must name at least one scheme");
    }
    if (a.maxLength() < 1) {
      throw new IllegalArgumentException("@SafeUrl(maxLength) must be positive");
    }
    schemes =
        Set.of(
            java.util.Arrays.stream(a.schemes())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .distinct()
                .toArray(String[]::new));
    hosts = a.hosts().clone();
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = hosts[i].toLowerCase(Locale.ROOT);
    }
    maxLength = a.maxLength();
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext ctx) {
    if (value == null) {
      return true;
    }
    String s = value.toString();
    if (s.isEmpty() || s.length() > maxLength) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '\\' || c >= 0x80) {
        return false; // whitespace, controls, backslashes and raw non-ASCII must be percent-encoded
      }
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme();
    if (!uri.isAbsolute() || uri.isOpaque() || scheme == null) {
      return false;
    }
    if (!schemes.contains(scheme.toLowerCase(Locale.ROOT))) {
      return false;
    }
    if (uri.getRawUserInfo() != null || uri.getRawAuthority() == null) {
      return false;
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty() || uri.getRawAuthority().contains("@")) {
      return false;
    }
    if (hosts.length == 0) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String allowed : hosts) {
      if (allowed.startsWith("*.")) {
        if (h.endsWith(allowed.substring(1)) && h.length() > allowed.length() - 1) {
          return true;
        }
      } else if (h.equals(allowed)) {
        return true;
      }
    }
    return false;
  }
}
