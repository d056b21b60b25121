"""The shape of the code: small modules, thin screens, languages only in i18n, and tests in their folders."""

from __future__ import annotations

import ast
import tokenize
from pathlib import Path

import pytest

from smm_maturity import i18n

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "smm_maturity"
SCREENS = ROOT / "pages"
TESTS = ROOT / "tests"

MAX_MODULE_CODE_LINES = 500
MAX_SCREEN_LINES = 120
TEST_FOLDERS = ("unit", "app", "e2e", "invariants")

NOT_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def code_lines(path: Path) -> int:
    """The number of lines holding code (docstrings included): neither blank nor only a comment."""
    with path.open("rb") as source:
        tokens = [token for token in tokenize.tokenize(source.readline) if token.type not in NOT_SKIPPED]
    return len({line for token in tokens[1:-1] for line in range(token.start[0], token.end[0] + 1)})


def cases(folder: Path, pattern: str) -> list[str]:
    """Every file of the folder that matches the pattern, relative to the project."""
    return sorted(relative(path) for path in folder.glob(pattern))


def app_sources() -> list[Path]:
    """Every Python file of the app: the package, the screens and the top-level modules."""
    return sorted([*PACKAGE.rglob("*.py"), *SCREENS.glob("*.py"), *ROOT.glob("*.py")])


def test_code_lines_leave_out_blank_lines_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "module.py"
    path.write_text(
        '"""Doc\n\nstring."""\n\n# a comment\nx = [\n    1,  # one\n\n    2,\n]\n', encoding="utf-8"
    )
    assert 7 == code_lines(path)


@pytest.mark.parametrize("name", cases(PACKAGE, "**/*.py"))
def test_no_package_module_is_over_500_code_lines(name: str) -> None:
    assert code_lines(ROOT / name) <= MAX_MODULE_CODE_LINES


@pytest.mark.parametrize("name", cases(SCREENS, "*.py"))
def test_no_screen_file_is_over_120_lines(name: str) -> None:
    assert len((ROOT / name).read_text(encoding="utf-8").splitlines()) <= MAX_SCREEN_LINES


def language_branches(tree: ast.AST) -> list[str]:
    """Comparisons against a language code (`lang == "de"`, `lang in ("de", …)`) and `case "de":` patterns."""

    def is_language(node: ast.expr) -> bool:
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            return any(is_language(element) for element in node.elts)
        return isinstance(node, ast.Constant) and node.value in i18n.LANGUAGES

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(map(is_language, [node.left, *node.comparators])):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.MatchValue) and is_language(node.value):
            found.append(f"line {node.lineno}: case {ast.unparse(node.value)}")
    return found


def test_the_language_check_finds_branches() -> None:
    tree = ast.parse(
        'a = "x" if lang == "de" else "y"\nb = "en" != language\nc = code in ("de", "en")\n'
        'match lang:\n    case "de":\n        pass\n'
        'd = {"de": "Deutsch", "en": "English"}[lang]\n'
    )
    assert 4 == len(language_branches(tree))


@pytest.mark.parametrize("path", [p for p in app_sources() if p != PACKAGE / "i18n.py"], ids=relative)
def test_only_i18n_branches_on_the_language(path: Path) -> None:
    assert [] == language_branches(ast.parse(path.read_text(encoding="utf-8")))


def only_defines(node: ast.stmt) -> bool:
    """True for an import, a function, the docstring, or an upper-case constant bound to a literal."""
    if isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.AsyncFunctionDef):
        return True
    if isinstance(node, ast.Expr):
        return isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    else:
        return False
    if not all(isinstance(target, ast.Name) and target.id.isupper() for target in targets):
        return False
    try:
        ast.literal_eval(value)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("path", sorted(SCREENS.glob("*.py")), ids=relative)
def test_a_screen_files_top_level_defines_only_functions_imports_and_constants(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert [] == [ast.unparse(node) for node in tree.body if not only_defines(node)]


def test_every_test_file_lives_in_one_of_the_test_folders() -> None:
    test_files = sorted(TESTS.rglob("test_*.py"))
    assert [] == [
        relative(path) for path in test_files if path.relative_to(TESTS).parts[0] not in TEST_FOLDERS
    ]
    names = [path.name for path in test_files]
    assert sorted(set(names)) == sorted(names), "pytest imports test files by name: each name once"
