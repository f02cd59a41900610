"""Markdown files: YAML front matter read as metadata, syntax removed and the words kept."""

from __future__ import annotations

import html as html_module
import re

#: front matter keys and the speech columns they fill (other keys become columns of their own name); the
#: title is kept beside the file's own title, which wins (a portal's page title is often only 2010年政府工作报告)
FRONT_MATTER_KEYS = {"title": "front_matter_title", "source": "source_url", "url": "source_url",
                     "link": "source_url", "source_url": "source_url", "author": "speaker", "speaker": "speaker"}
#: YAML front matter: a ``---`` line opening the file, key lines, a closing ``---`` (or ``...``) line
FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\n(?P<body>(?:.*\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_YAML_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*|[\u4e00-\u9fff]{1,8})[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_YAML_ITEM = re.compile(r"^[ \t]+-[ \t]+(?P<value>.*?)[ \t]*$|^-[ \t]+(?P<top>.*?)[ \t]*$")


def read_front_matter(body: str) -> tuple[dict[str, object], list[str]]:
    r"""The keys of a front matter block, as the subset of YAML that collections of texts write: ``key: value``
    lines (quotes around the value dropped) and ``key:`` followed by ``- item`` lines (a list, joined by a
    space). Returns ``(values, lines not understood)``; an empty value is left out.

    >>> read_front_matter("title: 2010年政府工作报告\nsource:\n  - https://a.cn/1\n  - https://a.cn/2\n")
    ({'title': '2010年政府工作报告', 'source': 'https://a.cn/1 https://a.cn/2'}, [])
    """
    values: dict[str, object] = {}
    unread: list[str] = []
    key = None
    for line in body.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _YAML_ITEM.match(line)
        if item and key is not None:
            value = _unquote(item["value"] if item["value"] is not None else item["top"])
            values[key] = f"{values[key]} {value}".strip() if values.get(key) else value
            continue
        pair = _YAML_KEY.match(line)
        if pair is None:
            unread.append(line.strip())
            continue
        key = pair["key"]
        values[key] = _unquote(pair["value"])
    return {k: v for k, v in values.items() if v != ""}, unread


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)
#: a footnote definition and its continuation lines (indented, as Markdown writes them)
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^(?P<label>[^\]]+)\]:[ \t]*(?P<text>.*)(?:\n(?:[ \t]{2,}|\t).*)*$", re.M)
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]]+\](?!:)")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


def markdown_furniture(text: str) -> tuple[str, list[tuple[str, str]]]:
    r"""What Markdown as published holds besides the text: HTML comments a maintainer added (photo captions,
    来源：…) and footnote definitions (``[^1]: …``) are taken out and returned as ``(kind, text)``; footnote
    marks (``[^1]``) go; ``<br>`` is a line break; HTML entities, escaped once or twice over (``&amp;ldquo;``),
    become their characters.

    >>> markdown_furniture("<!-- 图为：省长作报告 -->\n**报告[^1]**\n甲<br>乙&amp;ldquo;\n[^1]: 根据文件刊印")
    ('\n**报告**\n甲\n乙“\n', [('html_comment', '图为：省长作报告'), ('footnote', '[^1]: 根据文件刊印')])
    """
    taken = [("html_comment", m.group(1).strip()) for m in _HTML_COMMENT.finditer(text) if m.group(1).strip()]
    text = _HTML_COMMENT.sub("", text)
    taken += [("footnote", m.group().strip()) for m in _FOOTNOTE_DEFINITION.finditer(text)]
    text = _FOOTNOTE_DEFINITION.sub("", text)
    text = _BREAK.sub("\n", _FOOTNOTE_MARK.sub("", text))
    for _ in range(3):  # &amp;amp;rdquo; was escaped twice
        if not _ENTITY.search(text):
            break
        text = _ENTITY.sub(lambda m: html_module.unescape(m.group()), text)
    return text, taken


_MD_RULES = (
    (re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$", re.M), r"\1"),  # ## 一、标题 ##
    (re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(?=\S)", re.M), ""),  # list markers (not 一、 numbers)
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # block quotes
    (re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.M), ""),  # rules
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    # a bold numbered heading opening a line, its body after it (**二、推进二次创业，全力振兴…** 振兴东北…): the
    # bold's end is the heading's end, so the body starts a paragraph of its own
    (re.compile(r"^(\s*)\*\*((?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[)）]|第[一二三四五六七八九十百]+部分)"
                r"[^*\n]*?[^*\s。！？；：])\*\*[ \t\u3000]*(?=[^*\s])", re.M), "\\1\\2\n\n"),
    # bold; a single * is left alone: in this genre it masks a name (***总书记, *书记), it is not emphasis
    (re.compile(r"(?<!\*)\*\*(?=[^*\s])(.+?)(?<=[^*\s])\*\*(?!\*)|(?<!_)__(?=\S)(.+?)(?<=\S)__(?!_)"),
     lambda m: m.group(1) or m.group(2)),
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # code
    (re.compile(r"^\*{3}(?=[^*\s])([^*]+?)\*{2,3}$"), r"\1"),  # ***标题** : bold that lost a star
)


def markdown_to_text(text: str) -> str:
    """Markdown to plain text, keeping every word: heading marks, list markers, bold and link syntax go
    (single asterisks stay: they mask names, ``***总书记``).

    >>> markdown_to_text("# 讲话\\n\\n## 一、**提高**认识\\n\\n- 要[学习](https://x.cn)。***总书记、*书记")
    '讲话\\n\\n一、提高认识\\n\\n要学习。***总书记、*书记'
    >>> markdown_to_text("**——2009年1月10日在会议上\\n省长 黄小晶**")
    '——2009年1月10日在会议上\\n省长 黄小晶'
    >>> markdown_to_text("**二、推进创业，振兴老工业基地** 振兴东北是重大战略。")
    '二、推进创业，振兴老工业基地\\n\\n振兴东北是重大战略。'
    """
    lines = text.split("\n")
    out, fenced = [], False
    for line in lines:  # fenced code blocks stay as they are
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        out.append(line if fenced else _md_line(line))
    return "\n".join(out)


#: a bold mark left alone on its line: bold spanning two lines (**——2009年…会议上 / 省长 黄小晶**)
_LONE_BOLD = re.compile(r"^(\s*)\*\*(?=[^*\s])|(?<=[^*\s])\*\*(\s*)$")


#: what a line must hold for a rule of :data:`_MD_RULES` to change it: a mark character, or a digit opening it
_MARKUP = re.compile(r"[#*+\->_\[`]|^\s*\d")


def _md_line(line: str) -> str:
    if not _MARKUP.search(line):  # most lines of a report are plain text: no rule can change them
        return line
    for pattern, replacement in _MD_RULES:
        line = pattern.sub(replacement, line)
    if len(re.findall(r"(?<!\*)\*\*(?!\*)", line)) == 1:
        line = _LONE_BOLD.sub(lambda m: m.group(1) or m.group(2) or "", line)
    return line
