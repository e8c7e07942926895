package io.pumpflix.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a module API that takes no actor and so checks no role: signing up or
 * in, resolving a token, work on no tenant's data. The reason is required; the architecture tests
 * accept no other exception to "every public method of a module API checks the caller's right".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PublicOperation {

    /** Why this operation needs no actor. */
    String value();
}
