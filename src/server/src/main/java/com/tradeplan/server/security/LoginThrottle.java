package com.tradeplan.server.security;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Login attempt limits that neither a flood of junk user names nor an attacker guessing a real
 * user's password can turn against that user (docs/security.md, "Rate limits"):
 *
 * <ul>
 *   <li><b>per client address</b>: every attempt (looser: many users may share one address);
 *   <li><b>per user name</b>, in two separate bounded maps: names of existing users and any other
 *       name. Junk names only ever fill the second, so flooding them cannot evict a real user's
 *       bucket (which would reset its count and let a guesser go on);
 *   <li><b>a user's known addresses</b>: the last {@value #KNOWN_ADDRESSES_MAX} addresses the user
 *       logged in from successfully (only the password adds one). From such an address the user's
 *       shared per-name bucket does not apply, only a bucket of that user and that address: an
 *       attacker elsewhere who spends the user's attempts does not lock the user out.
 * </ul>
 *
 * A refused attempt is answered before any password check. Nothing here limits what a logged-in
 * session does: an authenticated trader's commands (a flatten above all) never meet these limits.
 * Bounds: each map holds at most {@code keysMax} entries (least recently used dropped); the known
 * addresses map at most {@code keysMax} users. Thread-safe.
 */
public final class LoginThrottle {
  /** Addresses remembered per user. */
  static final int KNOWN_ADDRESSES_MAX = 5;

  private final TokenBuckets perAddress;
  private final TokenBuckets perKnownUser;
  private final TokenBuckets perOtherName;
  private final TokenBuckets perUserAtKnownAddress;
  private final Map<String, Deque<String>> knownAddresses;

  /**
   * @param perUserPerMinute attempts per user name (and per user at one of its known addresses)
   * @param perAddressPerMinute attempts per client address
   * @param keysMax entries each map holds at most
   */
  public LoginThrottle(int perUserPerMinute, int perAddressPerMinute, int keysMax) {
    this.perAddress = new TokenBuckets(perAddressPerMinute, perAddressPerMinute / 60.0, keysMax);
    this.perKnownUser = new TokenBuckets(perUserPerMinute, perUserPerMinute / 60.0, keysMax);
    this.perOtherName = new TokenBuckets(perUserPerMinute, perUserPerMinute / 60.0, keysMax);
    this.perUserAtKnownAddress =
        new TokenBuckets(perUserPerMinute, perUserPerMinute / 60.0, keysMax);
    this.knownAddresses =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Deque<String>> eldest) {
            return size() > keysMax;
          }
        };
  }

  /**
   * Takes one attempt for {@code username} from {@code address}; {@code userExists} says which map
   * the name's bucket lives in. Returns 0 when the attempt may go on, otherwise the seconds after
   * which to retry.
   */
  public long tryAttempt(String address, String username, boolean userExists) {
    long retry = perAddress.tryTake(address);
    if (retry > 0) {
      return retry;
    }
    if (!userExists) {
      return perOtherName.tryTake(username);
    }
    if (isKnown(username, address)) {
      return perUserAtKnownAddress.tryTake(username + '\u0000' + address);
    }
    return perKnownUser.tryTake(username);
  }

  /** A successful login: {@code address} is known for {@code username} from now on. */
  public void succeeded(String username, String address) {
    synchronized (knownAddresses) {
      Deque<String> known = knownAddresses.computeIfAbsent(username, u -> new ArrayDeque<>());
      known.remove(address);
      known.addFirst(address);
      while (known.size() > KNOWN_ADDRESSES_MAX) {
        known.removeLast();
      }
    }
  }

  private boolean isKnown(String username, String address) {
    synchronized (knownAddresses) {
      Deque<String> known = knownAddresses.get(username);
      return known != null && known.contains(address);
    }
  }
}
