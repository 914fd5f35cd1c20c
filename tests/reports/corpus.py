"""Awkward text a coordinator's data really contains, for the report tests."""

from __future__ import annotations

# Every script the issue names, and more names with marks a plain font lacks.
NAMES = (
    ("Zoë", "Hughes"),
    ("Siân", "Llewellyn"),
    ("Agnieszka", "Łukasiewicz"),
    ("Thu", "Nguyễn Thị"),
    ("Ayşe", "Yılmaz"),
    ("Ольга", "Петренко"),
    ("Katarzyna", "Wiśniewska-Żółć"),
    ("Þórdís", "Ødegård"),
    ("Μαρία", "Παπαδοπούλου"),
    ("Ґрейс", "Єфименко"),
    ("Đặng", "Thị Ngọc Ánh"),
    ("Niamh", "Ó Súilleabháin"),
    ("Ana", "Kovačević"),
    ("İpek", "Çelik"),
    ("Begoña", "Núñez"),
    ("Siobhán", "D'Arcy-Smith"),
    ("Ævar", "Dvořák"),
)

MARKUP = (
    "<b>bold</b> and <i>italic</i>",
    "<img src='/etc/passwd'/>",
    '<img src="file:///etc/hosts" width="100" height="100"/>',
    "<a href='https://evil.example/phish'>click here</a>",
    '<link href="http://example.com">link</link>',
    "<font color='red' size='30'>big red</font>",
    "<font name='Courier'>mono</font>",
    "<para>inside para</para>",
    "line one<br/>not a break",
    "x<super>2</super> and H<sub>2</sub>O",
    "<!-- a comment -->",
    "<![CDATA[raw]]>",
    "<script>alert(1)</script>",
    "<seq id='n'/> <onDraw name='x'/>",
    "<span style='color:red'>styled</span>",
    "</para></b></font>",
    "a < b > c",
    "<<>> <> < >",
    "<bullet>&bull;</bullet>",
    "<strike>struck</strike> <u>under</u>",
)

AMPERSANDS = (
    "&",
    "Tom & Jerry",
    "AT&T and M&S",
    "&amp; &lt; &gt; &quot;",
    "&#65;&#x42;",
    "&nbsp;&unknown;",
    "100% & rising; £5 & €10",
    "R&D && ops",
    "Quote \"double\" and 'single' and `back`",
    "Backslash \\n is not a newline; tab\there",
)

FORMULAS = (
    '=HYPERLINK("http://evil.example","Click")',
    "=1+1",
    "+44 1245 123456",
    "-5 points",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
)

SCRIPTS = (
    "Zoë, Siân, Łukasiewicz, Nguyễn Thị, Ayşe Yılmaz, Ольга Петренко",
    "Ελληνικά: Καλημέρα",
    "Українська: ґ є ї",
    "Tiếng Việt: Nguyễn Thị Minh Khai",
    "Wiśniewska Żółć Gęślą",
    "Pérez-Reverte y Núñez, São João",
    "İstanbul ıi Ğğ Şş",
    "Ä Ö Ü ß Ø Å Æ Œ",
    "“smart quotes” ‘single’ — em – en … ½ ¾ ™ © ® → ←",
    "Ĳsselmeer ǅ ﬁne",
)

LONG = (
    "Very long note. " + "The mentee led the data project end to end and presented it. " * 60,
    "x" * 3000,
    "https://example.org/" + "very-long-path-segment/" * 80,
    "\n".join(f"Line {i}: reflection on the month's sessions & goals." for i in range(60)),
    "Paragraph one.\n\nParagraph two after a blank line.\n\n\nParagraph three.",
)

AWKWARD = (
    MARKUP + AMPERSANDS + FORMULAS + SCRIPTS + LONG + tuple(f"{f} {last}" for f, last in NAMES)
)
