"""How text becomes the words search compares: folded, split, and reduced to stems.

- `fold`: lower case, typographic quotes and dashes as typed on a keyboard, accents and
  other marks taken off (`erdogan` finds Erdoğan; a text in NFD compares as in NFC), and
  thousands separators taken out (3,000 is 3000).
- `words`: the runs of letters and digits, and each run of non-space characters with its
  punctuation taken out ("btr-82" gives btr, 82 and btr82); a number written as a word
  (three) is also its digits (3).
- `stem`: English Snowball stems (PyStemmer, in C), after the irregular forms a stemmer
  does not know (fought is fight, lost is lose).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from .quotes import TYPOGRAPHIC

# --- folding -------------------------------------------------------------------------------

# Letters with no decomposition to their base letter, folded as readers type them.
_SPECIAL = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "\u0131": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}


def _fold_char(char: str) -> str:
    if char in TYPOGRAPHIC:
        return TYPOGRAPHIC[char]
    lowered = char.casefold()
    if lowered in _SPECIAL:
        return _SPECIAL[lowered]
    if unicodedata.combining(char):
        return ""  # a mark on the letter before it (an accent written apart, as NFD does)
    decomposed = unicodedata.normalize("NFKD", lowered)
    base = "".join(part for part in decomposed if not unicodedata.combining(part))
    # Only letters that are a base letter with marks lose them: Hangul syllables and the
    # like decompose into parts that are not what a reader types.
    return base if base and base.isascii() else lowered


class _Folding(dict):
    """A str.translate table made one character at a time, as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDING = _Folding()

# A thousands separator: "3,000" is found by typing 3000, and the other way round.
# (The comma comes first so that the regular expression engine looks for it quickly.)
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")


def fold(text: str) -> str:
    """`text` as search compares it."""
    text = text.lower() if text.isascii() else text.translate(_FOLDING)
    return _THOUSANDS.sub("", text) if "," in text else text


def fold_with_origin(text: str) -> tuple[str, list[int] | None]:
    """Folded `text` and, for each folded character, its offset in `text` (None when
    every character kept its place)."""
    separators = {match.start() for match in _THOUSANDS.finditer(text)}
    if not separators and text.isascii():
        return text.lower(), None
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if index in separators:
            continue
        replacement = char.lower() if char.isascii() else _FOLDING[ord(char)]
        folded.append(replacement)
        origin.extend([index] * len(replacement))
    return "".join(folded), origin


# --- words ---------------------------------------------------------------------------------

# What separates the parts of a word (typographic quotes and dashes are folded to ASCII
# before). Bytes are translated rather than text, for speed: a library holds millions of
# words, and ASCII bytes never occur inside a UTF-8 sequence.
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_PUNCTUATION_BYTES = PUNCTUATION.encode()
_TO_SPACE = bytes.maketrans(_PUNCTUATION_BYTES, b" " * len(_PUNCTUATION_BYTES))

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
)
_TENS = {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90"}
NUMBER_WORDS = {name: str(value) for value, name in enumerate(_UNITS.split())} | _TENS
NUMBERS_AS_WORDS = {digits: name for name, digits in NUMBER_WORDS.items()}


def words(folded: str) -> set[str]:
    """The distinct words of folded text, as search matches them: the runs of letters
    and digits, each run of non-space characters with its punctuation taken out (so
    "btr-82" gives btr, 82 and btr82, and "korea's" gives korea, s and koreas), and the
    digits of a number written as a word."""
    data = folded.encode()
    found = set(data.translate(_TO_SPACE).decode().split())
    found.update(data.translate(None, _PUNCTUATION_BYTES).decode().split())
    found.update(NUMBER_WORDS[word] for word in found & NUMBER_WORDS.keys())
    return found


def word_spans(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each of `words(folded)` where it stands in `folded`."""
    found = [(*match.span(), match.group()) for match in _PART.finditer(folded)]
    for match in _WHOLE.finditer(folded):
        if any(char in PUNCTUATION for char in match.group()):
            found.append((*match.span(), dropped(match.group())))
    found += [(start, end, NUMBER_WORDS[word]) for start, end, word in found if word in NUMBER_WORDS]
    return found


_PART = re.compile(rf"[^\s{re.escape(PUNCTUATION)}]+")
_WHOLE = re.compile(rf"[^\s{re.escape(PUNCTUATION)}](?:\S*[^\s{re.escape(PUNCTUATION)}])?")
# A number typed with a multiplier: 12k is 12,000, 1.5m is 1,500,000.
_MULTIPLIED = re.compile(r"(\d+(?:\.\d+)?)([km])\Z")


def typed_words(folded: str) -> list[str]:
    """The words of a typed term, punctuation taken out ("btr-82" is btr82), and a
    number with a multiplier written out (12k is 12000)."""
    found = []
    for token in folded.split():
        multiplied = _MULTIPLIED.match(token)
        if multiplied:
            value = float(multiplied.group(1)) * (1000 if multiplied.group(2) == "k" else 1_000_000)
            token = str(int(value)) if value == int(value) else token
        found += dropped(token).split()
    return found


def dropped(text: str) -> str:
    """`text` with its punctuation taken out."""
    return text.encode().translate(None, _PUNCTUATION_BYTES).decode()


# Words that make a query read as a sentence, and say little about which claim is meant:
# a claim holding more of the other words ranks first, whatever these.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "and",
        "or",
        "but",
        "not",
        "no",
        "nor",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "he",
        "his",
        "she",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "my",
        "me",
        "us",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "than",
        "then",
        "so",
        "if",
        "into",
        "onto",
        "over",
        "about",
        "after",
        "before",
    ]
)


def is_number(word: str) -> bool:
    """Digits only: a number must be found as written, never as a near miss."""
    return word.isdigit()


# --- stems ---------------------------------------------------------------------------------

# Forms the Snowball stemmer leaves apart from their word: irregular verbs and plurals
# as news writing uses them.
IRREGULAR = {
    "went": "go", "gone": "go", "said": "say", "told": "tell", "fought": "fight", "held": "hold",
    "taken": "take", "took": "take", "caught": "catch", "led": "lead", "began": "begin", "begun": "begin",
    "ran": "run", "won": "win", "lost": "lose", "sent": "send", "thought": "think", "brought": "bring",
    "gave": "give", "given": "give", "came": "come", "saw": "see", "seen": "see", "knew": "know",
    "known": "know", "spoke": "speak", "spoken": "speak", "wrote": "write", "written": "write",
    "made": "make", "met": "meet", "left": "leave", "kept": "keep", "felt": "feel", "fled": "flee",
    "hid": "hide", "hidden": "hide", "struck": "strike", "shot": "shoot", "sought": "seek",
    "bought": "buy", "built": "build", "chose": "choose", "chosen": "choose", "drew": "draw",
    "drawn": "draw", "fell": "fall", "fallen": "fall", "flew": "fly", "flown": "fly", "froze": "freeze",
    "frozen": "freeze", "got": "get", "gotten": "get", "grew": "grow", "grown": "grow", "hung": "hang",
    "lay": "lie", "lain": "lie", "paid": "pay", "rose": "rise", "risen": "rise", "sold": "sell",
    "stood": "stand", "stole": "steal", "stolen": "steal", "swore": "swear", "sworn": "swear",
    "threw": "throw", "thrown": "throw", "understood": "understand", "woke": "wake", "wore": "wear",
    "worn": "wear", "men": "man", "women": "woman", "children": "child", "people": "person",
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose", "dying": "die", "died": "die",
    "dead": "dead", "better": "good", "best": "good", "worse": "bad", "worst": "bad",
}  # fmt: skip

# Words whose stem's other forms mean something else in the news: `arms` (weapons) is not
# `armed` (the Armed Forces), which Snowball makes both `arm`.
OWN_STEMS = {"arms": "arms"}

_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of a folded word: what its forms share (captured, capturing: captur)."""
    if not word.isalpha():
        return word  # numbers, and words with digits, are what they are
    return OWN_STEMS.get(word) or _STEMMER.stemWord(IRREGULAR.get(word, word))


def stems(vocabulary: list[str]) -> list[str]:
    """`stem` of each word, the whole list at once (in C, for a vocabulary of millions)."""
    irregular = [IRREGULAR.get(word, word) for word in vocabulary]
    stemmed = _STEMMER.stemWords(irregular)
    return [
        (OWN_STEMS.get(word) or stemmed_word) if word.isalpha() else word
        for word, stemmed_word in zip(vocabulary, stemmed, strict=True)
    ]
