package com.example.commerce.reporting.rebuild;

import com.example.commerce.starter.Problems;
import com.example.commerce.starter.ProblemTypes;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' rebuild of the analytics model: start one, see the latest. Under {@code /api/v1/ops/**}, so it takes
 * the starter's operations scope {@code ops:dead-letters} (the local stack's {@code ops-console} has it).
 */
@RestController
@RequestMapping("/api/v1/ops/reports/rebuild")
@PreAuthorize("hasAuthority('SCOPE_ops:dead-letters')")
class RebuildController {

    private final ModelRebuild rebuild;

    RebuildController(ModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping
    ResponseEntity<ModelRebuild.Status> start() {
        return ResponseEntity.accepted().body(rebuild.start());
    }

    @GetMapping
    ModelRebuild.Status latest() {
        return rebuild.latest().orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                "No rebuild yet", "the model has not been rebuilt", Map.of()));
    }
}
