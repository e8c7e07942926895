package io.pumpflix.identity;

/** One answer for an unknown email, a wrong password and an account without one: nothing to probe. */
public final class SignInFailedException extends RuntimeException {

    SignInFailedException() {
        super("email or password is incorrect");
    }
}
