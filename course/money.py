"""Money in the store's own currency: one helper for every sentence, label and figure the kit writes.

A simulated store is in pounds (GBP). An imported store states its currency in store.json ("currency", an ISO
code such as "EUR"); the kit never assumes pounds for it.
"""

from __future__ import annotations

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def symbol(currency: str = "GBP") -> str:
    """Return the currency's symbol, or its ISO code when it has none here ("CHF")."""
    return SYMBOLS.get(currency.upper(), currency.upper())


def money(value: float, currency: str = "GBP") -> str:
    """Format an amount: £1,234.50, €1,234.50, or 1,234.50 CHF."""
    sign = symbol(currency)
    amount = f"{abs(value):,.2f}"
    text = f"{sign}{amount}" if len(sign) == 1 else f"{amount} {sign}"
    return f"-{text}" if value < 0 else text


def unit_label(currency: str = "GBP") -> str:
    """Name the unit of money in a chart label: "£" for pounds, else "the currency of your data (EUR)"."""
    code = currency.upper()
    return "£" if code == "GBP" else f"the currency of your data ({code})"


def relabel(text: str, currency: str = "GBP", vat: str = "excluded") -> str:
    """Say a label's money in the data's own terms: "ATV (£, ex VAT)" -> "ATV (€, inc VAT)" for euros with VAT."""
    out = text.replace("£", symbol(currency)) if currency.upper() != "GBP" else text
    if vat == "included":
        return out.replace("ex VAT", "inc VAT")
    return out.replace("ex VAT", "VAT not known") if vat == "unknown" else out
