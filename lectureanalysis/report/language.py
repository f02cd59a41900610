"""One language per page: the report in Chinese (the default: the language of the texts and of the charts) or in
English (``lang="en"``, ``--lang en``), captions, headings, table headers and method text alike.

The page's template is written in English; a Chinese page is rendered from the template with each English
fragment of its own text replaced by its Chinese (:data:`PAGE_ZH`, whole fragments as they stand in the template:
a header cell with its tags, a string literal with its quotes), before any value of the corpus is put in, so the
corpus's own text is never touched. The report's Python side says its sentences through :func:`words`
(:data:`TEXT_ZH`). A fragment that is not in the catalogue stays English, and the tests look for English left in
a Chinese page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from lectureanalysis.report.method import METHOD_TEXT_ZH

Lang = Literal["zh", "en"]
LANGUAGES = ("zh", "en")

# fmt: off
#: the page's English fragments (as the template holds them) and their Chinese
PAGE_ZH: tuple[tuple[str, str], ...] = (
    ('<html lang="zh-CN">', '<html lang="zh-CN">'),
    ("<strong>Contents</strong>", "<strong>目录</strong>"),
    ('">Corpus</a>', '">语料</a>'), ('">Outline and section lengths</a>', '">提纲与各部分篇幅</a>'),
    ('">Vocabulary: frequent terms, n-grams, lexical profile</a>', '">词汇：高频词、n 元组、词汇特征</a>'),
    ('">Comparison: keywords</a>', '">比较：关键词</a>'),
    ('">Terms in context: trends, concordance, collocations</a>', '">语境中的词语：趋势、索引、搭配</a>'),
    ('">Numbered formulations (提法)</a>', '">数字化提法</a>'),
    ('">Comparative reading: what changed, what spread, what is repeated</a>', '">比较阅读：变化、扩散与重复</a>'),
    ('">Discovery: rising terms, new terms, topics, networks</a>', '">发现：升降词、新词、主题、网络</a>'),
    ('">Method</a>', '">方法</a>'),
    (" · collections: {% endif %}", " · 集合：{% endif %}"), (" · corpus folder: {{ corpus }}", " · 语料文件夹：{{ corpus }}"),
    (">1. Corpus</h2>", ">1. 语料</h2>"), (">2. Outline and section lengths</h2>", ">2. 提纲与各部分篇幅</h2>"),
    (">3. Vocabulary</h2>", ">3. 词汇</h2>"), (">4. Comparison: keywords</h2>", ">4. 比较：关键词</h2>"),
    (">5. Terms in context</h2>", ">5. 语境中的词语</h2>"), (">6. Numbered formulations (提法)</h2>", ">6. 数字化提法</h2>"),
    (">7. Comparative reading</h2>", ">7. 比较阅读</h2>"), (">8. Discovery</h2>", ">8. 发现</h2>"), (">9. Method</h2>", ">9. 方法</h2>"),
    ("<h3>3.1 Frequent terms</h3>", "<h3>3.1 高频词</h3>"), ("<h3>3.2 n-grams</h3>", "<h3>3.2 n 元组</h3>"),
    ("<h3>3.3 Lexical profile</h3>", "<h3>3.3 词汇特征</h3>"), ("<h3>5.1 Trends</h3>", "<h3>5.1 趋势</h3>"),
    ("<h3>5.2 Concordance</h3>", "<h3>5.2 索引（KWIC）</h3>"), ("<h3>5.3 Collocations</h3>", "<h3>5.3 搭配</h3>"),
    (">7.1 What changed: ", ">7.1 变化："), (">7.2 Spread from the centre</h3>", ">7.2 从中央到地方的扩散</h3>"),
    (">7.3 Sentences repeated from the centre</h3>", ">7.3 重复中央的句子</h3>"),
    (">8.1 Terms rising and falling over the years</h3>", ">8.1 逐年上升与下降的词语</h3>"),
    (">8.2 Candidate new terms</h3>", ">8.2 候选新词</h3>"), (">8.3 Topics</h3>", ">8.3 主题</h3>"),
    (">8.4 Collocation network</h3>", ">8.4 搭配网络</h3>"),
    # corpus section
    ('"The speeches: date, speaker, format, size in 字, paragraphs (headings included), headings, top-level sections found, and why a speech is flagged as truncated."',
     '"各篇文本：日期、讲话人、格式、字数、段数（含标题）、标题数、找到的一级部分，以及被标为不完整的原因。"'),
    ("<th>speech</th>", "<th>文本</th>"), ("<th>collection</th>", "<th>集合</th>"), ("<th>title</th>", "<th>标题</th>"),
    ("<th>year</th>", "<th>年份</th>"), ("<th>date</th>", "<th>日期</th>"), ("<th>speaker</th>", "<th>讲话人</th>"),
    ("<th>format</th>", "<th>格式</th>"), ("<th>paragraphs</th>", "<th>段数</th>"), ("<th>headings</th>", "<th>标题数</th>"),
    ("<th>sections</th>", "<th>部分</th>"), ("<th>truncated</th>", "<th>不完整</th>"),
    ("<p>Reposts — near-duplicates of another speech (estimated Jaccard similarity of 5-character shingles ≥ ",
     "<p>转载——与另一篇文本近乎相同（5 字片段的估计 Jaccard 相似度 ≥ "),
    ("); every count in this report includes them, load with <code>duplicates=\"drop\"</code> to leave them out:</p>",
     "）；本报告的各项计数都包含它们，载入时用 <code>duplicates=\"drop\"</code> 可去除：</p>"),
    ('"Reposts and the original each copies."', '"转载及其所转载的原文。"'),
    ("<th>group</th>", "<th>组</th>"), ("<th>original (fullest copy)</th>", "<th>原文（最完整的一份）</th>"),
    ("<th>repost</th>", "<th>转载</th>"), ("<th>similarity</th>", "<th>相似度</th>"),
    ('"Loading the corpus said {warnings} (each in full here and in tables/warnings.csv)"',
     '"载入语料时给出 {warnings}（全文见此处及 tables/warnings.csv）"'),
    ('"What the loader said about the files: each warning in full, with the file it names."',
     '"载入时对文件的提示：每条全文及其所指的文件。"'),
    ("<th>file</th>", "<th>文件</th>"), ("<th>warning</th>", "<th>提示</th>"),
    ('"Removed as boilerplate: {texts}, kept verbatim in tables/speeches.csv"',
     '"作为网站附加文字去除：{texts}，原文保存在 tables/speeches.csv"'),
    ('"Boilerplate removed from the speeches (one row per distinct text), with its kinds."',
     '"从文本中去除的附加文字（每段不同的文字一行）及其类别。"'),
    ("<th>kinds</th>", "<th>类别</th>"), ("<th>text</th>", "<th>文字</th>"),
    # outline
    ("<p class=\"muted\">Each speech's top-level sections, with their length in 字 and share of the speech (click to open):</p>",
     "<p class=\"muted\">各篇文本的一级部分及其字数与所占比例（点击展开）：</p>"),
    ('"no numbered section"', '"没有编号的部分"'),
    ('"Top-level sections of {speech}: 字 (headings included) and share of the speech."', '"{speech} 的一级部分：字数（含标题）及占全文比例。"'),
    ("<th>section</th>", "<th>部分</th>"), ("<th>heading</th>", "<th>标题</th>"), ("<th>share</th>", "<th>比例</th>"),
    ('"（开头 · opening before the first heading）"', '"（开头：第一个标题之前的文字）"'),
    ('"The outlines of the other {speeches}:"', '"其余 {speeches}的提纲："'),
    # vocabulary
    ('"The most frequent terms (stop words left out): occurrences, rate per 万字 and the number of speeches holding each."',
     '"最常用的词语（不含停用词）：出现次数、每万字频率及出现于多少篇文本。"'),
    ("<th>rank</th>", "<th>名次</th>"), ("<th>term</th>", "<th>词语</th>"), ("<th>frequency</th>", "<th>频次</th>"),
    ("<th>per 万字</th>", "<th>每万字</th>"), ("<th>speeches</th>", "<th>篇数</th>"),
    ('"The most frequent {n}-grams (stop words removed first; never across punctuation)."',
     '"最常见的 {n} 元组（先去除停用词；不跨标点）。"'),
    ("<th>{{ n }}-gram</th>", "<th>{{ n }} 元组</th>"),
    ("<p class=\"muted\">All n-grams occurring at least twice (the 200 most frequent of each length): ",
     "<p class=\"muted\">出现两次以上的全部 n 元组（每种长度最常见的 200 个）："),
    ('"Lexical profile of each speech: word tokens, types, 字, type-token ratio, moving-average TTR (100-token windows), sentences, mean sentence length in 字, and the share of word tokens that are the genre\'s formula verbs (坚持, 加强, 推进 …: the official stop-word layer)."',
     '"各篇文本的词汇特征：词次、词种、字数、型次比（TTR）、移动平均型次比（MATTR，100 词窗口）、句数、平均句长（字），以及公文套语动词（坚持、加强、推进……：官方停用词层）所占词次比例。"'),
    ("<th>tokens</th>", "<th>词次</th>"), ("<th>types</th>", "<th>词种</th>"), ("<th>sentences</th>", "<th>句数</th>"),
    ("<th>字 per sentence</th>", "<th>平均句长（字）</th>"), ("<th>formula verbs</th>", "<th>套语动词</th>"),
    # comparison
    ("<p>Keywords are terms used significantly more (over-used) or less (under-used) in a target than in a reference, by the 4-cell log-likelihood G² (signed: positive for over-use in the target), with Hardie's log ratio as the effect size (log2 of the ratio of relative frequencies: 1 = twice as frequent) and Benjamini–Hochberg adjusted p.</p>",
     "<p>关键词是目标文本中比参照文本用得显著更多（超用）或更少（少用）的词语：以四格对数似然比 G² 检验（带符号：目标超用为正），以 Hardie 的对数比（相对频率之比的 log2：1 即多一倍）为效应量，p 值经 Benjamini–Hochberg 校正。</p>"),
    ("<p class=\"warning\">Only {{ c.small }}: these keywords say how those texts differ, not how a kind of speech does. G² counts every token as an independent draw, so a term frequent in one speech looks significant here.</p>",
     "<p class=\"warning\">只有 {{ c.small }}：这些关键词说明的是这几篇文本的差别，而不是一类文本的差别。G² 把每个词次当作独立抽样，一篇文本中的高频词在这里也会显得显著。</p>"),
    ('"At p (BH) < 0.05: {over} over-used and {under} under-used in the target."', '"p（BH）< 0.05：目标超用 {over}，少用 {under} 个。"'),
    ('"The figure and the tables show the strongest of each, and only these."', '"图与表只列出两方面最强的词语。"'),
    ('"Over-used in {target} (against {reference}): frequency in target and reference, G², log ratio, adjusted p."',
     '"{target} 中超用的词语（对比 {reference}）：目标与参照中的频次、G²、对数比、校正后的 p。"'),
    ('"Under-used in {target} (over-used in {reference}): the same columns."', '"{target} 中少用（即 {reference} 中超用）的词语：各列同上。"'),
    ("<th>target</th>", "<th>目标</th>"), ("<th>reference</th>", "<th>参照</th>"), ("<th>log ratio</th>", "<th>对数比</th>"),
    ("<p class=\"muted\">No term occurs often enough in target and reference together to be tested (see the method): the texts are too small.</p>",
     "<p class=\"muted\">没有词语在目标与参照中合计出现得足够多，可以检验（见“方法”）：文本太少。</p>"),
    ("<p class=\"muted\">Every term tested, for every comparison: ", "<p class=\"muted\">每组比较所检验的全部词语："),
    ("<p class=\"muted\">Nothing to compare: the corpus has one collection and fewer than two years. Name a comparison with <code>--compare COLUMN</code> or <code>--target EXPR --reference EXPR</code>.</p>",
     "<p class=\"muted\">没有可比较的：语料只有一个集合，且不足两个年份。可用 <code>--compare 列名</code> 或 <code>--target 表达式 --reference 表达式</code> 指定比较。</p>"),
    # terms in context
    ("<p>Terms followed: ", "<p>跟踪的词语："), ("{% endfor %}.</p>\n<h3>5.1", "{% endfor %}。</p>\n<h3>5.1"),
    ('"How evenly each term spreads over the speeches: occurrences in the text (the concordance\'s), speeches holding it (range), Juilland\'s D and Gries\'s DP, speeches sized in 字."',
     '"各词语在文本间分布的均匀程度：文中出现次数（与索引一致）、出现于多少篇（range）、Juilland 的 D 与 Gries 的 DP（各篇以字数计大小）。"'),
    ("<th>range</th>", "<th>篇数（range）</th>"),
    ('"Concordance of {term}: {lines} in {speeches}; {shown} shown, drawn across the corpus: one line of body text from each of speeches spread evenly over its date order (headings only when the body has too few), in date order."',
     '"“{term}”的索引：共 {lines}，出现于 {speeches}；此处显示 {shown} 条，取自全语料：按日期顺序均匀选取若干篇，每篇一条正文（正文不足时才取标题），按日期排列。"'),
    ("<th>year</th><th>section</th><th style=\"text-align:right\">left</th><th>term</th><th>right</th>",
     "<th>年份</th><th>部分</th><th style=\"text-align:right\">左文</th><th>词语</th><th>右文</th>"),
    ("<p class=\"muted\">Every concordance line of every term, with its position in the speech: ",
     "<p class=\"muted\">每个词语的全部索引行及其在文中的位置："),
    ('"Collocates of {term} within {window} word tokens on either side, by logDice."', '"“{term}”左右 {window} 词以内的搭配词，按 logDice 排序。"'),
    ("<th>collocate</th>", "<th>搭配词</th>"),
    ("none (no collocate occurs 3 times with the term)", "无（没有搭配词与该词共现 3 次）"),
    ("<p class=\"muted\">All collocates: ", "<p class=\"muted\">全部搭配词："),
    # formulations
    ('"The numbered formulations found, one row each: kind (提法; or a designation: 党代会 a Party congress, 规划 a five-year plan, whose number is an ordinal), the number it states, the places found, the speeches holding it, the first and last year it is used in, and the items the text spells out (the reading given most often; empty when never spelled out)."',
     '"找到的数字化提法，每个一行：类别（提法；或名称：党代会、规划，其数字为序数）、所述数目、出现处数、出现篇数、首次与最后使用的年份，以及文中列出的各项（取最常见的列法；从未列出则空）。"'),
    ("<th>formulation</th>", "<th>提法</th>"), ("<th>kind</th>", "<th>类别</th>"), ("<th>number</th>", "<th>数目</th>"),
    ("<th>count</th>", "<th>处数</th>"), ("<th>first</th>", "<th>首次</th>"), ("<th>last</th>", "<th>最后</th>"),
    ("<th>items spelled out</th>", "<th>列出的各项</th>"),
    ("<p class=\"muted\">Every place each formulation was found, with its speech, paragraph and the items read there: ",
     "<p class=\"muted\">每个提法出现的每一处，及其文本、段落和该处列出的各项："),
    ("<p class=\"muted\">No numbered formulation found.</p>", "<p class=\"muted\">没有找到数字化提法。</p>"),
    # comparative reading
    ("Not made: the corpus has no yearly series (two or more dated speeches of one place or collection).",
     "未做：语料中没有逐年序列（同一地区或集合的两篇以上有日期的文本）。"),
    ('"The latest two speeches of the series {series}, sentence by sentence:"', '"序列 {series} 最近两篇文本的逐句比较："'),
    (" each sentence of either text is kept (word for word), changed only in its numbers and years, reworded (at least 60 % of its characters in common, in order, with a sentence of the other), moved to another top-level section, new, or dropped.</p>",
     "两篇中的每一句或原样保留，或只改了数字与年份，或改写（与另一篇某句按顺序有至少 60% 的字相同），或移到另一个一级部分，或为新增，或被删去。</p>"),
    ('"Sentences of each top-level section of {speech} by label; changed share = the share of its sentences not kept word for word."',
     '"{speech} 各一级部分的句子按类别计数；变化比例 = 未原样保留的句子所占比例。"'),
    ("<th>Section</th>", "<th>部分</th>"), ("<th>kept</th>", "<th>保留</th>"), ("<th>numbers</th>", "<th>数字</th>"),
    ("<th>reworded</th>", "<th>改写</th>"), ("<th>moved</th>", "<th>移动</th>"), ("<th>new</th>", "<th>新增</th>"),
    ("<th>dropped</th>", "<th>删去</th>"), ("<th>sentences ({{ reading.pair[0] }})</th>", "<th>句数（{{ reading.pair[0] }}）</th>"),
    ("<th>sentences ({{ reading.pair[1] }})</th>", "<th>句数（{{ reading.pair[1] }}）</th>"), ("<th>changed</th>", "<th>变化</th>"),
    ('"The numeric targets (主要预期目标) each report states, side by side, indicators paired by wording."', '"两篇报告所列的主要预期目标并列对照，指标按措辞配对。"'),
    ("<th>Indicator</th>", "<th>指标</th>"), ("<th>Change</th>", "<th>变化</th>"),
    ('"The two texts side by side ({sentences}; new text marked, dropped text struck out)"', '"两篇文本逐句对照（{sentences}；新增文字标出，删去文字划线）"'),
    ("<p class=\"filters\">Show: ", "<p class=\"filters\">显示："),
    ('("kept", "kept"), ("numbers", "numbers only"), ("reworded", "reworded"), ("moved", "moved"), ("new", "new"), ("dropped", "dropped")',
     '("kept", "保留"), ("numbers", "只改数字"), ("reworded", "改写"), ("moved", "移动"), ("new", "新增"), ("dropped", "删去")'),
    ("<th>label</th>", "<th>类别</th>"),
    ('"The latest two speeches of every series, counted the same way."', '"每个序列最近两篇文本，按同样方法计数。"'),
    ("<th>Series</th>", "<th>序列</th>"), ("<th>Earlier</th>", "<th>前一篇</th>"), ("<th>Later</th>", "<th>后一篇</th>"),
    ('"Numbered formulations (提法) used for the first time in the series {series}, over its last ten years, with the items the text spells out where it does (all years in tables/new_formulations.csv)."',
     '"序列 {series} 最近十年首次使用的数字化提法，及文中列出的各项（全部年份见 tables/new_formulations.csv）。"'),
    ("<th>Year</th>", "<th>年份</th>"), ("<th>Formulation</th>", "<th>提法</th>"), ("<th>Items</th>", "<th>各项</th>"),
    ("<th>First speech</th>", "<th>首次出现的文本</th>"), ("<th>Uses that year</th>", "<th>当年次数</th>"),
    ("<th>Uses later</th>", "<th>此后次数</th>"),
    ("<p>First use of ", "<p>"),
    (" at the centre ({{ reading.centre }}) and in each place, counted on the text (a plain search finds every first use); the lag in years, and in days where both speeches are dated. Places that used a term before the centre are listed, not hidden; where the first use stands in a place's earliest speech of the corpus, the place may have used it before the corpus begins, and its lag is an upper bound.</p>",
     " 在中央（{{ reading.centre }}）和各地的首次使用，按原文检索（直接搜索即可核对每个首次使用）；以年计的时滞，两篇都有日期时也以天计。早于中央使用的地区照列不删；首次使用出现在某地语料中最早一篇时，该地可能在语料起始之前已经使用，其时滞是上限。</p>"),
    ('"First use of each formulation by place."', '"各地区首次使用各提法的情况。"'),
    ("<th>Term</th>", "<th>词语</th>"), ("<th>Place</th>", "<th>地区</th>"), ("<th>First year</th>", "<th>首次年份</th>"),
    ("<th>First date</th>", "<th>首次日期</th>"), ("<th>Lag (years)</th>", "<th>时滞（年）</th>"),
    ("<th>Lag (days)</th>", "<th>时滞（天）</th>"), ("<th>Before the centre</th>", "<th>早于中央</th>"),
    ("<th>In its earliest speech</th>", "<th>在最早一篇</th>"), ("<th>Occurrences</th>", "<th>次数</th>"),
    ("<th>Speeches using it</th>", "<th>使用篇数</th>"), ('{% if r.is_centre %} (centre){% endif %}', '{% if r.is_centre %}（中央）{% endif %}'),
    ('{{ "yes" if r.before_centre else "" }}', '{{ "是" if r.before_centre else "" }}'),
    ('{{ "yes" if r.in_first_speech else "" }}', '{{ "是" if r.in_first_speech else "" }}'),
    ("<p>Each local speech cut into sentences; a sentence is reused when at least 80 % of its 字 stand, in order, in one sentence (or two neighbouring sentences) of the centre's speeches of the same or the previous year. The genre's formula sentences (现在，我代表…向大会报告工作，请予审议; the salutation; generic headings) and sentences under 12 字 are not counted. A source given after the speech (the centre reports in March, the provinces in January) cannot be what it copied: such sentences share a common origin, and are counted under “later source”.</p>",
     "<p>把每篇地方文本切分成句；若一句至少 80% 的字按顺序出现在中央同年或上一年文本的某一句（或相邻两句）中，即为重复。公文套话（“现在，我代表……向大会报告工作，请予审议”、称呼、通用标题）和不足 12 字的句子不计。晚于该文本发表的来源（中央在三月作报告，各省在一月）不可能是它抄录的对象：这类句子同出一源，计入“来源在后”。</p>"),
    ('"The local speeches repeating the centre most, by share of 字 (all in tables/reuse.csv)."', '"重复中央最多的地方文本，按字数比例排列（全部见 tables/reuse.csv）。"'),
    ("<th>Speech</th>", "<th>文本</th>"), ("<th>Sentences</th>", "<th>句数</th>"), ("<th>Reused</th>", "<th>重复句</th>"),
    ("<th>Share of 字</th>", "<th>字数比例</th>"), ("<th>Later source</th>", "<th>来源在后</th>"), ("<th>Sources</th>", "<th>来源</th>"),
    ('"The longest passages repeated, with their source (all in tables/reuse_passages.csv)."', '"重复最长的段落及其来源（全部见 tables/reuse_passages.csv）。"'),
    ("<th>Source</th>", "<th>来源</th>"), ("<th>Text</th>", "<th>文字</th>"), ("<th>Source's text</th>", "<th>来源文字</th>"),
    # discovery
    ("<p>For every term used at least 20 times, a Poisson regression of its yearly count on the year, with the year's 字 as exposure (quasi-Poisson: the test scaled by the dispersion; p adjusted for the number of terms, Benjamini–Hochberg). Shown: the strongest risers and fallers used in three years or more (all terms in tables/emergence.csv).</p>",
     "<p>对每个至少出现 20 次的词语，以其逐年次数对年份作泊松回归，以当年字数为暴露量（准泊松：检验按离散度调整；p 值按词语数作 Benjamini–Hochberg 校正）。此处列出在三个以上年份使用、上升与下降最明显的词语（全部见 tables/emergence.csv）。</p>"),
    ('"The strongest rising and falling terms: times used, years using it, first and last year, rate ratio per year (exp of the slope), adjusted p, and the years where the series breaks (change points)."',
     '"上升与下降最明显的词语：使用次数、使用年数、首末年份、每年的率比（斜率的指数）、校正后的 p，以及序列断开的年份（变点）。"'),
    ("<th>Direction</th>", "<th>方向</th>"), ("<th>Frequency</th>", "<th>频次</th>"), ("<th>Years</th>", "<th>年数</th>"),
    ("<th>First</th>", "<th>首次</th>"), ("<th>Last</th>", "<th>最后</th>"), ("<th>Rate ratio</th>", "<th>率比</th>"),
    ("<th>p (adj.)</th>", "<th>p（校正）</th>"), ("<th>Change points</th>", "<th>变点</th>"),
    ("<p>Runs of words the segmenter cuts apart that hold together (PMI of the weakest split) and stand free of their neighbours (entropy of the words either side), not in the dictionary: candidates to add with <code>la.accept</code>. Frequency is counted on the text, as the concordance finds it.</p>",
     "<p>分词器切开、但内部结合紧密（最弱切分处的 PMI）且与左右邻接自由（两侧词语的熵）、词典中没有的词串：可用 <code>la.accept</code> 加入的候选词。频次按原文计数，与索引一致。</p>"),
    ('"Candidate new terms, best first: as segmented now, frequency in the text, speeches using it, first year, and its first use in context (all candidates in tables/new_terms.csv)."',
     '"候选新词，按得分排列：现在的切分、文中频次、使用篇数、首次年份及首次使用的上下文（全部候选见 tables/new_terms.csv）。"'),
    ("<th>Segmented as</th>", "<th>现在的切分</th>"), ("<th>Speeches</th>", "<th>篇数</th>"), ("<th>Context</th>", "<th>上下文</th>"),
    ('"A topic model (NMF on the tf-idf weighted paragraphs, {n} topics, seed 0): each topic\'s top words, its coherence (mean NPMI of its top words\' pairs over the paragraphs, from −1 to 1) and its share of all words."',
     '"主题模型（以 tf-idf 加权的段落作 NMF，{n} 个主题，种子 0）：各主题的主要词语、一致性（主要词语两两在段落中的平均 NPMI，−1 到 1）及其在全部词语中所占比例。"'),
    ('"The topics: number, top words, coherence (NPMI) and share of the corpus\'s words (the word weights in tables/topics.csv, shares by year in tables/topic_shares.csv)."',
     '"各主题：编号、主要词语、一致性（NPMI）及在语料词语中的比例（词语权重见 tables/topics.csv，逐年比例见 tables/topic_shares.csv）。"'),
    ("<th>Topic</th>", "<th>主题</th>"), ("<th>Top words</th>", "<th>主要词语</th>"), ("<th>Share</th>", "<th>比例</th>"),
    # method
    ("<p class=\"muted\">Tables: ", "<p class=\"muted\">表格："),
    ("· Figures (PNG at 300 dpi, SVG, PDF with the font embedded): <code>figures/</code></p>",
     "· 图（PNG 300 dpi、SVG、嵌入字体的 PDF）：<code>figures/</code></p>"),
)
# fmt: on

#: the report's own sentences (said from Python: figure captions, notes, method) and their Chinese; ``{name}``
#: fields are filled after the choice of language
TEXT_ZH: dict[str, str] = {}


def translate_template(source: str, lang: Lang) -> str:
    """The template's source in ``lang``: English as written, Chinese with every fragment of :data:`PAGE_ZH`
    replaced (the longest first, so a fragment inside a longer one is not replaced first)."""
    check_lang(lang)
    if lang == "en":
        return source.replace('<html lang="zh-CN">', '<html lang="en">')
    for english, chinese in sorted(PAGE_ZH, key=lambda pair: -len(pair[0])):
        source = source.replace(english, chinese)
    return source


def words(lang: Lang) -> Callable[..., str]:
    """What says a sentence of the report in ``lang``: ``say(english, **fields)`` — the Chinese of
    :data:`TEXT_ZH` (the English where it has none) with the fields filled in."""
    check_lang(lang)

    def say(english: str, **fields: object) -> str:
        text = TEXT_ZH.get(english, english) if lang == "zh" else english
        return text.format(**fields) if fields else text

    return say


def count(lang: Lang) -> Callable[[int, str, str, str], str]:
    """A number with its noun: ``12 lines`` / ``1 line`` in English, ``12 条`` (the measure word given) in Chinese."""
    def said(n: int, singular: str, plural: str, unit: str) -> str:
        if lang == "zh":
            return f"{int(n):,} {unit}"
        return f"{int(n):,} {singular if n == 1 else plural}"

    return said


def check_lang(lang: object) -> Lang:
    if lang not in LANGUAGES:
        raise ValueError(f"lang: expected 'zh' (Chinese) or 'en' (English), got {lang!r}")
    return lang  # type: ignore[return-value]


# fmt: off
#: sentences the report builds in English with values inside (figure captions, notes): the whole sentence as a
#: pattern, the values as named groups, and its Chinese; a sentence no pattern matches stays English
SENTENCES_ZH: tuple[tuple[str, str], ...] = (
    (r"字 per top-level section of each speech, in the speech's order \(grey: the opening before the first heading\)\.",
     "各篇文本每个一级部分的字数，按文中顺序（灰色：第一个标题之前的开头）。"),
    (r"Body paragraphs by length in 字 \(headings left out\); dashed line: the median\.", "正文段落的字数分布（不含标题）；虚线：中位数。"),
    (r"Per speech, in date order: moving-average type-token ratio \(MATTR, 100-token windows\) and mean sentence length in 字\.",
     "按日期顺序的各篇文本：移动平均型次比（MATTR，100 词窗口）与平均句长（字）。"),
    (r"The 20 most frequent terms \(stop words left out\), by frequency\.", "最常用的 20 个词语（不含停用词），按频次排列。"),
    (r"Word cloud of term frequencies \(stop words left out\)\.", "词频词云（不含停用词）。"),
    (r"Keywords of (?P<t>.+) \(target, blue: over-used\) against (?P<r>.+) \(reference, red: under-used in the target\), by signed log-likelihood G²\.",
     "{t}（目标，蓝色：超用）对比 {r}（参照，红色：目标中少用）的关键词，按带符号的对数似然比 G² 排列。"),
    (r"Occurrences of each followed term per 万字 by (?P<by>\S+), a panel per term and a line per (?P<f>\S+) \(each \S+'s own 字\); a line breaks where a \S+ has no speech of that \S+\.",
     "各跟踪词语按 {by} 的每万字频率，每个词语一个小图，每个 {f} 一条线（各以自己的字数计）；某 {by} 没有该 {f} 的文本处断开。"),
    (r"Occurrences of each followed term per 万字 by (?P<by>\S+), a panel per term \(each with its own scale\); the line breaks where a \S+ has no speech\.",
     "各跟踪词语按 {by} 的每万字频率，每个词语一个小图（各有自己的刻度）；没有文本的 {by} 处断开。"),
    (r"The outline of the speeches of each (?P<g>\S+): the mean share of a speech's 字 in its opening and in its first, second … top-level section \(the corpus has too many speeches for a bar each; every section of every speech is in tables/section_lengths\.csv\)\.",
     "每个 {g} 的文本提纲：开头与第一、第二……个一级部分平均所占的字数比例（语料篇数太多，不能每篇一条；每篇每个部分见 tables/section_lengths.csv）。"),
    (r"Concordance plot: each speech \(in date order\) as a bar from its first to its last character, a tick at each occurrence of the term, the number of occurrences at the right\.",
     "索引图：每篇文本（按日期顺序）为一条从首字到末字的横条，词语每出现一次画一道竖线，右侧为出现次数。"),
    (r"Concordance plot: each speech \(in date order\) as a bar from its first to its last character, a tick at each occurrence of the term, the number of occurrences at the right; the (?P<n>\d+) speeches holding the followed terms most often, of (?P<all>[\d,]+) \(every line of every speech in tables/concordance\.csv\)\.",
     "索引图：每篇文本（按日期顺序）为一条从首字到末字的横条，词语每出现一次画一道竖线，右侧为出现次数；{all} 篇中跟踪词语出现最多的 {n} 篇（每篇的全部索引行见 tables/concordance.csv）。"),
    (r"The (?P<n>\d+) most used numbered formulations \(提法\), occurrences per 万字 by (?P<by>\S+), a panel each \(each with its own scale\)\.",
     "最常用的 {n} 个数字化提法按 {by} 的每万字频率，每个一个小图（各有自己的刻度）。"),
    (r"What changed from (?P<a>.+) to (?P<b>.+): the sentences of each top-level section by label \(kept, numbers only, reworded, moved, new; dropped sentences under the section they stood in\)\.",
     "从 {a} 到 {b} 的变化：各一级部分的句子按类别计数（保留、只改数字、改写、移动、新增；删去的句子计在原来所在的部分）。"),
    (r"Share of places other than the centre \((?P<c>.+)\) that have used each formulation, by year\.",
     "中央（{c}）以外已使用各提法的地区所占比例，按年份。"),
    (r"Rate of “(?P<t>.+)” per 万字, by place and year \(the centre first, then the places in the order of their first use; blank: no speech that year\)\.",
     "“{t}”每万字的频率，按地区与年份（中央在前，各地按首次使用的先后；空白：该年没有文本）。"),
    (r"The top-level section of each of the centre's speeches that first holds “(?P<t>.+)” \(section 1 at the top; filled: a heading names it\)\.",
     "中央各篇文本中首次出现“{t}”的一级部分（第一部分在上；实心：标题中出现）。"),
    (r"Share of each local speech's 字 in sentences repeating a sentence of the centre's speech of the same or the previous year \(formula sentences and sentences under 12 字 left out\), by place and year\.",
     "各地方文本中重复中央同年或上一年文本句子的字数比例（不计套话和不足 12 字的句子），按地区与年份。"),
    (r"The terms rising \(top row\) and falling \(bottom row\) most clearly over the years: their rate per 万字 each year \(points\), the fitted Poisson trend \(line\) and its change points \(dashed\); the rate ratio per year in each title\.",
     "逐年上升（上行）与下降（下行）最明显的词语：每年的每万字频率（点）、拟合的泊松趋势（线）及变点（虚线）；标题中为每年的率比。"),
    (r"Each topic's share of the words of each year \(per cent\), topics labelled with their three top words and their coherence \(NPMI\)\.",
     "各主题在每年词语中所占的百分比，主题以其前三个主要词语和一致性（NPMI）标注。"),
    (r"Collocation network of (?P<n>.+): each term's ten strongest collocates by logDice \(wider line: stronger\); circles sized by frequency\.",
     "{n} 的搭配网络：每个词语按 logDice 最强的十个搭配词（线越粗越强）；圆的大小表示频次。"),
    # notes
    (r"The first (?P<l>[\d,]+) of (?P<n>[\d,]+) rows are shown; all rows:", "显示前 {l} 行，共 {n} 行；全部："),
    (r"The charts with a row per speech are drawn up to (?P<n>\d+) speeches; this corpus has (?P<all>[\d,]+): the outline is shown as the mean share of each section by group, the concordance plot for the (?P<k>\d+) speeches with most occurrences, and every speech's rows are in tables/section_lengths\.csv and tables/concordance\.csv\.",
     "每篇一行的图最多画 {n} 篇；本语料有 {all} 篇：提纲改为按组的各部分平均比例，索引图只画出现最多的 {k} 篇，每篇的数据见 tables/section_lengths.csv 和 tables/concordance.csv。"),
    (r"by: (?P<n>[\d,]+) speech(?:es)? (?:has|have) no (?P<by>\S+); shown as （未知）", "{n} 篇文本没有 {by}，显示为（未知）"),
    (r"New terms and topics are made by default for up to (?P<n>[\d,]+) speeches; this corpus has (?P<all>[\d,]+) \(--discovery all makes them: about 20 s and 1 GB of memory more for 900 reports\)\.",
     "新词与主题默认只在 {n} 篇以内制作；本语料有 {all} 篇（--discovery all 可制作：900 篇报告约多用 20 秒和 1 GB 内存）。"),
    (r"Rising and falling terms, new terms and topics need every token in one process: with the Dask engine they are made by default for up to (?P<n>[\d,]+) speeches; this corpus has (?P<all>[\d,]+) \(--discovery all makes them here\)\.",
     "升降词、新词与主题需要把全部词元放在一个进程中：使用 Dask 引擎时默认只在 {n} 篇以内制作；本语料有 {all} 篇（--discovery all 可在本机制作）。"),
    (r"Rising and falling terms are found from (?P<n>\d+) years with speeches on; this corpus has (?P<y>.+)\.",
     "有 {n} 个以上年份的文本时才找升降词；本语料只有 {y}。"),
    (r"Topics are fitted from (?P<s>\d+) speeches and (?P<p>\d+) paragraphs on; this corpus has (?P<a>.+) and (?P<b>.+)\.",
     "有 {s} 篇、{p} 段以上时才拟合主题；本语料有 {a}、{b}。"),
    (r"Not made \(--discovery none\)\.", "未做（--discovery none）。"),
    (r"The comparative reading was not asked for \(--reading none\)\.", "未要求比较阅读（--reading none）。"),
    (r"The latest pair of each of the (?P<n>[\d,]+) series was not compared \(more than (?P<k>\d+) series; --reading all compares them\)\.",
     "{n} 个序列各自最近两篇未作比较（序列多于 {k} 个；--reading all 可比较）。"),
    (r"Reuse of the centre's reports was not measured: (?P<n>[\d,]+) local speech(?:es)? \(more than (?P<k>\d+); --reading all measures it, about 4 s per 100 reports\)\.",
     "未测量对中央报告的重复：地方文本 {n} 篇（多于 {k} 篇；--reading all 可测量，每 100 篇约 4 秒）。"),
)
# fmt: on

_SENTENCES = tuple((re.compile(pattern), chinese) for pattern, chinese in SENTENCES_ZH)


def said_in(lang: Lang, sentence: str) -> str:
    """A sentence the report built in English (a caption, a note), in ``lang``: its Chinese when a pattern of
    :data:`SENTENCES_ZH` matches it whole, with the values it holds put back; else as it is."""
    if lang == "en":
        return sentence
    for pattern, chinese in _SENTENCES:
        found = pattern.fullmatch(sentence)
        if found:
            return chinese.format(**found.groupdict())
    return sentence


#: the page's own words said from Python
PAGE_TEXT_ZH = {
    "Figure": "图", "Table": "表", "filter rows…": "筛选行…", "Show all N rows": "显示全部 N 行",
    "The first {limit} of {n} rows are shown; all rows:": "显示前 {limit} 行，共 {n} 行；全部：",
    "Figure “{name}” could not be drawn: {error}": "图“{name}”未能画出：{error}",
    "（top folder）": "（顶层文件夹）",
    "{speeches} · {chars} 字 · {paragraphs} ({headings}, {body})": "{speeches} · {chars} 字 · {paragraphs}（{headings}，{body}）",
}
TEXT_ZH.update(METHOD_TEXT_ZH)
TEXT_ZH.update(PAGE_TEXT_ZH)
