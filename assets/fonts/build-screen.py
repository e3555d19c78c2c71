#!/usr/bin/python3
"""Builds xinqing-cjk-common.ttf.gz, the screen's face for bold text.

A subset of xinqing-cjk.ttf (same outlines and metrics): ASCII, Latin-1,
punctuation, the symbol blocks the screens draw (arrows, shapes, ✓ ✗),
every character of GB 2312 and every character of the app's own texts
(assets/i18n, assets/labels). The font library under Fyne decodes every
outline of a face when it loads it, once per text style: some 28 MB for
the 56,787 glyphs of xinqing-cjk.ttf, about 4 MB for this face. Regular text
keeps the whole face; bold text (headings, form labels, dialog titles)
takes this one, and a character it lacks is drawn from xinqing-cjk-rare.ttf,
the rest of the whole face, which the desktop app installs in the user's
font folder (internal/desktop/startup).

Run from this directory with python3-fonttools installed:
    /usr/bin/python3 build-screen.py
"""
import glob
import gzip
import io

from fontTools import subset
from fontTools.ttLib import TTFont

SRC = "xinqing-cjk.ttf"
OUT = "xinqing-cjk-common.ttf.gz"

BLOCKS = [
    (0x20, 0x7E), (0xA0, 0xFF),          # ASCII, Latin-1
    (0x2000, 0x206F),                    # general punctuation
    (0x2100, 0x21FF),                    # letterlike symbols, arrows
    (0x2460, 0x27BF),                    # enclosed, box drawing, shapes, symbols, dingbats
    (0x3000, 0x303F),                    # CJK symbols and punctuation
    (0xFF00, 0xFFEF),                    # full-width forms
]


def common():
    cps = set()
    for lo, hi in BLOCKS:
        cps.update(range(lo, hi + 1))
    for b1 in range(0x81, 0xFF):
        for b2 in range(0x40, 0xFF):
            try:
                cps.update(bytes([b1, b2]).decode("gbk"))
            except UnicodeDecodeError:
                pass
    cps = {c if isinstance(c, int) else ord(c) for c in cps}
    for pattern in ("../i18n/*.json", "../labels/*"):
        for name in sorted(glob.glob(pattern)):
            with open(name, encoding="utf-8") as f:
                cps.update(ord(c) for c in f.read() if ord(c) >= 0x20)
    return cps


def main():
    font = TTFont(SRC)
    have = set(font.getBestCmap())
    cps = common() & have
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = True
    opts.legacy_cmap = False
    s = subset.Subsetter(opts)
    s.populate(unicodes=cps)
    s.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(buf.getvalue())
    print(f"{OUT}: {len(cps)} characters, {len(font.getGlyphOrder())} glyphs, {len(buf.getvalue())} bytes")


main()
