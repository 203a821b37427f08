package io.guidestream.registry;

/**
 * Decides whether a version being published becomes its model's default. The registry asks under its lock, with the
 * default of that moment, so that two publishers cannot both judge against a default that one of them replaces.
 */
@FunctionalInterface
public interface DefaultRule {
    /** Every new version becomes the default. */
    DefaultRule ALWAYS = (candidate, current) -> new Decision(true, "made the default");
    /** The default stays where it is. */
    DefaultRule NEVER = (candidate, current) -> new Decision(false, "published as a version; the default stays v"
            + current.version());

    /**
     * @param candidate the new version's card (its version assigned)
     * @param current   the current default's card; never null (a model's first version is always its default)
     */
    Decision decide(ModelCard candidate, ModelCard current);

    /**
     * @param makeDefault whether the new version becomes the default
     * @param reason      why, in a line for people (the training job's result carries it)
     */
    record Decision(boolean makeDefault, String reason) {
        static Decision first(ModelCard candidate) {
            return new Decision(true, "the first version of " + candidate.name() + " is its default");
        }
    }
}
