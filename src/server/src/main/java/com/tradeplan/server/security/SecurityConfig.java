package com.tradeplan.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.server.PlatformConfiguration;
import com.tradeplan.server.web.ProblemWriter;
import com.tradeplan.server.web.Problems;
import com.tradeplan.store.AdminAuditLog;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.SessionRepository;
import com.tradeplan.store.UserRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may call what (docs/security.md). Stateless: every request carries its bearer token; no
 * cookie, no HTTP session, so there is nothing for a cross-site request to ride on and CSRF tokens
 * are off. Every path is listed; anything not listed needs a login.
 */
@Configuration
public class SecurityConfig {

  @Bean
  PasswordEncoder passwordEncoder(@Value("${tradeplan.security.bcrypt-strength:12}") int strength) {
    return new BCryptPasswordEncoder(strength);
  }

  @Bean
  UserStore userStore(
      MongoConfig.MongoConnection store,
      PasswordEncoder encoder,
      @Value("${tradeplan.security.bcrypt-concurrent:2}") int bcryptConcurrent,
      @Value("${tradeplan.security.bcrypt-wait:2s}") Duration bcryptWait) {
    return new UserStore(new UserRepository(store), encoder, bcryptConcurrent, bcryptWait);
  }

  @Bean
  SessionStore sessionStore(
      MongoConfig.MongoConnection store, @Value("${tradeplan.security.session-ttl}") Duration ttl) {
    return new SessionStore(new SessionRepository(store), ttl, Clock.systemUTC());
  }

  @Bean
  AdminAuditLog adminAudit(MongoConfig.MongoConnection store) {
    return new AdminAuditLog(store);
  }

  @Bean
  ProblemWriter problemWriter(ObjectMapper json) {
    return new ProblemWriter(json);
  }

  @Bean
  LoginThrottle loginThrottle(
      @Value("${tradeplan.security.login-per-minute}") int perMinute,
      @Value("${tradeplan.security.login-per-minute-per-address}") int perAddressPerMinute) {
    return new LoginThrottle(perMinute, perAddressPerMinute, 100_000);
  }

  @Bean
  AuthenticationEntryPoint problemEntryPoint(ProblemWriter problems) {
    return (request, response, e) -> {
      response.setHeader("WWW-Authenticate", "Bearer");
      problems.write(
          response,
          Problems.of(
              HttpStatus.UNAUTHORIZED,
              "unauthorized",
              "log in (POST /api/auth/login) and send Authorization: Bearer <token>"));
    };
  }

  @Bean
  AccessDeniedHandler problemAccessDenied(ProblemWriter problems) {
    return (request, response, e) ->
        problems.write(
            response,
            Problems.of(HttpStatus.FORBIDDEN, "forbidden", "your role may not call this endpoint"));
  }

  @Bean
  SecurityFilterChain api(
      HttpSecurity http,
      SessionStore sessions,
      AuthenticationEntryPoint entryPoint,
      AccessDeniedHandler denied,
      ProblemWriter problems,
      MeterRegistry meters,
      Environment spring,
      @Value("${tradeplan.security.commands-per-second}") double commandsPerSecond,
      @Value("${tradeplan.security.commands-burst}") long commandsBurst,
      @Value("${tradeplan.security.max-body-bytes}") long maxBodyBytes,
      @Value("${tradeplan.rules.max-body-bytes:4194304}") long rulesBodyBytes,
      com.tradeplan.server.analysis.AnalysisSettings analysis)
      throws Exception {
    TokenAuthenticationFilter tokens = new TokenAuthenticationFilter(sessions, entryPoint);
    // Not a bean: Boot would also register a Filter bean in the servlet container, outside this
    // chain, where the context it sets is replaced before authorization.
    MetricsScrapeToken metricsScrape =
        MetricsScrapeToken.fromFile(
            PlatformConfiguration.platformEnvironment(spring).get("TRADEPLAN_METRICS_TOKEN_FILE"));
    CommandRateLimitFilter commands =
        new CommandRateLimitFilter(
            new TokenBuckets(commandsBurst, commandsPerSecond, 100_000),
            problems,
            Counter.builder("tradeplan.api.commands.limited").register(meters));
    http.csrf(AbstractHttpConfigurer::disable) // bearer tokens only: see the class comment
        .cors(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
        .headers(
            h ->
                h.contentSecurityPolicy(
                        c ->
                            c.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self'"
                                    + " 'unsafe-inline'; img-src 'self' data:; connect-src 'self';"
                                    + " frame-ancestors 'none'; base-uri 'none'; form-action"
                                    + " 'self'"))
                    .referrerPolicy(
                        r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                    .frameOptions(f -> f.deny())
                    .httpStrictTransportSecurity(
                        hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)))
        .addFilterBefore(
            new RequestSizeLimitFilter(
                maxBodyBytes,
                problems,
                Map.of(
                    "/api/analysis/", analysis.bodyBytes(), "/api/rules/versions", rulesBodyBytes)),
            LogoutFilter.class)
        .addFilterBefore(metricsScrape, LogoutFilter.class)
        .addFilterBefore(tokens, AnonymousAuthenticationFilter.class)
        .addFilterAfter(commands, AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.POST, "/api/auth/login")
                    .permitAll()
                    .requestMatchers("/api/auth/**")
                    .authenticated()
                    .requestMatchers(
                        "/api/plans/**", "/api/plans", "/api/trades/**", "/api/account")
                    .hasRole(Role.TRADER.name())
                    .requestMatchers("/api/account/**", "/api/market/*/bars")
                    .hasRole(Role.TRADER.name())
                    .requestMatchers("/api/templates", "/api/templates/**", "/api/sizing")
                    .hasRole(Role.TRADER.name())
                    .requestMatchers("/api/market/**", "/api/commission/**")
                    .authenticated()
                    .requestMatchers(HttpMethod.GET, "/api/strategies")
                    .authenticated()
                    .requestMatchers("/api/risk/mine")
                    .hasRole(Role.TRADER.name())
                    .requestMatchers("/api/risk/**")
                    .hasAnyRole(Role.OPERATOR.name(), Role.STRATEGY_ADMIN.name())
                    .requestMatchers("/api/ops/**")
                    .hasRole(Role.OPERATOR.name())
                    .requestMatchers("/api/rules/**")
                    .hasRole(Role.STRATEGY_ADMIN.name())
                    // incident replays: analysts and operators (why did the platform do that?)
                    .requestMatchers("/api/analysis/replays", "/api/analysis/replays/**")
                    .hasAnyRole(Role.ANALYST.name(), Role.OPERATOR.name())
                    .requestMatchers("/api/analysis/**")
                    .hasRole(Role.ANALYST.name())
                    // traders their own user's switch only (KillSwitchController decides)
                    .requestMatchers("/api/kill-switch", "/api/kill-switch/**")
                    .hasAnyRole(Role.OPERATOR.name(), Role.TRADER.name())
                    .requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, MetricsScrapeToken.PATH)
                    .hasAnyAuthority(Role.OPERATOR.authority(), MetricsScrapeToken.AUTHORITY)
                    .requestMatchers("/actuator/**")
                    .hasRole(Role.OPERATOR.name())
                    .requestMatchers(
                        "/api-docs", "/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                    .permitAll()
                    // the STOMP CONNECT frame carries the token (live.StompAuthentication)
                    .requestMatchers("/ws", "/ws/**")
                    .permitAll()
                    .requestMatchers(
                        HttpMethod.GET, "/", "/index.html", "/assets/**", "/favicon.ico")
                    .permitAll()
                    .requestMatchers("/error")
                    .permitAll()
                    .anyRequest()
                    .authenticated());
    return http.build();
  }
}
