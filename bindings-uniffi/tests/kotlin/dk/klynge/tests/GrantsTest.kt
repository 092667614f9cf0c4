package dk.klynge.tests

import dk.klynge.*
import dk.klynge.tests.Fixtures.day
import dk.klynge.tests.Fixtures.member
import dk.klynge.tests.Fixtures.scenario
import java.math.BigDecimal
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The worked examples W1 to W6 as grant forecasts (GR-*, CMP-PAYOUT). */
class GrantsTest {
    private fun line(forecast: Forecast, yder: String, kind: LineKind, year: Int): GrantLine =
        forecast.lines.first { it.ydernummer == yder && it.kind == kind && it.grantYear == year }

    @Test
    fun w1StartupFeeDueAtCompletionWithItsPayoutWindow() {
        val s = scenario("[${member("000001", "2018-09-15")}]", """[{"ydernummer": "000001", "year": 2018, "count": 3000}]""")
        val f = forecastFromScenario(s, "k", 2018, 2018, listOf(RateOverride(2018, BigDecimal("1.00"))))
        val fee = line(f, "000001", LineKind.STARTUP_FEE, 2018)
        assertEquals(BigDecimal("20000.00"), fee.amount)
        assertEquals(day("2019-01-20"), fee.due)
        assertEquals(Payer.REGION, fee.payer)
        assertEquals(PayoutWindow(day("2019-02-03"), day("2019-02-17")), fee.payoutWindow)
    }

    @Test
    fun w2AnnualRegional() {
        val s = scenario("[${member("000001", "2018-09-15")}]", """[{"ydernummer": "000001", "year": 2022, "count": 3150}]""")
        val f = forecastFromScenario(s, "k", 2022, 2022, listOf())
        val grant = line(f, "000001", LineKind.ANNUAL_GRANT, 2022)
        assertEquals(BigDecimal("3528.00"), grant.amount)
        assertEquals(day("2022-01-01"), grant.due)
        assertEquals(BigDecimal("1.12"), grant.rate)
        assertEquals(BigDecimal("3528.00"), f.totals.single().net)
    }

    @Test
    fun w3AndW4ShareAndWithheldFee() {
        val patients = """[{"ydernummer": "000002", "year": 2022, "count": 1800}]"""
        val joined = forecastFromScenario(scenario("[${member("000002", "2022-03-01")}]", patients), "k", 2022, 2022, listOf())
        assertEquals(BigDecimal("10000.00"), line(joined, "000002", LineKind.STARTUP_FEE, 2022).amount)
        val share = line(joined, "000002", LineKind.ANNUAL_GRANT, 2022)
        assertEquals(BigDecimal("1690.13"), share.amount)
        assertEquals(306L, share.days)
        assertEquals(day("2023-01-01"), share.due)
        val left = forecastFromScenario(scenario("[${member("000002", "2022-03-01", "2022-12-31")}]", patients), "k", 2022, 2022, listOf())
        assertEquals(listOf(LineKind.ANNUAL_GRANT), left.lines.map { it.kind })
        assertEquals(BigDecimal("1684.60"), left.lines.single().amount)
    }

    @Test
    fun w4ClawbackOfAPaidFee() {
        val patients = """[{"ydernummer": "000002", "year": 2021, "count": 1800}, {"ydernummer": "000002", "year": 2022, "count": 1800}]"""
        val s = scenario("[${member("000002", "2021-06-01", "2022-05-31")}]", patients)
        val f = forecastFromScenario(s, "k", 2021, 2022, listOf(RateOverride(2021, BigDecimal("1.00"))))
        val claw = line(f, "000002", LineKind.CLAWBACK, 2022)
        assertEquals(BigDecimal("-10000.00"), claw.amount)
        assertEquals(day("2022-05-31"), claw.due)
        assertEquals(Rule.GR_CLAWBACK, claw.rule)
    }

    @Test
    fun w5AnnualPlo() {
        val patients = """[{"ydernummer": "000001", "year": 2025, "count": 2000}, {"ydernummer": "000002", "year": 2025, "count": 2000}]"""
        val s = scenario("[${member("000001", "2025-01-31")}, ${member("000002", "2025-02-01")}]", patients)
        val f = forecastFromScenario(s, "k", 2025, 2025, listOf())
        assertEquals(listOf("000001"), f.lines.map { it.ydernummer })
        assertEquals(BigDecimal("7300.00"), f.lines.single().amount)
        assertEquals(day("2025-03-01"), f.lines.single().due)
        assertEquals(Payer.PLO, f.lines.single().payer)
    }

    @Test
    fun cmpPayoutWindowIsChosenByThePayerAsInTheCalendar() {
        // A PLO line's money is on the cluster's account at PLO on its payout day; a region's
        // 2 to 4 weeks after; a repayment has no window. The calendar says the same.
        val patients = """[{"ydernummer": "000001", "year": 2025, "count": 2000}]"""
        val s = scenario("[${member("000001", "2025-01-31")}]", patients)
        val plo = forecastFromScenario(s, "k", 2025, 2025, listOf()).lines.single()
        assertEquals(PayoutWindow(plo.due!!, plo.due!!), plo.payoutWindow)
        assertEquals(PayoutWindow(plo.due!!, plo.due!!), payoutWindow(plo.due!!, Payer.PLO))
        val payout = calendarFromScenario(s, day("2025-01-01"), null, listOf()).single { it.kind == EventKind.PAYOUT }
        assertEquals(plo.due, payout.windowFrom)
        assertEquals(plo.due, payout.windowUntil)

        val counts = listOf("000001", "000002").flatMap { y -> listOf(2021, 2022).map { """{"ydernummer": "$y", "year": $it, "count": 1000}""" } }
        val early = scenario("[${member("000001", "2018-09-15")}, ${member("000002", "2021-06-01", "2022-01-01")}]", "$counts")
        val lines = forecastFromScenario(early, "k", 2021, 2022, listOf(RateOverride(2021, BigDecimal("1.00"))))
            .lines.filter { it.kind != LineKind.ANNUAL_GRANT }
        val fee = lines.first { it.kind == LineKind.STARTUP_FEE }
        assertEquals(Payer.REGION, fee.payer)
        assertEquals(PayoutWindow(fee.due!!.plusDays(14), fee.due!!.plusDays(28)), fee.payoutWindow)
        val repayment = lines.single { it.kind == LineKind.CLAWBACK }
        assertTrue(repayment.amount.signum() < 0)
        assertNull(repayment.payoutWindow)
    }

    @Test
    fun w6ConsultantFee() {
        assertEquals(BigDecimal("1608.03"), consultantFee(BigDecimal("1.5"), day("2024-11-10")))
    }

    @Test
    fun grPaydatePendingWhileNotComplete() {
        val s = scenario("[${member("000001", "2018-09-15")}]", """[{"ydernummer": "000001", "year": 2022, "count": 3150}]""", completed = null)
        val grant = forecastFromScenario(s, "k", 2022, 2022, listOf()).lines.single()
        assertNull(grant.due)
        assertNull(grant.payoutWindow)
    }

    @Test
    fun grRateMissingIsAnErrorAndReportJsonForAnyHost() {
        val s = scenario("[${member("000001", "2018-09-15")}]", """[{"ydernummer": "000001", "year": 2026, "count": 10}]""")
        val error = assertThrows(KlyngeException.Invalid::class.java) { forecastFromScenario(s, "k", 2026, 2026, listOf()) }
        assertEquals("GR-RATE", error.rule)
        val json = grantReportJson(scenario("[${member("000001", "2018-09-15")}]", """[{"ydernummer": "000001", "year": 2022, "count": 3150}]"""), 2022, 2022)
        assertTrue(json.contains("\"amount\": \"3528.00\""))
    }

    @Test
    fun registryForecastForOneCluster() {
        val registry = Fixtures.registry()
        registry.complete(Fixtures.anne, day("2019-01-20"), "12345674")
        registry.setPatients(Fixtures.anne, day("2022-01-10"), "061654", 2022, 3150L)
        val f = registry.grantForecast("12345674", 2022, 2022, listOf())
        assertEquals(BigDecimal("3528.00"), f.lines.single().amount)
        assertTrue(f.lines.single().explanation.contains("GR-ANNUAL-REGIONAL"))
    }
}
