"""The regular expressions of a guardrail's sensitive-information policy (governance reference §2.2).

``sensitiveInformationPolicyConfig.regexesConfig[].pattern`` is stored as given and answered as given, but it
must compile: the runtime evaluates it (ApplyGuardrail, ``guardrailConfig``) with :func:`compile_pattern`, the
same function that checks it at Create/UpdateGuardrail. AWS does not document the dialect; the fake reads a
pattern as a **Java** regular expression (``java.util.regex``: the syntax AWS's examples use) and runs it with
Python's ``re``. Java-only syntax with an exact Python equivalent is translated; Java syntax the fake cannot
run, and Python-only syntax Java would refuse, is refused with a ValidationException naming the member.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .._choices import note

note("Guardrails", "Sensitive-information regexes (`regexesConfig[].pattern`) are read as Java regular expressions "
     "and run with Python's `re` (ASCII `\\w`, `\\d`, `\\s`, `\\b` and case folding, as Java's defaults), so a "
     "pattern must compile or CreateGuardrail/UpdateGuardrail answer ValidationException naming the member. "
     "Java-only syntax is translated: `\\p{..}`/`\\P{..}` for Unicode general categories (`L`, `Lu`, `IsLu`, "
     "`gc=Lu`, `LC`) and the POSIX classes (`Alpha`, `Digit`, `Punct`, ...), `\\Q..\\E`, `(?<name>..)` and "
     "`\\k<name>`, `\\z`, `\\Z`, `\\h`, `\\H`, `\\v`, `\\V`, `\\R`, `\\e`, `\\cX`, `\\x{h..h}`, and "
     "inline flags `(?imsx-imsx)` anywhere. Refused: class intersections and nested classes (`[a-z&&[^q]]`), other "
     "`\\p` properties (scripts, blocks, `java...`), the flags `d`, `u`, `U`, `c`, and Python-only syntax that Java "
     "refuses (`(?P<..>`, `(?P=..)`, `(?#..)`, `(?(1)..)`, `\\U`). Possessive quantifiers and atomic groups are "
     "accepted where Python's `re` has them (3.11+). Java's `.` also stops at `\\r`, `\\u0085`, `\\u2028`, "
     "`\\u2029`; Python's only at `\\n` (§2.2).")

_FLAGS = set("imsx-")
_POSIX = {  # java.util.regex's POSIX classes: US-ASCII only by default
    "Lower": "a-z", "Upper": "A-Z", "ASCII": "\\x00-\\x7f", "Alpha": "a-zA-Z", "Digit": "0-9", "Alnum": "a-zA-Z0-9",
    "Punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), "Graph": "\\x21-\\x7e", "Print": "\\x20-\\x7e",
    "Blank": " \\t", "Cntrl": "\\x00-\\x1f\\x7f", "XDigit": "0-9a-fA-F", "Space": " \\t\\n\\x0b\\f\\r",
}
_HSPACE = " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
_VSPACE = "\\n\\x0b\\f\\r\\x85\\u2028\\u2029"
#: escape -> (class body, negated): usable in and out of a character class
_CLASSES = {"h": (_HSPACE, False), "H": (_HSPACE, True), "v": (_VSPACE, False), "V": (_VSPACE, True)}
#: escape -> its Python form, outside a character class only
_OUTSIDE = {"z": "\\Z", "Z": "(?=(?:\\r\\n|[\\n\\r\\x85\\u2028\\u2029])?\\Z)",
            "R": "(?:\\r\\n|[\\n\\x0b\\f\\r\\x85\\u2028\\u2029])"}


class PatternError(ValueError):
    """A pattern the fake cannot accept (the message says why)."""


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` (Java syntax) compiled with Python's ``re``, or :class:`PatternError` saying why not."""
    try:
        return re.compile(translate(pattern), re.ASCII)
    except (re.error, OverflowError, RecursionError) as exc:
        raise PatternError(str(exc)) from None


def translate(pattern: str) -> str:
    """The Python ``re`` form of a Java pattern (see the module docstring)."""
    out: list[str] = []
    owed: list[list[str]] = [[]]  # per open group: the inline flags scoped until it closes
    in_class = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            piece, i = _escape(pattern, i, in_class)
            out.append(piece)
        elif in_class:
            if c == "[" or pattern.startswith("&&", i):
                raise PatternError(f"character class unions and intersections are not supported (position {i})")
            if pattern[i:i + 2] in ("--", "||", "~~"):
                out.append("\\" + c + "\\" + c)  # literal in Java; Python reserves them for set operations
                i += 2
                continue
            in_class = c != "]" or out[-1] in ("[", "[^")
            out.append(c)
            i += 1
        elif c == "[":
            in_class = True
            negated = pattern.startswith("[^", i)
            out.append("[^" if negated else "[")
            i += 2 if negated else 1
        elif c == "(":
            i = _group(pattern, i, out, owed)
        elif c == ")" and len(owed) > 1:
            out.append(_close(owed.pop()) + ")")
            i += 1
        elif c == "|" and owed[-1]:
            out.append(_close(owed[-1]) + "|" + "".join(f"(?{flags}:" for flags in owed[-1]))
            i += 1
        else:
            out.append(c)
            i += 1
    out.extend(_close(flags) for flags in reversed(owed))
    return "".join(out)


def _close(scoped: list[str]) -> str:
    """Close the groups that carry inline flags (after a newline if one is verbose: ending its comment)."""
    verbose = any("x" in flags.partition("-")[0] for flags in scoped)
    return ("\n" if verbose else "") + ")" * len(scoped)


def _group(pattern: str, i: int, out: list[str], owed: list[list[str]]) -> int:
    """Translate the group opening at ``i``; the index after what was consumed."""
    if pattern.startswith(("(?P", "(?#", "(?("), i):
        hint = "; a named group is (?<name>...)" if pattern.startswith("(?P", i) else ""
        raise PatternError(f"'{pattern[i:i + 3]}' is Python syntax that Java refuses (position {i}){hint}")
    match = re.compile(r"\(\?<([a-zA-Z][a-zA-Z0-9]*)>").match(pattern, i)
    if match is not None:
        out.append(f"(?P<{match.group(1)}>")
        owed.append([])
        return match.end()
    match = re.compile(r"\(\?([a-zA-Z-]+)([:)])").match(pattern, i)
    if match is None:
        out.append("(")
        owed.append([])
        return i + 1
    flags, end = match.groups()
    unknown = sorted(set(flags) - _FLAGS)
    if unknown:
        raise PatternError(f"the inline flag(s) {', '.join(unknown)} are not supported (position {i})")
    out.append(f"(?{flags}:")
    if end == ":":
        owed.append([])
    else:
        owed[-1].append(flags)  # Java: from here to the end of the enclosing group
    return match.end()


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """Translate the escape at ``i``: (its Python form, the index after it)."""
    if i + 1 >= len(pattern):
        raise PatternError("the pattern ends with a lone backslash")
    letter = pattern[i + 1]
    if letter == "Q":
        end = pattern.find("\\E", i + 2)
        text = pattern[i + 2:] if end < 0 else pattern[i + 2:end]
        return "".join("\\" + ch if not ch.isalnum() else ch for ch in text), len(pattern) if end < 0 else end + 2
    if letter in "pP":
        body, after = _property(pattern, i + 2)
        return _class(body, letter == "P", in_class, i), after
    if letter in _CLASSES:
        body, negated = _CLASSES[letter]
        return _class(body, negated, in_class, i), i + 2
    if letter in _OUTSIDE and not in_class:
        return _OUTSIDE[letter], i + 2
    if letter == "e":
        return "\\x1b", i + 2
    if letter == "U":
        raise PatternError(f"\\U is Python syntax that Java refuses (position {i}); use \\x{{h..h}}")
    if letter == "c" and i + 2 < len(pattern):
        return f"\\x{ord(pattern[i + 2]) ^ 64:02x}", i + 3
    match = re.compile(r"\\x\{([0-9a-fA-F]{1,6})\}|\\k<([a-zA-Z][a-zA-Z0-9]*)>").match(pattern, i)
    if match is not None and match.group(1) is not None:
        return f"\\U{int(match.group(1), 16):08x}", match.end()
    if match is not None and not in_class:
        return f"(?P={match.group(2)})", match.end()
    return pattern[i:i + 2], i + 2  # the same in both dialects (or refused by Python's re)


def _class(body: str, negated: bool, in_class: bool, at: int) -> str:
    if not in_class:
        return ("[^" if negated else "[") + body + "]"
    if negated:
        raise PatternError(f"a negated class escape inside a character class is not supported (position {at})")
    return body


def _property(pattern: str, i: int) -> tuple[str, int]:
    """The class body of the property named at ``i`` (``L`` or ``{Lu}``) and the index after it."""
    if pattern.startswith("{", i):
        end = pattern.find("}", i)
        if end < 0:
            raise PatternError(f"unclosed property name (position {i})")
        name, after = pattern[i + 1:end], end + 1
    else:
        name, after = pattern[i:i + 1], i + 1
    if name in _POSIX:
        return _POSIX[name], after
    category = re.sub(r"^(Is|gc=|general_category=)", "", name)
    if category == "LC":
        return _categories("Lu") + _categories("Ll") + _categories("Lt"), after
    if re.fullmatch(r"[CLMNPSZ][a-z]?", category) and _categories(category):
        return _categories(category), after
    raise PatternError(f"the property \\p{{{name}}} is not supported (Unicode general categories and POSIX "
                       "classes are)")


@functools.lru_cache(maxsize=1)
def _ranges() -> dict[str, list[tuple[int, int]]]:
    """Unicode general category -> its code point ranges (one pass over every code point, once)."""
    out: dict[str, list[tuple[int, int]]] = {}
    start, current = 0, unicodedata.category("\0")
    for point in range(1, 0x110001):
        category = unicodedata.category(chr(point)) if point < 0x110000 else ""
        if category != current:
            out.setdefault(current, []).append((start, point - 1))
            start, current = point, category
    return out


@functools.lru_cache(maxsize=64)
def _categories(prefix: str) -> str:
    """A class body of every code point whose Unicode general category starts with ``prefix``."""
    ranges = sorted(r for category, found in _ranges().items() if category.startswith(prefix) for r in found)
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
