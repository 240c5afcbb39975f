package dev.bulwark.examples.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Parses the shipped container recipe and Kubernetes manifests and checks their hardening. */
class DeploymentManifestTest {

  private static final List<Map<String, Object>> DOCS = new ArrayList<>();

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    for (Object doc : yaml.loadAll(Files.readString(Path.of("deploy/kubernetes.yaml")))) {
      if (doc != null) {
        DOCS.add((Map<String, Object>) doc);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String... path) {
    Object cur = o;
    for (String p : path) {
      cur = ((Map<String, Object>) cur).get(p);
    }
    return (Map<String, Object>) cur;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o, String... path) {
    Object cur = o;
    for (int i = 0; i < path.length - 1; i++) {
      cur = ((Map<String, Object>) cur).get(path[i]);
    }
    return (List<Object>) ((Map<String, Object>) cur).get(path[path.length - 1]);
  }

  private static Map<String, Object> kind(String kind) {
    return DOCS.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
  }

  @Test
  void deployment_runsHardened() {
    Map<String, Object> pod = map(kind("Deployment"), "spec", "template", "spec");
    assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
    Map<String, Object> podSecurity = map(pod, "securityContext");
    assertThat(podSecurity.get("runAsNonRoot")).isEqualTo(true);
    assertThat((Integer) podSecurity.get("runAsUser")).isPositive();
    assertThat(map(podSecurity, "seccompProfile").get("type")).isEqualTo("RuntimeDefault");
    List<Object> containers = list(pod, "containers");
    assertThat(containers).hasSize(1);
    Map<String, Object> c = map(containers.get(0));
    Map<String, Object> security = map(c, "securityContext");
    assertThat(security.get("readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(security.get("allowPrivilegeEscalation")).isEqualTo(false);
    assertThat(list(security, "capabilities", "drop")).containsExactly("ALL");
    assertThat(map(c, "resources", "limits")).containsKeys("cpu", "memory");
    assertThat(map(c, "resources", "requests")).containsKeys("cpu", "memory");
    assertThat(map(c, "livenessProbe", "httpGet").get("path")).isEqualTo("/health");
    assertThat(map(c, "readinessProbe", "httpGet").get("path")).isEqualTo("/health/ready");
  }

  @Test
  void secrets_comeFromASecretAndAreNeverInlined() {
    Map<String, Object> c =
        map(list(kind("Deployment"), "spec", "template", "spec", "containers").get(0));
    for (Object o : list(c, "env")) {
      Map<String, Object> env = map(o);
      String name = (String) env.get("name");
      if (name.contains("PASSWORD") || name.endsWith("_URL") || name.endsWith("_KEYS")) {
        assertThat(env).as(name).doesNotContainKey("value");
        assertThat(map(env, "valueFrom", "secretKeyRef").get("name")).isEqualTo("security-monitor");
      }
    }
    List<Object> volumes = list(kind("Deployment"), "spec", "template", "spec", "volumes");
    assertThat(volumes).anySatisfy(v -> assertThat(map(v)).containsKey("secret"));
    assertThat(DOCS).noneSatisfy(d -> assertThat(d.get("kind")).isEqualTo("Secret"));
    // A subPath mount is never updated by the kubelet: the key file must be mounted as a
    // directory, so that a rotation written to the Secret reaches the running pods.
    assertThat(list(c, "volumeMounts"))
        .filteredOn(m -> "jwks".equals(map(m).get("name")))
        .singleElement()
        .satisfies(m -> assertThat(map(m)).doesNotContainKey("subPath"));
  }

  @Test
  void networkPolicy_andDisruptionBudget_exist() {
    Map<String, Object> np = kind("NetworkPolicy");
    assertThat(list(np, "spec", "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(list(np, "spec", "ingress")).isNotEmpty();
    assertThat(map(kind("PodDisruptionBudget"), "spec").get("minAvailable")).isEqualTo(1);
    assertThat((Integer) map(kind("Deployment"), "spec").get("replicas")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void dockerfile_runsAsNumericNonRootUserAndHoldsNoSecret() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
    String user =
        lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(user).matches("USER [1-9][0-9]*:[1-9][0-9]*");
    assertThat(lines).noneMatch(l -> l.matches("(?i)^(ENV|ARG).*(PASSWORD|SECRET|KEY)=.*"));
    assertThat(lines).noneMatch(l -> l.matches("(?i)^COPY .*jwks.*"));
  }
}
