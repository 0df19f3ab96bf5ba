#!/usr/bin/env python3
"""Regenerates the Impala word and function lists beside this script from an apache/impala clone.

    python3 refresh.py /path/to/impala.git [commit]

Reads (with `git show`, no work tree needed) the scanner's keywords, its SQL:2016 reserved list
and whitelist, the scalar function registry and the aggregate/analytic builtins, and writes one
data file per list, each headed with the source file and commit. The engine embeds the files.
"""
import os
import re
import subprocess
import sys
import types

SCANNER = "fe/src/main/jflex/sql-scanner.flex"
REGISTRY = "common/function-registry/impala_functions.py"
BUILTINS = "fe/src/main/java/org/apache/impala/catalog/BuiltinsDb.java"
OPERATORS = {  # internal operator functions (not callable by name); only their names matter
    "fe/src/main/java/org/apache/impala/analysis/ArithmeticExpr.java": r'^\s+[A-Z_]+\("[^"]*", "([a-z_]+)"',
    "fe/src/main/java/org/apache/impala/analysis/BinaryPredicate.java": r'^\s+[A-Z_]+\("[^"]*", "([a-z_]+)"',
}
HERE = os.path.dirname(os.path.abspath(__file__))


def show(repo, commit, path):
    return subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], check=True, capture_output=True, text=True).stdout


def string_array_after(text, marker):
    start = text.index(marker)
    body = text[start:text.index("}));", start)]
    return re.findall(r'"([^"]*)"', body)


def header(out, source, commit, what):
    out.write(f"# {what}\n")
    out.write(f"# Taken from apache/impala {source} at commit {commit}\n")
    out.write("# by impala/BrightFunnel.Warehouse.Impala.Engine/Sql/Dialect/refresh.py (run it to refresh). '#' starts a comment.\n")


def write_words(name, words, source, commit, what):
    with open(os.path.join(HERE, name), "w") as out:
        header(out, source, commit, what)
        for w in words:
            out.write(w + "\n")


def top_level_args(text):
    """Counts the comma-separated arguments of a Java argument list text."""
    text = text.strip()
    if not text:
        return 0
    depth, count = 0, 1
    for ch in text:
        if ch in "(<":
            depth += 1
        elif ch in ")>":
            depth -= 1
        elif ch == "," and depth == 0:
            count += 1
    return count


def builtin_aggregates(java):
    """(name, kind, arity) for every AggregateFunction.create*Builtin(db, "name", <args>, …)."""
    found = []
    pattern = re.compile(r'AggregateFunction\.create(Analytic|Rewritten|Unsupported)?Builtin\(\s*db,\s*"([a-z_0-9]+)",\s*')
    for m in pattern.finditer(java):
        kind = "analytic" if m.group(1) == "Analytic" else "aggregate"
        rest = java[m.end():]
        if rest.startswith("new ArrayList") or rest.startswith("Collections."):
            found.append((m.group(2), kind, 0))
            continue
        lm = re.match(r'Lists\.(?:<\w+>)?newArrayList\(', rest)
        if not lm:
            raise SystemExit(f"cannot read the arguments of {m.group(2)}: {rest[:60]!r}")
        depth, i = 1, lm.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(rest[i], 0)
            i += 1
        found.append((m.group(2), kind, top_level_args(rest[lm.end():i - 1])))
    return found


def main():
    if len(sys.argv) < 2:
        raise SystemExit("usage: refresh.py /path/to/impala.git [commit]")
    repo = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    scanner = show(repo, commit, SCANNER)

    keywords = sorted({w for w in re.findall(r'keywordMap\.put\("([^"]+)"', scanner) if re.fullmatch(r"[a-z_][a-z_0-9]*", w)})
    write_words("impala_keywords.txt", keywords, SCANNER, commit,
                "Impala's keywords (the scanner's keywordMap; the symbols && and || are left out: they are not words).")
    sql2016 = string_array_after(scanner, "// Add SQL:2016 reserved words")
    write_words("sql2016_reserved.txt", [w for w in sql2016], SCANNER, commit,
                "The SQL:2016 reserved words the scanner adds in reserved_words_version 3.0 (verbatim: \"log10 \" and \"update  \" carry the scanner's trailing spaces, so they never match).")
    whitelist = string_array_after(scanner, "// Remove whitelist words")
    write_words("reserved_whitelist.txt", whitelist, SCANNER, commit,
                "Words the scanner removes from the reserved set in 3.0 (its whitelist).")

    module = types.ModuleType("impala_functions")
    exec(show(repo, commit, REGISTRY), module.__dict__)
    rows = []  # (name, kind, min, varargs)
    for visible, fns in ((True, module.visible_functions), (False, module.invisible_functions)):
        for fn in fns:
            args = fn[2]
            varargs = "..." in args
            fixed = len([a for a in args if a != "..."])
            for alias in fn[0]:
                rows.append((alias.lower(), "scalar" if visible else "internal", fixed, varargs))
    for name, kind, arity in builtin_aggregates(show(repo, commit, BUILTINS)):
        # grouping_id is registered without arguments but takes any number of grouping columns
        rows.append((name, kind, arity, name == "grouping_id"))
    for path, pattern in OPERATORS.items():
        for name in re.findall(pattern, show(repo, commit, path), re.M):
            rows.append((name, "internal", -1, False))
    # FunctionCallExpr.createExpr rewrites these before lookup (decode → CASE, nvl2/nullif → if).
    rows += [("decode", "scalar", 3, True), ("nvl2", "scalar", 3, False), ("nullif", "scalar", 2, False)]
    merged = {}
    for name, kind, fixed, varargs in rows:
        kinds, arities = merged.setdefault(name, (set(), set()))
        kinds.add(kind)
        if fixed >= 0:
            arities.add(f"{fixed}+" if varargs else str(fixed))
    with open(os.path.join(HERE, "impala_functions.txt"), "w") as out:
        header(out, f"{REGISTRY}, {BUILTINS}, the operator enums of ArithmeticExpr/BinaryPredicate.java and FunctionCallExpr.createExpr (decode, nvl2, nullif)", commit,
               "Impala's builtin functions: name, kinds (scalar, aggregate, analytic; internal = not callable by name), accepted argument counts (N+ = N or more).")
        for name in sorted(merged):
            kinds, arities = merged[name]
            ordered = sorted(arities, key=lambda a: (int(a.rstrip("+")), a))
            out.write(f"{name} {','.join(sorted(kinds))} {','.join(ordered) or '-'}\n")
    # The scanner also removes internal names (castto*, in_iterate, is_null_pred, …) that this
    # script does not list; none of them is a SQL:2016 word, which this check keeps true.
    assert not [w for w in sql2016 if w.startswith(("castto", "in_", "not_in_", "is_"))]


if __name__ == "__main__":
    main()
