#!/usr/bin/env python3
"""Writes the xlsx target's seed corpus (fuzz/corpus/xlsx/): the shapes the
io tests build (tests/io/xlsx_fixture.h), as text parts (what the target
zips itself) and a few as real deflated zips (for the zip layer)."""
import io
import os
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
T = REL + "/"


def worksheet(rows, after=""):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{REL}"><sheetData>{rows}</sheetData>{after}</worksheet>')


def book(sheets, shared="", styles="", date1904=False):
    parts = [("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
             ("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                             f'Type="{T}officeDocument" Target="xl/workbook.xml"/></Relationships>')]
    wb = (f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
          + ('<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>") + "<sheets>")
    rels = f'<?xml version="1.0"?><Relationships xmlns="{PKG}">'
    for i, (name, xml) in enumerate(sheets):
        rid = f"rId{10 + len(sheets) - i}"
        wb += f'<sheet name="{name}" sheetId="{i + 1}" r:id="{rid}"/>'
        rels += f'<Relationship Id="{rid}" Type="{T}worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        parts.append((f"xl/worksheets/sheet{i + 1}.xml", xml))
    wb += "</sheets></workbook>"
    if shared:
        rels += f'<Relationship Id="rId1" Type="{T}sharedStrings" Target="sharedStrings.xml"/>'
        parts.append(("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="{MAIN}">{shared}</sst>'))
    if styles:
        rels += f'<Relationship Id="rId2" Type="{T}styles" Target="styles.xml"/>'
        parts.append(("xl/styles.xml", styles))
    rels += "</Relationships>"
    parts += [("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", rels)]
    return parts


STYLES = (f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><numFmts count="2">'
          '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
          '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>'
          '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>'
          '<xf numFmtId="31"/></cellXfs></styleSheet>')

SEEDS = {
    "inline": book([("Sheet1", worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>任务</t></is></c>'
                                         '<c r="B1" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c></row>'))]),
    "shared_rich": book([("Sheet1", worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'))],
                        shared='<si><t>责任单位</t></si><si><r><rPr><b/></rPr><t>完成</t></r><r><t>时限</t></r></si>'),
    "types": book([("Sheet1", worksheet(
        '<row r="1"><c r="A1"><v>12.5</v></c><c r="B1" t="b"><v>1</v></c><c r="C1" t="e"><v>#N/A</v></c>'
        '<c r="D1" t="str"><f>A1&amp;"x"</f><v>12.5x</v></c><c r="E1" s="1"><v>43131</v></c>'
        '<c r="F1" s="2"><v>43131.75</v></c><c r="G1" s="3"><v>1.5</v></c><c r="H1" s="4"><v>60</v></c>'
        '<c r="I1"><v>1E+300</v></c><c r="J1"><v>-0</v></c></row>'))], styles=STYLES),
    "sparse_merged": book([("Sheet1", worksheet(
        '<row r="2"><c r="B2" t="inlineStr"><is><t>a</t></is></c></row><row><c t="inlineStr"><is><t>b</t></is></c>'
        '<c r="AA3"><v>3</v></c></row><row r="7" spans="1:3"><c r="C7"><v>7</v></c></row>',
        '<mergeCells count="3"><mergeCell ref="B2:C3"/><mergeCell ref="A2:A1048576"/><mergeCell ref="Z9:AA10"/></mergeCells>'))]),
    "date1904": book([("Sheet1", worksheet('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>-1</v></c></row>'))],
                     styles=STYLES, date1904=True),
    "two_sheets": book([("说明", worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>read me</t></is></c></row>')),
                        ("计划", worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row>'))]),
    "plan": book([("计划", worksheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="s"><v>3</v></c>'
        '<c r="D3" t="s"><v>4</v></c><c r="E3" t="s"><v>5</v></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>1</t></is></c><c r="B4" t="inlineStr"><is><t>双替代</t></is></c>'
        '<c r="C4" t="inlineStr"><is><t>区环保局</t></is></c><c r="D4" s="1"><v>43131</v></c><c r="E4"><v>100</v></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t>1.1</t></is></c><c r="B5" t="inlineStr"><is><t>南郊乡</t></is></c>'
        '<c r="D5" t="inlineStr"><is><t>2018年1月31日</t></is></c><c r="E5"><v>60</v></c></row>'
        '<row r="6"><c r="A6" t="inlineStr"><is><t>1.2</t></is></c><c r="B6" t="inlineStr"><is><t>汪屯乡</t></is></c>'
        '<c r="D6" t="inlineStr"><is><t>2018/1/31</t></is></c><c r="E6"><v>40</v></c></row>',
        '<mergeCells><mergeCell ref="C4:C6"/></mergeCells>'))],
        shared='<si><t>攻坚任务分解表</t></si><si><t>序号</t></si><si><t>工作任务</t></si><si><t>责任单位</t></si>'
               '<si><t>完成时限</t></si><si><t>目标值</t></si>', styles=STYLES),
    "prefixed": [(n, x.replace("<worksheet", "<x:worksheet").replace("</worksheet>", "</x:worksheet>")
                  .replace("<sheetData>", "<x:sheetData>").replace("</sheetData>", "</x:sheetData>")
                  .replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"') if n.startswith("xl/worksheets") else x)
                 for n, x in book([("Sheet1", worksheet('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'))])],
    "comments_cdata": book([("Sheet1", worksheet('<!-- c --><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>'))]),
    "bad_refs": book([("Sheet1", worksheet('<row r="0"><c r="XFE1"><v>1</v></c><c r="A1" t="s"><v>9</v></c></row>'))],
                     shared="<si><t>x</t></si>"),
}


def text_form(parts):
    return "".join(f"=== {n}\n{x}\n" for n, x in parts).rstrip("\n").encode()


def zip_form(parts):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n, x in parts:
            z.writestr(n, x)
    return b.getvalue()


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, parts in SEEDS.items():
        with open(os.path.join(out, name + ".txt"), "wb") as f:
            f.write(text_form(parts))
    for name in ("types", "plan"):
        with open(os.path.join(out, name + ".xlsx"), "wb") as f:
            f.write(zip_form(SEEDS[name]))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "corpus", "xlsx"))
