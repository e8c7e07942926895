package io.pumpflix.identity;

/** A member who signed up or in, with the bearer token handed to them once. */
public record SignedIn(Actor actor, IssuedToken token) {
}
