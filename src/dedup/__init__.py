"""dedup: find near-duplicate and syndicated news text, sentence by sentence.

>>> from dedup import Article, scan
>>> wire = Article(id="wire", date="2026-03-02",
...                text="The harbour bridge will stay shut until the inspectors finish in May.")
>>> copy = Article(id="copy", date="2026-03-03",
...                text="Ferries are full. " + wire.text)
>>> [(m.a.doc, m.source, m.a.text) for m in scan([wire, copy]).matches]
[('copy', 'wire', 'The harbour bridge will stay shut until the inspectors finish in May.')]
"""

from dedup._version import __version__
from dedup.article import Article, Corpus, Sentence, Skipped
from dedup.config import Config
from dedup.corpus import CsvColumns, load_articles
from dedup.errors import ConfigError, CorpusError, DedupError
from dedup.files import scan_files
from dedup.render import to_json, to_jsonl, to_text
from dedup.report import CopiedSentence, DocumentReport, Match, Report, Span
from dedup.scan import scan

__all__ = [
    "Article",
    "Config",
    "ConfigError",
    "CopiedSentence",
    "Corpus",
    "CorpusError",
    "CsvColumns",
    "DedupError",
    "DocumentReport",
    "Match",
    "Report",
    "Sentence",
    "Skipped",
    "Span",
    "__version__",
    "load_articles",
    "scan",
    "scan_files",
    "to_json",
    "to_jsonl",
    "to_text",
]
