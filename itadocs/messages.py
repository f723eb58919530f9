"""Messages in two languages, written one way: `Message(th, en)`.

Every text a user reads (problem catalogue, CLI lines, library errors) is a Message,
formatted in the language asked for at the last moment.  A field that is itself a
Message (a reason given by the reader, say) is formatted in the same language, so a
Thai reason never ends up inside an English sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["th", "en"]
LANGS: tuple[Lang, ...] = ("th", "en")


@dataclass(frozen=True)
class Message:
    th: str
    en: str
    # The same message for a page (the web page, a division's annotated copy): without the
    # command line's options and commands, which a person in a browser cannot use.
    page: Message | None = None

    def __call__(self, lang: str = "th", /, **fields: object) -> str:
        """The message in `lang` with `{fields}` filled; a field not given prints empty."""
        template = self.en if lang == "en" else self.th
        return template.format_map(_Fields({k: localize(v, lang) for k, v in fields.items()}))

    def for_page(self, lang: str = "th", /, **fields: object) -> str:
        """The message as a page shows it: its `page` wording when it has one (and so for a
        field that is a Message)."""
        return (self.page or self)(lang, **_plain(fields))

    def plain(self) -> Message:
        """The page's wording of the message, as a Message of its own."""
        return self.page or self

    def fill(self, **fields: object) -> Message:
        """The message with its fields filled in both languages; the language is chosen later."""
        differs = self.page is not None or any(isinstance(v, Message) and v.page for v in fields.values())
        page = (self.page or self).fill(**_plain(fields)) if differs else None
        return Message(self("th", **fields), self("en", **fields), page)


def _plain(fields: dict[str, object]) -> dict[str, object]:
    return {k: v.plain() if isinstance(v, Message) else v for k, v in fields.items()}


def localize(value: object, lang: str = "th") -> str:
    """A field value as text: a Message in `lang`, anything else as str()."""
    if isinstance(value, Message):
        return value(lang)
    return "" if value is None else str(value)


class _Fields(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


class ItadocsError(Exception):
    """A problem the user can fix (a folder missing, LibreOffice absent ...).

    The CLI prints `message` in the user's language and exits 1; the web page shows it.
    """

    def __init__(self, message: Message, **fields: object):
        self.message = message.fill(**fields) if fields else message
        super().__init__(self.message.en)

    def text(self, lang: str = "th") -> str:
        return self.message(lang)


def size_text(count: float) -> str:
    """A number of bytes as a person reads it: '512 B', '3.4 MB', '1.2 TB'."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if count < 1024 or unit == "TB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    raise AssertionError("unreachable")
