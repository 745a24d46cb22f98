"""Word lists for the sentence splitter in :mod:`dedup.text` (English news usage).

Each entry is written without its final full stop, exactly as it appears before it.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and Latin abbreviations that (almost) never end a sentence: never split after them.
NEVER_FINAL = _words(
    """
    Mr Mrs Ms Mx Messrs Mmes Dr Drs Prof Profs Rev Revs Fr Sra Srta Hon Pres Supt Det Insp
    Gov Govs Sen Sens Rep Reps Rt Amb Atty Gen Lt Col Maj Capt Cmdr Cdr Adm Brig Sgt Cpl Pvt
    Pte Cmdt Comdr Lieut Ald Assn Asst Dept Bros Mt Ft Hwy Rd Ave Blvd
    St Ste Sta Mme Mlle Herr Frau Dott Ing
    e.g i.e cf vs viz approx ca incl excl esp resp al et ibid Eq Eqs
    """
)

# Lower-case forms of NEVER_FINAL entries that also appear in lower case ("e.g.", "vs.").
NEVER_FINAL_LOWER = _words("e.g i.e cf vs viz approx ca incl esp")

# Abbreviations that usually precede a number (No. 5, Jan. 5): no split before a digit.
BEFORE_NUMBER = _words(
    """
    No Nos no nos Nr Art Fig Figs Vol Vols Ch Sec Pt Pts p pp para Para Op op
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """
)

# Abbreviations that can also end a sentence ("... in the U.S. The ..."): split only when the
# next word is a common sentence opener (SENTENCE_STARTERS) or an opening quote.
MAYBE_FINAL = _words(
    """
    Inc Corp Co Cos Ltd Plc plc PLC LLC Llc LLP Bhd Pty AG SA NV Jr Sr Esq Ph.D PhD etc
    Ala Ariz Ark Calif Colo Conn Fla Kan Kans Ky Md Mich Minn Mont Neb Nev Okla Penn Tenn
    Va Vt Wis Wisc Wyo
    """
)

# Words that commonly open an English news sentence (case-sensitive).
SENTENCE_STARTERS = _words(
    """
    A An The This That These Those There Then Thus He She It I We You They His Her Its Our Their
    My Your But And Or So Yet If When While Where After Before As At In On Of For From With By
    To Under Over During Since Although Though However Meanwhile Moreover Also Still Now Today
    Yesterday Last Next Earlier Later Some Many Most All Both Each Every No Not One Two Three
    What Why How Who Which Such Other Another Officials Police Shares According Despite Until
    Mr Mrs Ms Dr
    """
)

# Lower-case words that rarely end a headline or list item: a line ending in one is hard-wrapped.
LINE_CONTINUES = _words(
    """
    a an the of to in on at by for with from into onto over under about after before between
    and or but nor that which who whom whose than as is was were are be been being has have had
    said says told its their his her our your my this these those will would could should can
    may might must not also very more most
    """
)
