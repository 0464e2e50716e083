/**
 * Heuristic detection of code in plain-text posts, and fenced code blocks for it.
 *
 * Detection works on blank-line-separated blocks. Each line gets a score: positive for things
 * code does and prose does not (ends with `;`/`{`/`}`, `#include`, `$ ` prompts, assignments,
 * `->`/`::`/`==`, symbol-heavy text, deeper indentation), negative for things prose does
 * (mostly natural-language words, sentence punctuation, non-Latin script). A block is code when
 * most of its lines score as code; a single-line block needs a strong score. Blocks that lean
 * towards code without being sure of it join a code block they touch, so a listing split by
 * blank lines stays one listing. The thresholds are deliberately conservative: prose read as
 * code is far worse than code left as (escaped) prose.
 */

/** A line at or above this score looks like code. */
const CODE_LINE = 2;
/** A line at or below this score looks like prose. */
const PROSE_LINE = -2;
/** A block of a single line needs this score to be code on its own. */
const SINGLE_LINE_CODE = 3;

const PREPROCESSOR =
  /^#\s*(?:include|define|undef|ifdef|ifndef|if|elif|else|endif|pragma|error|warning)\b/;
const SHEBANG = /^#!\s*\//;
const SHELL_PROMPT = /^\$ +\S/;
const ROOT_PROMPT = /^# +[a-z./]/;
const CONTROL = /^(?:\}\s*)?(?:if|while|for|foreach|switch|else\s+if|elif|catch)\s*\(/;
const C_DECLARATION =
  /^(?:(?:static|extern|inline|const|unsigned|signed|volatile|register)\s+)*(?:void|int|char|long|short|float|double|bool|size_t|ssize_t|u?int(?:8|16|32|64)_t|struct\s+\w+)\b[\s*]+[A-Za-z_]\w*\s*(?:\(|=|;|\[)/;
/** `return x;`, `break;`, `free(p);`: a statement keyword, ending like a statement. */
const C_STATEMENT = /^(?:return|break|continue|goto|throw|delete|free|exit)\b[^.!?]*;$/;
const PY_DEF = /^(?:async\s+)?(?:def|class)\s+[A-Za-z_]\w*\s*(?:\([^)]*\))?\s*(?:->[^:]+)?:$/;
const PY_IMPORT = /^(?:import\s+[A-Za-z_][\w.]*(?:\s+as\s+\w+)?(?:\s*,\s*[A-Za-z_][\w.]*)*|from\s+\.*[A-Za-z_][\w.]*\s+import\s+(?:\*|\(?[\w, ]+\)?))$/;
const COMMENT_START = /^(?:\/\/|\/\*|\*\/)/;
const ASSIGNMENT =
  /^[A-Za-z_$][\w$]*(?:(?:->|\.)[A-Za-z_$][\w$]*|\[[^\]]*\])*\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)/;
/** A call's argument list (see `hasCallWithArgs`). */
const CALL_ARGS = /\w\(([^()]*)\)/g;
const ARG_PUNCTUATION = /["'%,]/;
/** `{ stmt; }` on one line, as in one-liners: prose never closes a brace after a semicolon. */
const STATEMENT_IN_BRACES = /;\s*\}/;
const OPERATORS = /->|::|==|!=|&&|\|\||\+\+|<<|>>|\+=|-=|=>/g;
/** A line made of one repeated separator character (underlines, rulers). Never code. */
const RULER = /^([-=_*~#+.:<>|\/\\])\1*$/;
/** A word of natural language, perhaps with quotes, brackets or punctuation around it. */
const NATURAL_WORD = /^[\p{Pi}\p{Ps}"'*]*\p{L}[\p{L}\p{M}]*(?:['’-][\p{L}\p{M}]+)*[\p{Pe}\p{Pf}"'.,;:!?*]*$/u;
/** Longer tokens are never words or numbers (and word tests stay cheap). */
const MAX_WORD = 40;
/** A number as prose writes it: `3.16`, `2.6.18`, `(2015),`, `30%`. */
const NUMBER_WORD = /^[(]?[0-9]+(?:[.,:/][0-9]+)*[%)]?[.,;:!?)]*$/;
const SENTENCE_END = /[.!?]["')\]]?$/;
const LETTER = /\p{L}/u;
const URL = /\b[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/\S+|\bwww\.\S+/g;

/** Characters that code uses much more than prose (not `.`, `,`, `:`, `'`, `"`, `?`, `-`). */
function isCodeSymbol(code: number): boolean {
  switch (code) {
    case 0x7b: // {
    case 0x7d: // }
    case 0x5b: // [
    case 0x5d: // ]
    case 0x28: // (
    case 0x29: // )
    case 0x3c: // <
    case 0x3e: // >
    case 0x3b: // ;
    case 0x3d: // =
    case 0x7c: // |
    case 0x26: // &
    case 0x2a: // *
    case 0x2f: // /
    case 0x5c: // \
    case 0x24: // $
    case 0x23: // #
    case 0x40: // @
    case 0x25: // %
    case 0x5e: // ^
    case 0x7e: // ~
    case 0x2b: // +
      return true;
    default:
      return false;
  }
}

function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** `.`, `,`, `;`, `:`, `!`, `?`: what may follow a word of prose. */
function isSentenceMark(code: number): boolean {
  return code === 0x2e || code === 0x2c || code === 0x3b || code === 0x3a || code === 0x21 || code === 0x3f;
}

/** White space as JavaScript's `\s` and `trim()` know it. */
function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** A call with arguments that contain a string, a format or a list: `printf("%d", x)`. */
function hasCallWithArgs(t: string): boolean {
  if (!t.includes('(')) return false;
  for (const m of t.matchAll(CALL_ARGS)) {
    if (ARG_PUNCTUATION.test(m[1] ?? '')) return true;
  }
  return false;
}

/** Indentation width in columns (tabs to the next multiple of 4). */
export function indentWidth(line: string): number {
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 0x20) col++;
    else if (code === 0x09) col += 4 - (col % 4);
    else break;
  }
  return col;
}

/**
 * How much a line looks like code (> 0) or prose (< 0). `baseIndent` is the indentation of
 * the surrounding prose.
 */
export function scoreLine(raw: string, baseIndent = 0): number {
  // A URL's slashes and ampersands say nothing about code.
  const trimmed = raw.trim();
  const t = trimmed.includes('://') || trimmed.includes('www.') ? trimmed.replace(URL, 'URL') : trimmed;
  if (t === '' || RULER.test(t)) return 0;
  let score = 0;

  if (PREPROCESSOR.test(t) || SHEBANG.test(t)) score += 4;
  if (SHELL_PROMPT.test(t)) score += 5;
  else if (ROOT_PROMPT.test(t)) score += 1;
  if (PY_DEF.test(t)) score += 4;
  if (PY_IMPORT.test(t)) score += 3;
  if (C_DECLARATION.test(t)) score += 3;
  if (C_STATEMENT.test(t)) score += 3;
  // A whole-line construct of some language: a short one is not two words of prose.
  const construct = score >= 3;
  if (CONTROL.test(t)) score += 2;
  if (COMMENT_START.test(t)) score += 2;
  if (ASSIGNMENT.test(t)) score += 1;
  if (hasCallWithArgs(t)) score += 1;
  if (STATEMENT_IN_BRACES.test(t)) score += 2;

  const last = t.charCodeAt(t.length - 1);
  if (last === 0x7b /* { */) score += 3;
  else if (last === 0x3b /* ; */ || last === 0x7d /* } */ || t.charCodeAt(0) === 0x7d) score += 2;

  const operators = t.match(OPERATORS);
  if (operators) score += Math.min(2, operators.length);

  let nonSpace = 0;
  let symbols = 0;
  let nonAscii = 0;
  for (let i = 0; i < t.length; i++) {
    const code = t.charCodeAt(i);
    if (code === 0x20 || code === 0x09) continue;
    nonSpace++;
    if (isCodeSymbol(code)) symbols++;
    else if (code >= 0x80) nonAscii++;
  }
  if (nonSpace >= 3) {
    const ratio = symbols / nonSpace;
    if (ratio >= 0.45) score += 2;
    else if (ratio >= 0.3) score += 1;
  }

  if (indentWidth(raw) >= baseIndent + 2) score += 1;

  // Prose: mostly words of natural language. Tokens are the runs between white space (`t` is
  // trimmed); a run of ASCII letters with at most one sentence mark after it is a word without
  // asking NATURAL_WORD (it is a subset of it), which most tokens of prose are.
  let tokens = 0;
  let words = 0;
  let numbers = 0;
  for (let i = 0; i < t.length; ) {
    let end = i;
    let letters = 0;
    for (; end < t.length && !isWhiteSpace(t.charCodeAt(end)); end++) {
      if (letters === end - i && isAsciiLetter(t.charCodeAt(end))) letters++;
    }
    tokens++;
    const length = end - i;
    if (length <= MAX_WORD) {
      const asciiWord = letters > 0 && (letters === length || (letters === length - 1 && isSentenceMark(t.charCodeAt(end - 1))));
      if (asciiWord) words++;
      else {
        const token = t.slice(i, end);
        if (NATURAL_WORD.test(token)) words++;
        else if (NUMBER_WORD.test(token) || token === '-' || token === '–' || token === '—') numbers++;
      }
    }
    for (i = end; i < t.length && isWhiteSpace(t.charCodeAt(i)); i++);
  }
  const proseShare = (words + numbers) / tokens;
  if (tokens >= 4 && proseShare >= 0.75 && words >= 3) score -= 3;
  else if (tokens >= 3 && proseShare >= 0.6 && words >= 2) score -= 2;
  else if (tokens === 2 && words === 2 && !construct) score -= 2;
  if (words >= 3 && SENTENCE_END.test(t)) score -= 1;
  // Scripts without spaces between words (CJK) or mostly non-Latin text: prose.
  if (nonAscii > 0 && nonAscii / nonSpace >= 0.3 && LETTER.test(t)) {
    score -= 3;
  }
  return score;
}

interface BlockVerdict {
  code: boolean;
  /** Leans towards code (some code lines, no prose lines) without being sure. */
  leaning: boolean;
}

function judgeBlock(lines: readonly string[], baseIndent: number): BlockVerdict {
  let codeLines = 0;
  let proseLines = 0;
  let negativeLines = 0;
  let veryProseLines = 0;
  let total = 0;
  let best = -Infinity;
  let first = 0;
  // A code-like head with a body indented under it: `def f(x):`, `int main() {`.
  const headIndent = indentWidth(lines[0] ?? '');
  let bodyIndented = lines.length > 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const s = scoreLine(line, baseIndent);
    if (i === 0) first = s;
    else if (indentWidth(line) <= headIndent) bodyIndented = false;
    total += s;
    if (s > best) best = s;
    if (s >= CODE_LINE) codeLines++;
    if (s <= PROSE_LINE) proseLines++;
    if (s <= PROSE_LINE - 1) veryProseLines++;
    if (s < 0) negativeLines++;
    // Settled as prose: every rule below needs fewer prose lines than this (or, for an indented
    // body under a code-like head, no very-prose line). Most blocks are prose; stop scoring them.
    if (proseLines * 4 >= lines.length && (veryProseLines > 0 || first < SINGLE_LINE_CODE) && lines.length > 1 && !SHEBANG.test(lines[0]?.trim() ?? '')) {
      return { code: false, leaning: false };
    }
  }
  const n = lines.length;
  let code: boolean;
  if (SHEBANG.test(lines[0]?.trim() ?? '')) code = true;
  else if (n === 1) code = best >= SINGLE_LINE_CODE;
  else if (codeLines * 2 > n) code = proseLines * 4 < n;
  else if (bodyIndented && first >= SINGLE_LINE_CODE && veryProseLines === 0) code = true;
  else code = codeLines * 2 === n && negativeLines === 0 && total >= 4;
  return { code, leaning: !code && codeLines > 0 && proseLines === 0 };
}

/**
 * For each block (its lines, indentation kept), whether it is code. Blocks that merely lean
 * towards code become code when they touch a code block.
 */
export function detectCodeBlocks(blocks: readonly (readonly string[])[]): boolean[] {
  let baseIndent = Infinity;
  for (const block of blocks) {
    for (const line of block) {
      if (line.trim() !== '') baseIndent = Math.min(baseIndent, indentWidth(line));
    }
  }
  if (baseIndent === Infinity) baseIndent = 0;
  const verdicts = blocks.map((lines) => judgeBlock(lines, baseIndent));
  const code = verdicts.map((v) => v.code);
  for (let i = 1; i < code.length; i++) {
    if (!code[i] && verdicts[i]?.leaning && code[i - 1]) code[i] = true;
  }
  for (let i = code.length - 2; i >= 0; i--) {
    if (!code[i] && verdicts[i]?.leaning && code[i + 1]) code[i] = true;
  }
  return code;
}

const SHEBANG_SHELL = /^#!.*\b(?:ba|z|k|da|a)?sh\b/;
const SHEBANG_PYTHON = /^#!.*\bpython[0-9.]*\b/;
const C_MARKERS = /^(?:#\s*include\s*[<"]|#\s*define\s+\w|(?:int|void)\s+main\s*\()/;
const BLOCK_ENDS_C_LIKE = /[;{}]$/;

/** A language for the fence when it is obvious, otherwise "". */
export function guessLanguage(lines: readonly string[]): string {
  const code: string[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (t !== '') code.push(t);
  }
  const first = code[0];
  if (first === undefined) return '';
  if (first.startsWith('#!')) {
    if (SHEBANG_SHELL.test(first)) return 'sh';
    if (SHEBANG_PYTHON.test(first)) return 'python';
    return '';
  }
  if (code.some((t) => C_MARKERS.test(t))) return 'c';
  if (SHELL_PROMPT.test(first)) return 'console';
  if (
    (PY_DEF.test(first) || PY_IMPORT.test(first)) &&
    !code.some((t) => BLOCK_ENDS_C_LIKE.test(t))
  ) {
    return 'python';
  }
  return '';
}

/**
 * A fenced code block holding `lines` verbatim. The fence is longer than any backtick run in
 * the content, so nothing inside can close it.
 */
export function fenceCode(lines: readonly string[], language: string): string {
  let longest = 0;
  for (const line of lines) {
    let run = 0;
    for (let i = 0; i < line.length; i++) {
      if (line.charCodeAt(i) === 0x60) {
        run++;
        if (run > longest) longest = run;
      } else {
        run = 0;
      }
    }
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = lines.length > 0 ? lines.join('\n') + '\n' : '';
  return `${fence}${language}\n${body}${fence}`;
}
