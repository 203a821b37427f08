package io.guidestream;

import io.guidestream.app.AppConfig;
import io.guidestream.app.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Service configurations for tests: loopback, free ports, a temporary registry and runs folder. */
public final class TestConfig {
    private TestConfig() {
    }

    public static AppConfig of(Set<Role> roles, Path models, Path runs, List<String> warmModels) {
        return of(roles, models, runs, warmModels, AppConfig.defaults().limits());
    }

    public static AppConfig of(Set<Role> roles, Path models, Path runs, List<String> warmModels,
            AppConfig.Limits limits) {
        AppConfig d = AppConfig.defaults();
        return new AppConfig(roles, d.http().withAddress("127.0.0.1", 0),
                new AppConfig.Sampler(64, warmModels, AppConfig.DeviceChoice.AUTO),
                new AppConfig.Trainer(runs.toString(), 2, "src/test/resources/fashion-mnist-slice"),
                AppConfig.Evaluator.defaults(), new AppConfig.Registry(models.toString()), limits, d.cluster(),
                new AppConfig.Ops("127.0.0.1", 0), d.security());
    }
}
