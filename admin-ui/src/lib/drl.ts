import { StreamLanguage, StringStream, type StreamParser } from '@codemirror/language';

/**
 * DRL (Drools rule language) highlighting for the rule editor: a small line tokenizer for
 * CodeMirror's StreamLanguage, not a parser. It names keywords, strings, comments, numbers,
 * `$bindings` and type names; everything it does not know is left plain. The server's compiler and
 * policy check (POST /api/rules/versions/N/validate) are the only judges of a rule: nothing here
 * decides whether a rule is valid.
 */

/** The words of the rule structure: a rule's frame and its attributes. */
export const DRL_KEYWORDS: ReadonlySet<string> = new Set([
  'package',
  'import',
  'global',
  'function',
  'query',
  'declare',
  'extends',
  'rule',
  'when',
  'then',
  'end',
  'salience',
  'no-loop',
  'lock-on-active',
  'agenda-group',
  'ruleflow-group',
  'activation-group',
  'auto-focus',
  'dialect',
  'date-effective',
  'date-expires',
  'enabled',
  'duration',
  'timer',
  'calendars',
  'attributes',
  'static',
]);

/** The words of conditions (left-hand side) and the fact operations of consequences. */
export const DRL_OPERATORS: ReadonlySet<string> = new Set([
  'not',
  'exists',
  'forall',
  'from',
  'collect',
  'accumulate',
  'eval',
  'and',
  'or',
  'over',
  'in',
  'matches',
  'memberOf',
  'contains',
  'soundslike',
  'modify',
  'insert',
  'insertLogical',
  'retract',
  'delete',
  'update',
  'new',
  'return',
  'if',
  'else',
  'this',
]);

const ATOMS: Record<string, string> = { true: 'bool', false: 'bool', null: 'null' };

/** Inside a block comment or not: the only state a line carries to the next. */
export interface DrlState {
  inComment: boolean;
}

/** The tokenizer: one token per call, its style a CodeMirror highlighting tag name (or null). */
export const drlParser: StreamParser<DrlState> = {
  name: 'drl',
  startState: () => ({ inComment: false }),
  copyState: (s) => ({ inComment: s.inComment }),
  token(stream, state) {
    if (state.inComment) return blockComment(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('/*')) {
      state.inComment = true;
      return blockComment(stream, state);
    }
    const quote = stream.peek();
    if (quote === '"' || quote === "'") {
      stream.next();
      let escaped = false;
      let ch: string | void;
      while ((ch = stream.next()) !== undefined) {
        if (ch === quote && !escaped) break;
        escaped = !escaped && ch === '\\';
      }
      return 'string';
    }
    if (stream.match(/^\d[\d_]*(\.\d+)?([eE][+-]?\d+)?[BbDdFfLl]?/)) return 'number';
    if (stream.match(/^\$[\w$]*/)) return 'variableName.special';
    if (stream.match(/^@[A-Za-z_]\w*/)) return 'meta';
    const word = stream.match(/^[A-Za-z_][\w]*(-[a-z]+)*/) as RegExpMatchArray | null;
    if (word) {
      const w = word[0];
      if (DRL_KEYWORDS.has(w)) return 'keyword';
      if (w.includes('-')) {
        // "a-b" that is no attribute: only the first identifier is a word, the rest is read again
        stream.backUp(w.length - w.indexOf('-'));
        return wordStyle(w.slice(0, w.indexOf('-')));
      }
      return wordStyle(w);
    }
    if (stream.match(/^(==|!=|<=|>=|&&|\|\||[=<>!+\-*/%:])/)) return 'operator';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
};

/** The rest of a block comment on this line: up to its end, or the whole line. */
function blockComment(stream: StringStream, state: DrlState): string {
  if (stream.skipTo('*/')) {
    stream.pos += 2;
    state.inComment = false;
  } else {
    stream.skipToEnd();
  }
  return 'comment';
}

function wordStyle(w: string): string | null {
  if (DRL_KEYWORDS.has(w)) return 'keyword';
  if (DRL_OPERATORS.has(w)) return 'operatorKeyword';
  const atom = ATOMS[w];
  if (atom !== undefined) return atom;
  if (/^[A-Z]/.test(w)) return 'typeName';
  return null;
}

/** The DRL language for CodeMirror. */
export const drlLanguage = StreamLanguage.define(drlParser);

/**
 * The tokens of one line as [text, style] pairs, whitespace left out (for tests and for reading a
 * line the way the editor colours it). `state` carries a block comment over from the line before.
 */
export function drlTokens(line: string, state: DrlState = { inComment: false }): [string, string | null][] {
  const out: [string, string | null][] = [];
  const stream = new StringStream(line, 4, 2);
  while (!stream.eol()) {
    const style = drlParser.token(stream, state);
    const text = line.slice(stream.start, stream.pos);
    if (stream.pos === stream.start) throw new Error(`the DRL tokenizer did not move at ${stream.pos}: ${line}`);
    if (text.trim() !== '') out.push([text, style]);
    stream.start = stream.pos;
  }
  return out;
}
