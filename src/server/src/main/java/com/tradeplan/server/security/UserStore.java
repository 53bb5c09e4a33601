package com.tradeplan.server.security;

import com.tradeplan.store.UserRepository;
import com.tradeplan.store.UserRepository.StoredUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The users who may log in, over the store's {@code users} collection ({@link UserRepository}): one
 * per user name, with a salted BCrypt hash of the password (never the password), the roles and
 * whether an operator disabled it. User names are also plan owners, so they have the shape a plan
 * owner must have.
 *
 * <p>BCrypt is slow on purpose, which makes it a lever for whoever floods the login: at most {@code
 * bcryptConcurrent} password checks run at once; a login that waits longer than {@code
 * bcryptWaitMax} for one is answered {@link Login.Busy} without any BCrypt work (the server answers
 * 503 with Retry-After). Thread-safe.
 */
public final class UserStore {
  /** The shape of a user name: it becomes the owner of every plan the user creates. */
  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

  /** Bounds that keep BCrypt's 72-byte limit and a hostile client's body small. */
  public static final int PASSWORD_MIN = 12;

  public static final int PASSWORD_MAX = 72;

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final Semaphore bcrypt;
  private final Duration bcryptWaitMax;

  /** A hash of a random password: compared against when the user does not exist (same timing). */
  private final String dummyHash;

  public UserStore(UserRepository users, PasswordEncoder encoder) {
    this(users, encoder, 2, Duration.ofSeconds(2));
  }

  /**
   * @param bcryptConcurrent password checks (BCrypt) that may run at once
   * @param bcryptWaitMax how long a login waits for one before it is answered busy
   */
  public UserStore(
      UserRepository users, PasswordEncoder encoder, int bcryptConcurrent, Duration bcryptWaitMax) {
    if (bcryptConcurrent < 1) {
      throw new IllegalArgumentException("bcryptConcurrent must be >= 1");
    }
    this.users = users;
    this.encoder = encoder;
    this.bcrypt = new Semaphore(bcryptConcurrent, true);
    this.bcryptWaitMax = bcryptWaitMax;
    this.dummyHash = encoder.encode(SecretGenerator.password());
  }

  /** A user as the server knows it. */
  public record User(String username, Set<Role> roles, Instant createdAt, boolean disabled) {}

  /** What a create reports. */
  public enum Created {
    CREATED,
    EXISTS
  }

  /** What a login attempt came to. */
  public sealed interface Login {
    /** The password matches and the user may log in. */
    record Ok(User user) implements Login {}

    /** Unknown user or wrong password (the two are indistinguishable). */
    record Wrong() implements Login {}

    /** The password matches, but an operator disabled the user. */
    record Disabled(User user) implements Login {}

    /** Too many password checks at once: none was made. */
    record Busy() implements Login {}
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
    checkLength(password);
    List<String> roleNames = roles.stream().map(Role::name).sorted().toList();
    StoredUser user = new StoredUser(username, encoder.encode(password), roleNames, Instant.now());
    return users.insert(user) ? Created.CREATED : Created.EXISTS;
  }

  /**
   * Checks a login: {@code Ok} when the password matches an enabled user; {@code Wrong} for an
   * unknown user and a wrong password alike (both cost one BCrypt check); {@code Disabled} only
   * when the password matches; {@code Busy} when no check could be made in time.
   */
  public Login authenticate(String username, String password) {
    if (!acquire()) {
      return new Login.Busy();
    }
    try {
      Optional<StoredUser> stored =
          USERNAME.matcher(username).matches() ? users.find(username) : Optional.empty();
      if (stored.isEmpty()) {
        encoder.matches(password, dummyHash); // the same work as for a known user
        return new Login.Wrong();
      }
      if (!encoder.matches(password, stored.get().passwordHash())) {
        return new Login.Wrong();
      }
      User user = toUser(stored.get());
      return user.disabled() ? new Login.Disabled(user) : new Login.Ok(user);
    } finally {
      bcrypt.release();
    }
  }

  /** Whether {@code username} exists and its password is {@code password} (disabled or not). */
  public boolean hasPassword(String username, String password) {
    Optional<StoredUser> stored = users.find(username);
    return stored.isPresent() && encoder.matches(password, stored.get().passwordHash());
  }

  public Optional<User> find(String username) {
    return users.find(username).map(UserStore::toUser);
  }

  /** At most {@code limit} users by name, after {@code afterUsername} (null: from the first). */
  public List<User> list(String afterUsername, int limit) {
    List<User> out = new ArrayList<>();
    users.list(afterUsername, limit).forEach(u -> out.add(toUser(u)));
    return out;
  }

  /** Disables ({@code true}) or enables a user; false when there is no such user. */
  public boolean setDisabled(String username, boolean disabled) {
    return users.setDisabled(username, disabled);
  }

  /** Sets a new password (hashed here, never stored or logged); false when no such user. */
  public boolean resetPassword(String username, String password) {
    checkLength(password);
    return users.setPasswordHash(username, encoder.encode(password));
  }

  private static void checkLength(String password) {
    if (password.length() < PASSWORD_MIN || password.length() > PASSWORD_MAX) {
      throw new IllegalArgumentException("password length outside bounds");
    }
  }

  private boolean acquire() {
    try {
      return bcrypt.tryAcquire(bcryptWaitMax.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static User toUser(StoredUser stored) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : stored.roles()) {
      roles.add(Role.valueOf(r));
    }
    return new User(stored.username(), roles, stored.createdAt(), stored.disabled());
  }
}
