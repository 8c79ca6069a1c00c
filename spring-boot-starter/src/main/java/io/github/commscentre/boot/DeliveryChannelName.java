package io.github.commscentre.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The channel name a {@code DeliveryChannel} bean serves ({@code email}, {@code post}, {@code portal}, a custom name),
 * on its class or on its {@code @Bean} method. Without it the bean's name is the channel name, so
 * {@code @Bean DeliveryChannel email()} serves the {@code email} channel.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DeliveryChannelName {

    /** @return the channel name, as communications carry it */
    String value();
}
