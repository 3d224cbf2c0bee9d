"""The follow-up sheets of the workbook, after the register's: their names and headers in their order.

Most of them import back (`bot.domain.follow_up_rows`, `bot.domain.assessment_rows`); `KPI-status`,
`Sammanfattning` and the chart sheet `KPI-diagram` are written for the reader and ignored on import.
"""

from __future__ import annotations

from collections.abc import Mapping

PLANS, KPI_STATUS, DECISIONS, ACTIONS, MEETINGS = "Uppföljningsplan", "KPI-status", "Beslut", "Aktiviteter", "Möten"
DEVIATIONS, SANCTIONS, CHECKLISTS = "Avvikelser", "Sanktioner", "Checklistor"
SWOT, RATINGS, LESSONS, SUMMARY, KPI_CHARTS = "SWOT", "Betyg", "Lärdomar", "Sammanfattning", "KPI-diagram"

FOLLOW_UP_LAYOUT: Mapping[str, tuple[str, ...]] = {
    PLANS: (
        "Avtalsnummer", "Segment", "KPI-frekvens", "Mötesintervall (månader)", "Mötesform", "Anståndsdagar",
        "Påminnelse före (arbetsdagar)", "Påminnelseintervall (arbetsdagar)", "Max påminnelser",
        "Uppsägningsvarsel (månader)", "Justerad",
    ),
    KPI_STATUS: ("Avtalsnummer", "KPI", "Period", "Värde", "Enhet", "Mål", "Status"),
    DECISIONS: ("Avtalsnummer", "Datum", "Beslut", "Beslutat av", "Underlag", "Rättar", "Registrerat av"),
    ACTIONS: ("Avtalsnummer", "Aktivitet", "Förfallodatum", "Ansvarig", "Part", "Status"),
    MEETINGS: (
        "Avtalsnummer", "Start", "Längd (minuter)", "Mötesform", "Status", "Plats", "Länk", "Dagordning",
        "Organisatör", "Deltagare",
    ),
    DEVIATIONS: ("Avtalsnummer", "Datum", "Typ", "Allvarlighet", "Reklamation", "Beskrivning", "Rapporterad av",
                 "Status"),
    SANCTIONS: (
        "Avtalsnummer", "Steg", "Beslutsdatum", "Underlag", "Beslutat av", "Belopp (SEK)", "Status", "Avvikelser",
    ),
    CHECKLISTS: ("Avtalsnummer", "Del", "Punkt", "Fråga", "Svar", "Kommentar", "Besvarad av", "Besvarad"),
    SWOT: ("Leverantör", "Kvadrant", "Text", "Status"),
    RATINGS: ("Leverantör", "Period", "Betyg", "Kommentar", "Bedömt av"),
    LESSONS: ("Avtalsnummer", "Typ", "Text", "Registrerad av"),
    SUMMARY: (  # the figures of each contract's summary card (`bot/domain/summary.py`)
        "Avtalsnummer", "Benämning", "Leverantör", "Status", "Segment", "KPI gröna", "KPI gula", "KPI röda",
        "KPI sena", "KPI utan värde", "Öppna aktiviteter", "Försenade aktiviteter", "Avvikelser i år",
        "Sanktionssteg", "Senaste sanktionssteg", "Senaste möte", "Nästa möte", "Dagar till uppsägning",
        "Dagar till avtalsslut", "Kvalitetsbetyg", "Betygets kvartal",
    ),
}
EXPORT_ONLY = frozenset({KPI_STATUS, SUMMARY})
IMPORTED = tuple(name for name in FOLLOW_UP_LAYOUT if name not in EXPORT_ONLY)
