package com.tradeplan.server.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The web pieces every request passes: the request id filter, first of all filters (before Spring
 * Security's chain, so that a refusal there is logged and answered with the id), the API's
 * admission control right after it (so that a refused request costs no token check), and the error
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

  /**
   * The bound on API requests in flight ({@link ApiAdmission}); a value that is not valid stops the
   * start with an error naming the setting.
   */
  @Bean
  ApiAdmission apiAdmission(
      @Value("${" + ApiAdmission.LIMIT_PROPERTY + ":}") String limit,
      @Value("${" + ApiAdmission.WAIT_PROPERTY + ":}") String wait,
      MeterRegistry meters) {
    return new ApiAdmission(
        ApiAdmission.limitOf(limit, Runtime.getRuntime().availableProcessors()),
        ApiAdmission.waitOf(wait),
        meters,
        System::nanoTime);
  }

  @Bean
  FilterRegistrationBean<ApiAdmissionFilter> apiAdmissionFilter(
      ApiAdmission admission, ProblemWriter problems) {
    FilterRegistrationBean<ApiAdmissionFilter> registration =
        new FilterRegistrationBean<>(new ApiAdmissionFilter(admission, problems));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    return registration;
  }

  @Bean
  ErrorAttributes errorAttributes() {
    return new ProblemIds.ErrorPage();
  }
}
