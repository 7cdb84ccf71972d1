package org.biomedvital.buildchecks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** What the reactor's poms say: its modules, which of them are deployed libraries, the BOM. */
final class Reactor {
  /** One module of the reactor, as its pom declares it. */
  record Module(Path dir, String artifactId, String packaging, Map<String, String> properties) {
    /** A jar that is deployed: the modules whose jars applications put on their class path. */
    boolean isLibrary() {
      return packaging.equals("jar") && !"true".equals(properties.get("maven.deploy.skip"));
    }

    /** A deployed artifact of any packaging (the BOM lists these). */
    boolean isDeployed() {
      return !"true".equals(properties.get("maven.deploy.skip"));
    }
  }

  final Path root;
  final String version;
  final List<Module> modules;

  private Reactor(Path root, String version, List<Module> modules) {
    this.root = root;
    this.version = version;
    this.modules = modules;
  }

  static Reactor read(Path root) throws IOException {
    Element pom = parse(root.resolve("pom.xml"));
    List<Module> modules = new ArrayList<>();
    for (String name : texts(child(pom, "modules"), "module")) {
      Path dir = root.resolve(name).normalize();
      Element modulePom = parse(dir.resolve("pom.xml"));
      String packaging = text(modulePom, "packaging");
      modules.add(new Module(dir, text(modulePom, "artifactId"), packaging == null ? "jar" : packaging,
          properties(modulePom)));
    }
    return new Reactor(root, text(pom, "version"), List.copyOf(modules));
  }

  List<Module> libraries() {
    return modules.stream().filter(Module::isLibrary).toList();
  }

  /** The {@code org.biomedvital} artifact ids a BOM pom manages, and its version. */
  static Map.Entry<String, List<String>> bom(Path bomPom) throws IOException {
    Element pom = parse(bomPom);
    List<String> managed = new ArrayList<>();
    Element deps = child(child(pom, "dependencyManagement"), "dependencies");
    for (Element dep : children(deps, "dependency")) {
      if ("org.biomedvital".equals(text(dep, "groupId"))) {
        managed.add(text(dep, "artifactId"));
      }
    }
    return Map.entry(text(pom, "version"), managed);
  }

  static Element parse(Path file) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = factory.newDocumentBuilder().parse(file.toFile());
      return doc.getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException(file + ": not a readable pom: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> properties(Element pom) {
    Map<String, String> props = new LinkedHashMap<>();
    Element properties = child(pom, "properties");
    if (properties != null) {
      for (Element p : children(properties, null)) {
        props.put(p.getTagName(), p.getTextContent().trim());
      }
    }
    return props;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = parent == null ? List.of() : children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }

  private static List<String> texts(Element parent, String name) {
    return parent == null ? List.of()
        : children(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
  }

  /** Direct child elements (all of them when {@code name} is null). */
  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
        out.add(e);
      }
    }
    return out;
  }
}
