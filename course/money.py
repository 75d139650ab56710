"""Money in the store's own currency: one helper for every sentence, label and figure the kit writes.

A simulated store is in pounds (GBP). An imported store states its currency in store.json ("currency", an ISO
code such as "EUR") and whether its values include VAT; the kit never assumes pounds for it. Notebooks say
money through `StoreData`'s three words (the `MoneyWords` mix-in): `data.money(1234.5)` gives "£1,234.50",
`data.symbol` gives "£", and `data.label("ATV (£ ex VAT)")` gives a label in the data's own terms.
"""

from __future__ import annotations

from course.blank import blanks_give_blank

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
NAMES = {"GBP": "pounds", "EUR": "euros", "USD": "US dollars"}
VAT_WORDS = {"included": "including VAT", "excluded": "excluding VAT", "unknown": "VAT not known"}


def symbol(currency: str = "GBP") -> str:
    """Return the currency's symbol, or its ISO code when it has none here ("CHF")."""
    return SYMBOLS.get(currency.upper(), currency.upper())


def money(value: float, currency: str = "GBP", places: int = 2) -> str:
    """Format an amount to `places` decimals: £1,234.50, €1,234.50, or 1,234.50 CHF (a minus sign first)."""
    sign = symbol(currency)
    amount = f"{abs(value):,.{places}f}"
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


def currency_line(currency: str = "GBP", vat: str = "excluded") -> str:
    """One plain line saying what a notebook's money is in; away from pounds, what its text's "£" means."""
    code = currency.upper()
    name = NAMES.get(code, code)
    line = f"Money is in {name} ({symbol(code)})" if code in SYMBOLS else f"Money is in {code}"
    line += f", {VAT_WORDS.get(vat, VAT_WORDS['unknown'])}."
    return line if code == "GBP" else f"{line} Where the text says £, read the currency of your data."


class MoneyWords:
    """The money words of the learner vocabulary, mixed into StoreData (which has `currency` and `vat`)."""

    currency: str
    vat: str

    @property
    def symbol(self) -> str:
        """The data's currency symbol: data.symbol is "£" for pounds, "€" for euros."""
        return symbol(self.currency)

    @blanks_give_blank
    def money(self, value: float, places: int = 2) -> str:
        """An amount in the data's currency: data.money(1234.5) is "£1,234.50"; data.money(1234.56, 0) is "£1,235"."""
        return money(float(value), self.currency, places)

    @blanks_give_blank
    def label(self, text: str) -> str:
        """A label or sentence with its "£" and "ex VAT" in the data's terms: data.label("sales (£ ex VAT)") is
        "sales (€ inc VAT)" for euros with VAT included, and unchanged for the practice store."""
        return relabel(text, self.currency, self.vat)
