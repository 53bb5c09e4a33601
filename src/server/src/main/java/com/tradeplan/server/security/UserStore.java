package com.tradeplan.server.security;

import com.tradeplan.store.UserRepository;
import com.tradeplan.store.UserRepository.StoredUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The users who may log in, over the store's {@code users} collection ({@link UserRepository}): one
 * per user name, with a salted BCrypt hash of the password (never the password) and the roles. User
 * names are also plan owners, so they have the shape a plan owner must have.
 */
public final class UserStore {
  /** The shape of a user name: it becomes the owner of every plan the user creates. */
  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

  /** Bounds that keep BCrypt's 72-byte limit and a hostile client's body small. */
  public static final int PASSWORD_MIN = 12;

  public static final int PASSWORD_MAX = 72;

  private final UserRepository users;
  private final PasswordEncoder encoder;

  /** A hash of a random password: compared against when the user does not exist (same timing). */
  private final String dummyHash;

  public UserStore(UserRepository users, PasswordEncoder encoder) {
    this.users = users;
    this.encoder = encoder;
    this.dummyHash = encoder.encode(SecretGenerator.password());
  }

  /** A user as the server knows it. */
  public record User(String username, Set<Role> roles, Instant createdAt) {}

  /** What a create reports. */
  public enum Created {
    CREATED,
    EXISTS
  }

  public long count() {
    return users.count();
  }

  /**
   * Creates a user; the password is hashed here and never stored or logged. Returns EXISTS, doing
   * nothing, when the name is taken.
   */
  public Created create(String username, String password, Set<Role> roles) {
    if (!USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("bad user name shape");
    }
    if (password.length() < PASSWORD_MIN || password.length() > PASSWORD_MAX) {
      throw new IllegalArgumentException("password length outside bounds");
    }
    List<String> roleNames = roles.stream().map(Role::name).sorted().toList();
    StoredUser user = new StoredUser(username, encoder.encode(password), roleNames, Instant.now());
    return users.insert(user) ? Created.CREATED : Created.EXISTS;
  }

  /**
   * The user when the password matches; empty otherwise (unknown user and wrong password alike).
   */
  public Optional<User> authenticate(String username, String password) {
    Optional<StoredUser> stored =
        USERNAME.matcher(username).matches() ? users.find(username) : Optional.empty();
    if (stored.isEmpty()) {
      encoder.matches(password, dummyHash); // the same work as for a known user
      return Optional.empty();
    }
    if (!encoder.matches(password, stored.get().passwordHash())) {
      return Optional.empty();
    }
    return stored.map(UserStore::toUser);
  }

  public Optional<User> find(String username) {
    return users.find(username).map(UserStore::toUser);
  }

  public List<User> list(int limit) {
    List<User> out = new ArrayList<>();
    users.list(limit).forEach(u -> out.add(toUser(u)));
    return out;
  }

  private static User toUser(StoredUser stored) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : stored.roles()) {
      roles.add(Role.valueOf(r));
    }
    return new User(stored.username(), roles, stored.createdAt());
  }
}
