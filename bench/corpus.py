"""Synthetic diplomatic documents for benchmarks: plain-text files and FRUS TEI volumes.

    uv run python bench/corpus.py text OUT --count 1000000 [--seed 1] [--jobs 2]
    uv run python bench/corpus.py tei OUT --volumes 20 --per-volume 500 [--seed 1] [--jobs 2]
    uv run python bench/corpus.py text OUT --count 200000 --dry-run    # generate, write nothing

Everything is a function of the seed (``random.Random``; standard library only; the project's
package is not imported). Plain text is made in chunks of CHUNK documents, each from a random
stream of its own, so ``--jobs`` changes the speed and never the files.

What comes out
--------------
Plain text, one document per file (``t0000042.txt``, in folders ``0000``, ``0001``, ...), in
the shape the importer reads: a header (a decimal file designation such as
``311.6121 Kowalski, J. P./17½``, the same with ``: Telegram``, a subject-numeric one such as
``POL 29 HUNG`` after 1963, or a numbered heading such as
``73. Letter From Secretary of State Hartwell to Attorney General Quarles1``), then a heading
"<sender> to <recipient>", sometimes a dateline, 2-6 paragraphs (telegrams begin
``342. Your 550, March 20, 9 p.m. ...``), page markers ``[Page 937]`` inside paragraphs and on
lines of their own, editorial insertions (``Mrs. [Miss] Sokol``), footnote markers glued to
words (``trial,2``), a signature on telegrams, and footnotes in either printed style
(``  1. April 5.`` or ``- Source: ...↩``). Every document is 1,024-4,096 bytes of UTF-8.

Documents follow *cases*: 48 run at once, each with a detainee, a country, a foreign national
held in the United States, an official, a decimal file and a span of months. A case ends after
a heavy-tailed number of documents and another starts at a random date between 1925 and 1975.
So dates spread over fifty years, document numbers count up within a file, and a telegram that
says "Your 612, April 2, 7 p.m." mostly answers a telegram of the same case in the corpus
(telegram numbers grow with the day of the year in each post's series).

Persons: the Secretary, Under Secretary, Attorney General and officers of the Department come
from a roster that changes every four years; chiefs of mission by country and period; the
detainee by Zipf weight (the most named is in 15% of documents, the middle of the pool in about
1%, the tail in a few per ten thousand).

Words: ~130 sentence templates whose slots take Zipf-weighted words are filled 200 times each,
once per process; the sentences are grouped into paragraphs in 8 disjoint groups, and a
document takes each of its paragraphs from another group, so no sentence repeats within it. One
document in twenty also takes one of 45 rare sentences (each in ~1 of 900 documents), one in
1,250 one of 20 very rare ones (each in ~1 of 25,000). Over 100,000 documents, of ~1,700 words:
91 are in more than half of the documents, 598 in 10-50%, 501 in 1-10%, 409 in 0.1-1%, 38 in
0.01-0.1% and 85 in fewer (QUERY_MIX notes the share for each of its terms). No sentence or
name comes from the seed documents or the FRUS sample.

TEI: one volume per file, ``synthNNNNN.xml``: TEI P5 with the frus namespace, a teiHeader
(titles, ``idno type="frus"``), the list of persons in the front matter (every
``persName corresp`` points into it, and everyone listed is named), a compilation or chapters
of ``div type="document"`` (telegrams, memoranda, memoranda of conversation with subject and
participants, letters, editorial notes) with head (from/to glosses, source note), dateline
(``date when``, with the time for telegrams), paragraphs naming persons, inline notes, ``ref``
to earlier documents of the volume, ``pb`` inside paragraphs and between documents, a closer.

Speed
-----
This 2-core VM's speed varies from moment to moment: a fixed pure-Python loop (5 million
additions) took 0.39 to 0.91 s over the session, and the same command ran up to 1.6 times
slower in its slow spells. Each command includes building the vocabulary (0.8 s, once per
process).

    uv run python bench/corpus.py text /tmp/c --count 200000 --dry-run
        474 MB in 8.1-12.8 s: 15,700-24,600 documents/s in one process (nine in-process runs
        of 40,000 documents: 17,000-27,600, median 24,000)
    uv run python bench/corpus.py text /tmp/c --count 200000 --dry-run --jobs 2
        4.8-6.4 s: 31,000-42,000 documents/s
    uv run python bench/corpus.py tei /tmp/v --volumes 40 --per-volume 500 --dry-run
        72 MB in 1.7 s: 12,000 documents/s (15,700 with --jobs 2)
    uv run python bench/corpus.py text /tmp/c --count 100000 [--jobs 2]
        writing 100,000 files, 237 MB: 4,700 files/s (7,700 with --jobs 2); the file system
        sets the pace, so a million files take two to four minutes.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import random
import string
import sys
import time
import unicodedata
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"

# Placeholders. The templates below write them as control characters (\x01 ...); the pools
# hold them as %-keys, filled for each document by one `text % names` (a single pass in C; the
# corpus's own text therefore never contains a bare '%').
SUBJECT = "%(subject)s"  # \x01: the detainee's surname
OFFICIAL = "%(official)s"  # \x02: a foreign official's surname
ADJECTIVE = "%(adjective)s"  # \x03: 'Polish'
COUNTRY = "%(country)s"  # \x04: 'Poland'
CAPITAL = "%(capital)s"  # \x05: 'Warsaw'
COUNTERPART = "%(counterpart)s"  # \x06: the foreign national held in the United States
_KEYS = str.maketrans(
    {
        "\x01": SUBJECT,
        "\x02": OFFICIAL,
        "\x03": ADJECTIVE,
        "\x04": COUNTRY,
        "\x05": CAPITAL,
        "\x06": COUNTERPART,
    }
)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FIRST_DAY = date(1925, 1, 1).toordinal()
LAST_DAY = date(1975, 12, 31).toordinal()

# ---------------------------------------------------------------------------------------------
# People and places
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    surname: str
    forenames: str  # 'Jan P.'

    @property
    def full(self) -> str:
        return f"{self.forenames} {self.surname}"

    @property
    def indexed(self) -> str:
        """As a list of persons prints it: 'Kowalski, Jan P.'."""
        return f"{self.surname}, {self.forenames}"

    @property
    def initials(self) -> str:
        """'J. P.' for the subject of a decimal file."""
        return " ".join(part[0] + "." for part in self.forenames.replace(".", " ").split())


@dataclass(frozen=True, slots=True)
class Country:
    name: str  # as headings print it: 'Poland', 'the Soviet Union'
    adjective: str
    capital: str  # as sentences name it
    code: str  # decimal-file country code
    abbreviation: str  # subject-numeric country
    since: int  # first year the corpus has cases there
    embassy_from: int  # before this year the post is a legation under a minister
    officials: tuple[Person, ...]
    nationals: tuple[Person, ...]  # its citizens held in the United States
    rate: int  # telegrams a day each way, roughly
    post: str = ""  # where the mission sits, if not the capital

    @property
    def seat(self) -> str:
        return self.post or self.capital

    def chief(self, year: int) -> str:
        """The chief of mission as a heading names him: 'Ambassador in Poland'."""
        if self.post:
            return f"Consul General at {self.post}"
        if self.capital == "Berlin":
            return "Chief of the Mission in Berlin"
        return ("Ambassador in " if year >= self.embassy_from else "Minister in ") + self.name

    def mission(self, year: int) -> str:
        if self.post:
            return f"Consulate General at {self.post}"
        if self.capital == "Berlin":
            return "Mission in Berlin"
        return ("Embassy in " if year >= self.embassy_from else "Legation in ") + self.name


def _people(spec: str) -> tuple[Person, ...]:
    """'Jan P. Kowalski; Anna Brandt' -> persons (the last word is the surname)."""
    found = []
    for name in spec.split(";"):
        *forenames, surname = name.split()
        found.append(Person(surname, " ".join(forenames)))
    return tuple(found)


COUNTRIES: tuple[Country, ...] = (
    Country(
        "the Soviet Union",
        "Soviet",
        "Moscow",
        "61",
        "USSR",
        1934,
        1934,
        _people(
            "Pavel S. Sorokin; Arkady N. Belyaev; Oleg V. Lebedev; Fyodor I. Morozov;"
            " Gennady P. Volkov; Boris T. Zaitsev"
        ),
        _people("Viktor A. Grachev; Nikolai Y. Tikhonov; Yuri M. Fedorov; Andrei K. Rudakov"),
        4,
    ),
    Country(
        "Poland",
        "Polish",
        "Warsaw",
        "60",
        "POL",
        1925,
        1945,
        _people(
            "Tadeusz Wisniewski; Marian Zawadzki; Zbigniew Kaczmarek; Henryk Pietrzak;"
            " Jerzy Grabowski"
        ),
        _people("Stefan Dabrowski; Wladyslaw Sikora; Edmund Pawlak"),
        2,
    ),
    Country(
        "Czechoslovakia",
        "Czechoslovak",
        "Prague",
        "49",
        "CZ",
        1925,
        1943,
        _people("Vaclav Hruby; Karel Prochazka; Jaroslav Kucera; Miroslav Sedlacek; Josef Polak"),
        _people("Ladislav Kratochvil; Frantisek Benda; Otakar Vrba"),
        2,
    ),
    Country(
        "Hungary",
        "Hungarian",
        "Budapest",
        "64",
        "HUNG",
        1925,
        1967,
        _people("István Szilágyi; László Farkas; Gyula Balogh; Ferenc Németh; Sándor Takács"),
        _people("Imre Kovács; Tibor Halász; Géza Orbán"),
        2,
    ),
    Country(
        "Romania",
        "Romanian",
        "Bucharest",
        "71",
        "RUM",
        1925,
        1964,
        _people("Ion Dumitrescu; Vasile Stanescu; Gheorghe Marinescu; Petre Ionescu"),
        _people("Radu Popescu; Mihai Constantin; Dan Iordache"),
        1,
    ),
    Country(
        "Bulgaria",
        "Bulgarian",
        "Sofia",
        "74",
        "BUL",
        1925,
        1966,
        _people("Todor Georgiev; Stoyan Todorov; Nikola Stoyanov; Dimitar Angelov"),
        _people("Ivan Petkov; Kiril Vasilev"),
        1,
    ),
    Country(
        "Yugoslavia",
        "Yugoslav",
        "Belgrade",
        "68",
        "YUGO",
        1925,
        1942,
        _people("Milan Jovanović; Dragan Petrović; Ante Horvat; Zoran Nikolić"),
        _people("Branko Marković; Slobodan Ilić"),
        2,
    ),
    Country(
        "China",
        "Chinese",
        "Peking",
        "93",
        "CHICOM",
        1950,
        1950,
        _people("Shu-ming Wang; Teh-sheng Li; Kuo-hua Chang; Wen-chi Liu"),
        _people("Yu-lin Chen; Hsiao-po Tsai"),
        2,
        "Hong Kong",
    ),
    Country(
        "Cuba",
        "Cuban",
        "Havana",
        "37",
        "CUBA",
        1959,
        1959,
        _people("Raúl Morales; Ernesto Castillo; Armando Herrera; Julio Ruiz"),
        _people("Orlando Fernández; Hector Duarte"),
        2,
    ),
    Country(
        "the German Democratic Republic",
        "East German",
        "Berlin",
        "62",
        "GER E",
        1950,
        1950,
        _people("Werner Schreiber; Heinz Vogel; Kurt Krüger; Gerhard Neumann"),
        _people("Horst Winkler; Dieter Lange"),
        1,
    ),
)

# Americans detained abroad, most-named first (Zipf weights follow the order).
DETAINEES: tuple[Person, ...] = _people(
    "Jan P. Kowalski; Anna M. Brandt; George L. Horvath; Walter E. Lindgren; Nicholas Petrakis;"
    " Helen R. Sokol; Joseph F. Marek; Frank J. Dvorak; Edward T. Kaminski; Carl H. Reinholt;"
    " Martin S. Abrams; Dorothy A. Baxter; Louis Castellano; Ramon Delgado; Erik Eriksen;"
    " Paul W. Fischer; Thomas Galloway; Ruth E. Hollis; Victor Ivers; Anton Janacek;"
    " Margaret Keller; Samuel Lazar; David Mendel; Emil Novotny; Stanley Olszewski;"
    " Harold Paulsen; Kevin Quinlan; Alexander Sandor; Peter Tomasek; Michael Urban;"
    " Bela Varga; Irene Weiss; John Yablonski; Raymond Zielinski; Philip Archer;"
    " Clara Bellamy; Dennis Corrigan; Patrick Dolan; James Farrell; Hugh Gaffney;"
    " Leo Hennessy; Casimir Kowalczyk; Roman Lewandowski; Eugene Mazur; Andrew Nagy;"
    " Sergei Orlov; Joseph Pavlik; Teodor Rybak; Gabriel Szabo; Frank Toth;"
    " Leon Wojcik; Karel Zeman; Rose Berger; Arthur Carlson; William Donnelly;"
    " Gustav Engstrom; Brian Fitzgerald; Henry Gorski; Lars Hanson; Adam Jablonski;"
    " Vera Kubik; Ingrid Lindqvist; Otto Moravec; Nils Nyberg; Sean O'Rourke;"
    " Calvin Pruitt; Dermot Riordan; Josef Stanek; Howard Tanner; Emil Vesely;"
    " Robert Whitaker; Charles Young; Ernst Zabel; Lucille Abbott; Mark Bialek;"
    " Edwin Cross; Alice Dunn; Fred Ebert; Julius Feld; Nora Grady; Oscar Hahn;"
    " Lewis Ingalls; Boris Jurek; Tadeusz Kral; Miriam Lowe; Arnold Metz; Dale Nordstrom;"
    " Albert Ostrowski; Felix Pollack; Ralph Quist; Simon Rausch; Anna Sitko; Earl Trent;"
    " Milo Uhlir; Vincent Vojta; Agnes Wolski; Ivan Yurko; Stefan Zajac; Grace Ames;"
    " Nathan Bloch; Paul Cerny; Edith Dietz; Francis Egan; Carol Frey; Daniel Glass;"
    " Wesley Holm; Rudolph Izak; Sophie Janik; Roy Kessler; Eva Laszlo; Milton Marsh;"
    " Ruth Nemec; Oliver Pratt; Ida Rosen; Lawrence Shaw; Ellen Tuck; Gerald Voss;"
    " Hazel Wick; Lydia Zorn; Bernard Appel; Emma Brody; Conrad Dahl; Jerome Falk;"
    " Wanda Gruber; Lyle Hurst; Leopold Janda; Marta Kolar; Russell Lund; Alma Novak;"
    " Claude Pike; Vernon Reedy; Irma Strand; Hugo Tausig; Otis Vance; Elmer Wendt"
)
OCCUPATIONS = (
    "engineer",
    "student",
    "tourist",
    "businessman",
    "journalist",
    "teacher",
    "seaman",
    "missionary",
    "veteran",
    "pilot",
    "clerk",
    "photographer",
    "architect",
    "mechanic",
    "translator",
    "chemist",
)

# Officers of the Department and of other agencies; a roster per four-year period.
HOME = _people(
    "Austin G. Abernathy; Clement Ashcombe; Roger B. Bancroft; Hollis Barlow; Dwight Beckwith;"
    " Preston Blakely; Warren Brandon; Elliott Brewster; Lyman Calloway; Harlan Carrow;"
    " Spencer Chadwick; Russell Coburn; Eliot Corliss; Milton Crandall; Gordon Dalton;"
    " Alfred Danforth; Philip Delancey; Anson Dunmore; Loring Eastman; Francis W. Ellison;"
    " Carter Emery; Douglas Fairbairn; Rupert Fenwick; Wallace Fletcher; Amos Garrison;"
    " Ian Gilchrist; Prentice Goodwin; Morris Hadley; Stuart Haldane; Joseph Halloran;"
    " Dean M. Hartwell; Ward Hastings; Lowell Holcomb; Nathaniel Huxley; Sheldon Ingram;"
    " Conrad Keating; Alden Kendrick; Byron Kingsley; Thaddeus Lockwood; Emmett Marlowe;"
    " Lincoln Merriam; Everett Montague; Harvey Norcross; Wendell Oakley; Chauncey Osgood;"
    " Lucius Pembroke; Barton Prescott; Clifford Quarles; Leland Radcliffe; Jasper Remington;"
    " Miles Rutledge; Willard Sanborn; Horace Satterlee; Irving Sheffield; Ogden Sinclair;"
    " Randolph Stanhope; Foster Sturgis; Vaughn Talbot; Edmund Thorne; Asa Tolliver;"
    " Lowell Underhill; Quentin Wainwright; Thornton Wendell; Henry C. Whitcombe;"
    " Gilbert Winslow; Herbert Yardley; Anna B. Ashby; Grant Birch; Sumner Colfax;"
    " Malcolm Drummond; Royce Everly; Trevor Faraday; Seth Grinnell; Oren Harrow;"
    " Bertram Ives; Nelson Jarvis; Homer Kimball; Ellis Larkin; Cyrus Merritt; Vernon Nash;"
    " Lyle Orcutt; Dudley Pryor; Ambrose Ridley; Elihu Selden; Wilbur Truax; Jonas Upham;"
    " Rufus Vickery; Norris Whitfield; Margaret Ellery; Josephine Hale"
)
SECRETARY = "Secretary of State"
UNDER = "Under Secretary of State"
ATTORNEY = "Attorney General"
OFFICES = (
    SECRETARY,
    UNDER,
    ATTORNEY,
    "Assistant Secretary of State for European Affairs",
    "Deputy Under Secretary of State for Political Affairs",
    "Counselor of the Department of State",
    "Legal Adviser",
    "Assistant Legal Adviser for Consular Affairs",
    "Chief of the Division of Eastern European Affairs",
    "Assistant Chief of the Division of Eastern European Affairs",
    "Director of the Office of Special Consular Services",
    "Chief of the Protection Section",
    "Administrator of the Bureau of Security and Consular Affairs",
    "Director of the Office of Soviet Union Affairs",
    "Special Assistant to the Secretary of State",
    "Director of the Federal Bureau of Investigation",
)
MEMO_SENDERS = OFFICES[3:15]
MEMO_RECIPIENTS = (SECRETARY, UNDER, SECRETARY, UNDER, *OFFICES[3:6])
PERIOD = 4  # years a roster serves

# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

# Slot fillers, most frequent first.
SLOTS: dict[str, tuple[str, ...]] = {
    "authority": (
        "Foreign Ministry",
        "security police",
        "Procurator's Office",
        "Ministry of Internal Affairs",
        "Supreme Court",
        "military tribunal",
        "Ministry of Justice",
        "frontier guard",
        "state security service",
        "Council of Ministers",
        "municipal court",
        "regional prosecutor",
    ),
    "mission": ("Embassy", "consular section", "Legation", "Consulate General"),
    "released": ("released", "freed", "allowed to leave", "set at liberty", "paroled"),
    "hearing": (
        "investigation",
        "appeal",
        "trial",
        "review of the sentence",
        "inquiry",
        "preliminary hearing",
    ),
    "gesture": (
        "gesture",
        "reciprocal step",
        "pardon",
        "concession",
        "commutation",
        "reduction of the sentence",
        "act of clemency",
    ),
    "activity": (
        "espionage",
        "currency speculation",
        "black market dealings",
        "intelligence work",
        "smuggling",
        "propaganda against the state",
        "illegal photography",
        "contacts with emigres",
    ),
    "count": ("three", "several", "four", "five", "repeated", "six", "seven", "nine", "eleven"),
    "prison": (
        "central prison",
        "investigation prison",
        "prison of the security service",
        "military prison",
        "transit prison",
        "prison hospital",
        "labor colony",
        "punishment block",
    ),
    "health": ("fair", "poor", "good", "uncertain", "failing", "indifferent", "excellent"),
    "src": (
        "indictment",
        "Foreign Ministry",
        "defense counsel",
        "court record",
        "official press",
        "prosecutor",
        "released prisoner",
    ),
    "charge": (
        "espionage",
        "currency violations",
        "illegal entry",
        "black market dealings",
        "anti-state activity",
        "smuggling",
        "forgery of documents",
        "sabotage",
        "attempted escape",
        "hooliganism",
        "treason",
        "illegal possession of a firearm",
        "desertion",
    ),
    "years": ("ten", "five", "eight", "three", "fifteen", "seven", "twelve", "four", "twenty-five"),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "month": MONTHS,
    "day": tuple(str(d) for d in (3, 12, 1, 20, 7, 15, 28, 9, 18, 24, 5, 11, 26, 2, 14, 30)),
    "duration": (
        "six months",
        "more than a year",
        "nearly two years",
        "eight months",
        "three years",
        "fourteen months",
        "several weeks",
        "almost a decade",
        "nineteen months",
    ),
    "illness": (
        "a heart condition",
        "tuberculosis",
        "pneumonia",
        "malnutrition",
        "a stomach ailment",
        "nervous exhaustion",
        "an untreated fracture",
        "scurvy",
        "frostbite",
        "diabetes",
    ),
    "protecting": (
        "Swiss Legation",
        "Swedish Embassy",
        "British Embassy",
        "International Red Cross",
        "Austrian Legation",
        "Danish Embassy",
    ),
    "town": (
        "the frontier",
        "the border crossing",
        "the airport",
        "the railway station",
        "a hotel in the capital",
        "a port on the coast",
        "a village near the frontier",
        "a military district",
    ),
    "family": (
        "wife",
        "mother",
        "brother",
        "sister",
        "son",
        "daughter",
        "father",
        "fiancée",
        "uncle",
    ),
    "occupation": OCCUPATIONS,
    "amount": ("$10,000", "$5,000", "$2,500", "$20,000", "$1,000", "$50,000"),
    "exit": (
        "Vienna",
        "Helsinki",
        "Copenhagen",
        "Stockholm",
        "West Berlin",
        "Zurich",
        "Athens",
        "Hong Kong",
    ),
    "minutes": ("thirty", "twenty", "forty", "fifteen", "ten", "sixty"),
    "urgently": ("urgently", "promptly", "at once", "without delay", "as soon as possible"),
    "object": (
        "camera",
        "notebook",
        "map",
        "radio receiver",
        "pair of binoculars",
        "bundle of letters",
        "roll of film",
        "address book",
        "typewriter",
        "compass",
        "road atlas",
        "pocket diary",
        "tape recorder",
        "set of photographs",
        "hunting rifle",
        "telescope",
        "phrase book",
        "wristwatch",
        "travel guide",
        "sketchbook",
        "bundle of newspapers",
        "suitcase with a false bottom",
        "Geiger counter",
        "hand-drawn plan",
        "prayer book",
        "surveyor's level",
        "set of lock picks",
        "bottle of invisible ink",
    ),
    "employer": (
        "an engineering firm",
        "a relief agency",
        "a university",
        "an oil company",
        "a shipping line",
        "a church mission",
        "a travel bureau",
        "a news agency",
        "an export firm",
        "a film studio",
        "a tobacco company",
        "a chemical plant",
        "a machine-tool exporter",
        "a charitable foundation",
        "a museum",
        "an airline",
        "a publishing house",
        "a symphony orchestra",
        "a hospital",
        "a mining company",
        "a seed company",
        "a circus",
        "a glassworks",
        "an observatory",
    ),
    "place": (
        "a hotel in the capital",
        "the airport",
        "the railway station",
        "a village near the frontier",
        "a port on the coast",
        "a restricted zone",
        "a customs post",
        "a collective farm",
        "a cathedral square",
        "a tram stop",
        "a ferry landing",
        "a spa town",
        "a university hostel",
        "a trade fair pavilion",
        "a roadside inn",
        "a steel works",
        "a lake resort",
        "a market hall",
        "a sports stadium",
        "a river crossing",
        "a mountain pass",
        "a shipyard",
        "a vineyard",
        "a monastery",
        "a power station",
        "an orphanage",
    ),
    "newspaper": (
        "the official daily",
        "the party newspaper",
        "the evening paper",
        "the army newspaper",
        "the trade union paper",
        "the youth weekly",
        "a provincial weekly",
        "the satirical weekly",
        "the foreign-language bulletin",
        "the farmers' gazette",
        "the railwaymen's journal",
    ),
    "official_title": (
        "Deputy Foreign Minister",
        "head of the consular department",
        "Chief of Protocol",
        "Procurator General",
        "Deputy Minister of Justice",
        "head of the American section",
        "Minister of the Interior",
        "legal counselor of the Foreign Ministry",
        "President of the Supreme Court",
        "deputy chief of the security police",
    ),
}

# Sentences of the body, in the corpus's own words. {slot} takes a word of SLOTS.
BODY_TEMPLATES: tuple[str, ...] = (
    "The {authority} told the {mission} this morning that \x01 would not be {released} before the {hearing} had run its course.",
    "\x02 raised the case of \x01 again and asked whether the Department would consider a {gesture} on humanitarian grounds.",
    "We have no information suggesting that \x01 was engaged in {activity} while in \x04.",
    "The {mission} has asked for consular access to \x01 on {count} occasions without a reply from the \x03 authorities.",
    "\x01 is reported to be held in the {prison} and to be in {health} health.",
    "According to the {src}, the charge against \x01 is {charge}, which carries a sentence of up to {years} years.",
    "The Department considers that an exchange of \x01 for \x06 would set an unwelcome precedent.",
    "If the \x03 Government were to release \x01, we would be prepared to review the question of the release on probation of \x06.",
    "\x02 said that his Government attached great weight to the matter and hoped for an answer within the week.",
    "I told \x02 that the courts here act independently, and that the Executive cannot set aside a sentence once it has been pronounced.",
    "The consul who visited \x01 on {weekday} found him thinner but in good spirits.",
    "\x01's sister, Mrs. [Miss] \x01, has written to the {mission} asking that her letters be passed on to him.",
    "The {authority} has hinted that clemency might follow if the matter were handled quietly and without publicity.",
    "Press reports of the trial in \x05 have been meager, and the {mission} has not been able to obtain a copy of the verdict.",
    "We would welcome your views on whether a personal approach to \x02 by the Ambassador would help or harm the case.",
    "\x01 was detained at {town} on a charge of {charge} and has since been held incommunicado.",
    "The Legal Adviser doubts that a pardon could be recommended before the {hearing} has been concluded.",
    "There is, in our judgment, little prospect of release unless some reciprocal step is taken by this Government.",
    "The {mission} should continue to press for regular visits and for permission for \x01 to receive parcels.",
    "\x02 remarked, not for the first time, that the American press had blown the case out of all proportion.",
    "The Attorney General has indicated informally that he would not oppose deportation in place of a prison term.",
    "It would be unwise to link the two cases in public, however closely they may be linked in fact.",
    "The family of \x01 has been told only that the Department is doing everything it properly can.",
    "On the question of \x06, the \x03 side has so far declined even to confirm that he is in custody.",
    "The sentence of {years} years imposed on \x01 was upheld on appeal in {month}.",
    "The {mission} reports that \x01 has been moved from \x05 to a {prison} in the provinces.",
    "I pointed out that holding an American citizen for {duration} without formal charges could only damage relations between our two countries.",
    "\x02 replied that the {hearing} was not yet complete and that he could say nothing more at this stage.",
    "We see no objection to your informing \x02 orally of the substance of this message.",
    "The note of the {mission} of {month} {day} remains unanswered.",
    "The trial, which opened on {weekday}, was closed to foreign observers after the first session.",
    "The interpreter provided by the court was, in the view of \x01, scarcely able to follow the proceedings.",
    "The case of \x01 has now been before the Department for {duration}.",
    "An early release would remove an irritant at a time when other questions between the two Governments are under discussion.",
    "\x02 asked whether the United States would be prepared to shorten the term of \x06, who is serving a sentence for {charge}.",
    "It is understood that \x06 would leave the country immediately upon release and would not return.",
    "The Department of Justice has asked for a written statement of the foreign policy considerations involved.",
    "A decision on parole is not expected before {month}.",
    "Since the arrest the {mission} has delivered {count} notes and made repeated oral representations.",
    "We do not believe the \x03 authorities will move until they are satisfied that a reciprocal gesture is assured.",
    "\x01 has signed a statement admitting the charge, but the consul believes it was obtained under pressure.",
    "The conditions of detention appear to have improved since the last consular visit.",
    "Please inform the Department {urgently} of any change in the status of \x01.",
    "The {mission} has been told that the case is now in the hands of the {authority} and no longer a matter for the Foreign Ministry.",
    "I emphasized that our interest in the case was purely humanitarian and that no bargain was being proposed.",
    "The Under Secretary has asked to be kept informed of every development in the case.",
    "It was agreed that neither side would make a statement to the press until both had acted.",
    "Any exchange would have to take place at a point agreed in advance, preferably at {town}.",
    "The {mission} doubts that the \x03 Government would accept an exchange on these terms.",
    "The {family} of \x01 has been refused an exit permit on the ground that the papers are not in order.",
    "A petition for clemency was filed on behalf of \x01 on {month} {day} and is said to be under consideration.",
    "The espionage charge rests largely on photographs said to have been taken near a military installation.",
    "We are informed that the prosecutor will ask for the maximum penalty.",
    "The release of \x06 on probation would be conditional on his immediate departure from the United States.",
    "\x02 expressed surprise that the Department had not answered his earlier inquiry.",
    "The Secretary has approved the course set out in the Division's memorandum of {month} {day} on this subject.",
    "The visa question, though separate in form, is plainly tied to the fate of \x01 in the minds of \x03 officials.",
    "The medical report furnished by the prison authorities states that \x01 suffers from {illness}.",
    "We have asked the {protecting} to look into the case on our behalf.",
    "A consular officer will attend the {hearing} if permission is granted.",
    "\x02 hinted that a favorable decision in the case of \x06 might be reciprocated before the end of the year.",
    "The earlier correspondence on this subject is summarized in the attached memorandum [not printed], which the Ambassador has seen.",
    "In the view of the Division, a flat refusal at this stage would only prolong the detention.",
    "Officials in \x05 have complained that passports for travel to \x04 are issued too freely.",
    "The amnesty announced on the national holiday did not extend to persons convicted of {charge}.",
    "The Ambassador doubts that the question can be settled at his level and suggests that it be taken up in Washington.",
    "A full record of the conversation follows by pouch.",
    "We have been given to understand that the \x03 [Foreign] Ministry would welcome an informal approach.",
    "The judge is said to have remarked that the sentence might be reduced for good conduct.",
    "\x01, an American {occupation}, was arrested in \x05 in {month} and has been held since without trial.",
    "Release on probation, followed by deportation, seems to us the least objectionable course.",
    "The {mission} was not notified of the arrest until {count} weeks after it took place, contrary to the consular convention.",
    "A fine of {amount} was imposed in addition to the term of imprisonment.",
    "\x02 said that the question of consular access would be decided by the {authority} alone.",
    "The sentence has not been made public, and the {mission} learned of it only through the defense counsel.",
    "We should avoid any step which might suggest that we accept the charge of {charge} as well founded.",
    "The {authority} is reported to have offered to drop the charge if \x01 would leave the country at once.",
    "Mr. [Dr.] \x01 was allowed to see a lawyer only on the eve of the trial.",
    "The pardon, if granted, would have to come from the Presidium [sic] and could not be foreseen by any court.",
    "Consular access was finally granted on {month} {day}, {duration} after the arrest.",
    "The detention of \x01 has been raised in the press and in Congress, and the pressure for action is growing.",
    "There has been no reply to the {mission}'s request for information on the whereabouts of \x01.",
    "His release on humanitarian grounds would be welcomed, and we would say so publicly if that would help.",
    "The {family} of \x01 has asked for permission to travel to \x05 for a visit.",
    "\x02 said [garble] that the matter would be examined again in the light of the {mission}'s note.",
    "We understand that \x06 has asked to be returned to \x04 and that his lawyer will not oppose deportation.",
    "The Department prefers to keep the two cases apart, although the \x03 side plainly regards them as one.",
    "I left with \x02 an aide-mémoire setting out once more our request for consular access to \x01.",
    "A {object} taken from \x01 at the time of his arrest has been produced as evidence of {activity}.",
    "The {authority} claims that \x01 was carrying a {object} when he was stopped at {place}.",
    "\x01 had been working in \x04 for {employer} for {duration} before his arrest.",
    "{newspaper}, in a long article on {weekday}, described \x01 as an agent of a foreign intelligence service.",
    "The attack on \x01 in {newspaper} is the first public mention of the case.",
    "\x02, the {official_title}, received the consul for {minutes} minutes but would not discuss the charges.",
    "The {official_title} has promised to look into the matter personally.",
    "The arrest is said to have taken place at {place}, in the presence of several witnesses.",
    "\x01 told the consul that he had been questioned every night for {duration}.",
    "His employer, {employer}, has offered to vouch for him and to pay the costs of his defense.",
    "We suspect that the arrest of \x01 was a reply to the conviction of \x06 in the United States.",
    "The charge of {charge} appears to have been added only after the {hearing} had begun.",
    "\x01 has been allowed to write to his {family} once a month, under censorship.",
    "A letter from \x01 to his {family}, dated {month} {day}, reached the {mission} by an unusual route.",
    "The \x03 side has suggested, through an intermediary, that the case could be settled quietly.",
    "The protecting power reports that \x01 has lost a good deal of weight and complains of {illness}.",
    "It has been impossible so far to learn the name of the court that will hear the case.",
    "The lawyer appointed for \x01 has advised him to plead guilty and to ask for mercy.",
    "The {mission} believes that the \x03 authorities wish to use \x01 as a bargaining counter.",
    "Our files show that \x01 was warned before his departure against travel to the frontier regions.",
    "The question of his dual nationality complicates any claim to consular protection.",
    "The \x03 authorities regard \x01 as their own citizen and refuse to recognize his American naturalization.",
    "Members of Congress have written to the Department about \x01 on {count} occasions.",
    "The {authority} let it be known that an appeal for mercy addressed to the head of state would be examined favorably.",
    "A representative of {employer} called at the Department to ask what could be done for \x01.",
    "\x02 observed that the treatment of \x06 in an American prison had caused deep resentment in \x05.",
    "The {mission} proposes to send a consular officer to {place} to make inquiries on the spot.",
    "We have had no word of \x01 since the consul's visit of {month} {day} to the prison.",
    "The indictment accuses \x01 of passing information to a foreign power through {employer}.",
    "It is our view that a public protest at this stage would do \x01 more harm than good.",
    "The Department has informed the family that the trial is expected to begin in {month}.",
    "A second arrest, of a tourist traveling with \x01, has not been confirmed.",
    "The \x03 press attaché has asked for a list of the questions to be raised in Washington.",
    "Deportation of \x06, rather than release on parole, would be easier to explain to the public here.",
    "The sentence on \x01 is harsher than that given to any American in \x04 in recent years.",
    "No charge has yet been made known, and \x01 has not been told why he is being held.",
    "The {mission} will report the verdict as soon as it is known.",
    "\x02 listened without comment and said only that his Minister would hear of our views the same day.",
    "A confidential source reports that \x01 is being kept in solitary confinement.",
    "In return for the release of \x01 the \x03 side would expect the early release of \x06.",
)

TELEGRAM_OPENERS: tuple[str, ...] = (
    "Official of {authority} informed Embassy this morning that \x01 will be tried in {month} on charge of {charge}.",
    "Consul saw \x01 {weekday} for {minutes} minutes in presence of two prison officials.",
    "Foreign Ministry has again declined to fix date for consular visit to \x01.",
    "Embassy delivered note today requesting immediate access to \x01 and particulars of charges against him.",
    "\x02 called me in this afternoon to discuss case of \x01.",
    "Department concurs in your proposed approach to \x02 concerning \x01.",
    "You should inform \x02 that this Government cannot accept continued detention of \x01 without trial.",
    "Please seek early appointment with \x02 and leave with him aide-mémoire along following lines.",
    "Local press reports arrest of American citizen \x01, {occupation}, on {charge} charges.",
    "Court today sentenced \x01 to {years} years on charge of {charge}.",
    "Sentence of \x01 reduced on appeal to {years} years, Embassy learned today from defense counsel.",
    "\x01 released this morning and left for {exit} by evening train.",
    "Request instructions {urgently} on reply to proposal of \x02 for exchange of \x01 and \x06.",
    "Department has no objection to release of \x06 on probation provided \x01 is freed at same time.",
)

MEMO_OPENERS: tuple[str, ...] = (
    "The \x03 Ambassador called this afternoon to ask whether the Department had reached a decision on the case of \x06.",
    "You will recall that \x01, an American {occupation}, has been held by the \x03 authorities since {month}.",
    "I attach a summary of the case of \x01, which you asked for at this morning's meeting.",
    "The Legal Adviser and I have gone over once more the question of an exchange involving \x01.",
    "\x02 came in at his own request yesterday to talk about the detention of \x01.",
    "This memorandum sets out the courses open to us in the case of \x01.",
)

LETTER_OPENERS: tuple[str, ...] = (
    "I am writing to ask your help in a matter which has troubled this Department for {duration}.",
    "Thank you for your letter of {month} {day} about the case of \x01.",
    "As you know, \x01, an American {occupation}, has been held in \x04 since {month}.",
    "I should like to bring to your attention the case of \x06, now serving a sentence for {charge}.",
    "Your letter of {month} {day} concerning \x01 has been referred to me for reply.",
)

# Each in about 1 of 900 documents.
RARE: tuple[str, ...] = (
    "A roll of microfilm sewn into the lining of his overcoat is said to be the principal exhibit.",
    "Defense counsel spoke of a writ of habeas corpus, although no such remedy exists under local law.",
    "The prosecution relies on the testimony of a cellmate who has since been released.",
    "Among the papers seized were several sheets of typewritten samizdat verse.",
    "The prison doctor has prescribed digitalis and a diet of milk and bread.",
    "He is accused of having carried a cipher pad hidden in a shaving kit.",
    "The indictment speaks of a dead drop near the wall of the old cemetery.",
    "His passport was taken from him at the hotel desk by a militiaman in plain clothes.",
    "A parcel containing a sweater and vitamin tablets was returned unopened.",
    "The Procurator described him as a courier for an emigre organization in Munich.",
    "A polygraph examination was offered to the defense and refused.",
    "He went on a hunger strike for eleven days in protest against the ban on correspondence.",
    "The camp lies beyond the Urals, some two days by rail from the nearest consulate.",
    "A chess set he had carved from bread was confiscated during a search of his cell.",
    "He was arrested while photographing a tramway depot from the window of his hotel.",
    "A stamp collection found in his luggage was described in court as evidence of contacts abroad.",
    "The guards allowed him a Bible but not a dictionary.",
    "The confession was typed in a language he does not read.",
    "He had been employed for a summer as a deckhand on a Danish freighter.",
    "The prosecution produced a transistor radio said to have been adapted for shortwave transmission.",
    "His notebook contained the registration numbers of lorries seen on the highway.",
    "The verdict was read aloud in a courtroom from which his wife had been excluded.",
    "Sentence was pronounced by a tribunal of three judges sitting in camera.",
    "He has asked for a copy of Shakespeare and a pair of spectacles.",
    "The embassy chauffeur was questioned for several hours about the case.",
    "The ransom demanded in the anonymous letter has been dismissed as a hoax.",
    "Reports that he has been moved to a psychiatric hospital cannot be confirmed.",
    "The lawyer engaged by the family was disbarred a week before the trial.",
    "A telegram of sympathy from his former regiment was intercepted by the censors.",
    "His mother proposes to travel on an excursion steamer to be nearer to him.",
    "The extradition request was filed too late to be of any use.",
    "The arrest took place at a railway halt whose name appears on no map.",
    "A ledger of currency transactions written in invisible ink was shown to the court.",
    "He is said to have traded American cigarettes for icons.",
    "The evidence includes a sketch of a dam copied from a postcard.",
    "A stateless seaman held in the same prison was released at the same time.",
    "The affidavit of the hotel porter was read into the record.",
    "He kept a diary in shorthand which the investigators have been unable to decipher.",
    "The defense asked in vain that a dentist be allowed to see him.",
    "The indictment refers to a radio transmitter buried in a beehive.",
    "His repatriation was delayed because his birth certificate had been destroyed in a fire.",
    "The consul brought him oranges, socks and a crossword book.",
    "The interrogation lasted for nineteen consecutive nights.",
    "He was detained after his motorcycle broke down inside a restricted zone.",
    "The tribunal rejected a plea of diminished responsibility.",
)

# Each in about 1 of 25,000 documents.
VERY_RARE: tuple[str, ...] = (
    "A cartographer's notebook found in his luggage listed the railway bridges along the route.",
    "The only witness for the defense was a beekeeper from the neighbouring village.",
    "He has written to the court in Esperanto, which no one there can read.",
    "The prosecution exhibited a falconer's glove said to conceal a miniature camera.",
    "The judge is an amateur violinist and a former pupil of the defendant's uncle.",
    "His release was delayed by a quarrel over the return of a confiscated harmonium.",
    "The charge sheet mentions a consignment of taxidermy shipped under a false name.",
    "Guards found a sextant wrapped in oilcloth beneath the floor of his cabin.",
    "The court was told he had paid an informant in saffron.",
    "A glazier who repaired the embassy windows testified for the prosecution.",
    "His cell overlooks a brewery whose smell he describes as unbearable.",
    "The letter was smuggled out in the hollow handle of a hairbrush.",
    "He insists that the film in his camera showed nothing but a christening.",
    "A zither belonging to him was sold at auction to pay the costs of the trial.",
    "The indictment alleges that he signalled to aircraft with a heliograph.",
    "He is teaching his fellow prisoners the rules of lacrosse.",
    "The prison library holds a single English book, an almanac printed before the First World War.",
    "The search of his flat yielded a quantity of marzipan and a forged ration card.",
    "The militia officer who arrested him was later decorated for vigilance.",
    "Under questioning he recited the whole of a Gilbert and Sullivan operetta.",
)

# Notes as the numbered style prints them, after the number.
SHORT_NOTES: tuple[str, ...] = (
    "{month} {day}.",
    "Not printed.",
    "Not found in Department of State files.",
    "Telegram {number} from {capital}, {month} {day}; not printed.",
    "Telegram {number} to {capital}, {month} {day}; not printed.",
    "The memorandum is unsigned.",
    "The enclosure is not printed.",
    "Marginal notation: \u201cOK\u201d.",
    "{surname} was released on {month} {day} and left the country the following week.",
    "On {month} {day} the {authority} reduced the sentence to {years} years. (Ibid.)",
    "Ibid.",
    "In telegram {number} to {capital}, {month} {day}, the Department approved the approach. (Ibid.)",
    "The reply has not been found.",
)
CLASSIFICATIONS: tuple[str, ...] = (
    "Confidential.",
    "Secret.",
    "Confidential; Priority.",
    "Secret; Limdis.",
    "Unclassified.",
    "Secret; Priority; Exdis.",
    "Confidential; Noforn.",
    "Top Secret; Eyes Only.",
    "Secret; Nodis.",
    "Limited Official Use.",
    "Strictly Confidential.",
    "Top Secret.",
)
SUBJECT_NUMERIC = ("POL 29", "POL 23\u20136", "CON 3", "PS 7\u20136", "POL 17\u20131", "CSM 6")
DECIMAL_SUBJECTS = ("311", "361", "340", "362", "312", "123", "311", "361")
CLOSINGS = ("Sincerely,", "Sincerely yours,", "Faithfully yours,", "With best wishes,")
TIMES = (
    "9 a.m.",
    "10 a.m.",
    "11 a.m.",
    "noon",
    "1 p.m.",
    "2 p.m.",
    "3 p.m.",
    "4 p.m.",
    "5 p.m.",
    "6 p.m.",
    "7 p.m.",
    "8 p.m.",
    "9 p.m.",
    "10 p.m.",
    "11 p.m.",
    "midnight",
    "8 a.m.",
)
HOURS = (9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 8)

# A fixed mix for latency benchmarks: single words from common to very rare, two words (AND),
# phrases, prefixes, persons, file designations and a negation. The comments give the share of
# documents that match, measured over 100,000 documents (seed 1).
QUERY_MIX: list[str] = [
    "release",  # 79%
    "embassy",  # 81%
    "espionage",  # 45%
    "clemency",  # 29%
    "shipyard",  # 0.7%
    "telescope",  # 0.2%
    "samizdat",  # 0.1% (a rare sentence)
    "microfilm",  # 0.1%
    "cartographer",  # 0.001% (a very rare sentence)
    "beekeeper",  # 0.002%
    "espionage sentence",  # 35%
    "consul detained",  # 9.5%
    "pardon exchange",  # 14%
    '"release on probation"',  # 28%
    '"consular access"',  # 47%
    "releas*",  # 82%
    "deport*",  # 50%
    "Kowalski",  # the most named detainee: 15%
    "Lazar",  # a detainee in the middle of the pool: 0.9%
    "Hartwell",  # an officer of the Department: 1.1%
    "311.6121",  # a decimal file: 0.7%
    "POL 29",  # a subject-numeric file: 5.5%
    "espionage -pardon",  # 32%
]

# ---------------------------------------------------------------------------------------------
# The world: pools built once
# ---------------------------------------------------------------------------------------------

SEP = "\x07"  # between the sentences of a paragraph, until a document is finished
GROUPS = 8  # body templates fall into disjoint groups; a document takes a group at most once
PARAGRAPHS_PER_GROUP = 2500
PARAGRAPH_SIZES = (1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7)  # sentences, drawn uniformly
VERY_RARE_CHANCE = len(VERY_RARE) / 25_000  # so each very rare sentence is in ~1/25,000
RARE_CHANCE = VERY_RARE_CHANCE + len(RARE) / 900  # and each rare one in ~1/900
PAGE_CHARS = 1900  # characters of body text to a printed page (plain text)
MIN_BYTES, MAX_BYTES = 1024, 4096
CHUNK = 10_000  # plain-text documents made by one writer (one random stream)
MARKERS = tuple(str(n) for n in range(10))  # footnote markers by number
_LETTERS = frozenset(string.ascii_letters)


def _zipf(count: int, exponent: float = 1.0) -> list[float]:
    """Cumulative weights 1/rank**exponent, for bisect."""
    return list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))


def _fill(template: str, rng: random.Random, cumulative: dict[str, list[float]]) -> str:
    """One sentence from a template: each {slot} takes a Zipf-weighted word."""

    class Filler(dict[str, str]):
        def __missing__(self, key: str) -> str:
            words = SLOTS[key]
            weights = cumulative[key]
            return words[bisect(weights, rng.random() * weights[-1])]

    if "%" in template or SEP in template:
        raise ValueError(f"a template may not hold '%' or SEP: {template!r}")
    sentence = template.format_map(Filler())
    sentence = (sentence[0].upper() + sentence[1:]).translate(_KEYS)
    if not (sentence.endswith(".") and sentence[-2] in _LETTERS):
        # A footnote marker glued after the full stop must follow a letter ('trial.2');
        # a placeholder ends in 's' and is replaced by a name, which ends in a letter.
        raise ValueError(f"a sentence must end with a letter and a full stop: {sentence!r}")
    return sentence


@dataclass
class _World:
    paragraphs: list[list[str]]  # per group: sentences joined by SEP
    orders: list[tuple[int, ...]]  # permutations of the groups
    telegram_openers: list[str]
    memo_openers: list[str]
    letter_openers: list[str]
    detainee_weights: list[float]
    rosters: dict[int, dict[str, Person]]  # period -> office -> person
    chiefs: dict[tuple[str, int], Person]  # (country, period) -> chief of mission
    year_start: dict[int, int]  # year -> ordinal of 1 January
    short_notes: dict[str, list[str]]  # country -> notes (with the SUBJECT placeholder)

    def roster(self, year: int) -> dict[str, Person]:
        return self.rosters[(year - 1924) // PERIOD]

    def chief(self, country: Country, year: int) -> Person:
        return self.chiefs[(country.abbreviation, (year - 1924) // PERIOD)]

    def detainee(self, rng: random.Random) -> Person:
        weights = self.detainee_weights
        return DETAINEES[bisect(weights, rng.random() * weights[-1])]


@functools.cache
def _world() -> _World:
    """The corpus's language and cast, the same for every seed (QUERY_MIX depends on it)."""
    rng = random.Random("glienicke synthetic corpus, world 1")
    cumulative = {key: _zipf(len(words)) for key, words in SLOTS.items()}
    for sentence in (*RARE, *VERY_RARE):
        _fill(sentence, rng, cumulative)  # checks the endings

    def variants(templates: Sequence[str], count: int) -> list[list[str]]:
        return [[_fill(t, rng, cumulative) for _ in range(count)] for t in templates]

    def flat(templates: Sequence[str], count: int) -> list[str]:
        made = [s for group in variants(templates, count) for s in group]
        rng.shuffle(made)
        return made

    body = variants(BODY_TEMPLATES, 200)
    indices = list(range(len(BODY_TEMPLATES)))
    rng.shuffle(indices)
    paragraphs = []
    for group in range(GROUPS):
        members = indices[group::GROUPS]
        paragraphs.append(
            [
                SEP.join(
                    _pick(rng, body[index])
                    for index in rng.sample(members, _pick(rng, PARAGRAPH_SIZES))
                )
                for _ in range(PARAGRAPHS_PER_GROUP)
            ]
        )
    periods = range((1976 - 1924) // PERIOD + 1)
    rosters = {
        period: dict(zip(OFFICES, rng.sample(HOME, len(OFFICES)), strict=True))
        for period in periods
    }
    chiefs = {}  # chiefs of mission: officials not in Washington in that period
    for period in periods:
        abroad = [person for person in HOME if person not in rosters[period].values()]
        chosen = rng.sample(abroad, len(COUNTRIES))
        for country, person in zip(COUNTRIES, chosen, strict=True):
            chiefs[(country.abbreviation, period)] = person
    return _World(
        paragraphs=paragraphs,
        orders=[tuple(rng.sample(range(GROUPS), GROUPS)) for _ in range(1000)],
        telegram_openers=flat(TELEGRAM_OPENERS, 40),
        memo_openers=flat(MEMO_OPENERS, 40),
        letter_openers=flat(LETTER_OPENERS, 40),
        detainee_weights=_zipf(len(DETAINEES), 0.9),
        rosters=rosters,
        chiefs=chiefs,
        year_start={y: date(y, 1, 1).toordinal() for y in range(1920, 1980)},
        short_notes={
            c.abbreviation: [_short_note(rng, c, SUBJECT) for _ in range(400)] for c in COUNTRIES
        },
    )


_T = TypeVar("_T")
_A = TypeVar("_A")


def _pick(rng: random.Random, items: Sequence[_T]) -> _T:
    return items[int(rng.random() * len(items))]


def _body(rng: random.Random, world: _World, budget: int, first: str) -> list[str]:
    """Paragraphs (sentences joined by SEP, placeholders unreplaced) of about `budget`
    characters: 2-6 paragraphs, each from a different group, so no sentence repeats; `first`
    opens the first; now and then a rare or very rare sentence goes in."""
    draw = rng.random
    pools = world.paragraphs
    order = world.orders[int(draw() * len(world.orders))]
    paragraphs: list[str] = []
    length = len(first)
    for group in order[:6]:
        paragraph = pools[group][int(draw() * PARAGRAPHS_PER_GROUP)]
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
        if length >= budget and len(paragraphs) >= 2:
            break
    paragraphs[0] = first + SEP + paragraphs[0]
    roll = draw()
    if roll < RARE_CHANCE:
        which = int(draw() * len(paragraphs))
        extra = _pick(rng, VERY_RARE) if roll < VERY_RARE_CHANCE else _pick(rng, RARE)
        paragraphs[which] += SEP + extra
    return paragraphs


def _attach(rng: random.Random, paragraphs: list[str], pieces: Sequence[str], glued: bool) -> int:
    """Put pieces, in order, after distinct sentences: note elements, or with `glued` footnote
    markers, which go after the full stop or sometimes after a comma ('Monday,2') and never
    right after a name (see _glue_spot). Returns how many were placed (fewer only if there
    are fewer places than pieces)."""
    if not pieces:
        return 0
    draw = rng.random
    count = len(paragraphs)
    if len(pieces) <= count:  # the usual case: one piece to a paragraph
        chosen: set[int] = set()
        while len(chosen) < len(pieces):
            chosen.add(int(draw() * count))
        spots: list[tuple[int, int]] = []
        for index in sorted(chosen):
            paragraph = paragraphs[index]
            at = paragraph.find(SEP, int(draw() * len(paragraph)))
            at = len(paragraph) if at == -1 else at
            if glued:
                at = _marker_spot(paragraph, at, draw() < 0.35)
                if at == -1:
                    break
            spots.append((index, at))
        else:
            for piece, (index, at) in zip(pieces, spots, strict=True):
                paragraph = paragraphs[index]
                paragraphs[index] = paragraph[:at] + piece + paragraph[at:]
            return len(pieces)
    # Otherwise choose among every acceptable place, in reading order.
    slots: list[tuple[int, int]] = []
    for index, paragraph in enumerate(paragraphs):
        end = paragraph.find(SEP)
        while True:
            stop = len(paragraph) if end == -1 else end
            at = _glue_spot(paragraph, stop, False) if glued else stop
            if at != -1:
                slots.append((index, at))
            if end == -1:
                break
            end = paragraph.find(SEP, end + 1)
    placed = min(len(pieces), len(slots))
    picked = sorted(rng.sample(range(len(slots)), placed))
    for number in range(placed - 1, -1, -1):  # from the end, so positions stay valid
        index, at = slots[picked[number]]
        paragraph = paragraphs[index]
        paragraphs[index] = paragraph[:at] + pieces[number] + paragraph[at:]
    return placed


def _glue_spot(paragraph: str, end: int, comma: bool) -> int:
    """Where a footnote marker can go in the sentence ending at `end`: after its full stop
    or (preferred with `comma`) after a comma that follows a word; -1 if only after a name. A
    name is a placeholder here ('...%(subject)s.') and may end in a letter such as 'ć', after
    which a marker would not be read as one."""
    after_name = paragraph[end - 3] == ")"
    if comma or after_name:
        start = paragraph.rfind(SEP, 0, end) + 1
        at = paragraph.find(", ", start, end)
        while at != -1:
            if paragraph[at - 1] in _LETTERS and paragraph[at - 2] != ")":
                return at + 1
            at = paragraph.find(", ", at + 2, end)
    return -1 if after_name else end


def _marker_spot(paragraph: str, end: int, comma: bool) -> int:
    """A place for a footnote marker in the sentence ending at `end`, or failing that in
    another sentence of the same paragraph; -1 if there is none."""
    at = end
    while True:
        spot = _glue_spot(paragraph, at, comma)
        if spot != -1:
            return spot
        if at == len(paragraph):
            break
        following = paragraph.find(SEP, at + 1)
        at = len(paragraph) if following == -1 else following
    at = paragraph.find(SEP)
    while at != -1 and at < end:
        spot = _glue_spot(paragraph, at, comma)
        if spot != -1:
            return spot
        at = paragraph.find(SEP, at + 1)
    return -1


def _paginate(
    rng: random.Random,
    paragraphs: list[str],
    room: int,
    page_chars: int,
    page: int,
    marker: str,
    glue: bool,
) -> tuple[list[str], list[bool], int, int]:
    """Page breaks where the text fills a page: at a sentence boundary or inside the next
    sentence, or, when a paragraph ends first, between paragraphs (on a line of its own, or
    with `glue` sometimes glued to the next paragraph: '[Page 181]In the event ...'). The
    marker is a format string taking the new page's number. Returns the paragraphs, which of
    them are breaks alone, the room left on the page and the page."""
    draw = rng.random
    out: list[str] = []
    alone: list[bool] = []
    pending = ""
    total = 0
    for paragraph in paragraphs:
        total += len(paragraph)
    if total <= room:  # no break in this text
        return paragraphs, [False] * len(paragraphs), room - total, page
    for paragraph in paragraphs:
        if pending:
            if glue and draw() < 0.4:
                paragraph = pending + paragraph
            else:
                out.append(pending)
                alone.append(True)
            pending = ""
        length = len(paragraph)
        if room >= length:
            room -= length
        else:
            page += 1
            at = paragraph.find(SEP, room)
            if at == -1:
                pending = marker.format(page)
            elif draw() < 0.5:
                paragraph = f"{paragraph[: at + 1]}{marker.format(page)} {paragraph[at + 1 :]}"
            else:
                space = paragraph.find(" ", at + 1)
                if space == -1:
                    space = len(paragraph)
                paragraph = f"{paragraph[:space]} {marker.format(page)}{paragraph[space:]}"
            room = page_chars - (length - room)
        out.append(paragraph)
        alone.append(False)
    return out, alone, room, page


def _period(text: str) -> str:
    """A sentence's full stop, unless the text already ends with one ('9 p.m.')."""
    return text if text.endswith(".") else text + "."


def _ymd(ordinal: int) -> tuple[int, int, int]:
    day = date.fromordinal(ordinal)
    return day.year, day.month, day.day


def _telegram_number(
    country: Country, outgoing: bool, ordinal: int, year: int, world: _World, rng: random.Random
) -> int:
    """A telegram's number in its series (post and direction): it counts up through the year."""
    rate = country.rate + (0 if outgoing else 1)
    return (ordinal - world.year_start[year]) * rate + 1 + int(rng.random() * rate)


def _source_files(year: int) -> str:
    """The span of the Central Files a year falls in: '1964-66', printed with an en dash."""
    if year < 1960:
        start = year - (year - 1950) % 5
        end = start + 4
    elif year < 1964:
        start, end = 1960, 1963
    else:
        start = year - (year - 1964) % 3
        end = start + 2
    return f"{start}\u2013{str(end)[2:]}"


# ---------------------------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------------------------


class _Case:
    """A detention followed through documents."""

    __slots__ = (
        "counterpart",
        "country",
        "day",
        "detainee",
        "file",
        "last_in",
        "last_out",
        "left",
        "names",
        "number",
        "official",
        "step",
    )

    def __init__(self, rng: random.Random, world: _World) -> None:
        self.detainee = world.detainee(rng)
        self.country = _pick(rng, COUNTRIES)
        earliest = max(FIRST_DAY, date(self.country.since, 1, 1).toordinal())
        self.day = earliest + int(rng.random() * (LAST_DAY - 400 - earliest))
        self.left = 2 + int(300 * rng.random() ** 5)  # documents still to come
        span = 60 + int(rng.random() * 900)  # days the case runs
        self.step = max(1.0, 2 * span / self.left)
        self.counterpart = _pick(rng, self.country.nationals)
        self.official = _pick(rng, self.country.officials)
        subject = _pick(rng, DECIMAL_SUBJECTS)
        other = _pick(rng, ("11", "21", "", "11"))
        self.file = f"{subject}.{self.country.code}{other} {self.detainee.surname}, {self.detainee.initials}"
        self.number = 1 + int(rng.random() * 40)  # the file's next document number
        self.last_in: tuple[int, str] | None = None  # number, 'March 20, 9 p.m.'
        self.last_out: tuple[int, str] | None = None
        self.names = _names(
            self.country, self.detainee.surname, self.official.surname, self.counterpart.surname
        )


@dataclass(slots=True)
class _Parts:
    """A plain-text document before its body is chosen."""

    header: str = ""
    frus: bool = False  # '73. Letter From ...' (the heading is the header)
    heading: str = ""
    dateline: str = ""
    salutation: str = ""
    lead: str = ""  # '342. Your 550, March 20, 9 p.m. ' or 'Mr. Secretary: '
    first: str = ""
    numbered: bool = False  # telegram paragraphs numbered 1., 2., ...
    closing: str = ""
    signature: str | None = None
    notes: list[str] = field(default_factory=list)
    listed: bool = False  # '- Source: ...↩' rather than '  1. ...'
    source: bool = False  # the first note is the source note (its marker is on the heading)
    tight: bool = False  # paragraphs on consecutive lines, as in FRUS letters

    def render(self, rng: random.Random, world: _World, names: dict[str, str]) -> str:
        """The text, between MIN_BYTES and MAX_BYTES in UTF-8 (a body of another length is
        drawn if the first misses)."""
        target = 1150 + int(2700 * (rng.random() + rng.random()) / 2)
        text = ""
        for _ in range(40):
            text = self._compose(rng, world, target, names)
            size = len(text)  # characters: at most the bytes, so enough for the lower bound
            if size > MAX_BYTES - 200:
                size = len(text.encode("utf-8"))
            if MIN_BYTES <= size <= MAX_BYTES:
                return text
            target += 2500 - size
        return text

    def _compose(
        self, rng: random.Random, world: _World, target: int, names: dict[str, str]
    ) -> str:
        draw = rng.random
        notes = self.notes
        marked_heading = self.source and bool(notes)
        head = [self.header if self.frus else f"{self.header}\n\n{self.heading}"]
        if marked_heading:
            head[0] += "1"
        if self.dateline:
            head.append(self.dateline)
        if self.salutation:
            head.append(self.salutation)
        tail: list[str] = []
        if self.closing:
            tail.append(self.closing)
        if self.signature:
            tail.append(self.signature)
        top = "\n".join(head) if self.tight else "\n\n".join(head)
        fixed = len(top) + len(self.lead) + 50
        for note in notes:
            fixed += len(note) + 12
        paragraphs = _body(rng, world, target - fixed, self.first)
        kept = notes
        if notes:
            first_number = 2 if marked_heading else 1
            placed = _attach(rng, paragraphs, MARKERS[first_number : len(notes) + 1], True)
            kept = notes[: first_number - 1 + placed]
        if self.numbered:
            paragraphs = [f"{n}. {p}" for n, p in enumerate(paragraphs, 1)]
        paragraphs[0] = self.lead + paragraphs[0]
        paragraphs = _paginate(
            rng,
            paragraphs,
            int(draw() * PAGE_CHARS),
            PAGE_CHARS,
            int(draw() * 1400),
            "[Page {}]",
            not self.numbered,
        )[0]
        if self.listed:
            tail += [f"- {note}\u21a9" for note in kept]
        else:
            tail += [f"  {n}. {note}" for n, note in enumerate(kept, 1)]
        between = "\n" if self.tight else "\n\n"
        body = between.join(paragraphs).replace(SEP, " ") % names
        if tail:
            return top + between + body + between + "\n".join(tail) + "\n"
        return top + between + body + "\n"


class _TextWriter:
    CASES = 48

    def __init__(self, seed: int, chunk: int) -> None:
        self.rng = random.Random(f"glienicke text {seed} {chunk}")
        self.world = _world()
        self.cases = [_Case(self.rng, self.world) for _ in range(self.CASES)]
        self.headings: dict[tuple[str, int, bool, bool], tuple[str, str, str, str]] = {}

    def document(self) -> str:
        rng = self.rng
        draw = rng.random
        world = self.world
        slot = int(draw() * self.CASES)
        case = self.cases[slot]
        case.day = min(LAST_DAY, case.day + int(draw() * case.step))
        case.left -= 1
        if case.left <= 0:
            self.cases[slot] = _Case(rng, world)
        when = date.fromordinal(case.day)
        year, month, day = when.year, when.month, when.day
        roster = world.rosters[(year - 1924) // PERIOD]
        kind = draw()
        if kind < 0.45:
            parts = self._telegram(case, year, month, day, roster)
        elif kind < 0.8:
            parts = self._memorandum(case, year, month, day, roster)
        else:
            parts = self._letter(case, year, month, day, roster)
        return parts.render(rng, world, case.names)

    def _header(self, case: _Case, year: int, kind: str, heading: str) -> _Parts:
        """A file designation (decimal before 1963, after it often subject-numeric) above the
        heading, or a numbered FRUS heading alone."""
        rng = self.rng
        draw = rng.random
        parts = _Parts()
        if draw() < (0.2 if year < 1963 else 0.6):
            parts.header = f"{1 + int(draw() * 480)}. {heading}"
            parts.frus = True
            return parts
        if year < 1963 or draw() < 0.5:
            number = case.number
            case.number += 1 if draw() < 0.9 else 0
            fraction = _pick(rng, ("\u00bc", "\u00bd", "\u00be")) if draw() < 0.08 else ""
            designation = f"{case.file}/{number}{fraction}"
        else:
            designation = f"{_pick(rng, SUBJECT_NUMERIC)} {case.country.abbreviation}"
        parts.header = f"{designation}: Telegram" if kind == "telegram" else designation
        return parts

    def _telegram(
        self, case: _Case, year: int, month: int, day: int, roster: dict[str, Person]
    ) -> _Parts:
        rng = self.rng
        draw = rng.random
        world = self.world
        country = case.country
        outgoing = draw() < 0.5
        acting = outgoing and draw() < 0.15
        key = (country.abbreviation, year, outgoing, acting)
        known = self.headings.get(key)
        if known is None:
            known = self.headings[key] = self._headings(country, year, outgoing, acting, roster)
        heading, frus_heading, place, signature = known
        parts = self._header(case, year, "telegram", frus_heading)
        parts.heading = heading
        hour = int(draw() * len(TIMES))
        sent = f"{HOURS[hour]:02d}{int(draw() * 6) * 10:02d}Z" if year >= 1960 else TIMES[hour]
        if parts.frus or draw() < 0.3:
            parts.dateline = _period(f"{place}, {MONTHS[month - 1]} {day}, {year}, {sent}")
        number = _telegram_number(country, outgoing, case.day, year, world, rng)
        answered = case.last_in if outgoing else case.last_out
        if answered is not None and draw() < 0.8:
            word = "Your" if outgoing else ("Reftel" if draw() < 0.3 else "Deptel")
            reference = f"{word} {answered[0]}, {answered[1]}"
        elif draw() < 0.3:
            when = date.fromordinal(case.day - 1 - int(draw() * 20))
            word = "Your" if outgoing else "Deptel"
            reference = _period(
                f"{word} {1 + int(draw() * max(1, number - 1))}, {MONTHS[when.month - 1]}"
                f" {when.day}, {_pick(rng, TIMES)}"
            )
        else:
            reference = ""
        stamp = _period(f"{MONTHS[month - 1]} {day}, {sent}")  # as a reply will cite it
        if outgoing:
            case.last_out = (number, stamp)
        else:
            case.last_in = (number, stamp)
        parts.lead = f"{number}. {reference} " if reference else f"{number}. "
        parts.numbered = draw() < 0.25
        parts.first = _pick(rng, world.telegram_openers)
        parts.signature = signature
        self._notes(parts, case, year, roster, telegram=True)
        return parts

    def _headings(
        self, country: Country, year: int, outgoing: bool, acting: bool, roster: dict[str, Person]
    ) -> tuple[str, str, str, str]:
        """A telegram's heading, FRUS heading, place and signature."""
        chief = self.world.chief(country, year)
        if outgoing:
            signer = roster[UNDER] if acting else roster[SECRETARY]
            return (
                f"The {'Acting ' if acting else ''}Secretary of State to the "
                f"{country.chief(year)} ({chief.surname})",
                f"Telegram From the Department of State to the {country.mission(year)}",
                "Washington",
                signer.surname,
            )
        return (
            f"The {country.chief(year)} ({chief.surname}) to the Secretary of State",
            f"Telegram From the {country.mission(year)} to the Department of State",
            country.seat,
            chief.surname,
        )

    def _memorandum(
        self, case: _Case, year: int, month: int, day: int, roster: dict[str, Person]
    ) -> _Parts:
        rng = self.rng
        draw = rng.random
        sender_office = _pick(rng, MEMO_SENDERS)
        recipient_office = _pick(rng, MEMO_RECIPIENTS)
        if recipient_office == sender_office:
            recipient_office = SECRETARY
        sender, recipient = roster[sender_office], roster[recipient_office]
        parties = f"the {sender_office} ({sender.surname}) to the {recipient_office} ({recipient.surname})"
        parts = self._header(case, year, "memorandum", f"Memorandum From {parties}")
        parts.heading = f"Memorandum by {parties}"
        if parts.frus or draw() < 0.2:
            parts.dateline = f"Washington, {MONTHS[month - 1]} {day}, {year}."
        salute = "Mr. Secretary" if recipient_office == SECRETARY else f"Mr. {recipient.surname}"
        parts.lead = f"{salute}: " if draw() < 0.6 else ""
        parts.first = _pick(rng, self.world.memo_openers)
        self._notes(parts, case, year, roster, telegram=False)
        return parts

    def _letter(
        self, case: _Case, year: int, month: int, day: int, roster: dict[str, Person]
    ) -> _Parts:
        rng = self.rng
        draw = rng.random
        title = SECRETARY if draw() < 0.6 else UNDER
        sender = roster[title]
        which = draw()
        if which < 0.55:
            recipient = roster[ATTORNEY]
            to_frus = f"Attorney General {recipient.surname}"
            to_long = f"the Attorney General ({recipient.surname})"
            salutation = (
                f"Dear {recipient.forenames.split()[0]}:"
                if draw() < 0.6
                else "Dear Mr. Attorney General:"
            )
        elif which < 0.75:
            office = "Director of the Federal Bureau of Investigation"
            recipient = roster[office]
            to_frus = f"{office} {recipient.surname}"
            to_long = f"the {office} ({recipient.surname})"
            salutation = f"Dear Mr. {recipient.surname}:"
        else:  # a relative of the detainee
            recipient = Person(case.detainee.surname, _pick(rng, ("Ellen", "Martha", "Louise")))
            to_frus = to_long = f"Mrs. {recipient.full}"
            salutation = f"Dear Mrs. {recipient.surname}:"
        parts = self._header(
            case, year, "letter", f"Letter From {title} {sender.surname} to {to_frus}"
        )
        parts.heading = f"The {title} to {to_long}"
        if draw() < 0.3:
            parts.dateline = f"Washington, {MONTHS[month - 1]} {day}, {year}."
        parts.salutation = salutation
        parts.closing = _pick(rng, CLOSINGS)
        parts.signature = sender.full if draw() < 0.4 else None
        parts.first = _pick(rng, self.world.letter_openers)
        parts.tight = parts.frus and draw() < 0.7
        self._notes(parts, case, year, roster, telegram=False)
        return parts

    def _notes(
        self, parts: _Parts, case: _Case, year: int, roster: dict[str, Person], telegram: bool
    ) -> None:
        """A source note (always under a FRUS heading, sometimes otherwise) and 0-3 others."""
        rng = self.rng
        draw = rng.random
        parts.listed = parts.frus and draw() < 0.7
        parts.source = parts.frus or draw() < 0.3
        notes = [self._source(case, year, roster, telegram)] if parts.source else []
        extra = int(draw() * draw() * 4)
        if extra:
            pool = self.world.short_notes[case.country.abbreviation]
            names = case.names
            notes += [pool[int(draw() * 400)] % names for _ in range(extra)]
        parts.notes = notes

    def _source(self, case: _Case, year: int, roster: dict[str, Person], telegram: bool) -> str:
        rng = self.rng
        draw = rng.random
        country = case.country
        decimal = f"{case.file.split()[0]}/{1 + int(draw() * 900)}"
        if year >= 1950:
            designation = (
                f"{_pick(rng, SUBJECT_NUMERIC)} {country.abbreviation}" if year >= 1963 else decimal
            )
            citation = (
                "National Archives and Records Administration, RG 59, Central Files"
                f" {_source_files(year)}, {designation}"
            )
        elif draw() < 0.7:
            citation = f"Department of State, Central Files, {decimal}"
        else:
            citation = (
                f"Department of State, {roster['Legal Adviser'].surname} Files:"
                f" Lot {50 + int(draw() * 30)} D {1 + int(draw() * 500)}, Detention Cases"
            )
        office = _pick(rng, MEMO_SENDERS)
        drafter = roster[office]
        cleared = roster[_pick(rng, MEMO_SENDERS)]
        how = draw()
        if how < 0.4:
            other = roster[_pick(rng, MEMO_SENDERS)]
            staff = f" Drafted by {drafter.full} and cleared with {cleared.surname} and {other.surname}."
        elif how < 0.7:
            staff = f" Drafted by the {office}, {drafter.full}, and cleared with {cleared.surname}."
        elif how < 0.85:
            staff = f" Drafted by {drafter.full} and approved by {cleared.surname}."
        else:
            staff = ""
        if telegram and draw() < 0.4:
            staff += f" Repeated to {_pick(rng, ('Bonn', 'London', 'Paris', 'Vienna', 'Geneva'))}."
        return f"Source: {citation}. {_pick(rng, CLASSIFICATIONS)}{staff}"


def _names(country: Country, subject: str, official: str, counterpart: str) -> dict[str, str]:
    """What the placeholders of one document stand for."""
    return {
        "subject": subject,
        "official": official,
        "counterpart": counterpart,
        "adjective": country.adjective,
        "country": country.name,
        "capital": country.capital,
    }


def _short_note(rng: random.Random, country: Country, surname: str) -> str:
    draw = rng.random
    template = _pick(rng, SHORT_NOTES)
    if "{" not in template:
        return template
    return template.format(
        month=MONTHS[int(draw() * 12)],
        day=1 + int(draw() * 28),
        number=1 + int(draw() * 900),
        capital=country.seat,
        surname=surname,
        authority=_pick(rng, SLOTS["authority"]),
        years=_pick(rng, SLOTS["years"]),
    )


def _chunk(seed: int, chunk: int, count: int) -> Iterator[tuple[str, str]]:
    """The first `count` documents of a chunk: each chunk of CHUNK documents has a writer
    (a random stream and cases) of its own, so chunks can be made in any order, or at once."""
    writer = _TextWriter(seed, chunk)
    start = chunk * CHUNK
    for index in range(start, start + count):
        yield f"t{index:07d}.txt", writer.document()


def text_documents(count: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """(file name, text) pairs, e.g. ('t0000042.txt', '...'); the first n documents are the
    same whatever the count."""
    for start in range(0, count, CHUNK):
        yield from _chunk(seed, start // CHUNK, min(CHUNK, count - start))


def _write_chunk(task: tuple[Path | None, int, int, int, int]) -> int:
    """One chunk's files (or, with no folder, its size only); returns bytes."""
    folder, seed, chunk, count, per_folder = task
    written = 0
    made: set[Path] = set()
    for name, text in _chunk(seed, chunk, count):
        data = text.encode("utf-8")
        written += len(data)
        if folder is not None:
            target = folder / f"{int(name[1:8]) // per_folder:04d}"
            if target not in made:
                target.mkdir(parents=True, exist_ok=True)
                made.add(target)
            (target / name).write_bytes(data)
    return written


def _run(work: Callable[[_A], int], tasks: list[_A], jobs: int) -> int:
    """Sum of work over tasks, in `jobs` processes (forked, where the platform can)."""
    if jobs <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return sum(work(task) for task in tasks)
    _world()  # built once, inherited by the forked workers
    with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks))) as pool:
        return sum(pool.imap_unordered(work, tasks))


def write_text_corpus(
    folder: Path, count: int, seed: int = 1, per_folder: int = 10_000, jobs: int = 1
) -> int:
    """Writes count files into subfolders folder/0000, folder/0001, ... of at most per_folder
    files; returns bytes written. The files are the same whatever `jobs` (processes)."""
    if per_folder < 1:
        raise ValueError("per_folder must be at least 1")
    tasks = [
        (folder, seed, start // CHUNK, min(CHUNK, count - start), per_folder)
        for start in range(0, count, CHUNK)
    ]
    return _run(_write_chunk, tasks, jobs)


# ---------------------------------------------------------------------------------------------
# TEI
# ---------------------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


PAGE_BREAK = '<pb n="{0}" xml:id="pg_{0}" facs="{0:04d}"/>'


class _Volume:
    """One volume: a region, a few years, and a cast listed as it is first named."""

    PAGE = 2600  # characters of text to a printed page

    def __init__(self, volume: int, documents: int, seed: int) -> None:
        rng = self.rng = random.Random(f"glienicke tei {seed} {volume}")
        world = self.world = _world()
        self.volume = volume
        self.documents = documents
        self.countries = rng.sample(COUNTRIES, 1 + int(rng.random() * 3))
        since = max(c.since for c in self.countries)
        self.start_year = since + int(rng.random() * (1972 - since))
        self.day = date(self.start_year, 1, 1).toordinal() + int(rng.random() * 300)
        span = 365 * (2 + int(rng.random() * 4))
        self.step = max(1.0, 2 * span / max(1, documents))
        self.ids: dict[Person, str] = {}
        self.listed: dict[str, tuple[Person, str]] = {}  # xml:id -> person, description
        cast: list[tuple[Person, Country]] = []
        seen: set[Person] = set()
        while len(cast) < min(len(DETAINEES), 3 + documents // 10):
            person = world.detainee(rng)
            if person not in seen:
                seen.add(person)
                cast.append((person, _pick(rng, self.countries)))
        self.cast = cast
        self.cast_weights = _zipf(len(cast))
        self.page = 1 + int(rng.random() * 20)
        self.room = self.PAGE
        self.last_document: dict[Person, int] = {}
        self.last_telegram: dict[tuple[str, bool], tuple[int, int, str]] = {}

    def person(self, who: Person, description: str, text: str | None = None) -> str:
        """A `persName corresp` naming someone, who is put on the list of persons."""
        ident = self.ids.get(who)
        if ident is None:
            initials = _ascii(who.surname)[:1] + "".join(
                _ascii(part)[:1]
                for part in who.forenames.replace("-", " ").replace(".", " ").split()
            )
            number = 1
            while f"p_{initials}{number}" in self.listed:
                number += 1
            ident = self.ids[who] = f"p_{initials}{number}"
            self.listed[ident] = (who, description)
        return f'<persName corresp="#{ident}">{text or who.surname}</persName>'

    def official(self, office: str, year: int) -> tuple[Person, str]:
        who = self.world.roster(year)[office]
        start = 1924 + (year - 1924) // PERIOD * PERIOD
        return who, f"{office}, {start}\u2013{start + PERIOD - 1}"

    def persons(self) -> str:
        items = [
            f'<item><hi rend="strong"><persName xml:id="{ident}">{who.indexed}</persName>,</hi>'
            f" {description}</item>"
            for ident, (who, description) in sorted(
                self.listed.items(), key=lambda item: (_ascii(item[1][0].indexed), item[0])
            )
        ]
        return (
            '<div type="section" xml:id="persons">\n<head><hi rend="strong">Persons</hi></head>\n'
            '<list type="names">\n' + "\n".join(items) + "\n</list>\n</div>"
        )

    def page_break(self) -> str:
        self.page += 1
        return PAGE_BREAK.format(self.page)

    def render(self) -> str:
        rng = self.rng
        count = self.documents
        chapters = count >= 40 and rng.random() < 0.5
        per_chapter = max(20, count // (2 + int(rng.random() * 4))) if chapters else count
        body: list[str] = []
        for n in range(1, count + 1):
            if chapters and (n - 1) % per_chapter == 0:
                if n > 1:
                    body.append("</div>")
                year = date.fromordinal(self.day).year
                body.append(
                    f'<div type="chapter" xml:id="ch{(n - 1) // per_chapter + 1}">\n'
                    f"<head>Detained Nationals, {year}\u2013{year + 1}</head>"
                )
            if self.room < self.PAGE // 4 or rng.random() < 0.15:
                body.append(self.page_break())
                self.room = self.PAGE
            body.append(self.document(n))
        if chapters:
            body.append("</div>")
        else:
            body = ['<div type="compilation" xml:id="compilation">', *body, "</div>"]
        return self.tei("\n".join(body))

    def tei(self, body: str) -> str:
        ident = f"synth{self.volume:05d}"
        end_year = date.fromordinal(self.day).year
        region = ", ".join(c.name.removeprefix("the ") for c in self.countries)
        years = (
            f"{self.start_year}\u2013{end_year}" if end_year > self.start_year else f"{end_year}"
        )
        series = "Synthetic Papers on Detained Nationals"
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<TEI xmlns="{TEI_NS}" xmlns:frus="{FRUS_NS}" xml:id="{ident}">\n'
            "<teiHeader>\n<fileDesc>\n<titleStmt>\n"
            f'<title type="complete">{series}, {years}, Volume {self.volume}, {region}</title>\n'
            f'<title type="series">{series}</title>\n'
            f'<title type="sub-series">{years}</title>\n'
            f'<title type="volume-number">Volume {self.volume}</title>\n'
            f'<title type="volume">{region}</title>\n'
            '<editor role="primary">bench/corpus.py</editor>\n'
            "</titleStmt>\n<publicationStmt>\n<publisher>glienicke benchmarks</publisher>\n"
            f'<date>{end_year + 30}</date>\n<idno type="frus">{ident}</idno>\n'
            "</publicationStmt>\n<sourceDesc>\n<p>Generated; every sentence and name is"
            " invented.</p>\n</sourceDesc>\n</fileDesc>\n</teiHeader>\n"
            f"<text>\n<front>\n{self.persons()}\n</front>\n<body>\n{body}\n</body>\n</text>\n</TEI>\n"
        )

    def document(self, n: int) -> str:
        rng = self.rng
        draw = rng.random
        world = self.world
        self.day += int(draw() * self.step)
        year, month, day = _ymd(self.day)
        detainee, country = self.cast[bisect(self.cast_weights, draw() * self.cast_weights[-1])]
        counterpart = _pick(rng, country.nationals)
        official = _pick(rng, country.officials)
        roster = world.roster(year)
        adjective = country.adjective
        names = _names(
            country,
            self.person(detainee, f"American {_occupation(detainee)} detained in {country.name}"),
            self.person(official, f"official of the {adjective} Foreign Ministry"),
            self.person(counterpart, f"{adjective} national held in the United States"),
        )
        notes: list[str] = []  # after the source note: n = 2, 3, ...
        earlier = self.last_document.get(detainee)
        if earlier is None and n > 1 and draw() < 0.3:
            earlier = 1 + int(draw() * (n - 1))
        if earlier is not None and draw() < 0.5:
            notes.append(f'See <ref target="#d{earlier}">Document {earlier}</ref>.')
        pool = world.short_notes[country.abbreviation]
        for _ in range(int(draw() * draw() * 3)):
            notes.append(pool[int(draw() * len(pool))])
        when = f"{year:04d}-{month:02d}-{day:02d}"
        shown = f"{MONTHS[month - 1]} {day}, {year}"
        place = "Washington"
        closer = extra = lead = ""
        first_pool = world.memo_openers
        kind = draw()
        if kind < 0.45:
            heading, place, lead, closer, when, shown = self._telegram(
                n, country, year, when, shown, roster
            )
            first_pool = world.telegram_openers
        elif kind < 0.65:
            sender, sender_role = self.official(_pick(rng, MEMO_SENDERS), year)
            recipient, recipient_role = self.official(_pick(rng, MEMO_RECIPIENTS), year)
            heading = (
                f'Memorandum From the <gloss type="from">{sender_role.split(",")[0]}'
                f" ({self.person(sender, sender_role)})</gloss> to the"
                f' <gloss type="to">{recipient_role.split(",")[0]}'
                f" ({self.person(recipient, recipient_role)})</gloss>"
            )
        elif kind < 0.78:
            heading = "Memorandum of Conversation"
            host, host_role = self.official(_pick(rng, MEMO_SENDERS), year)
            extra = (
                '<list type="subject">\n<head>SUBJECT</head>\n'
                f"<item>Case of {SUBJECT}</item>\n</list>\n"
                '<list type="participants">\n<head>PARTICIPANTS</head>\n'
                f"<item>{self.person(official, f'official of the {adjective} Foreign Ministry', official.full)},"
                f" {adjective} Foreign Ministry</item>\n"
                f"<item>{self.person(host, host_role, host.full)}, {host_role.split(',')[0]}</item>\n"
                "</list>"
            )
        elif kind < 0.95:
            sender, sender_role = self.official(SECRETARY, year)
            recipient, recipient_role = self.official(ATTORNEY, year)
            heading = (
                f'Letter From <gloss type="from">Secretary of State {self.person(sender, sender_role)}</gloss>'
                f' to <gloss type="to">Attorney General {self.person(recipient, recipient_role)}</gloss>'
            )
            closer = (
                f"<closer>\n<salute>{_pick(rng, CLOSINGS)}</salute>\n"
                f"<signed>{self.person(sender, sender_role, sender.full)}</signed>\n</closer>"
            )
            first_pool = world.letter_openers
        else:
            heading = "Editorial Note"
        editorial = heading == "Editorial Note"
        head = f"<head>{n}. {heading}"
        if not editorial:
            source = self._source(country, year, roster, kind < 0.45)
            head += f'<note n="1" xml:id="d{n}fn1" type="source">{source}</note>'
        low, high = (when, when) if "T" in when else (f"{when}T00:00:00Z", f"{when}T23:59:59Z")
        parts = [
            f'<div type="document" xml:id="d{n}" n="{n}" frus:doc-dateTime-min="{low}"'
            f' frus:doc-dateTime-max="{high}">',
            head + "</head>",
        ]
        if not editorial:
            parts.append(
                f"<dateline><placeName>{place}</placeName>, "
                f'<date when="{when}">{shown}</date>{"" if shown.endswith(".") else "."}</dateline>'
            )
        if extra:
            parts.append(extra)
        target = 900 + int(2800 * (draw() + draw()) / 2)
        paragraphs = _body(rng, world, target, _pick(rng, first_pool))
        pieces = [
            f'<note n="{number}" xml:id="d{n}fn{number}">{note}</note>'
            for number, note in enumerate(notes, 2)
        ]
        _attach(rng, paragraphs, pieces, False)
        if lead and draw() < 0.3:
            paragraphs = [f"{number}. {p}" for number, p in enumerate(paragraphs, 1)]
        paragraphs[0] = lead + paragraphs[0]
        paragraphs, alone, self.room, self.page = _paginate(
            rng, paragraphs, self.room, self.PAGE, self.page, PAGE_BREAK, False
        )
        parts += [
            p if by_itself else f"<p>{p}</p>"
            for p, by_itself in zip(paragraphs, alone, strict=True)
        ]
        if closer:
            parts.append(closer)
        parts.append("</div>")
        self.last_document[detainee] = n
        return "\n".join(parts).replace(SEP, " ") % names

    def _telegram(
        self, n: int, country: Country, year: int, when: str, shown: str, roster: dict[str, Person]
    ) -> tuple[str, str, str, str, str, str]:
        """Heading, place, lead ('612. Your 88, April 2, 1300Z. '), closer, when, shown."""
        rng = self.rng
        draw = rng.random
        outgoing = draw() < 0.5
        chief = self.world.chief(country, year)
        mission = country.mission(year)
        if outgoing:
            heading = (
                'Telegram From the <gloss type="from">Department of State</gloss> to the '
                f'<gloss type="to">{mission}</gloss>'
            )
            secretary, role = self.official(SECRETARY, year)
            signer, place = self.person(secretary, role), "Washington"
        else:
            heading = (
                f'Telegram From the <gloss type="from">{mission}</gloss> to the '
                '<gloss type="to">Department of State</gloss>'
            )
            signer = self.person(chief, f"{country.chief(year)}, {year}")
            place = country.seat
        index = int(draw() * len(HOURS))
        hour = HOURS[index]
        if year >= 1960:  # Zulu time, as the later volumes print it
            minute = int(draw() * 6) * 10
            sent = f"{hour:02d}{minute:02d}Z"
            stamp = f"{when}T{hour:02d}:{minute:02d}:00Z"
        else:  # local time: '7 p.m.'
            sent = TIMES[index]
            stamp = f"{when}T{hour:02d}:00:00"
        number = _telegram_number(country, outgoing, self.day, year, self.world, rng)
        answered = self.last_telegram.get((country.abbreviation, not outgoing))
        lead = f"{number}. "
        if answered is not None and draw() < 0.7:
            earlier = date.fromordinal(answered[1])
            word = "Your" if outgoing else "Deptel"
            lead += _period(
                f"{word} {answered[0]}, {MONTHS[earlier.month - 1]} {earlier.day}, {answered[2]}"
            )
            lead += " "
        self.last_telegram[(country.abbreviation, outgoing)] = (number, self.day, sent)
        closer = f"<closer>\n<signed>{signer}</signed>\n</closer>"
        return (
            heading,
            place,
            lead,
            closer,
            stamp,
            f"{shown}, {sent}",
        )

    def _source(
        self, country: Country, year: int, roster: dict[str, Person], telegram: bool
    ) -> str:
        rng = self.rng
        draw = rng.random
        if year >= 1963:
            citation = (
                'National Archives and Records Administration, <gloss target="#t_RG1">RG</gloss> 59,'
                f" Central Files {_source_files(year)},"
                f" {_pick(rng, SUBJECT_NUMERIC)} {country.abbreviation}"
            )
        else:
            citation = (
                "Department of State, Central Files,"
                f" {_pick(rng, DECIMAL_SUBJECTS)}.{country.code}11/{1 + int(draw() * 900)}"
            )
        staff = ""
        if draw() < 0.7:
            drafter, drafter_role = self.official(_pick(rng, MEMO_SENDERS), year)
            cleared, cleared_role = self.official(_pick(rng, MEMO_SENDERS), year)
            staff = (
                f" Drafted by {self.person(drafter, drafter_role, drafter.full)} and cleared with"
                f" {self.person(cleared, cleared_role)}."
            )
        if telegram and draw() < 0.3:
            staff += " Repeated to London and Paris."
        return f"Source: {citation}. {_pick(rng, CLASSIFICATIONS)}{staff}"


def _occupation(person: Person) -> str:
    return OCCUPATIONS[sum(map(ord, person.surname)) % len(OCCUPATIONS)]


def tei_volume(volume: int, documents: int, seed: int = 1) -> str:
    """One TEI volume as a string, id f'synth{volume:05d}', with a persons list and
    `documents` document divs."""
    if documents < 0:
        raise ValueError("documents must not be negative")
    return _Volume(volume, documents, seed).render()


def _write_volume(task: tuple[Path | None, int, int, int]) -> int:
    folder, volume, documents, seed = task
    data = tei_volume(volume, documents, seed).encode("utf-8")
    if folder is not None:
        (folder / f"synth{volume:05d}.xml").write_bytes(data)
    return len(data)


def write_tei_corpus(
    folder: Path, volumes: int, per_volume: int, seed: int = 1, jobs: int = 1
) -> int:
    """Writes volumes files folder/synthNNNNN.xml (volumes numbered from 1); returns bytes
    written. The files are the same whatever `jobs` (processes)."""
    folder.mkdir(parents=True, exist_ok=True)
    tasks = [(folder, volume, per_volume, seed) for volume in range(1, volumes + 1)]
    return _run(_write_volume, tasks, jobs)


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Synthetic diplomatic documents for benchmarks.")
    commands = parser.add_subparsers(dest="command", required=True)
    text = commands.add_parser("text", help="plain-text documents, one per file")
    text.add_argument("out", type=Path)
    text.add_argument("--count", type=int, required=True)
    text.add_argument("--per-folder", type=int, default=10_000)
    tei = commands.add_parser("tei", help="FRUS TEI volumes, one per file")
    tei.add_argument("out", type=Path)
    tei.add_argument("--volumes", type=int, required=True)
    tei.add_argument("--per-volume", type=int, required=True)
    for sub in (text, tei):
        sub.add_argument("--seed", type=int, default=1)
        sub.add_argument("--jobs", type=int, default=1, help="processes (same output)")
        sub.add_argument("--dry-run", action="store_true", help="generate in memory, write nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    out: Path | None = None if args.dry_run else args.out
    if args.command == "text":
        files = documents = args.count
        if out is None:
            tasks = [
                (None, args.seed, start // CHUNK, min(CHUNK, args.count - start), args.per_folder)
                for start in range(0, args.count, CHUNK)
            ]
            size = _run(_write_chunk, tasks, args.jobs)
        else:
            size = write_text_corpus(out, args.count, args.seed, args.per_folder, args.jobs)
    else:
        files, documents = args.volumes, args.volumes * args.per_volume
        if out is None:
            volumes = [(None, v, args.per_volume, args.seed) for v in range(1, args.volumes + 1)]
            size = _run(_write_volume, volumes, args.jobs)
        else:
            size = write_tei_corpus(out, args.volumes, args.per_volume, args.seed, args.jobs)
    seconds = time.perf_counter() - started
    rate = documents / seconds if seconds > 0 else 0.0
    where = "in memory, nothing written" if args.dry_run else str(args.out)
    print(
        f"{files} files, {documents} documents, {size} bytes in {seconds:.2f} s"
        f" ({rate:,.0f} documents/s; {where})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
