"""Spanish first, English by choice, and an English catalogue with nothing left untranslated.

The msgids are Spanish (Peru); locale/en/LC_MESSAGES/django.po holds the English. The pages are
Spanish unless the person chose English with the language switch (the set_language cookie): a
browser that asks for English (Accept-Language) still gets Spanish.
"""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
FIX = "Run `make messages`, translate the new entries in locale/en/LC_MESSAGES/django.po and run it again."

# What each persona's home page must say, in each language.
HOME_WORDS = {
    "staff": {
        "es": ["Panel nacional", "Instituciones educativas", "Docentes y directores activos", "Año del programa"],
        "en": ["National dashboard", "Schools", "Active teachers and head teachers", "Program year"],
    },
    "coordinator": {
        "es": ["Mi trabajo de campo", "Registrar visita", "Mis redes", "Mis instituciones"],
        "en": ["My fieldwork", "Log visit", "My networks", "My schools"],
    },
    "sponsor": {
        "es": ["Instituciones auspiciadas", "Estudiantes", "Institución educativa", "Código modular"],
        "en": ["Sponsored schools", "Students", "School", "School code (código modular)"],
    },
}
SHELL_WORDS = {
    "es": ["Inicio", "Salir", "Cambiar contraseña", "Cambiar idioma"],
    "en": ["Home", "Sign out", "Change password", "Change language"],
}
# The language switch names each language in its own tongue, on pages of either language.
SWITCH_OPTIONS = {"English", "Español (Perú)"}


# --- A small .po reader (no polib) -----------------------------------------------------------


def _unquote(token: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), token.strip()[1:-1])


def read_po(path: Path = PO_PATH) -> list[dict]:
    """The catalogue's entries (header excluded): msgid, msgid_plural, msgctxt, msgstr {index: text}, flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgstr": {}}
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field[0] == "msgstr":
                    entry["msgstr"][field[1]] += _unquote(line)
                else:
                    entry[field[0]] += _unquote(line)
            else:
                keyword, value = line.split(" ", 1)
                match = re.fullmatch(r"msgstr\[(\d+)\]|msgstr", keyword)
                if match:
                    field = ("msgstr", int(match.group(1) or 0))
                    entry["msgstr"][field[1]] = _unquote(value)
                else:
                    field = (keyword,)
                    entry[keyword] = _unquote(value)
        if entry.get("msgid"):  # the header has an empty msgid
            entries.append(entry)
    return entries


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]|%%|%[sd]", text))


# --- Pages -----------------------------------------------------------------------------------


def visible_text(response) -> str:
    """The words a person reads: no markup, scripts or styles; entities decoded; spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page)).strip()


def _pattern(message: str) -> re.Pattern:
    """A catalogue string as a whole-word pattern; its placeholders match any word."""
    parts = re.split(r"%\(\w+\)[sd]|%%s|%s", message)
    body = r"\S+".join(re.escape(part) for part in parts)
    start = r"\b" if re.match(r"\w", message) else ""
    end = r"\b" if re.search(r"\w$", message) else ""
    return re.compile(start + body + end)


def _catalogue_strings(side: str) -> list[str]:
    """Every Spanish msgid (side="es") or English msgstr (side="en") whose translation differs from it."""
    strings = set()
    for entry in read_po():
        pairs = [(entry["msgid"], entry["msgstr"].get(0, ""))]
        if "msgid_plural" in entry:
            pairs.append((entry["msgid_plural"], entry["msgstr"].get(1, "")))
        for spanish, english in pairs:
            if spanish != english and english:
                strings.add(spanish if side == "es" else english)
    if side == "es":  # Spanish kept inside an English string on purpose: "School code (código modular)"
        english = [text for entry in read_po() for text in entry["msgstr"].values()]
        strings = {s for s in strings if not any(s in text for text in english)}
    return sorted(strings - SWITCH_OPTIONS)


def _words(message: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", re.sub(r"%\(\w+\)[sd]", " ", message))


def _leaks(text: str, side: str) -> list[str]:
    """Catalogue strings of the other language found in the text.

    Only strings of two words or more: single words ("Red", "visita") also occur in the data (a
    network called "Red Chulucanas", an agreed action that mentions the next visit); the tests name
    the single words they expect.
    """
    return [s for s in _catalogue_strings(side) if len(_words(s)) >= 2 and _pattern(s).search(text)]


def _home(client):
    response = client.get(reverse("evaluations:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("persona", ["staff", "coordinator", "sponsor"])
def test_home_page_is_spanish_even_when_the_browser_asks_for_english(persona, user_of, client_for):
    response = _home(client_for(user_of(persona)))

    text = visible_text(response)
    assert 'lang="es-pe"' in response.content.decode()
    for words in SHELL_WORDS["es"] + HOME_WORDS[persona]["es"]:
        assert words in text
    for words in SHELL_WORDS["en"] + HOME_WORDS[persona]["en"]:
        assert words not in text
    assert _leaks(text, "en") == [], "English catalogue strings on a Spanish page"


@pytest.mark.parametrize("persona", ["staff", "coordinator", "sponsor"])
def test_home_page_is_english_after_choosing_english(persona, user_of, client_for):
    client = client_for(user_of(persona))

    chosen = client.post(reverse("set_language"), {"language": "en", "next": reverse("evaluations:home")})
    response = _home(client)

    assert chosen.status_code == 302
    assert chosen.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    text = visible_text(response)
    assert 'lang="en"' in response.content.decode()
    for words in SHELL_WORDS["en"] + HOME_WORDS[persona]["en"]:
        assert words in text
    for words in SHELL_WORDS["es"] + HOME_WORDS[persona]["es"]:
        assert words not in text
    assert _leaks(text, "es") == [], "Spanish catalogue strings left on an English page"


@pytest.mark.django_db
def test_choosing_spanish_again_brings_spanish_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert "Sign in" in visible_text(client.get(reverse("accounts:login")))

    client.post(reverse("set_language"), {"language": "es-pe", "next": reverse("accounts:login")})
    text = visible_text(client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en"))

    assert "Ingresar" in text
    assert "Sign in" not in text


# --- The catalogue ---------------------------------------------------------------------------


def test_english_catalogue_header_names_english_and_its_plural_rule():
    header = PO_PATH.read_text(encoding="utf-8").split("\n\n", 1)[0]

    assert '"Language: en\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    assert "#, fuzzy" not in header


def test_every_catalogue_entry_is_translated_and_none_is_fuzzy():
    entries = read_po()

    assert len(entries) > 400  # the catalogue was read, not an empty file
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    forms = 2  # nplurals of English
    empty = [
        e["msgid"]
        for e in entries
        if any(not e["msgstr"].get(i) for i in (range(forms) if "msgid_plural" in e else [0]))
    ]
    assert fuzzy == [], f"Fuzzy entries (check the translation and remove the flag): {fuzzy}. {FIX}"
    assert empty == [], f"Untranslated entries: {empty}. {FIX}"


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    wrong = []
    for entry in read_po():
        expected = _placeholders(entry.get("msgid_plural", entry["msgid"]))
        for text in entry["msgstr"].values():
            if _placeholders(text) != expected:
                wrong.append((entry["msgid"], text))

    assert wrong == []


def _compiled(entry: dict, n: int | None = None) -> str:
    """What gettext answers for this entry (count n for plural entries), with any message context."""
    context, msgid = entry.get("msgctxt"), entry["msgid"]
    if n is None:
        return translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    plural = entry["msgid_plural"]
    return translation.npgettext(context, msgid, plural, n) if context else translation.ngettext(msgid, plural, n)


def test_compiled_catalogue_matches_the_po_file():
    """gettext answers from the .mo: if it disagrees with the .po, the .mo is stale."""
    stale = []
    with translation.override("en"):
        for entry in read_po():
            counts = [(1, 0), (2, 1)] if "msgid_plural" in entry else [(None, 0)]
            for n, index in counts:
                got = _compiled(entry, n)
                if got != entry["msgstr"][index]:
                    stale.append((entry["msgid"], got))

    assert stale == [], f"The .mo does not match the .po for {len(stale)} entries: run `make messages`."
