package com.tradeplan.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * The server's {@code users} collection: one document per user, keyed by user name, holding a
 * password hash (never a password), the role names and when the user was created. It stores what
 * the server decided; checking names, hashing passwords and what a role may do are the server's.
 *
 * <p>Must never: store or log a password, or overwrite an existing user.
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
   */
  public record StoredUser(
      String username, String passwordHash, List<String> roles, Instant createdAt) {
    public StoredUser {
      Objects.requireNonNull(username, "username");
      roles = List.copyOf(roles);
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
              .append("createdAt", user.createdAt() == null ? null : Date.from(user.createdAt())));
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
    List<StoredUser> out = new ArrayList<>();
    users.find().sort(new Document("_id", 1)).limit(limit).forEach(d -> out.add(toUser(d)));
    return out;
  }

  private static StoredUser toUser(Document doc) {
    Date created = doc.getDate("createdAt");
    return new StoredUser(
        doc.getString("_id"),
        doc.getString("passwordHash"),
        doc.getList("roles", String.class, List.of()),
        created == null ? null : created.toInstant());
  }
}
