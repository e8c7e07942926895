package io.pumpflix.identity;

import io.pumpflix.platform.UnauthenticatedException;

/** One answer for an unknown email, a wrong password and an account without one: nothing to probe. */
public final class SignInFailedException extends UnauthenticatedException {

    SignInFailedException() {
        super("email or password is incorrect");
    }
}
