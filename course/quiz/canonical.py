"""Canonical answer forms, salted SHA-256 answer digests and the obfuscation of sealed texts.

A learner's response and an author's answer are compared through one canonical string per
question type; the sealed bank stores only ``answer_digest(salt, question_id, canonical)``.
Explanations, option feedback and fixed numeric answers are obfuscated (XOR with a SHA-256
keystream, then base64): deterministic and reversible, only meant to stop casual peeking.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping

_SPACES = re.compile(r"\s+")
_SALT_CONTEXT = "course-kit quiz salt v1"


def normalise_text(text: str) -> str:
    """Return ``text`` case-folded, trimmed, with single spaces and no trailing full stop."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    collapsed = _SPACES.sub(" ", folded).strip()
    return collapsed.rstrip(".").rstrip()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def canonical_single(option_text: str) -> str:
    """Canonical form of one chosen option."""
    return normalise_text(option_text)


def canonical_multiple(option_texts: Iterable[str]) -> str:
    """Canonical form of a set of chosen options: order does not matter."""
    return _json(sorted({normalise_text(text) for text in option_texts}))


def canonical_text(answer: str) -> str:
    """Canonical form of a typed text answer."""
    return normalise_text(answer)


def canonical_ordering(items: Iterable[str]) -> str:
    """Canonical form of items in the given order: order matters."""
    return _json([normalise_text(item) for item in items])


def canonical_matching(pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """Canonical form of term-definition pairs: the set of pairs, whatever their order."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return _json(sorted([normalise_text(term), normalise_text(definition)]
                        for term, definition in items))


def canonical_number(value: float) -> str:
    """Canonical text of a fixed numeric answer (round-trips exactly through float())."""
    return repr(float(value))


def bank_salt(bank: str) -> str:
    """Return the salt of ``bank``: derived from its name, so resealing is byte-identical."""
    return hashlib.sha256(f"{_SALT_CONTEXT}\x1f{bank}".encode()).hexdigest()[:32]


def answer_digest(salt: str, question_id: str, canonical: str) -> str:
    """Return the hex SHA-256 of a canonical answer, salted with the bank salt and question id."""
    message = f"{salt}\x1f{question_id}\x1f{canonical}".encode()
    return hashlib.sha256(message).hexdigest()


def _keystream(salt: str, question_id: str, purpose: str, length: int) -> bytes:
    blocks: list[bytes] = []
    counter = 0
    while sum(len(b) for b in blocks) < length:
        seed = f"{salt}\x1f{question_id}\x1f{purpose}\x1f{counter}".encode()
        blocks.append(hashlib.sha256(seed).digest())
        counter += 1
    return b"".join(blocks)[:length]


def obfuscate(salt: str, question_id: str, purpose: str, text: str) -> str:
    """Return ``text`` XOR-ed with a keystream for (salt, question, purpose), base64-encoded."""
    data = text.encode("utf-8")
    stream = _keystream(salt, question_id, purpose, len(data))
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, stream))).decode("ascii")


def reveal(salt: str, question_id: str, purpose: str, token: str) -> str:
    """Undo ``obfuscate``; raise ValueError if ``token`` was not made with these keys."""
    try:
        data = base64.b64decode(token.encode("ascii"), validate=True)
        stream = _keystream(salt, question_id, purpose, len(data))
        return bytes(a ^ b for a, b in zip(data, stream)).decode("utf-8")
    except (ValueError, UnicodeError) as err:
        raise ValueError("cannot be read back; reseal the bank with `course seal-banks`") from err


def seal_option_notes(salt: str, question_id: str,
                      notes: list[tuple[str, str | None, str | None]]) -> list[str]:
    """Return one sealed note per option from (text, feedback, misconception).

    Every option gets a note of the same length, so the sealed file does not show which options
    carry feedback or a misconception (which would give away the right one).
    """
    payloads = [_json({"feedback": feedback or None, "misconception": misconception or None})
                for _text, feedback, misconception in notes]
    width = -(-max(len(p.encode("utf-8")) for p in payloads) // 32) * 32
    return [obfuscate(salt, question_id, f"feedback:{text}",
                      payload + " " * (width - len(payload.encode("utf-8"))))
            for (text, _f, _m), payload in zip(notes, payloads)]


def reveal_option_note(salt: str, question_id: str, option_text: str,
                       token: str) -> tuple[str | None, str | None]:
    """Return (feedback, misconception) of an option from its sealed note; raise ValueError."""
    try:
        note = json.loads(reveal(salt, question_id, f"feedback:{option_text}", token))
        return note["feedback"], note["misconception"]
    except (ValueError, KeyError, TypeError) as err:
        raise ValueError("cannot be read back; reseal the bank with `course seal-banks`") from err


def deterministic_order(salt: str, question_id: str, items: list[str]) -> list[str]:
    """Return ``items`` in a fixed shuffled order that is never the given order (if len > 1)."""
    def key(item: str) -> str:
        return answer_digest(salt, question_id, f"order\x1f{item}")

    shuffled = sorted(items, key=key)
    if len(items) > 1 and shuffled == list(items):
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled
