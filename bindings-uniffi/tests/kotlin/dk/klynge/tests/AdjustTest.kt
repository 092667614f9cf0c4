package dk.klynge.tests

import dk.klynge.*
import dk.klynge.tests.Fixtures.day
import java.math.BigDecimal
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Why did we get less? Adjustments for the coordinator's app (ADJ-*). */
class AdjustTest {
    private fun scenario(left: String?): String {
        val l = if (left == null) "null" else "\"$left\""
        return """{"clusters": [{"id": "c", "founded": "2018-09-15", "completed": "2019-01-20"}],
          "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": 1}],
          "memberships": [{"ydernummer": "000001", "cluster": "c", "joined": "2018-09-15"},
                          {"ydernummer": "000002", "cluster": "c", "joined": "2022-03-01", "left": $l}],
          "patients": [{"ydernummer": "000001", "year": 2022, "count": 3000}, {"ydernummer": "000002", "year": 2022, "count": 1800}]}"""
    }

    @Test
    fun w8AdjTheWorkedExample() {
        val paid = grantReportJson(scenario(null), 2022, 2022)
        val owed = grantReportJson(scenario("2022-12-31"), 2022, 2022)
        val result = adjustmentsFromReports(paid, owed, "c", day("2023-06-15"))
        val share = result.adjustments.single { it.kind == LineKind.ANNUAL_GRANT }
        assertEquals(BigDecimal("-5.53"), share.difference)
        assertEquals(listOf(AdjustmentCause("days", "306", "305")), share.causes)
        assertEquals(BigDecimal("-5.53"), share.settledNow)
        assertEquals("line_gone", result.adjustments.single { it.kind == LineKind.STARTUP_FEE }.causes.single().cause)
        assertEquals(BigDecimal("-10005.53"), result.dueRegion)
        assertTrue(share.textDa.contains("dage 306 -> 305"), share.textDa)
    }

    @Test
    fun adjWhichReportIsWhich() {
        val forecast = forecastFromScenario(scenario(null), "c", 2022, 2022, listOf())
        assertEquals(64, forecast.parametersFingerprint.length)
        assertTrue(forecast.klyngeVersion.isNotEmpty())
        val other = forecastFromScenario(scenario(null), "c", 2022, 2022, listOf(RateOverride(2022, BigDecimal("2.00"))))
        assertTrue(other.parametersFingerprint != forecast.parametersFingerprint)
        assertTrue(grantReportJson(scenario(null), 2022, 2022).contains(forecast.parametersFingerprint))
    }
}
