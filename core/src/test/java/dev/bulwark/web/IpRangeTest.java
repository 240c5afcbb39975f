package dev.bulwark.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpRangeTest {

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.168.0.0/23, 192.168.1.255, true",
    "192.168.0.0/23, 192.168.2.0, false",
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "10.0.0.0/8, ::ffff:10.1.2.3, true",
    "::ffff:10.0.0.0/104, 10.9.9.9, true",
    "10.0.0.0/8, 2001:db8::1, false",
    "::/0, 2001:db8::1, true",
    "0.0.0.0/0, 2001:db8::1, false",
  })
  void contains(String cidr, String address, boolean expected) {
    IpRange r = IpRange.parse(cidr);
    assertThat(r.contains(IpAddresses.parse(address).orElseThrow())).isEqualTo(expected);
  }

  @Test
  void parse_hostBitsSet_proposesTheNetwork() {
    assertThatThrownBy(() -> IpRange.parse("10.0.0.1/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("did you mean 10.0.0.0/8?");
  }

  @Test
  void parse_prefixTooLong_isRefused() {
    assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33")).hasMessageContaining("/0 to /32");
    assertThatThrownBy(() -> IpRange.parse("::/129")).hasMessageContaining("/0 to /128");
  }

  @Test
  void parse_hostName_isRefusedWithTheAcceptedForm() {
    assertThatThrownBy(() -> IpRange.parse("proxy.internal/24"))
        .hasMessageContaining("such as 10.0.0.0/8");
  }

  @Test
  void everything_isDetected() {
    assertThat(IpRange.parse("0.0.0.0/0").isEverything()).isTrue();
    assertThat(IpRange.parse("10.0.0.0/8").isEverything()).isFalse();
    assertThat(IpRange.parse("2001:DB8::/32")).hasToString("2001:db8::/32");
  }
}
