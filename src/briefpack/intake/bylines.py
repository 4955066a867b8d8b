"""Authors as a page or a file states them, made names: the words of a byline around a name
taken off ("By", "Text:", "Текст", "Автор", "Photo:", "기자"), and what does not read as a
name (a sentence fragment, a date, a list of institutions in lower case) not taken at all.

A name is at most six words and 80 characters without digits or sentence punctuation; in a
script with capitals every word starts with one (particles such as "de", "van", "al-" aside),
and one that starts with "The" ("The Associated Press") has at least two more words.
"""

from __future__ import annotations

import re

_LEAD = re.compile(
    r"^(?:(?:written|reported|reporting|text|story|words|photos?|photographs?|pictures?|images?|video|"
    r"interview|compiled|edited)\s+(?:and\s+\w+\s+)?by|by|(?:text|words|story)\s+and\s+(?:photos?|pictures?)|text|photos?|photographs?|author|authors|"
    r"writer|reporter|"
    r"текст|автор|авторы|фото|фотографии|записал[аи]?|беседовал[аи]?|"
    r"матн|муаллиф|muallif|matn|сурат|surat|"
    r"بقلم|كتبه|الكاتب|نویسنده|به قلم|"
    r"글|사진|기자|저자|글쓴이)(?:\s*[:：|/\-–—]\s*|\s+)", re.I)
_TRAIL = re.compile(r"\s*(?:기자|특파원|통신원|선임기자|記者|\(?(?:photo|фото)\)?)$", re.I)
_PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "bin", "ibn", "binti", "al", "el",
              "la", "le", "du", "dos", "das", "do", "y", "e", "ul", "ud", "ben", "bint", "ter", "zu", "st."}
_ARTICLES = {"the"}  # "A" may be an initial
_NOT_NAME = re.compile(r"[\d;!?:@#%&*=<>{}\[\]\\|/]|https?:|\.\s+\w{3,}")


def byline_name(text: str) -> str:
    """The name a byline states, or "" when it states none."""
    name = " ".join(text.split())
    if len(name) > 200:  # no name, and kept from the patterns below
        return ""
    for _ in range(2):  # "Text and photos: ..." , "By Text: ..."
        name = _LEAD.sub("", name, count=1).strip()
    name = _TRAIL.sub("", name).strip(" ,.-–—")
    return name if is_name(name) else ""


def is_name(name: str) -> bool:
    """Whether ``name`` reads as the name of a person or a body."""
    words = name.split()
    if not words or len(words) > 6 or len(name) > 80 or _NOT_NAME.search(name):
        return False
    cased = [w for w in words if any(c.isupper() or c.islower() for c in w)]
    if not cased:  # Arabic, Persian, Hangul, Han: no capitals to go by
        return len(words) <= 5
    if words[0].lower() in _ARTICLES and len(words) < 3:
        return False
    return all(w[:1].isupper() or w.lower().strip(".'’") in _PARTICLES or w.lower().startswith(("al-", "el-", "d'"))
               or w[:1] in "(\"'“«" and w[1:2].isupper() or not any(c.isalpha() for c in w[:1]) for w in cased
               if not (w.lower() in _ARTICLES and w is words[0]))
