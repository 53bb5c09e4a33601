package com.tradeplan.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanDraftTest {
  @Test
  void theServerGivesADraftItsIdAndOwnerAndKeepsEverythingTheTraderTyped() {
    PlanDraft typed =
        DraftBuilder.longPlan().trailing("1.50").inputError("entry.price", "a number").build();

    PlanDraft given = typed.withIdAndOwner("p-42", "bob");

    assertThat(given.id()).isEqualTo("p-42");
    assertThat(given.owner()).isEqualTo("bob");
    assertThat(given.withIdAndOwner(typed.id(), typed.owner())).isEqualTo(typed);
  }

  @Test
  void inputErrorsCanBeReplacedAndNothingElseChanges() {
    PlanDraft typed = DraftBuilder.longPlan().build();
    List<FieldError> errors = List.of(new FieldError("owner", "is set by the server"));

    PlanDraft flagged = typed.withInputErrors(errors);

    assertThat(flagged.inputErrors()).isEqualTo(errors);
    assertThat(flagged.withInputErrors(List.of())).isEqualTo(typed);
  }
}
