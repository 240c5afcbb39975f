package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

  /** A careless custom constraint that puts the input into its message template. */
  @Constraint(validatedBy = Careless.Impl.class)
  @Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
  @Retention(RetentionPolicy.RUNTIME)
  @interface Careless {
    String message() default "invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Impl implements ConstraintValidator<Careless, String> {
      @Override
      public boolean isValid(String value, ConstraintValidatorContext ctx) {
        ctx.disableDefaultConstraintViolation();
        ctx.buildConstraintViolationWithTemplate("unknown value " + value).addConstraintViolation();
        return false;
      }
    }
  }

  record Input(@Careless String v) {}

  record Two(@NotBlank String a, @Size(min = 3) String b) {}

  @Test
  void customViolation_expressionLanguageInUserInput_isNotEvaluated() {
    String attack = "${''.getClass().forName('java.lang.Runtime')}${1+1}";
    var v = Validators.standard().validate(new Input(attack)).iterator().next();
    assertThat(v.getMessage())
        .doesNotContain("class java.lang.Runtime")
        .doesNotContain("unknown value 2");
    assertThat(v.getMessage()).contains("${1+1}");
  }

  @Test
  void failFast_stopsAtTheFirstViolation() {
    assertThat(Validators.standard().validate(new Two("", "x"))).hasSize(2);
    assertThat(Validators.failFast().validate(new Two("", "x"))).hasSize(1);
  }
}
