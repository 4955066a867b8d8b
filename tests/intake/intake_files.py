"""Files as an analyst saves them, for the intake tests: a report PDF, a Word file, a text note.

The PDF is drawn line by line, as a typeset report is: a running head and a page
number on every page, paragraphs broken into lines, a word hyphenated at a line
end, and a paragraph that runs on to the next page.
"""

from __future__ import annotations

from pathlib import Path

PDF_TITLE = "Migrant Labour and Militant Recruitment in Central Asia"
PDF_AUTHOR = "Farrukh Saidov"

# Each paragraph as lines, the way the page breaks them.
PDF_PAGES = [
    [
        ["Migrant Labour and Militant Recruitment in Central Asia"],
        ["Farrukh Saidov, Caspian Policy Institute, Policy Brief 14, May 2024"],
        ["Labour migration from Tajikistan, Uzbekistan and Kyrgyzstan to Russia has",
         "grown steadily since 2015. In 2023 Russian authorities counted more than",
         "3.5 million arrivals from Central Asia who declared work as the purpose of",
         "their visit."],
        ["Recruiters for the Islamic State Khorasan Province have adapted to this",
         "flow. Instead of ideological outreach, they offer practical help: loans,",
         "housing and contacts, and only later introduce religious instruc-",
         "tion and, for a few, a mission."],
        ["Interviews with returnees in Khatlon province suggest that debt, not",
         "belief, is the first lever. Several described being approached within",
         "weeks of losing a job in Moscow, when they could not pay for a new work"],
    ],
    [
        ["permit and feared deportation."],
        ["Governments in the region have answered with arrests. Tajikistan's",
         "prosecutor general reported that 1,200 people were convicted of extremism",
         "offences between 2019 and 2023."],
        ["We judge that such measures are unlikely to reduce recruitment while the",
         "economic pressures on migrants persist."],
    ],
]
RUNNING_HEAD = "Caspian Policy Institute | Policy Brief 14"


def write_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(PDF_TITLE)
    pdf.setAuthor(PDF_AUTHOR)
    width, height = A4
    for number, page in enumerate(PDF_PAGES, 1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(72, height - 40, RUNNING_HEAD)
        pdf.drawCentredString(width / 2, 30, f"Page {number} of {len(PDF_PAGES)}")
        y = height - 90
        for paragraph in page:
            pdf.setFont("Helvetica", 11)
            for line in paragraph:
                pdf.drawString(72, y, line)
                y -= 14
            y -= 12  # the space between paragraphs
        pdf.showPage()
    pdf.save()
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Interview notes: a returnee in Kulob"
    document.core_properties.author = "Regional Desk"
    document.add_heading("Interview notes: a returnee in Kulob", 1)
    document.add_paragraph("The returnee said he had worked on building sites in Moscow for four years.")
    document.add_paragraph("He was offered a loan by a man he met in a prayer room near the site.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Event"
    table.cell(1, 0).text, table.cell(1, 1).text = "2023", "Returned to Tajikistan"
    document.save(str(path))
    return path


TEXT_NOTE = """\
Field note: Kulob bazaar, March 2024

Traders in the Kulob bazaar said on March 12, 2024 that at least 40 young men from the district had left for Russia since January.

Two of them were detained in Moscow after the Crocus City Hall attack, according to their relatives.
"""


def write_text(path: Path) -> Path:
    path.write_text(TEXT_NOTE, encoding="utf-8")
    return path
