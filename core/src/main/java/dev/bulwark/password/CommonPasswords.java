package dev.bulwark.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The bundled list of common passwords ({@code common-passwords.txt}: source and licence at its
 * top), loaded once on first use. Entries are NFKC-normalised and lower-cased.
 */
final class CommonPasswords {

  static final String RESOURCE = "common-passwords.txt";

  private CommonPasswords() {}

  private static final class Holder {
    static final Set<String> SET = load();
  }

  static boolean contains(String normalizedLowerCase) {
    return Holder.SET.contains(normalizedLowerCase);
  }

  static int size() {
    return Holder.SET.size();
  }

  private static Set<String> load() {
    InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(
          "The bundled list " + RESOURCE + " is missing from the bulwark-core jar");
    }
    Set<String> set = new HashSet<>(32_768);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          set.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the bundled list " + RESOURCE, e);
    }
    return Set.copyOf(set);
  }
}
