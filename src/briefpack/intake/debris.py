"""Which captured paragraphs are not the work itself: proposed as ``non_body``, never removed.

Extractors keep the article well but not perfectly: what slips through is
short text of set forms (a cookie notice, "Dismiss", share buttons, "Recent
Features", a newsletter box, an image credit, a byline, a copyright line).
Each rule below names one such form; a paragraph longer than ``MAX_DEBRIS``
characters is never proposed (real prose that mentions cookies stays body).
"""

from __future__ import annotations

import re

MAX_DEBRIS = 300

_RULES: tuple[tuple[str, str], ...] = (
    ("cookie notice", r".*(?:\bcookies?\b.*\b(?:accept|consent|agree|use|policy|settings|browsing|experience)\b"
                      r"|\b(?:accept|use|consent to)\b.*\bcookies?\b).*"),
    ("button", r"(?:dismiss|accept(?: all)?|reject(?: all)?|close|ok|got it|i agree|menu|search|"
               r"skip to (?:main )?content|load more|show more|back to top|print|comments?)\W*"),
    ("share buttons", r"(?:share(?: this(?: article| story)?)?(?: on| via)?\b.*|.*\bshare on "
                      r"(?:facebook|x|twitter|linkedin|whatsapp|telegram)\b.*)"),
    ("link list heading", r"(?:recent (?:features|posts|articles|stories)|related(?: articles| stories| posts|"
                          r" content| reading)?|read (?:more|also|next)|more (?:from|on|in) .{0,40}|most "
                          r"(?:read|popular|viewed)|you (?:may|might) also (?:like|be interested in)|"
                          r"recommended(?: for you)?|top stories|latest(?: news)?|trending(?: now)?)\W*"
                          r"|(?:read (?:more|also|next)|see also|related|more on this(?: story)?)\s*:.*"),
    ("newsletter or donation box", r".*\b(?:subscribe|sign up|newsletter|donate|support our (?:journalism|work)|"
                                   r"follow us)\b.*"),
    ("image credit", r"(?:.*\b)?(?:photo|image|picture|illustration|credit|photograph|video)s?\s*(?::|by\b).*"
                     r"|.*\((?:photo|image|credit)s?\s*:[^)]*\)|.*\s/\s(?:afp|reuters|ap|getty(?: images)?|epa|"
                     r"tass|ria novosti|shutterstock|[a-z0-9.-]+\.[a-z]{2,})\s*"),
    ("byline", r"[Bb][Yy]\s+[A-Z\u00c0-\u024f][\w.'\u2019-]+(?:\s+[A-Z\u00c0-\u024f][\w.'\u2019-]+){0,3}\b.{0,80}"),
    ("copyright or legal line", r".*(?:\u00a9|\(c\)\s*(?:\d{4}|copyright)|copyright\b|all rights reserved|privacy policy|terms of "
                                r"(?:use|service)|cookie policy).*"),
    ("tag list", r"(?:tags?|topics?|filed under|categories)\s*:.*"),
    ("advertisement", r"(?:advertisement|sponsored(?: content)?|ad)\W*"),
    # The same forms in other languages: Russian and Uzbek (Cyrillic and Latin), Korean, Arabic,
    # Persian, German, French and Spanish.
    ("copyright or legal line", r".*(?:\u24d2|все права защищены|перепечатка|при (?:использовании|цитировании) "
                                r"материалов|barcha huquqlar|ҳамма ҳуқуқлар|무단\s?전재|재배포\s?금지|저작권자|"
                                r"جميع الحقوق محفوظة|حقوق .{0,30}محفوظ|alle rechte vorbehalten|tous droits réservés|"
                                r"todos los derechos reservados).*"),
    ("image credit", r"(?:.*\b)?(?:фото|фотография|изображение|surat|rasm|foto|사진|이미지|그래픽|صورة|تصوير|الصورة|"
                     r"عکس|تصویر|bild|photo)\s*(?:[:=：/]|—|-\s|by\b|предоставлено|제공).*"
                     r"|.*[(\[](?:фото|사진|صورة|عکس|foto)\s*[:=][^)\]]*[)\]]"),
    ("link list heading", r"(?:читайте (?:также|еще|ещё)|читать (?:далее|полностью)|подробнее|по теме|"
                          r"похожие (?:новости|материалы)|самое (?:читаемое|популярное)|"
                          r"shuningdek,? o[ʻ'‘`]?qing|batafsil|ko[ʻ'‘`]?proq o[ʻ'‘`]?qing|관련\s?기사|더\s?보기|"
                          r"많이 본 (?:뉴스|기사)|인기 기사|이 시각 주요뉴스|اقرأ (?:أيضا|أيضًا|المزيد)|مواضيع ذات صلة|"
                          r"بیشتر بخوانید|بخوانید|مطالب مرتبط|lesen sie auch|mehr zum thema|à lire aussi|lire aussi|"
                          r"lea también|leer más)\W*(?:[:：].*)?"),
    ("share buttons", r"(?:поделиться|ulashish|공유하기|شارك|مشاركة|اشتراک ?گذاری|teilen|partager|compartir)(?:\W.{0,60})?"),
    ("newsletter or donation box", r".*(?:подпишитесь|подписывайтесь|obuna bo[ʻ'‘`]?ling|구독(?:하기|하세요)|"
                                   r"اشترك|عضویت در خبرنامه|newsletter abonnieren|abonnez-vous).*"),
    ("byline", r"\S{2,4}\s?(?:기자|특파원)(?:\s*=.*|\s+\S+@\S+.*)?"),
)
# A byline names a person with capitals: matched with case, the rest without.
_COMPILED = tuple((what, re.compile(pattern, re.S if what == "byline" else re.I | re.S))
                  for what, pattern in _RULES)


# Forms that are a line, not prose: a sentence that mentions subscribing is the text's own.
_SHORT = {"newsletter or donation box": 120}


def debris_kind(paragraph: str) -> str | None:
    """What kind of debris the paragraph is, or None when it reads as the work's own text."""
    text = " ".join(paragraph.split())
    if not text or len(text) > MAX_DEBRIS:
        return None
    for what, pattern in _COMPILED:
        if what in _SHORT and len(text) > _SHORT[what]:
            continue
        if what == "byline":
            if pattern.fullmatch(text) and len(text.split()) <= 16:
                return what
        elif pattern.fullmatch(text):
            return what
    return None


def propose_non_body(paragraphs: list[str]) -> list[tuple[int, str]]:
    """(paragraph number, kind of debris) for each paragraph proposed as ``non_body``."""
    return [(n, kind) for n, p in enumerate(paragraphs, 1) if (kind := debris_kind(p)) is not None]
