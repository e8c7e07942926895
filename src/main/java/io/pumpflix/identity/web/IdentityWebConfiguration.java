package io.pumpflix.identity.web;

import io.pumpflix.identity.Actor;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class IdentityWebConfiguration implements WebMvcConfigurer {

    static {
        // The actor comes from the bearer token, never from the request: not an API parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    private final Authentication authentication;

    IdentityWebConfiguration(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(authentication);
    }
}
