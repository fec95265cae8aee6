package dev.baton;

import org.junit.jupiter.api.Test;
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

    /**
     * Rewrites {@code docs/modules/} (PlantUML diagrams of all modules and of each one, and an AsciiDoc canvas per
     * module). The output is committed, so a change to the module graph shows up in the diff of the change that made
     * it; {@code docs/architecture.md} explains it in words.
     */
    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
