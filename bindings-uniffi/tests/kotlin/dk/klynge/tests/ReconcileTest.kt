package dk.klynge.tests

import dk.klynge.*
import dk.klynge.tests.Fixtures.day
import java.math.BigDecimal
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Did the money arrive? The treasurer's reconciliation (REC-*). */
class ReconcileTest {
    private val scenario = """{
      "clusters": [{"id": "k", "founded": "2020-09-01", "completed": "2020-10-01"}],
      "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": 1}],
      "memberships": [
        {"ydernummer": "000001", "cluster": "k", "joined": "2020-09-01", "left": null, "by_transfer": false},
        {"ydernummer": "000002", "cluster": "k", "joined": "2021-03-01", "left": "2022-02-01", "by_transfer": false}],
      "patients": [""" + listOf("000001", "000002").flatMap { y -> (2020..2022).map { """{"ydernummer": "$y", "year": $it, "count": 2000}""" } }.joinToString(", ") + """],
      "rates": [{"year": 2020, "rate": "1.00"}, {"year": 2021, "rate": "1.00"}]}"""

    private val danish = "Dato;Tekst;Beløb;Saldo\n" +
        "20-10-2020;Opstart og 2020;20.666,67;20.666,67\n" +
        "21.10.2020;Igen;20.666,67;41.333,34\n" +
        "15-03-2021;2021 (for sent);2.000,00;43.333,34\n" +
        "20-01-2022;2022 (for lidt);15.900,00;59.233,34\n"

    @Test
    fun recMatchADanishBankStatement() {
        val r = reconcileScenario(scenario, "k", danish.toByteArray(), StatementDialect.DANISH_BANK, day("2023-01-01"), 2020, 2022, listOf())
        assertEquals(1, r.matched.size)
        assertEquals(BigDecimal("20666.67"), r.matched.single().booked.amount)
        assertEquals(BigDecimal("-256.71"), r.differences.single().difference)
        assertEquals(listOf(Direction.IN, Direction.OUT), r.missing.map { it.direction })
        assertEquals(listOf(2L, 3L), r.unexpected.map { it.row })
        assertEquals(day("2020-10-29"), r.matched.single().expected.windowUntil)
        assertTrue(r.differences.single().expected.explanations.any { it.contains("GR-STARTUP") })
        // REC-BALANCE adds up from the balance rows alone.
        for (b in r.balance) {
            assertEquals(b.expected, b.matched + b.differencesExpected + b.missing + b.notYetDue)
            assertEquals(b.booked, b.matched + b.differencesBooked + b.unexpected)
        }
        assertEquals("sydbank", r.statement.layout)
    }

    @Test
    fun recStatementBadRowsAreRefusedWithTheirPlace() {
        val error = assertThrows(KlyngeException.Invalid::class.java) {
            reconcileScenario(scenario, "k", "date,amount\n2022-1-5,10\n".toByteArray(), StatementDialect.STANDARD, day("2023-01-01"), 2020, 2022, listOf())
        }
        assertEquals("statement:1:date", error.problems.single().field)
        assertEquals("REC-STATEMENT", error.problems.single().rule)
    }

    @Test
    fun recMatchOfARegistry() {
        val registry = Fixtures.registry()
        registry.complete(Fixtures.anne, day("2019-01-20"), "12345674")
        registry.setPatients(Fixtures.anne, day("2022-01-05"), "061654", 2022, 3150L)
        // W2: 3,528.00 due 2022-01-01 from the region, booked 10 days later.
        val statement = "date,amount\n2022-01-11,3528.00\n"
        val r = registry.reconcile("12345674", statement.toByteArray(), StatementDialect.STANDARD, day("2022-06-01"), 2022, 2022, listOf())
        assertEquals(BigDecimal("3528.00"), r.matched.single().expected.amount)
        assertTrue(r.missing.isEmpty() && r.unexpected.isEmpty())
    }

    /** The test files of core/tests/data/statements, as the banks export them. */
    private fun bankFile(name: String): ByteArray =
        java.io.File(System.getProperty("klynge.statements", "core/tests/data/statements"), name).readBytes()

    @Test
    fun recStatementEveryKnownBankLayoutReconcilesWithoutEditing() {
        val nordfyn = String(bankFile("nordfyn.json"))
        for ((file, layout, encoding) in listOf(
            Triple("danske-bank.csv", "danske-bank", "utf-8"),
            Triple("sydbank.csv", "sydbank", "windows-1252"),
            Triple("nordea.csv", "nordea", "utf-8"),
            Triple("nykredit.csv", "nykredit", "utf-8"),
        )) {
            val r = reconcileScenario(nordfyn, "nordfyn", bankFile(file), StatementDialect.DANISH_BANK, day("2022-06-01"), 2022, 2022, listOf())
            assertEquals(layout, r.statement.layout, file)
            assertEquals(encoding, r.statement.encoding, file)
            assertEquals(BigDecimal("23528.00"), r.matched.single().booked.amount, file)
            assertEquals(BigDecimal("-1250.00"), r.unexpected.single().amount, file)
        }
        val nordea = reconcileScenario(nordfyn, "nordfyn", bankFile("nordea.csv"), StatementDialect.DANISH_BANK, day("2022-06-01"), 2022, 2022, listOf())
        assertEquals(1L, nordea.statement.reservations)
        val sydbank = reconcileScenario(nordfyn, "nordfyn", bankFile("sydbank.csv"), StatementDialect.DANISH_BANK, day("2022-06-01"), 2022, 2022, listOf())
        assertEquals("Mødeudgifter Ærø, årsmøde", sydbank.unexpected.single().text)
        val error = assertThrows(KlyngeException.Invalid::class.java) {
            reconcileScenario(nordfyn, "nordfyn", bankFile("other-bank.csv"), StatementDialect.DANISH_BANK, day("2022-06-01"), 2022, 2022, listOf())
        }
        assertTrue(error.messageEn.contains("Dato or Bogføringsdato"), error.messageEn)
    }

    @Test
    fun recExpectedAYearWithoutARateKeepsItsFeesAndSaysWhatItLeftOut() {
        val founded2021 = """{
          "clusters": [{"id": "nord", "founded": "2021-06-01", "completed": "2022-01-20"}],
          "practices": [{"ydernummer": "000001", "capacities": 3}],
          "memberships": [{"ydernummer": "000001", "cluster": "nord", "joined": "2021-06-01"}],
          "patients": [{"ydernummer": "000001", "year": 2021, "count": 1000}, {"ydernummer": "000001", "year": 2022, "count": 1000}]}"""
        val statement = "date,amount\n2022-01-25,31120.00\n".toByteArray()
        val r = reconcileScenario(founded2021, "nord", statement, StatementDialect.STANDARD, day("2022-06-01"), 2021, 2022, listOf())
        assertEquals(BigDecimal("31120.00"), r.matched.single().expected.amount)
        assertEquals(listOf(LeftOutGrants("nord", 2021, true, listOf())), r.leftOut)
        // With the year's rate given, nothing is left out: the 2021 share is expected as well.
        val rated = reconcileScenario(founded2021, "nord", statement, StatementDialect.STANDARD, day("2022-06-01"), 2021, 2022,
            listOf(RateOverride(2021, BigDecimal("1.00"))))
        assertTrue(rated.leftOut.isEmpty())
        assertEquals(1, rated.differences.size)
    }
}
