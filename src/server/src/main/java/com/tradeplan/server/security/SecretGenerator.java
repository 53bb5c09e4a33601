package com.tradeplan.server.security;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets: session tokens and generated passwords, from one {@link SecureRandom}. */
public final class SecretGenerator {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretGenerator() {}

  /** 32 random bytes, URL-safe Base64 without padding (43 characters). */
  public static String token() {
    return randomText(32);
  }

  /** A 20-character random password (120 bits). */
  public static String password() {
    return randomText(15);
  }

  private static String randomText(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
