package dev.bulwark.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void forLog_everyBmpCodeUnit_leavesNoLineBreakControlOrBidiCharacter() {
    for (int c = 0; c <= 0xffff; c++) {
      String out = LogSafe.forLog("a" + (char) c + "b");
      for (int i = 0; i < out.length(); i++) {
        char o = out.charAt(i);
        assertThat(isDangerous(o) || Character.isSurrogate(o))
            .as("U+%04X encoded as %s", c, out)
            .isFalse();
      }
      if (!isDangerous((char) c) && !Character.isSurrogate((char) c) && c != '\\') {
        assertThat(out).isEqualTo("a" + (char) c + "b");
      }
    }
  }

  @Test
  void forLog_forgedLogLine_staysOnOneLine() {
    String out = LogSafe.forLog("alice\r\nINFO type=auth.login.succeeded subject=admin");
    assertThat(out).doesNotContain("\n", "\r").startsWith("alice\\u000d\\u000aINFO");
  }

  @Test
  void forLog_validSupplementaryCharacters_passThrough() {
    assertThat(LogSafe.forLog("emoji 😀 ok")).isEqualTo("emoji 😀 ok");
    assertThat(LogSafe.forLog("lone \ud83d end")).isEqualTo("lone \\ud83d end");
    assertThat(LogSafe.forLog("lone \ude00 end")).isEqualTo("lone \\ude00 end");
  }

  @Test
  void forLog_backslash_isDoubledSoEncodingsCannotBeForged() {
    assertThat(LogSafe.forLog("\\u000a")).isEqualTo("\\\\u000a");
  }

  @Test
  void forLog_bidiOverride_isEncoded() {
    assertThat(LogSafe.forLog("admin\u202e\u2066")).isEqualTo("admin\\u202e\\u2066");
  }

  @Test
  void forLog_longValue_isCutAndMarked() {
    String out = LogSafe.forLog("x".repeat(10_000), 100);
    assertThat(out).hasSize(101).endsWith("…");
    assertThat(LogSafe.forLog(null)).isEqualTo("null");
  }

  private static boolean isDangerous(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0xfeff;
  }
}
