"""Prompts and fixed replies of the summarise agent."""

PART = """You summarise one part of a longer text. Keep every fact, figure, name and decision that matters;
drop repetition and small talk. Use only what the text says. Reply with the summary only."""

FINAL = """You write the final summary of a text. Use only facts the text states: add nothing, guess nothing.
{length} {style} Reply with the summary only."""

STYLES = {
    "bullets": "Write one bullet point per sentence, each line starting with '- '.",
    "paragraph": "Write one paragraph of prose.",
    "tldr": "Write a single line starting with 'TL;DR: '.",
}

NO_TEXT = (
    "There is no text to summarise. Paste it after the instruction (for example "
    "'Summarise this: <text>'), name an ingested document ('summarise docs/operations.md'), or ask to find "
    "documents first ('find the docs about X and summarise them')."
)


def final_prompt(max_sentences: int | None, max_words: int | None, style: str | None) -> str:
    """The system prompt of the last writing call, with the requested length and layout."""
    limits = [
        f"at most {max_sentences} sentences" if max_sentences else "",
        f"at most {max_words} words" if max_words else "",
    ]
    stated = " and ".join(limit for limit in limits if limit)
    length = f"Keep it to {stated}." if stated else "Keep it short: about a sixth of the text, at most eight sentences."
    return FINAL.format(length=length, style=STYLES.get(style or "paragraph", STYLES["paragraph"]))
