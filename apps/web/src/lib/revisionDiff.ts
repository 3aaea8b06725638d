// Imported only by the lazily loaded history page: jsdiff never reaches the reader's bundle.
import { diffLines, diffWordsWithSpace } from 'diff';

/** A stretch of one line's text; `changed` marks words that differ from the other side. */
export interface Segment {
  text: string;
  changed: boolean;
}
export interface DiffLine {
  /** 1-based line number on its side. */
  number: number;
  segments: Segment[];
}
export type DiffRow =
  | { kind: 'same'; left: DiffLine; right: DiffLine }
  /** A removed line paired with the added line that replaced it (words highlighted on both). */
  | { kind: 'changed'; left: DiffLine; right: DiffLine }
  | { kind: 'removed'; left: DiffLine }
  | { kind: 'added'; right: DiffLine }
  /** Unchanged lines left out around the changes. */
  | { kind: 'skip'; count: number };

export interface Versioned {
  title: string;
  body: string;
}

function linesOf(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const whole = (text: string, changed = false): Segment[] => [{ text, changed }];

/** The words of two versions of a line, as each side shows them. */
export function wordSegments(before: string, after: string): { left: Segment[]; right: Segment[] } {
  const left: Segment[] = [];
  const right: Segment[] = [];
  for (const part of diffWordsWithSpace(before, after)) {
    if (!part.added) left.push({ text: part.value, changed: part.removed });
    if (!part.removed) right.push({ text: part.value, changed: part.added });
  }
  return { left, right };
}

/**
 * Line-level rows from `before` to `after`: a block of removed lines followed by a block of
 * added ones is paired line by line (words highlighted), the rest are plain additions or
 * removals.
 */
export function diffRows(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldNo = 0;
  let newNo = 0;
  const changes = diffLines(before, after);
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!change.added && !change.removed) {
      for (const text of linesOf(change.value)) {
        rows.push({ kind: 'same', left: { number: ++oldNo, segments: whole(text) }, right: { number: ++newNo, segments: whole(text) } });
      }
      continue;
    }
    if (change.added) {
      for (const text of linesOf(change.value)) rows.push({ kind: 'added', right: { number: ++newNo, segments: whole(text, true) } });
      continue;
    }
    const removed = linesOf(change.value);
    const next = changes[i + 1];
    const added = next?.added ? linesOf(next.value) : [];
    if (next?.added) i++;
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      if (k < removed.length && k < added.length) {
        const { left, right } = wordSegments(removed[k], added[k]);
        rows.push({ kind: 'changed', left: { number: ++oldNo, segments: left }, right: { number: ++newNo, segments: right } });
      } else if (k < removed.length) {
        rows.push({ kind: 'removed', left: { number: ++oldNo, segments: whole(removed[k], true) } });
      } else {
        rows.push({ kind: 'added', right: { number: ++newNo, segments: whole(added[k], true) } });
      }
    }
  }
  return rows;
}

/** Keeps `context` unchanged lines around each change and folds longer unchanged stretches. */
export function foldUnchanged(rows: DiffRow[], context = 3): DiffRow[] {
  const near = rows.map(() => false);
  rows.forEach((row, i) => {
    if (row.kind === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(rows.length - 1, i + context); k++) near[k] = true;
  });
  const out: DiffRow[] = [];
  let skipped = 0;
  rows.forEach((row, i) => {
    if (row.kind !== 'same' || near[i]) {
      if (skipped) out.push({ kind: 'skip', count: skipped });
      skipped = 0;
      out.push(row);
    } else skipped++;
  });
  if (skipped) out.push({ kind: 'skip', count: skipped });
  return out;
}

export interface RevisionChange {
  titleChanged: boolean;
  linesAdded: number;
  linesRemoved: number;
}

/** What changed from `older` to `newer`, for the history list. */
export function revisionChange(older: Versioned, newer: Versioned): RevisionChange {
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const change of diffLines(older.body, newer.body)) {
    if (change.added) linesAdded += change.count;
    if (change.removed) linesRemoved += change.count;
  }
  return { titleChanged: older.title !== newer.title, linesAdded, linesRemoved };
}

/** "Title changed · +12 −3 lines", "No changes". */
export function describeChange({ titleChanged, linesAdded, linesRemoved }: RevisionChange): string {
  const parts: string[] = [];
  if (titleChanged) parts.push('Title changed');
  if (linesAdded || linesRemoved) parts.push(`+${linesAdded} −${linesRemoved} ${linesAdded + linesRemoved === 1 ? 'line' : 'lines'}`);
  return parts.length ? parts.join(' · ') : 'No changes';
}
