/**
 * Keyboard shortcuts for the frequent actions (docs/ui.md, "Keyboard shortcuts"). A key never
 * fires while the trader types in an input, a select, a text area or an editable element, nor with
 * Ctrl, Alt or Meta held (the browser's own shortcuts). None sends an order: they move between
 * pages and put the focus where the trader acts.
 */

export type ShortcutAction = 'new' | 'plans' | 'account' | 'filter' | 'help';

export const SHORTCUTS: readonly { key: string; action: ShortcutAction; what: string }[] = [
  { key: 'n', action: 'new', what: 'New plan (the ticket)' },
  { key: 'p', action: 'plans', what: 'Plans list' },
  { key: 'a', action: 'account', what: 'Account page' },
  { key: '/', action: 'filter', what: 'Filter the plans by symbol' },
  { key: '?', action: 'help', what: 'Show or hide this list' },
];

/** What is being typed into: a shortcut must not fire there. */
export function isTyping(target: EventTarget | null): boolean {
  if (target === null || typeof target !== 'object') return false;
  const el = target as { tagName?: string; isContentEditable?: boolean };
  const tag = (el.tagName ?? '').toUpperCase();
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable === true;
}

/** The action of a key press, or null when it is none (or when it must not fire). */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'target'>): ShortcutAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) return null;
  return SHORTCUTS.find((s) => s.key === e.key)?.action ?? null;
}
