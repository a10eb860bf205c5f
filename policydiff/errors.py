"""Every error policydiff raises: a code, what happened, the cause and the fix.

The library raises these; only ``cli.py`` prints them (and exits with ``exit_code``).
Codes are stable: scripts and the batch index record them.
"""

from __future__ import annotations


class PolicydiffError(Exception):
    """Base class: ``code`` names the failure, the message says what, why and how to fix it."""

    code = "E000"
    slug = "error"
    exit_code = 2

    def __init__(self, what: str, *, cause: str, fix: str) -> None:
        super().__init__(what)
        self.what = what
        self.cause = cause
        self.fix = fix

    def render(self) -> str:
        return (
            f"error {self.code} ({self.slug}): {self.what}\n"
            f"  cause: {self.cause}\n"
            f"  fix:   {self.fix}"
        )


class InputNotFound(PolicydiffError):
    code, slug = "E101", "not-found"


class InputIsDirectory(PolicydiffError):
    code, slug = "E102", "is-directory"


class InputNotFolder(PolicydiffError):
    code, slug = "E110", "not-a-folder"


class InputUnreadable(PolicydiffError):
    code, slug = "E103", "unreadable"


class InputEmpty(PolicydiffError):
    code, slug = "E104", "empty-input"


class InputTooLarge(PolicydiffError):
    code, slug = "E105", "too-large"


class BinaryInput(PolicydiffError):
    code, slug = "E106", "binary-input"


class UnsupportedFormat(PolicydiffError):
    code, slug = "E107", "unsupported-format"


class UndecodableText(PolicydiffError):
    code, slug = "E108", "undecodable-text"


class TextTooLong(PolicydiffError):
    """More text than a command handles within bounded time and memory (see pipeline.py)."""

    code, slug = "E109", "text-too-long"


class UnsafeMarkup(PolicydiffError):
    code, slug = "E111", "unsafe-markup"


class MarkupLimitExceeded(PolicydiffError):
    """HTML beyond the parser's limits (nesting depth, one text run's size): the parser
    would stop there and silently lose the rest of the page."""

    code, slug = "E112", "markup-limit"


class CorruptDocx(PolicydiffError):
    code, slug = "E121", "corrupt-docx"


class DocxTooLarge(PolicydiffError):
    code, slug = "E122", "docx-too-large"


class CorruptPdf(PolicydiffError):
    code, slug = "E131", "corrupt-pdf"


class EncryptedPdf(PolicydiffError):
    code, slug = "E132", "encrypted-pdf"


class PdfWithoutText(PolicydiffError):
    code, slug = "E133", "pdf-without-text"


class InvalidRules(PolicydiffError):
    code, slug = "E201", "invalid-rules"


class InvalidManifest(PolicydiffError):
    code, slug = "E202", "invalid-manifest"


class OutputNotWritable(PolicydiffError):
    code, slug = "E301", "output-not-writable"


class BinaryToTerminal(PolicydiffError):
    code, slug = "E302", "binary-to-terminal"


class EngineUnavailable(PolicydiffError):
    code, slug = "E401", "engine-unavailable"


class SchedulerUnreachable(PolicydiffError):
    code, slug = "E402", "scheduler-unreachable"
