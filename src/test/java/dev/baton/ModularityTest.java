package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Each package directly under {@code dev.baton} is a module whose public types are its API. A cycle between modules,
 * or a use of another module's internals, fails the build here.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(BatonApplication.class);

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersApi() {
        MODULES.verify();
    }

    /** The module table of docs/architecture.md ("| `name` | what it does | `uses`, ... |") follows the code. */
    @Test
    void theArchitectureDocumentListsWhatEachModuleUses() throws IOException {
        Pattern row = Pattern.compile("^\\| `(\\w+)` \\| .* \\| (.*) \\|$");
        Pattern name = Pattern.compile("`(\\w+)`");
        Map<String, Set<String>> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/architecture.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                Set<String> uses = new TreeSet<>();
                name.matcher(m.group(2)).results().forEach(r -> uses.add(r.group(1)));
                documented.put(m.group(1), uses);
            }
        }
        Map<String, Set<String>> actual = MODULES.stream().collect(Collectors.toMap(ModularityTest::name,
                module -> module.getDependencies(MODULES).uniqueModules().map(ModularityTest::name)
                        .collect(Collectors.toCollection(TreeSet::new)), (a, b) -> a, TreeMap::new));

        assertThat(documented).isEqualTo(actual);
    }

    private static String name(ApplicationModule module) {
        return module.getIdentifier().toString();
    }

    /**
     * Rewrites {@code docs/modules/} (PlantUML diagrams of all modules and of each one, and an AsciiDoc canvas per
     * module). The output is committed, so a change to the module graph shows up in the diff of the change that made
     * it; {@code docs/architecture.md} explains it in words.
     */
    @Test
    void writesModuleDocumentation() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCS.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        try (Stream<Path> files = Files.list(DOCS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                Files.write(file, sorted(Files.readAllLines(file)));
            }
        }
    }

    private static final Path DOCS = Path.of("docs/modules");

    /**
     * The Documenter lists components and relations in hash order, which differs from one JVM to the next; sorting
     * each run of them keeps the committed diagrams unchanged until the module graph changes.
     */
    static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        String kind = null;
        for (String line : lines) {
            String lineKind = line.stripLeading().startsWith("Rel(") ? "Rel("
                    : line.stripLeading().startsWith("Component(") ? "Component(" : null;
            if (lineKind == null || !lineKind.equals(kind)) {
                run.sort(null);
                out.addAll(run);
                run.clear();
            }
            kind = lineKind;
            if (lineKind == null) {
                out.add(line);
            } else {
                run.add(line);
            }
        }
        run.sort(null);
        out.addAll(run);
        return out;
    }
}
