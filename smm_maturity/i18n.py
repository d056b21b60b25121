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
    "chart.given_hidden": ("ausgeblendet (zu wenige Antworten)", "hidden (too few answers)"),
    "chart.isolated": ("isoliert", "isolated"),
    "chart.heatmap.title": (
        "{best} ist am weitesten, {worst} braucht die meiste Unterstützung",
        "{best} is furthest ahead, {worst} needs the most support",
    ),
    "chart.heatmap.title_plain": ("Reifegrad je Abteilung und Dimension", "Maturity by department and dimension"),
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
        "{dimension}: den meisten Widerspruch erntet {item}",
        "{dimension}: {item} meets the most disagreement",
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
        "Linie = mittlere Bewertung beider Richtungen: dick und blau verbindet, dünn und rot trennt.",
        "Line = mean rating in both directions: thick and blue connects, thin and red divides.",
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
    "chart.trend.title": (
        "{group}: klare Veränderung in {count} von {total} Dimensionen",
        "{group}: clear change in {count} of {total} dimensions",
    ),
    "chart.trend.title_none": (
        "{group}: keine Veränderung, die über Zufall hinausgeht",
        "{group}: no change beyond chance",
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
    "overview.weakest": ("Handlungsfelder: die drei schwächsten Dimensionen", "Where to act: the three weakest dimensions"),
    "overview.strongest": ("Stärken: die drei stärksten Dimensionen", "Strengths: the three strongest dimensions"),
    "insight.markdown": (
        "**{name}** · {mean} · Stufe {stage} {stage_name}  \n"
        ":material/arrow_forward: {next_step}",
        "**{name}** · {mean} · stage {stage} {stage_name}  \n"
        ":material/arrow_forward: {next_step}",
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
    "method.rubric": ("Rubrik: wie jede Stufe aussieht und was als Nächstes kommt", "Rubric: what each stage looks like and what comes next"),
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
