package com.example.commerce.starter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageResponseTests {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    record Asked(@PageNumber int page, @PageSize int size) {
    }

    @Test
    void countsThePagesTheItemsFill() {
        assertThat(PageResponse.of(List.of("a", "b"), 0, 2, 5).totalPages()).isEqualTo(3);
        assertThat(PageResponse.of(List.of("a", "b"), 0, 2, 4).totalPages()).isEqualTo(2);
        assertThat(PageResponse.of(List.of(), 0, 20, 0).totalPages()).isZero();
    }

    @Test
    void aPagePastTheEndIsEmptyWithTheSameTotals() {
        PageResponse<String> past = PageResponse.of(List.of(), 7, 20, 41);

        assertThat(past.items()).isEmpty();
        assertThat(past.totalItems()).isEqualTo(41);
        assertThat(past.totalPages()).isEqualTo(3);
    }

    @Test
    void mapsItemsAndKeepsTheCounts() {
        PageResponse<Integer> lengths = PageResponse.of(List.of("ab", "c"), 1, 2, 4).map(String::length);

        assertThat(lengths).isEqualTo(new PageResponse<>(List.of(2, 1), 1, 2, 4, 2));
    }

    @Test
    void refusesANonsensicalPage() {
        assertThatIllegalArgumentException().isThrownBy(() -> PageResponse.of(List.of(), 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> PageResponse.of(List.of(), -1, 10, 0));
    }

    @Test
    void boundsThePageSizeFromOneToAHundredAndThePageFromZero() {
        assertThat(validator.validate(new Asked(0, 1))).isEmpty();
        assertThat(validator.validate(new Asked(3, PageSize.MAX))).isEmpty();
        assertThat(validator.validate(new Asked(0, 0))).singleElement()
                .satisfies(v -> assertThat(v.getMessage()).isEqualTo("must be between 1 and 100"));
        assertThat(validator.validate(new Asked(0, 101))).hasSize(1);
        assertThat(validator.validate(new Asked(-1, 20))).singleElement()
                .satisfies(v -> assertThat(v.getMessage()).isEqualTo("must be 0 or more"));
    }

    @Test
    void givesTheOffsetOfAPage() {
        assertThat(PageResponse.offset(3, 20)).isEqualTo(60);
        assertThat(PageResponse.offset(Integer.MAX_VALUE, 100)).isEqualTo(214748364700L);
    }
}
