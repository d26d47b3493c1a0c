"""Match a question to one record of a knowledge pack, or say honestly that none fits.

Two layers, both built once when the pack loads (and cacheable through `to_state`/`from_state`):

* a retrieval layer over sparse postings (word -> phrasings): IDF-weighted cosine between the query's
  content words and each phrasing, plus each record's whole vocabulary. It scales to very large packs
  because a query only touches records that share a word with it.
* a learned layer: a multiclass linear model (averaged passive-aggressive training, pure Python) over
  TF-IDF word, word-pair and character 4-gram features. A learned layer is what lifts accuracy on
  unseen paraphrases (CLINC150 val: 85% -> 92% top-1, see docs/accuracy.md); it is skipped for packs
  too large to train in seconds, which then fall back to retrieval alone.

Question-time scoring is pure Python plus rapidfuzz (word-level typo correction), so `ask` adds no
heavy import. Query words the pack has never seen (after typo correction) lower the confidence: a
question about Apple's strategy put to a pack about Meta should not be answered. Conversational filler
("my board keeps asking ...") is not counted as unknown, and a question of several sentences is also
scored sentence by sentence, so context around a question does not drown it.
"""

from __future__ import annotations

import bisect
import functools
import gc
import itertools
import math
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

__all__ = [
    "DEFAULT_MARGIN",
    "DEFAULT_THRESHOLD",
    "LAZY_KEYS",
    "LEAN_MIN_DOCUMENTS",
    "LEAN_MIN_PHRASINGS",
    "MAX_QUERY_CHARS",
    "SUGGESTION_FLOOR",
    "Decision",
    "Document",
    "Match",
    "Matcher",
    "normalize",
    "similarity",
]

# ---------------------------------------------------------------------------------------------------
# Public data types (NamedTuples: a tenth of a frozen dataclass's creation cost, and `ask` starts
# in ~0.1 s)


class Document(NamedTuple):
    """One answerable record, as the pack hands it to the matcher."""

    id: str
    section: str
    texts: tuple[str, ...]
    tags: tuple[str, ...] = ()
    answer: str = ""


class Match(NamedTuple):
    """A candidate record and its confidence (0-100)."""

    id: str
    score: float


class Decision(NamedTuple):
    """Whether to answer, with what, and the runners-up (or suggestions when not answering).

    Suggestions of an unanswered decision all score at least SUGGESTION_FLOOR (there may be none).
    """

    query: str
    answered: bool
    best: Match | None
    alternatives: tuple[Match, ...]
    truncated: bool = False


# ---------------------------------------------------------------------------------------------------
# Tunable constants (each says where its value came from)

# Answer when the best confidence reaches this and leads the runner-up by DEFAULT_MARGIN. Chosen for a
# small pack on the shipped pack's evaluation set, with the background class (below): 20.5/3 answers
# 93.7% of the answerable questions rightly and leaves 96.9% of off-topic and 52.8% of near-topic ones
# unanswered, the same at 20 and 21 (19/3: 93.7% / 96.9% / 47.2%; 22/3: 93.1% / 96.9% / 52.8%; 24/3:
# 92.0% / 96.9% / 58.3%; docs/accuracy.md). CLINC, 100 phrasings an intent, calibrates its own.
DEFAULT_THRESHOLD: float = 20.5
DEFAULT_MARGIN: float = 3.0

# An unanswered question only gets "did you mean" suggestions scoring at least this. From the
# histogram of the shipped pack's evaluation set (defaults 27/3): of the 8 answerable questions left
# unanswered, 7 have their right record at 17 or more (one at 10); of the 30 off-topic questions left
# unanswered, 26 have a best candidate under 15 (noise such as a metric at 14 for "what is the capital
# of France"). 10 would show noise for 7 of them, 15 for 4. Answered questions keep their alternatives.
SUGGESTION_FLOOR: float = 15.0

# Hostile-input guard: 1000 characters is ~150 words, longer than any real question.
MAX_QUERY_CHARS: int = 1000

# Format version of `to_state`; bump when the layout changes so stale caches are rebuilt. Version 4 is
# the compact layout (flat int lists, joined strings, pruned integer weights); 5 adds the lean
# large-pack layout and LAZY_KEYS.
STATE_VERSION = 5

# The learned layer trains in ~O(phrasings x classes touched); above these sizes it is skipped and
# retrieval alone ranks (CLINC, 15,000 phrasings x 150 classes, trains in ~15 s on 2 cores).
LEARNED_MAX_PHRASINGS = 40_000
LEARNED_MAX_DOCUMENTS = 2_000

# Above these sizes (where the learned layer is skipped anyway) a pack gets the lean layout: built in
# one pass over its phrasings (100,000 entries x 3 phrasings: ~3 s instead of 45 s), no answer-text
# evidence, and every per-token map under LAZY_KEYS so that a cache can load it token by token.
LEAN_MIN_PHRASINGS = LEARNED_MAX_PHRASINGS
LEAN_MIN_DOCUMENTS = LEARNED_MAX_DOCUMENTS
# The top-level state keys whose values are `dict[str, plain value]` read only with `.get(key)` and
# `in`, never iterated and never measured with len(), so a cache may store each key's value as its
# own blob and give `from_state` a lazy Mapping. Empty dicts in a small pack's state. In a lean state:
#   terms:     word -> its postings, one int per phrasing holding the word, ascending:
#              (record << shift | position) << 20 | norm (tags at the last position, the norm in
#              units of 10**-STATE_DIGITS); the word's document frequency is the list's length
#   exact_map: normalised phrasing (its words joined by spaces) -> record numbers (int list)
#   id_map:    str(record number) -> record id (records are numbered in id order)
#   spell:     str(word length) -> the pack's words of that length, most frequent first, "\n"-joined
LAZY_KEYS: tuple[str, ...] = ("terms", "exact_map", "id_map", "spell")
# In a lean pack a word with more postings than this (a very common word) only adds to the phrasings
# that the query's rarer words already found, so a question costs milliseconds at any pack size.
LEAN_COMMON_POSTINGS = 2_000

# Training schedule, measured on CLINC val: 5 epochs reach 91.8% top-1 (3 epochs: 91.5%, 10: 91.8%).
EPOCHS = 5
# Epochs after the first score only each sample's hardest competitors (found on full passes):
# 4x faster training for no measured loss on CLINC val.
HARD_NEGATIVES = 10
FULL_PASS_EPOCHS = frozenset({0, 2})
# Passive-aggressive (PA-I) aggressiveness and the margin a correct class must win by.
PA_AGGRESSIVENESS = 1.0
PA_MARGIN = 1.0
TRAINING_SEED = 20190902  # arXiv date of the CLINC paper: any fixed seed keeps builds reproducible
# Learned weights under this are dropped after training and the rest stored as integers of
# 10**-STATE_DIGITS, so the cached state is small and quick to load. Shipped pack: 65k -> 49k weights,
# the same answers on the evaluation set; CLINC val 90.4% / 55% -> 90.4% / 54% (0.02: 41k weights,
# one shipped-pack question lost; docs/accuracy.md).
WEIGHT_EPSILON = 0.01
STATE_DIGITS = 3

# Character n-gram length of the learned features; 4 beat 3, 5 and 4+5 on CLINC val (docs/accuracy.md).
CHAR_NGRAM = 4

# How the confidence is assembled from the two layers. 0.8/0.2 gave the best top-1 on the shipped
# pack (93.7% vs 93.1% learned alone) at a 0.5-point cost on CLINC val (docs/accuracy.md).
LEARNED_WEIGHT = 0.8
RETRIEVAL_WEIGHT = 0.2
ANSWER_TEXT_WEIGHT = 0.15  # answer/body text is weak evidence only (0.3 changed nothing measurable)
TAG_WEIGHT = 0.5  # tags count half as much as a phrasing's own words
# Confidence x (1 - share of unknown content words) ** this. 1 lifted CLINC val oos recall 49% -> 66%
# and shipped-pack off-topic rejection 69% -> 94%. Once filler words stopped counting as unknown, 1.25
# rejects more off-topic questions on the shipped pack at the same answer rate; 1.5 and 2 cost CLINC val
# oos recall (55% -> 45% -> 35%) for no gain (docs/accuracy.md).
UNKNOWN_WORD_PENALTY = 1.25
EXACT_MATCH_CONFIDENCE = 100.0
# Train the learned layer on tags and answer sentences too: readers ask with the article's words.
# Shipped pack top-1 90.9% -> 93.1% (learned layer alone); no effect on CLINC (no answers there).
LEARN_FROM_TAGS = True
LEARN_FROM_ANSWERS = True

# Typo correction: how many edits (OSA: insert, delete, substitute, transpose) a word of a given length
# may be away from a pack word. Short words are left alone ("apple" must not become "apply").
TYPO_MIN_LENGTH = 5
TYPO_TWO_EDITS_LENGTH = 10
# Below this length a typo may only drop or add a letter ("stratgy"), not swap one ("apple"/"apply").
TYPO_SUBSTITUTION_LENGTH = 7

# A query word the pack does not know is looked up in its other inflections before typo correction
# ("why did LeCun leave" against a pack that only says "leaving"), using these common irregular English
# verbs (past forms -> base) besides -ing / -ed / -s. Folding inflections at build time instead cost
# the dev set accuracy (docs/accuracy.md).
_IRREGULAR_VERBS: dict[str, str] = {
    past: base
    for base, forms in {
        "begin": "began begun",
        "break": "broke broken",
        "bring": "brought",
        "build": "built",
        "buy": "bought",
        "catch": "caught",
        "choose": "chose chosen",
        "come": "came",
        "drive": "drove driven",
        "fall": "fell fallen",
        "feel": "felt",
        "fight": "fought",
        "find": "found",
        "give": "gave given",
        "grow": "grew grown",
        "hold": "held",
        "leave": "left",
        "lead": "led",
        "lose": "lost",
        "meet": "met",
        "pay": "paid",
        "run": "ran",
        "sell": "sold",
        "send": "sent",
        "spend": "spent",
        "speak": "spoke spoken",
        "stand": "stood",
        "take": "took taken",
        "teach": "taught",
        "win": "won",
        "write": "wrote written",
        "rise": "rose risen",
        "shake": "shook shaken",
        "steal": "stole stolen",
        "bear": "bore born",
        "forget": "forgot forgotten",
        "hide": "hid hidden",
        "seek": "sought",
        "shut": "shut",
        "split": "split",
        "spread": "spread",
        "strike": "struck",
        "swim": "swam swum",
        "throw": "threw thrown",
        "wear": "wore worn",
        "fly": "flew flown",
        "draw": "drew drawn",
        "eat": "ate eaten",
        "drink": "drank drunk",
        "sing": "sang sung",
        "sit": "sat",
        "sleep": "slept",
        "lend": "lent",
        "bend": "bent",
        "bind": "bound",
        "feed": "fed",
        "flee": "fled",
        "freeze": "froze frozen",
        "hang": "hung",
        "hurt": "hurt",
        "lay": "laid",
        "light": "lit",
        "ride": "rode ridden",
        "ring": "rang rung",
        "shoot": "shot",
        "sink": "sank sunk",
        "slide": "slid",
        "stick": "stuck",
        "sting": "stung",
        "swear": "swore sworn",
        "tear": "tore torn",
        "wake": "woke woken",
        "weave": "wove woven",
        "wind": "wound",
        "withdraw": "withdrew withdrawn",
        "undertake": "undertook undertaken",
        "overtake": "overtook overtaken",
        "undergo": "underwent",
    }.items()
    for past in forms.split()
}

_PAST_FORMS: dict[str, list[str]] = {}
for _past, _base in _IRREGULAR_VERBS.items():
    _PAST_FORMS.setdefault(_base, []).append(_past)

# An off-topic "background" class for the learned layer: everyday questions (weather, cooking, travel,
# sport, shopping, programming, health, money, animals, history, home, ...) written for leadercli, not
# taken from any evaluation set. It is trained beside the pack's records and never answered; when it
# scores high the confidence of every record drops (x (1 - BACKGROUND_PENALTY x its score)), so an
# off-topic question made of pack words ("invest in index funds") is declined. Only packs with at least
# as many training phrasings as the background (on a 7-record pack it took "how many" away from the
# record that asks it) and at most BACKGROUND_MAX_PHRASINGS get it: a pack with many phrasings per
# record (CLINC, 15,000) defines its own space, and its intents are everyday topics themselves.
BACKGROUND_MAX_PHRASINGS = 5_000
BACKGROUND_PENALTY = 1.0
BACKGROUND_QUESTIONS: tuple[str, ...] = tuple(
    line.strip()
    for line in """
what will the weather be like tomorrow
is it going to rain this weekend
how cold does it get in winter here
should I bring an umbrella today
what is the temperature outside right now
when does the snow usually start
how humid is it in summer
what causes thunderstorms
how do I bake sourdough bread at home
what can I cook with chicken and rice
how long should I boil an egg
what is a good vegetarian dinner recipe
how do I make pancakes without milk
what temperature should I roast vegetables at
how do you sharpen a kitchen knife
can I freeze cooked pasta
what wine goes well with salmon
how much salt goes into pizza dough
best way to store fresh herbs
how do I cook the perfect steak
what spices go in a curry
how do I make cold brew coffee
is olive oil good for frying
how do I book a cheap flight to Spain
what documents do I need to travel abroad
do I need a visa to visit Japan
what is the best time of year to visit Italy
how early should I get to the airport
can I take a laptop in my carry-on bag
how do I get from the airport to the city centre
what are the top sights in Paris
is travel insurance worth buying
how do I rent a car in another country
which hotel area is safest in a big city
how do trains work across Europe
what should I pack for a beach holiday
who won the football match last night
when does the next world cup start
how many players are on a basketball team
what are the rules of tennis scoring
how do I train for my first marathon
what is offside in soccer
who holds the record for the most olympic medals
how long is a cricket test match
how do I improve my golf swing
what time does the game start tonight
which team won the championship this year
how do I start running as a beginner
where can I buy cheap running shoes
is this jacket on sale
how do I return an item I bought online
what is the store's refund policy
when does the black friday sale begin
can I get free shipping on my order
how do I track my package
which phone has the best battery life
is it cheaper to buy groceries online
what size shoe should I order
how do I cancel my subscription
do you accept credit cards
how do I fix a null pointer exception in java
what is the difference between a list and a tuple in python
how do I reverse a string in javascript
why does my code throw a syntax error
how do I install packages with pip
what is a git merge conflict and how do I resolve it
how do I center a div in css
what does a compiler do
how do I connect to a database with sql
what is recursion in programming
how do I write a unit test
which programming language should I learn first
how do I speed up a slow website
what is an api
how do I deploy a web app
what are the symptoms of the flu
how much water should I drink every day
how many hours of sleep do adults need
what is a healthy resting heart rate
how do I lower my blood pressure
is coffee bad for you
what helps with a headache
how do I lose weight safely
what are good exercises for back pain
how often should I see a dentist
is it safe to take ibuprofen with food
what vitamins should I take
how do I stop snoring
what causes high cholesterol
how long does a cold last
how should I save for retirement
what is a good credit score
how do I open a bank account
what is the interest rate on a savings account
should I pay off debt or save first
how do stocks and bonds differ
what is compound interest
how do I file my taxes
how much should I spend on rent
what is inflation
how do I make a monthly budget
is gold a good investment
how do mortgages work
what is a mutual fund
how do I buy shares in a company
do dogs see in color
how long do cats live
what do hamsters eat
why do birds migrate south
how big do elephants get
are snakes dangerous to humans
how do bees make honey
how fast can a cheetah run
what is the largest animal in the ocean
how do I train my puppy to sit
why does my cat scratch the furniture
how often should I walk my dog
do horses sleep standing up
what animals live in the desert
who was the first president of the united states
when did world war two end
what caused the fall of the roman empire
who built the pyramids
when did humans land on the moon
who painted the mona lisa
what year did the berlin wall fall
who invented the telephone
what is the capital of australia
how many countries are there in the world
what is the longest river in the world
how tall is mount everest
which language has the most speakers
what is the population of china
how do I get rid of weeds in my garden
when should I plant tomatoes
how often should I water houseplants
how do I fix a leaking tap
how do I paint a room
what is the best way to clean an oven
how do I unclog a drain
how do I get a stain out of a shirt
how do I change a flat tire
how often should I change my car's oil
why is my car making a clicking noise
how do I jump start a car battery
what is a good gift for my mother's birthday
how do I plan a wedding on a budget
what are fun things to do with kids this weekend
how do I write a good cover letter
how do I ask my boss for a raise
what should I wear to a job interview
how do I learn a new language quickly
what are good books to read this summer
what movies are playing near me
who sings that song on the radio
how do I learn to play the guitar
what is the plot of the latest superhero movie
when is the next season of my favourite show coming out
how many calories are in a banana
how do I reset my wifi router
why is my phone battery draining so fast
how do I take a screenshot on my laptop
how do I back up my photos
what is the best free email service
how do I make my password more secure
what time is it in tokyo
how many days until christmas
convert 10 miles to kilometres
what is 15 percent of 80
how do you spell necessary
what does the word ephemeral mean
tell me a joke
how do I meditate
what is the meaning of life
how do I make friends in a new city
how do I stop procrastinating
why is the sky blue
how far away is the moon
what is a black hole
how do vaccines work
what is the speed of light
why do we have leap years
how do airplanes stay in the air
what is the boiling point of water
how do magnets work
""".splitlines()
    if line.strip()
)

# Shorter words are not looked up in other inflections ("sing" / "sings", "led" / "lead" stay apart,
# except through the irregular verbs).
INFLECTION_MIN_LENGTH = 4

# A general-purpose English stop list, minus words that carry meaning in a question ("no", "not").
_STOP_LIST = """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing don down during each few for from further get
    got had has have having he her here hers herself him himself his how i if in into is it its itself
    just let me might more most must my myself of off on once only or other our ours ourselves out over
    own please same shall she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up us very was we were what when where which while
    who whom whose why will with would you your yours yourself yourselves s t ll re ve d m
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_LIST.split())

# Conversational filler and meta words: how people wrap a question ("my board keeps asking me ... what
# does the article say about ..."), not what it is about. They never count toward the unknown share
# (unknown ones sank the confidence of long, chatty questions: shipped pack, conversational questions
# answered 13/26 -> 16/26); known ones stay evidence for both layers, because in other packs they carry
# the intent (CLINC's "repeat", "greeting", "thank_you": dropping them cost 1.2 points of top-1).
_FILLER_LIST = """
    article author text piece post blog report say said says tell telling told explain explained
    describe summarise summarize sum mention mentioned mentioning wonder wondering wondered curious
    question ask asked asking know knowing think thinking thought understand want wanted wants need
    needed needs like really actually exactly basically bit little lot quite maybe perhaps thanks
    thank hey hi hello okay ok sure kind sort thing something anything stuff way whether worry
    worried keep keeping kept look looking point someone anyone somebody anybody board team boss
    manager colleague coworker org department lately recently currently right now today anyway
    even still already again yes go goes going gone went get getting make making let lets one two
    bunch couple sense mean means idea help heard hear read reading saw see seen seeing recommend
    recommended recommendation suggest suggested suggestion advice advise important frequently often
    roughly soon else completely im ive id youre isnt dont doesnt didnt cant wont whats
"""
FILLER_WORDS: frozenset[str] = frozenset(_FILLER_LIST.split())
_NOT_CONTENT: frozenset[str] = STOP_WORDS | FILLER_WORDS

# A long question is also scored sentence by sentence, each record keeping its best score: the
# question is usually one sentence and the rest is context ("Our investors keep comparing us to Meta.
# Where is Meta taking its AI efforts?"). Shipped pack: top-1 95.4% -> 96.6%, answerable 93.7% ->
# 95.4% at 25/3 (unknown penalty 1); splitting at commas too did no better.
_SENTENCES = re.compile(r"[.!?;]+(?:\s+|$)")

# ---------------------------------------------------------------------------------------------------
# Normalisation

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=\w)s'(?!\w)")
# Contractions are split into their words ("I'm" -> "i m", "isn't" -> "is not"), so they fall into the
# stop list instead of becoming unknown words like "im" or "isnt".
_IRREGULAR_NEGATIONS = re.compile(r"\b(?:(ca)n|(wo)n|(sha)n)'t\b")
_NEGATION = re.compile(r"(?<=\w)n't\b")
_CONTRACTION = re.compile(r"(?<=\w)'(m|re|ve|ll|d)\b")
_SEPARATORS = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
# In lowercased ASCII, every character but a letter, a digit or a newline separates words.
_ASCII_SEPARATORS = {code: " " for code in range(128) if not chr(code).isalnum() and chr(code) != "\n"}


@functools.lru_cache(maxsize=1 << 16)  # a pack's build normalises the same few thousand words over and over
def _stem(word: str) -> str:
    """Fold plurals and possessive-like endings ("metas" -> "meta"); light, so meaning is kept."""
    if len(word) <= 3 or not word.isalpha() or word in _NOT_CONTENT:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _inflections(word: str) -> list[str]:
    """Other forms of a (plural-folded) word, for a query word the pack does not know as it is:
    "leave" -> "leaving", "left", "leaved", ...; "cutting" -> "cut"; "invested" -> "invest"."""
    bases = [word]
    if word.endswith("ing") and len(word) > 5:
        bases += [word[:-3], word[:-3] + "e"]
    elif word.endswith("ed") and len(word) > 4:
        bases += [word[:-2], word[:-1]]
    if len(bases) > 1 and len(bases[1]) > 2 and bases[1][-1] == bases[1][-2]:
        bases.append(bases[1][:-1])  # "cutting" -> "cutt" -> "cut"
    if word in _IRREGULAR_VERBS:
        bases.append(_IRREGULAR_VERBS[word])
    forms: list[str] = []
    for base in bases:
        stem = base[:-1] if base.endswith("e") else base
        forms += [base, stem + "ing", base + base[-1] + "ing", stem + "ed"]
        forms += _PAST_FORMS.get(base, [])
    return [form for form in dict.fromkeys(forms) if form != word]


def _expand_negation(found: re.Match[str]) -> str:
    """ "can't" -> "can not", "won't" -> "will not", "shan't" -> "shall not"."""
    stem = found.group(1) or found.group(2) or found.group(3)
    return {"ca": "can", "wo": "will", "sha": "shall"}[stem] + " not"


def _words(text: str) -> list[str]:
    """Every word of `text`, normalised and stemmed, stop words kept (the learned layer uses them)."""
    if text.isascii() and "'" not in text and "`" not in text:
        # Fast path (most phrasings of a large pack): NFKC and casefold are `lower` here, and every
        # substitution below needs an apostrophe.
        # Only a word ending in "s" can change in `_stem`.
        return [_stem(word) if word[-1] == "s" else word for word in _WORD.findall(text.lower())]
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    folded = _IRREGULAR_NEGATIONS.sub(_expand_negation, folded)
    folded = _CONTRACTION.sub(r" \1", _NEGATION.sub(" not", folded))
    folded = _POSSESSIVE.sub("", folded).replace("'", "")
    return [_stem(word) for word in _SEPARATORS.split(folded) if word]


def normalize(text: str) -> list[str]:
    """The content words the matcher sees: NFKC, casefolded, no punctuation, no stop words, stemmed."""
    return [word for word in _words(text) if word not in STOP_WORDS]


def similarity(a: str, b: str) -> float:
    """How alike two phrasings are (0-100) after normalisation, for near-duplicate checks."""
    from rapidfuzz import fuzz  # imported on use: ~15 ms that most `ask` runs never need

    return float(fuzz.token_sort_ratio(" ".join(normalize(a)), " ".join(normalize(b))))


# ---------------------------------------------------------------------------------------------------
# Typo correction


def _max_edits(length: int) -> int:
    """Edits allowed for a word of this length: 0 below TYPO_MIN_LENGTH, 2 from TYPO_TWO_EDITS_LENGTH."""
    if length < TYPO_MIN_LENGTH:
        return 0
    return 2 if length >= TYPO_TWO_EDITS_LENGTH else 1


def _edit_distance(length: int) -> Any:
    """The distance for a word of this length: short words may only gain or lose a letter (Indel)."""
    from rapidfuzz.distance import OSA, Indel

    return OSA.distance if length >= TYPO_SUBSTITUTION_LENGTH else Indel.distance


class _Speller:
    """Maps an unknown query word to the closest pack word within a length-dependent edit budget.

    `frequency` tells a pack word's document frequency (None for a word the pack does not know);
    `bucket(length)` lists the pack's words of one length, most frequent first, then alphabetical.
    Both are only asked on demand, so a large pack's vocabulary is never loaded as a whole.
    """

    def __init__(self, frequency: Callable[[str], int | None], bucket: Callable[[int], list[str]]) -> None:
        self._frequency = frequency
        self._bucket = bucket
        self._buckets: dict[int, list[str]] = {}  # read on the first unknown word of a length only
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The word itself when known, its correction, or None when nothing is close enough."""
        if self._frequency(word) is not None:
            return word
        if word in self._cache:
            return self._cache[word]
        fixed = self._inflected(word) or self._closest(word)
        if len(self._cache) < 10_000:  # bounded: a long-running process must not grow without limit
            self._cache[word] = fixed
        return fixed

    def _inflected(self, word: str) -> str | None:
        """The most frequent other inflection of the word that the pack knows, if any."""
        if (len(word) < INFLECTION_MIN_LENGTH and word not in _IRREGULAR_VERBS) or not word.isalpha():
            return None
        known = [(-(self._frequency(form) or 0), form) for form in _inflections(word)]
        known = [item for item in known if item[0]]
        return min(known)[1] if known else None

    def _closest(self, word: str) -> str | None:
        edits = _max_edits(len(word))
        if edits == 0 or not word.isalpha():
            return None
        from rapidfuzz import process  # imported on use: only a word that needs correcting pays for it

        best: tuple[int, int, str] | None = None
        scorer = _edit_distance(len(word))
        for length in range(len(word) - edits, len(word) + edits + 1):
            choices = self._buckets.get(length)
            if choices is None:
                choices = self._buckets[length] = self._bucket(length)
            if not choices:
                continue
            found = process.extractOne(word, choices, scorer=scorer, score_cutoff=edits)
            if found is None:
                continue
            candidate = (int(found[1]), -(self._frequency(found[0]) or 0), found[0])
            if best is None or candidate < best:
                best = candidate
        return None if best is None else best[2]


def _length_buckets(frequency: Mapping[str, int]) -> dict[int, list[str]]:
    """Words by length, most frequent first, then alphabetical (rapidfuzz keeps the first of ties)."""
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(frequency, key=lambda w: (-frequency[w], w)):
        by_length[len(word)].append(word)
    return dict(by_length)


# ---------------------------------------------------------------------------------------------------
# Feature extraction for the learned layer


def _features(words: Sequence[str]) -> Counter[str]:
    """Sparse features of one phrasing: content words, stop words, word pairs, character 4-grams.

    Stop words and pairs over all words matter for intent ("who are you" vs "what are you"): on
    CLINC val they lift top-1 from 85.2% to 91.5%.
    """
    found: Counter[str] = Counter()
    for word in words:
        if word in STOP_WORDS:
            found["s " + word] += 1
        else:
            found["w " + word] += 1
            padded = f"<{word}>"
            for start in range(len(padded) - CHAR_NGRAM + 1):
                found["c " + padded[start : start + CHAR_NGRAM]] += 1
    for first, second in itertools.pairwise(words):
        found[f"b {first} {second}"] += 1
    return found


def _weigh(counts: Counter[str], idf: dict[str, float]) -> list[tuple[str, float]]:
    """Sublinear TF x IDF, L2-normalised, over the features the model knows."""
    weighted = [(name, (1.0 + math.log(count)) * idf[name]) for name, count in counts.items() if name in idf]
    norm = math.sqrt(sum(value * value for _, value in weighted)) or 1.0
    return [(name, value / norm) for name, value in weighted]


# ---------------------------------------------------------------------------------------------------
# Training (build time only)


def _train(
    samples: list[list[tuple[int, float]]], labels: list[int], classes: int, features: int
) -> list[dict[int, float]]:
    """Averaged multiclass passive-aggressive training; returns one {class: weight} row per feature.

    Feature-major rows keep scoring sparse: a sample only visits the classes its features touch.
    """
    weights: list[dict[int, float]] = [{} for _ in range(features)]
    totals: list[dict[int, float]] = [{} for _ in range(features)]  # sum of step * update, for averaging
    rivals: list[list[int]] = [[] for _ in samples]
    order = list(range(len(samples)))
    rng = random.Random(TRAINING_SEED)
    step = 1
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        full = epoch in FULL_PASS_EPOCHS
        for index in order:
            sample, label = samples[index], labels[index]
            if full:
                rival, loss = _full_pass(
                    weights, sample=sample, label=label, classes=classes, rivals=rivals, index=index
                )
            else:
                rival, loss = _restricted_pass(weights, sample, label, rivals[index])
            if loss > 0.0:
                tau = min(PA_AGGRESSIVENESS, loss / 2.0)  # |x| = 1 and two rows move: ||delta||^2 = 2
                _update(weights, totals=totals, sample=sample, label=label, rival=rival, tau=tau, step=step)
            step += 1
    averaged = [{c: w - totals[f][c] / step for c, w in row.items()} for f, row in enumerate(weights)]
    return [{c: w for c, w in row.items() if abs(w) >= WEIGHT_EPSILON} for row in averaged]


def _full_pass(
    weights: list[dict[int, float]],
    *,
    sample: list[tuple[int, float]],
    label: int,
    classes: int,
    rivals: list[list[int]],
    index: int,
) -> tuple[int, float]:
    """Score every class; remember the hardest rivals for the cheaper restricted passes."""
    scores = [0.0] * classes
    for feature, value in sample:
        for cls, weight in weights[feature].items():
            scores[cls] += weight * value
    own = scores[label]
    scores[label] = -math.inf
    ranked = sorted(range(classes), key=scores.__getitem__, reverse=True)[:HARD_NEGATIVES]
    rivals[index] = ranked
    rival = ranked[0]
    return rival, PA_MARGIN - (own - scores[rival])


def _restricted_pass(
    weights: list[dict[int, float]], sample: list[tuple[int, float]], label: int, rivals: list[int]
) -> tuple[int, float]:
    """Score the label and its remembered rivals only."""
    own = sum(value * weights[feature].get(label, 0.0) for feature, value in sample)
    best, best_score = -1, -math.inf
    for cls in rivals:
        score = sum(value * weights[feature].get(cls, 0.0) for feature, value in sample)
        if score > best_score:
            best, best_score = cls, score
    return best, PA_MARGIN - (own - best_score)


def _update(
    weights: list[dict[int, float]],
    *,
    totals: list[dict[int, float]],
    sample: list[tuple[int, float]],
    label: int,
    rival: int,
    tau: float,
    step: int,
) -> None:
    """Move the label's row toward the sample and the rival's away (plus the averaging bookkeeping)."""
    for feature, value in sample:
        delta = tau * value
        row, total = weights[feature], totals[feature]
        row[label] = row.get(label, 0.0) + delta
        row[rival] = row.get(rival, 0.0) - delta
        total[label] = total.get(label, 0.0) + step * delta
        total[rival] = total.get(rival, 0.0) - step * delta


# ---------------------------------------------------------------------------------------------------
# The matcher


class _Query(NamedTuple):
    """A query after normalisation and typo correction, with what the scorers need from it."""

    words: list[str]  # every word, typo-corrected where possible (the learned layer's input)
    content: list[str]  # known content words, deduplicated, in order (the retrieval layer's input)
    unknown_share: float  # share of content words the pack has never seen, even after correction


class Matcher:
    """Ranks a pack's records for a question; see the module docstring for how."""

    def __init__(self, state: dict[str, Any]) -> None:
        """Use `build` or `from_state`; the state is the compact, JSON-native snapshot both go through.

        Only what is cheap to derive is derived here (IDF, bag norms, name -> index maps), so loading a
        cached matcher costs a few milliseconds (docs/accuracy.md). A lean (large-pack) state derives
        nothing: its LAZY_KEYS maps are only read token by token while answering.
        """
        self._state = state
        self._lean: bool = bool(state.get("lean"))
        self._bag_cache: dict[int, tuple[dict[str, float], dict[str, float]]] = {}
        self._rows: dict[int, tuple[list[int], list[float]]] = {}  # decoded on first use
        self._scale = 10.0**-STATE_DIGITS
        if self._lean:
            self._init_lean(state)
            return
        self._ids: list[str] = state["ids"]
        words: list[str] = state["words"].split(" ") if state["words"] else []
        count = len(self._ids)
        idf_list = [math.log(1.0 + count / df) for df in state["df"]]
        self._idf: dict[str, float] = dict(zip(words, idf_list, strict=True))
        self._postings: dict[str, list[int]] = {
            word: found for word, found in zip(words, state["postings"], strict=True) if found
        }
        self._phrasing_doc: list[int] = state["phrasing_doc"]
        self._phrasing_norm: list[float] = state["phrasing_norm"]
        self._words = words
        self._bag_words: list[list[int]] = state["bag_texts"]
        self._tag_words: list[list[int]] = state["bag_tags"]
        self._answer_words: list[list[int]] = state["answers"]
        self._bag_norm: list[float] = state["bag_norm"]
        self._answer_norm: list[float] = state["answer_norm"]
        exact = state["exact"].split("\n") if state["exact"] else []
        self._exact: Mapping[str, list[int]] = dict(zip(exact, state["exact_doc"], strict=True))
        # Sorted feature names, searched by bisection: cheaper to load than a dict of thousands of keys.
        self._features: list[str] = state["features"].split("\n") if state["features"] else []
        self._feature_df: list[int] = state["feature_df"]
        self._samples: int = state["samples"]
        self._background: int = state["background"]  # 1: the learned layer has a background class
        self._offsets = [0, *itertools.accumulate(state["counts"])]
        self._classes: str = state["classes"]
        self._weights: str = state["weights"]
        frequency = dict(zip(words, state["df"], strict=True))
        buckets: list[dict[int, list[str]]] = []

        def bucket(length: int) -> list[str]:
            if not buckets:
                buckets.append(_length_buckets(frequency))
            return buckets[0].get(length, [])

        self._speller = _Speller(frequency.get, bucket)
        self._rarest = math.log(1.0 + count)  # the IDF of a word seen in a single record

    def _init_lean(self, state: dict[str, Any]) -> None:
        """A large pack: everything keyed by token stays in the (possibly lazy) LAZY_KEYS maps."""
        self._count: int = state["count"]
        self._shift: int = state["shift"]
        self._terms: Mapping[str, list[int]] = state["terms"]
        self._exact = state["exact_map"]
        self._lean_ids: Mapping[str, str] = state["id_map"]
        self._spell: Mapping[str, str] = state["spell"]
        self._term_memo: dict[str, list[int] | None] = {}
        self._idf = {}
        self._features = []
        self._background = 0
        self._rarest = math.log(1.0 + self._count)

        def bucket(length: int) -> list[str]:
            joined = self._spell.get(str(length))
            return joined.split("\n") if joined else []

        self._speller = _Speller(self._document_frequency, bucket)

    def _term(self, word: str) -> list[int] | None:
        """A lean pack's postings of one word, read once per process."""
        if word in self._term_memo:
            return self._term_memo[word]
        found = self._terms.get(word)
        if len(self._term_memo) >= 4096:  # bounded: a long-running process must not grow without limit
            self._term_memo.clear()
        self._term_memo[word] = found
        return found

    def _document_frequency(self, word: str) -> int | None:
        term = self._term(word)
        return len(term) if term else None

    def _idf_of(self, word: str) -> float | None:
        """The IDF of a pack word, None for a word the pack has never seen."""
        if not self._lean:
            return self._idf.get(word)
        df = self._document_frequency(word)
        return None if df is None else math.log(1.0 + self._count / df)

    def _id_of(self, doc: int) -> str:
        if not self._lean:
            return self._ids[doc]
        found = self._lean_ids.get(str(doc))
        if found is None:
            raise ValueError(f"damaged matcher state: no id for record {doc}")
        return found

    # -- construction --------------------------------------------------------------------------------

    @classmethod
    def build(cls, documents: Sequence[Document]) -> Matcher:
        """Normalise every phrasing once and build the index (and the learned layer when affordable).

        Packs of more than LEAN_MIN_DOCUMENTS records or LEAN_MIN_PHRASINGS phrasings get the lean
        layout (`_lean_state`): one pass over the phrasings, no learned layer, no answer text.
        """
        docs = sorted(documents, key=lambda doc: doc.id)  # file order must never matter
        ids = [doc.id for doc in docs]
        if len(set(ids)) != len(ids):
            raise ValueError("document ids must be unique")
        if len(docs) > LEAN_MIN_DOCUMENTS or sum(len(doc.texts) for doc in docs) > LEAN_MIN_PHRASINGS:
            # Millions of small containers and none of them cyclic: the cyclic collector would rescan
            # the growing heap again and again (100,000 entries: 7.1 s -> 4.5 s without it).
            paused = gc.isenabled()
            gc.disable()
            try:
                return cls(_lean_state(docs))
            finally:
                if paused:
                    gc.enable()
        phrasings = [(index, _words(text)) for index, doc in enumerate(docs) for text in doc.texts]
        state: dict[str, Any] = {"version": STATE_VERSION, "lean": False, "ids": ids}
        state |= _retrieval_state(docs, phrasings)
        training = phrasings + _extra_phrasings(docs)
        background = len(BACKGROUND_QUESTIONS) <= len(training) <= BACKGROUND_MAX_PHRASINGS
        if background:
            training += [(len(docs), _words(text)) for text in BACKGROUND_QUESTIONS]
        state |= _learned_state(training, len(docs) + background)
        state["background"] = int(background and bool(state["features"]))
        state |= {key: {} for key in LAZY_KEYS}
        return cls(state)

    def to_state(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot; `from_state` turns it back into an identical matcher.

        The values under LAZY_KEYS are `dict[str, plain value]` that the matcher only ever reads with
        `.get(key)` and `in` (never iterated, never `len`), so a cache may store each key's value on its
        own and hand `from_state` any Mapping that reads them on demand.
        """
        return self._state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Matcher:
        """Rebuild from `to_state` without re-training; a stale or damaged state raises ValueError.

        The LAZY_KEYS values may be any Mapping (a lazy one included); they are not read here.
        """
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            found = state.get("version") if isinstance(state, dict) else type(state).__name__
            raise ValueError(f"matcher state version {found!r}, expected {STATE_VERSION}")
        fields = _LEAN_STATE_FIELDS if state.get("lean") else _STATE_FIELDS
        for key, kind in fields.items():
            if not isinstance(state.get(key), kind):
                raise ValueError(f"damaged matcher state: {key!r} is not a {kind.__name__}")
        for key in LAZY_KEYS:
            if not isinstance(state.get(key), Mapping):
                raise ValueError(f"damaged matcher state: {key!r} is not a mapping")
        try:
            return cls(state)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"damaged matcher state: {error}") from error

    # -- questions -----------------------------------------------------------------------------------

    def rank(self, query: str, limit: int = 5) -> list[Match]:
        """The `limit` best records, best first; ties broken by id, never by file order."""
        if limit <= 0:
            return []
        scored = self._score_sentences(query[:MAX_QUERY_CHARS])
        # Records are numbered in id order (`build` sorts them), so the number breaks ties by id.
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        return [Match(self._id_of(doc), round(score, 4)) for doc, score in ranked[:limit]]

    def decide(
        self,
        query: str,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        margin: float = DEFAULT_MARGIN,
        alternatives: int = 3,
    ) -> Decision:
        """Answer when the best clears `threshold` and leads the runner-up by `margin`; else suggest."""
        truncated = len(query) > MAX_QUERY_CHARS
        wanted = max(0, alternatives)
        ranked = self.rank(query, limit=max(1, wanted) + 1)  # the runner-up is needed for the margin
        if not ranked:
            return Decision(query, False, None, (), truncated)
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if best.score >= threshold and best.score - runner_up >= margin:
            return Decision(query, True, best, tuple(ranked[1 : 1 + wanted]), truncated)
        suggestions = tuple(match for match in ranked[:wanted] if match.score >= SUGGESTION_FLOOR)
        return Decision(query, False, None, suggestions, truncated)

    # -- scoring -------------------------------------------------------------------------------------

    def _score_sentences(self, text: str) -> dict[int, float]:
        """Score the whole question and, when it has several sentences, each one; best per record."""
        scores = self._score(text)
        sentences = [sentence for sentence in _SENTENCES.split(text) if sentence.strip()]
        if len(sentences) > 1:
            for sentence in sentences:
                for doc, score in self._score(sentence).items():
                    if score > scores.get(doc, 0.0):
                        scores[doc] = score
        return scores

    def _score(self, text: str) -> dict[int, float]:
        """Confidence (0-100) for every record that shares any evidence with the query."""
        query = self._parse(text)
        if not query.content and query.unknown_share == 0.0:
            return {}
        exact = self._exact.get(" ".join(query.words))
        retrieval = self._retrieve(query.content)
        learned = self._learned(query.words)
        keep = (1.0 - query.unknown_share) ** UNKNOWN_WORD_PENALTY
        if self._background:
            keep *= max(0.0, 1.0 - BACKGROUND_PENALTY * learned.pop(len(self._ids), 0.0))
        scores: dict[int, float] = {}
        for doc in retrieval.keys() | learned.keys():
            blended = LEARNED_WEIGHT * learned.get(doc, 0.0) + RETRIEVAL_WEIGHT * retrieval.get(doc, 0.0)
            if not learned and not self._features:
                blended = retrieval.get(doc, 0.0)
            scores[doc] = 100.0 * min(1.0, max(0.0, blended)) * keep
        for doc in exact or ():  # a phrasing of several records: all of them, and the margin declines
            scores[doc] = EXACT_MATCH_CONFIDENCE
        return {doc: score for doc, score in scores.items() if score > 0.0}

    def _parse(self, text: str, filler_is_content: bool = False) -> _Query:
        """Normalise, correct typos word by word, and measure how much of the query is unknown.

        The unknown share is IDF-weighted: an unseen word counts as much as the rarest pack word, so a
        question whose one specific word is foreign ("Apple's AI strategy") loses most of its confidence.
        Filler words are left out of the share (known ones still count as retrieval evidence); a
        question made of nothing but filler ("hello", "thank you") is parsed again with it as content.
        """
        words: list[str] = []
        content: list[str] = []
        known_weight = unknown_weight = 0.0
        saw_filler = False
        for word in _words(text):
            if word in STOP_WORDS:
                words.append(word)
                continue
            filler = word in FILLER_WORDS and not filler_is_content
            saw_filler = saw_filler or filler
            if filler:
                fixed = word if self._idf_of(word) is not None else None
            else:
                fixed = self._speller.correct(word)
            idf = None if fixed is None else self._idf_of(fixed)
            if fixed is None or idf is None:
                unknown_weight += 0.0 if filler else self._rarest
                words.append(word)
                continue
            known_weight += 0.0 if filler else idf
            words.append(fixed)
            if fixed not in content:
                content.append(fixed)
        total = known_weight + unknown_weight
        if not total and saw_filler:
            return self._parse(text, filler_is_content=True)
        return _Query(words, content, unknown_weight / total if total else 0.0)

    def _retrieve(self, content: list[str]) -> dict[int, float]:
        """IDF-weighted cosine against each phrasing (best one), the record's vocabulary and answer."""
        if not content:
            return {}
        if self._lean:
            return self._retrieve_lean(content)
        idf = self._idf
        query_norm = math.sqrt(sum(idf.get(word, 0.0) ** 2 for word in content)) or 1.0
        overlap: dict[int, float] = defaultdict(float)
        for word in content:
            weight = idf.get(word, 0.0) ** 2
            for phrasing in self._postings.get(word, ()):
                overlap[phrasing] += weight
        best: dict[int, float] = defaultdict(float)
        for phrasing, shared in overlap.items():
            doc = self._phrasing_doc[phrasing]
            best[doc] = max(best[doc], shared / (query_norm * self._phrasing_norm[phrasing]))
        result: dict[int, float] = {}
        for doc, phrase_score in best.items():
            bag_words, answer_words = self._bags_of(doc)
            bag = _cosine(content, idf, bag_words, query_norm, self._bag_norm[doc])
            answer = _cosine(content, idf, answer_words, query_norm, self._answer_norm[doc])
            result[doc] = PHRASE_SHARE * phrase_score + BAG_SHARE * bag + ANSWER_TEXT_WEIGHT * answer
        return result

    def _retrieve_lean(self, content: list[str]) -> dict[int, float]:
        """IDF-weighted cosine with each record's best phrasing, from postings that carry the norms.

        Words are visited rarest first. A common word (more than LEAN_COMMON_POSTINGS postings) brings
        no new candidates once a rarer word has found some: it is only looked up, by bisection, in the
        phrasings already found, so a question costs milliseconds at any pack size (only phrasings that
        share nothing but common words with the question are left out).
        """
        weighted: list[tuple[float, list[int]]] = []
        for word in content:
            term = self._term(word)
            if term:
                weighted.append((math.log(1.0 + self._count / len(term)) ** 2, term))
        query_norm = math.sqrt(sum(weight for weight, _ in weighted)) or 1.0
        weighted.sort(key=lambda item: (-item[0], len(item[1])))
        overlap: dict[int, float] = {}
        for weight, postings in weighted:
            if len(postings) > LEAN_COMMON_POSTINGS and overlap:
                for posting in list(overlap):
                    position = bisect.bisect_left(postings, posting)
                    if position < len(postings) and postings[position] == posting:
                        overlap[posting] += weight
                continue
            for posting in postings:
                overlap[posting] = overlap.get(posting, 0.0) + weight
        shift, tags = self._shift + _NORM_BITS, (1 << self._shift) - 1
        share = (PHRASE_SHARE + BAG_SHARE) / (query_norm * self._scale)
        best: dict[int, float] = {}
        for posting, shared in overlap.items():
            score = share * shared / (posting & _NORM_MASK)
            if (posting >> _NORM_BITS) & tags == tags:
                score *= TAG_WEIGHT
            doc = posting >> shift
            if score > best.get(doc, 0.0):
                best[doc] = score
        return best

    def _feature(self, name: str) -> int:
        """The position of a learned feature, or -1 when the model does not know it."""
        position = bisect.bisect_left(self._features, name)
        return position if position < len(self._features) and self._features[position] == name else -1

    def _bags_of(self, doc: int) -> tuple[dict[str, float], dict[str, float]]:
        """A record's weighted vocabulary and answer words, built on first use (most are never asked)."""
        found = self._bag_cache.get(doc)
        if found is None:
            words = self._words
            bag = dict.fromkeys((words[w] for w in self._tag_words[doc]), TAG_WEIGHT)
            bag |= dict.fromkeys((words[w] for w in self._bag_words[doc]), 1.0)
            found = bag, dict.fromkeys((words[w] for w in self._answer_words[doc]), 1.0)
            self._bag_cache[doc] = found
        return found

    def _row(self, feature: int) -> tuple[list[int], list[float]]:
        """A feature's classes and weights, decoded from the state's strings on first use."""
        row = self._rows.get(feature)
        if row is None:
            start, end = self._offsets[feature], self._offsets[feature + 1]
            scale = self._scale
            row = (
                [ord(cls) for cls in self._classes[start:end]],
                [(ord(weight) - _WEIGHT_ZERO) * scale for weight in self._weights[start:end]],
            )
            self._rows[feature] = row
        return row

    def _learned(self, words: list[str]) -> dict[int, float]:
        """The linear model's score per class (roughly 0 for a stranger, 1 for a training phrasing)."""
        if not self._features:
            return {}
        counts = _features(words)
        total = 1.0 + self._samples
        weighted = [
            (feature, (1.0 + math.log(count)) * (math.log(total / (1.0 + self._feature_df[feature])) + 1.0))
            for name, count in counts.items()
            if (feature := self._feature(name)) >= 0
        ]
        norm = math.sqrt(sum(value * value for _, value in weighted)) or 1.0
        scores = [0.0] * (len(self._ids) + self._background)
        for feature, value in weighted:
            scale = value / norm
            classes, weights = self._row(feature)
            for cls, weight in zip(classes, weights, strict=True):
                scores[cls] += weight * scale
        return {cls: score for cls, score in enumerate(scores) if score > 0.0}


# Weights are stored as code points around this zero; the range stays below the UTF-16 surrogates
# (U+D800), so the strings encode to UTF-8 and JSON as they are. Classes are at most
# LEARNED_MAX_DOCUMENTS (2,000), far below them too.
_WEIGHT_ZERO = 0x6000
_WEIGHT_LIMIT = 0x6000 - 1  # units of 10**-STATE_DIGITS: +-24.575 at 3 digits; real weights stay < 5


def _clamp_units(units: int) -> int:
    return max(-_WEIGHT_LIMIT, min(_WEIGHT_LIMIT, units))


# The top-level fields of a state and their types: `from_state` checks them before trusting a cache.
_STATE_FIELDS: dict[str, type] = {
    "ids": list,
    "words": str,
    "df": list,
    "postings": list,
    "phrasing_doc": list,
    "phrasing_norm": list,
    "bag_norm": list,
    "answer_norm": list,
    "bag_texts": list,
    "bag_tags": list,
    "answers": list,
    "exact": str,
    "exact_doc": list,
    "features": str,
    "feature_df": list,
    "samples": int,
    "background": int,
    "counts": list,
    "classes": str,
    "weights": str,
}

_LEAN_STATE_FIELDS: dict[str, type] = {"count": int, "shift": int}

# Shares of the retrieval score: best phrasing, whole-record vocabulary (answer text is separate above).
PHRASE_SHARE = 0.55
BAG_SHARE = 0.30


def _cosine(
    content: list[str], idf: dict[str, float], bag: dict[str, float], query_norm: float, norm: float
) -> float:
    """IDF-weighted cosine between the query's words and a weighted bag of words."""
    if not bag or not norm:
        return 0.0
    shared = sum(idf.get(word, 0.0) ** 2 * bag[word] for word in content if word in bag)
    return shared / (query_norm * norm)


def _retrieval_state(docs: Sequence[Document], phrasings: list[tuple[int, list[str]]]) -> dict[str, Any]:
    """Vocabulary, document frequencies, postings and per-record word lists, as flat int lists."""
    fields: list[tuple[set[str], set[str], set[str]]] = []
    for doc in docs:
        texts = {word for text in doc.texts for word in normalize(text)}
        tags = {word for tag in doc.tags for word in normalize(tag)} - texts
        fields.append((texts, tags, set(normalize(doc.answer))))
    frequency: Counter[str] = Counter()
    for texts, tags, answer in fields:
        frequency.update(texts | tags | answer)
    words = sorted(frequency)
    index = {word: position for position, word in enumerate(words)}
    postings: list[list[int]] = [[] for _ in words]
    exact: dict[str, set[int]] = defaultdict(set)  # a phrasing shared by records maps to all of them
    for number, (owner, phrasing) in enumerate(phrasings):
        for word in sorted({word for word in phrasing if word not in STOP_WORDS}):
            postings[index[word]].append(number)
        if key := " ".join(phrasing):
            exact[key].add(owner)
    kept = sorted(exact)
    idf = {word: math.log(1.0 + len(docs) / df) for word, df in frequency.items()}
    phrasing_norm = [0.0] * len(phrasings)
    for word, found in zip(words, postings, strict=True):
        for number in found:
            phrasing_norm[number] += idf[word] ** 2
    bags = [dict.fromkeys(tags, TAG_WEIGHT) | dict.fromkeys(texts, 1.0) for texts, tags, _ in fields]
    return {
        "words": " ".join(words),
        "df": [frequency[word] for word in words],
        "postings": postings,
        "phrasing_doc": [owner for owner, _ in phrasings],
        "phrasing_norm": [round(math.sqrt(norm), 6) or 1.0 for norm in phrasing_norm],
        "bag_norm": [round(_bag_norm(bag, idf), 6) for bag in bags],
        "answer_norm": [round(_bag_norm(dict.fromkeys(answer, 1.0), idf), 6) for _, _, answer in fields],
        "bag_texts": [sorted(index[word] for word in texts) for texts, _, _ in fields],
        "bag_tags": [sorted(index[word] for word in tags) for _, tags, _ in fields],
        "answers": [sorted(index[word] for word in answer) for _, _, answer in fields],
        "exact": "\n".join(kept),
        "exact_doc": [sorted(exact[key]) for key in kept],
    }


def _lean_state(docs: Sequence[Document]) -> dict[str, Any]:
    """The large-pack layout: one pass over the phrasings, every per-token map under LAZY_KEYS.

    Retrieval is the IDF-weighted cosine with each record's best phrasing, phrasings being the
    documents (document frequency = phrasings holding the word); a record's tags are one more
    phrasing, counted at TAG_WEIGHT. Each phrasing is numbered `record << shift | position` (tags at
    the last position) and a posting is that number and the phrasing's norm packed in one int, so
    nothing per phrasing or per record is ever loaded whole. Answer text, whole-record bags and the
    learned layer are left out: they do not pay at this size and would make the build and the state
    several times bigger (100,000 entries: 45 s and 97 MB before, ~3 s and ~30 MB now).
    """
    widest = max((len(doc.texts) for doc in docs), default=0) + 1  # + 1: the tags' phrasing
    shift = max(1, (widest - 1).bit_length())
    tag_position = (1 << shift) - 1
    exact: dict[str, list[int]] = {}
    postings: defaultdict[str, list[int]] = defaultdict(list)  # word -> phrasings, in order
    numbers: list[int] = []  # the `record << shift | position` number of each phrasing
    contents: list[set[str]] = []
    stop = STOP_WORDS
    phrasings = _words_of_many([text for doc in docs for text in doc.texts])
    keys = iter([" ".join(words) for words in phrasings])
    sets = iter([set(words) - stop for words in phrasings])
    for record, doc in enumerate(docs):
        base = record << shift
        for position in range(len(doc.texts)):
            if key := next(keys):
                owners = exact.get(key)
                if owners is None:
                    exact[key] = [record]
                elif owners[-1] != record:
                    owners.append(record)
            content = next(sets)
            phrasing = len(contents)
            for word in content:
                postings[word].append(phrasing)
            contents.append(content)
            numbers.append(base | position)
        if doc.tags:
            content = {word for tag in doc.tags for word in normalize(tag)}
            phrasing = len(contents)
            for word in content:
                postings[word].append(phrasing)
            contents.append(content)
            numbers.append(base | tag_position)
    total = len(contents)
    weight = {word: math.log(1.0 + total / len(found)) ** 2 for word, found in postings.items()}
    unit = 10**STATE_DIGITS
    get = weight.__getitem__
    packed = [
        number << _NORM_BITS | min(_NORM_MASK, round(unit * math.sqrt(sum(map(get, content)))))
        for number, content in zip(numbers, contents, strict=True)
    ]
    packed_of = packed.__getitem__
    frequency = sorted(postings)
    frequency.sort(key=lambda word: len(postings[word]), reverse=True)  # stable: ties alphabetical
    spell: defaultdict[int, list[str]] = defaultdict(list)
    for word in frequency:
        spell[len(word)].append(word)
    return {
        "version": STATE_VERSION,
        "lean": True,
        "count": total,
        "shift": shift,
        "terms": {word: list(map(packed_of, found)) for word, found in postings.items()},
        "exact_map": exact,
        "id_map": {str(number): doc.id for number, doc in enumerate(docs)},
        "spell": {str(length): "\n".join(words) for length, words in spell.items()},
    }


def _words_of_many(texts: list[str]) -> list[list[str]]:
    """`_words` of each text; plain ASCII texts (most of a large pack) are lowercased in one go."""
    joined = "\n".join(texts)
    if not joined.isascii() or "'" in joined or "`" in joined or joined.count("\n") != len(texts) - 1:
        return [_words(text) for text in texts]
    stem = _stem
    return [
        [stem(word) if word[-1] == "s" else word for word in line.split()]  # only "-s" words change
        for line in joined.lower().translate(_ASCII_SEPARATORS).split("\n")
    ]


# A lean posting packs a phrasing's number and its norm (units of 10**-STATE_DIGITS) in one int.
_NORM_BITS = 20
_NORM_MASK = (1 << _NORM_BITS) - 1


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _extra_phrasings(docs: Sequence[Document]) -> list[tuple[int, list[str]]]:
    """Tags and answer sentences as extra training phrasings: readers ask with the article's words.

    A sentence found in several records' answers (boilerplate) is evidence for none of them: skipped.
    """
    sentences = [
        [tuple(_words(sentence)) for sentence in _SENTENCE_END.split(doc.answer) if sentence.strip()]
        if LEARN_FROM_ANSWERS
        else []
        for doc in docs
    ]
    owners = Counter(sentence for found in sentences for sentence in set(found))
    extra: list[tuple[int, list[str]]] = []
    for index, doc in enumerate(docs):
        if LEARN_FROM_TAGS and doc.tags:
            extra.append((index, [word for tag in doc.tags for word in _words(tag)]))
        extra.extend((index, list(words)) for words in sentences[index] if words and owners[words] == 1)
    return extra


def _bag_norm(bag: dict[str, float], idf: dict[str, float]) -> float:
    """Norm of a bag under the same IDF weighting the cosine uses."""
    return math.sqrt(sum(idf[word] ** 2 * weight * weight for word, weight in bag.items()))


def _learned_state(phrasings: list[tuple[int, list[str]]], classes: int) -> dict[str, Any]:
    """Train the linear layer and store it compactly (empty when the pack is too big or too small).

    Flat so `marshal` and `json` load it in a millisecond or two: feature names as one
    newline-joined string, their document frequencies (the IDF is recomputed), how many weights each
    feature has, and the weights as two strings of code points, one character per weight: its class
    (`chr(class)`) and its value in units of 10**-STATE_DIGITS (`chr(_WEIGHT_ZERO + units)`). Strings
    load as one object where a list of ints loads as ~50,000 (~1 ms each list on the shipped pack).
    """
    model: dict[str, Any] = {
        "features": "",
        "feature_df": [],
        "samples": 0,
        "counts": [],
        "classes": "",
        "weights": "",
    }
    if classes < 2 or classes > LEARNED_MAX_DOCUMENTS or len(phrasings) > LEARNED_MAX_PHRASINGS:
        return model
    counts = [_features(words) for _, words in phrasings]
    frequency: Counter[str] = Counter()
    for found in counts:
        frequency.update(found.keys())
    total = len(counts)
    idf = {name: math.log((1.0 + total) / (1.0 + df)) + 1.0 for name, df in frequency.items()}
    names = sorted(idf)
    index = {name: position for position, name in enumerate(names)}
    samples = [[(index[name], value) for name, value in _weigh(found, idf)] for found in counts]
    rows = _train(samples, [doc for doc, _ in phrasings], classes, len(names))
    kept: list[str] = []
    class_points: list[str] = []
    weight_points: list[str] = []
    unit = 10**STATE_DIGITS
    for name, row in zip(names, rows, strict=True):
        quantised = sorted((cls, _clamp_units(round(weight * unit))) for cls, weight in row.items())
        quantised = [(cls, units) for cls, units in quantised if units]
        if not quantised:
            continue  # a feature with no weight left after pruning never changes a score
        kept.append(name)
        model["feature_df"].append(frequency[name])
        model["counts"].append(len(quantised))
        class_points.extend(chr(cls) for cls, _ in quantised)
        weight_points.extend(chr(_WEIGHT_ZERO + units) for _, units in quantised)
    model["features"] = "\n".join(kept)
    model["classes"] = "".join(class_points)
    model["weights"] = "".join(weight_points)
    model["samples"] = total
    return model
