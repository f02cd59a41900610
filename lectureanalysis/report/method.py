"""The method section's sentences in English and Chinese (:mod:`lectureanalysis.report.language` says them):
what every statistic of the report counts and how, the same in both languages."""

from __future__ import annotations

#: the method notes that do not depend on the options (``{min_count}``, ``{window}`` are filled in), in order
METHOD_NOTES = (
    "字 (n_chars) counts CJK characters, letters and digits; punctuation and whitespace are not counted; title "
    "blocks and removed boilerplate are excluded. Paragraphs are counted with headings; body paragraphs without.",
    "Rates: per 万字 = frequency / 字 of the group's text × 10,000; per million tokens = frequency / word tokens "
    "(punctuation excluded) × 1,000,000.",
    "Keyness: 4-cell log-likelihood G² (AntConc's form), signed positive for over-use in the target; Hardie's "
    "log ratio with 0.5 in zero cells; Benjamini–Hochberg adjusted p; features with fewer than "
    "{min_count} in target and reference together are not tested.",
    "Lexical profile: word tokens exclude punctuation and include stop words; TTR = types / tokens; MATTR "
    "(Covington & McFall 2010) = the mean TTR over every window of 100 consecutive word tokens (quanteda's "
    "MATTR_window = 100); mean sentence length = 字 of the body paragraphs / their sentences (a sentence ends "
    "at 。！？!?… or at the paragraph's end).",
    "Concordance (KWIC): the term searched in the paragraph texts by characters, whatever the segmentation "
    "(speeches in Traditional characters are searched in their OpenCC t2s form and shown as written); "
    "the page shows, for each term, one line of body text from each of twelve speeches spread evenly over the "
    "corpus's date order (headings only when the body has too few), and tables/concordance.csv every line in "
    "text order; the concordance plot places each occurrence at its character offset in the speech's body, "
    "from 0 (start) to 1 (end).",
    "Terms followed (trends, dispersion, concordance, the collocations' node): each is counted where its "
    "characters stand in the text — non-overlapping matches read left to right (Python's str.count), in "
    "every paragraph, headings included, speeches in Traditional characters in their t2s form — so the "
    "trend, the dispersion table and the concordance count the same occurrences, also where the segmenter "
    "keeps the term inside a longer word (小康 in 全面建成小康社会) or splits it (四个 + 现代化). Rates divide by "
    "the 字 of the same text. Vocabulary-wide tables (frequent terms, keyness, n-grams) count tokens.",
    "Collocations: word tokens within {window} positions on either side of the term's occurrence, inside "
    "one paragraph, punctuation and stop words neither counted nor filling positions; the windows joined and "
    "each position counted once (Evert's surface co-occurrence), the term's own tokens left out. O = the "
    "collocate's tokens in the windows, W = positions in the windows, R = occurrences of the term, C = "
    "frequency of the collocate, N = word tokens other than stop words; E = C·W/N; logDice = 14 + "
    "log2(2O/(R + C)); G² (4-cell, signed) on [[O, W − O], [C − O, N − W − C + O]]; collocates occurring "
    "fewer than 3 times with the term are not listed.",
    "n-grams: 2 to 4 consecutive word tokens of one paragraph, stop words removed first, never across "
    "punctuation; those occurring at least twice.",
    "Dispersion: range = speeches holding the term; Juilland's D = 1 − V/√(n − 1) with V the coefficient of "
    "variation of the term's rate per 字 over the n speeches; Gries's DP = ½ Σ |v_i/f − s_i| with s_i the "
    "speech's share of the corpus's 字 (0: even, 1: in one place).",
    "Outline: GB/T 9704-2012 heading levels 一、→（一）→1.→（1）, plus 第一部分, 第一， and unnumbered heading "
    "lines; a numbered line is a heading only when its number continues its level's sequence.",
    "Numbered formulations (提法): quoted, explained (即…) or known phrases shaped N个X, NXNY, V+N+X, and "
    "N个/N项/N大 + one of the genre's head nouns wherever it stands (四个现代化, 两个大局); the number "
    "counts items (2–20), so years, dates, ordinals (第十条, 二线) and counts of years in a row (九二共识, "
    "十二连增) are left out, and Party congresses (十九大, 党的十二大) and five-year plans (十四五) are "
    "designations of their own kind. Counting rule: N for N个X, NX, V+N+X; the sum of differing numerals "
    "(两学一做 3), N for a repeated one (三严三实 3); a part naming the whole is no item (五位一体 5, 一国两制 2); "
    "一个中心、两个基本点 is one formulation (3). Items are read from the explanation, the 一是… run after a "
    "sentence the formulation closes or in the next paragraph, or the numbered sub-headings that follow. "
    "Measured (benchmarks/formulations.py) on lawtext-gov, 874 reports the rules were not written on: strict "
    "precision 100 % of 207 hand-labelled rows drawn before tuning and 39 of 40 rows the tuning added; recall "
    "97.4 % of the 7,608 places of 43 well-known formulations.",
)

#: the same notes in Chinese, in the same order
METHOD_NOTES_ZH = (
    "字（n_chars）计汉字、字母和数字，不计标点和空白；不含题头和去除的附加文字。段数含标题；正文段落不含。",
    "频率：每万字 = 频次 / 该组文本字数 × 10,000；每百万词 = 频次 / 词次（不含标点）× 1,000,000。",
    "关键词：四格对数似然比 G²（AntConc 的算法），目标超用为正；Hardie 对数比，零格加 0.5；Benjamini–Hochberg "
    "校正 p 值；目标与参照合计不足 {min_count}的词语不检验。",
    "词汇特征：词次不含标点、含停用词；TTR = 词种 / 词次；MATTR（Covington & McFall 2010）= 每个连续 100 词窗口的 TTR "
    "平均值（即 quanteda 的 MATTR_window = 100）；平均句长 = 正文段落字数 / 句数（句子止于 。！？!?… 或段末）。",
    "索引（KWIC）：按字符在段落原文中检索，与分词无关（繁体文本按其 OpenCC t2s 简体形式检索，按原文显示）；页面上每个词语"
    "按日期顺序均匀选取十二篇文本，每篇一条正文（正文不足时才取标题），tables/concordance.csv 按原文顺序列出全部索引行；"
    "索引图把每次出现放在它在正文中的字符位置上，0 为开头，1 为结尾。",
    "跟踪的词语（趋势、分布、索引、搭配的节点词）都按原文计数：从左到右不重叠地匹配（即 Python 的 str.count），计入每一段"
    "（含标题），繁体文本按简体形式——因此趋势、分布表与索引的次数相同，分词器把词语包在更长的词里（全面建成小康社会 中的 "
    "小康）或切开（四个 + 现代化）时也一样。频率除以同一文本的字数。全词表类的表格（高频词、关键词、n 元组）按词次计数。",
    "搭配：词语每次出现左右各 {window} 个词位以内、同一段落中的词；标点和停用词既不计数也不占位；各窗口合并，每个位置只计一次"
    "（Evert 的表层共现），词语自身的词不计。O = 窗口中搭配词的词次，W = 窗口中的位置数，R = 词语出现次数，C = 搭配词频次，"
    "N = 停用词以外的词次；E = C·W/N；logDice = 14 + log2(2O/(R + C))；G²（四格，带符号）基于 "
    "[[O, W − O], [C − O, N − W − C + O]]；与词语共现不足 3 次的搭配词不列出。",
    "n 元组：同一段落中连续的 2 至 4 个词，先去除停用词，不跨标点；列出出现两次以上者。",
    "分布：range = 出现该词的篇数；Juilland 的 D = 1 − V/√(n − 1)，V 为该词在 n 篇中每字频率的变异系数；Gries 的 DP = "
    "½ Σ |v_i/f − s_i|，s_i 为该篇字数占语料的比例（0：均匀，1：集中于一处）。",
    "提纲：按 GB/T 9704-2012 的标题层次 一、→（一）→1.→（1），另加 第一部分、第一， 和无编号的标题行；编号行只有在编号"
    "接续其层次的序列时才算标题。",
    "数字化提法：带引号的、后有解释（即……）的或已知的 N个X、NXNY、V+N+X 形式的短语，以及任何位置的 N个/N项/N大 + 该文体"
    "的中心名词（四个现代化、两个大局）；数字是项数（2–20），所以年份、日期、序数（第十条、二线）和连续年数（九二共识、"
    "十二连增）不计，党代会（十九大、党的十二大）和五年规划（十四五）另作名称类。计数规则：N个X、NX、V+N+X 为 N；不同数字"
    "相加（两学一做 3），重复的数字取 N（三严三实 3）；指代整体的部分不算一项（五位一体 5，一国两制 2）；一个中心、两个基本点"
    "是一个提法（3）。各项取自解释、提法所在句之后或下一段的“一是……”，或随后的编号小标题。在 lawtext-gov 的 874 篇报告上"
    "测量（benchmarks/formulations.py，规则并非据此写成）：调参前抽取的 207 行人工标注严格准确率 100%，调参新增的 40 行中 "
    "39 行正确；43 个常见提法的 7,608 处召回率 97.4%。",
)

#: the option-dependent sentences of the method section and of the report's notes, and their Chinese
METHOD_TEXT_ZH = {
    **dict(zip(METHOD_NOTES, METHOD_NOTES_ZH, strict=True)),
    "the bundled layers {layers}": "内置的 {layers} 层",
    "{words} of your own": "自己的 {words}",
    " and ": "和",
    "Stop words: {parts}.": "停用词：{parts}。",
    "Stop words: {parts} (not used: {off}).": "停用词：{parts}（未用：{off}）。",
    "Stop words: none (every token is counted, punctuation included).": "停用词：无（每个词次都计数，含标点）。",
    "lectureanalysis {version}; segmentation by {backend} {backend_version} ({how}) with the bundled "
    "dictionary of Party and government terms.":
        "lectureanalysis {version}；分词用 {backend} {backend_version}（{how}），加内置的党政术语词典。",
    "jieba-rs, identical to jieba with the HMM off": "即 jieba-rs，与关闭 HMM 的 jieba 结果相同",
    "a private jieba.Tokenizer": "独立的 jieba.Tokenizer",
    "Speeches converted from Traditional to Simplified characters for the statistics: {speeches} "
    "(OpenCC t2s; their text in the tables is as written).":
        "为统计转为简体的繁体文本：{speeches}（OpenCC t2s；表格中的文字保持原样）。",
    "No speech is written in Traditional characters: none was converted.": "没有繁体文本：没有转换。",
}
