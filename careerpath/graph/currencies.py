"""ISO 4217 currency codes: the ones a catalog's ``currency`` may name (catalog-format.md), and the closest ones
to a mistyped code.

The table is ISO 4217 List One (current currencies and funds, and the X-codes the standard reserves: precious
metals, bond-market units, SDR, XTS for testing and XXX for "no currency") as Debian's iso-codes 4.15.0 gives it
(``/usr/share/iso-codes/json/iso_4217.json``), plus the two codes added since: ZWG (Zimbabwe Gold, 2024) and XCG
(Caribbean guilder, 2025). iso-codes still lists ANG, CUC, HRK, SLL and ZWL, withdrawn in 2021-2025; they stay
accepted, as a catalog priced while they were current is stale, not malformed, and its costs still sum within the
one currency. Older withdrawn codes (DEM, FRF, VEF, ...) are refused. Python has no list of its own.
"""

from __future__ import annotations

import re

ISO_4217: frozenset[str] = frozenset("""
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD
    CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
    GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD
    KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR
    NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN
    SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG
    XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL
""".split())

_MOST_SUGGESTED = 3


def _distance(a: str, b: str) -> int:
    """Edits from ``a`` to ``b``, a swap of two neighbouring letters counting as one ("UDS" is one from "USD")."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def closest_codes(text: str) -> list[str]:
    """The likeliest codes one edit from ``text``, or else the few two edits away; none where more are that
    close, as a long list of guesses helps no one."""
    typed = text.upper()
    by_distance: dict[int, list[str]] = {}
    for code in sorted(ISO_4217):
        by_distance.setdefault(_distance(typed, code), []).append(code)
    near = by_distance.get(1, [])
    if near:
        # Only the likeliest of these: two letters swapped ("UDS"), else those keeping the most of the typed start
        # (a slip is likelier in the last letter than in the country's two).
        def rank(code: str) -> tuple[bool, int]:
            return sorted(code) != sorted(typed), -len(_common_prefix(code, typed))

        best = min(map(rank, near))
        return [code for code in near if rank(code) == best][:_MOST_SUGGESTED]
    two = by_distance.get(2, [])
    return two if len(two) <= _MOST_SUGGESTED else []


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def currency_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a catalog's currency (any case: "usd" is read as USD), or None."""
    if not re.fullmatch(r"[A-Za-z]{3}", text):
        return "must be a three-letter ISO 4217 code, such as USD or EUR"
    if text.upper() in ISO_4217:
        return None
    close = closest_codes(text)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ", such as USD or EUR"
    return f"is not an ISO 4217 currency code{hint}"
