"""The page registry: every screen once, with its section, title, icon, URL path and the roles that may open it.

The dashboard, sign-in gating, the benchmarks and the tests all read this table. Screens are named by module
and function, so the package stays free of the UI.
"""

from __future__ import annotations

from dataclasses import dataclass

from smm_maturity.auth import ROLES, Role


@dataclass(frozen=True)
class Screen:
    """One page of the dashboard."""

    key: str
    module: str
    function: str
    section: str
    title: str
    icon: str
    roles: frozenset[Role]

    @property
    def url_path(self) -> str:
        """The page's address under the app's root."""
        return self.key

    @property
    def script(self) -> str:
        """The file that holds the screen, relative to the project root."""
        return self.module.replace(".", "/") + ".py"


_EVERYONE: frozenset[Role] = frozenset(ROLES)
_TEAM_AND_ADMIN: frozenset[Role] = frozenset({"team", "admin"})
_COUNCIL_AND_ADMIN: frozenset[Role] = frozenset({"council", "admin"})
_ADMIN: frozenset[Role] = frozenset({"admin"})


def _screen(key: str, section: str, icon: str, roles: frozenset[Role]) -> Screen:
    return Screen(key, f"pages.{key}", "render", section, f"nav.{key}", icon, roles)


SCREENS: tuple[Screen, ...] = (
    _screen("overview", "nav.dashboard", ":material/dashboard:", _EVERYONE),
    _screen("departments", "nav.dashboard", ":material/groups:", _EVERYONE),
    _screen("silo_map", "nav.dashboard", ":material/hub:", _EVERYONE),
    _screen("trends", "nav.dashboard", ":material/trending_up:", _EVERYONE),
    _screen("upload", "nav.data", ":material/upload_file:", _TEAM_AND_ADMIN),
    _screen("presentation", "nav.consulting", ":material/slideshow:", _ADMIN),
    _screen("actions", "nav.consulting", ":material/task_alt:", _ADMIN),
    _screen("method", "nav.about", ":material/menu_book:", _EVERYONE),
    _screen("privacy", "nav.about", ":material/shield_person:", _COUNCIL_AND_ADMIN),
    _screen("settings", "nav.about", ":material/settings:", _ADMIN),
)
"""Every screen, in menu order."""

DEFAULT_SCREEN = "overview"

QUESTIONNAIRE = Screen(
    "questionnaire", "pages.questionnaire", "render", "", "nav.questionnaire", "", frozenset()
)
"""The respondents' only screen, in no menu and for no role: an access code or workshop link opens it."""


def screen(key: str) -> Screen:
    """The screen with this key; KeyError for an unknown one."""
    for entry in SCREENS:
        if entry.key == key:
            return entry
    raise KeyError(key)


def screens_for(role: str | None) -> tuple[Screen, ...]:
    """The screens a role may open, in menu order; none for an unknown role or none."""
    return tuple(entry for entry in SCREENS if role in entry.roles)


def sections_for(role: str | None) -> dict[str, tuple[Screen, ...]]:
    """The screens a role may open, grouped by section title key, in menu order."""
    sections: dict[str, tuple[Screen, ...]] = {}
    for entry in screens_for(role):
        sections[entry.section] = (*sections.get(entry.section, ()), entry)
    return sections
