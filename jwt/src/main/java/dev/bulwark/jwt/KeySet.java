package dev.bulwark.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.bulwark.jwt.internal.RsaKeyChecks;
import dev.bulwark.web.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable, validated set of JWS keys: at most one active signing key plus any number of
 * verification-only keys (previous keys kept during rotation, or another issuer's public keys).
 *
 * <p><b>Validation at load time.</b> Every factory refuses, with a {@link ConfigurationException}
 * that names the key and the fix:
 *
 * <ul>
 *   <li>RSA keys under 2048 bits, with a public exponent below 65537 or even, or with the ROCA
 *       fingerprint (CVE-2017-15361); HMAC secrets shorter than their hash (32 bytes for HS256, 48
 *       for HS384, 64 for HS512); EC keys on curves other than P-256, P-384 and P-521;
 *   <li>a {@code kid} used twice; a set that mixes secret (HMAC) and public keys, because a
 *       verifier that holds both is the root of algorithm-confusion attacks;
 *   <li>a key whose {@code use} is not {@code sig}, whose {@code key_ops} allow neither {@code
 *       sign} nor {@code verify}, or whose {@code alg} does not fit its type or size;
 *   <li>OKP keys other than Ed25519, and Ed25519 keys when Tink (an optional dependency) is absent.
 * </ul>
 *
 * <p><b>Algorithms come from the keys.</b> Each key has exactly one algorithm: its {@code alg}
 * member, or the default for its type (RS256 for RSA, cheap to verify on JDK 17; ES256/384/512 by
 * curve; EdDSA for Ed25519; HS256 for secrets). A token is only ever verified with the algorithm of
 * the key its {@code kid} names, so {@code alg: none} and HS256-with-the-RSA-public-key cannot
 * verify.
 *
 * <p><b>Key ids.</b> A key without {@code kid} gets its RFC 7638 thumbprint. <b>Key operations.</b>
 * {@code key_ops} is honoured: a key without {@code sign} never signs, one without {@code verify}
 * never verifies.
 *
 * <p><b>The active signing key</b> is the key named by {@code activeKeyId}, or else the first key
 * in the set that holds private (or secret) material and may sign. Other private keys are kept as
 * verification-only keys: only their public halves are used.
 *
 * <p>Use {@link KeyRing} to rotate without a restart. Instances are immutable and thread-safe; the
 * signers and verifiers are built once, here.
 */
public final class KeySet {

  private static final Logger LOG = LoggerFactory.getLogger(KeySet.class);

  private static final boolean TINK_PRESENT = probeTink();

  private static final boolean BOUNCY_CASTLE_PRESENT = PemKeys.bouncyCastlePresent();

  /** The smallest RSA modulus accepted, in bits. */
  public static final int MIN_RSA_BITS = 2048;

  /** The signing half of the active key. */
  record SigningKey(String kid, JWSAlgorithm algorithm, JWSSigner signer) {}

  /**
   * A key tokens may be verified with.
   *
   * @param hmac for an HMAC secret, the JDK-Mac check the verifier uses instead of {@code verifier}
   *     (see {@link HmacVerifier}); null for public keys
   */
  record VerificationKey(
      String kid, JWSAlgorithm algorithm, JWSVerifier verifier, @Nullable HmacVerifier hmac) {}

  private final @Nullable SigningKey signingKey;
  private final Map<String, VerificationKey> verificationKeys;
  private final Set<JWSAlgorithm> algorithms;
  private final Set<String> algorithmNames;
  private final List<JWK> publicKeys;
  private final boolean secret;

  private KeySet(
      @Nullable SigningKey signingKey,
      Map<String, VerificationKey> verificationKeys,
      List<JWK> publicKeys,
      boolean secret) {
    this.signingKey = signingKey;
    this.verificationKeys = Collections.unmodifiableMap(new LinkedHashMap<>(verificationKeys));
    Set<JWSAlgorithm> algs = new LinkedHashSet<>();
    verificationKeys.values().forEach(k -> algs.add(k.algorithm()));
    this.algorithms = Collections.unmodifiableSet(algs);
    Set<String> names = new LinkedHashSet<>();
    algs.forEach(a -> names.add(a.getName()));
    // read on every verification: computed once here
    this.algorithmNames = Collections.unmodifiableSet(names);
    this.publicKeys = List.copyOf(publicKeys);
    this.secret = secret;
  }

  /**
   * Parses and validates a JWK set document ({@code {"keys":[…]}}).
   *
   * @param json the JWK set JSON
   * @return the validated key set; the first private key that may sign is active
   * @throws ConfigurationException when the document does not parse or a key is refused
   */
  public static KeySet fromJwkSetJson(String json) {
    return fromJwkSetJson(json, null);
  }

  /**
   * Parses and validates a JWK set document, naming the active signing key.
   *
   * @param json the JWK set JSON
   * @param activeKeyId the {@code kid} of the signing key, or null for the first private key
   * @return the validated key set
   * @throws ConfigurationException when the document does not parse, a key is refused, or {@code
   *     activeKeyId} names no private key that may sign
   */
  public static KeySet fromJwkSetJson(String json, @Nullable String activeKeyId) {
    Objects.requireNonNull(json, "json");
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException e) {
      // the message of a JWK parse error may quote key material: do not chain it
      throw new ConfigurationException(
          "the JWK set does not parse as {\"keys\":[…]} JSON with valid keys (position "
              + e.getErrorOffset()
              + "); check the file's JSON and each key's members");
    }
    return of(set.getKeys(), activeKeyId);
  }

  /**
   * Reads a JWK set file (for example a mounted Kubernetes Secret).
   *
   * @param file the JWK set file, UTF-8
   * @return the validated key set
   * @throws ConfigurationException when the file cannot be read or is refused
   */
  public static KeySet fromJwkSetFile(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return fromJwkSetJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigurationException(
          "the JWK set file '" + file + "' cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads PEM-encoded keys, one per block, in order; the first private key that may sign is active.
   *
   * <table>
   *   <caption>PEM blocks read</caption>
   *   <tr><th>block</th><th>keys</th><th>read by</th></tr>
   *   <tr><td>{@code PRIVATE KEY} (PKCS#8)</td><td>RSA, Ed25519</td><td>the JDK (Ed25519 also needs
   *       Tink)</td></tr>
   *   <tr><td>{@code PRIVATE KEY} (PKCS#8)</td><td>EC P-256/384/521</td><td>BouncyCastle: the JDK
   *       cannot derive the public key</td></tr>
   *   <tr><td>{@code PUBLIC KEY} (X.509), {@code CERTIFICATE}</td><td>RSA, EC, Ed25519 (not in
   *       certificates)</td><td>the JDK; verification only</td></tr>
   *   <tr><td>{@code EC PRIVATE KEY} (SEC1), {@code RSA PRIVATE KEY} / {@code RSA PUBLIC KEY}
   *       (PKCS#1)</td><td>EC, RSA</td><td>BouncyCastle</td></tr>
   * </table>
   *
   * <p>BouncyCastle means {@code org.bouncycastle:bcpkix-jdk18on}, an optional dependency: without
   * it those blocks are refused with a message that says what to add or which {@code openssl}
   * command converts the key ({@code openssl pkcs8 -topk8 -nocrypt} for PKCS#1 RSA). {@code
   * ENCRYPTED PRIVATE KEY} is refused; {@code EC PARAMETERS} blocks are skipped. A PEM key has no
   * {@code kid}: it gets its RFC 7638 thumbprint.
   *
   * @param pem the PEM text
   * @return the validated key set
   * @throws ConfigurationException when a block does not hold a supported key, naming the block
   */
  public static KeySet fromPem(String pem) {
    Objects.requireNonNull(pem, "pem");
    return of(PemKeys.parseAll(pem, BOUNCY_CASTLE_PRESENT), null);
  }

  /**
   * Reads a PEM file; see {@link #fromPem(String)}.
   *
   * @param file the PEM file, US-ASCII
   * @return the validated key set
   * @throws ConfigurationException when the file cannot be read or a block is refused
   */
  public static KeySet fromPemFile(Path file) {
    Objects.requireNonNull(file, "file");
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ConfigurationException(
          "the PEM file '" + file + "' cannot be read: " + e.getClass().getSimpleName(), e);
    }
    try {
      return fromPem(pem);
    } catch (ConfigurationException e) {
      throw new ConfigurationException("the PEM file '" + file + "': " + e.getMessage(), e);
    }
  }

  /** For tests of the JDK-only path: as {@link #fromPem(String)}, never using BouncyCastle. */
  static KeySet fromPemWithoutBouncyCastle(String pem) {
    return of(PemKeys.parseAll(pem, false), null);
  }

  /**
   * Reads a key entry from a PKCS#12 keystore: the private key and its certificate.
   *
   * @param file the {@code .p12} file
   * @param password the keystore and key password
   * @param alias the entry alias
   * @return the validated key set
   * @throws ConfigurationException when the file, password or alias is wrong
   */
  public static KeySet fromPkcs12(Path file, char[] password, String alias) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(alias, "alias");
    try (java.io.InputStream in = Files.newInputStream(file)) {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      JWK key = JWK.load(ks, alias, password);
      if (key == null) {
        throw new ConfigurationException(
            "PKCS#12 '" + file + "' has no RSA or EC key under alias '" + alias + "'");
      }
      return of(List.of(key), null);
    } catch (IOException | java.security.GeneralSecurityException | JOSEException e) {
      throw new ConfigurationException(
          "PKCS#12 '"
              + file
              + "' cannot be read (wrong password or alias?): "
              + e.getClass().getSimpleName(),
          e);
    }
  }

  /**
   * A set holding one HMAC secret, for a single service that both issues and verifies tokens.
   *
   * @param secret the secret, at least as long as the hash (32 bytes for HS256)
   * @param algorithm HS256, HS384 or HS512
   * @return the key set; the secret is copied
   * @throws ConfigurationException when the secret is too short or the algorithm is not HMAC
   */
  public static KeySet fromHmacSecret(byte[] secret, JWSAlgorithm algorithm) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(algorithm, "algorithm");
    OctetSequenceKey key =
        new OctetSequenceKey.Builder(secret.clone())
            .algorithm(algorithm)
            .keyUse(KeyUse.SIGNATURE)
            .build();
    return of(List.of(key), null);
  }

  /**
   * Generates a throw-away 2048-bit RSA key (RS256) for development, and logs a loud warning:
   * tokens die with this process and another instance will not accept them.
   *
   * @return a key set holding only the new key
   */
  public static KeySet generateForDevelopment() {
    RSAKey key;
    try {
      key =
          new RSAKeyGenerator(MIN_RSA_BITS)
              .algorithm(JWSAlgorithm.RS256)
              .keyUse(KeyUse.SIGNATURE)
              .keyIDFromThumbprint(true)
              .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("the JDK cannot generate an RSA key", e);
    }
    LOG.warn(
        "*** Bulwark JWT: NO SIGNING KEYS CONFIGURED. Generated a THROW-AWAY RSA key (kid={}). Tokens"
            + " become invalid when this process stops, and a SECOND INSTANCE WILL NOT ACCEPT THEM."
            + " For production load a JWK set (KeySet.fromJwkSetFile) shared by every instance. ***",
        key.getKeyID());
    return of(List.of(key), null);
  }

  /**
   * Validates a list of Nimbus keys.
   *
   * @param keys the keys, in order
   * @param activeKeyId the {@code kid} of the signing key, or null for the first private key
   * @return the validated key set
   * @throws ConfigurationException when a key is refused
   */
  public static KeySet of(List<JWK> keys, @Nullable String activeKeyId) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new ConfigurationException(
          "the key set is empty: add at least one signing or verification key");
    }
    Map<String, VerificationKey> verification = new LinkedHashMap<>();
    List<JWK> published = new ArrayList<>();
    SigningKey signing = null;
    int secrets = 0;
    Set<String> kids = new LinkedHashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      JWK key = Objects.requireNonNull(keys.get(i), "a key is null");
      String kid = kidOf(key, i);
      String name = "key #" + (i + 1) + " (kid '" + kid + "')";
      if (!kids.add(kid)) {
        throw new ConfigurationException(
            name + ": the kid is used twice; give every key a distinct kid");
      }
      if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
        throw new ConfigurationException(
            name + ": \"use\" is '" + key.getKeyUse() + "'; only \"sig\" keys sign or verify JWTs");
      }
      Set<KeyOperation> ops = key.getKeyOperations();
      boolean maySign = ops == null || ops.contains(KeyOperation.SIGN);
      boolean mayVerify = ops == null || ops.contains(KeyOperation.VERIFY);
      if (!maySign && !mayVerify) {
        throw new ConfigurationException(
            name + ": \"key_ops\" allow neither sign nor verify; remove the key or fix key_ops");
      }
      JWSAlgorithm alg = algorithmOf(key, name);
      boolean isSecret = key instanceof OctetSequenceKey;
      if (isSecret) {
        secrets++;
      }
      boolean hasPrivate = key.isPrivate();
      if (signing == null
          && hasPrivate
          && maySign
          && (activeKeyId == null || activeKeyId.equals(kid))) {
        signing = new SigningKey(kid, alg, signerOf(key, name));
      }
      if (mayVerify) {
        verification.put(
            kid,
            new VerificationKey(
                kid,
                alg,
                verifierOf(key, name),
                key instanceof OctetSequenceKey oct ? HmacVerifier.of(oct, alg) : null));
        if (!isSecret) {
          JWK pub = key.toPublicJWK();
          published.add(pub);
        }
      }
    }
    if (secrets > 0 && secrets < keys.size()) {
      throw new ConfigurationException(
          "the key set mixes HMAC secrets with public keys; a verifier holding both invites"
              + " algorithm confusion. Use separate key sets (and separate verifiers)");
    }
    if (activeKeyId != null && signing == null) {
      throw new ConfigurationException(
          "activeKeyId '"
              + activeKeyId
              + "' names no private or secret key that may sign; check the kid and key_ops");
    }
    return new KeySet(signing, verification, published, secrets > 0);
  }

  static boolean tinkPresent() {
    return TINK_PRESENT;
  }

  private static boolean probeTink() {
    try {
      Class.forName(
          "com.google.crypto.tink.subtle.Ed25519Sign", false, KeySet.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static String kidOf(JWK key, int index) {
    if (key.getKeyID() != null) {
      if (key.getKeyID().isEmpty() || key.getKeyID().length() > 256) {
        throw new ConfigurationException(
            "key #"
                + (index + 1)
                + ": the kid must be 1-256 characters; remove it to use the"
                + " RFC 7638 thumbprint");
      }
      return key.getKeyID();
    }
    try {
      return key.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new ConfigurationException(
          "key #" + (index + 1) + ": its RFC 7638 thumbprint cannot be computed; set a kid", e);
    }
  }

  private static JWSAlgorithm algorithmOf(JWK key, String name) {
    JWSAlgorithm declared =
        key.getAlgorithm() == null ? null : JWSAlgorithm.parse(key.getAlgorithm().getName());
    if (key instanceof RSAKey rsa) {
      if (rsa.size() < MIN_RSA_BITS) {
        throw new ConfigurationException(
            name + ": RSA key of " + rsa.size() + " bits; use at least " + MIN_RSA_BITS + " bits");
      }
      if (!RsaKeyChecks.goodExponent(rsa.getPublicExponent().decodeToBigInteger())) {
        throw new ConfigurationException(
            name + ": the RSA public exponent must be odd and at least 65537; generate a new key");
      }
      if (RsaKeyChecks.hasRocaFingerprint(rsa.getModulus().decodeToBigInteger())) {
        throw new ConfigurationException(
            name
                + ": the RSA modulus has the ROCA fingerprint (CVE-2017-15361) and can be"
                + " factored; generate a new key outside the affected hardware");
      }
      JWSAlgorithm alg = declared == null ? JWSAlgorithm.RS256 : declared;
      if (!JWSAlgorithm.Family.RSA.contains(alg)) {
        throw new ConfigurationException(
            name
                + ": \"alg\" '"
                + alg
                + "' does not fit an RSA key; use RS256/384/512 or PS256/384/512");
      }
      return alg;
    }
    if (key instanceof ECKey ec) {
      Curve curve = ec.getCurve();
      JWSAlgorithm fit;
      if (Curve.P_256.equals(curve)) {
        fit = JWSAlgorithm.ES256;
      } else if (Curve.P_384.equals(curve)) {
        fit = JWSAlgorithm.ES384;
      } else if (Curve.P_521.equals(curve)) {
        fit = JWSAlgorithm.ES512;
      } else {
        throw new ConfigurationException(
            name + ": EC curve '" + curve + "' is not supported; use P-256, P-384 or P-521");
      }
      if (declared != null && !declared.equals(fit)) {
        throw new ConfigurationException(
            name + ": \"alg\" '" + declared + "' does not fit curve " + curve + "; use " + fit);
      }
      return fit;
    }
    if (key instanceof OctetSequenceKey oct) {
      JWSAlgorithm alg = declared == null ? JWSAlgorithm.HS256 : declared;
      int minBytes;
      if (JWSAlgorithm.HS256.equals(alg)) {
        minBytes = 32;
      } else if (JWSAlgorithm.HS384.equals(alg)) {
        minBytes = 48;
      } else if (JWSAlgorithm.HS512.equals(alg)) {
        minBytes = 64;
      } else {
        throw new ConfigurationException(
            name + ": \"alg\" '" + alg + "' does not fit a secret key; use HS256, HS384 or HS512");
      }
      int bytes = oct.size() / 8;
      if (bytes < minBytes) {
        throw new ConfigurationException(
            name
                + ": an "
                + alg
                + " secret must be at least "
                + minBytes
                + " bytes (was "
                + bytes
                + "); generate a longer random secret");
      }
      return alg;
    }
    if (key instanceof OctetKeyPair okp) {
      if (!Curve.Ed25519.equals(okp.getCurve())) {
        throw new ConfigurationException(
            name + ": OKP curve '" + okp.getCurve() + "' cannot sign; use Ed25519");
      }
      JWSAlgorithm alg = declared == null ? JWSAlgorithm.EdDSA : declared;
      if (!JWSAlgorithm.EdDSA.equals(alg) && !JWSAlgorithm.Ed25519.equals(alg)) {
        throw new ConfigurationException(
            name + ": \"alg\" '" + alg + "' does not fit an Ed25519 key; use EdDSA or Ed25519");
      }
      if (!TINK_PRESENT) {
        throw new ConfigurationException(
            name
                + ": Ed25519 keys need com.google.crypto.tink:tink on the class path (an optional"
                + " dependency of bulwark-jwt); add it, or use RS256/PS256 keys");
      }
      return alg;
    }
    throw new ConfigurationException(
        name
            + ": key type '"
            + key.getKeyType()
            + "' is not supported; use RSA (RS256/PS256), EC (ES256/384/512) or an HMAC secret");
  }

  private static JWSSigner signerOf(JWK key, String name) {
    try {
      if (key instanceof RSAKey rsa) {
        return new RSASSASigner(rsa);
      }
      if (key instanceof ECKey ec) {
        return new ECDSASigner(ec);
      }
      if (key instanceof OctetKeyPair okp) {
        return new Ed25519Signer(okp);
      }
      return new MACSigner((OctetSequenceKey) key);
    } catch (JOSEException e) {
      throw new ConfigurationException(name + ": cannot sign with this key", e);
    }
  }

  private static JWSVerifier verifierOf(JWK key, String name) {
    try {
      if (key instanceof RSAKey rsa) {
        return new RSASSAVerifier(rsa.toPublicJWK());
      }
      if (key instanceof ECKey ec) {
        return new ECDSAVerifier(ec.toPublicJWK());
      }
      if (key instanceof OctetKeyPair okp) {
        return new Ed25519Verifier(okp.toPublicJWK());
      }
      return new MACVerifier((OctetSequenceKey) key);
    } catch (JOSEException e) {
      throw new ConfigurationException(name + ": cannot verify with this key", e);
    }
  }

  /**
   * The {@code kid} of the active signing key.
   *
   * @return the kid, or empty for a verification-only set
   */
  public Optional<String> signingKeyId() {
    return signingKey == null ? Optional.empty() : Optional.of(signingKey.kid());
  }

  /**
   * The {@code kid}s of the keys tokens may be verified with.
   *
   * @return the kids, in set order
   */
  public Set<String> verificationKeyIds() {
    return verificationKeys.keySet();
  }

  /**
   * The algorithms of the verification keys: the verifier's allow-list.
   *
   * @return the algorithm names, such as {@code RS256}
   */
  public Set<String> algorithmNames() {
    return algorithmNames;
  }

  /**
   * Whether this set holds HMAC secrets (and therefore has nothing to publish).
   *
   * @return true for a secret-key set
   */
  public boolean isSecret() {
    return secret;
  }

  /**
   * The public verification keys as a JWK set document, for a JWKS endpoint. Private and secret key
   * material is never included: an HMAC set publishes {@code {"keys":[]}}.
   *
   * @return the JWK set JSON
   */
  public String publicJwkSetJson() {
    return new JWKSet(publicKeys).toString(true);
  }

  @Nullable SigningKey signingKey() {
    return signingKey;
  }

  @Nullable VerificationKey verificationKey(String kid) {
    return verificationKeys.get(kid);
  }

  Map<String, VerificationKey> verificationKeys() {
    return verificationKeys;
  }

  boolean allows(JWSAlgorithm alg) {
    return algorithms.contains(alg);
  }

  @Override
  public String toString() {
    // never print key material
    return "KeySet[signing="
        + signingKeyId().orElse("none")
        + ", verify="
        + verificationKeys.keySet()
        + "]";
  }
}
