package com.tradeplan.server.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.server.security.Role;
import com.tradeplan.server.security.SessionStore;
import com.tradeplan.server.security.TokenAuthenticationFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * Live updates over STOMP at {@code /ws} (docs/api.md). The CONNECT frame carries {@code
 * Authorization: Bearer <token>}; only a TRADER may connect. The only destination a client may
 * subscribe to is {@code /user/queue/updates} (its own updates); a client never sends. The
 * subscription may carry {@code last-sequence} to resume after a reconnect. A connection lives no
 * longer than its login session, and connections and subscriptions are capped per user ({@link
 * LiveSessions}).
 */
@Configuration
@EnableWebSocketMessageBroker
public class WebSocketConfig implements WebSocketMessageBrokerConfigurer {
  static final String SUBSCRIBE_TO = "/user" + LiveSubscriptions.DESTINATION;

  private final SessionStore sessions;
  private final ObjectProvider<LiveSessions> liveSessions;
  private final String[] allowedOrigins;

  public WebSocketConfig(
      SessionStore sessions,
      ObjectProvider<LiveSessions> liveSessions,
      @Value("${tradeplan.websocket.allowed-origins:*}") String[] allowedOrigins) {
    this.sessions = sessions;
    this.liveSessions = liveSessions;
    this.allowedOrigins = allowedOrigins;
  }

  @Bean(destroyMethod = "close")
  LiveSessions liveSessions(
      SessionStore sessions,
      @Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutbound,
      @Value("${tradeplan.websocket.max-connections-per-user:5}") int connectionsPerUser,
      @Value("${tradeplan.websocket.max-subscriptions-per-user:5}") int subscriptionsPerUser,
      @Value("${tradeplan.websocket.revalidate-every:5s}") Duration revalidateEvery) {
    return new LiveSessions(
        sessions,
        () -> clientOutbound.getObject(),
        connectionsPerUser,
        subscriptionsPerUser,
        revalidateEvery);
  }

  @Bean(destroyMethod = "close")
  LiveSubscriptions liveSubscriptions(
      TradingService trading,
      @Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutbound,
      ObjectMapper json,
      MeterRegistry meters) {
    // resolved at the first subscription: the channel is built from this configurer
    return new LiveSubscriptions(trading, () -> clientOutbound.getObject(), json, meters);
  }

  @Bean(destroyMethod = "close")
  LiveAlerts liveAlerts(
      com.tradeplan.runtime.Platform platform,
      LiveSubscriptions subscriptions,
      @Value("${tradeplan.live.alert-poll:1s}") Duration every) {
    return new LiveAlerts(platform, subscriptions, java.time.Clock.systemUTC(), every);
  }

  @Override
  public void registerStompEndpoints(StompEndpointRegistry registry) {
    registry.addEndpoint("/ws").setAllowedOriginPatterns(allowedOrigins);
  }

  @Override
  public void configureMessageBroker(MessageBrokerRegistry registry) {
    registry.enableSimpleBroker("/queue");
    registry.setUserDestinationPrefix("/user");
    registry.setApplicationDestinationPrefixes("/app");
    registry.setPreservePublishOrder(true);
  }

  @Override
  public void configureWebSocketTransport(WebSocketTransportRegistration registry) {
    registry
        .setMessageSizeLimit(16 * 1024)
        .setSendBufferSizeLimit(1024 * 1024)
        .setSendTimeLimit(10_000);
  }

  @Override
  public void configureClientInboundChannel(ChannelRegistration registration) {
    registration.interceptors(
        new ChannelInterceptor() {
          @Override
          public Message<?> preSend(Message<?> message, MessageChannel channel) {
            StompHeaderAccessor accessor =
                MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
            if (accessor == null || accessor.getCommand() == null) {
              return message;
            }
            StompCommand command = accessor.getCommand();
            switch (command) {
              case CONNECT, STOMP -> {
                String token =
                    TokenAuthenticationFilter.bearer(
                        accessor.getFirstNativeHeader("Authorization"));
                Optional<SessionStore.Session> session =
                    token == null ? Optional.empty() : sessions.find(token);
                if (session.isEmpty()) {
                  throw new MessageDeliveryException(
                      "unauthorized: send Authorization: Bearer <token>");
                }
                if (!session.get().roles().contains(Role.TRADER)) {
                  throw new MessageDeliveryException("forbidden: live updates are for traders");
                }
                liveSessions.getObject().connect(accessor.getSessionId(), session.get());
                accessor.setUser(TokenAuthenticationFilter.authentication(session.get()));
              }
              case SUBSCRIBE -> {
                requireUser(accessor.getUser());
                if (!SUBSCRIBE_TO.equals(accessor.getDestination())) {
                  throw new MessageDeliveryException(
                      "forbidden: subscribe to " + SUBSCRIBE_TO + " only");
                }
                String last = accessor.getFirstNativeHeader("last-sequence");
                if (last != null && !last.matches("\\d{1,18}")) {
                  throw new MessageDeliveryException("bad last-sequence: a non-negative integer");
                }
                liveSessions
                    .getObject()
                    .subscribe(accessor.getSessionId(), accessor.getSubscriptionId());
              }
              case SEND -> throw new MessageDeliveryException("forbidden: clients do not send");
              default -> {
                // DISCONNECT, UNSUBSCRIBE, ACK, NACK, heartbeats: allowed
              }
            }
            return message;
          }
        });
  }

  private static void requireUser(Principal user) {
    if (user == null) {
      throw new MessageDeliveryException("unauthorized");
    }
  }

  /** Wires subscriptions to the platform's live updates, and closed connections out. */
  @Configuration
  static class Events {
    private final LiveSubscriptions live;
    private final LiveSessions connections;

    Events(LiveSubscriptions live, LiveSessions connections) {
      this.live = live;
      this.connections = connections;
    }

    @EventListener
    void subscribed(SessionSubscribeEvent e) {
      StompHeaderAccessor a = StompHeaderAccessor.wrap(e.getMessage());
      if (e.getUser() == null || !SUBSCRIBE_TO.equals(a.getDestination())) {
        return;
      }
      String last = a.getFirstNativeHeader("last-sequence");
      live.open(
          a.getSessionId(),
          a.getSubscriptionId(),
          e.getUser().getName(),
          last == null ? null : Long.valueOf(last));
    }

    @EventListener
    void unsubscribed(SessionUnsubscribeEvent e) {
      StompHeaderAccessor a = StompHeaderAccessor.wrap(e.getMessage());
      live.close(a.getSessionId(), a.getSubscriptionId());
      connections.unsubscribe(a.getSessionId(), a.getSubscriptionId());
    }

    @EventListener
    void disconnected(SessionDisconnectEvent e) {
      live.close(e.getSessionId());
      connections.closed(e.getSessionId());
    }
  }
}
