package dk.klynge.tests

import dk.klynge.*
import dk.klynge.tests.Fixtures.day
import java.math.BigDecimal
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The cluster's funds for the treasurer's app (LED-*). */
class LedgerTest {
    private val w7 = """{
      "clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
      "practices": [{"ydernummer": "000001", "capacities": 1}],
      "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"}],
      "patients": [""" + (2022..2025).joinToString(", ") { """{"ydernummer": "000001", "year": $it, "count": 2000}""" } + """]}"""

    private val spendings = "date,kind,payee,amount,hours,status\n" +
        "2023-06-10,meeting,Hotel Fyn,1250.00,,paid\n" +
        "2024-11-10,consultant,Konsulent A/S,,1.5,paid\n" +
        "2025-02-15,refund,Anne Hansen,25000.00,,requested\n"

    @Test
    fun w7LedTheWorkedExample() {
        val ledger = ledgerFromScenario(w7, "k", spendings.toByteArray(), StatementDialect.STANDARD, day("2025-02-15"), null)
        assertEquals(BigDecimal("21121.97"), ledger.balance)
        assertEquals(BigDecimal("1608.03"), ledger.entries.single { it.kind == "consultant" }.amount)
        val refund = ledger.plan.single { it.row == 3L }
        assertEquals(false, refund.covered)
        assertEquals(BigDecimal("3878.03"), refund.shortfall)
        assertEquals(day("2025-03-01"), refund.coveredFrom)
        val y2023 = ledger.years.single { it.year == 2023 }
        assertEquals(listOf(BigDecimal("12240.00"), BigDecimal("4640.00"), BigDecimal("1250.00"), BigDecimal("15630.00")),
            listOf(y2023.opening, y2023.inAnnualGrants, y2023.outMeetings, y2023.closing))
        assertTrue(ledger.json.contains("\"covered_from\": \"2025-03-01\""))
    }

    @Test
    fun ledSpendingABadFileIsRefusedWithItsRowsAndColumns() {
        val bad = "date,kind,payee,amount,status\n2023-13-01,party,,x,maybe\n".toByteArray()
        val error = assertThrows(KlyngeException.Invalid::class.java) {
            ledgerFromScenario(w7, "k", bad, StatementDialect.STANDARD, day("2025-02-15"), null)
        }
        assertEquals("LED-SPENDING", error.rule)
        assertEquals(listOf("spendings.csv:1:date", "spendings.csv:1:kind", "spendings.csv:1:status", "spendings.csv:1:payee", "spendings.csv:1:amount"),
            error.problems.map { it.field })
    }

    @Test
    fun ledEntriesAnOpeningBalanceOnThePloAccount() {
        val ledger = ledgerFromScenario(w7, "k", spendings.toByteArray(), StatementDialect.STANDARD, day("2025-02-15"),
            OpeningBalance(day("2023-04-01"), BigDecimal("15000.00")))
        assertEquals(BigDecimal("19241.97"), ledger.balance)
        assertEquals(2023, ledger.years.first().year)
    }
}
