package io.pumpflix;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

    @Test
    void modulesOnlyUseEachOthersPublicApis() {
        ApplicationModules.of(PumpflixApplication.class).verify();
    }
}
