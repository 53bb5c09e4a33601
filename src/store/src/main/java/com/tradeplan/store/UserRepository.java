package com.tradeplan.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The server's {@code users} collection: one document per user, keyed by user name, holding a
 * password hash (never a password), the role names, when the user was created and whether an
 * operator disabled it. It stores what the server decided; checking names, hashing passwords and
 * what a role may do are the server's.
 *
 * <p>Must never: store or log a password, or overwrite an existing user on insert.
 */
public final class UserRepository {
  private final MongoCollection<Document> users;

  public UserRepository(MongoConfig.MongoConnection connection) {
    this.users = connection.database().getCollection("users");
  }

  /**
   * A stored user.
   *
   * @param passwordHash a salted one-way hash of the password
   * @param roles role names, sorted
   * @param createdAt null for a user stored without it
   * @param disabled an operator disabled the user: it may not log in
   */
  public record StoredUser(
      String username,
      String passwordHash,
      List<String> roles,
      Instant createdAt,
      boolean disabled) {
    public StoredUser {
      Objects.requireNonNull(username, "username");
      roles = List.copyOf(roles);
    }

    /** A user that may log in. */
    public StoredUser(String username, String passwordHash, List<String> roles, Instant createdAt) {
      this(username, passwordHash, roles, createdAt, false);
    }
  }

  public long count() {
    return users.countDocuments();
  }

  /** Stores a new user; false, changing nothing, when the name is taken. */
  public boolean insert(StoredUser user) {
    try {
      users.insertOne(
          new Document("_id", user.username())
              .append("passwordHash", user.passwordHash())
              .append("roles", user.roles())
              .append("createdAt", user.createdAt() == null ? null : Date.from(user.createdAt()))
              .append("disabled", user.disabled()));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  public Optional<StoredUser> find(String username) {
    return Optional.ofNullable(users.find(new Document("_id", username)).first())
        .map(UserRepository::toUser);
  }

  /** The first {@code limit} users by name. */
  public List<StoredUser> list(int limit) {
    return list(null, limit);
  }

  /** At most {@code limit} users by name, those after {@code afterUsername} (null: the first). */
  public List<StoredUser> list(String afterUsername, int limit) {
    List<StoredUser> out = new ArrayList<>();
    Bson filter = afterUsername == null ? new Document() : Filters.gt("_id", afterUsername);
    users.find(filter).sort(new Document("_id", 1)).limit(limit).forEach(d -> out.add(toUser(d)));
    return out;
  }

  /** Disables or enables a user; false when there is no such user. */
  public boolean setDisabled(String username, boolean disabled) {
    return users
            .updateOne(new Document("_id", username), Updates.set("disabled", disabled))
            .getMatchedCount()
        == 1;
  }

  /** Replaces a user's password hash; false when there is no such user. */
  public boolean setPasswordHash(String username, String passwordHash) {
    return users
            .updateOne(new Document("_id", username), Updates.set("passwordHash", passwordHash))
            .getMatchedCount()
        == 1;
  }

  private static StoredUser toUser(Document doc) {
    Date created = doc.getDate("createdAt");
    return new StoredUser(
        doc.getString("_id"),
        doc.getString("passwordHash"),
        doc.getList("roles", String.class, List.of()),
        created == null ? null : created.toInstant(),
        Boolean.TRUE.equals(doc.getBoolean("disabled")));
  }
}
