package io.github.commscentre.boot.sample;

import io.github.commscentre.email.SmtpEmailChannel;
import io.github.commscentre.email.SmtpSecurity;
import io.github.commscentre.spi.DeliveryChannel;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A block manager's application, as start.spring.io makes it, with the Communications Centre's starter added. */
@SpringBootApplication
public class EstateApplication {

    public static void main(String[] args) {
        SpringApplication.run(EstateApplication.class, args);
    }

    // tag::channel[]
    @Bean // the bean's name is the channel's name: communications on channel "email" go out through it
    DeliveryChannel email(@Value("${estate.smtp.host}") String host, @Value("${estate.smtp.port}") int port) {
        return SmtpEmailChannel.builder()
                .host(host)
                .port(port)
                .security(SmtpSecurity.NONE) // your relay's: STARTTLS_REQUIRED or SMTPS with a username
                .from("notices@harbour-estates.example", "Harbour Estates")
                .build();
    }
    // end::channel[]
}
