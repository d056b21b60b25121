"""The texts of the interface in German and English, and number and date formatting per language."""

from __future__ import annotations

from datetime import date, datetime

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:")

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("Augenhöhe", "Augenhöhe"),
    "app.tagline": (
        "Reifegrad auf dem Weg zur Social Enterprise",
        "Maturity on the road to the social enterprise",
    ),
    "nav.dashboard": ("Dashboard", "Dashboard"),
    "nav.data": ("Daten", "Data"),
    "nav.about": ("Über", "About"),
    "nav.overview": ("Überblick", "Overview"),
    "nav.departments": ("Abteilungen", "Departments"),
    "nav.silo_map": ("Silo-Karte", "Silo map"),
    "nav.trends": ("Entwicklung", "Trends"),
    "nav.upload": ("Hochladen", "Upload"),
    "nav.questionnaire": ("Fragebogen", "Questionnaire"),
    "nav.method": ("Methode", "Method"),
    "sidebar.language": ("Sprache", "Language"),
    "filter.wave": ("Befragungswelle", "Survey wave"),
    "filter.department": ("Abteilung", "Department"),
    "organisation": ("Gesamtorganisation", "Whole organisation"),
    "hidden.reason": ("weniger als {k} Antworten", "fewer than {k} answers"),
    "empty.title": ("Willkommen bei Augenhöhe", "Welcome to Augenhöhe"),
    "empty.text": (
        "Augenhöhe zeigt, wie weit Ihre Organisation und jede Abteilung auf dem Weg zur Social Enterprise "
        "gekommen sind: Silos, Transparenz, Abstimmung und die Kompetenzen dahinter. Teams laden die Antworten "
        "ihres Fragebogens hoch oder füllen ihn online aus, und die Auswertung zeigt nur Gruppen ab "
        "{k} Personen. Noch sind keine Antworten gespeichert: Laden Sie die Demo-Organisation, um sich "
        "umzusehen, oder laden Sie Ihre eigenen Antworten hoch.",
        "Augenhöhe shows how far your organisation and each department have come on the road to the social "
        "enterprise: silos, transparency, coordination and the competencies behind them. Teams upload their "
        "questionnaire answers or fill it in online, and results only ever show groups of {k} or more people. "
        "No answers are stored yet: load the demo organisation to look around, or upload your own answers.",
    ),
    "empty.load_demo": ("Demo-Organisation laden", "Load the demo organisation"),
    "empty.go_upload": ("Eigene Antworten hochladen", "Upload your own answers"),
    "filter.hidden_suffix": ("ausgeblendet", "hidden"),
    "hidden.complementary": (
        "zum Schutz einer kleineren Gruppe ausgeblendet",
        "hidden to protect a smaller group",
    ),
    "common.yes": ("ja", "yes"),
    "common.no": ("nein", "no"),
    # --- charts
    "chart.overall": ("Gesamt", "Overall"),
    "chart.mean": ("Mittelwert", "Mean"),
    "chart.stage": ("Stufe", "Stage"),
    "chart.index": ("Index", "Index"),
    "chart.hidden": ("ausgeblendet", "hidden"),
    "chart.hidden_cell": ("ausgeblendet: zu wenige Antworten", "hidden: too few answers"),
    "chart.ci": ("95-%-Intervall", "95% interval"),
    "chart.sd": ("SD", "SD"),
    "chart.change": ("Veränderung", "Change"),
    "chart.target": ("Ziel", "Target"),
    "chart.reverse_short": ("umgepolt", "reversed"),
    "chart.scale_axis": (
        "Mittelwert (1 = trifft gar nicht zu … 5 = trifft voll zu)",
        "Mean (1 = strongly disagree … 5 = strongly agree)",
    ),
    "chart.rating": ("Bewertung", "Rating"),
    "chart.rating_axis": (
        "Mittlere Bewertung der Zusammenarbeit (1 = sehr schlecht … 5 = sehr gut)",
        "Mean collaboration rating (1 = very poorly … 5 = very well)",
    ),
    "chart.raters": ("Bewertende", "Raters"),
    "chart.silo_score": ("Silo-Wert", "Silo score"),
    "chart.gives": ("gibt anderen", "gives others"),
    "chart.receives": ("erhält von anderen", "receives from others"),
    "chart.gives_long": ("So bewertet sie die anderen", "How it rates the others"),
    "chart.receives_long": ("So bewerten die anderen sie", "How the others rate it"),
    "chart.given_hidden": ("ausgeblendet", "hidden"),
    "chart.isolated": ("isoliert", "isolated"),
    "chart.heatmap.title": (
        "{best} ist am weitesten, {worst} braucht die meiste Unterstützung",
        "{best} is furthest ahead, {worst} needs the most support",
    ),
    "chart.heatmap.title_plain": (
        "Reifegrad je Abteilung und Dimension",
        "Maturity by department and dimension",
    ),
    "chart.heatmap.subtitle": (
        "Mittelwert je Abteilung und Dimension (1–5), Farbe = Stufe. Grau = ausgeblendet: weniger als {k} "
        "Antworten oder Schutz einer kleineren Gruppe.",
        "Mean per department and dimension (1–5), colour = stage. Grey = hidden: fewer than {k} answers, "
        "or protecting a smaller group.",
    ),
    "chart.radar.subtitle": (
        "Mittelwert je Dimension auf der Skala 1–5; außen ist besser.",
        "Mean per dimension on the 1–5 scale; further out is better.",
    ),
    "chart.radar.org_title": (
        "Seit {previous} gewachsen, am stärksten bei {dimension} ({change})",
        "Grown since {previous}, most in {dimension} ({change})",
    ),
    "chart.radar.org_title_flat": (
        "Seit {previous} kaum verändert",
        "Hardly changed since {previous}",
    ),
    "chart.radar.org_title_single": ("Das Profil der Organisation", "The organisation's profile"),
    "chart.radar.dept_title": (
        "{department} gegenüber allen: vorn bei {best}, zurück bei {worst}",
        "{department} against everyone: ahead in {best}, behind in {worst}",
    ),
    "chart.radar.dept_title_plain": ("{department} gegenüber allen", "{department} against everyone"),
    "chart.stage_profile.title": (
        "{group}: von {low} bis {high}",
        "{group}: from {low} to {high}",
    ),
    "chart.stage_profile.title_plain": ("{group}: Stufe je Dimension", "{group}: stage per dimension"),
    "chart.stage_profile.subtitle": (
        "Balken = Mittelwert, Farbe = Stufe, Strich = 95-%-Intervall, Raute = Gesamtorganisation.",
        "Bar = mean, colour = stage, whisker = 95% interval, diamond = whole organisation.",
    ),
    "chart.competency.title": (
        "Kernkompetenzen: am stärksten {best}, am schwächsten {worst}",
        "Core competencies: strongest in {best}, weakest in {worst}",
    ),
    "chart.competency.title_plain": ("Kernkompetenzen", "Core competencies"),
    "chart.competency.subtitle": (
        "Die fünf Kompetenzen von {group}; Raute = Gesamtorganisation.",
        "The five competencies of {group}; diamond = whole organisation.",
    ),
    "chart.transparency.title_outside": (
        "Nach außen offener ({external}) als nach innen ({internal})",
        "More open outside ({external}) than inside ({internal})",
    ),
    "chart.transparency.title_inside": (
        "Nach innen offener ({internal}) als nach außen ({external})",
        "More open inside ({internal}) than outside ({external})",
    ),
    "chart.transparency.title_even": (
        "Innen ({internal}) und außen ({external}) gleich transparent",
        "Equally transparent inside ({internal}) and outside ({external})",
    ),
    "chart.transparency.title_plain": ("Transparenz innen und außen", "Transparency inside and outside"),
    "chart.transparency.subtitle": (
        "Transparenz von {group} nach innen und außen; Raute = Gesamtorganisation.",
        "Transparency of {group} inside and outside; diamond = whole organisation.",
    ),
    "chart.likert.agree": ("Zustimmung", "Agree"),
    "chart.likert.neutral": ("teils/teils", "Neutral"),
    "chart.likert.disagree": ("Ablehnung", "Disagree"),
    "chart.likert.axis": (
        "Anteil der Antworten: links Ablehnung, rechts Zustimmung",
        "Share of answers: disagreement left, agreement right",
    ),
    "chart.likert.title": (
        "{dimension}: am kritischsten gesehen wird {item}",
        "{dimension}: {item} is seen most critically",
    ),
    "chart.likert.title_plain": ("{dimension}: Antworten je Aussage", "{dimension}: answers per statement"),
    "chart.likert.subtitle": (
        "Antworten wie gestellt; bei umgepolten Aussagen ist Zustimmung ungünstig. SD = Streuung.",
        "Answers as asked; for reversed statements agreement is unfavourable. SD = spread.",
    ),
    "chart.matrix.title": (
        "Wer mit wem: {department} erhält die schwächsten Bewertungen",
        "Who works with whom: {department} receives the weakest ratings",
    ),
    "chart.matrix.title_plain": ("Wer mit wem zusammenarbeitet", "Who works with whom"),
    "chart.matrix.subtitle": (
        "Zeile bewertet Spalte (1–5). Grau = ausgeblendet: weniger als {k} Bewertende oder Schutz einer "
        "kleineren Gruppe.",
        "Row rates column (1–5). Grey = hidden: fewer than {k} raters, or protecting a smaller group.",
    ),
    "chart.matrix.rows": ("bewertende Abteilung", "rating department"),
    "chart.matrix.columns": ("bewertete Abteilung", "rated department"),
    "chart.network.title": ("{departments}: isoliert vom Rest", "{departments}: cut off from the rest"),
    "chart.network.title_none": ("Keine Abteilung ist isoliert", "No department is isolated"),
    "chart.network.subtitle": (
        "Linie = mittlere Bewertung beider Richtungen (1–5): dicke blaue Linien verbinden, gestrichelte rote "
        "trennen. Fährt man mit der Maus über eine Linie, steht dort jede Richtung einzeln.",
        "Line = mean rating in both directions (1–5): thick blue lines connect, dashed red ones divide. Hover "
        "over a line to see each direction.",
    ),
    "chart.gives.title_higher": (
        "{department} sieht die Zusammenarbeit besser, als die anderen sie sehen",
        "{department} rates the collaboration higher than the others rate it",
    ),
    "chart.gives.title_lower": (
        "{department} wird von anderen besser bewertet, als sie selbst die anderen bewertet",
        "{department} is rated higher by others than it rates them",
    ),
    "chart.gives.title_plain": ("Geben und Erhalten", "Giving and receiving"),
    "chart.gives.subtitle": (
        "Offener Kreis = wie die Abteilung die anderen bewertet, gefüllter Kreis = wie die anderen sie bewerten.",
        "Open circle = how the department rates the others, filled circle = how the others rate it.",
    ),
    "chart.trend.clear": ("klare Veränderung", "clear change"),
    "chart.trend.flat": ("keine klare Veränderung", "no clear change"),
    "chart.trend.start": ("erste gezeigte Welle", "first wave shown"),
    "chart.trend.title": (
        "{group}: seit {previous} klar verändert in {count} von {total} Dimensionen",
        "{group}: clear change since {previous} in {count} of {total} dimensions",
    ),
    "chart.trend.title_none": (
        "{group}: seit {previous} keine Veränderung, die über Zufall hinausgeht",
        "{group}: no change beyond chance since {previous}",
    ),
    "chart.trend.title_single": (
        "{group}: erst eine Welle, noch kein Verlauf",
        "{group}: one wave so far, no trend yet",
    ),
    "chart.trend.subtitle": (
        "Mittelwert je Welle mit 95-%-Band. Gefüllter Punkt = klare Veränderung (Welch-Test, p < 0,05), "
        "hohler Punkt = keine klare Veränderung. Gepunktete Linien = Stufengrenzen.",
        "Mean per wave with 95% band. Filled dot = clear change (Welch test, p < 0.05), hollow dot = no clear "
        "change. Dotted lines = stage thresholds.",
    ),
    "facet.media": ("Medienkompetenz", "Media competence"),
    "facet.empathy": ("Empathie", "Empathy"),
    "facet.creativity": ("Kreativität", "Creativity"),
    "facet.project": ("Projektmanagement", "Project management"),
    "facet.resilience": ("Resilienz", "Resilience"),
    "facet.internal": ("nach innen", "internal"),
    "facet.external": ("nach außen", "external"),
    # --- overview
    "overview.title": ("Wo die Organisation steht", "Where the organisation stands"),
    "overview.too_few": (
        "In dieser Welle haben weniger als {k} Personen geantwortet; deshalb wird nichts ausgewertet.",
        "Fewer than {k} people answered in this wave, so nothing is reported.",
    ),
    "overview.index": ("Reifegrad-Index (0–100)", "Maturity index (0–100)"),
    "overview.index_help": (
        "(Mittelwert − 1) / 4 × 100, aus dem Mittel der acht Dimensionen.",
        "(mean − 1) / 4 × 100, from the mean of the eight dimensions.",
    ),
    "overview.since": ("seit {wave}", "since {wave}"),
    "overview.stage": ("Stufe", "Stage"),
    "overview.stage_of": ("Stufe {stage} von 5", "stage {stage} of 5"),
    "overview.stage_help": (
        "Ab Mittelwert 1,80 Experimentieren, ab 2,60 Koordiniert, ab 3,40 Integriert, ab 4,20 Social Enterprise.",
        "Experimenting from a mean of 1.80, Coordinated from 2.60, Integrated from 3.40, Social Enterprise "
        "from 4.20.",
    ),
    "overview.responses": ("Antworten", "Responses"),
    "overview.responses_help": (
        "{shown} von {total} Abteilungen haben genug Antworten, um gezeigt zu werden.",
        "{shown} of {total} departments have enough answers to be shown.",
    ),
    "overview.participation": ("Beteiligung", "Participation"),
    "overview.of_headcount": ("von {headcount} Beschäftigten", "of {headcount} staff"),
    "overview.no_headcount": ("Kopfzahl unbekannt", "headcount unknown"),
    "overview.weakest": (
        "Handlungsfelder: die drei schwächsten Dimensionen",
        "Where to act: the three weakest dimensions",
    ),
    "overview.strongest": (
        "Stärken: die drei stärksten Dimensionen",
        "Strengths: the three strongest dimensions",
    ),
    "insight.markdown": (
        "**{name}** · {mean} · Stufe {stage} {stage_name}  \n:material/arrow_forward: {next_step}",
        "**{name}** · {mean} · stage {stage} {stage_name}  \n:material/arrow_forward: {next_step}",
    ),
    # --- departments
    "departments.title": ("Abteilungen im Vergleich", "Departments compared"),
    "departments.hidden_small": (
        "Diese Abteilung hat in dieser Welle {n} Antworten, weniger als die Mindestgröße von {k}. Damit "
        "niemand aus einzelnen Antworten erkannt werden kann, zeigen wir für sie keine Werte.",
        "This department has {n} answers in this wave, fewer than the minimum group size of {k}. So that no one "
        "can be recognised from single answers, we show no scores for it.",
    ),
    "departments.hidden_complementary": (
        "Diese Abteilung hat genug Antworten, wird aber mit ausgeblendet: Eine andere Abteilung liegt unter "
        "der Mindestgröße von {k}, und ihre Werte ließen sich sonst aus dem Gesamtergebnis zurückrechnen.",
        "This department has enough answers but is hidden too: another department is below the minimum group "
        "size of {k}, and its scores could otherwise be worked out from the total.",
    ),
    "departments.checklist": ("Nächste Schritte je Dimension", "Next steps per dimension"),
    "departments.checklist_help": (
        "Aus der Rubrik: was die Abteilung von ihrer jetzigen Stufe zur nächsten bringt.",
        "From the rubric: what takes the department from its current stage to the next.",
    ),
    "departments.items": ("Antworten je Aussage", "Answers per statement"),
    "departments.items_help": (
        "Wie sich die Antworten verteilen: Wo ist man sich einig, wo gehen die Meinungen auseinander?",
        "How the answers spread: where do people agree, and where do opinions differ?",
    ),
    "departments.comments": ("Kommentare", "Comments"),
    "departments.comments_help": (
        "{n} Kommentare, alphabetisch geordnet, damit die Reihenfolge auf niemanden verweist;"
        " gleiche Texte stehen einmal, mit ihrer Anzahl.",
        "{n} comments in alphabetical order, so that their order points to no one;"
        " identical texts appear once, with their count.",
    ),
    "departments.no_comments": (
        "In dieser Welle hat niemand aus der Abteilung einen Kommentar geschrieben.",
        "Nobody in this department wrote a comment in this wave.",
    ),
    "checklist.towards": ("zu Stufe {stage} {name}", "to stage {stage} {name}"),
    "checklist.keep": ("halten", "keep it up"),
    # --- silo map
    "silo.title": ("Silo-Karte: wer mit wem arbeitet", "Silo map: who works with whom"),
    "silo.none": (
        "In dieser Welle gibt es noch keine Bewertungen der Zusammenarbeit.",
        "There are no collaboration ratings in this wave yet.",
    ),
    "silo.table": ("Silo-Wert je Abteilung", "Silo score per department"),
    "silo.table_help": (
        "Mittel aus gegebenen und erhaltenen Bewertungen (1–5). Unter 2,60 gilt eine Abteilung als isoliert.",
        "Mean of the ratings given and received (1–5). Below 2.60 a department counts as isolated.",
    ),
    "silo.col.department": ("Abteilung", "Department"),
    "silo.col.score": ("Silo-Wert", "Silo score"),
    "silo.col.gives": ("gibt", "gives"),
    "silo.col.receives": ("erhält", "receives"),
    "silo.col.status": ("Einschätzung", "Verdict"),
    "silo.isolated": ("isoliert", "isolated"),
    "silo.connected": ("verbunden", "connected"),
    # --- trends
    "trends.title": ("Entwicklung über die Wellen", "Change across the waves"),
    "trends.single_wave": (
        "Bisher gibt es nur eine Befragungswelle. Mit der nächsten Welle wird hier sichtbar, was sich verändert hat.",
        "There is only one survey wave so far. With the next wave, this page shows what changed.",
    ),
    "trends.table": ("Die letzte Veränderung je Dimension", "The latest change per dimension"),
    "trends.table_help": (
        "Klar heißt: Der Welch-Test gegen die vorige Welle ergibt p < 0,05; kleinere Unterschiede können Zufall sein.",
        "Clear means the Welch test against the previous wave gives p < 0.05; smaller differences may be chance.",
    ),
    "trends.col.mean": ("Mittelwert", "Mean"),
    "trends.col.change": ("Veränderung", "Change"),
    "trends.col.verdict": ("Einschätzung", "Verdict"),
    "trends.hidden": ("ausgeblendet", "hidden"),
    # --- method
    "method.title": ("Methode", "Method"),
    "method.intro": (
        "Der Fragebogen misst mit {items} Aussagen in {dimensions} Dimensionen, wie weit eine Organisation auf "
        "dem Weg zur Social Enterprise ist. Jede Aussage wird von 1 (trifft gar nicht zu) bis 5 (trifft voll "
        "zu) beantwortet; „weiß nicht“ zählt als fehlend. Umgepolte Aussagen werden als 6 − Antwort gewertet. "
        "Der Wert einer Person in einer Dimension ist der Mittelwert ihrer Antworten, wenn sie mindestens die "
        "Hälfte der Aussagen beantwortet hat; der Wert einer Gruppe ist der Mittelwert dieser Personenwerte.",
        "The questionnaire measures with {items} statements in {dimensions} dimensions how far an organisation "
        "has come on the road to the social enterprise. Each statement is answered from 1 (strongly disagree) "
        "to 5 (strongly agree); “don't know” counts as missing. Reverse-coded statements count as 6 − answer. "
        "A person's score in a dimension is the mean of their answers if they answered at least half of its "
        "statements; a group's score is the mean of those personal scores.",
    ),
    "method.anonymity": ("Anonymität", "Anonymity"),
    "method.anonymity_text": (
        "- Eine Gruppe mit weniger als **{k}** Antworten zeigt nirgends Werte: nicht auf dem Bildschirm, in "
        "keinem Diagramm, keinem Export und keinem Bericht.\n"
        "- Ist in einer Aufstellung genau eine Gruppe ausgeblendet, wird auch die nächstkleinere ausgeblendet. "
        "Sonst ließe sich die kleine Gruppe aus dem Gesamtergebnis zurückrechnen.\n"
        "- Für Kommentare und die Bewertungen der Zusammenarbeit gilt dieselbe Regel.\n"
        "- Keine Ansicht zeigt jemals die Antworten einer einzelnen Person.",
        "- A group with fewer than **{k}** answers shows no scores anywhere: not on screen, in a chart, an export "
        "or a report.\n"
        "- When exactly one group of a breakdown is hidden, the next-smallest is hidden too. Otherwise the small "
        "group could be worked out from the total.\n"
        "- Comments and collaboration ratings follow the same rule.\n"
        "- No view ever shows a single person's answers.",
    ),
    "method.stages": ("Stufen", "Stages"),
    "method.stages_text": (
        "Die Stufe folgt aus dem Mittelwert, auf zwei Stellen gerundet. Der Index rechnet den Mittelwert auf "
        "0 bis 100 um: (Mittelwert − 1) / 4 × 100.",
        "The stage follows from the mean, rounded to two decimals. The index maps the mean onto 0 to 100: "
        "(mean − 1) / 4 × 100.",
    ),
    "method.rubric": (
        "Rubrik: wie jede Stufe aussieht und was als Nächstes kommt",
        "Rubric: what each stage looks like and what comes next",
    ),
    "method.instrument": ("Der Fragebogen", "The questionnaire"),
    "method.instrument_help": ("Fragebogen-Version {version}", "Questionnaire version {version}"),
    "method.reliability": ("Zuverlässigkeit", "Reliability"),
    "method.reliability_text": (
        "Cronbachs Alpha zeigt, ob die Aussagen einer Dimension dasselbe messen. Ab 0,70 gilt eine Skala als "
        "zuverlässig; darunter sind ihre Werte mit Vorsicht zu lesen.",
        "Cronbach's alpha shows whether the statements of a dimension measure the same thing. From 0.70 a scale "
        "counts as reliable; below that, read its scores with care.",
    ),
    "method.reliability_empty": (
        "Sobald Antworten gespeichert sind, steht hier die Zuverlässigkeit je Dimension.",
        "Once answers are stored, the reliability of each dimension appears here.",
    ),
    "method.alpha_ok": ("zuverlässig", "reliable"),
    "method.alpha_low": ("unter 0,70: mit Vorsicht lesen", "below 0.70: read with care"),
    "method.alpha_none": ("zu wenige Antworten", "too few answers"),
    "method.lowest": ("darunter", "below that"),
    "method.col.dimension": ("Dimension", "Dimension"),
    "method.col.code": ("Code", "Code"),
    "method.col.text": ("Aussage", "Statement"),
    "method.col.reverse": ("umgepolt", "reverse-coded"),
    "method.col.stage": ("Stufe", "Stage"),
    "method.col.name": ("Name", "Name"),
    "method.col.from_mean": ("ab Mittelwert", "from mean"),
    "method.col.from_index": ("ab Index", "from index"),
    "method.col.looks": ("So sieht es aus", "What it looks like"),
    "method.col.next": ("Nächster Schritt", "Next step"),
    "method.col.verdict": ("Einschätzung", "Verdict"),
}


def t(key: str, lang: str, **params: object) -> str:
    """The text for a key in the given language, with its `{placeholders}` filled in."""
    german, english = TEXTS[key]
    text = german if lang == "de" else english
    return text.format(**params) if params else text


def pick_language(requested: str | None, browser_locale: str | None) -> str:
    """The language to use: the one in the URL if valid, else the browser's, else German."""
    if requested in LANGUAGES:
        return requested
    if browser_locale:
        prefix = browser_locale.split("-")[0].split("_")[0].lower()
        if prefix in LANGUAGES:
            return prefix
    return DEFAULT_LANGUAGE


def format_number(value: float | int | None, lang: str, decimals: int = 1, placeholder: str = "–") -> str:
    """A number in the language's format: 3,5 in German and 3.5 in English, with thousands separators."""
    if value is None:
        return placeholder
    text = f"{value:,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_signed(value: float | None, lang: str, decimals: int = 1, placeholder: str = "–") -> str:
    """A change with an explicit sign (+0,4 / −0.2)."""
    if value is None:
        return placeholder
    text = format_number(abs(value), lang, decimals)
    return ("+" if value >= 0 else "\u2212") + text


def format_delta(value: float | None, lang: str, decimals: int = 1) -> str | None:
    """A change for `st.metric`: explicit sign with an ASCII minus (so the arrow points down), or None."""
    if value is None:
        return None
    return ("+" if value >= 0 else "-") + format_number(abs(value), lang, decimals)


def format_p_value(value: float | None, lang: str) -> str:
    """A p-value as "p = 0,012", or "p < 0,001" when it is that small."""
    if value is None:
        return "–"
    if value < 0.001:
        return f"p < {format_number(0.001, lang, 3)}"
    return f"p = {format_number(value, lang, 3)}"


def escape_markdown(text: str) -> str:
    """A user-supplied name made safe to show literally inside Markdown."""
    return "".join("\\" + char if char in MARKDOWN_SPECIAL else char for char in str(text))


def format_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """A share between 0 and 1 as a percentage (42 % in German, 42% in English)."""
    if share is None:
        return "–"
    number = format_number(share * 100, lang, decimals)
    return f"{number}\u00a0%" if lang == "de" else f"{number}%"


def format_date(value: date | datetime | None, lang: str) -> str:
    """A date as 22.11.2026 in German and 2026-11-22 in English."""
    if value is None:
        return "–"
    return value.strftime("%d.%m.%Y") if lang == "de" else value.strftime("%Y-%m-%d")


# --- upload page and online questionnaire (owned by the upload issue; kept apart from the literal above)
TEXTS.update(
    {
        "flow.format": ("Format", "Format"),
        "flow.encoding": ("Zeichenkodierung", "Encoding"),
        "flow.delimiter": ("Trennzeichen", "Delimiter"),
        "flow.sheet": ("Tabellenblatt", "Sheet"),
        "flow.workbook": ("Excel-Arbeitsmappe", "Excel workbook"),
        "flow.rows": ("Antworten", "Responses"),
        "flow.target.department": ("Abteilung", "Department"),
        "flow.target.respondent_id": (
            "Kennung (wird nur zur Dublettenprüfung genutzt)",
            "Respondent id (only to catch duplicates)",
        ),
        "flow.target.submitted_at": ("Datum der Antwort", "Date of the response"),
        "flow.target.comment": ("Kommentar", "Comment"),
        "flow.target.ignored": ("ignoriert", "ignored"),
        "flow.target.personal_data_dropped": (
            "personenbezogen – wird verworfen, nie gespeichert",
            "personal data – dropped, never stored",
        ),
        "flow.target.collab": ("Zusammenarbeit mit {department}", "Collaboration with {department}"),
        "flow.option.ignore": ("– ignorieren –", "– ignore –"),
        "flow.mapped": ("{total} Spalten: {parts}.", "{total} columns: {parts}."),
        "flow.mapped.items": ("{n} Fragen", "{n} questions"),
        "flow.mapped.collab": ("{n} Bewertungen der Zusammenarbeit", "{n} collaboration ratings"),
        "flow.role.department": ("Abteilung", "department"),
        "flow.role.respondent_id": ("Kennung", "respondent id"),
        "flow.role.submitted_at": ("Datum", "date"),
        "flow.role.comment": ("Kommentar", "comment"),
        "flow.mapped.personal": (
            "{n} mit persönlichen Daten, die verworfen werden",
            "{n} with personal data, which are dropped",
        ),
        "flow.mapped.ignored": ("{n} ignoriert", "{n} ignored"),
        "flow.col.column": ("Spalte in der Datei", "Column in the file"),
        "flow.col.target": ("wird gelesen als", "read as"),
        "flow.col.severity": ("Art", "Kind"),
        "flow.col.row": ("Zeile", "Row"),
        "flow.col.problem_column": ("Spalte", "Column"),
        "flow.col.message": ("Was zu tun ist", "What to do"),
        "flow.severity.error": ("Fehler", "Error"),
        "flow.severity.warning": ("Hinweis", "Warning"),
        "flow.col.file": ("Datei", "File"),
        "flow.col.wave": ("Welle", "Wave"),
        "flow.col.department": ("Abteilung", "Department"),
        "flow.col.responses": ("Antworten", "Responses"),
        "flow.col.format": ("Format", "Format"),
        "flow.col.time": ("Hochgeladen", "Uploaded"),
        "flow.several_departments": ("mehrere", "several"),
        "flow.count.response.one": ("{n} Antwort", "{n} response"),
        "flow.count.response.many": ("{n} Antworten", "{n} responses"),
        "flow.count.answer.one": ("{n} Einzelantwort", "{n} answer"),
        "flow.count.answer.many": ("{n} Einzelantworten", "{n} answers"),
        "flow.count.rating.one": ("{n} Bewertung der Zusammenarbeit", "{n} collaboration rating"),
        "flow.count.rating.many": ("{n} Bewertungen der Zusammenarbeit", "{n} collaboration ratings"),
        "flow.count.comment.one": ("{n} Kommentar", "{n} comment"),
        "flow.count.comment.many": ("{n} Kommentare", "{n} comments"),
        "flow.count.column.one": ("{n} Spalte", "{n} column"),
        "flow.count.column.many": ("{n} Spalten", "{n} columns"),
        "flow.count.error.one": ("{n} Fehler", "{n} error"),
        "flow.count.error.many": ("{n} Fehler", "{n} errors"),
        "flow.count.warning.one": ("{n} Hinweis", "{n} warning"),
        "flow.count.warning.many": ("{n} Hinweise", "{n} warnings"),
        "flow.upload_label": ("#{id} · {file} · {wave} · {n}", "#{id} · {file} · {wave} · {n}"),
        "flow.duplicate": (
            "Genau diese Datei wurde schon hochgeladen: Upload #{id} ({file}, Welle {wave}, {time}). Nichts "
            "wurde importiert. Machen Sie jenen Upload unten rückgängig, wenn Sie ihn ersetzen möchten.",
            "Exactly this file was uploaded before: upload #{id} ({file}, wave {wave}, {time}). Nothing was "
            "imported. Undo that upload below if you want to replace it.",
        ),
        "upload.title": ("Antworten hochladen", "Upload answers"),
        "upload.intro": (
            "Laden Sie die Antworten Ihrer Abteilung so hoch, wie Ihr Umfragewerkzeug sie exportiert: die "
            "Augenhöhe-Vorlage, Google Forms, Microsoft Forms, LimeSurvey, SurveyMonkey oder eine Excel-Tabelle. "
            "Vor dem Speichern sehen Sie, was erkannt wurde. Gespeichert wird ganz oder gar nicht, Namen und "
            "E-Mail-Adressen nie.",
            "Upload your department's answers the way your survey tool exports them: the Augenhöhe template, "
            "Google Forms, Microsoft Forms, LimeSurvey, SurveyMonkey or an Excel sheet. Before anything is stored "
            "you see what was recognised. An import is stored completely or not at all, and names and e-mail "
            "addresses never.",
        ),
        "upload.step.wave": ("1 · Befragungswelle", "1 · Survey wave"),
        "upload.wave": ("In welche Welle gehören die Antworten?", "Which wave do the answers belong to?"),
        "upload.new_wave_option": ("+ Neue Welle anlegen …", "+ Create a new wave …"),
        "upload.new_wave": ("Name der neuen Welle", "Name of the new wave"),
        "upload.new_wave_placeholder": ("z. B. Frühjahr 2026", "e.g. Spring 2026"),
        "upload.step.file": ("2 · Datei", "2 · File"),
        "upload.file": ("CSV- oder Excel-Datei", "CSV or Excel file"),
        "upload.file_help": (
            "CSV (Komma, Semikolon oder Tabulator; UTF-8 oder Windows-1252) oder XLSX, höchstens {mb} MB.",
            "CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or XLSX, at most {mb} MB.",
        ),
        "upload.templates": ("Noch keine Datei? Vorlage herunterladen", "No file yet? Download the template"),
        "upload.templates_text": (
            "Eine Zeile pro Person, eine Spalte pro Aussage. Die Excel-Vorlage zeigt die Aussagen als zweite "
            "Kopfzeile und bietet die Antworten als Auswahlliste an.",
            "One row per person, one column per statement. The Excel template shows the statements as a second "
            "header row and offers the answers as a drop-down list.",
        ),
        "upload.template_button": ("Vorlage {format} · {language}", "Template {format} · {language}"),
        "upload.step.preview": ("3 · Vorschau und Prüfung", "3 · Preview and check"),
        "upload.department": ("Abteilung für diese Datei", "Department for this file"),
        "upload.department_placeholder": ("Abteilung wählen …", "Choose a department …"),
        "upload.department_help": (
            "Die Datei nennt keine Abteilung (oder nicht in jeder Zeile). Antworten ohne Abteilung werden dieser "
            "Abteilung zugeordnet.",
            "The file names no department (or not in every row). Answers without a department are assigned to "
            "this one.",
        ),
        "upload.new_department_option": ("+ Neue Abteilung …", "+ New department …"),
        "upload.new_department": ("Name der neuen Abteilung", "Name of the new department"),
        "upload.choose_department": (
            "Wählen Sie die Abteilung, zu der diese Antworten gehören; dann prüfen wir die Datei.",
            "Choose the department these answers belong to; then the file is checked.",
        ),
        "upload.departments_in_file": ("Abteilungen: {departments}", "Departments: {departments}"),
        "upload.mapping.title": ("Spalten zuordnen", "Map the columns"),
        "upload.mapping.text": (
            "Keiner Frage zugeordnet: {n}. Wählen Sie für jede die passende Frage oder "
            "„ignorieren“. Die Zuordnung wird gespeichert und bei der nächsten Datei mit denselben Spalten "
            "wieder angewendet.",
            "Not matched to a question: {n}. Choose the matching question for each, or "
            '"ignore". The mapping is saved and applied again to the next file with the same columns.',
        ),
        "upload.mapping.saved": (
            "Für Dateien mit diesen Spalten ist eine Zuordnung gespeichert; sie wurde angewendet.",
            "A mapping is saved for files with these columns; it has been applied.",
        ),
        "upload.mapping.apply": ("Zuordnung übernehmen und speichern", "Apply and save the mapping"),
        "upload.mapping.table": ("Alle Spalten und ihre Bedeutung", "All columns and what they are read as"),
        "upload.report.title": ("Prüfbericht", "Validation report"),
        "upload.report.ok": ("Keine Probleme gefunden.", "No problems found."),
        "upload.report.errors": (
            "{errors}, {warnings}. Fehler verhindern den Import: Beheben Sie sie in der Datei und laden Sie sie "
            "erneut hoch.",
            "{errors}, {warnings}. Errors block the import: fix them in the file and upload it again.",
        ),
        "upload.report.warnings": (
            "{warnings}. Die Datei kann trotzdem importiert werden.",
            "{warnings}. The file can be imported all the same.",
        ),
        "upload.report.more": (
            "Gezeigt sind die ersten {shown} von {total} Problemen; der vollständige Bericht steht im Download.",
            "The first {shown} of {total} problems are shown; the download holds the whole report.",
        ),
        "upload.report.download": ("Prüfbericht herunterladen (CSV)", "Download the report (CSV)"),
        "upload.report.file": ("pruefbericht", "report"),
        "upload.step.import": ("4 · Importieren", "4 · Import"),
        "upload.import": ("{n} importieren", "Import {n}"),
        "upload.import_into": ("Ziel: Welle {wave}", "Target: wave {wave}"),
        "upload.need_wave": ("Wählen oder benennen Sie oben die Welle.", "Choose or name the wave above."),
        "upload.blocked": (
            "Diese Datei kann so nicht importiert werden; der Prüfbericht oben sagt, was zu tun ist.",
            "This file cannot be imported as it is; the validation report above says what to do.",
        ),
        "upload.success": (
            "**Gespeichert** (Upload #{id}): {responses} aus {file} in der Welle {wave}; {answers}, {ratings}, "
            "{comments}.",
            "**Stored** (upload #{id}): {responses} from {file} in wave {wave}; {answers}, {ratings}, {comments}.",
        ),
        "upload.failed": ("Nichts wurde gespeichert. {message}", "Nothing was stored. {message}"),
        "upload.list.title": ("Bisherige Uploads", "Uploads so far"),
        "upload.list.empty": ("Noch keine Uploads.", "No uploads yet."),
        "upload.undo.choose": ("Upload rückgängig machen", "Undo an upload"),
        "upload.undo.button": ("Rückgängig machen …", "Undo …"),
        "upload.undo.confirm_text": (
            "Upload #{id} ({file}, Welle {wave}) mit {n} endgültig löschen?",
            "Delete upload #{id} ({file}, wave {wave}) with {n} for good?",
        ),
        "upload.undo.confirm": ("Ja, endgültig löschen", "Yes, delete for good"),
        "upload.undo.cancel": ("Abbrechen", "Cancel"),
        "upload.undo.done": (
            "Upload #{id} ({file}) ist rückgängig gemacht; {n} gelöscht.",
            "Upload #{id} ({file}) is undone; {n} deleted.",
        ),
        "questionnaire.language": ("Sprache / Language", "Sprache / Language"),
        "questionnaire.wave": ("Befragungswelle", "Survey wave"),
        "questionnaire.department": ("Ihre Abteilung", "Your department"),
        "questionnaire.department_placeholder": ("Abteilung wählen …", "Choose your department …"),
        "questionnaire.fixed": (
            "Welle: **{wave}** · Abteilung: **{department}**",
            "Wave: **{wave}** · Department: **{department}**",
        ),
        "questionnaire.no_wave": (
            "Zurzeit ist keine Befragung angelegt. Bitten Sie die verantwortliche Person um den Link zum "
            "Fragebogen.",
            "No survey has been set up yet. Please ask the person in charge for the questionnaire link.",
        ),
        "questionnaire.no_department": (
            "Es sind noch keine Abteilungen angelegt. Bitten Sie die verantwortliche Person um den Link zum "
            "Fragebogen Ihrer Abteilung.",
            "No departments have been set up yet. Please ask the person in charge for your department's "
            "questionnaire link.",
        ),
        "questionnaire.anonymity": (
            ":material/lock: Ihr Name wird nicht erfasst. Ergebnisse erscheinen nur für Gruppen ab {k} Personen, "
            "nie einzeln.",
            ":material/lock: Your name is not recorded. Results are only shown for groups of {k} or more people, "
            "never one by one.",
        ),
        "questionnaire.dimension_count": ("Teil {n} von {total}", "Part {n} of {total}"),
        "questionnaire.collab": ("Zusammenarbeit", "Collaboration"),
        "questionnaire.collab_none": (
            "Es sind keine anderen Abteilungen angelegt, die Sie bewerten könnten.",
            "There are no other departments to rate yet.",
        ),
        "questionnaire.cannot_judge": ("kann ich nicht beurteilen", "can't judge"),
        "questionnaire.comment": ("Ihr Kommentar", "Your comment"),
        "questionnaire.comment_help": (
            "Freiwillig. Bitte keine Namen nennen; Kommentare erscheinen nur für Gruppen ab {k} Personen.",
            "Optional. Please do not name anyone; comments only appear for groups of {k} or more people.",
        ),
        "questionnaire.submit": ("Antworten absenden", "Send my answers"),
        "questionnaire.error.wave": ("Wählen Sie oben die Befragungswelle.", "Choose the survey wave above."),
        "questionnaire.error.department": (
            "Wählen Sie oben Ihre Abteilung.",
            "Choose your department above.",
        ),
        "questionnaire.error.unanswered": (
            "Noch offen: {where}. Wählen Sie bei jeder Aussage eine Antwort oder „weiß nicht“.",
            'Still open: {where}. Choose an answer or "don\'t know" for every statement.',
        ),
        "questionnaire.error.all_dont_know": (
            "Sie haben überall „weiß nicht“ gewählt; bitte beantworten Sie mindestens eine Aussage.",
            'You chose "don\'t know" everywhere; please answer at least one statement.',
        ),
        "questionnaire.failed": (
            "Ihre Antworten konnten nicht gespeichert werden. {message}",
            "Your answers could not be stored. {message}",
        ),
        "questionnaire.thanks.title": ("Vielen Dank!", "Thank you!"),
        "questionnaire.thanks.text": (
            "Ihre Antworten sind gespeichert – ohne Ihren Namen. Sie fließen in die Auswertung Ihrer Abteilung "
            "ein, sobald mindestens {k} Personen geantwortet haben.",
            "Your answers are stored, without your name. They count towards your department's results once at "
            "least {k} people have answered.",
        ),
        "questionnaire.again": ("Einen weiteren Fragebogen ausfüllen", "Fill in another questionnaire"),
    }
)


# --- consultant mode: deck, presentation, actions, report and exports (owned by the consultant issue)
TEXTS.update(
    {
        "nav.presentation": ("Präsentation", "Presentation"),
        "nav.actions": ("Ziele & Maßnahmen", "Targets & actions"),
        "deck.organisation_default": ("Ihre Organisation", "Your organisation"),
        "deck.responses": ("Antworten", "Responses"),
        "deck.departments": ("Abteilungen", "Departments"),
        "deck.title.subtitle": (
            "Reifegrad auf dem Weg zur Social Enterprise · {wave} · {day}",
            "Maturity on the road to the social enterprise · {wave} · {day}",
        ),
        "deck.title.notes": (
            "Befragungswelle {wave}: {responses} Antworten aus {departments} Abteilungen, davon {shown} mit "
            "eigenen Werten. Gruppen mit weniger als {k} Antworten zeigen keine Werte.",
            "Survey wave {wave}: {responses} responses from {departments} departments, {shown} of them with "
            "their own scores. Groups with fewer than {k} answers show no scores.",
        ),
        "deck.excluded_notes": (
            "{count} Abteilung(en) sind in diesem Foliensatz ausgelassen.",
            "{count} department(s) are left out of this deck.",
        ),
        "deck.standing.title": ("Wo wir stehen", "Where we stand"),
        "deck.too_few": (
            "Zu wenige Antworten: Die Organisation zeigt erst ab {k} Antworten Werte.",
            "Too few answers: the organisation shows scores from {k} answers on.",
        ),
        "deck.col.group": ("Gruppe", "Group"),
        "deck.heatmap.title": (
            "Reifegrad je Abteilung und Dimension",
            "Maturity by department and dimension",
        ),
        "deck.hidden_notes": (
            "Ausgeblendet (weniger als {k} Antworten oder Schutz einer kleineren Gruppe): {names}.",
            "Hidden (fewer than {k} answers, or protecting a smaller group): {names}.",
        ),
        "deck.silo.title": ("Silo-Karte: wer mit wem arbeitet", "Silo map: who works with whom"),
        "deck.silo.isolated": ("Isoliert: {names}.", "Isolated: {names}."),
        "deck.silo.none_isolated": ("Keine Abteilung ist isoliert.", "No department is isolated."),
        "deck.strengths.title": ("Stärken und Handlungsfelder", "Strengths and gaps"),
        "deck.strengths": ("Die drei stärksten Dimensionen", "The three strongest dimensions"),
        "deck.gaps": ("Die drei schwächsten: der nächste Schritt", "The three weakest: the next step"),
        "deck.insight": ("{name}: {mean} ({stage})", "{name}: {mean} ({stage})"),
        "deck.gap": ("{count} Stufe(n) bis zum Ziel", "{count} stage(s) to the target"),
        "deck.next_steps": ("Nächste Schritte", "Next steps"),
        "deck.department.subtitle": (
            "Profil gegenüber der Gesamtorganisation",
            "Profile against the whole organisation",
        ),
        "deck.department.notes": (
            "{name}: n = {n}, Index {index}, Stufe {stage}.",
            "{name}: n = {n}, index {index}, stage {stage}.",
        ),
        "deck.trend.title": ("Entwicklung über die Wellen", "Change across the waves"),
        "deck.actions.title": ("Vereinbarte Maßnahmen", "Agreed actions"),
        "deck.actions.none": (
            "Noch keine Maßnahmen: Legen Sie sie auf der Seite „Ziele & Maßnahmen“ an.",
            "No actions yet: add them on the “Targets & actions” page.",
        ),
        "actions.col.title": ("Maßnahme", "Action"),
        "actions.col.owner": ("Verantwortlich", "Owner"),
        "actions.col.due": ("Fällig", "Due"),
        "actions.col.status": ("Status", "Status"),
        "actions.col.delete": ("löschen", "delete"),
        "actions.status.open": ("offen", "open"),
        "actions.status.in_progress": ("in Arbeit", "in progress"),
        "actions.status.done": ("erledigt", "done"),
        "actions.status.dropped": ("verworfen", "dropped"),
        "actions.title": ("Ziele und Maßnahmen", "Targets and actions"),
        "actions.organisation_name": (
            "Name der Organisation (für Titelfolie und Bericht)",
            "Organisation name (for the title slide and report)",
        ),
        "actions.targets": ("Zielstufen", "Target stages"),
        "actions.targets_help": (
            "Die Stufe, die jede Dimension erreichen soll. Ohne eigenes Ziel gilt für eine Abteilung das Ziel "
            "der Gesamtorganisation.",
            "The stage each dimension should reach. A department without its own target follows the whole "
            "organisation's.",
        ),
        "actions.target_for": ("Ziele für", "Targets for"),
        "actions.no_target": ("kein Ziel", "no target"),
        "actions.inherited": ("wie Gesamtorganisation", "as whole organisation"),
        "actions.current": ("aktuell", "now"),
        "actions.save_targets": ("Ziele speichern", "Save targets"),
        "actions.targets_saved": ("Ziele gespeichert.", "Targets saved."),
        "actions.add": ("Neue Maßnahme", "New action"),
        "actions.add_help": (
            "Der Titel beginnt mit dem nächsten Schritt aus der Rubrik für die aktuelle Stufe; passen Sie ihn an.",
            "The title starts as the rubric's next step for the current stage; adapt it.",
        ),
        "actions.add_button": ("Maßnahme anlegen", "Add action"),
        "actions.added": ("Maßnahme angelegt.", "Action added."),
        "actions.list": ("Maßnahmen", "Actions"),
        "actions.list_help": (
            "Status, Verantwortliche und Fälligkeit direkt in der Tabelle ändern; zum Löschen die Zeile "
            "markieren und „Änderungen speichern“ wählen.",
            "Change status, owner and due date right in the table; to delete, tick the row and choose "
            "“Save changes”.",
        ),
        "actions.save": ("Änderungen speichern", "Save changes"),
        "actions.saved": ("{count} Änderung(en) gespeichert.", "{count} change(s) saved."),
        "actions.none": ("Noch keine Maßnahmen.", "No actions yet."),
        "actions.empty_title": ("Eine Maßnahme braucht einen Titel.", "An action needs a title."),
        "presentation.empty": (
            "Noch keine Antworten: Sobald Antworten hochgeladen sind oder die Demo-Organisation geladen ist, "
            "entsteht hier die Präsentation.",
            "No answers yet: once answers are uploaded or the demo organisation is loaded, the presentation "
            "appears here.",
        ),
        "presentation.previous": ("Zurück", "Back"),
        "presentation.next": ("Weiter", "Next"),
        "presentation.counter": ("Folie {number} von {total}", "Slide {number} of {total}"),
        "presentation.settings": ("Einstellungen", "Settings"),
        "presentation.language": ("Sprache", "Language"),
        "presentation.exclude": ("Abteilungen auslassen", "Leave out departments"),
        "presentation.exclude_placeholder": ("Abteilungen wählen", "Choose departments"),
        "presentation.downloads": ("Für die Übergabe", "To hand over"),
        "presentation.report": ("Bericht (HTML, offline)", "Report (HTML, offline)"),
        "presentation.prepare_deck": ("Foliensatz erstellen (PPTX)", "Build slide deck (PPTX)"),
        "presentation.deck": ("Foliensatz herunterladen (PPTX)", "Download slide deck (PPTX)"),
        "presentation.deck_tables": (
            "Kein Browser für Diagrammbilder gefunden: Der Foliensatz enthält Tabellen statt Diagrammen. "
            "Chromium installieren oder BROWSER_PATH setzen.",
            "No browser found to draw chart images: the deck holds tables instead of charts. Install "
            "Chromium or set BROWSER_PATH.",
        ),
        "presentation.csv": ("Kennzahlen (CSV)", "Aggregates (CSV)"),
        "presentation.xlsx": ("Kennzahlen (XLSX)", "Aggregates (XLSX)"),
        "presentation.exit": ("Präsentation verlassen", "Leave the presentation"),
        "report.title": ("Reifegrad-Bericht", "Maturity report"),
        "report.contents": ("Inhalt", "Contents"),
        "report.numbers": ("Die Zahlen hinter dem Diagramm", "The numbers behind the chart"),
        "report.method": ("Methode", "Method"),
        "report.actions": ("Maßnahmen", "Actions"),
        "report.generated": (
            "Erstellt am {day} mit Augenhöhe. Diese Datei funktioniert ohne Internet.",
            "Created on {day} with Augenhöhe. This file works without internet.",
        ),
        "report.tables_instead": (
            "Ohne Browser erstellt: Tabellen statt Diagrammbildern.",
            "Built without a browser: tables instead of chart images.",
        ),
        "export.wave": ("Welle", "Wave"),
        "export.group": ("Gruppe", "Group"),
        "export.dimension_code": ("Dimension (Code)", "Dimension (code)"),
        "export.dimension": ("Dimension", "Dimension"),
        "export.n": ("n", "n"),
        "export.mean": ("Mittelwert", "Mean"),
        "export.stage": ("Stufe", "Stage"),
        "export.stage_name": ("Stufenname", "Stage name"),
        "export.index": ("Index", "Index"),
        "export.hidden": ("ausgeblendet", "hidden"),
        "export.reason": ("Grund", "Reason"),
        "export.overall": ("Gesamt", "Overall"),
        "export.too_few": ("weniger als {k} Antworten", "fewer than {k} answers"),
        "export.complementary": ("Schutz einer kleineren Gruppe", "protecting a smaller group"),
    }
)

TEXTS.update(
    {
        "nav.consulting": ("Beratung", "Consulting"),
        "nav.presentation": ("Präsentation", "Presentation"),
        "nav.actions": ("Ziele & Maßnahmen", "Targets & actions"),
        "nav.settings": ("Einstellungen", "Settings"),
        "role.viewer": ("Leitung (ansehen)", "leadership (view)"),
        "role.team": ("Team (hochladen)", "team (upload)"),
        "role.admin": ("Beratung/Administration", "consultant/admin"),
        "signin.title": ("Anmelden", "Sign in"),
        "signin.passcode_text": (
            "Bitte geben Sie den Zugangscode Ihrer Rolle ein. Ihre Beraterin oder Ihr Berater hat ihn Ihnen gegeben.",
            "Please enter the passcode of your role. Your consultant gave it to you.",
        ),
        "signin.passcode": ("Zugangscode", "Passcode"),
        "signin.submit": ("Anmelden", "Sign in"),
        "signin.wrong": (
            "Dieser Zugangscode passt zu keiner Rolle. Bitte prüfen Sie ihn und versuchen Sie es erneut.",
            "This passcode matches no role. Please check it and try again.",
        ),
        "signin.wait": (
            "Zu viele Fehlversuche. Bitte warten Sie {seconds} Sekunden.",
            "Too many failed attempts. Please wait {seconds} seconds.",
        ),
        "signin.oidc_text": (
            "Melden Sie sich mit dem Konto Ihres Unternehmens an.",
            "Sign in with your company account.",
        ),
        "signin.oidc_button": ("Mit Firmenkonto anmelden", "Sign in with company account"),
        "signin.no_role": (
            "Das Konto {email} hat noch keine Rolle in Augenhöhe. Bitte wenden Sie sich an Ihre Beratung.",
            "The account {email} has no role in Augenhöhe yet. Please ask your consultant.",
        ),
        "signin.logout": ("Abmelden", "Sign out"),
        "signin.signed_in_as": ("Angemeldet als {role}", "Signed in as {role}"),
        "signin.local_banner": (
            "Lokaler Modus: keine Anmeldung eingerichtet, alle Seiten sind offen. Für einen gemeinsamen Server "
            "Zugangscodes oder eine Firmenanmeldung einrichten (siehe README).",
            "Local mode: no sign-in is configured, so every page is open. For a shared server, set up "
            "passcodes or a company sign-in (see the README).",
        ),
        "settings.title": ("Einstellungen", "Settings"),
        "settings.privacy": ("Anonymität", "Anonymity"),
        "settings.min_group": (
            "Mindestgruppengröße: {k}. Gruppen mit weniger Antworten zeigen nirgends Werte.",
            "Minimum group size: {k}. Groups with fewer answers show no scores anywhere.",
        ),
        "settings.upload_limit": ("Größte erlaubte Datei: {mb} MB.", "Largest accepted file: {mb} MB."),
        "settings.sign_in": ("Anmeldung", "Sign-in"),
        "settings.mode.local": ("Lokaler Modus (keine Anmeldung).", "Local mode (no sign-in)."),
        "settings.mode.passcode": ("Zugangscodes je Rolle.", "A passcode per role."),
        "settings.mode.oidc": ("Firmenanmeldung (OIDC).", "Company sign-in (OIDC)."),
        "settings.secrets_ok": ("Die Anmeldedaten sind vollständig.", "The sign-in settings are complete."),
        "settings.headcounts": ("Mitarbeitende je Abteilung", "Headcount per department"),
        "settings.headcounts_help": (
            "Mit der Zahl der Mitarbeitenden zeigt der Überblick die Beteiligung. Leer lassen, wenn unbekannt.",
            "With the headcount, the overview shows participation. Leave empty when unknown.",
        ),
        "settings.department": ("Abteilung", "Department"),
        "settings.headcount": ("Mitarbeitende", "Headcount"),
        "settings.save": ("Speichern", "Save"),
        "settings.saved": ("Gespeichert.", "Saved."),
        "settings.settings_table": ("Konfiguration", "Configuration"),
    }
)
