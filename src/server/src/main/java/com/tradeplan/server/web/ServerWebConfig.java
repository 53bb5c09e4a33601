package com.tradeplan.server.web;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The web pieces every request passes: the request id filter, first of all filters (before Spring
 * Security's chain, so that a refusal there is logged and answered with the id), and the error
 * page's attributes with the id.
 */
@Configuration(proxyBeanMethods = false)
public class ServerWebConfig {

  @Bean
  FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
    FilterRegistrationBean<RequestIdFilter> registration =
        new FilterRegistrationBean<>(new RequestIdFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setDispatcherTypes(
        DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
    return registration;
  }

  @Bean
  ErrorAttributes errorAttributes() {
    return new ProblemIds.ErrorPage();
  }
}
