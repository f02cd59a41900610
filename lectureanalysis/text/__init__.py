"""From bytes to normalised text: decoding, normalisation and boilerplate removal.

Nothing here drops text silently. Normalisation only removes invisible characters, changes whitespace and
maps full-width digits and Latin letters to half-width; boilerplate is *masked* (replaced by spaces of the
same length, so every offset stays valid) and handed back verbatim with the name of the pattern that
removed it.
"""

from lectureanalysis.text.boilerplate import (
    FOOTER_GAP_LINES,
    MAX_BOILERPLATE_LINE,
    BoilerplateOption,
    BoilerplatePattern,
    Masked,
    Removed,
    Scope,
    default_boilerplate_patterns,
    mask_boilerplate,
    parse_boilerplate_patterns,
    resolve_boilerplate,
)
from lectureanalysis.text.decoding import (
    BINARY_SIGNATURES,
    CHINESE_ENCODINGS,
    MAX_BAD_UTF8,
    EncodingChoice,
    check_not_markup,
    common_hanzi,
    decode_bytes,
    gb18030_name,
    looks_chinese,
    plausible_chinese,
)
from lectureanalysis.text.normalise import (
    MASK,
    ZERO_WIDTH,
    normalise_text,
)
from lectureanalysis.text.script import (
    Script,
    convert_script,
    detect_script,
)

__all__ = [
    "BINARY_SIGNATURES",
    "CHINESE_ENCODINGS",
    "FOOTER_GAP_LINES",
    "MASK",
    "MAX_BAD_UTF8",
    "MAX_BOILERPLATE_LINE",
    "ZERO_WIDTH",
    "BoilerplateOption",
    "BoilerplatePattern",
    "EncodingChoice",
    "Masked",
    "Removed",
    "Scope",
    "Script",
    "check_not_markup",
    "common_hanzi",
    "convert_script",
    "decode_bytes",
    "default_boilerplate_patterns",
    "detect_script",
    "gb18030_name",
    "looks_chinese",
    "mask_boilerplate",
    "normalise_text",
    "parse_boilerplate_patterns",
    "plausible_chinese",
    "resolve_boilerplate",
]
