package dev.bulwark.headers.servlet;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.HeaderContext;
import dev.bulwark.headers.SecurityHeader;
import dev.bulwark.headers.SecurityHeadersPolicy;
import dev.bulwark.headers.SecurityHeadersPolicy.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SecurityHeadersPolicy} rendered once for the filter: per profile, the header names and
 * their values for secure and plain requests, so that a response only copies strings. Only a nonce
 * CSP (and a {@link SecurityHeader} implemented outside this module, whose value we cannot assume
 * to be fixed) is asked for its value per response.
 */
final class RenderedPolicy {

  /** {@link #code(String)} of a banner the application may not set. */
  static final int BANNER = -1;

  /** {@link #code(String)} of a header the policy neither writes nor removes. */
  static final int OTHER = -2;

  /** Names beyond this index are not tracked in a bit mask (a policy of 64+ headers). */
  static final int TRACKED = 64;

  final SecurityHeadersPolicy policy;
  final Rendered document;
  final Rendered api;
  private final TreeMap<String, Integer> codes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final List<String> names = new ArrayList<>();

  RenderedPolicy(SecurityHeadersPolicy policy) {
    this.policy = policy;
    for (String removed : policy.removedHeaders()) {
      codes.put(removed, BANNER);
    }
    this.document = new Rendered(policy.headers(Profile.DOCUMENT));
    this.api = new Rendered(policy.headers(Profile.API));
  }

  Rendered profile(Profile p) {
    return p == Profile.API ? api : document;
  }

  /**
   * What the policy does with a header name, case-insensitively.
   *
   * @return {@link #BANNER}, {@link #OTHER}, or the index of a header the policy writes
   */
  int code(String name) {
    Integer c = codes.get(name);
    return c == null ? OTHER : c;
  }

  /** The header name of an index from {@link #code(String)}. */
  String name(int index) {
    return names.get(index);
  }

  private int index(String name) {
    Integer c = codes.get(name);
    if (c != null) {
      return c;
    }
    int i = names.size();
    names.add(name);
    codes.put(name, i);
    return i;
  }

  /** One profile's headers, in order. */
  final class Rendered {
    final String[] names;
    final int[] codes;
    final @Nullable String[] secure;
    final @Nullable String[] plain;

    /** Per header: null when the value is in {@link #secure} / {@link #plain}. */
    final @Nullable SecurityHeader[] dynamic;

    final boolean hasDynamic;

    Rendered(List<SecurityHeader> headers) {
      int n = headers.size();
      names = new String[n];
      codes = new int[n];
      secure = new String[n];
      plain = new String[n];
      dynamic = new SecurityHeader[n];
      boolean anyDynamic = false;
      HeaderContext secureContext = new HeaderContext(true, null);
      HeaderContext plainContext = new HeaderContext(false, null);
      for (int i = 0; i < n; i++) {
        SecurityHeader h = headers.get(i);
        names[i] = h.headerName();
        codes[i] = index(h.headerName());
        if (fixedPerSecurity(h)) {
          secure[i] = h.value(secureContext);
          plain[i] = h.value(plainContext);
        } else {
          dynamic[i] = h;
          anyDynamic = true;
        }
      }
      hasDynamic = anyDynamic;
    }
  }

  /**
   * Whether a unit's value depends on nothing but {@link HeaderContext#secure()}: this module's
   * units do (they precompute their strings), except a CSP with a nonce.
   */
  private static boolean fixedPerSecurity(SecurityHeader h) {
    if (h instanceof ContentSecurityPolicy csp) {
      return !csp.usesNonce();
    }
    return h.getClass().getPackageName().equals(SecurityHeader.class.getPackageName());
  }
}
