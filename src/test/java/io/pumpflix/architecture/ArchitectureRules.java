package io.pumpflix.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.pumpflix.identity.AccessPolicy;
import io.pumpflix.identity.Actor;
import io.pumpflix.platform.PublicOperation;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

/**
 * The module doors, as rules over compiled classes. A module is a direct sub-package of the root;
 * its public API is its root package; its one door is the {@code @Service} there. Each rule takes
 * the root package, so that a test can show it failing on deliberately misplaced code.
 */
final class ArchitectureRules {

    /** Classes that hold SQL: only a module's own classes may call them. */
    private static final Set<String> DATA_ACCESS = Set.of("io.pumpflix.platform.Routines",
            "org.springframework.jdbc.core.simple.JdbcClient", "io.pumpflix.platform.OwnerDatabase", "javax.sql.DataSource");

    private ArchitectureRules() {
    }

    static String moduleOf(String root, String packageName) {
        if (!packageName.startsWith(root + ".")) {
            return null;
        }
        String rest = packageName.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static boolean isModuleRoot(String root, JavaClass type) {
        String module = moduleOf(root, type.getPackageName());
        return module != null && type.getPackageName().equals(root + "." + module);
    }

    /** A class of a module that reads or writes the database, other than the module's door. */
    static boolean isRepositoryLike(JavaClass type) {
        return !type.isAnnotatedWith(Service.class) && type.getDirectDependenciesFromSelf().stream()
                .anyMatch(dependency -> DATA_ACCESS.contains(dependency.getTargetClass().getName()));
    }

    /** Controllers call their module's door and other modules' public types; never SQL, never another module's data layer. */
    static ArchRule controllersUseModuleDoorsOnly(String root) {
        return classes().that().areAnnotatedWith(RestController.class).and().resideInAPackage(root + "..")
                .should(new ArchCondition<>("call no data access class and no repository-like class of another module") {
                    @Override
                    public void check(JavaClass controller, ConditionEvents events) {
                        String own = moduleOf(root, controller.getPackageName());
                        for (JavaAccess<?> access : controller.getAccessesFromSelf()) {
                            JavaClass target = access.getTargetOwner();
                            String module = moduleOf(root, target.getPackageName());
                            boolean sql = DATA_ACCESS.contains(target.getName());
                            boolean foreignStore = module != null && !module.equals(own) && !module.equals("platform")
                                    && isRepositoryLike(target);
                            if (sql || foreignStore) {
                                events.add(SimpleConditionEvent.violated(access, controller.getSimpleName() + " calls "
                                        + target.getName() + (sql ? " (data access)" : " (another module's data layer)")
                                        + " in " + access.getSourceCodeLocation()));
                            }
                        }
                    }
                });
    }

    /** Beans of a module other than its door are package-private: the door is the only way in. */
    static ArchRule onlyTheDoorIsAPublicBean(String root) {
        return classes().that().resideInAPackage(root + "..").and().areAnnotatedWith(Component.class)
                .or().areMetaAnnotatedWith(Component.class)
                .should(new ArchCondition<>("be the module's @Service door, or package-private") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        String module = moduleOf(root, type.getPackageName());
                        if (module == null || module.equals("platform") || !isModuleRoot(root, type)
                                || !type.getModifiers().contains(JavaModifier.PUBLIC)
                                || type.isAnnotatedWith(Service.class)) {
                            return;
                        }
                        events.add(SimpleConditionEvent.violated(type, type.getName()
                                + " is a public bean of module " + module + " but not its @Service door"));
                    }
                });
    }

    /**
     * Every public method of a module's door takes the actor and asks {@link AccessPolicy} (itself
     * or through a method of the same class that does), or says why it needs no actor with
     * {@link PublicOperation}.
     */
    static ArchRule doorsCheckTheCallersRight(String root) {
        return methods().that().areDeclaredInClassesThat().areAnnotatedWith(Service.class)
                .and().areDeclaredInClassesThat().resideInAPackage(root + "..")
                .and().arePublic()
                .and(new DescribedPredicate<JavaMethod>("declared in a module's root package") {
                    @Override
                    public boolean test(JavaMethod method) {
                        String module = moduleOf(root, method.getOwner().getPackageName());
                        return module != null && !module.equals("platform") && isModuleRoot(root, method.getOwner());
                    }
                })
                .should(new ArchCondition<>("take the actor and check its right with AccessPolicy, or be a @PublicOperation") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        if (method.isAnnotatedWith(PublicOperation.class)) {
                            return;
                        }
                        boolean takesActor = method.getParameterTypes().stream()
                                .anyMatch(ArchitectureRules::carriesActor);
                        if (!takesActor) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " is public in a module's door but takes no Actor"));
                        } else if (!checksAccess(method, new HashSet<>())) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " is public in a module's door but never asks AccessPolicy"));
                        }
                    }
                });
    }

    /**
     * An Actor, or a batch of items that each carry theirs (a list of records with an Actor
     * component, such as the sessions of many sockets written at once).
     */
    private static boolean carriesActor(com.tngtech.archunit.core.domain.JavaType type) {
        if (type instanceof com.tngtech.archunit.core.domain.JavaParameterizedType parameterized) {
            return parameterized.getActualTypeArguments().stream().anyMatch(ArchitectureRules::carriesActor);
        }
        JavaClass raw = type.toErasure();
        return raw.isEquivalentTo(Actor.class) || raw.isRecord()
                && raw.getFields().stream().anyMatch(field -> field.getRawType().isEquivalentTo(Actor.class));
    }

    private static boolean checksAccess(JavaCodeUnit method, Set<JavaCodeUnit> seen) {
        if (!seen.add(method)) {
            return false;
        }
        for (var call : method.getMethodCallsFromSelf()) {
            JavaClass target = call.getTargetOwner();
            if (target.isEquivalentTo(AccessPolicy.class)) {
                return true;
            }
            if (target.equals(method.getOwner())) {
                var resolved = call.getTarget().resolveMember();
                if (resolved.isPresent() && checksAccess(resolved.get(), seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
