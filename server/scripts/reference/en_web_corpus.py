#!/usr/bin/env python3
"""Sentences for the web-genre English corpora (tests/data/en_web/, issue 12), from real text
that ships with Debian packages and PyPI packages (no network needed beyond installing them).

Writes one file of sentences per source into OUT_DIR (`<split>_<source>.txt`, one line each) and
`names_<split>.txt` (one name per line). References are made from those files by
`en_reference.py --skip-errors` (see tests/data/en_web/README.md for the whole recipe).

Sources (all free licences; see the README for each):
  dev      quotes      Debian `fortunes`: fortunes, people, humorists, wisdom, politics, computers
           readme      README.md of the crates in ~/.cargo/registry (Markdown rendered to text)
           changelog   /usr/share/doc/*/changelog.Debian.gz (lists, names, e-mail addresses)
  heldout  dialogue    Debian `fortunes`: literature, startrek, pratchett, songs-poems
           man         man pages of sections 1 and 8, DESCRIPTION and OPTIONS
           docstring   docstrings of the reference venv's Python packages
  names    first names and surnames of Faker's locales; subdivision names from pycountry
           (dev: European locales; heldout: the others)

Deterministic for the same installed packages: every sample uses a fixed seed.
Usage: en_web_corpus.py OUT_DIR   (run with a Python that has faker and pycountry installed)
"""
import ast
import glob
import gzip
import os
import random
import re
import subprocess
import sys
import unicodedata

FORTUNES = '/usr/share/games/fortunes'
SITE = os.path.join(os.path.dirname(__file__), '../../.venv-ref-en/lib/python3.11/site-packages')

SENT_SPLIT = re.compile(r'(?<=[.!?])["”’)]?\s+(?=["“(]?[A-Z])')
ABBREV_END = re.compile(r'\b(?:Mr|Mrs|Ms|Dr|St|vs|etc|e\.g|i\.e|cf|No|Fig|Jr|Sr|Inc|Ltd|Co)\.$')


def clean(s: str) -> str:
    s = unicodedata.normalize('NFC', s).replace('\t', ' ')
    s = ''.join(c for c in s if unicodedata.category(c)[0] != 'C')
    return re.sub(r'\s+', ' ', s).strip()


def sentences(paragraph: str):
    """Splits a paragraph at sentence ends (a plain splitter, as a page reader would do)."""
    out = []
    for part in SENT_SPLIT.split(paragraph):
        if out and ABBREV_END.search(out[-1]):
            out[-1] += ' ' + part
        else:
            out.append(part)
    return out


def good(line: str, min_words=3, max_words=60) -> bool:
    words = line.split()
    if line.startswith('#'):  # a comment line in the corpus files
        return False
    if not (min_words <= len(words) <= max_words) or len(line) > 400:
        return False
    letters = sum(c.isalpha() for c in line)
    return letters >= 0.5 * len(line.replace(' ', ''))


def sample(lines, n, seed):
    lines = sorted(set(lines))
    random.Random(seed).shuffle(lines)
    return lines[:n]


def fortunes(names):
    out = []
    for name in names:
        with open(os.path.join(FORTUNES, name), encoding='utf-8', errors='replace') as f:
            entries = f.read().split('\n%\n')
        for e in entries:
            lines = e.split('\n')
            # Skip drawings and tables: lines that are mostly not letters.
            if any(len(l.strip()) > 8 and sum(c.isalpha() for c in l) < 0.4 * len(l.strip()) for l in lines):
                continue
            text = clean(' '.join(lines))
            if good(text, max_words=70):
                out.append(text)
    return out


def markdown_to_text(md: str):
    """Paragraphs and list items of a README as a browser would show them."""
    md = re.sub(r'```.*?```', '\n\n', md, flags=re.S)
    md = re.sub(r'<!--.*?-->', '', md, flags=re.S)
    blocks, current = [], []
    for line in md.split('\n'):
        s = line.strip()
        item = re.match(r'^(?:[-*+]|\d+[.)])\s+(.*)', s)
        if not s or s.startswith(('#', '|', '<', '[!', '![', '---', '===', '>')) or line.startswith('    '):
            if current:
                blocks.append(' '.join(current))
            current = []
            if s.startswith('#'):
                blocks.append(s.lstrip('#').strip())
            continue
        if item:
            if current:
                blocks.append(' '.join(current))
            current = [item.group(1)]
        else:
            current.append(s)
    if current:
        blocks.append(' '.join(current))
    out = []
    for b in blocks:
        b = re.sub(r'!\[[^\]]*\]\([^)]*\)', '', b)
        b = re.sub(r'\[([^\]]+)\]\([^)]*\)', r'\1', b)
        b = re.sub(r'\[([^\]]+)\]\[[^\]]*\]', r'\1', b)
        b = re.sub(r'<(https?://[^>]+)>', r'\1', b)
        b = re.sub(r'<[^>]+>', '', b)
        b = b.replace('`', '').replace('**', '').replace('__', '')
        b = re.sub(r'(?<!\w)[*_]([^*_]+)[*_](?!\w)', r'\1', b)
        out.extend(clean(s) for s in sentences(clean(b)))
    return out


def readmes():
    by_crate = {}
    for path in glob.glob(os.path.expanduser('~/.cargo/registry/src/*/*/README.md')):
        crate = os.path.basename(os.path.dirname(path))
        name = re.sub(r'-\d+\.\d+.*$', '', crate)
        by_crate[name] = max(by_crate.get(name, path), path)
    out = []
    for name in sorted(by_crate):
        with open(by_crate[name], encoding='utf-8', errors='replace') as f:
            out.extend(l for l in markdown_to_text(f.read()) if good(l))
    return out


def changelogs():
    out = []
    for path in sorted(glob.glob('/usr/share/doc/*/changelog.Debian.gz')):
        try:
            text = gzip.open(path, 'rt', encoding='utf-8', errors='replace').read()
        except OSError:
            continue
        item = []
        for line in text.split('\n')[:200]:
            if re.match(r'^ -- ', line):
                out.append(clean(line))
                continue
            m = re.match(r'^  [*+-] (.*)', line) or re.match(r'^    [*+-] (.*)', line)
            if m:
                if item:
                    out.append(clean(' '.join(item)))
                item = [m.group(1)]
            elif line.startswith('    ') and item:
                item.append(line.strip())
            else:
                if item:
                    out.append(clean(' '.join(item)))
                item = []
    return [l for l in out if good(l, min_words=3)]


def man_pages(n_pages, seed):
    pages = sorted(glob.glob('/usr/share/man/man1/*.gz')) + sorted(glob.glob('/usr/share/man/man8/*.gz'))
    pages = [p for p in pages if '.' in os.path.basename(p)[:-3]]
    random.Random(seed).shuffle(pages)
    out = []
    env = dict(os.environ, MANWIDTH='3000', LC_ALL='C.UTF-8')
    for path in pages[:n_pages]:
        try:
            text = subprocess.run(['man', '-E', 'UTF-8', '-P', 'cat', path], capture_output=True, text=True,
                                  env=env, timeout=20).stdout
        except (subprocess.TimeoutExpired, UnicodeDecodeError):
            continue
        text = re.sub(r'.\x08', '', text)
        section, taken = None, 0
        for line in text.split('\n'):
            if taken >= 8:  # no single page dominates
                break
            if re.match(r'^[A-Z][A-Z ]+$', line):
                section = line.strip()
                continue
            if section in ('DESCRIPTION', 'OPTIONS') and line.startswith('       ') and not line.startswith('        '):
                found = [l for l in (clean(s) for s in sentences(clean(line))) if good(l)]
                out.extend(found)
                taken += len(found)
    return out


def docstrings():
    out = []
    for pkg in ('click', 'rich', 'jinja2', 'pydantic', 'requests', 'typer', 'urllib3', 'httpx', 'babel',
                'rdflib', 'smart_open', 'markdown_it', 'jsonschema', 'dateutil', 'tqdm', 'cloudpathlib'):
        for path in sorted(glob.glob(os.path.join(SITE, pkg, '**/*.py'), recursive=True)):
            try:
                tree = ast.parse(open(path, encoding='utf-8').read())
            except (SyntaxError, UnicodeDecodeError):
                continue
            for node in ast.walk(tree):
                if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                doc = ast.get_docstring(node)
                if not doc:
                    continue
                for para in re.split(r'\n\s*\n', doc):
                    p = para.strip()
                    if not p or p.startswith(('>>>', '..', ':', '|', '-', '=', '*')) or re.match(r'^\w+\s*:\s*$', p.split('\n')[0]):
                        continue
                    p = re.sub(r':[a-z]+:`~?([^`]+)`', r'\1', p).replace('``', '').replace('`', '')
                    out.extend(clean(s) for s in sentences(clean(p)))
    return [l for l in out if good(l)]


LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ' .-]+$")
EUROPE = ['cs_CZ', 'da_DK', 'de_DE', 'el_GR', 'es_ES', 'et_EE', 'fi_FI', 'fr_FR', 'hr_HR', 'hu_HU', 'it_IT',
          'lt_LT', 'lv_LV', 'nl_NL', 'no_NO', 'pl_PL', 'pt_PT', 'ro_RO', 'sk_SK', 'sl_SI', 'sv_SE', 'tr_TR',
          'en_IE', 'de_AT', 'fr_CH']
OTHERS = ['en_IN', 'es_MX', 'pt_BR', 'id_ID', 'vi_VN', 'tl_PH', 'zu_ZA', 'yo_NG', 'sw', 'en_NZ', 'fil_PH',
          'es_AR', 'es_CO', 'en_PH', 'ga_IE', 'az_AZ', 'uz_UZ', 'tw_GH', 'ha_NG', 'ig_NG']


def names(locales, seed):
    from faker import Faker
    out = set()
    for loc in locales:
        try:
            f = Faker(loc)
        except AttributeError:
            continue
        f.seed_instance(seed)
        for _ in range(60):
            for n in (f.first_name(), f.last_name()):
                if LATIN.match(n) and ' ' not in n:
                    out.add(n)
    return sorted(out)


def places(seed, european):
    import pycountry
    eu = {'AT', 'BE', 'BG', 'CH', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT',
          'LU', 'LV', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'IS'}
    out = {s.name for s in pycountry.subdivisions if (s.country_code in eu) == european and LATIN.match(s.name)
           and len(s.name.split()) <= 2}
    return sample(out, 400, seed)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    sets = {
        'dev_quotes': sample(fortunes(['fortunes', 'people', 'humorists', 'wisdom', 'politics', 'computers']), 1100, 1),
        'dev_readme': sample(readmes(), 1100, 2),
        'dev_changelog': sample(changelogs(), 800, 3),
        'heldout_dialogue': sample(fortunes(['literature', 'startrek', 'pratchett', 'songs-poems']), 600, 4),
        'heldout_man': sample(man_pages(450, 5), 600, 5),
        'heldout_docstring': sample(docstrings(), 600, 6),
        'names_dev': sample(names(EUROPE, 7), 700, 7) + places(8, True),
        'names_heldout': sample(names(OTHERS, 9), 500, 9) + places(10, False),
    }
    for name, lines in sets.items():
        with open(os.path.join(out_dir, f'{name}.txt'), 'w', encoding='utf-8') as f:
            f.write(''.join(l + '\n' for l in lines))
        print(f'{name}: {len(lines)} lines', file=sys.stderr)


if __name__ == '__main__':
    main()
