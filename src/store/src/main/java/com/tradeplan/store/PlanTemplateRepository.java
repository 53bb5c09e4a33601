package com.tradeplan.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code plan_templates} collection: a trader's saved plan shapes, by (owner, name), so a plan
 * is entered again with one click (docs/ui.md, "Templates"). The shape is kept as the JSON the
 * server was sent, as a document: nothing here knows a plan's fields (the server checks them, and a
 * plan made from a template is validated like any other). A unique index on (owner, name) makes a
 * second save of one name replace the first.
 *
 * <p>Bounded: at most {@code maxPerOwner} templates per owner. A save of a new name is inserted and
 * then counted: past the bound it is taken back and {@link Saved#FULL} is answered, so two saves at
 * once can both be refused but never both kept past the bound.
 *
 * <p>Must never: read or change another owner's templates, or hold more than the bound.
 */
public final class PlanTemplateRepository {
  private final MongoCollection<Document> templates;
  private final int maxPerOwner;

  public PlanTemplateRepository(MongoConfig.MongoConnection connection, int maxPerOwner) {
    if (maxPerOwner < 1) {
      throw new IllegalArgumentException("maxPerOwner must be >= 1");
    }
    this.templates = connection.database().getCollection("plan_templates");
    this.maxPerOwner = maxPerOwner;
    templates.createIndex(
        Indexes.ascending("owner", "name"), new IndexOptions().unique(true).name("owner_name"));
  }

  /** One template: its name, the plan's shape (JSON text) and when it was saved. */
  public record StoredTemplate(String name, String planJson, Instant savedAt) {}

  /** What a save did. */
  public enum Saved {
    CREATED,
    REPLACED,
    /** The owner holds the most templates allowed already: nothing was stored. */
    FULL
  }

  /** The most templates one owner may keep. */
  public int maxPerOwner() {
    return maxPerOwner;
  }

  /**
   * Stores {@code planJson} (a JSON object) under {@code name}, replacing a template of the name.
   */
  public Saved save(String owner, String name, String planJson, Instant now) {
    Objects.requireNonNull(planJson, "planJson");
    Document doc =
        new Document("owner", owner)
            .append("name", name)
            .append("plan", Document.parse(planJson))
            .append("savedAt", Date.from(now));
    boolean existed = templates.find(id(owner, name)).first() != null;
    if (!existed && templates.countDocuments(Filters.eq("owner", owner)) >= maxPerOwner) {
      return Saved.FULL;
    }
    templates.replaceOne(id(owner, name), doc, new ReplaceOptions().upsert(true));
    if (!existed && templates.countDocuments(Filters.eq("owner", owner)) > maxPerOwner) {
      // another save raced this one past the bound: take this one back
      templates.deleteOne(id(owner, name));
      return Saved.FULL;
    }
    return existed ? Saved.REPLACED : Saved.CREATED;
  }

  /** The owner's templates by name (at most the bound). */
  public List<StoredTemplate> list(String owner) {
    List<StoredTemplate> out = new ArrayList<>();
    for (Document d :
        templates
            .find(Filters.eq("owner", owner))
            .sort(Sorts.ascending("name"))
            .limit(maxPerOwner)) {
      out.add(read(d));
    }
    return out;
  }

  /** True when a template of the name was deleted. */
  public boolean delete(String owner, String name) {
    return templates.deleteOne(id(owner, name)).getDeletedCount() > 0;
  }

  private static StoredTemplate read(Document d) {
    Document plan = d.get("plan", Document.class);
    Date saved = d.getDate("savedAt");
    return new StoredTemplate(
        d.getString("name"),
        plan == null ? "{}" : plan.toJson(),
        saved == null ? Instant.EPOCH : saved.toInstant());
  }

  private static Bson id(String owner, String name) {
    return Filters.and(Filters.eq("owner", owner), Filters.eq("name", name));
  }
}
