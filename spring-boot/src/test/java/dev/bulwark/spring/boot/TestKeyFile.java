package dev.bulwark.spring.boot;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JWK set file with one ES256 signing key, as an operator would mount it. */
final class TestKeyFile {

  private TestKeyFile() {}

  static Path create() {
    try {
      var key =
          new ECKeyGenerator(Curve.P_256)
              .keyID("test-1")
              .algorithm(JWSAlgorithm.ES256)
              .keyUse(KeyUse.SIGNATURE)
              .generate();
      Path file = Files.createTempFile("bulwark-starter-keys", ".json");
      file.toFile().deleteOnExit();
      Files.writeString(file, new JWKSet(key).toString(false), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
