package com.tradeplan.server.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /api-docs (Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {
  @Bean
  OpenAPI tradeplanOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Tradeplan API")
                .version("1")
                .description(
                    "Plans, trades and live updates for Interactive Brokers traders. See"
                        + " docs/api.md. Errors are RFC 7807 problem details."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("the token of POST /api/auth/login")));
  }
}
