package io.pumpflix.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** A month's bill against examples worked out by hand, and rules that hold for any usage. */
class PricingTest {

    static final Plan FREE = new Plan("free", "Free", 0, 1000, List.of(), 1000L);
    static final Plan PRO = new Plan("pro", "Pro", 4900, 50_000, List.of(new Plan.Tier(1_000_000L, new BigDecimal("0.1")),
            new Plan.Tier(null, new BigDecimal("0.05"))), null);
    static final Map<String, Plan> PLANS = Map.of("free", FREE, "pro", PRO);
    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    private static long total(List<InvoiceLine> lines) {
        return lines.stream().mapToLong(InvoiceLine::amountCents).sum();
    }

    private static Pricing.Period since(String plan, LocalDateTime start) {
        return new Pricing.Period(plan, start, null, 0);
    }

    @Test
    void aWholeMonthOnProWithUsageInBothTiers() {
        // base 4,900; 50,000 included; 950,000 at 0.1 = 95,000; 234,567 at 0.05 = 11,728.35 -> 11,728
        List<InvoiceLine> lines = Pricing.month(NOVEMBER, List.of(since("pro", LocalDateTime.of(2026, 1, 5, 10, 0))),
                1_234_567, PLANS);

        assertThat(lines).extracting(InvoiceLine::amountCents).containsExactly(4900L, 0L, 95_000L, 11_728L);
        assertThat(lines).extracting(l -> l.quantity().longValue()).containsExactly(1L, 50_000L, 950_000L, 234_567L);
        assertThat(total(lines)).isEqualTo(111_628);
    }

    @Test
    void theFreePlanWithinItsIncludedExecutionsCostsNothing() {
        List<InvoiceLine> lines = Pricing.month(NOVEMBER, List.of(since("free", LocalDateTime.of(2026, 10, 1, 0, 0))),
                800, PLANS);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).quantity()).isEqualByComparingTo("800");
        assertThat(total(lines)).isZero();
    }

    @Test
    void aChangeMidMonthProratesTheBaseFeeBySecondAndPricesEachExecutionByItsPlan() {
        // Free until Nov 16 00:00 with 700 executions, then Pro; 60,700 in the month.
        // Pro: 15 of 30 days -> 4,900 * 1,296,000 / 2,592,000 = 2,450; its executions are numbers
        // 701 to 60,700: 49,300 within the 50,000 included, 10,700 at 0.1 = 1,070.
        LocalDateTime change = LocalDateTime.of(2026, 11, 16, 0, 0);
        List<Pricing.Period> periods = List.of(new Pricing.Period("free", LocalDateTime.of(2026, 9, 1, 0, 0), change, 0),
                new Pricing.Period("pro", change, null, 700));

        List<InvoiceLine> lines = Pricing.month(NOVEMBER, periods, 60_700, PLANS);

        assertThat(lines).extracting(InvoiceLine::amountCents).containsExactly(0L, 2450L, 0L, 1070L);
        assertThat(lines).extracting(l -> l.quantity().stripTrailingZeros().toPlainString())
                .containsExactly("700", "0.5", "49300", "10700");
        assertThat(lines.get(1).description()).contains("2026-11-16 to 2026-11-30").contains("1296000 of 2592000 seconds");
        assertThat(total(lines)).isEqualTo(3520);
    }

    @Test
    void aPlanStartedInTheMiddleOfASecondIsProratedExactlyAndRoundedOnce() {
        // 10 seconds of November on a 1,000,000-cent plan: 1,000,000 * 10 / 2,592,000 = 3.858... -> 4
        Plan costly = new Plan("costly", "Costly", 1_000_000, 0, List.of(), null);
        List<InvoiceLine> lines = Pricing.month(NOVEMBER, List.of(new Pricing.Period("costly",
                LocalDateTime.of(2026, 11, 30, 23, 59, 50), null, 0)), 0, Map.of("costly", costly));

        assertThat(lines).singleElement().extracting(InvoiceLine::amountCents).isEqualTo(4L);
    }

    @Test
    void halfACentRoundsUpOncePerLine() {
        Plan halves = new Plan("halves", "Halves", 0, 0, List.of(new Plan.Tier(null, new BigDecimal("0.5"))), null);

        assertThat(Pricing.executions(halves, 0, 3, "Nov").get(0).amountCents()).isEqualTo(2);
        assertThat(Pricing.executions(halves, 0, 5, "Nov").get(0).amountCents()).isEqualTo(3);
    }

    @Property(tries = 300)
    void everyExecutionIsOnExactlyOneLineAndEachLineIsRoundedOnce(@ForAll @LongRange(max = 5_000_000) long executions,
            @ForAll @IntRange(min = 0, max = 3) int changes, @ForAll @LongRange(max = 1_000_000) long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Pricing.Period> periods = new ArrayList<>();
        LocalDateTime start = LocalDateTime.of(2026, 10, 20, 0, 0);
        long position = 0;
        List<Long> cuts = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            cuts.add(executions == 0 ? 0 : (long) (random.nextDouble() * executions));
        }
        cuts.sort(null);
        List<LocalDateTime> times = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            times.add(LocalDateTime.of(2026, 11, 1, 0, 0).plusSeconds(random.nextInt(2_592_000)));
        }
        times.sort(null);
        for (int i = 0; i <= changes; i++) {
            LocalDateTime end = i < changes ? times.get(i) : null;
            periods.add(new Pricing.Period(random.nextBoolean() ? "pro" : "free", start, end, position));
            if (i < changes) {
                start = times.get(i);
                position = cuts.get(i);
            }
        }

        List<InvoiceLine> lines = Pricing.month(NOVEMBER, periods, executions, PLANS);

        long counted = lines.stream().filter(l -> !l.description().contains("base fee"))
                .mapToLong(l -> l.quantity().longValueExact()).sum();
        assertThat(counted).as("every execution of the month on one line").isEqualTo(executions);
        for (InvoiceLine line : lines) {
            BigDecimal exact = line.description().contains("base fee") ? null : line.unitAmountCents().multiply(line.quantity());
            if (exact != null) {
                assertThat(exact.subtract(BigDecimal.valueOf(line.amountCents())).abs())
                        .as("one rounding per line: " + line).isLessThanOrEqualTo(new BigDecimal("0.5"));
            }
            assertThat(line.amountCents()).isNotNegative();
        }
        List<InvoiceLine> base = lines.stream().filter(l -> l.description().contains("base fee")).toList();
        long baseCents = base.stream().mapToLong(InvoiceLine::amountCents).sum();
        // the periods tile the month: their exact prorated fees add up to at most one base fee, and
        // each line is rounded once (at most half a cent)
        assertThat(2 * (baseCents - 4900)).as("base fees prorated over the month, one rounding per line: " + base)
                .isLessThanOrEqualTo(base.size());
        if (periods.stream().allMatch(p -> p.planId().equals("pro"))) {
            assertThat(2 * Math.abs(baseCents - 4900)).as("a month on Pro throughout, however split: " + base)
                    .isLessThanOrEqualTo(base.size());
        }
    }

    @Property(tries = 200)
    void moreExecutionsNeverCostLess(@ForAll @LongRange(max = 3_000_000) long executions,
            @ForAll @LongRange(min = 1, max = 10_000) long more) {
        List<Pricing.Period> pro = List.of(since("pro", LocalDateTime.of(2026, 1, 1, 0, 0)));

        assertThat(total(Pricing.month(NOVEMBER, pro, executions + more, PLANS)))
                .isGreaterThanOrEqualTo(total(Pricing.month(NOVEMBER, pro, executions, PLANS)));
    }
}
