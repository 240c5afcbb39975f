package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "::1, ::1",
    "0:0:0:0:0:0:0:1, ::1",
    "2001:DB8::1, 2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "::ffff:192.0.2.1, 192.0.2.1",
    "::ffff:c000:0201, 192.0.2.1",
    "::, ::",
    "fe80::1:2, fe80::1:2",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
  })
  void parse_validLiteral_isCanonicalised(String in, String canonical) throws Exception {
    InetAddress a = IpAddresses.parse(in).orElseThrow();
    assertThat(IpAddresses.toCanonicalString(a)).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "127.1",
        "0x7f.0.0.1",
        "010.0.0.1",
        "256.0.0.1",
        "1.2.3.4.5",
        "1.2.3.",
        ".1.2.3",
        " 1.2.3.4",
        "1.2.3.4 ",
        "+1.2.3.4",
        "fe80::1%eth0",
        "[::1]",
        "1::2::3",
        "::ffff:1.2.3.04",
        "12345::",
        "1:2:3:4:5:6:7:8:9",
        "unknown",
        "_hidden",
        "1.2.3.4:80"
      })
  void parse_nonLiteral_isEmpty(String in) {
    assertThat(IpAddresses.parse(in)).isEmpty();
  }
}
