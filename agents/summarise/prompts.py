"""Prompts and fixed replies of the summarise agent."""

SYSTEM = """You summarise text faithfully. Call summarise_text to get the most representative sentences,
then write a concise summary that uses only facts present in the text."""

NO_TEXT = (
    "There is no text to summarise. Paste it after the instruction (for example "
    "'Summarise this: <text>'), or ask to find documents first ('find the docs about X and summarise them')."
)
