package com.tradeplan.server.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The {@code users} collection: one document per user, keyed by user name, with a salted BCrypt
 * hash of the password (never the password) and the roles. User names are also plan owners, so they
 * have the shape a plan owner must have.
 */
public final class UserStore {
  /** The shape of a user name: it becomes the owner of every plan the user creates. */
  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

  /** Bounds that keep BCrypt's 72-byte limit and a hostile client's body small. */
  public static final int PASSWORD_MIN = 12;

  public static final int PASSWORD_MAX = 72;

  private final MongoCollection<Document> users;
  private final PasswordEncoder encoder;

  /** A hash of a random password: compared against when the user does not exist (same timing). */
  private final String dummyHash;

  public UserStore(MongoDatabase database, PasswordEncoder encoder) {
    this.users = database.getCollection("users");
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
    return users.countDocuments();
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
    Document doc =
        new Document("_id", username)
            .append("passwordHash", encoder.encode(password))
            .append("roles", roleNames)
            .append("createdAt", java.util.Date.from(Instant.now()));
    try {
      users.insertOne(doc);
      return Created.CREATED;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return Created.EXISTS;
      }
      throw e;
    }
  }

  /**
   * The user when the password matches; empty otherwise (unknown user and wrong password alike).
   */
  public Optional<User> authenticate(String username, String password) {
    Document doc = USERNAME.matcher(username).matches() ? users.find(idIs(username)).first() : null;
    if (doc == null) {
      encoder.matches(password, dummyHash); // the same work as for a known user
      return Optional.empty();
    }
    if (!encoder.matches(password, doc.getString("passwordHash"))) {
      return Optional.empty();
    }
    return Optional.of(toUser(doc));
  }

  public Optional<User> find(String username) {
    return Optional.ofNullable(users.find(idIs(username)).first()).map(UserStore::toUser);
  }

  public List<User> list(int limit) {
    List<User> out = new ArrayList<>();
    users.find().sort(new Document("_id", 1)).limit(limit).forEach(d -> out.add(toUser(d)));
    return out;
  }

  private static Document idIs(String username) {
    return new Document("_id", username);
  }

  private static User toUser(Document doc) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : doc.getList("roles", String.class, List.of())) {
      roles.add(Role.valueOf(r));
    }
    java.util.Date created = doc.getDate("createdAt");
    return new User(doc.getString("_id"), roles, created == null ? null : created.toInstant());
  }
}
