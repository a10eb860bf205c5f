"""Where a short edit sits: the phrase it joins, for the reports that show no whole sentence."""

from __future__ import annotations

from typing import Any

SHORT_EDIT = 6
"""An edit of at most this many characters is shown in the phrase it joins (text and Markdown)."""
_REACH = 10


def joined_phrase(change: dict[str, Any]) -> str | None:
    """The phrase a short edit joins, the edit in brackets — 依法 inserted in 各地要…依法查处…
    gives ``…加大监督抽查力度，[依法]查处…`` — or None for a longer edit (its own text says
    enough) or one its sentence does not hold. The JSON gives the whole sentences."""
    inserted = bool(change["new_text"])
    text, context = (change["new_text"], change["new_context"]) if inserted else (change["old_text"], change["old_context"])
    text = text.strip()
    if not text or len(text) > SHORT_EDIT or change["old_text"].strip() and change["new_text"].strip():
        return None
    at = context.find(text)
    if at < 0:
        return None
    left, right = max(0, at - _REACH), min(len(context), at + len(text) + _REACH)
    phrase = f"{context[left:at]}[{text}]{context[at + len(text):right]}".replace("\n", " ")
    return ("…" if left else "") + phrase + ("…" if right < len(context) else "")
