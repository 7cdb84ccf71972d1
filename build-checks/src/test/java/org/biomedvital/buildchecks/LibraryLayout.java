package org.biomedvital.buildchecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Checks a set of library class path entries (jars or class folders) the way the module path will
 * see them: no package in two of them, and every jar names its module with a valid, unique
 * {@code Automatic-Module-Name}.
 */
final class LibraryLayout {
  private LibraryLayout() {}

  /** The packages holding at least one class in a jar or a class folder. */
  static SortedSet<String> packages(Path entry) {
    SortedSet<String> packages = new TreeSet<>();
    if (Files.isDirectory(entry)) {
      try (Stream<Path> files = Files.walk(entry)) {
        files.filter(f -> f.toString().endsWith(".class"))
            .map(f -> entry.relativize(f).toString().replace('\\', '/'))
            .forEach(name -> addPackage(packages, name));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + entry, e);
      }
    } else {
      try (JarFile jar = new JarFile(entry.toFile())) {
        for (Enumeration<JarEntry> it = jar.entries(); it.hasMoreElements(); ) {
          JarEntry e = it.nextElement();
          if (e.getName().endsWith(".class")) {
            addPackage(packages, e.getName());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + entry, e);
      }
    }
    return packages;
  }

  private static void addPackage(Set<String> packages, String classFile) {
    if (classFile.startsWith("META-INF/") || classFile.endsWith("module-info.class")) {
      return;
    }
    int slash = classFile.lastIndexOf('/');
    packages.add(slash < 0 ? "" : classFile.substring(0, slash).replace('/', '.'));
  }

  /**
   * Each package found in more than one of {@code entries} (by name), with the names that hold it:
   * empty when no package is split.
   */
  static Map<String, List<String>> splitPackages(Map<String, Path> entries) {
    Map<String, List<String>> owners = new TreeMap<>();
    entries.forEach((name, entry) -> packages(entry)
        .forEach(p -> owners.computeIfAbsent(p, k -> new ArrayList<>()).add(name)));
    owners.values().removeIf(names -> names.size() < 2);
    return owners;
  }

  /**
   * The module name the JDK derives for a jar, or a description of why it cannot be used as a
   * named module; a jar without {@code Automatic-Module-Name} is reported too, since its derived
   * name comes from the file name and changes with it.
   */
  static String moduleName(Path jar) {
    String declared;
    try (JarFile file = new JarFile(jar.toFile())) {
      declared = file.getManifest() == null ? null
          : file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
    if (declared == null) {
      throw new IllegalStateException(jar.getFileName() + " has no Automatic-Module-Name in its "
          + "manifest; set the automatic.module.name property in its module's pom.xml");
    }
    try {
      Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
      ModuleDescriptor descriptor = found.iterator().next().descriptor();
      return descriptor.name();
    } catch (FindException e) {
      throw new IllegalStateException(jar.getFileName() + " cannot be a module (Automatic-Module-Name '"
          + declared + "'): " + e.getMessage() + "; fix automatic.module.name in its pom.xml", e);
    }
  }
}
