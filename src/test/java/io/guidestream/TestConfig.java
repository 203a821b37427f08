package io.guidestream;

import io.guidestream.config.AppConfig;
import io.guidestream.config.DataConfig;
import io.guidestream.config.DeviceChoice;
import io.guidestream.config.EvaluatorConfig;
import io.guidestream.config.LimitsConfig;
import io.guidestream.config.OpsConfig;
import io.guidestream.config.RegistryConfig;
import io.guidestream.config.Role;
import io.guidestream.config.SamplerConfig;
import io.guidestream.config.TrainerConfig;
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
            LimitsConfig limits) {
        AppConfig d = AppConfig.defaults();
        return new AppConfig(roles, d.http().withAddress("127.0.0.1", 0),
                new SamplerConfig(64, warmModels, DeviceChoice.AUTO, SamplerConfig.DEFAULT_LANE_ITEMS),
                new TrainerConfig(runs.toString(), 2), EvaluatorConfig.defaults(), new RegistryConfig(models.toString()),
                new DataConfig("src/test/resources/fashion-mnist-slice"), limits, d.cluster(),
                new OpsConfig("127.0.0.1", 0), d.security());
    }
}
