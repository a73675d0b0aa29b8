"""`devtools provisions`: the provision index (docs/provisions.md), generated from the code.

For every provision the suite cites — konfliktrådsloven's § and paragraph, and the other laws
it applies — the code that cites it and the tests named after it, linked. Read from the source
without importing it:

- a citation is any string literal in a service's source (docstrings and comments aside) that
  names a § — "konfliktrådsloven §24 third para", "straffeloven §53 no. 3 (h)", a bare "§8"
  after a law in the same string, or of konfliktrådsloven where no law is named. A citation
  composed at run time (`f"§31 {para}"`) is not found: write it as a literal;
- it is credited to the function (or class) whose body holds the literal; a literal in a
  module-level table or constant is credited to every function of the service that names it;
- a test is named after a provision by its name's start: `test_s18_first_para_…`,
  `test_par6_no_5_…`, `test_par4_par14_…`, and for other laws `test_strl_53_no_3_…`,
  `test_strpl_71a_second_para_…`, `test_strgjfl_s53_…`, `test_domstolloven_s148_…`.

`tests/unit/test_provisions_current.py` fails when the committed index is not what the code
generates today, as `test_asyncapi_current.py` does for the AsyncAPI documents.
"""

from __future__ import annotations

import argparse
import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from devtools._paths import repo_root
from devtools.cli import Command

ACT = "konfliktrådsloven"
ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)
_ORDINAL = "|".join((*ORDINALS, "last"))
CITATION = re.compile(
    r"(?:(?P<law>[a-zæøå]+loven)\s*)?§\s?(?P<section>\d+(?:\s?[a-z](?![a-zæøå]))?)"
    rf"(?:\s(?P<para>(?:{_ORDINAL})(?:(?:\sto\s|\sand\s|,\s)(?:{_ORDINAL}))*)\spara)?"
    r"(?:\sno\.\s(?P<no>\d+(?:\s\([a-z]\))?))?"
    r"(?:\s(?P<letter>\([a-z]\)))?"
    rf"(?P<more>(?:\sand\s(?:{_ORDINAL})\spara)*)"
)
# A law's abbreviation at the start of a test name.
TEST_LAWS = {
    "strl": "straffeloven",
    "strpl": "straffeprosessloven",
    "strgjfl": "straffegjennomføringsloven",
    "domstolloven": "domstolloven",
    "fvl": "forvaltningsloven",
    "forvaltningsloven": "forvaltningsloven",
    "politiregisterloven": "politiregisterloven",
    "helligdagsloven": "helligdagsloven",
}
DEFAULT_OUT = Path("docs") / "provisions.md"


@dataclass(frozen=True, order=True)
class Provision:
    """One citable unit: a law's § with, where given, the paragraph and the number."""

    law: str
    section: str
    para: str = ""
    number: str = ""
    letter: str = ""  # "(c)" of "straffegjennomføringsloven §53 first para (c)"

    def sort_key(self) -> tuple[int, str, int, str, int, str, str, str]:
        digits = re.match(r"\d+", self.section)
        section_number = int(digits.group()) if digits else 0
        para = ORDINALS.index(self.para) if self.para in ORDINALS else len(ORDINALS)
        number = re.match(r"\d+", self.number)
        return (
            0 if self.law == ACT else 1,
            self.law,
            section_number,
            self.section,
            -1 if not self.para else para,
            f"{int(number.group()):04d}" if number else "",
            self.number,
            self.letter,
        )

    @property
    def heading(self) -> str:
        return f"{self.law} §{self.section}"

    def __str__(self) -> str:
        text = self.heading
        if self.para:
            text += f" {self.para} para"
        if self.number:
            text += f" no. {self.number}"
        if self.letter:
            text += f" {self.letter}"
        return text


@dataclass(frozen=True, order=True)
class Site:
    """Where the code cites a provision, or a test is named after one."""

    path: str  # from the repository root
    line: int
    name: str

    def link(self) -> str:
        return f"[`{self.name}`](../{self.path}#L{self.line})"


@dataclass
class Index:
    code: dict[Provision, set[Site]] = field(default_factory=lambda: defaultdict(set))
    tests: dict[Provision, set[Site]] = field(default_factory=lambda: defaultdict(set))


# --- citations in text -------------------------------------------------------------------


def _paras(spec: str) -> list[str]:
    words = re.findall(rf"\b(?:{_ORDINAL})\b", spec)
    if " to " in spec and len(words) == 2 and all(w in ORDINALS for w in words):
        first, last = ORDINALS.index(words[0]), ORDINALS.index(words[1])
        return list(ORDINALS[first : last + 1])
    return words


def citations(text: str) -> Iterator[Provision]:
    """Every provision a text names, a bare § read in the law last named (else the Act)."""
    law = ACT
    for match in CITATION.finditer(text):
        if match.group("law"):
            law = match.group("law").strip()
        section = match.group("section").replace(" ", "")
        number = match.group("no") or ""
        letter = match.group("letter") or ""
        paras = _paras(match.group("para") or "")
        if not paras:
            yield Provision(law, section, "", number, letter)
        for index, para in enumerate(paras):
            first = index == 0
            yield Provision(law, section, para, number if first else "", letter if first else "")
        for para in _paras(match.group("more") or ""):
            yield Provision(law, section, para)


def named_provisions(name: str) -> list[Provision]:
    """The provisions a test's name starts with (`test_par4_par14_…`, `test_strl_53_no_3_…`)."""
    tokens = name.removeprefix("test_").split("_")
    found: list[Provision] = []
    law, i = ACT, 0
    while i < len(tokens):
        token = tokens[i]
        explicit = TEST_LAWS.get(token)
        if explicit:
            law, i = explicit, i + 1
            continue
        section = re.fullmatch(r"(?:s|par)(\d+[a-z]?)", token) or (
            re.fullmatch(r"(\d+[a-z]?)", token) if law != ACT else None
        )
        if not section:
            break
        para, number, i = "", "", i + 1
        if i + 1 < len(tokens) and tokens[i] in ORDINALS and tokens[i + 1] == "para":
            para, i = tokens[i], i + 2
        if i + 1 < len(tokens) and tokens[i] == "no" and tokens[i + 1].isdigit():
            number, i = tokens[i + 1], i + 2
        elif i < len(tokens) and re.fullmatch(r"no\d+", tokens[i]):  # test_par6_no5_…
            number, i = tokens[i][2:], i + 1
        found.append(Provision(law, section.group(1), para, number))
    return found


# --- reading the source ------------------------------------------------------------------


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _strings(node: ast.AST, skip: set[int]) -> Iterator[tuple[int, str]]:
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Constant)
            and isinstance(child.value, str)
            and id(child) not in skip
        ):
            yield child.lineno, child.value


Scope = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _scopes(tree: ast.Module) -> Iterator[tuple[str, Scope]]:
    """Top-level functions and classes, and the methods of classes, with qualified names."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            methods = [
                n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            ]
            for method in methods:
                yield f"{node.name}.{method.name}", method
            yield node.name, node  # the class body: fields, and what its methods do not hold


def _module_constants(tree: ast.Module) -> dict[str, ast.AST]:
    constants: dict[str, ast.AST] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        for target in targets:
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            for name in names:
                if isinstance(name, ast.Name):
                    constants[name.id] = node
    return constants


def _names_used(node: ast.AST) -> set[str]:
    used: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            used.add(child.id)
        elif isinstance(child, ast.Attribute):
            used.add(child.attr)
    return used


def _module_name(path: Path, src: Path) -> str:
    return ".".join(path.relative_to(src).with_suffix("").parts)


def _scan_service(root: Path, service_src: Path, index: Index) -> None:
    files = sorted(p for p in service_src.rglob("*.py") if "migrations" not in p.parts)
    parsed = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}
    # Module-level constants holding citations, by name: credited to the functions naming them.
    constant_citations: dict[str, set[tuple[Provision, Site]]] = defaultdict(set)
    users: dict[str, set[Site]] = defaultdict(set)
    for path, tree in parsed.items():
        relative = path.relative_to(root).as_posix()
        module = _module_name(path, service_src)
        skip = _docstrings(tree)
        for qualified, scope in _scopes(tree):
            site = Site(relative, scope.lineno, f"{module}.{qualified}")
            body = scope.body if isinstance(scope, ast.ClassDef) else [scope]
            nodes = [
                n
                for n in body
                if not (
                    isinstance(scope, ast.ClassDef)
                    and isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                )
            ]
            for node in nodes:
                for _lineno, text in _strings(node, skip):
                    for provision in citations(text):
                        index.code[provision].add(site)
                for used in _names_used(node):
                    users[used].add(site)
        for name, constant in _module_constants(tree).items():
            for lineno, text in _strings(constant, skip):
                for provision in citations(text):
                    constant_citations[name].add(
                        (provision, Site(relative, lineno, f"{module}.{name}"))
                    )
    for name, cited in constant_citations.items():
        for provision, constant_site in cited:
            index.code[provision].add(constant_site)
            for user in users.get(name, ()):
                index.code[provision].add(user)


def _scan_tests(root: Path, index: Index) -> None:
    test_files = sorted(
        p
        for base in (root / "services", root / "tests", root / "shared")
        for p in base.rglob("test_*.py")
        if ".venv" not in p.parts
    )
    for path in test_files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith(
                "test_"
            ):
                for provision in named_provisions(node.name):
                    index.tests[provision].add(Site(relative, node.lineno, node.name))


def _resolve_numbers(index: Index) -> None:
    """A test naming "§6 no. 5" without its paragraph joins the one cited paragraph that has
    that number ("§6 first para no. 5"), where there is exactly one."""
    for provision in [p for p in index.tests if p.number and not p.para]:
        matches = [
            p
            for p in index.code
            if (p.law, p.section, p.number) == (provision.law, provision.section, provision.number)
            and p.para
        ]
        if len(matches) == 1:
            index.tests[matches[0]] |= index.tests.pop(provision)


def build(root: Path) -> Index:
    index = Index()
    for service_src in sorted((root / "services").glob("*/src")):
        _scan_service(root, service_src, index)
    _scan_tests(root, index)
    _resolve_numbers(index)
    return index


# --- the document ------------------------------------------------------------------------


HEADER = """# Provision index

Generated by `uv run --frozen python -m devtools provisions` from the code — do not edit by
hand; `tests/unit/test_provisions_current.py` fails when this file is out of date.

For each provision the suite cites (konfliktrådsloven unless another law is named), the code
that cites it — the function, class or table whose literal names it — and the tests named
after it. A citation is found only where it is written as a literal; a test is found by its
name (`test_s18_first_para_…`, `test_par6_no_5_…`, `test_strl_53_no_3_…`,
`test_domstolloven_s148_…`). A row without a paragraph collects what cites the § as a whole.
"""


def _cell(sites: set[Site]) -> str:
    return "<br>".join(site.link() for site in sorted(sites)) or "—"


def render(index: Index) -> str:
    provisions = sorted(set(index.code) | set(index.tests), key=Provision.sort_key)
    lines = [HEADER]
    heading = None
    for provision in provisions:
        if provision.heading != heading:
            heading = provision.heading
            lines += ["", f"## {heading}", "", "| Provision | Cited in | Tests |", "|---|---|---|"]
        code = _cell(index.code.get(provision, set()))
        tests = _cell(index.tests.get(provision, set()))
        lines.append(f"| {provision} | {code} | {tests} |")
    return "\n".join(lines) + "\n"


def generate(root: Path | None = None) -> str:
    return render(build(root or repo_root()))


# --- command line ------------------------------------------------------------------------


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=None, help=f"file to write (default: {DEFAULT_OUT})"
    )


def run(args: argparse.Namespace) -> int:
    root = repo_root()
    out: Path = args.out or root / DEFAULT_OUT
    out.write_text(generate(root), encoding="utf-8")
    print(out)
    return 0


COMMAND = Command(
    help="write the provision index (docs/provisions.md), generated from the code",
    configure=configure,
    run=run,
)
