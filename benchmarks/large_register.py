"""A large fictional register as a workbook, for timing `followup-bot import`.

    python benchmarks/large_register.py out.xlsx --contracts 5000
    time followup-bot import out.xlsx

Per contract: 4 contacts with their own e-mail addresses at `.example` domains (process owner, coordinator,
supplier contact, decision maker; some marked key contacts), one spend row, and an amendment on every tenth.
Suppliers (about 2 000 for 5 000 contracts) get Luhn-valid organisation numbers starting with 4, which no real
Swedish organisation number does. Everything is made up and the same for the same arguments (`--seed`).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.suppliers import luhn_valid  # noqa: E402
from storage.workbook import write_workbook  # noqa: E402

FIRST = ["Åsa", "Örjan", "Märta", "Jörgen", "Ebba", "Björn", "Kajsa", "Göran", "Linnéa", "Håkan", "Agnes",
         "Pär", "Stina", "Måns", "Elin", "Torbjörn", "Ylva", "Sören", "Maja", "Åke"]
LAST = ["Öberg", "Ström", "Sjöberg", "Ängström", "Högberg", "Lindqvist", "Åkesson", "Bäck", "Nyström",
        "Hällström", "Söderlund", "Wåhlin", "Ekström", "Mårtensson", "Löfgren", "Dahlén"]
TRADES = ["Städ", "Skolmat", "Snöröjning", "Fönsterputs", "Tolktjänst", "Kontorsvaror", "Trädgård", "Elinstallation",
          "Färdtjänst", "Möbler", "Livsmedel", "Konsulttjänst IT", "Tryckeri", "Väghållning", "Hörselvård"]
PLACES = ["Norrå", "Västerås-Exempel", "Älvdalen-Exempel", "Öresund-Exempel", "Sjöbo-Exempel", "Kåge",
          "Höör-Exempel", "Mälardal", "Åsele-Exempel", "Lövånger"]
UNITS = ["Kommunledningskontoret", "Barn- och utbildningsförvaltningen", "Socialförvaltningen",
         "Samhällsbyggnadsförvaltningen", "Kultur- och fritidsförvaltningen"]
SEGMENTS = ["strategisk", "hävstång", "flaskhals", "icke-kritisk"]
STATUSES = ["aktivt", "aktivt", "aktivt", "planerat", "under uppsägning", "avslutat"]
ROLES = [("verksamhet", "processägare"), ("inköp", "processkoordinator"), ("leverantör", "leverantörskontakt"),
         ("verksamhet", "beslutsfattare")]


def org_number(index: int) -> str:
    """The index-th fictional organisation number: 4, a digit ≥ 2 third, a right Luhn check digit."""
    serial = index // 8
    body = f"4{serial // 1_000_000 % 10}{2 + index % 8}{serial % 1_000_000:06d}"
    check = next(d for d in range(10) if luhn_valid(body + str(d)))
    digits = body + str(check)
    return f"{digits[:6]}-{digits[6:]}"


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("åäöéü", "aaoeu")).replace(" ", "-")


def build(contracts: int, suppliers: int, seed: int) -> dict[str, list[list[object]]]:
    rng = random.Random(seed)
    supplier_rows, contract_rows, contact_rows, amendment_rows, spend_rows = [], [], [], [], []
    supplier_segment = {}
    for index in range(suppliers):
        name = f"{TRADES[index % len(TRADES)]} {PLACES[index // len(TRADES) % len(PLACES)]} {index} AB"
        supplier_rows.append([org_number(index), name])
        supplier_segment[index] = SEGMENTS[index % 4]
    start = date(2022, 1, 1)
    for index in range(contracts):
        supplier = index % suppliers
        reference = f"KS-{2022 + index % 5}-{index:05d}"
        begins = start + timedelta(days=rng.randrange(0, 1500))
        contract_rows.append([
            reference, f"{TRADES[supplier % len(TRADES)]} för {UNITS[index % len(UNITS)].lower()}",
            supplier_rows[supplier][0], TRADES[supplier % len(TRADES)], UNITS[index % len(UNITS)], begins,
            begins + timedelta(days=365 * rng.randint(1, 4)), rng.choice([3, 6, 9, 12]),
            Decimal(rng.randrange(10_000, 50_000_000)) / 100, supplier_segment[supplier], rng.choice(STATUSES),
            "1 + 1 år" if index % 3 == 0 else None, "30 dagar netto", None,
        ])
        for number, (party, role) in enumerate(ROLES):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            domain = (f"{_ascii(TRADES[supplier % len(TRADES)])}{supplier}.example" if party == "leverantör"
                      else "exempelkommun.example")
            email = f"{_ascii(first)}.{_ascii(last)}.{index}.{number}@{domain}"
            contact_rows.append([reference, f"{first} {last}", email, f"070-17406{number:02d}", party, role,
                                 "ja" if number < 3 and index % 2 == 0 else "nej"])
        if index % 10 == 0:
            amendment_rows.append([reference, begins + timedelta(days=200), "Prisjustering enligt KPI"])
        spend_rows.append([reference, TRADES[supplier % len(TRADES)], f"2025-{index % 12 + 1:02d}",
                           Decimal(rng.randrange(1_000, 5_000_000)) / 100])
    return {"Leverantörer": supplier_rows, "Avtal": contract_rows, "Kontakter": contact_rows,
            "Tilläggsavtal": amendment_rows, "Spend": spend_rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the workbook to write (.xlsx)")
    parser.add_argument("--contracts", type=int, default=5000)
    parser.add_argument("--suppliers", type=int, default=None, help="default: 2 per 5 contracts")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    suppliers = args.suppliers or max(1, args.contracts * 2 // 5)
    began = time.perf_counter()
    sheets = build(args.contracts, suppliers, args.seed)
    write_workbook(args.out, sheets)
    print(f"{args.out}: {suppliers} suppliers, {args.contracts} contracts, {len(sheets['Kontakter'])} contacts "
          f"({time.perf_counter() - began:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
