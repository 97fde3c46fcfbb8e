// Reads Markdown the way a renderer does (marked's CommonMark lexer), so the docs tests see the
// blocks and headings a reader sees, and can tell where the source and the rendering disagree.
import { Lexer, type Token, type Tokens } from 'marked';

/** A fenced code block as rendered, with the 1-based line of its opening fence. */
export interface FencedBlock {
  /** First word of the info string (`ts` in ```` ```ts fragment ````), '' when there is none. */
  lang: string;
  /** The words after the language (`['fragment']`). */
  flags: string[];
  code: string;
  line: number;
  /** Lines of the block's body, for mapping a compiler position back to the file. */
  bodyLine: number;
}

interface Located {
  token: Token;
  offset: number;
}

/** Every token of the document, nested ones included, with its offset in the source. */
function locate(tokens: readonly Token[], raw: string, base: number): Located[] {
  const found: Located[] = [];
  let cursor = 0;
  for (const token of tokens) {
    const at = token.raw ? raw.indexOf(token.raw, cursor) : -1;
    const offset = at >= 0 ? base + at : base + cursor;
    if (at >= 0) cursor = at + token.raw.length;
    found.push({ token, offset });
    for (const children of childTokens(token)) found.push(...locate(children, token.raw, offset));
  }
  return found;
}

function childTokens(token: Token): Token[][] {
  const lists: Token[][] = [];
  if ('tokens' in token && Array.isArray(token.tokens)) lists.push(token.tokens);
  if (token.type === 'list') lists.push((token as Tokens.List).items);
  if (token.type === 'table') {
    const table = token as Tokens.Table;
    for (const cell of [...table.header, ...table.rows.flat()]) lists.push(cell.tokens);
  }
  return lists;
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

const fenceLine = /^ {0,3}(`{3,}|~{3,})(.*)$/;

function isFenced(token: Token): token is Tokens.Code {
  return token.type === 'code' && (token as Tokens.Code).codeBlockStyle !== 'indented';
}

/** The fenced code blocks of a Markdown document, as a renderer sees them. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const source = markdown.replace(/\r\n?/g, '\n');
  return locate(new Lexer().lex(source), source, 0)
    .filter((l): l is { token: Tokens.Code; offset: number } => isFenced(l.token))
    .map(({ token, offset }) => {
      const opening = token.raw.replace(/^\n+/, '');
      const line = lineAt(source, offset + (token.raw.length - opening.length));
      const [lang = '', ...flags] = (opening.split('\n')[0]!.match(fenceLine)?.[2] ?? '').trim().split(/\s+/).filter(Boolean);
      return { lang, flags, code: token.text, line, bodyLine: line + 1 };
    });
}

/**
 * What makes a document render differently from how its source reads, each problem naming
 * `file:line`: a fence that is never closed (it swallows the rest of the file), a fence with
 * no language (usually a closing fence taken for an opening one, which swallows what follows up
 * to the next fence), a fence line inside a block, and a fence that does not start a line
 * (it renders as text or as an inline code span, and the code block never starts).
 */
export function fenceProblems(markdown: string, file: string): string[] {
  const source = markdown.replace(/\r\n?/g, '\n');
  const problems: string[] = [];
  for (const { token, offset } of locate(new Lexer().lex(source), source, 0)) {
    const line = lineAt(source, offset + (token.raw.length - token.raw.replace(/^\n+/, '').length));
    if (isFenced(token)) {
      const lines = token.raw.replace(/^\n+/, '').replace(/\n+$/, '').split('\n');
      const [, marker = '', info = ''] = lines[0]!.match(fenceLine) ?? [];
      const closing = lines.length > 1 ? lines[lines.length - 1]!.match(fenceLine) : null;
      const closed = closing !== null && closing[1]![0] === marker[0] && closing[1]!.length >= marker.length && closing[2]!.trim() === '';
      if (!closed) problems.push(`${file}:${line}: the fence ${marker}${info} is never closed, so it swallows the rest of the file`);
      if (info.trim() === '')
        problems.push(`${file}:${line}: a fence without a language (a closing fence taken for an opening one? give every block a language, e.g. \`text\`)`);
      // A fence as long as the opening one inside the block: the block ends elsewhere than its author meant.
      const inner = lines.slice(1, closed ? -1 : undefined).findIndex((l) => {
        const fence = fenceLine.exec(l)?.[1];
        return fence !== undefined && fence[0] === marker[0] && fence.length >= marker.length;
      });
      if (inner >= 0) problems.push(`${file}:${line + 1 + inner}: a fence line inside the block opened at line ${line}: the fences are unbalanced`);
    } else if (token.type === 'codespan' && /^`{3,}/.test(token.raw) && (/^`{3,}[^`\s]/.test(token.raw) || token.raw.includes('\n'))) {
      // A code span that quotes a fence is written with a space inside its delimiters (```` ```ts ````);
      // one that opens straight onto a word or spans lines is a fence glued to the end of a line.
      problems.push(`${file}:${line}: a fence that does not start a line (\`${token.raw.split('\n')[0]}\`): it renders as inline code, not as a code block`);
    } else if (
      (token.type === 'text' || token.type === 'heading' || token.type === 'paragraph') &&
      !('tokens' in token && token.tokens?.length) &&
      /```|~~~/.test(token.raw)
    ) {
      problems.push(`${file}:${line}: a fence that does not start a line: it renders as text, not as a code block`);
    }
  }
  return problems;
}

/**
 * Lines an author wrote as headings (`## The client`, outside the fences as the source pairs them)
 * that the renderer does not show as headings, e.g. because a broken fence swallowed them.
 */
export function lostHeadings(markdown: string, file: string): string[] {
  const source = markdown.replace(/\r\n?/g, '\n');
  const rendered = new Set(
    locate(new Lexer().lex(source), source, 0)
      .filter(({ token }) => token.type === 'heading')
      .map(({ token, offset }) => lineAt(source, offset + (token.raw.length - token.raw.replace(/^\n+/, '').length))),
  );
  const lost: string[] = [];
  let open: string | undefined;
  source.split('\n').forEach((text, index) => {
    const fence = fenceLine.exec(text);
    // The author's reading: a fence with a language glued to the end of a line still opens a block.
    const glued = open === undefined ? /\S\s*(`{3,}|~{3,})[\w-]+\s*$/.exec(text) : null;
    if (glued) open = glued[1];
    else if (fence && open === undefined) open = fence[1];
    else if (fence && open !== undefined && fence[1]![0] === open[0] && fence[1]!.length >= open.length && fence[2]!.trim() === '') open = undefined;
    else if (open === undefined && /^ {0,3}#{1,6} /.test(text) && !rendered.has(index + 1))
      lost.push(`${file}:${index + 1}: "${text}" does not render as a heading`);
  });
  return lost;
}
