"""Decoding, normalisation and boilerplate patterns."""

from __future__ import annotations

import pytest

import lectureanalysis as la
from lectureanalysis.errors import DecodingError
from lectureanalysis.text import (
    BoilerplatePattern,
    decode_bytes,
    default_boilerplate_patterns,
    mask_boilerplate,
    parse_boilerplate_patterns,
    resolve_boilerplate,
)


def removed(text: str) -> list[tuple[str, str]]:
    return [(r.kind, r.text) for r in mask_boilerplate(text, default_boilerplate_patterns()).removed]


def test_normalise_keeps_chinese_punctuation_and_maps_full_width_alphanumerics():
    assert la.normalise_text("（一）ＧＤＰ增长６．５％，“十四五”：") == "（一）GDP增长6.5%，“十四五”："


def test_normalise_joins_spaced_digits_only():
    assert la.normalise_text("1 9 9 7 年国内生产总值达到7 4 7 7 2 亿元") == "1997年国内生产总值达到74772亿元"
    assert la.normalise_text("国务院总理　李克强") == "国务院总理　李克强"
    assert la.normalise_text("in 2019 we") == "in 2019 we"


def test_normalise_removes_zero_width_and_joins_page_breaks():
    assert la.normalise_text("\u200b\n政府\u200d工作") == "\n政府工作"
    assert la.normalise_text("交出一份人\n\u200b\n民满意的答卷") == "交出一份人民满意的答卷"
    # a zero-width line after a full stop is no page break inside a sentence
    assert la.normalise_text("这一点。\n\n\u200b\n\u3000\u3000过去") == "这一点。\n\n\n\u3000\u3000过去"
    assert la.normalise_text("a\r\nb\rc") == "a\nb\nc"


@pytest.mark.parametrize(
    ("text", "kind", "removed_text"),
    [
        ("正文。\n如若转载,请注明出处:https://www.qiantufanwen.com/118288.html", "repost_notice",
         "如若转载,请注明出处:https://www.qiantufanwen.com/118288.html"),
        ("正文。\n本文来源：某某文秘网", "source_line", "本文来源：某某文秘网"),
        ("正文。\n原文链接：https://example.cn/a.html", "source_link", "原文链接：https://example.cn/a.html"),
        ("正文。\n温馨提示：本文仅供参考，请勿照搬。", "friendly_tip", "温馨提示：本文仅供参考，请勿照搬。"),
        ("本文档由用户上传，如有侵权请联系删除。\n正文。", "upload_notice", "本文档由用户上传，如有侵权请联系删除。"),
        ("下面是小编为大家整理的在全市工作会议上的讲话，欢迎阅读。\n正文。", "site_intro",
         "下面是小编为大家整理的在全市工作会议上的讲话，欢迎阅读。"),
        ("在全市工作会议上的讲话(全文13438字)\n正文。", "doc_length", "(全文13438字)"),
        ("正文。\n【打印】【关闭】", "print_close", "【打印】【关闭】"),
        ("正文。\n（责任编辑：张三）", "editor_line", "（责任编辑：张三）"),
    ],
)
def test_template_site_notices_are_removed_and_named(text, kind, removed_text):
    assert removed(text) == [(kind, removed_text)]


def test_repost_notice_gives_the_source_url():
    masked = mask_boilerplate("正文。\n如若转载,请注明出处:https://a.cn/1.html", default_boilerplate_patterns())
    assert masked.source_url == "https://a.cn/1.html"
    assert len(masked.text) == len("正文。\n如若转载,请注明出处:https://a.cn/1.html"), "offsets are kept"


def test_body_text_that_resembles_a_notice_is_kept():
    text = "收入来源：工资性收入增长较快，我们要拓宽农民增收渠道，这是一项长期任务，各级政府都要高度重视并抓好落实。"
    assert removed(text) == []
    assert removed("本作品是中华人民共和国的一部分。\n" + "正文。" * 200) == [], "a licence opening at the top is text"


def test_wikisource_licence_tail_is_cut_whole():
    body = "正文。\n" * 200
    footer = "\n\n本作品是中华人民共和国的\n法律\n、\n法规\n。\n\nPublic domain\nPublic domain\nfalse\nfalse"
    assert removed(body + footer) == [("wikisource_licence", footer.strip())]


def test_pattern_files_and_errors(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("# my site\nmysite\tline\t本稿由.{0,10}提供\n", encoding="utf-8")
    patterns = resolve_boilerplate(path)
    assert patterns[-1].name == "mysite" and len(patterns) == len(default_boilerplate_patterns()) + 1
    with pytest.raises(ValueError, match=r"line 1: expected NAME<TAB>SCOPE<TAB>REGEX"):
        parse_boilerplate_patterns("only two\tfields")
    with pytest.raises(ValueError, match="scope must be line, span, tail or footer, got 'page'"):
        BoilerplatePattern.compile("x", "page", "a")
    with pytest.raises(ValueError, match="'bad': invalid regular expression"):
        BoilerplatePattern.compile("bad", "line", "(")


def test_decode_reports_binary_kinds():
    with pytest.raises(la.NotTextError, match="x.txt: not a text file: it is a PDF document"):
        decode_bytes(b"%PDF-1.7 ...", name="x.txt")
    with pytest.raises(la.NotTextError, match=r"it is a ZIP archive \(or a .docx/.xlsx document\)"):
        decode_bytes(b"PK\x03\x04rest", name="x.txt")


def test_decode_utf16_without_bom():
    text = "讲话 2019 year"
    assert decode_bytes(text.encode("utf-16-le")) == (text, "utf-16-le")


def test_user_line_patterns_with_inline_flags():
    patterns = resolve_boilerplate({"reprint": r"(?i)reprinted\s+from\s+\S+"})
    masked = mask_boilerplate("正文。\nREPRINTED FROM 某网\n", patterns)
    assert [(r.kind, r.text) for r in masked.removed] == [("reprint", "REPRINTED FROM 某网")]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_in_chinese_text(codec):
    """Chinese text has few NUL bytes in UTF-16 (only its ASCII characters have a zero byte): it is still
    recognised by its high bytes, which fall in the ASCII and CJK rows."""
    text = "关于作风建设的讲话\n同志们：\n今天召开会议，主要任务是部署作风建设。一、提高认识。要充分认识作风建设的重要性。\n"
    assert decode_bytes(text.encode(codec)) == (text, codec)
    assert decode_bytes(text.replace("\n", "").encode(codec)) == (text.replace("\n", ""), codec)


def test_shift_jis_is_refused_not_read_as_gb18030():
    japanese = "日本語のテキストです。これは政府の報告書です。今日は会議を開きます。皆さん、こんにちは。" * 3
    with pytest.raises(DecodingError, match=r"x\.txt: .*not Chinese text in any supported encoding"):
        decode_bytes(japanese.encode("shift_jis"), name="x.txt")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "big5"])
def test_real_chinese_in_legacy_encodings_is_still_accepted(encoding):
    text = "各位代表：现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。" * 3
    if encoding == "big5":
        text = "各位代表：現在，我代表國務院，向大會報告政府工作，請予審議，並請全國政協委員提出意見。" * 3
    decoded, _ = decode_bytes(text.encode(encoding))
    assert decoded == text


# -- news-portal and press conventions (issue 9) --------------------------------------------------------


@pytest.mark.parametrize(("text", "kind", "removed_text"), [
    ("新华社北京3月5日电 国家主席习近平5日下午参加审议。\n要坚定信心。", "dateline", "新华社北京3月5日电"),
    ("（新华社北京5月29日电）\n同志们：\n今天开会。", "dateline", "（新华社北京5月29日电）"),
    ("本报北京10月18日电 记者 张三 李四 会议今天开幕。\n要坚定信心。", "dateline", "本报北京10月18日电 记者 张三 李四"),
    ("正文。\n（《人民日报》2020年05月30日 01 版）", "newspaper_source", "（《人民日报》2020年05月30日 01 版）"),
    ("正文。\n新华社记者 王晔 摄", "photo_byline", "新华社记者 王晔 摄"),
    ("正文。\n（记者 张三 摄）", "photo_byline", "（记者 张三 摄）"),
    ("正文。\n【打印】【关闭】", "print_close", "【打印】【关闭】"),
    ("正文。\n＠①原字石右加安", "notes", "＠①原字石右加安"),
    ("正文。\n字库未存字注释：＠①原字石右加安", "notes", "字库未存字注释：＠①原字石右加安"),
    ("我们要发展生产（⑵⑶），改善生活。", "notes", "（⑵⑶）"),
])
def test_press_conventions_are_recorded_as_boilerplate(text, kind, removed_text):
    assert (kind, removed_text) in removed(text)


@pytest.mark.parametrize("footer", [
    "本作品在全世界都屬於公有領域，因為作者逝世已經超過100年。",
    "这部作品在1929年1月1日以前出版，其作者1949年逝世，在美国以及版权期限是作者终身加70年以下的国家以及地区，属于公有领域。",
    "本作品來自中華人民共和國政府的官方文件，依據《中華人民共和國著作權法》第五條，不受著作權法保護。",
])
def test_licence_footers_in_every_variant(footer):
    body = "\n".join(f"第{i}段正文。" for i in range(10))
    assert removed(f"{body}\n{footer}\n↑")[0][0] == "wikisource_licence"


BODY = "\n".join(f"第{i}段正文，我们要坚持不懈地抓好各项工作。" for i in range(12))


@pytest.mark.parametrize("footer", [
    # an opening no pattern names, cut into fragments, ending at the wiki's status tags
    "根据《中华人民共和国著作权法》第五条\n，\n本作品不适用于该法\n。\n\nPublic domain\nfalse\nfalse",
    # the Republic of China variant, in Traditional characters, with a back-link
    "本作品來自中華民國政府的官方文件，\n依據《著作權法》第九條，\n不得為著作權之標的。\n↑",
    # a line without licence words inside the block (注：… 不总是 / 具有…的文件。) is part of it
    "注：中文维基文库社群认为，中华人民共和国公务演讲，\n不总是\n具有立法、行政、司法性质的文件。\n\n\nPublic domain",
    # a free licence
    "本作品采用知识共享署名-相同方式共享4.0国际许可协议授权。",
])
def test_licence_footer_is_found_from_its_trailing_marker(footer):
    assert removed(f"{BODY}\n谢谢大家！\n\n{footer}\n") == [("wikisource_licence", footer.strip())]


def test_portal_copyright_and_font_size_controls():
    text = f"【字体：大 中 小】\n{BODY}\n字号：大 中 小\n\n版权所有 人民网 京ICP证000375号\n"
    assert removed(text) == [("print_close", "【字体：大 中 小】"), ("print_close", "字号：大 中 小"),
                             ("copyright_footer", "版权所有 人民网 京ICP证000375号")]


def test_speech_ending_on_a_licence_word_is_kept():
    # licence words in the body, or a block that does not reach the end of the text, are speech text
    text = f"{BODY}\n要依法保护著作权，让公有领域的文化资源惠及人民。\n谢谢大家！"
    assert removed(text) == []


@pytest.mark.parametrize("footer", [
    # the People's Republic template in its newer wording, cut at its links, with its reference lines
    "本作品来自1949年10月1日（含）之后的\n中华人民共和国\n法律、法规、国家机关的决议、决定、命令和其他具有立法、行政、司法性质的"
    "文件，及其官方正式译文。\n↑\n↑\n本作品不适用于该法，在中国大陆，也可能在其他管辖区，属于公有领域。",
    # the template ending on the community's note on official speeches, dated
    "本作品是中华人民共和国的法律、法规，属于公有领域。\n据2024年社群共识，中华人民共和国公务演讲不一定是具有立法、行政、司法性质的文件。",
    # ... or on the note on judicial documents that names a court publication
    "本作品是中华人民共和国的法律、法规，属于公有领域。\n注：判决书等司法文书的公开，\n参见最高人民法院《刑事审判参考》的有关说明。",
    # the pre-1931 anonymous-work notice, in Traditional characters
    "本作品在1931年1月1日以前出版，\n作者不詳或為匿名作品，\n在全世界都屬於公有領域。",
])
def test_every_fragment_of_a_wikisource_notice_is_the_notice(footer):
    assert removed(f"{BODY}\n谢谢大家！\n\n{footer}\n") == [("wikisource_licence", footer.strip())]


def test_editors_notes_ending_a_text_are_notes_not_speech():
    notes = "↑ 原文無「的」字，據上下文補。\n↑ 原文作“四个現代化”。"
    licence = "本作品在全世界都屬於公有領域，因為作者逝世已經超過100年。\n↑"
    assert removed(f"{BODY}\n谢谢大家！\n\n{notes}\n{licence}\n") == [("notes", notes), ("wikisource_licence", licence)]
    assert removed(f"{BODY}\n谢谢大家！\n原文无此段。\n") == [("notes", "原文无此段。")]
