package com.example.commerce.reporting.report;

import com.example.commerce.reporting.ReportingProperties;
import com.example.commerce.reporting.report.ReportRows.Backorders;
import com.example.commerce.reporting.report.ReportRows.CategoryRevenue;
import com.example.commerce.reporting.report.ReportRows.Ending;
import com.example.commerce.reporting.report.ReportRows.Funnel;
import com.example.commerce.reporting.report.ReportRows.OrdersByState;
import com.example.commerce.reporting.report.ReportRows.Revenue;
import com.example.commerce.reporting.report.ReportRows.StepDuration;
import com.example.commerce.reporting.report.ReportRows.StockOut;
import com.example.commerce.reporting.report.ReportRows.TopProduct;
import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The business figures for a range of days ({@code from}, {@code to}: ISO dates, both included, UTC), as JSON or,
 * with {@code Accept: text/csv}, as CSV ({@link CsvMessageConverter}). Lists are pages.
 */
@RestController
@Validated
@RequestMapping(path = "/api/v1/reports", produces = {MediaType.APPLICATION_JSON_VALUE, CsvMessageConverter.TEXT_CSV_VALUE})
@PreAuthorize("hasAuthority('SCOPE_reports:read')")
class ReportsController {

    private final Reports reports;
    private final ReportingProperties properties;

    ReportsController(Reports reports, ReportingProperties properties) {
        this.reports = reports;
        this.properties = properties;
    }

    @GetMapping("/orders-by-state")
    PageResponse<OrdersByState> ordersByState(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                              @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                              @RequestParam(defaultValue = "0") @PageNumber int page,
                                              @RequestParam(defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return reports.ordersByState(range(from, to), page, size);
    }

    @GetMapping("/revenue")
    PageResponse<Revenue> revenue(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                  @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                  @RequestParam(defaultValue = "0") @PageNumber int page,
                                  @RequestParam(defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return reports.revenue(range(from, to), page, size);
    }

    @GetMapping("/revenue-by-category")
    PageResponse<CategoryRevenue> revenueByCategory(
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return reports.revenueByCategory(range(from, to), page, size);
    }

    @GetMapping("/top-products")
    PageResponse<TopProduct> topProducts(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                         @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                         @RequestParam(name = "by", defaultValue = "UNITS") Reports.Ranking by,
                                         @RequestParam(defaultValue = "0") @PageNumber int page,
                                         @RequestParam(defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return reports.topProducts(range(from, to), by, page, size);
    }

    @GetMapping("/funnel")
    Funnel funnel(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return reports.funnel(range(from, to));
    }

    @GetMapping("/saga-durations")
    List<StepDuration> sagaDurations(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                     @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return reports.sagaDurations(range(from, to));
    }

    @GetMapping("/endings")
    List<Ending> endings(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                         @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return reports.endings(range(from, to));
    }

    @GetMapping("/stock-outs")
    PageResponse<StockOut> stockOuts(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                     @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                     @RequestParam(defaultValue = "0") @PageNumber int page,
                                     @RequestParam(defaultValue = PageSize.DEFAULT) @PageSize int size) {
        return reports.stockOuts(range(from, to), page, size);
    }

    @GetMapping("/backorders")
    Backorders backorders(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                          @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return reports.backorders(range(from, to));
    }

    private DateRange range(LocalDate from, LocalDate to) {
        return DateRange.of(from, to, properties.maxRangeDays());
    }
}
