"""klynge: Danish general-practice quality clusters (kvalitetsklynger).

Register clusters, manage members, roles and documents with rights, check completion, and
compute exactly — to the øre, never with floats — what the regions and PLO pay each cluster,
every line citing the rule that made it.

    >>> import klynge
    >>> report = klynge.sample.national().grants(2022, 2025)
    >>> df = report.to_pandas()          # doctest: +SKIP

Money is ``decimal.Decimal`` and dates are ``datetime.date``. Errors derive from
``KlyngeError`` and carry ``.rule`` (the rule id), ``.path``, ``.message_en`` and
``.message_da``; ``ValidationError`` lists every problem in ``.problems``.
"""

from . import sample
from ._klynge import (
    Actor,
    Adjustments,
    Calendar,
    Checklist,
    ChecklistItem,
    ClusterId,
    Comparison,
    ConfirmationMail,
    Cvr,
    Document,
    Email,
    GrantReport,
    KlyngeError,
    Ledger,
    Line,
    MemberList,
    Municipality,
    PhoneNumber,
    Problem,
    Reconciliation,
    Region,
    Registration,
    Registry,
    RegistryError,
    Scenario,
    Spendings,
    Statement,
    Sweep,
    Table,
    Totals,
    ValidationError,
    Ydernummer,
    __version__,
    compare,
    consultant_fee,
    consultant_hourly_rate,
    payout_window,
    validate_health_cluster,
    validate_registration,
    validate_ssu,
)

__all__ = [
    "Actor",
    "Adjustments",
    "Calendar",
    "Checklist",
    "ChecklistItem",
    "ClusterId",
    "Comparison",
    "ConfirmationMail",
    "Cvr",
    "Document",
    "Email",
    "GrantReport",
    "KlyngeError",
    "Ledger",
    "Line",
    "MemberList",
    "Municipality",
    "PhoneNumber",
    "Problem",
    "Reconciliation",
    "Region",
    "Registration",
    "Registry",
    "RegistryError",
    "Scenario",
    "Spendings",
    "Statement",
    "Sweep",
    "Table",
    "Totals",
    "ValidationError",
    "Ydernummer",
    "__version__",
    "compare",
    "consultant_fee",
    "consultant_hourly_rate",
    "payout_window",
    "sample",
    "validate_health_cluster",
    "validate_registration",
    "validate_ssu",
]
