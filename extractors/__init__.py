"""Rule packs as data (installed as ``policydiff.extractors``); read only by ``policydiff.rules``."""
