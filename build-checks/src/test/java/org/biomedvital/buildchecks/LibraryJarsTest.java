package org.biomedvital.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reactor's library jars, checked as applications will use them. Runs over {@code target/classes}
 * under {@code mvn test} and over the packaged jars (manifests included) under {@code mvn verify}.
 */
final class LibraryJarsTest {
  /**
   * Artifacts the BOM lists ahead of the modules that build them (issue 15's splits, merged
   * separately). Delete each name here once its module is in the reactor; the check then holds the
   * BOM and the reactor equal.
   */
  private static final Set<String> ANNOUNCED = Set.of();

  static Reactor reactor;
  static Map<String, Path> entries;

  @BeforeAll
  static void readReactor() throws IOException {
    reactor = Reactor.read(Path.of(System.getProperty("vital.reactor.root", "..")).toAbsolutePath()
        .normalize());
    entries = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (Reactor.Module m : reactor.libraries()) {
      Path entry = classPathEntry(m);
      if (entry == null) {
        missing.add(m.artifactId());
      } else {
        entries.put(m.artifactId(), entry);
      }
    }
    assertThat(missing)
        .as("library modules of the reactor that build-checks/pom.xml does not depend on (add them "
            + "there with <scope>test</scope>, and build with -am); class path: %s",
            System.getProperty("java.class.path"))
        .isEmpty();
  }

  /** The module's classes folder or jar on this test's class path, if it is there. */
  private static Path classPathEntry(Reactor.Module m) {
    Path target = m.dir().resolve("target").toAbsolutePath().normalize();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e).toAbsolutePath().normalize();
      if (p.equals(target.resolve("classes"))
          || p.getParent() != null && p.getParent().equals(target) && p.toString().endsWith(".jar")) {
        return p;
      }
    }
    return null;
  }

  @Test
  void theReactorHasLibraries() {
    assertThat(entries).containsKeys("biomed-vital-core", "biomed-vital-generation",
        "biomed-vital-selection", "biomed-vital-tuning", "biomed-vital-evaluation");
  }

  @Test
  void noPackageIsSplitAcrossLibraryJars() {
    Map<String, List<String>> split = LibraryLayout.splitPackages(entries);

    assertThat(split)
        .as("packages found in more than one library jar (a jar on the module path must own each "
            + "of its packages alone: move the classes, or rename the package)")
        .isEmpty();
  }

  @Test
  void everyLibraryModuleDeclaresAValidUniqueModuleName() {
    Map<String, String> byName = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (Reactor.Module m : reactor.libraries()) {
      String name = m.properties().get("automatic.module.name");
      if (name == null || !name.matches("org\\.biomedvital(\\.[a-z][a-z0-9]*)+")) {
        problems.add(m.artifactId() + "/pom.xml: property automatic.module.name must be set to "
            + "org.biomedvital.<name> but was " + name);
      } else if (byName.put(name, m.artifactId()) != null) {
        problems.add(m.artifactId() + " and " + byName.get(name) + " both name their module " + name);
      }
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void everyPackagedLibraryJarNamesItsModuleInTheManifest() {
    List<String> problems = new ArrayList<>();
    int jars = 0;
    for (Reactor.Module m : reactor.libraries()) {
      Path entry = entries.get(m.artifactId());
      if (!entry.toString().endsWith(".jar")) {
        continue;
      }
      jars++;
      try {
        String name = LibraryLayout.moduleName(entry);
        if (!name.equals(m.properties().get("automatic.module.name"))) {
          problems.add(entry.getFileName() + ": module name " + name + " but its pom says "
              + m.properties().get("automatic.module.name"));
        }
      } catch (IllegalStateException e) {
        problems.add(e.getMessage());
      }
    }

    assertThat(problems).isEmpty();
    if (jars == 0) {
      System.err.println("build-checks: no packaged jars on the class path (mvn test); the manifest "
          + "check runs under mvn verify");
    }
  }

  @Test
  void theBomListsEveryDeployedArtifactAtTheReactorVersion() throws IOException {
    Path bomPom = reactor.root.resolve("biomed-vital-bom/pom.xml");
    Map.Entry<String, List<String>> bom = Reactor.bom(bomPom);
    Set<String> deployed = new TreeSet<>();
    for (Reactor.Module m : reactor.modules) {
      if (m.isDeployed() && !m.packaging().equals("pom")) {
        deployed.add(m.artifactId());
      }
    }
    Set<String> listed = new TreeSet<>(bom.getValue());

    assertThat(bom.getKey()).as("%s version (keep it equal to the reactor's)", bomPom)
        .isEqualTo(reactor.version);
    assertThat(listed).as("deployed modules that %s does not list", bomPom).containsAll(deployed);
    Set<String> extra = new TreeSet<>(listed);
    extra.removeAll(deployed);
    extra.removeAll(ANNOUNCED);
    assertThat(extra).as("artifacts %s lists that no deployed module of the reactor builds", bomPom)
        .isEmpty();
  }

  @Test
  void aJarWithoutOrWithABadModuleNameIsRefused(@TempDir Path dir) throws IOException {
    Path none = jar(dir.resolve("none.jar"), null);
    Path bad = jar(dir.resolve("bad.jar"), "org.x.class");
    Path good = jar(dir.resolve("good-1.0.jar"), "org.x.good");

    assertThatThrownBy(() -> LibraryLayout.moduleName(none)).hasMessage("none.jar has no "
        + "Automatic-Module-Name in its manifest; set the automatic.module.name property in its "
        + "module's pom.xml");
    assertThatThrownBy(() -> LibraryLayout.moduleName(bad))
        .hasMessageStartingWith("bad.jar cannot be a module (Automatic-Module-Name 'org.x.class'): ");
    assertThat(LibraryLayout.moduleName(good)).isEqualTo("org.x.good");
  }

  private static Path jar(Path file, String moduleName) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (moduleName != null) {
      manifest.getMainAttributes().putValue("Automatic-Module-Name", moduleName);
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
      out.putNextEntry(new JarEntry("org/x/good/A.class"));
      out.write(new byte[] {1});
      out.closeEntry();
    }
    return file;
  }

  @Test
  void splitPackagesAreFoundInClassFoldersAndJars(@TempDir Path dir)
      throws IOException {
    Path a = Files.createDirectories(dir.resolve("a/org/x/seam"));
    Files.write(a.resolve("Seam.class"), new byte[] {1});
    Path b = Files.createDirectories(dir.resolve("b/org/x/seam/impl"));
    Files.write(b.resolve("Impl.class"), new byte[] {1});
    Path c = Files.createDirectories(dir.resolve("c/org/x/seam"));
    Files.write(c.resolve("Other.class"), new byte[] {1});
    Files.createDirectories(dir.resolve("c/META-INF/versions/11/org/x/seam"));
    Files.write(dir.resolve("c/META-INF/versions/11/org/x/seam/Other.class"), new byte[] {1});

    Map<String, List<String>> split = LibraryLayout.splitPackages(new TreeMap<>(Map.of(
        "a", dir.resolve("a"), "b", dir.resolve("b"), "c", dir.resolve("c"))));

    assertThat(split).isEqualTo(Map.of("org.x.seam", List.of("a", "c")));
  }
}
