"""policydiff: compare versions of Chinese policy and legal documents.

Pipeline (DESIGN.md §2): ingest → normalize → structure → align → diff → classify,
with obligations extracted alongside; ``pipeline.py`` composes the stages and ``cli.py``
is the only module that prints.
"""

__version__ = "0.1.0"
