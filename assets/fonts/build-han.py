#!/usr/bin/python3
"""Builds the bundled fonts from wqy-microhei.ttf and Debian's font packages.

xinqing-cjk.ttf is WenQuanYi Micro Hei with every character of CJK
Unified Ideographs and Extension A that it lacks added from Hanazono Mincho A
(scaled to its 2048 units per em): 56,787 glyphs, the one face the screen can
use (Fyne takes one font per text style, and a TrueType font holds at most
65,535 glyphs, fewer than Extension B would need on top). The PDFs use it too,
with two fallback faces: xinqing-han-b.ttf.gz (Extension B, from Hanazono
Mincho B) and xinqing-han-s.ttf.gz (the 40 characters of the three blocks
Hanazono lacks, from BabelStone Han).

Run from this directory with Debian's fonts-hanazono, fonts-babelstone-han and
python3-fonttools installed:  /usr/bin/python3 build-han.py

The PDF library reads only a format-4 (16-bit) cmap, so every face maps each
character outside the BMP twice: to its real code point in a format-12 cmap
(what screens, tests and text extraction use) and to a stand-in BMP code point,
0x1000 + glyph id, in the format-4 cmap (what the PDF library sees). The
report package reads both tables and draws the stand-in; the stand-ins never
leave the face they belong to. The fallback faces are stored gzipped
(assets.go inflates them on first use).
"""
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import cmap_format_4, cmap_format_12
from fontTools import subset
from fontTools.ttLib.scaleUpem import scale_upem
import gzip
import io

MAIN = "wqy-microhei.ttf"
HANA = "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"
HANB = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
BABEL = "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"

URO = range(0x4E00, 0x9FFF + 1)
EXTA = range(0x3400, 0x4DBF + 1)
EXTB = range(0x20000, 0x2A6DF + 1)
STANDIN_BASE = 0x1000


def cmap_of(path):
    return TTFont(path, lazy=True).getBestCmap()


def build(src, codes, out, family):
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.glyph_names = False
    opts.name_IDs = []
    opts.notdef_outline = True
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"]
    font = subset.load_font(src, opts)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=codes)
    sub.subset(font)

    real = font.getBestCmap()
    order = font.getGlyphOrder()
    gid = {name: i for i, name in enumerate(order)}
    bmp = {}
    for cp, name in real.items():
        if cp <= 0xFFFF:
            bmp[cp] = name
        else:
            stand = STANDIN_BASE + gid[name]
            assert stand < 0xD800 and stand not in real
            bmp[stand] = name

    def table(cls, fmt, plat, enc, mapping):
        t = cls(fmt)
        t.platformID, t.platEncID, t.language = plat, enc, 0
        if fmt == 12:
            t.length, t.nGroups, t.reserved = 0, 0, 0
        t.cmap = dict(mapping)
        return t

    cmap = newTable("cmap")
    cmap.tableVersion = 0
    cmap.tables = [table(cmap_format_4, 4, 3, 1, bmp)]
    if any(cp > 0xFFFF for cp in real):
        cmap.tables.append(table(cmap_format_12, 12, 3, 10, real))
    font["cmap"] = cmap

    name = font["name"]
    name.names = []
    for nid, s in [(1, family), (2, "Regular"), (3, family + " Regular"), (4, family), (6, family.replace(" ", ""))]:
        name.setName(s, nid, 3, 1, 0x409)
        name.setName(s, nid, 1, 0, 0)
    print(out, len(real), "characters", len(order), "glyphs")
    return font


def save(font, out, gz=True):
    if not gz:
        font.save(out)
        return
    buf = io.BytesIO()
    font.save(buf)
    with open(out + ".gz", "wb") as f:
        f.write(gzip.compress(buf.getvalue(), 9, mtime=0))


def merge_into_main(extra):
    """Adds every glyph of extra, and its characters the main font lacks, to the main font."""
    m = TTFont(MAIN)
    scale_upem(extra, m["head"].unitsPerEm)
    order = list(m.getGlyphOrder())
    glyf, hmtx = m["glyf"], m["hmtx"]
    ren = {n: "hana_" + n for n in extra.getGlyphOrder() if n != ".notdef"}
    for old, new in ren.items():
        g = extra["glyf"][old]
        if g.isComposite():
            for c in g.components:
                c.glyphName = ren[c.glyphName]
        glyf.glyphs[new] = g
        hmtx.metrics[new] = extra["hmtx"].metrics[old]
        order.append(new)
    m.setGlyphOrder(order)
    glyf.glyphOrder = order
    add = extra.getBestCmap()
    for t in m["cmap"].tables:
        if t.isUnicode():
            for cp, name in add.items():
                if cp not in t.cmap and (t.format == 12 or cp <= 0xFFFF):
                    t.cmap[cp] = ren[name]
    for tag in ["vhea", "vmtx", "FFTM"]:
        if tag in m:
            del m[tag]
    m["post"].formatType = 3.0
    m["maxp"].numGlyphs = len(order)
    print("xinqing-cjk.ttf", len(order), "glyphs")
    return m


main = cmap_of(MAIN)
a, b, babel = cmap_of(HANA), cmap_of(HANB), cmap_of(BABEL)
wanted = [c for r in (URO, EXTA, EXTB) for c in r]
need_a = [c for c in wanted if c <= 0xFFFF and c not in main and c in a]
need_b = [c for c in EXTB if c not in main and c in b]
done = set(main) | set(need_a) | set(need_b)
need_s = [c for c in wanted if c not in done and c in babel]
save(merge_into_main(build(HANA, need_a, "xinqing-han-a.ttf", "XinQing Han A")), "xinqing-cjk.ttf", gz=False)
save(build(HANB, need_b, "xinqing-han-b.ttf", "XinQing Han B"), "xinqing-han-b.ttf")
save(build(BABEL, need_s, "xinqing-han-s.ttf", "XinQing Han S"), "xinqing-han-s.ttf")
left = [hex(c) for c in wanted if c not in done and c not in babel]
print("not covered:", left)
