"""Synthetic labelled records for the ml tests (small and deterministic)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from riskscreen.ml.corpus import Record

RISK_PHRASES = {
    "job_ad": [
        "Pay the agency fee of $1,500 before departure.",
        "Your passport will be kept by the employer for safety.",
        "No papers needed, tourist visa is fine!",
        "Contact us only on WhatsApp, leave this week.",
        "We lend you the money for the ticket; repay from wages.",
        "Earn $5,000 a month, no experience, urgent departure.",
        "Work 7 days a week, 14 hours a day, housing deducted.",
    ],
    "audit": [
        "Passports of migrant workers were held by management.",
        "Dormitory gates locked at night by guards.",
        "Workers paid recruitment fees and repay loans to the agent.",
        "Wages withheld until end of contract as a deposit.",
        "Fines deducted for lateness and toilet breaks.",
        "Workers worked 80 hours per week without overtime pay.",
        "No grievance channel; workers afraid to complain.",
    ],
}
SAFE_PHRASES = {
    "job_ad": [
        "Salary £28,000 per year, 37.5 hours per week.",
        "Apply through our careers page with your CV.",
        "We never charge recruitment fees; the employer pays all costs.",
        "Workers keep their own passports and documents.",
        "Pension scheme, 25 days annual leave and training.",
        "Overtime is voluntary and paid at 150%.",
        "Office at 12 High Street; interviews in person.",
    ],
    "audit": [
        "Workers hold their own identity documents.",
        "Overtime voluntary, recorded and paid at the legal premium.",
        "Written contracts in the workers' language were issued.",
        "A worker committee meets monthly; grievance box checked.",
        "Wages above the legal minimum, paid monthly on time.",
        "Dormitories unlocked, with free movement at all times.",
        "No recruitment fees were paid by workers; employer pays.",
    ],
}
FILLER = [
    "The site employs about 200 workers.",
    "Location: Kuala Lumpur.",
    "Seasonal work in agriculture.",
    "Factory producing garments for export.",
    "Interviews were held with 12 workers.",
]


def make_records(kind: str, n: int, seed: int = 0, prefix: str = "fx") -> list[Record]:
    """n synthetic records of kind, half risk, reproducible from seed."""
    rng = random.Random(f"{kind}-{seed}")
    out = []
    for i in range(n):
        label = i % 2
        pool = RISK_PHRASES[kind] if label else SAFE_PHRASES[kind]
        # a few label-noise records keep the task from being trivially separable
        if rng.random() < 0.1:
            pool = SAFE_PHRASES[kind] if label else RISK_PHRASES[kind]
        parts = rng.sample(pool, 3) + rng.sample(FILLER, 2)
        rng.shuffle(parts)
        out.append(
            Record(id=f"{prefix}-{kind}-{i:04d}", kind=kind, text=" ".join(parts), label=label)
        )
    return out


def write_jsonl(path: Path, records: list[Record]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            handle.write(
                json.dumps(
                    {
                        "id": r.id,
                        "kind": r.kind,
                        "text": r.text,
                        "label": r.label_name,
                        "indicators": [],
                        "language": "en",
                        "country": "MY",
                        "industry": "garments",
                        "generated": r.generated,
                    }
                )
                + "\n"
            )
    return path
