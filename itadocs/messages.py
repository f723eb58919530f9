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

    def __call__(self, lang: str = "th", /, **fields: object) -> str:
        """The message in `lang` with `{fields}` filled; a field not given prints empty."""
        template = self.en if lang == "en" else self.th
        return template.format_map(_Fields({k: localize(v, lang) for k, v in fields.items()}))

    def fill(self, **fields: object) -> Message:
        """The message with its fields filled in both languages; the language is chosen later."""
        return Message(self("th", **fields), self("en", **fields))


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
