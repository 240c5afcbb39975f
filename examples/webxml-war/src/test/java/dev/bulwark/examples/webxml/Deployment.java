package dev.bulwark.examples.webxml;

import java.net.URI;

/** A webapp directory deployed, with its own {@code WEB-INF/web.xml}, to an embedded container. */
interface Deployment extends AutoCloseable {

  /** The base URI, such as {@code http://127.0.0.1:41234}. */
  URI baseUri();

  default URI uri(String pathAndQuery) {
    return URI.create(baseUri() + pathAndQuery);
  }

  /** The webapp did not start; the container's own exceptions are the cause and suppressed ones. */
  final class FailedToStart extends Exception {
    private static final long serialVersionUID = 1L;

    FailedToStart(String message, Throwable cause) {
      super(message, cause);
    }

    FailedToStart(String message) {
      super(message);
    }

    /** Every message in the cause and suppressed chains, one per line. */
    String allMessages() {
      StringBuilder sb = new StringBuilder();
      collect(this, sb, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
      return sb.toString();
    }

    private static void collect(Throwable t, StringBuilder sb, java.util.Set<Throwable> seen) {
      if (t == null || !seen.add(t)) {
        return;
      }
      sb.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
      collect(t.getCause(), sb, seen);
      for (Throwable s : t.getSuppressed()) {
        collect(s, sb, seen);
      }
    }
  }
}
